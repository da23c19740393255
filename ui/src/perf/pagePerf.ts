//! The page's own timing figures, readable at `window.__shopdesk.perf` (issue 14 items 2 and 6).
//! Why: the WebDriver performance test (tests/e2e/performance.rs) and scripts/bench-app.sh print
//! how long an event takes from the core emitting it to the thread view having applied it, and
//! when the composer was first painted; both need a clock inside the page, since WebDriver's own
//! round trips are slower than what they measure. Only numbers are kept (never text), at most
//! `MAX_SAMPLES` of them.

/** The figures the page keeps. Times are milliseconds. */
export interface PagePerf {
  /** Core emitted → reducer applied and the DOM committed, one per streamed event. */
  eventLatencyMs: number[];
  /** Core emitted → parsed and handed to the reducer (the transport's share), one per event. */
  eventDispatchMs: number[];
  /** `performance.now()` when the composer was first painted (null until then). */
  composerPaintedAt: number | null;
}

const MAX_SAMPLES = 20_000;
const fallback: PagePerf = { eventLatencyMs: [], eventDispatchMs: [], composerPaintedAt: null };
let emitted: number[] = [];

declare global {
  interface Window {
    __shopdeskPerf?: PagePerf;
  }
}

export function pagePerf(): PagePerf {
  if (typeof window === "undefined") return fallback;
  if (!window.__shopdeskPerf) window.__shopdeskPerf = { eventLatencyMs: [], eventDispatchMs: [], composerPaintedAt: null };
  return window.__shopdeskPerf;
}

/** The page's wall clock in ms since the Unix epoch (the clock the core stamps frames with). */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** An event stamped by the core (`at`, ms since the epoch) was handed to the reducer. */
export function noteEventDispatched(at: number | undefined): void {
  if (typeof at !== "number" || !Number.isFinite(at)) return;
  emitted.push(at);
  keep(pagePerf().eventDispatchMs, epochNow() - at);
}

function keep(out: number[], sample: number): void {
  out.push(sample);
  if (out.length > MAX_SAMPLES) out.splice(0, out.length - MAX_SAMPLES);
}

/** The reducer's state was committed to the DOM: every event dispatched so far is applied. */
export function noteEventsApplied(): void {
  if (emitted.length === 0) return;
  const now = epochNow();
  const out = pagePerf().eventLatencyMs;
  for (const at of emitted) keep(out, now - at);
  emitted = [];
}

/** Records the first frame painted with an element matching `selector` in the page. */
export function watchFirstPaint(selector: string): void {
  if (typeof window === "undefined" || typeof requestAnimationFrame !== "function") return;
  const check = () => {
    if (!document.querySelector(selector)) {
      requestAnimationFrame(check);
      return;
    }
    // This callback runs before the frame that shows the element; the next one after it.
    requestAnimationFrame(() => {
      const perf = pagePerf();
      if (perf.composerPaintedAt === null) perf.composerPaintedAt = performance.now();
    });
  };
  requestAnimationFrame(check);
}
