//! Wire types of ChatKit widgets (docs/PROTOCOL.md §5).
//! Why: widget trees arrive as untrusted JSON from the model and tools. They are modelled loosely
//! (every node is `{type, key?, id?, ...props}`) so unknown components and props pass through to
//! the renderer, which decides per component what it understands; nothing here is trusted.

/** Where a widget action goes: the page (`client`) or the ChatKit server (`server`). */
export type ActionHandler = "client" | "server";

/** `ActionConfig` as the SDK serializes it (docs/PROTOCOL.md §5.3). */
export interface ActionConfig {
  type: string;
  payload?: unknown;
  handler?: ActionHandler;
  loadingBehavior?: "auto" | "none" | "self" | "container";
  streaming?: boolean;
}

/** The action as it is sent to the server: only `type` and `payload` (docs/PROTOCOL.md §7.1). */
export interface Action {
  type: string;
  payload?: unknown;
}

export interface CardAction {
  label: string;
  action: ActionConfig;
}

export interface ThemeColor {
  light: string;
  dark: string;
}

export type ColorValue = string | ThemeColor;

export interface WidgetStatus {
  text: string;
  icon?: string;
  favicon?: string;
  frame?: boolean;
}

/** Any widget node. Props are read defensively by each component. */
export interface WidgetNode {
  type: string;
  key?: string;
  id?: string;
  children?: WidgetNode | WidgetNode[] | null;
  [prop: string]: unknown;
}

/** Roots allowed as a widget item's `widget` (docs/PROTOCOL.md §5.1). */
export type WidgetRoot = WidgetNode;

/** True when `value` looks like a widget node (an object with a string `type`). */
export function isWidgetNode(value: unknown): value is WidgetNode {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === "string"
  );
}

/** The children of a node as a list, whatever form the wire used (list, single node, absent). */
export function childrenOf(node: WidgetNode): WidgetNode[] {
  const c = node.children;
  if (Array.isArray(c)) return c.filter(isWidgetNode);
  if (isWidgetNode(c)) return [c];
  return [];
}

/** Reads an `ActionConfig` prop, or undefined when the prop is absent or malformed. */
export function actionConfigOf(value: unknown): ActionConfig | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.type !== "string" || v.type === "") return undefined;
  return {
    type: v.type,
    payload: v.payload,
    handler: v.handler === "client" ? "client" : "server",
    loadingBehavior:
      v.loadingBehavior === "none" || v.loadingBehavior === "self" || v.loadingBehavior === "container"
        ? v.loadingBehavior
        : "auto",
    streaming: v.streaming !== false,
  };
}
