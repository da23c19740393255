//! Shopdesk's shopping assistant: catalog, tools, agent loop and model backends.
pub mod catalog;
pub mod secrets;
