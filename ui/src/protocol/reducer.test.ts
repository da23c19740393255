//! Tests of the thread reducer, driven by the reference SDK's recorded event streams.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioNames } from "../test/fixtures";
import { applyEvent, emptyThreadState, threadReducer, type ThreadState } from "./reducer";
import type { ThreadItem, ThreadStreamEvent } from "./types";

function streamEvents(name: string): ThreadStreamEvent[][] {
  return loadScenario(name)
    .steps.map((s) => (s.response.kind === "stream" ? (s.response.events as ThreadStreamEvent[]) : null))
    .filter((e): e is ThreadStreamEvent[] => e !== null);
}

function replay(events: ThreadStreamEvent[], state: ThreadState = emptyThreadState): ThreadState {
  return events.reduce(applyEvent, state);
}

/** Each content part as rebuilt from deltas, next to the final part its `content_part.done` carries. */
function partsBeforeDone(events: ThreadStreamEvent[]): Array<{ before: unknown; done: unknown }> {
  const out: Array<{ before: unknown; done: unknown }> = [];
  let state = emptyThreadState;
  for (const e of events) {
    if (e.type === "thread.item.updated" && e.update.type === "assistant_message.content_part.done") {
      const item = state.items.find((i) => i.id === e.item_id);
      const part = item && item.type === "assistant_message" ? item.content[e.update.content_index] : undefined;
      out.push({ before: part, done: e.update.content });
    }
    state = applyEvent(state, e);
  }
  return out;
}

/** Items as they stand right before each `thread.item.done` of a streamed (added) item. */
function preDoneSnapshots(events: ThreadStreamEvent[]): Array<{ before: ThreadItem; done: ThreadItem }> {
  const out: Array<{ before: ThreadItem; done: ThreadItem }> = [];
  let state = emptyThreadState;
  for (const e of events) {
    if (e.type === "thread.item.done" && state.streamingIds.includes(e.item.id)) {
      const before = state.items.find((i) => i.id === e.item.id)!;
      out.push({ before, done: e.item });
    }
    state = applyEvent(state, e);
  }
  return out;
}

describe("reducer on every conformance scenario", () => {
  const names = scenarioNames();
  it("finds the fixtures", () => {
    expect(names.length).toBeGreaterThan(40);
  });

  it("rebuilds streamed text parts exactly (checked on every fixture that streams text)", () => {
    let compared = 0;
    for (const name of names) {
      for (const events of streamEvents(name)) {
        for (const { before, done } of partsBeforeDone(events)) {
          expect(before, name).toEqual(done);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(5);
  });

  it.each(names)("%s: every streamed item is rebuilt from its deltas exactly as its done event", (name) => {
    for (const events of streamEvents(name)) {
      for (const { before, done } of preDoneSnapshots(events)) {
        if (done.type === "assistant_message") expect(before).toEqual(done);
        if (done.type === "workflow" && before.type === "workflow") expect(before.workflow.tasks).toEqual(done.workflow.tasks);
      }
      const final = replay(events);
      // After the stream, every item equals the last event that carried it.
      for (const e of events) {
        if (e.type === "thread.item.done" || e.type === "thread.item.replaced") {
          const later = events.slice(events.indexOf(e) + 1).some((x) => "item" in x && (x as { item: ThreadItem }).item.id === e.item.id);
          const updatedLater = events.slice(events.indexOf(e) + 1).some((x) => x.type === "thread.item.updated" && x.item_id === e.item.id);
          const removed = events.some((x) => x.type === "thread.item.removed" && x.item_id === e.item.id);
          if (!later && !updatedLater && !removed) expect(final.items.find((i) => i.id === e.item.id)).toEqual(e.item);
        }
      }
      expect(final.streamingIds.filter((id) => events.some((e) => e.type === "thread.item.done" && e.item.id === id))).toEqual([]);
    }
  });
});

describe("widget streaming (widget_stream.json)", () => {
  const [events] = streamEvents("widget_stream");

  it("ends with the same widget as its done event", () => {
    const done = events.filter((e) => e.type === "thread.item.done" && e.item.type === "widget").pop()!;
    const final = replay(events);
    const item = final.items.find((i) => i.id === (done as { item: ThreadItem }).item.id)!;
    expect(item).toEqual((done as { item: ThreadItem }).item);
  });

  it("applies value deltas to the Text with that id while streaming", () => {
    const addedIdx = events.findIndex((e) => e.type === "thread.item.added");
    const added = events[addedIdx] as { item: ThreadItem };
    const afterDeltas = replay(events.slice(0, addedIdx + 3));
    const widget = afterDeltas.items.find((i) => i.id === added.item.id);
    expect(widget?.type).toBe("widget");
    const text = JSON.stringify(widget);
    expect(text).toContain('"id":"summary","type":"Text","value":"Found 2 lamps"');
  });

  it("matches the last root update before done (id-less appends only show at done)", () => {
    const snapshots = preDoneSnapshots(events).filter((s) => s.done.type === "widget");
    expect(snapshots.length).toBe(1);
    const lastRoot = [...events].reverse().find((e) => e.type === "thread.item.updated" && e.update.type === "widget.root.updated") as {
      update: { widget: unknown };
    };
    expect((snapshots[0].before as { widget: unknown }).widget).toEqual(lastRoot.update.widget);
  });
});

describe("event semantics", () => {
  const item = (id: string, extra: Partial<ThreadItem> = {}): ThreadItem =>
    ({ id, thread_id: "t", created_at: "x", type: "assistant_message", content: [], ...extra }) as ThreadItem;

  it("content parts: added, deltas, annotation insert, done", () => {
    let s = applyEvent(emptyThreadState, { type: "thread.item.added", item: item("m") });
    s = applyEvent(s, { type: "thread.item.updated", item_id: "m", update: { type: "assistant_message.content_part.text_delta", content_index: 1, delta: "B" } });
    s = applyEvent(s, { type: "thread.item.updated", item_id: "m", update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: "A" } });
    const ann = { type: "annotation" as const, source: { type: "url" as const, title: "T", url: "https://e.x" } };
    s = applyEvent(s, { type: "thread.item.updated", item_id: "m", update: { type: "assistant_message.content_part.annotation_added", content_index: 0, annotation_index: 5, annotation: ann } });
    const m = s.items[0] as Extract<ThreadItem, { type: "assistant_message" }>;
    expect(m.content.map((c) => c.text)).toEqual(["A", "B"]);
    expect(m.content[0].annotations).toEqual([ann]);
  });

  it("widget.component.updated replaces the component with that id, also inside a Transition", () => {
    const w = { id: "w", thread_id: "t", created_at: "x", type: "widget", widget: { type: "Card", children: [{ type: "Transition", children: { id: "c", type: "Text", value: "old" } }] } } as ThreadItem;
    let s = applyEvent(emptyThreadState, { type: "thread.item.done", item: w });
    s = applyEvent(s, { type: "thread.item.updated", item_id: "w", update: { type: "widget.component.updated", component_id: "c", component: { id: "c", type: "Badge", label: "new" } } });
    expect(JSON.stringify(s.items[0])).toContain('"children":{"id":"c","type":"Badge","label":"new"}');
  });

  it("progress is transient, notices accumulate, errors keep allow_retry", () => {
    let s = applyEvent(emptyThreadState, { type: "progress_update", text: "Searching" });
    expect(s.progress?.text).toBe("Searching");
    s = applyEvent(s, { type: "thread.item.added", item: item("m") });
    expect(s.progress).toBeNull();
    s = applyEvent(s, { type: "notice", level: "info", message: "a" });
    s = applyEvent(s, { type: "notice", level: "warning", message: "b" });
    expect(s.notices.map((n) => n.message)).toEqual(["a", "b"]);
    s = applyEvent(s, { type: "error", code: "stream.error", allow_retry: true });
    expect(s.error).toEqual({ type: "error", code: "stream.error", allow_retry: true });
    s = threadReducer(s, { kind: "dismiss_notice", index: 0 });
    expect(s.notices.map((n) => n.message)).toEqual(["b"]);
  });

  it("removed and replaced items, updates for unknown items are ignored", () => {
    let s = applyEvent(emptyThreadState, { type: "thread.item.done", item: item("a") });
    s = applyEvent(s, { type: "thread.item.done", item: item("b") });
    const same = applyEvent(s, { type: "thread.item.updated", item_id: "zzz", update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: "x" } });
    expect(same).toBe(s);
    s = applyEvent(s, { type: "thread.item.replaced", item: item("a", { content: [{ type: "output_text", text: "new", annotations: [] }] } as Partial<ThreadItem>) });
    expect(s.items.map((i) => i.id)).toEqual(["a", "b"]);
    s = applyEvent(s, { type: "thread.item.removed", item_id: "a" });
    expect(s.items.map((i) => i.id)).toEqual(["b"]);
  });

  it("truncate_after drops the items after the retried user message", () => {
    const user = { id: "u1", thread_id: "t", created_at: "x", type: "user_message", content: [], attachments: [] } as ThreadItem;
    let s = threadReducer(emptyThreadState, { kind: "load", thread: { id: "t", created_at: "x", status: { type: "active" } }, items: [item("a"), user, item("b"), item("c")] });
    s = threadReducer(s, { kind: "truncate_after", itemId: "u1" });
    expect(s.items.map((i) => i.id)).toEqual(["a", "u1"]);
  });

  it("thread.created / thread.updated set metadata without items", () => {
    const [events] = streamEvents("title");
    const s = replay(events);
    expect(s.thread?.title).toBeTruthy();
    expect((s.thread as unknown as { items?: unknown }).items).toBeUndefined();
  });
});
