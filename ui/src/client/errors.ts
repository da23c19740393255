//! Errors raised by the ChatKit client.
//! Why: the UI distinguishes a failed request (HTTP-like status from the transport, shown as an
//! error banner) from a stream the user stopped (not an error at all).

export class ChatKitRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ChatKitRequestError";
    this.status = status;
    this.code = code;
  }
}

export function isAbortError(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { name?: unknown }).name === "AbortError";
}
