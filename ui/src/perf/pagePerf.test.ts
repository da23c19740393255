//! The page's timing figures: a stamped event is counted once, when its state is committed.
import { describe, expect, it } from "vitest";
import { noteEventDispatched, noteEventsApplied, pagePerf } from "./pagePerf";

describe("pagePerf", () => {
  it("turns core stamps into core → applied latencies, once each", () => {
    const perf = pagePerf();
    perf.eventLatencyMs.length = 0;
    perf.eventDispatchMs.length = 0;
    const now = performance.timeOrigin + performance.now();
    noteEventDispatched(now - 3);
    noteEventDispatched(undefined); // not stamped (HTTP): not counted
    noteEventDispatched(Number.NaN);
    noteEventsApplied();
    noteEventsApplied(); // nothing new
    expect(perf.eventLatencyMs).toHaveLength(1);
    expect(perf.eventLatencyMs[0]).toBeGreaterThanOrEqual(3);
    expect(perf.eventLatencyMs[0]).toBeLessThan(1000);
    expect(perf.eventDispatchMs).toHaveLength(1); // the transport's share, noted at dispatch
    expect(perf.eventDispatchMs[0]).toBeGreaterThanOrEqual(3);
    expect(perf.eventDispatchMs[0]).toBeLessThanOrEqual(perf.eventLatencyMs[0]);
  });
});
