//! The `shopdesk` executable: everything lives in the library (`shopdesk_lib`) so the mock-runtime
//! tests and the binary share one builder.
// Keep release builds from opening a console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    shopdesk_lib::run()
}
