//! Tests of the ChatKit client over the IPC shim with a fake backend.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { TestBackend, playEvents } from "../test/fakeBackend";
import { createIpcFetch } from "../transport/ipcFetch";
import { requestLog } from "../transport/requestLog";
import type { ThreadItem, ThreadStreamEvent } from "../protocol/types";
import { ChatKitClient, textInput } from "./chatkitClient";
import { ChatKitRequestError } from "./errors";

const msg = (id: string): ThreadItem => ({ id, thread_id: "thr_1", created_at: "x", type: "assistant_message", content: [{ type: "output_text", text: id, annotations: [] }] });

describe("ChatKitClient", () => {
  it("streams events of threads.create with the reference request body", async () => {
    const events = [
      { type: "thread.created", thread: { id: "thr_1", created_at: "x", status: { type: "active" }, metadata: {}, items: { data: [], has_more: false } } },
      { type: "stream_options", stream_options: { allow_cancel: true } },
      { type: "progress_update", text: "Working…" },
    ];
    let seen: unknown;
    const backend = new TestBackend((req, ch) => {
      seen = req;
      playEvents(ch, events);
      return { kind: "stream" };
    });
    const got: ThreadStreamEvent[] = [];
    await new ChatKitClient(createIpcFetch(backend)).createThread(textInput("hi"), { onEvent: (e) => got.push(e) });
    expect(seen).toEqual({ type: "threads.create", params: { input: { content: [{ type: "input_text", text: "hi" }], attachments: [], inference_options: {} } }, metadata: {} });
    expect(got).toEqual(events);
  });

  it("reports invalid frames without stopping the stream", async () => {
    const backend = new TestBackend((_r, ch) => {
      setTimeout(() => {
        ch.onmessage({ kind: "event", at: 1, event: { level: "no type" } });
        ch.onmessage({ kind: "event", at: 2, event: { type: "notice", level: "info", message: "m" } });
        ch.onmessage({ kind: "end" });
      }, 0);
      return { kind: "stream" };
    });
    const bad: string[] = [];
    const got: ThreadStreamEvent[] = [];
    await new ChatKitClient(createIpcFetch(backend)).addUserMessage("thr_1", textInput("x"), { onEvent: (e) => got.push(e), onInvalidEvent: (raw) => bad.push(raw) });
    expect(bad).toEqual(['{"level":"no type"}']);
    expect(got.map((e) => e.type)).toEqual(["notice"]);
  });

  it("over HTTP, passes the core's emit stamp of an event (: at=<ms>) on with it", async () => {
    const body = ': at=1765100000123.5\ndata: {"type":"progress_update","text":"a"}\n\ndata: {"type":"progress_update","text":"b"}\n\n';
    const fetchSse = async () => new Response(body, { headers: { "content-type": "text/event-stream" } });
    const got: Array<[string, number | undefined]> = [];
    await new ChatKitClient(fetchSse, "http://127.0.0.1:8000/chatkit").addUserMessage("thr_1", textInput("x"), {
      onEvent: (e, meta) => got.push([(e as { text: string }).text, meta?.emittedAt]),
    });
    expect(got).toEqual([["a", 1765100000123.5], ["b", undefined]]);
  });

  it("loads a long thread fully: get_by_id then items.list ascending after the last id", async () => {
    const all = Array.from({ length: 45 }, (_, i) => msg(`m${i}`));
    const backend = new TestBackend((req) => {
      const p = req.params as { after?: string; limit?: number; order?: string };
      if (req.type === "threads.get_by_id") {
        return { kind: "json", body: JSON.stringify({ id: "thr_1", created_at: "x", status: { type: "active" }, metadata: {}, items: { data: all.slice(0, 20), has_more: true, after: "m19" } }) };
      }
      expect(req.type).toBe("items.list");
      expect(p.order).toBe("asc");
      const start = all.findIndex((m) => m.id === p.after) + 1;
      const data = all.slice(start, start + 10);
      const has_more = start + 10 < all.length;
      return { kind: "json", body: JSON.stringify({ data, has_more, ...(has_more ? { after: data[data.length - 1].id } : {}) }) };
    });
    const { thread, items } = await new ChatKitClient(createIpcFetch(backend)).loadThreadFully("thr_1", 10);
    expect(thread.id).toBe("thr_1");
    expect(items.map((i) => i.id)).toEqual(all.map((m) => m.id));
    expect(requestLog()).toEqual(["threads.get_by_id", "items.list", "items.list", "items.list"]);
  });

  it("stops paging when the server makes no progress", async () => {
    const backend = new TestBackend((req) =>
      req.type === "threads.get_by_id"
        ? { kind: "json", body: JSON.stringify({ id: "t", created_at: "x", status: { type: "active" }, items: { data: [msg("a")], has_more: true, after: "a" } }) }
        : { kind: "json", body: JSON.stringify({ data: [msg("a")], has_more: true, after: "a" }) },
    );
    const { items } = await new ChatKitClient(createIpcFetch(backend)).loadThreadFully("t");
    expect(items.map((i) => i.id)).toEqual(["a"]);
  });

  it("sends the JSON requests with the right params", async () => {
    const bodies: unknown[] = [];
    const backend = new TestBackend((req) => {
      bodies.push(req);
      return { kind: "json", body: req.type === "threads.sync_custom_action" ? JSON.stringify({ updated_item: msg("w") }) : "{}" };
    });
    const c = new ChatKitClient(createIpcFetch(backend));
    await c.listThreads({ limit: 5 });
    await c.renameThread("t", "New name");
    await c.deleteThread("t");
    await c.feedback("t", ["m1"], "positive");
    const res = await c.syncCustomAction("t", "w", { type: "count", payload: { n: 1 } });
    expect(res.updated_item?.id).toBe("w");
    expect(bodies.map((b) => (b as { type: string; params: unknown }).params)).toEqual([
      { limit: 5 },
      { thread_id: "t", title: "New name" },
      { thread_id: "t" },
      { thread_id: "t", item_ids: ["m1"], kind: "positive" },
      { thread_id: "t", item_id: "w", action: { type: "count", payload: { n: 1 } } },
    ]);
  });

  it("turns IPC rejections into ChatKitRequestError with status and message", async () => {
    const backend = new TestBackend(() => {
      throw { code: "not_found", message: "thread thr_x not found" };
    });
    const err = await new ChatKitClient(createIpcFetch(backend)).getThread("thr_x").catch((e) => e);
    expect(err).toBeInstanceOf(ChatKitRequestError);
    expect(err).toMatchObject({ status: 404, code: "not_found", message: "thread thr_x not found" });
  });

  it("stop (abort) ends the stream without an error and cancels the run", async () => {
    const backend = new TestBackend((_r, ch) => {
      setTimeout(() => ch.onmessage({ kind: "event", at: 1, event: { type: "progress_update", text: "x" } }), 0);
      return { kind: "stream" };
    });
    const controller = new AbortController();
    const got: string[] = [];
    const p = new ChatKitClient(createIpcFetch(backend)).retryAfterItem("t", "u1", {
      signal: controller.signal,
      onEvent: (e) => {
        got.push(e.type);
        controller.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(got).toEqual(["progress_update"]);
    await new Promise((r) => setTimeout(r, 0));
    expect(backend.callsOf("chatkit_cancel")).toHaveLength(1);
  });
});
