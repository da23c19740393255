//! Tests of failed turns in the page: the failure marker (recognised from its widget tree, drawn
//! as text only), its Retry (sent as `threads.retry_after_item` for the message it names), the
//! `Retry-After` countdown on the marker and on the error banner, and that one failure shows one
//! Retry (the banner steps aside for the marker).
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../test/renderApp";
import { TestBackend, playEvents } from "../test/fakeBackend";
import type { CartStorage } from "../cart/cartStorage";
import type { ChannelLike } from "../platform/backend";
import type { Frame } from "../transport/ipcFetch";
import type { ThreadItem } from "../protocol/types";
import { failureMarkerOf } from "./failureMarker";
import { secondsLeft } from "./RetryButton";

const thread = { id: "thr_1", created_at: "2026-11-23T19:29:58Z", status: { type: "active" }, metadata: {}, items: { data: [], has_more: false } };
const user = (id: string, text: string) => ({ id, thread_id: "thr_1", created_at: "x", type: "user_message", content: [{ type: "input_text", text }], attachments: [], inference_options: {} });
const answer = (id: string, text: string) => ({ id, thread_id: "thr_1", created_at: "x", type: "assistant_message", content: [{ type: "output_text", text, annotations: [] }] });

/** A marker exactly as shop/src/widgets/failure_marker.rs builds it. */
function marker(id: string, question: string, message: string, waitMs?: number, createdAt = new Date().toISOString()) {
  const payload: Record<string, unknown> = { item_id: question };
  if (waitMs !== undefined) payload.retry_after_ms = waitMs;
  return {
    id,
    thread_id: "thr_1",
    created_at: createdAt,
    type: "widget",
    copy_text: `This reply failed: ${message}`,
    widget: {
      id: "shopdesk.failure_marker",
      type: "Card",
      children: [
        { type: "Row", children: [{ type: "Icon", name: "info", color: "danger", size: "md" }, { type: "Text", value: `This reply failed: ${message}`, size: "sm" }], align: "start", gap: 2 },
        {
          type: "Row",
          children: [
            { type: "Spacer" },
            { type: "Button", label: "Retry", onClickAction: { type: "thread.retry_failed_reply", handler: "server", payload, loadingBehavior: "auto", streaming: true }, iconStart: "reload", variant: "outline", size: "sm" },
          ],
        },
      ],
      size: "sm",
    },
  };
}

class MemoryStorage implements CartStorage {
  value: unknown = undefined;
  async load() {
    return this.value;
  }
  async save(lines: unknown) {
    this.value = lines;
  }
  async subscribe() {
    return () => {};
  }
}

function setup(handler: ConstructorParameters<typeof TestBackend>[0]) {
  const backend = new TestBackend(handler, {});
  renderApp(backend, new MemoryStorage());
  return backend;
}

type Req = { type: string; params: Record<string, unknown> };

/** A core whose first answer fails with `error` (after saving a marker unless `withMarker` is false). */
function failingCore(waitMs: number | undefined, withMarker = true) {
  return (req: Req, ch: ChannelLike<Frame>) => {
    if (req.type === "threads.list") return { kind: "json" as const, body: JSON.stringify({ data: [], has_more: false }) };
    if (req.type === "threads.create") {
      const events: unknown[] = [{ type: "thread.created", thread }, { type: "thread.item.done", item: user("u1", "lamps?") }];
      if (withMarker) events.push({ type: "thread.item.done", item: marker("m1", "u1", "The model provider is rate limiting requests.", waitMs) });
      events.push({ type: "error", code: "custom", message: "The model provider is rate limiting requests.", allow_retry: true, ...(waitMs ? { retry_after_ms: waitMs } : {}) });
      playEvents(ch, events);
      return { kind: "stream" as const };
    }
    if (req.type === "threads.retry_after_item") {
      playEvents(ch, [{ type: "thread.item.done", item: answer("a1", "Here are the lamps.") }]);
      return { kind: "stream" as const };
    }
    return { kind: "json" as const, body: "{}" };
  };
}

const bodies = (backend: TestBackend) => backend.callsOf("chatkit_request").map((c) => JSON.parse(String(c.args.body)));

describe("failure markers", () => {
  it("are recognised from their widget tree, and anything else is not a marker", () => {
    const m = failureMarkerOf(marker("m1", "u1", "Down.", 3000, "2026-12-01T10:00:00.000Z") as ThreadItem)!;
    expect(m.text).toBe("This reply failed: Down.");
    expect(m.questionId).toBe("u1");
    expect(m.retryAt).toBe(Date.parse("2026-12-01T10:00:00.000Z") + 3000);
    expect(failureMarkerOf(marker("m1", "u1", "Down.") as ThreadItem)!.retryAt).toBeNull();
    expect(failureMarkerOf(user("u1", "hi") as ThreadItem)).toBeNull();
    expect(failureMarkerOf({ id: "w", thread_id: "t", created_at: "x", type: "widget", widget: { type: "Card", children: [] } } as ThreadItem)).toBeNull();
    const broken = { ...marker("m2", "u1", "x"), widget: { id: "shopdesk.failure_marker", type: "Card", children: "nope" } };
    expect(failureMarkerOf(broken as unknown as ThreadItem)).toEqual({ text: "This reply failed: x", retry: null, questionId: null, retryAt: null });
  });

  it("counts whole seconds down to the deadline", () => {
    expect(secondsLeft(null, 0)).toBe(0);
    expect(secondsLeft(12_000, 0)).toBe(12);
    expect(secondsLeft(12_000, 11_001)).toBe(1);
    expect(secondsLeft(12_000, 12_000)).toBe(0);
    expect(secondsLeft(12_000, 99_000)).toBe(0);
  });

  it("show one failure with one Retry that waits out Retry-After, then retry the question", async () => {
    const backend = setup(failingCore(1500));
    fireEvent.click(screen.getByRole("button", { name: /^Show me products/ }));
    const retry = (await screen.findByRole("button", { name: /Retry in \d s/ })) as HTMLButtonElement;
    expect(retry.id).toBe("marker-retry-button");
    expect(retry.disabled).toBe(true);
    expect(document.querySelectorAll(".retry-button")).toHaveLength(1);
    expect(document.getElementById("error-banner")).toBeNull();
    expect(screen.getByText("This reply failed: The model provider is rate limiting requests.")).toBeTruthy();
    const started = Date.now();
    await waitFor(() => expect(retry.disabled).toBe(false), { timeout: 10_000 });
    console.log(`marker Retry enabled after ${Date.now() - started} ms (Retry-After 1500 ms)`);
    expect(retry.textContent).toContain("Retry");
    expect(retry.textContent).not.toContain(" in ");
    fireEvent.click(retry);
    await screen.findByText("Here are the lamps.");
    expect(bodies(backend).find((b) => b.type === "threads.retry_after_item").params).toEqual({ thread_id: "thr_1", item_id: "u1" });
    expect(document.querySelector(".failure-marker")).toBeNull();
  }, 20_000);

  it("keep their sentence but offer no Retry once a later message follows", async () => {
    setup((req) => {
      if (req.type === "threads.list") return { kind: "json", body: JSON.stringify({ data: [{ ...thread, title: "Lamps" }], has_more: false }) };
      if (req.type === "threads.get_by_id") {
        const items = [user("u1", "lamps?"), marker("m1", "u1", "Provider down."), user("u2", "anything?"), answer("a2", "Sure.")];
        return { kind: "json", body: JSON.stringify({ ...thread, title: "Lamps", items: { data: items, has_more: false } }) };
      }
      return { kind: "json", body: "{}" };
    });
    fireEvent.click(await screen.findByText("Lamps"));
    await screen.findByText("Sure.");
    expect(screen.getByText("This reply failed: Provider down.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Retry/ })).toBeNull();
  });

  it("never run markup from the server's text", async () => {
    setup((req, ch) => {
      if (req.type === "threads.list") return { kind: "json", body: JSON.stringify({ data: [], has_more: false }) };
      playEvents(ch, [{ type: "thread.created", thread }, { type: "thread.item.done", item: user("u1", "x") }, { type: "thread.item.done", item: marker("m1", "u1", '<img src=x onerror="window.__pwned=1">') }]);
      return { kind: "stream" };
    });
    fireEvent.click(screen.getByRole("button", { name: /^Show me products/ }));
    await screen.findByText(/This reply failed: <img/);
    expect(document.querySelector(".failure-marker img")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe("the error banner", () => {
  it("counts down retry_after_ms when no marker came, then retries the last question", async () => {
    const backend = setup(failingCore(1200, false));
    fireEvent.click(screen.getByRole("button", { name: /^Show me products/ }));
    const retry = (await screen.findByRole("button", { name: /Retry in \d s/ })) as HTMLButtonElement;
    expect(retry.id).toBe("retry-button");
    expect(retry.disabled).toBe(true);
    await waitFor(() => expect(retry.disabled).toBe(false), { timeout: 10_000 });
    fireEvent.click(retry);
    await screen.findByText("Here are the lamps.");
    expect(bodies(backend).find((b) => b.type === "threads.retry_after_item").params.item_id).toBe("u1");
  }, 20_000);
});
