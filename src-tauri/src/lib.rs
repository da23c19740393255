//! The desktop app: Tauri wiring only.
