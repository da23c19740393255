//! A small ChatKit client: typed methods for every request the page makes, over any `fetch`.
//! Why: the renderer needs the same operations ChatKit.js performs (create a thread, send a
//! message, list history, run actions …). Building them on a `fetch` keeps the client independent
//! of Tauri: the app passes the IPC shim, tests pass a fake. A stream from the IPC shim is read
//! through its direct events (no SSE parsing, Contract 8); any other stream as SSE.

import { takeDirectEvents, type FetchLike } from "../transport/ipcFetch";
import { SseParser, checkEvent, decodeEvent, type SseEvent } from "../protocol/sse";
import {
  STREAMING_REQUEST_TYPES,
  type Action,
  type Attachment,
  type Page,
  type SyncCustomActionResponse,
  type Thread,
  type ThreadItem,
  type ThreadMetadata,
  type ThreadStreamEvent,
  type UserMessageInput,
} from "../protocol/types";
import { ChatKitRequestError } from "./errors";

/** Never fetched: ChatKit needs a URL string, the IPC shim ignores it. */
export const CHATKIT_URL = "https://shopdesk.invalid/chatkit";

/** What the transport knows about an event besides the event itself. */
export interface EventMeta {
  /** When the core emitted it (ms since the Unix epoch): on the app's direct IPC path, and
   *  over HTTP from a server started with `--stamp-events`. */
  emittedAt?: number;
}

export interface StreamOptions {
  onEvent: (event: ThreadStreamEvent, meta?: EventMeta) => void;
  signal?: AbortSignal;
  /** Called for a frame that is not a valid event (logged, never fatal). */
  onInvalidEvent?: (raw: string, error: string) => void;
}

export class ChatKitClient {
  constructor(
    private readonly fetchFn: FetchLike,
    private readonly url: string = CHATKIT_URL,
  ) {}

  private async post(type: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
    const res = await this.fetchFn(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: STREAMING_REQUEST_TYPES.has(type) ? "text/event-stream" : "application/json",
      },
      body: JSON.stringify({ type, params, metadata: {} }),
      signal,
    });
    if (!res.ok) {
      let code = "http_error";
      let message = `request ${type} failed with status ${res.status}`;
      try {
        const body = (await res.json()) as { error?: unknown; message?: unknown };
        if (typeof body.error === "string") code = body.error;
        if (typeof body.message === "string" && body.message) message = body.message;
      } catch {
        // body was not JSON; keep the generic message
      }
      throw new ChatKitRequestError(res.status, code, message);
    }
    return res;
  }

  /** Sends a non-streaming request and parses its JSON body. */
  async json<T>(type: string, params: Record<string, unknown>): Promise<T> {
    const res = await this.post(type, params);
    return (await res.json()) as T;
  }

  /** Sends a streaming request and feeds each event to `onEvent` until the stream ends. */
  async stream(type: string, params: Record<string, unknown>, opts: StreamOptions): Promise<void> {
    const res = await this.post(type, params, opts.signal);
    const contentType = res.headers.get("content-type") ?? "";
    if (!contentType.startsWith("text/event-stream") || !res.body) {
      throw new ChatKitRequestError(500, "not_a_stream", `expected an event stream for ${type}`);
    }
    const direct = takeDirectEvents(res);
    if (direct) {
      // The app's IPC stream: the events arrive parsed, once (Contract 8).
      await direct.read(({ event, at }) => {
        const checked = checkEvent<ThreadStreamEvent>(event);
        if (checked.ok) opts.onEvent(checked.event, { emittedAt: at });
        else opts.onInvalidEvent?.(checked.raw, checked.error);
      });
      return;
    }
    const reader = res.body.getReader();
    const parser = new SseParser();
    const deliver = (events: SseEvent[]) => {
      for (const { data, at } of events) {
        const decoded = decodeEvent<ThreadStreamEvent>(data);
        if (decoded.ok) opts.onEvent(decoded.event, { emittedAt: at });
        else opts.onInvalidEvent?.(decoded.raw, decoded.error);
      }
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value) deliver(parser.pushBytes(value));
      }
      deliver(parser.finish());
    } finally {
      reader.releaseLock();
    }
  }

  // ----- threads

  createThread(input: UserMessageInput, opts: StreamOptions): Promise<void> {
    return this.stream("threads.create", { input }, opts);
  }

  addUserMessage(threadId: string, input: UserMessageInput, opts: StreamOptions): Promise<void> {
    return this.stream("threads.add_user_message", { thread_id: threadId, input }, opts);
  }

  retryAfterItem(threadId: string, itemId: string, opts: StreamOptions): Promise<void> {
    return this.stream("threads.retry_after_item", { thread_id: threadId, item_id: itemId }, opts);
  }

  /** Answers the thread's pending client tool call; the server continues the turn. */
  addClientToolOutput(threadId: string, result: unknown, opts: StreamOptions): Promise<void> {
    return this.stream("threads.add_client_tool_output", { thread_id: threadId, result }, opts);
  }

  /** Answers a pending `structured_input` item; the server replaces it and continues the turn. */
  addStructuredInput(threadId: string, itemId: string, input: { status: "answered" | "skipped"; answers: Record<string, { values: string[]; skipped: boolean }> }, opts: StreamOptions): Promise<void> {
    return this.stream("threads.add_structured_input", { thread_id: threadId, item_id: itemId, input }, opts);
  }

  customAction(threadId: string, itemId: string | null, action: Action, opts: StreamOptions): Promise<void> {
    return this.stream("threads.custom_action", { thread_id: threadId, item_id: itemId, action }, opts);
  }

  syncCustomAction(threadId: string, itemId: string | null, action: Action): Promise<SyncCustomActionResponse> {
    return this.json("threads.sync_custom_action", { thread_id: threadId, item_id: itemId, action });
  }

  listThreads(params: { limit?: number; order?: "asc" | "desc"; after?: string } = {}): Promise<Page<Thread>> {
    return this.json("threads.list", params);
  }

  getThread(threadId: string): Promise<Thread> {
    return this.json("threads.get_by_id", { thread_id: threadId });
  }

  listItems(threadId: string, params: { limit?: number; order?: "asc" | "desc"; after?: string } = {}): Promise<Page<ThreadItem>> {
    return this.json("items.list", { thread_id: threadId, ...params });
  }

  /**
   * Loads a thread with all of its items, oldest first: `threads.get_by_id` returns the oldest
   * page, then `items.list` (ascending, after the last id seen) fetches the rest.
   */
  async loadThreadFully(threadId: string, pageSize = 100): Promise<{ thread: ThreadMetadata; items: ThreadItem[] }> {
    const thread = await this.getThread(threadId);
    const { items: firstPage, ...meta } = thread;
    const items: ThreadItem[] = [...(firstPage?.data ?? [])];
    const seen = new Set(items.map((i) => i.id));
    let hasMore = Boolean(firstPage?.has_more);
    let after = firstPage?.after ?? items[items.length - 1]?.id;
    // Bounded: each page must make progress, so a misbehaving server cannot loop us forever.
    for (let guard = 0; hasMore && after && guard < 10_000; guard++) {
      const page = await this.listItems(threadId, { order: "asc", after, limit: pageSize });
      let added = 0;
      for (const item of page.data) {
        if (!seen.has(item.id)) {
          seen.add(item.id);
          items.push(item);
          added++;
        }
      }
      hasMore = page.has_more && added > 0;
      after = page.after ?? page.data[page.data.length - 1]?.id;
    }
    return { thread: meta, items };
  }

  deleteThread(threadId: string): Promise<Record<string, never>> {
    return this.json("threads.delete", { thread_id: threadId });
  }

  renameThread(threadId: string, title: string): Promise<Thread> {
    return this.json("threads.update", { thread_id: threadId, title });
  }

  /** Phase 1 of a two-phase upload: the attachment, with the `upload_descriptor` for phase 2. */
  createAttachment(name: string, size: number, mimeType: string): Promise<Attachment> {
    return this.json("attachments.create", { name, size, mime_type: mimeType });
  }

  deleteAttachment(attachmentId: string): Promise<Record<string, never>> {
    return this.json("attachments.delete", { attachment_id: attachmentId });
  }

  feedback(threadId: string, itemIds: string[], kind: "positive" | "negative"): Promise<Record<string, never>> {
    return this.json("items.feedback", { thread_id: threadId, item_ids: itemIds, kind });
  }
}

/** The `UserMessageInput` for text typed in the composer, with the ids of uploaded attachments. */
export function textInput(text: string, attachmentIds: readonly string[] = []): UserMessageInput {
  return { content: [{ type: "input_text", text }], attachments: [...attachmentIds], inference_options: {} };
}
