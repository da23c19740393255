//! The one support module of the shop's integration tests: what several test modules share.
//!
//! * [`harness`] — a ChatKit server on the memory store with the shop's assistant, and
//!   protocol requests as JSON bodies.
//! * [`tools`] — a ChatKit turn and tool environment, and running a tool or an action inside a
//!   response the way the agent does.
//! * [`model`] — the recorded SSE fixtures, HTTP options and draining a model stream.
//! * [`events`] — one vocabulary for event sequences ([`shape`]) and what is inside widgets.

pub mod events;
pub mod harness;
pub mod model;
pub mod tools;

pub use events::*;
pub use harness::*;
pub use model::*;
pub use tools::*;
