//! A long thread opens at its end and pages back to its first item; a short one comes whole;
//! repeated ids are dropped and a page that adds nothing ends the paging.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Page, Thread, ThreadItem } from "../protocol/types";
import { loadOlder, openAtEnd } from "./threadPaging";

function items(n: number): ThreadItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `m${i}`, thread_id: "thr", created_at: "2026-01-01T00:00:00", type: "end_of_turn" }) as ThreadItem);
}

/** A store of `all` items answering like the core: keyset pages, `after` = last id of the page. */
function fakeClient(all: ThreadItem[]) {
  const calls: Array<Record<string, unknown>> = [];
  const page = (order: "asc" | "desc", after: string | undefined, limit: number): Page<ThreadItem> => {
    const ordered = order === "asc" ? all : [...all].reverse();
    const start = after ? ordered.findIndex((i) => i.id === after) + 1 : 0;
    const data = ordered.slice(start, start + limit);
    const has_more = start + limit < ordered.length;
    return has_more ? { data, has_more, after: data[data.length - 1].id } : { data, has_more };
  };
  return {
    calls,
    getThread: async (id: string): Promise<Thread> => {
      calls.push({ type: "get", id });
      return { id, created_at: "2026-01-01T00:00:00", status: { type: "active" }, items: page("asc", undefined, 20) } as Thread;
    },
    listItems: async (_id: string, p: { limit?: number; order?: "asc" | "desc"; after?: string } = {}) => {
      calls.push({ type: "list", ...p });
      return page(p.order ?? "asc", p.after, p.limit ?? 20);
    },
  };
}

describe("threadPaging", () => {
  it("opens 2,000 items at the end and pages back to the first, oldest first", async () => {
    const all = items(2000);
    const client = fakeClient(all);
    const opened = await openAtEnd(client, "thr", 50);
    expect(opened.items.map((i) => i.id)).toEqual(all.slice(1950).map((i) => i.id));
    expect(client.calls[1]).toEqual({ type: "list", order: "desc", limit: 50 });
    let shown = opened.items;
    let cursor = opened.olderCursor;
    let pages = 0;
    while (cursor) {
      const older = await loadOlder(client, "thr", cursor, new Set(shown.map((i) => i.id)), 50);
      shown = [...older.items, ...shown];
      cursor = older.olderCursor;
      pages++;
    }
    expect(pages).toBe(39);
    expect(shown.map((i) => i.id)).toEqual(all.map((i) => i.id));
  });

  it("takes a short thread whole from threads.get_by_id", async () => {
    const client = fakeClient(items(5));
    const opened = await openAtEnd(client, "thr");
    expect(opened.items).toHaveLength(5);
    expect(opened.olderCursor).toBeNull();
    expect(client.calls).toEqual([{ type: "get", id: "thr" }]);
  });

  it("drops ids already shown and stops when a page adds nothing", async () => {
    const all = items(10);
    const repeating = { getThread: fakeClient(all).getThread, listItems: async () => ({ data: all.slice(0, 3), has_more: true, after: "m2" }) };
    const older = await loadOlder(repeating, "thr", "m5", new Set(["m0", "m1", "m2"]));
    expect(older).toEqual({ items: [], olderCursor: null });
  });
});
