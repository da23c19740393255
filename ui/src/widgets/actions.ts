//! Where a widget action goes, decided by its `ActionConfig` (docs/PROTOCOL.md §5.3, §7).
//! Why: `handler: "client"` actions stay in the page (`widgets.onAction`), server actions become
//! `threads.custom_action`, or `threads.sync_custom_action` when `streaming` is false. One pure
//! function makes that rule testable without rendering. One server action is ours to shortcut:
//! a failure marker's Retry (`thread.retry_failed_reply`) becomes `threads.retry_after_item`
//! for the message it names, as the error banner's Retry does (docs/ARCHITECTURE.md, "Failed turns").

import type { ActionConfig } from "../protocol/widgets";

export type ActionRoute = "client" | "server_stream" | "server_sync" | "retry_after_item";

/** The action type of a failure marker's Retry button (shop/src/widgets/action_configs.rs). */
export const RETRY_FAILED_REPLY = "thread.retry_failed_reply";

/** The user message a failure marker's Retry answers again, or null for any other action. */
export function retryTarget(action: ActionConfig): string | null {
  if (action.type !== RETRY_FAILED_REPLY || typeof action.payload !== "object" || action.payload === null) return null;
  const id = (action.payload as Record<string, unknown>).item_id;
  return typeof id === "string" && id !== "" ? id : null;
}

export function routeOf(action: ActionConfig): ActionRoute {
  if (retryTarget(action) !== null) return "retry_after_item";
  if (action.handler === "client") return "client";
  return action.streaming === false ? "server_sync" : "server_stream";
}

/** What the renderer calls when a widget fires an action (form values already merged). */
export type ActionDispatcher = (action: ActionConfig) => Promise<void>;
