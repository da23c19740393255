//! The chat-interface choice as the main window sees it: `get_chat_interface` /
//! `save_chat_interface`, and the `chatkit-status` event of the ChatKit window.
//! Why: the settings panel saves the choice (Rust opens or closes the ChatKit window at once) and
//! the main window must learn, live, when ChatKit fell back and why, to say so in a notice. The
//! domain key is a setting shown in clear (it is not a secret); the API key never passes here.

import { listen } from "@tauri-apps/api/event";
import type { Backend } from "../platform/backend";

export type ChatInterface = "built-in" | "chatkit";

/** What the ChatKit mode is doing (Rust's `ChatKitStatus`). */
export type ChatKitStatus = { state: "off" | "opening" | "ready" } | { state: "failed"; cause: string };

export interface InterfaceSettings {
  interface: ChatInterface;
  domain_key: string;
}

export interface InterfaceView extends InterfaceSettings {
  status: ChatKitStatus;
}

/** The app event Rust emits to the main window when the status changes. */
export const CHATKIT_STATUS_EVENT = "chatkit-status";

export function normalizeStatus(raw: unknown): ChatKitStatus {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (r.state === "failed") return { state: "failed", cause: typeof r.cause === "string" ? r.cause : "unknown cause" };
  if (r.state === "opening" || r.state === "ready") return { state: r.state };
  return { state: "off" };
}

function normalize(raw: unknown): InterfaceView {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    interface: r.interface === "chatkit" ? "chatkit" : "built-in",
    domain_key: typeof r.domain_key === "string" ? r.domain_key : "",
    status: normalizeStatus(r.status),
  };
}

export async function getChatInterface(backend: Backend): Promise<InterfaceView> {
  return normalize(await backend.invoke("get_chat_interface"));
}

export async function saveChatInterface(backend: Backend, settings: InterfaceSettings): Promise<InterfaceView> {
  return normalize(await backend.invoke("save_chat_interface", { settings }));
}

/** Subscribes to status changes (Tauri event); tests pass their own `subscribe`. */
export type StatusSubscribe = (cb: (status: ChatKitStatus) => void) => Promise<() => void>;

export const listenChatKitStatus: StatusSubscribe = (cb) => listen<unknown>(CHATKIT_STATUS_EVENT, (e) => cb(normalizeStatus(e.payload)));
