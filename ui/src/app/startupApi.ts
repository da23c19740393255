//! The start-up report of the core (`startup_status`, `quit_after_startup_failure`).
//! Why: a damaged data file set aside at start, or a start that failed altogether, happens in
//! Rust before the page exists; this module is the typed edge the banner reads it through.

import type { Backend } from "../platform/backend";
import { BROWSER_CART_KEY } from "../cart/cartStorageLocal";

/** One data file that could not be used: it was moved to `moved_to` and a fresh one created. */
export interface StartupNotice {
  file: string;
  moved_to: string;
  reason: string;
}

export interface StartupStatus {
  /** Why the app could not start; null when it did. */
  failure: string | null;
  notices: StartupNotice[];
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** Anything but the expected shape (an older core, a test fake) reads as "started, no notices". */
export function normalizeStatus(raw: unknown): StartupStatus {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const notices = Array.isArray(r.notices) ? r.notices : [];
  return {
    failure: typeof r.failure === "string" && r.failure ? r.failure : null,
    notices: notices
      .filter((n): n is Record<string, unknown> => typeof n === "object" && n !== null)
      .map((n) => ({ file: text(n.file), moved_to: text(n.moved_to), reason: text(n.reason) }))
      .filter((n) => n.file && n.moved_to),
  };
}

export async function getStartupStatus(backend: Backend): Promise<StartupStatus> {
  try {
    return normalizeStatus(await backend.invoke("startup_status"));
  } catch {
    return { failure: null, notices: [] };
  }
}

/** Ends the process after a failed start (the window's Quit button). */
export async function quitAfterFailure(backend: Backend): Promise<void> {
  await backend.invoke("quit_after_startup_failure");
}

/** What the user calls the file: "Your cart", "Your conversation history" … */
export function describeFile(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  if (name === "cart.json" || name === BROWSER_CART_KEY) return "Your cart";
  if (name === "settings.json") return "Your model settings";
  if (name.endsWith(".sqlite3")) return "Your conversation history";
  return name;
}
