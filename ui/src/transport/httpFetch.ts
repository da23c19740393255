//! The `fetch` a page outside Tauri gives the ChatKit client: the browser's own `fetch` to
//! `shopdesk-server`'s `POST /chatkit`, plus the page's cart.
//! Why: over HTTP the protocol needs no translation (the server answers `application/json` or
//! `text/event-stream` itself, and the stop button's abort closes the connection, which cancels the
//! run on the server), so this is a thin wrapper, not a second transport. It does three things:
//! adds the page's cart lines to every request as `metadata.shopdesk_cart` (the cart belongs to
//! the page; the server reads them for `view_cart` and Checkout — docs/ARCHITECTURE.md, Contract 4,
//! "the cart in server mode"), records the request type in the request log the end-to-end tests read, and
//! turns "the server cannot be reached" into an error response that says so.

import type { CartLine } from "../cart/cartModel";
import type { FetchLike } from "./ipcFetch";
import { bodyText, requestType } from "./requestBody";
import { recordRequest } from "./requestLog";

/** The request metadata key the cart lines travel under. */
export const CART_METADATA_KEY = "shopdesk_cart";

/**
 * The body with `metadata.shopdesk_cart` set to `lines` (other metadata kept). A body that is not
 * a JSON object is sent unchanged: the server answers it with 400, as it would any client's.
 */
export function withCart(body: string, lines: readonly CartLine[]): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return body;
  const request = parsed as Record<string, unknown>;
  const metadata = typeof request.metadata === "object" && request.metadata !== null && !Array.isArray(request.metadata) ? request.metadata : {};
  const cart = lines.map(({ product_id, name, price, image, quantity }) => ({ product_id, name, price, image, quantity }));
  return JSON.stringify({ ...request, metadata: { ...metadata, [CART_METADATA_KEY]: cart } });
}

function unreachable(url: string, err: unknown): Response {
  const why = err instanceof Error && err.message ? ` (${err.message})` : "";
  const message = `Cannot reach the Shopdesk server at ${url}${why}. Is shopdesk-server running, and does it allow this page's origin (--allow-origin)?`;
  return new Response(JSON.stringify({ error: "unreachable", message }), {
    status: 503,
    headers: { "content-type": "application/json" },
  });
}

/**
 * Builds the HTTP `fetch`. `cartLines` is read at the moment of each request, so the server
 * always sees what the page holds then. `base` is the browser's `fetch` (a test may pass another).
 */
export function createHttpFetch(cartLines: () => readonly CartLine[], base: FetchLike = (input, init) => globalThis.fetch(input, init)): FetchLike {
  return async function httpFetch(input, init) {
    const body = await bodyText(input, init);
    const url = input instanceof Request ? input.url : String(input);
    let next = init;
    if (body !== null) {
      recordRequest(requestType(body));
      next = { ...init, body: withCart(body, cartLines()) };
    } else {
      recordRequest("(upload)");
    }
    try {
      return await base(input, next);
    } catch (err) {
      // An abort is the caller's own doing: it must stay an AbortError.
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      if (next?.signal?.aborted) throw err;
      return unreachable(url, err);
    }
  };
}
