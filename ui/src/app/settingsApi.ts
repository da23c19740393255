//! The settings commands of the core (`get_settings`, `save_settings`).
//! Why: the model provider, base URL, model name and API key are configured in Rust (the key
//! lives in the OS keychain and never comes back to the page); this module is the typed edge.

import type { Backend } from "../platform/backend";

export type Provider = "offline" | "openai" | "openai-compatible";
export type KeyStorage = "keychain" | "environment" | "none";

export interface Settings {
  provider: Provider;
  base_url: string;
  model: string;
  has_api_key: boolean;
  key_storage: KeyStorage;
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
  const storage = r.key_storage === "keychain" || r.key_storage === "environment" ? r.key_storage : "none";
  return {
    provider,
    base_url: typeof r.base_url === "string" ? r.base_url : "",
    model: typeof r.model === "string" ? r.model : "",
    has_api_key: r.has_api_key === true,
    key_storage: storage,
    key_note: typeof r.key_note === "string" ? r.key_note : undefined,
  };
}

export async function getSettings(backend: Backend): Promise<Settings> {
  return normalize(await backend.invoke("get_settings"));
}

export async function saveSettings(backend: Backend, settings: SettingsUpdate): Promise<Settings> {
  return normalize(await backend.invoke("save_settings", { settings }));
}
