//! Where a widget action goes, decided by its `ActionConfig` (docs/PROTOCOL.md §5.3, §7).
//! Why: `handler: "client"` actions stay in the page (`widgets.onAction`), server actions become
//! `threads.custom_action`, or `threads.sync_custom_action` when `streaming` is false. One pure
//! function makes that rule testable without rendering.

import type { ActionConfig } from "../protocol/widgets";

export type ActionRoute = "client" | "server_stream" | "server_sync";

export function routeOf(action: ActionConfig): ActionRoute {
  if (action.handler === "client") return "client";
  return action.streaming === false ? "server_sync" : "server_stream";
}

/** What the renderer calls when a widget fires an action (form values already merged). */
export type ActionDispatcher = (action: ActionConfig) => Promise<void>;
