//! What a streamed event draws again in the app shell: the thread view, and not the header, the
//! history sidebar, the composer or the cart drawer. App holds the chat state, so every event
//! renders App; its children are memo components with stable props, or a 200-row stream would
//! draw the whole shell 200 times (issue 14, item 2: core → reducer latency).
//! Each part is recognised by an icon only it draws, counted where lucide-react draws it.
import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ComponentType } from "react";
import { renderApp } from "../test/renderApp";
import { TestBackend } from "../test/fakeBackend";
import type { ChannelLike } from "../platform/backend";
import type { Frame } from "../transport/ipcFetch";

const draws = new Map<string, number>();

vi.mock("lucide-react", async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const counted = (name: string, part: string, when: (p: Record<string, unknown>) => boolean = () => true) => {
    const Icon = real[name] as ComponentType<Record<string, unknown>>;
    return function Counted(props: Record<string, unknown>) {
      if (when(props)) draws.set(part, (draws.get(part) ?? 0) + 1);
      return <Icon {...props} />;
    };
  };
  return {
    ...real,
    PanelLeft: counted("PanelLeft", "header"),
    Plus: counted("Plus", "sidebar", (p) => p.width === 16),
    ArrowUp: counted("ArrowUp", "composer"),
    ShoppingBag: counted("ShoppingBag", "cart drawer", (p) => p.width === 40),
  };
});

const thread = { id: "thr_1", created_at: "2026-12-07T10:00:00Z", status: { type: "active" }, metadata: {}, items: { data: [], has_more: false } };
const text = (t: string) => ({ type: "output_text", text: t, annotations: [] });

describe("the app shell during a stream", () => {
  it("draws the thread view for each event, and not the header, sidebar, composer or cart drawer", async () => {
    let channel: ChannelLike<Frame> | null = null;
    const backend = new TestBackend((req, ch) => {
      if (req.type === "threads.create") {
        channel = ch;
        return { kind: "stream" as const };
      }
      return { kind: "json" as const, body: JSON.stringify({ data: [], has_more: false }) };
    });
    renderApp(backend);
    const input = await screen.findByRole("textbox", { name: "Message" });
    fireEvent.change(input, { target: { value: "hello" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await vi.waitFor(() => expect(channel).not.toBeNull());
    const send = (event: unknown) => act(() => channel!.onmessage({ kind: "event", at: Date.now(), event }));
    await send({ type: "thread.created", thread });
    await send({ type: "thread.item.added", item: { id: "m1", thread_id: "thr_1", created_at: "x", type: "assistant_message", content: [text("")] } });
    await vi.waitFor(() => expect(document.querySelector('[data-item-id="m1"]')).not.toBeNull());

    const before = new Map(draws);
    const words = 20;
    for (let i = 0; i < words; i++) {
      await send({ type: "thread.item.updated", item_id: "m1", update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: `w${i} ` } });
    }
    expect(document.querySelector('[data-item-id="m1"]')!.textContent).toContain(`w${words - 1}`);
    for (const part of ["header", "sidebar", "composer", "cart drawer"]) {
      expect(before.get(part), `${part} was drawn before the stream`).toBeGreaterThan(0);
      expect(`${part}: ${(draws.get(part) ?? 0) - (before.get(part) ?? 0)} draws`).toBe(`${part}: 0 draws`);
    }
    await act(() => channel!.onmessage({ kind: "end" }));
  });
});
