//! Shopdesk's shopping assistant: catalog, tools, agent loop and model backends.
pub mod assistant;
pub mod cart;
pub mod catalog;
pub mod model;
pub mod request_context;
pub mod secrets;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tools;
pub mod widgets;
