//! Which ChatKit server a page outside Tauri talks to.
//! Why: in a plain browser the renderer posts to `shopdesk-server` over HTTP, and the address has
//! to come from somewhere a developer and a test can set without editing code: the `?server=`
//! query parameter (per page load: tests start the server on an ephemeral port), else
//! `VITE_CHATKIT_URL` (fixed when Vite serves or builds the page), else the server's default
//! address. Only `http:`/`https:` URLs are accepted; anything else is refused with a reason the
//! page shows instead of posting somewhere unexpected.

/** Where `shopdesk-server` listens by default (`--host 127.0.0.1 --port 8000`). */
export const DEFAULT_CHATKIT_URL = "http://127.0.0.1:8000/chatkit";

export type ServerUrl = { ok: true; url: string; source: "query" | "env" | "default" } | { ok: false; error: string };

const ORIGIN_OF = { query: "the ?server= parameter", env: "VITE_CHATKIT_URL", default: "the default" } as const;

/** Parses one candidate; a URL with no path gets `/chatkit` (so `?server=http://127.0.0.1:8000` works). */
function parse(raw: string, source: "query" | "env" | "default"): ServerUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `the ChatKit server address ${JSON.stringify(raw)} (from ${ORIGIN_OF[source]}) is not a URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, error: `the ChatKit server address must be http: or https:, not ${url.protocol} (from ${ORIGIN_OF[source]})` };
  }
  if (url.username || url.password) {
    return { ok: false, error: `the ChatKit server address must not carry a user name or password (from ${ORIGIN_OF[source]})` };
  }
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/chatkit";
  url.hash = "";
  return { ok: true, url: url.toString(), source };
}

/**
 * The server URL for a page at `search` (its `location.search`) built with `envUrl`
 * (`import.meta.env.VITE_CHATKIT_URL`). The query parameter wins over the environment, which
 * wins over the default; an invalid value is an error, never silently replaced by another one.
 */
export function resolveServerUrl(search: string, envUrl: string | undefined): ServerUrl {
  const fromQuery = new URLSearchParams(search).get("server");
  if (fromQuery !== null && fromQuery.trim() !== "") return parse(fromQuery.trim(), "query");
  if (envUrl !== undefined && envUrl.trim() !== "") return parse(envUrl.trim(), "env");
  return parse(DEFAULT_CHATKIT_URL, "default");
}
