//! Recognising a failure marker: the widget item a failed turn leaves in the thread
//! (docs/ARCHITECTURE.md, "Failed turns"; built by shop/src/widgets/failure_marker.rs).
//! Why: the page draws markers itself (one clear failure with one Retry that counts down a
//! `Retry-After`), so it needs the marker's facts — its sentence, the message Retry answers and
//! when Retry may be pressed — out of an untrusted widget tree, without trusting its shape.

import type { ErrorEvent, ThreadItem, WidgetItem } from "../protocol/types";
import { actionConfigOf, type ActionConfig } from "../protocol/widgets";
import { RETRY_FAILED_REPLY, retryTarget } from "../widgets/actions";

/** The root `id` of every failure marker card. */
export const FAILURE_MARKER_ID = "shopdesk.failure_marker";

export interface FailureMarker {
  /** "This reply failed: …", as the server wrote it. */
  text: string;
  /** The Retry action (null when retrying cannot help). */
  retry: ActionConfig | null;
  /** The user message Retry answers again. */
  questionId: string | null;
  /** Epoch ms before which Retry stays disabled (the provider's `Retry-After`), or null. */
  retryAt: number | null;
}

function findText(node: unknown): string | null {
  if (typeof node !== "object" || node === null) return null;
  const n = node as Record<string, unknown>;
  if (n.type === "Text" && typeof n.value === "string") return n.value;
  const children = Array.isArray(n.children) ? n.children : [];
  for (const c of children) {
    const t = findText(c);
    if (t !== null) return t;
  }
  return null;
}

function findRetry(node: unknown): ActionConfig | null {
  if (typeof node !== "object" || node === null) return null;
  const n = node as Record<string, unknown>;
  if (n.type === "Button") {
    const action = actionConfigOf(n.onClickAction);
    if (action?.type === RETRY_FAILED_REPLY) return action;
  }
  const children = Array.isArray(n.children) ? n.children : [];
  for (const c of children) {
    const a = findRetry(c);
    if (a) return a;
  }
  return null;
}

export function isFailureMarker(item: ThreadItem): item is WidgetItem {
  if (item.type !== "widget") return false;
  const root = (item as WidgetItem).widget as unknown;
  return typeof root === "object" && root !== null && (root as Record<string, unknown>).id === FAILURE_MARKER_ID;
}

/** The marker's facts, or null when `item` is not a failure marker. */
export function failureMarkerOf(item: ThreadItem): FailureMarker | null {
  if (!isFailureMarker(item)) return null;
  const retry = findRetry(item.widget);
  const text = findText(item.widget) ?? item.copy_text ?? "This reply failed.";
  const wait = retry && typeof retry.payload === "object" && retry.payload !== null ? (retry.payload as Record<string, unknown>).retry_after_ms : undefined;
  const created = Date.parse(item.created_at);
  const retryAt = typeof wait === "number" && wait > 0 && Number.isFinite(created) ? created + wait : null;
  return { text, retry, questionId: retry ? retryTarget(retry) : null, retryAt };
}

/** When the live error's Retry may be pressed: `receivedAt` + its `retry_after_ms`, or null. */
export function errorRetryAt(error: ErrorEvent | null, receivedAt: number): number | null {
  const wait = error?.retry_after_ms;
  return typeof wait === "number" && Number.isFinite(wait) && wait > 0 ? receivedAt + wait : null;
}
