//! The settings commands of the core (`get_settings`, `save_settings`).
//! Why: the model provider, base URL, model name and API key are configured in Rust (the key
//! lives in the OS keychain, or in memory for this session, and never comes back to the page);
//! this module is the typed edge. The key state is about the server of the saved settings
//! (`key_origin`): keys are kept per origin, so another server starts without one.

import type { Backend } from "../platform/backend";

export type Provider = "offline" | "openai" | "openai-compatible";
/** Where the key for the settings' server is kept: "session" = in memory until the app quits. */
export type KeyStorage = "keychain" | "environment" | "session" | "none";
const KEY_STORAGES: readonly KeyStorage[] = ["keychain", "environment", "session", "none"];

export interface Settings {
  provider: Provider;
  base_url: string;
  model: string;
  has_api_key: boolean;
  key_storage: KeyStorage;
  /** The server (scheme://host:port) the key state is about; absent offline. */
  key_origin?: string;
  key_note?: string;
}

export interface SettingsUpdate {
  provider: Provider;
  base_url: string;
  model: string;
  /** null keeps the stored key, "" deletes it, anything else replaces it. */
  api_key: string | null;
}

export function describeError(err: unknown): string {
  if (typeof err === "string") return err;
  if (typeof err === "object" && err !== null) {
    const m = (err as { message?: unknown }).message;
    if (typeof m === "string" && m) return m;
  }
  return "The request failed.";
}

function normalize(raw: unknown): Settings {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const provider = r.provider === "openai" || r.provider === "openai-compatible" ? r.provider : "offline";
  const storage = KEY_STORAGES.find((k) => k === r.key_storage) ?? "none";
  return {
    provider,
    base_url: typeof r.base_url === "string" ? r.base_url : "",
    model: typeof r.model === "string" ? r.model : "",
    has_api_key: r.has_api_key === true,
    key_storage: storage,
    key_origin: typeof r.key_origin === "string" ? r.key_origin : undefined,
    key_note: typeof r.key_note === "string" ? r.key_note : undefined,
  };
}

export async function getSettings(backend: Backend): Promise<Settings> {
  return normalize(await backend.invoke("get_settings"));
}

export async function saveSettings(backend: Backend, settings: SettingsUpdate): Promise<Settings> {
  return normalize(await backend.invoke("save_settings", { settings }));
}
