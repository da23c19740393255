//! The page's timing figures: a stamped event is counted once, when its state is committed.
import { afterEach, describe, expect, it, vi } from "vitest";
import { epochNow, noteEventDispatched, noteEventsApplied, pagePerf, watchFirstPaint } from "./pagePerf";

describe("pagePerf", () => {
  it("turns core stamps into core → applied latencies, once each", () => {
    const perf = pagePerf();
    perf.eventLatencyMs.length = 0;
    perf.eventDispatchMs.length = 0;
    perf.eventsPerCommit.length = 0;
    const now = performance.timeOrigin + performance.now();
    noteEventDispatched(now - 3);
    noteEventDispatched(undefined); // not stamped (HTTP without --stamp-events): not counted
    noteEventDispatched(Number.NaN);
    noteEventsApplied();
    noteEventsApplied(); // nothing new
    noteEventDispatched(now - 2);
    noteEventDispatched(now - 1);
    noteEventsApplied();
    expect(perf.eventsPerCommit).toEqual([1, 2]); // each commit, with how many events it applied
    expect(perf.eventLatencyMs).toHaveLength(3);
    expect(perf.eventLatencyMs[0]).toBeGreaterThanOrEqual(3);
    expect(perf.eventLatencyMs[0]).toBeLessThan(1000);
    expect(perf.eventDispatchMs).toHaveLength(3); // the transport's share, noted at dispatch
    expect(perf.eventDispatchMs[0]).toBeGreaterThanOrEqual(3);
    expect(perf.eventDispatchMs[0]).toBeLessThanOrEqual(perf.eventLatencyMs[0]);
  });
});

describe("epochNow", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is the wall clock when the page's fine clock has drifted from it", () => {
    // The fine clock (timeOrigin + now) runs 50 ms behind the wall clock.
    const wall = performance.timeOrigin + performance.now() + 50;
    vi.spyOn(Date, "now").mockReturnValue(wall);
    expect(epochNow()).toBe(wall + 0.5); // the middle of the millisecond Date.now() rounds down
    noteEventDispatched(wall - 2);
    const perf = pagePerf();
    expect(perf.eventDispatchMs.at(-1)).toBe(2.5); // not -48
    noteEventsApplied();
  });

  it("keeps the fine clock's sub-millisecond steps while the two agree", () => {
    const fine = performance.timeOrigin + performance.now();
    vi.spyOn(Date, "now").mockReturnValue(Math.floor(fine));
    expect(Math.abs(epochNow() - fine)).toBeLessThan(1);
  });
});

describe("watchFirstPaint", () => {
  it("stamps the frame that first holds the element, then the frame after it", async () => {
    const perf = pagePerf();
    perf.composerPaintedAt = null;
    perf.composerShownAt = null;
    watchFirstPaint("#first-paint-probe");
    await nextFrame();
    await nextFrame();
    expect(perf.composerPaintedAt).toBeNull(); // not in the page yet
    const el = document.createElement("textarea");
    el.id = "first-paint-probe";
    const added = performance.now();
    document.body.append(el);
    for (let i = 0; i < 4 && perf.composerShownAt === null; i++) await nextFrame();
    expect(perf.composerPaintedAt).not.toBeNull();
    expect(perf.composerPaintedAt!).toBeGreaterThanOrEqual(added - 1);
    expect(perf.composerShownAt!).toBeGreaterThanOrEqual(perf.composerPaintedAt!);
    el.remove();
  });
});

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
