//! Which responder answers the user: the shop's assistant (agent loop, tools, model backend).
//!
//! Why a module of its own: this is the one place where the app meets the `shop` crate. The
//! assistant gets the cart as the page keeps it ([`PluginCart`], over the store plugin) and asks
//! [`SettingsBackends`] for its model at the start of every response, so a change saved in the
//! settings panel applies to the next message without a restart.

use std::sync::Arc;

use chatkit::server::Responder;
use shop::assistant::{BackendSource, ShopAssistant};
use shop::model::{ModelBackend, ModelError};
use shop::tools::ToolEnv;
use tauri::{AppHandle, Manager, Runtime};

use crate::cart::PluginCart;
use crate::error::AppError;
use crate::settings::Settings;
use crate::state::RequestContext;

/// The responder of the running app.
pub fn responder<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Arc<dyn Responder<RequestContext>>, AppError> {
    let cart = Arc::new(PluginCart::new(app.clone()));
    let backends = Arc::new(SettingsBackends { app: app.clone() });
    Ok(Arc::new(ShopAssistant::new(backends, ToolEnv::new(cart))))
}

/// Builds the model backend from the settings in force (saved settings, else the environment;
/// the API key from the key store).
pub struct SettingsBackends<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> BackendSource for SettingsBackends<R> {
    fn backend(&self) -> Result<Arc<dyn ModelBackend>, ModelError> {
        let settings = self.app.state::<Settings>();
        settings.backend_settings(&self.app).build()
    }
}
