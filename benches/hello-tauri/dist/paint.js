// The stamps Shopdesk's page records (ui/src/perf/pagePerf.ts, watchFirstPaint), read by
// tests/e2e/cold_start.rs: the first paint of a frame with the composer, and when the frame
// after it began.
window.__shopdeskPerf = { eventLatencyMs: [], eventDispatchMs: [], composerPaintedAt: null, composerShownAt: null };
function check() {
  if (!document.querySelector("#composer-input")) {
    requestAnimationFrame(check);
    return;
  }
  const frameStart = performance.now();
  requestAnimationFrame(() => {
    const perf = window.__shopdeskPerf;
    if (perf.composerPaintedAt !== null) return;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    perf.composerPaintedAt = fcp && fcp.startTime >= frameStart ? fcp.startTime : frameStart;
    perf.composerShownAt = performance.now();
  });
}
requestAnimationFrame(check);
