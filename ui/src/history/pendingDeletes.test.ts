//! Delete with Undo: nothing is deleted before the window ends, Undo keeps the threads, a
//! second delete commits the first at once, flush commits what is pending.
// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PendingDeletes, UNDO_MS } from "./pendingDeletes";

describe("PendingDeletes", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("deletes after the Undo window, not before", () => {
    const committed: string[][] = [];
    const changes: unknown[] = [];
    const d = new PendingDeletes((ids) => committed.push(ids), (p) => changes.push(p));
    d.schedule(["a", "b"], "2 conversations");
    expect(d.current()).toEqual({ ids: ["a", "b"], label: "2 conversations" });
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(committed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(committed).toEqual([["a", "b"]]);
    expect(changes.at(-1)).toBeNull();
  });

  it("Undo deletes nothing, ever", () => {
    const committed: string[][] = [];
    const d = new PendingDeletes((ids) => committed.push(ids), () => {});
    d.schedule(["a"], "A");
    d.undo();
    vi.advanceTimersByTime(UNDO_MS * 3);
    d.flush();
    expect(committed).toEqual([]);
  });

  it("a second delete commits the first at once; flush commits the rest", () => {
    const committed: string[][] = [];
    const d = new PendingDeletes((ids) => committed.push(ids), () => {});
    d.schedule(["a"], "A");
    d.schedule(["b"], "B");
    expect(committed).toEqual([["a"]]);
    d.flush();
    expect(committed).toEqual([["a"], ["b"]]);
    vi.advanceTimersByTime(UNDO_MS);
    expect(committed).toHaveLength(2);
  });
});
