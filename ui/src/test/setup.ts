//! Test setup shared by every unit test file.
//! Why: React Testing Library must unmount between tests, and each test starts with an empty
//! request log. The chunks the page fetches on first use (perf/lazyModule.ts) are loaded before
//! any test renders, so a test sees what the page shows once they have arrived.
import { afterEach } from "vitest";
import { resetRequestLog } from "../transport/requestLog";

if (typeof document !== "undefined") {
  const { preloadMarkdown } = await import("../widgets/SafeMarkdown");
  const { chartist } = await import("../widgets/ChartWidget");
  await Promise.all([preloadMarkdown(), chartist.load()]);
}

afterEach(async () => {
  if (typeof document !== "undefined") {
    const { cleanup } = await import("@testing-library/react");
    cleanup();
  }
  resetRequestLog();
});
