//! Reading a ChatKit request body the page is about to send, for both transports.
//! Why: the IPC shim and the HTTP wrapper both need the body as text (a `fetch` caller may pass
//! a string, bytes, a Blob or a `Request`) and the request `type` for the request log; one copy
//! of each keeps the two transports logging the same thing.

/** The request `type` for the request log; `(invalid)` for a body that is not a ChatKit request. */
export function requestType(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const t = (parsed as { type?: unknown }).type;
      if (typeof t === "string") return t;
    }
  } catch {
    // fall through
  }
  return "(invalid)";
}

/** The body of `fetch(input, init)` as text, or null when it is not text-like (FormData, a stream). */
export async function bodyText(input: RequestInfo | URL, init?: RequestInit): Promise<string | null> {
  const body = init?.body ?? (input instanceof Request ? await input.clone().text() : undefined);
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  if (body instanceof Blob) return await body.text();
  return null;
}
