//! The log of ChatKit request types the page has sent, readable at `window.__shopdesk.requests`.
//! Why: end-to-end tests must prove that a client action (Add to Cart) sends no ChatKit request;
//! the transport records every request type here before it crosses the IPC boundary.

export interface ShopdeskDebug {
  requests: string[];
}

declare global {
  interface Window {
    __shopdesk?: ShopdeskDebug;
  }
}

/** The shared log, created on first use. Outside a browser a module-local log is used. */
const fallback: ShopdeskDebug = { requests: [] };

export function debugState(): ShopdeskDebug {
  if (typeof window === "undefined") return fallback;
  if (!window.__shopdesk || !Array.isArray(window.__shopdesk.requests)) {
    window.__shopdesk = { ...(window.__shopdesk ?? {}), requests: [] };
  }
  return window.__shopdesk;
}

export function recordRequest(type: string): void {
  debugState().requests.push(type);
}

export function requestLog(): readonly string[] {
  return debugState().requests;
}

/** Empties the log (tests start each case from zero). */
export function resetRequestLog(): void {
  debugState().requests.length = 0;
}
