//! The page's own timing figures, readable at `window.__shopdeskPerf` (issue 14 items 2 and 6).
//! Why: the WebDriver performance tests (tests/e2e/performance.rs, cold_start.rs) and
//! scripts/bench-app.sh print how long an event takes from the core emitting it to the thread
//! view having applied it, and when the composer was first painted; both need a clock inside the page, since WebDriver's own
//! round trips are slower than what they measure. Only numbers are kept (never text), at most
//! `MAX_SAMPLES` of them.

/** The figures the page keeps. Times are milliseconds. */
export interface PagePerf {
  /** Core emitted → reducer applied and the DOM committed, one per streamed event. */
  eventLatencyMs: number[];
  /** Core emitted → parsed and handed to the reducer (the transport's share), one per event. */
  eventDispatchMs: number[];
  /** How many stamped events each DOM commit applied, in order (their latencies, in order, are
   *  `eventLatencyMs`): the first commit of a new thread mounts the thread view. */
  eventsPerCommit: number[];
  /** `performance.now()` of the first paint of a frame with the composer (null until then). */
  composerPaintedAt: number | null;
  /** `performance.now()` when the frame after that one began: the painted frame is out. */
  composerShownAt: number | null;
}

const MAX_SAMPLES = 20_000;
const fallback: PagePerf = emptyPerf();
let emitted: number[] = [];

declare global {
  interface Window {
    __shopdeskPerf?: PagePerf;
  }
}

function emptyPerf(): PagePerf {
  return { eventLatencyMs: [], eventDispatchMs: [], eventsPerCommit: [], composerPaintedAt: null, composerShownAt: null };
}

export function pagePerf(): PagePerf {
  if (typeof window === "undefined") return fallback;
  if (!window.__shopdeskPerf) window.__shopdeskPerf = emptyPerf();
  return window.__shopdeskPerf;
}

/**
 * The page's wall clock in ms since the Unix epoch (the clock the core stamps frames with).
 * `timeOrigin + now()` has sub-millisecond steps, but it is the wall clock of when the page was
 * opened plus a monotonic clock, and the two drift apart: headless Chromium was seen 8 ms off
 * `Date.now()` minutes after start, which made latencies negative. When they differ by more than
 * `MAX_DRIFT_MS` the wall clock itself is used: `Date.now()` is the current millisecond rounded
 * down, so the middle of that millisecond (+0.5) is the unbiased reading (WebKitGTK drifts too,
 * and without it the transport's share read -0.3 ms at p50).
 */
export function epochNow(): number {
  const fine = performance.timeOrigin + performance.now();
  const wall = Date.now();
  return Math.abs(fine - wall) > MAX_DRIFT_MS ? wall + 0.5 : fine;
}

/** How far the fine clock may be off the wall clock before the wall clock is used instead. */
const MAX_DRIFT_MS = 1;

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
  const perf = pagePerf();
  for (const at of emitted) keep(perf.eventLatencyMs, now - at);
  keep(perf.eventsPerCommit, emitted.length);
  emitted = [];
}

/**
 * Records the first frame with an element matching `selector`: when it was painted
 * (`composerPaintedAt`) and when the frame after it began (`composerShownAt`).
 * A rAF callback that finds the element runs at the start of the rendering update that paints
 * it; the paint itself is the engine's Paint Timing entry (`first-contentful-paint`) when that
 * belongs to this frame, else this callback's time (content was painted before the element was
 * there; an engine without Paint Timing). The next frame's callback is the first moment the
 * painted frame is certainly out: WebKitGTK under Xvfb takes ~200 ms to begin it even for a
 * hello-world page, so both figures are kept (tests/e2e/cold_start.rs prints them).
 */
export function watchFirstPaint(selector: string): void {
  if (typeof window === "undefined" || typeof requestAnimationFrame !== "function") return;
  const check = () => {
    if (!document.querySelector(selector)) {
      requestAnimationFrame(check);
      return;
    }
    // Read here rather than from the callback's argument, whose clock some engines (jsdom) differ on.
    const frameStart = performance.now();
    requestAnimationFrame(() => {
      const perf = pagePerf();
      if (perf.composerPaintedAt !== null) return;
      perf.composerPaintedAt = paintOf(frameStart);
      perf.composerShownAt = performance.now();
    });
  };
  requestAnimationFrame(check);
}

/** The first contentful paint if it happened in the frame that began at `frameStart`. */
function paintOf(frameStart: number): number {
  const entries = typeof performance.getEntriesByName === "function" ? performance.getEntriesByName("first-contentful-paint") : [];
  const fcp = entries[0]?.startTime;
  return fcp !== undefined && fcp >= frameStart ? fcp : frameStart;
}
