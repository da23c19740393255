//! The page's timing figures: a stamped event is counted once, when its state is committed.
import { describe, expect, it } from "vitest";
import { noteEventDispatched, noteEventsApplied, pagePerf } from "./pagePerf";

describe("pagePerf", () => {
  it("turns core stamps into core → applied latencies, once each", () => {
    const perf = pagePerf();
    perf.eventLatencyMs.length = 0;
    const now = performance.timeOrigin + performance.now();
    noteEventDispatched(now - 3);
    noteEventDispatched(undefined); // not stamped (HTTP): not counted
    noteEventDispatched(Number.NaN);
    noteEventsApplied();
    noteEventsApplied(); // nothing new
    expect(perf.eventLatencyMs).toHaveLength(1);
    expect(perf.eventLatencyMs[0]).toBeGreaterThanOrEqual(3);
    expect(perf.eventLatencyMs[0]).toBeLessThan(1000);
  });
});
