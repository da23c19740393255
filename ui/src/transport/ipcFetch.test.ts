//! Tests of the IPC `fetch` shim against Contract 1, with a fake invoke and channel.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { TestBackend } from "../test/fakeBackend";
import { createIpcFetch, statusForError, takeDirectEvents, type EventFrame, type Frame } from "./ipcFetch";
import { requestLog } from "./requestLog";
import type { ChannelLike } from "../platform/backend";

const body = (type: string, params: Record<string, unknown> = {}) => JSON.stringify({ type, params, metadata: {} });
const post = (b: string, signal?: AbortSignal): RequestInit => ({ method: "POST", body: b, signal });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("createIpcFetch", () => {
  it("answers JSON requests with an application/json Response and logs the type", async () => {
    const backend = new TestBackend(() => ({ kind: "json", body: '{"data":[],"has_more":false}' }));
    const res = await createIpcFetch(backend)("https://x.invalid", post(body("threads.list")));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ data: [], has_more: false });
    const call = backend.callsOf("chatkit_request")[0];
    expect(call.args.body).toBe(body("threads.list"));
    expect(typeof call.args.runId).toBe("string");
    expect(call.args.onEvent).toBeDefined();
    expect(requestLog()).toEqual(["threads.list"]);
  });

  it("turns channel frames into an SSE body, including frames sent before invoke resolved", async () => {
    const backend = new TestBackend((_req, channel) => {
      channel.onmessage({ kind: "event", at: 1, event: { type: "stream_options", stream_options: { allow_cancel: true } } });
      setTimeout(() => {
        channel.onmessage({ kind: "event", at: 2, event: { type: "progress_update", text: "é…" } });
        channel.onmessage({ kind: "end" });
        channel.onmessage({ kind: "event", at: 3, event: { type: "late" } }); // after end: ignored
      }, 0);
      return { kind: "stream" };
    });
    const res = await createIpcFetch(backend)("u", post(body("threads.create")));
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(await res.text()).toBe(
      'data: {"type":"stream_options","stream_options":{"allow_cancel":true}}\n\ndata: {"type":"progress_update","text":"é…"}\n\n',
    );
    expect(backend.callsOf("chatkit_cancel")).toHaveLength(0);
  });

  it("errors the body on an error frame", async () => {
    const backend = new TestBackend((_req, channel) => {
      setTimeout(() => {
        channel.onmessage({ kind: "event", at: 1, event: { type: "x" } });
        channel.onmessage({ kind: "error", message: "run failed" });
      }, 0);
      return { kind: "stream" };
    });
    const res = await createIpcFetch(backend)("u", post(body("threads.add_user_message")));
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: {"type":"x"}\n\n');
    await expect(reader.read()).rejects.toThrow("run failed");
  });

  it("cancels the run when the signal aborts", async () => {
    let channel!: ChannelLike<Frame>;
    const backend = new TestBackend((_req, ch) => {
      channel = ch;
      return { kind: "stream" };
    });
    const controller = new AbortController();
    const res = await createIpcFetch(backend)("u", post(body("threads.create"), controller.signal));
    const reader = res.body!.getReader();
    channel.onmessage({ kind: "event", at: 1, event: {} });
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    await tick();
    const cancels = backend.callsOf("chatkit_cancel");
    expect(cancels).toHaveLength(1);
    expect(cancels[0].args.runId).toBe(backend.callsOf("chatkit_request")[0].args.runId);
    channel.onmessage({ kind: "end" }); // late end after abort must not throw
  });

  it("cancels the run when the reader cancels the body", async () => {
    const backend = new TestBackend(() => ({ kind: "stream" }));
    const res = await createIpcFetch(backend)("u", post(body("threads.custom_action")));
    await res.body!.cancel();
    await tick();
    expect(backend.callsOf("chatkit_cancel")).toHaveLength(1);
  });

  it("does not cancel a stream that ended normally", async () => {
    const controller = new AbortController();
    const backend = new TestBackend((_req, ch) => {
      setTimeout(() => ch.onmessage({ kind: "end" }), 0);
      return { kind: "stream" };
    });
    const res = await createIpcFetch(backend)("u", post(body("threads.create"), controller.signal));
    expect(await res.text()).toBe("");
    controller.abort();
    await tick();
    expect(backend.callsOf("chatkit_cancel")).toHaveLength(0);
  });

  it("rejects with AbortError when already aborted, without invoking", async () => {
    const backend = new TestBackend();
    const controller = new AbortController();
    controller.abort();
    await expect(createIpcFetch(backend)("u", post(body("threads.create"), controller.signal))).rejects.toMatchObject({ name: "AbortError" });
    expect(backend.calls).toHaveLength(0);
  });

  it.each([
    ["invalid_request", 400],
    ["not_found", 404],
    ["internal", 500],
    ["something_else", 500],
  ])("maps a %s rejection to HTTP %i with the message", async (code, status) => {
    const backend = new TestBackend(() => {
      throw { code, message: `boom ${code}` };
    });
    const res = await createIpcFetch(backend)("u", post(body("threads.get_by_id", { thread_id: "nope" })));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: code, message: `boom ${code}` });
  });

  it("treats a plain string rejection as a 500", async () => {
    expect(statusForError("oops")).toBe(500);
    const backend = new TestBackend(() => {
      throw "oops";
    });
    const res = await createIpcFetch(backend)("u", post(body("threads.list")));
    expect(res.status).toBe(500);
    expect((await res.json()).message).toBe("oops");
  });

  it("refuses non-string bodies with 400 and logs malformed bodies as (invalid)", async () => {
    const backend = new TestBackend(() => ({ kind: "json", body: "{}" }));
    const f = createIpcFetch(backend);
    const form = new FormData();
    form.set("file", "x");
    expect((await f("u", { method: "POST", body: form })).status).toBe(400);
    await f("u", post("not json"));
    expect(requestLog()).toEqual(["(invalid)"]);
  });

  it("gives every request its own run id", async () => {
    const backend = new TestBackend(() => ({ kind: "json", body: "{}" }));
    const f = createIpcFetch(backend);
    await f("u", post(body("threads.list")));
    await f("u", post(body("threads.list")));
    const ids = backend.callsOf("chatkit_request").map((c) => c.args.runId);
    expect(new Set(ids).size).toBe(2);
  });

  describe("direct events (Contract 8)", () => {
    it("hands the events to their reader as objects, with the core's stamps, and leaves the body empty", async () => {
      const backend = new TestBackend((_req, channel) => {
        channel.onmessage({ kind: "event", at: 10.5, event: { type: "stream_options", stream_options: { allow_cancel: true } } });
        setTimeout(() => {
          channel.onmessage({ kind: "event", at: 11, event: { type: "progress_update", text: "é…" } });
          channel.onmessage({ kind: "end" });
          channel.onmessage({ kind: "event", at: 12, event: { type: "late" } });
        }, 0);
        return { kind: "stream" };
      });
      const res = await createIpcFetch(backend)("u", post(body("threads.create")));
      const direct = takeDirectEvents(res)!;
      expect(direct).toBeDefined();
      expect(takeDirectEvents(res)).toBeUndefined(); // taken once
      const got: EventFrame[] = [];
      await direct.read((f) => got.push(f));
      expect(got).toEqual([
        { at: 10.5, event: { type: "stream_options", stream_options: { allow_cancel: true } } },
        { at: 11, event: { type: "progress_update", text: "é…" } },
      ]);
      expect(await res.text()).toBe("");
      expect(backend.callsOf("chatkit_cancel")).toHaveLength(0);
    });

    it("rejects on an error frame and on abort (which cancels the run)", async () => {
      const failing = new TestBackend((_req, channel) => {
        setTimeout(() => channel.onmessage({ kind: "error", message: "run failed" }), 0);
        return { kind: "stream" };
      });
      const res = await createIpcFetch(failing)("u", post(body("threads.create")));
      await expect(takeDirectEvents(res)!.read(() => {})).rejects.toThrow("run failed");

      const backend = new TestBackend(() => ({ kind: "stream" }));
      const controller = new AbortController();
      const res2 = await createIpcFetch(backend)("u", post(body("threads.create"), controller.signal));
      const reading = takeDirectEvents(res2)!.read(() => {});
      controller.abort();
      await expect(reading).rejects.toMatchObject({ name: "AbortError" });
      await tick();
      expect(backend.callsOf("chatkit_cancel")).toHaveLength(1);
    });

    it("is not offered once the body is being read, nor for JSON answers", async () => {
      const backend = new TestBackend((_req, channel) => {
        setTimeout(() => {
          channel.onmessage({ kind: "event", at: 1, event: { type: "x" } });
          channel.onmessage({ kind: "end" });
        }, 0);
        return { kind: "stream" };
      });
      const res = await createIpcFetch(backend)("u", post(body("threads.create")));
      const text = res.text();
      await expect(takeDirectEvents(res)!.read(() => {})).rejects.toThrow("already being read");
      expect(await text).toBe('data: {"type":"x"}\n\n');
      const json = await createIpcFetch(new TestBackend())("u", post(body("threads.list")));
      expect(takeDirectEvents(json)).toBeUndefined();
    });
  });
});
