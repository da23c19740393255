//! Shopdesk's shopping assistant: catalog, tools, agent loop and model backends.
pub mod assistant;
pub mod cart;
pub mod catalog;
pub mod model;
mod page_cart_scope;
pub mod secrets;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tools;
pub mod widgets;
