//! The smallest Tauri 2 app with one window and a page: the baseline Shopdesk's memory and
//! start-up are compared with (scripts/bench-app.sh --hello).
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the hello-world app runs");
}
