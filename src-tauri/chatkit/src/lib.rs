//! A wire-compatible Rust implementation of the ChatKit server protocol.
pub mod widgets;
