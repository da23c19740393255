//! Shopdesk's shopping assistant: catalog, tools, agent loop and model backends.
pub mod cart;
pub mod assistant;
pub mod catalog;
pub mod model;
pub mod secrets;
pub mod tools;
pub mod widgets;
#[cfg(feature = "testing")]
pub mod testing;
