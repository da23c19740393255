//! The core's model-server helpers for the settings panel: `list_models` (the server's
//! `GET /models`) and `test_connection` (reach, key, model, one tiny tool call).
//! Why: both run in Rust with the key the core keeps (the page sends at most a key the user
//! just typed, which never comes back); this is their typed edge.

import type { Backend } from "../platform/backend";
import type { SettingsUpdate } from "./settingsApi";

export type Outcome = "ok" | "offline" | "settings" | "unreachable" | "refused_key" | "unknown_model" | "no_tools" | "failed";
const OUTCOMES: readonly Outcome[] = ["ok", "offline", "settings", "unreachable", "refused_key", "unknown_model", "no_tools", "failed"];

export interface ConnectionReport {
  outcome: Outcome;
  message: string;
  models: string[];
}

function normalize(raw: unknown): ConnectionReport {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const outcome = OUTCOMES.find((o) => o === r.outcome) ?? "failed";
  const models = Array.isArray(r.models) ? r.models.filter((m): m is string => typeof m === "string") : [];
  return { outcome, message: typeof r.message === "string" ? r.message : "No answer from the check.", models };
}

export async function listModels(backend: Backend, settings: SettingsUpdate): Promise<ConnectionReport> {
  return normalize(await backend.invoke("list_models", { settings }));
}

export async function testConnection(backend: Backend, settings: SettingsUpdate): Promise<ConnectionReport> {
  return normalize(await backend.invoke("test_connection", { settings }));
}
