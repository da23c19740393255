//! Which part of a widget shows that an action is running (`ActionConfig.loadingBehavior`).
//! Why: ChatKit resolves `auto` by where the action is bound — a Button (or a clickable row, or
//! a Form's submit) shows loading on itself, a Card's confirm/cancel on the whole widget
//! (`container`: faded and inert), a Select or other `onChangeAction` not at all — and `self`,
//! `container`, `none` say it outright. One pure rule, used by every component and tested.

import type { ActionConfig } from "../protocol/widgets";

/** Where an action was fired from. */
export type ActionSource = "button" | "row" | "form" | "card" | "control";
export type LoadingTarget = "self" | "container" | "none";

const AUTO: Record<ActionSource, LoadingTarget> = {
  button: "self",
  row: "self",
  form: "self",
  card: "container",
  control: "none",
};

export function loadingTarget(action: ActionConfig, source: ActionSource): LoadingTarget {
  const behavior = action.loadingBehavior ?? "auto";
  if (behavior !== "auto") return behavior;
  // A client action under `auto` shows nothing: it runs in the page and is over in the same
  // frame (Add to Cart), so a spinner would only flicker and block a quick second click.
  if (action.handler === "client") return "none";
  return AUTO[source];
}
