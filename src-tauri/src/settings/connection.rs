//! `list_models` and `test_connection`: the settings panel's model list and "Test connection",
//! for the settings as typed (saved or not).
//!
//! Why here: the panel sends the fields it shows and, at most, a key the user just typed; the
//! key for the check is resolved here exactly as a save would resolve it (the update's key
//! applies to the *new* settings' origin; `null` means the key stored for that origin, `""`
//! none — [`KeyChange`]), so a check never sends one server's key to another. The checking
//! itself is the shop's (`shop::model::connection_check`); both commands resolve a
//! [`ConnectionReport`] — `{ outcome, message, models }` — and never the key, and store
//! nothing.

use shop::model::config::ModelSettings;
use shop::model::connection_check::{self, ConnectionReport, Outcome};
use tauri::{AppHandle, Runtime, State};

use super::{KeyChange, Settings, SettingsUpdate};
use crate::error::AppError;

/// The settings to check: the update's fields with the key a save would use for their origin.
/// Invalid fields or an unusable typed key are an `invalid_request` with the shop's message.
pub fn settings_to_check<R: Runtime>(
    app: &AppHandle<R>,
    state: &Settings,
    update: &SettingsUpdate,
) -> Result<ModelSettings, AppError> {
    let next = update.fields.parse()?;
    let key = match KeyChange::of(update.api_key.as_deref(), &next)? {
        KeyChange::Keep => next
            .key_origin()
            .and_then(|origin| state.keys(app).get(&origin))
            .map(|key| key.expose().to_owned()),
        KeyChange::Delete(_) => None,
        KeyChange::Replace(_, key) => Some(key.expose().to_owned()),
    };
    Ok(state.for_backend(next, key))
}

/// `invoke('list_models', { settings })`: `outcome: "ok"` and the server's `models`, or why
/// there are none.
#[tauri::command]
pub async fn list_models<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Settings>,
    settings: SettingsUpdate,
) -> Result<ConnectionReport, AppError> {
    let check = settings_to_check(&app, &state, &settings)?;
    Ok(match connection_check::list_models(&check).await {
        Ok(models) => ConnectionReport {
            outcome: Outcome::Ok,
            message: format!("The server offers {} models.", models.len()),
            models,
        },
        Err(report) => report,
    })
}

/// `invoke('test_connection', { settings })`: the verdict of the three steps.
#[tauri::command]
pub async fn test_connection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Settings>,
    settings: SettingsUpdate,
) -> Result<ConnectionReport, AppError> {
    let check = settings_to_check(&app, &state, &settings)?;
    let report = connection_check::check_connection(&check).await;
    tracing::info!(outcome = ?report.outcome, "connection test");
    Ok(report)
}
