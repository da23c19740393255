//! The shop crate's integration tests, in one binary (one link of reqwest, axum and
//! rustls instead of one per file). One module per area, all sharing [`support`].

mod support;

mod agent_auto_retry;
mod agent_client_tools;
mod agent_loop;
mod agent_responses_errors;
mod agent_retry;
mod agent_tool_calls;
mod assistant_http;
mod assistant_offline;
mod catalog_images;
mod catalog_queries;
mod failure_markers;
mod model_caps;
mod model_chat_completions;
mod model_connection_check;
mod model_faults;
mod model_images;
mod model_key_origin;
mod model_mock_server;
mod model_offline;
mod model_responses;
mod model_transport;
mod tools_show_products;
mod tools_single;
mod tools_streaming;
mod tools_widgets;
