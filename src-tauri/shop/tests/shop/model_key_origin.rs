//! The API key goes to the server it belongs to, over real loopback HTTP: settings with an
//! `OPENAI_API_KEY`-like key in the environment and a base URL on the scripted server send
//! no `Authorization` header at all; a key stored in the key store for the scripted server's
//! origin is sent; a key stored for another origin is not. This is the path the app takes
//! (settings → key store lookup by origin → backend), minus Tauri.

use crate::support::*;
use shop::model::key_origin::{ApiKey, KeyOrigin};
use shop::model::{ModelRequest, ModelSettings};
use shop::secrets::{ApiKeyStore, KeyStorage, MemoryKeychain};
use shop::testing::MockOpenAi;

const ENV_CANARY: &str = "sk-env-canary-for-openai-only";

/// Settings for `server` read from an environment that also holds [`ENV_CANARY`].
fn settings_for(server: &MockOpenAi) -> ModelSettings {
    let base_url = server.base_url();
    ModelSettings::default()
        .with_env(|name| match name {
            "SHOPDESK_BASE_URL" => Some(base_url.clone()),
            "SHOPDESK_MODEL" => Some("mock-model".into()),
            "OPENAI_API_KEY" => Some(ENV_CANARY.into()),
            _ => None,
        })
        .unwrap()
}

/// One turn through `settings`' backend; the `Authorization` header the server saw.
async fn authorization_seen(server: &MockOpenAi, settings: &ModelSettings) -> Option<String> {
    server.push(fixture("chat/tool_call.sse"));
    let before = server.requests().len();
    let backend = settings.build().unwrap();
    let (_, error) = collect(backend.stream(ModelRequest::user("hi")).await.unwrap()).await;
    assert!(error.is_none(), "{error:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), before + 1, "one request reached the server");
    requests[before].header("authorization").map(str::to_owned)
}

#[tokio::test]
async fn the_environment_key_never_reaches_another_server() {
    let server = MockOpenAi::start().await;
    let settings = settings_for(&server);
    assert_eq!(
        settings.api_key, None,
        "OPENAI_API_KEY is for OpenAI's API only"
    );
    assert_eq!(authorization_seen(&server, &settings).await, None);

    // The app's store: the same environment key, no keychain, nothing stored.
    let store = ApiKeyStore::new(Box::new(MemoryKeychain::default()), Some(ENV_CANARY.into()));
    let origin = settings.key_origin().unwrap();
    assert_eq!(store.get(&origin), None);
    assert_eq!(store.storage(&origin), KeyStorage::None);
    assert!(
        store.get(&KeyOrigin::openai()).is_some(),
        "but OpenAI would get it"
    );
    for request in server.requests() {
        assert!(
            request.headers.iter().all(|(_, v)| !v.contains(ENV_CANARY)),
            "the env key is in no header"
        );
    }
}

#[tokio::test]
async fn a_key_saved_for_the_servers_origin_is_sent_and_only_there() {
    let server = MockOpenAi::start().await;
    let other = MockOpenAi::start().await;
    let store = ApiKeyStore::new(
        Box::new(MemoryKeychain::available()),
        Some(ENV_CANARY.into()),
    );
    let settings = settings_for(&server);
    let origin = settings.key_origin().unwrap();
    assert_eq!(origin.to_string(), format!("http://{}", server.addr()));
    store
        .set(&origin, &ApiKey::parse("sk-saved-for-this-mock").unwrap())
        .unwrap();
    assert_eq!(store.storage(&origin), KeyStorage::Keychain);

    let keyed = |s: &ModelSettings| ModelSettings {
        api_key: s
            .key_origin()
            .and_then(|o| store.get(&o))
            .map(|k| k.expose().to_owned()),
        ..s.clone()
    };
    assert_eq!(
        authorization_seen(&server, &keyed(&settings))
            .await
            .as_deref(),
        Some("Bearer sk-saved-for-this-mock")
    );
    // Same host, another port: another origin, so no key.
    let moved = settings_for(&other);
    assert_eq!(authorization_seen(&other, &keyed(&moved)).await, None);
}
