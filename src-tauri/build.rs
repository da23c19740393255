//! Build script: tauri-build validates tauri.conf.json and the capabilities, generates the ACL
//! schemas and, with the `custom-protocol` feature, prepares `ui/dist` for embedding.
fn main() {
    tauri_build::build()
}
