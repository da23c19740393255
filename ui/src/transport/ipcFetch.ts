//! A `fetch(url, init)`-shaped function that answers ChatKit requests over Tauri IPC (Contract 1).
//! Why: ChatKit clients (ours and the official web component) speak HTTP + SSE through a `fetch`
//! they are given. The app has no HTTP server: this shim turns a POST body into
//! `invoke('chatkit_request', {body, runId, onEvent})`, and the command's JSON result or channel
//! frames back into a `Response` (JSON, or `text/event-stream` of `data: <json>\n\n` frames).
//! Closing the stream early (abort signal or body cancel) calls `chatkit_cancel` so Rust drops the
//! run and saves the partial answer.

import type { Backend } from "../platform/backend";
import { recordRequest } from "./requestLog";
import { bodyText, requestType } from "./requestBody";

/** Frames pushed by the core on the channel of a streaming request. */
export type Frame =
  | { kind: "event"; data: string }
  | { kind: "end" }
  | { kind: "error"; message: string };

/** What `chatkit_request` resolves with. */
export type RequestResult = { kind: "json"; body: string } | { kind: "stream" };

/** What `chatkit_request` rejects with. */
export interface IpcError {
  code: "invalid_request" | "not_found" | "internal" | string;
  message: string;
}

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

const encoder = new TextEncoder();

/** HTTP status for an IPC rejection. */
export function statusForError(err: unknown): number {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (code === "invalid_request") return 400;
  if (code === "not_found") return 404;
  return 500;
}

function errorMessage(err: unknown): string {
  if (typeof err === "string") return err;
  if (typeof err === "object" && err !== null) {
    const m = (err as { message?: unknown }).message;
    if (typeof m === "string") return m;
  }
  return "internal error";
}

function errorResponse(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: code, message }), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function abortError(): DOMException {
  return new DOMException("The operation was aborted.", "AbortError");
}

let runCounter = 0;
function newRunId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === "function") return `run_${c.randomUUID()}`;
  runCounter += 1;
  return `run_${Date.now().toString(36)}_${runCounter}_${Math.random().toString(36).slice(2)}`;
}

/** Builds the IPC-backed `fetch`. `url` is ignored: every request goes to the one command. */
export function createIpcFetch(backend: Backend): FetchLike {
  return async function ipcFetch(input, init) {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) throw abortError();

    const body = await bodyText(input, init);
    if (body === null) {
      return errorResponse(400, "invalid_request", "only JSON string bodies are supported (no uploads)");
    }
    recordRequest(requestType(body));

    const runId = newRunId();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let finished = false; // end, error, cancel or abort happened: ignore later frames
    let cancelSent = false;

    const sendCancel = () => {
      if (cancelSent) return;
      cancelSent = true;
      backend.invoke("chatkit_cancel", { runId }).catch(() => {
        // The run may already be gone; nothing to do.
      });
    };

    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        if (!finished) {
          finished = true;
          sendCancel();
        }
        detachAbort();
      },
    });

    const channel = backend.createChannel<Frame>((frame) => {
      if (finished || typeof frame !== "object" || frame === null) return;
      switch (frame.kind) {
        case "event":
          if (typeof frame.data === "string") controller.enqueue(encoder.encode(`data: ${frame.data}\n\n`));
          break;
        case "end":
          finished = true;
          controller.close();
          detachAbort();
          break;
        case "error":
          finished = true;
          controller.error(new Error(frame.message || "stream aborted"));
          detachAbort();
          break;
      }
    });

    const onAbort = () => {
      if (finished) return;
      finished = true;
      sendCancel();
      try {
        controller.error(abortError());
      } catch {
        // already closed
      }
    };
    const detachAbort = () => signal?.removeEventListener("abort", onAbort);
    signal?.addEventListener("abort", onAbort);

    let result: RequestResult;
    try {
      result = await backend.invoke<RequestResult>("chatkit_request", { body, runId, onEvent: channel });
    } catch (err) {
      finished = true;
      detachAbort();
      if (signal?.aborted) throw abortError();
      const status = statusForError(err);
      const code = typeof (err as IpcError)?.code === "string" ? (err as IpcError).code : "internal";
      return errorResponse(status, code, errorMessage(err));
    }

    if (signal?.aborted) {
      detachAbort();
      throw abortError();
    }

    if (result && result.kind === "json") {
      finished = true;
      detachAbort();
      return new Response(result.body, { status: 200, headers: { "content-type": "application/json" } });
    }
    if (result && result.kind === "stream") {
      return new Response(stream, {
        status: 200,
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }
    finished = true;
    detachAbort();
    return errorResponse(500, "internal", "unexpected reply from chatkit_request");
  };
}
