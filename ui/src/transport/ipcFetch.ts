//! A `fetch(url, init)`-shaped function that answers ChatKit requests over Tauri IPC (Contract 1).
//! Why: ChatKit clients (ours and the official web component) speak HTTP + SSE through a `fetch`
//! they are given. The app has no HTTP server: this shim turns a POST body into
//! `invoke('chatkit_request', {body, runId, onEvent})`, and the command's JSON result or channel
//! frames back into a `Response` (JSON, or `text/event-stream` of `data: <json>\n\n` frames).
//! Closing the stream early (abort signal or body cancel) calls `chatkit_cancel` so Rust drops the
//! run and saves the partial answer.
//!
//! The built-in renderer skips the SSE detour (Contract 8): a channel frame already holds the
//! parsed event, so `takeDirectEvents(response)` hands the events of a streaming `Response` to
//! their reader as they are, with the time the core emitted them — no SSE bytes are written and
//! nothing is parsed again. The body is only written as SSE when someone reads it (the official
//! web component); then each event is encoded once, for that reader.

import type { Backend } from "../platform/backend";
import { recordRequest } from "./requestLog";
import { bodyText, requestType } from "./requestBody";

/** Frames pushed by the core on the channel of a streaming request (Contract 8). */
export type Frame =
  | { kind: "event"; at: number; event: unknown }
  | { kind: "end" }
  | { kind: "error"; message: string };

/** One event as a direct reader gets it: the parsed event and when the core emitted it
 * (milliseconds since the Unix epoch, comparable with `performance.timeOrigin + performance.now()`). */
export interface EventFrame {
  event: unknown;
  at: number;
}

/** The events of a streaming IPC `Response`, for a reader that does not want its SSE body. */
export interface DirectEvents {
  /** Delivers every event to `onEvent`; resolves at `end`, rejects at `error` or an abort.
   * Call it at most once, and before reading the body (the body is then empty). */
  read(onEvent: (frame: EventFrame) => void): Promise<void>;
}

const directEvents = new WeakMap<Response, DirectEvents>();

/** The direct events of a streaming `Response` made by this transport; `undefined` for any
 * other response (HTTP, JSON, a fake), which is then read as SSE. */
export function takeDirectEvents(res: Response): DirectEvents | undefined {
  const events = directEvents.get(res);
  directEvents.delete(res);
  return events;
}

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
    // Who reads the events: nobody yet (frames wait in `pending`), the SSE body, or a direct
    // reader (takeDirectEvents).
    let mode: "undecided" | "sse" | "direct" = "undecided";
    type Terminal = Frame | { kind: "abort" };
    const pending: Terminal[] = [];
    let direct: { onEvent: (f: EventFrame) => void; resolve: () => void; reject: (e: unknown) => void } | null = null;

    const sendCancel = () => {
      if (cancelSent) return;
      cancelSent = true;
      backend.invoke("chatkit_cancel", { runId }).catch(() => {
        // The run may already be gone; nothing to do.
      });
    };

    const writeSse = (frame: Terminal) => {
      try {
        switch (frame.kind) {
          case "event":
            controller.enqueue(encoder.encode(`data: ${JSON.stringify(frame.event)}\n\n`));
            break;
          case "end":
            controller.close();
            break;
          case "error":
            controller.error(new Error(frame.message || "stream aborted"));
            break;
          case "abort":
            controller.error(abortError());
            break;
        }
      } catch {
        // the body was already closed or cancelled
      }
    };

    const writeDirect = (frame: Terminal) => {
      if (!direct) return;
      const reader = direct;
      switch (frame.kind) {
        case "event":
          try {
            reader.onEvent({ event: frame.event, at: frame.at });
          } catch (e) {
            // The reader failed: it hears nothing more (as when an SSE reader stops reading).
            direct = null;
            reader.reject(e);
          }
          break;
        case "end":
          direct = null;
          reader.resolve();
          break;
        case "error":
          direct = null;
          reader.reject(new Error(frame.message || "stream aborted"));
          break;
        case "abort":
          direct = null;
          reader.reject(abortError());
          break;
      }
    };

    const route = (frame: Terminal) => {
      if (mode === "sse") writeSse(frame);
      else if (mode === "direct") writeDirect(frame);
      else pending.push(frame);
    };

    const stream = new ReadableStream<Uint8Array>(
      {
        start(c) {
          controller = c;
        },
        pull() {
          // Someone reads the body: from now on the events are written as SSE.
          if (mode !== "undecided") return;
          mode = "sse";
          for (const frame of pending.splice(0)) writeSse(frame);
        },
        cancel() {
          if (!finished) {
            finished = true;
            sendCancel();
          }
          detachAbort();
        },
      },
      // No read ahead: `pull` runs only when the body is really read.
      { highWaterMark: 0 },
    );

    const channel = backend.createChannel<Frame>((frame) => {
      if (finished || typeof frame !== "object" || frame === null) return;
      switch (frame.kind) {
        case "event":
          if ("event" in frame) route({ kind: "event", event: frame.event, at: typeof frame.at === "number" ? frame.at : NaN });
          break;
        case "end":
          finished = true;
          route(frame);
          detachAbort();
          break;
        case "error":
          finished = true;
          route({ kind: "error", message: typeof frame.message === "string" ? frame.message : "" });
          detachAbort();
          break;
      }
    });

    const onAbort = () => {
      if (finished) return;
      finished = true;
      sendCancel();
      route({ kind: "abort" });
    };
    const detachAbort = () => signal?.removeEventListener("abort", onAbort);
    signal?.addEventListener("abort", onAbort);

    const events: DirectEvents = {
      read(onEvent) {
        if (mode !== "undecided") return Promise.reject(new Error("the stream is already being read"));
        mode = "direct";
        try {
          controller.close(); // the body stays empty
        } catch {
          // already errored by an abort: the pending abort below rejects
        }
        return new Promise<void>((resolve, reject) => {
          direct = { onEvent, resolve, reject };
          for (const frame of pending.splice(0)) writeDirect(frame);
        });
      },
    };

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
      const res = new Response(stream, {
        status: 200,
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
      directEvents.set(res, events);
      return res;
    }
    finished = true;
    detachAbort();
    return errorResponse(500, "internal", "unexpected reply from chatkit_request");
  };
}
