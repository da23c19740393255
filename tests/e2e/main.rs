//! The WebDriver tests of the built app, one test binary with a module per area.
//!
//! Why one binary: every test target is linked separately (fantoccini, tokio, the shop crate for
//! the scripted model server), and linking is most of the build time on a two-core machine. The
//! GUI tests of the binary take `shopdesk_e2e::serial()` for their whole length, so they still run
//! one at a time, each with its own display, tauri-driver and app process.
//!
//! Run one area with a filter: `cargo test -p shopdesk-e2e -- --nocapture shopping::`.

mod attachments;
mod browser;
mod cart_tools;
mod chatkit_mode;
mod cold_start;
mod confinement;
mod data_files;
mod desktop;
mod failures;
mod figures;
mod history;
mod ipc_limits;
mod key_origin;
mod offline_nlu;
mod performance;
mod secrets;
mod shopping;
mod smoke;
mod streaming;
mod widget_gallery;
