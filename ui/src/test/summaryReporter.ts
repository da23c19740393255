//! A Vitest reporter that ends the run with one plain line: `ui: N passed, N failed, N skipped`.
//! Why: CI reads the closing line of the test command to tell a run that tested something from
//! one that ran nothing; Vitest's own summary is not in that form.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (m.state() === "failed" && m.children.size === 0) failed++; // a file that failed to load
    }
    failed += unhandledErrors.length;
    console.log(`ui: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
