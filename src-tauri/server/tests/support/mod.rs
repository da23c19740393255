//! What the server crate's HTTP tests share (`http_conformance`, `load`, `bad_input`); each
//! target uses a part of it:
//!
//! * [`wire`]: talking to a server the way a browser does, and reading answers off the wire;
//! * [`binary`]: running the real `shopdesk-server` binary;
//! * [`raw_client`]: a client that misbehaves at the socket level;
//! * [`requests`]: the ChatKit requests the tests build, and listings over HTTP;
//! * [`turn`]: what a finished turn looks like on the wire;
//! * [`store_files`]: the store's files after the server exited.
#![allow(dead_code)]

pub mod binary;
pub mod raw_client;
pub mod requests;
pub mod store_files;
pub mod turn;
pub mod wire;
