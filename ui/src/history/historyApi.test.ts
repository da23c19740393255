//! The history commands' edge: what is sent to the core, and that a malformed answer is
//! cleaned up rather than trusted.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { TestBackend } from "../test/fakeBackend";
import { exportThread, searchThreads } from "./historyApi";

describe("historyApi", () => {
  it("searches with the query, cursor and limit; keeps only well-formed matches", async () => {
    const backend = new TestBackend(undefined, {
      search_threads: () => ({
        data: [{ thread: { id: "thr_1", created_at: "2026-01-01T00:00:00", status: { type: "active" } }, snippet: "the Copper Kettle" }, { thread: { id: 3 } }, "junk", { thread: { id: "thr_2", created_at: "x", status: { type: "active" } } }],
        has_more: true,
        after: "thr_2",
      }),
    });
    const page = await searchThreads(backend, "copper", "thr_0", 10);
    expect(backend.callsOf("search_threads")[0].args).toEqual({ query: "copper", after: "thr_0", limit: 10 });
    expect(page.data.map((m) => [m.thread.id, m.snippet])).toEqual([["thr_1", "the Copper Kettle"], ["thr_2", undefined]]);
    expect(page).toMatchObject({ has_more: true, after: "thr_2" });
    const odd = new TestBackend(undefined, { search_threads: () => ({ data: "no", has_more: true }) });
    expect(await searchThreads(odd, "x")).toEqual({ data: [], has_more: false });
  });

  it("exports by thread id and format; null is a cancelled dialog", async () => {
    const backend = new TestBackend(undefined, { export_thread: (a) => (a.format === "json" ? { path: "/tmp/x.json", bytes: 12 } : null) });
    expect(await exportThread(backend, "thr_1", "json")).toEqual({ path: "/tmp/x.json", bytes: 12 });
    expect(await exportThread(backend, "thr_1", "markdown")).toBeNull();
    expect(backend.callsOf("export_thread").map((c) => c.args)).toEqual([
      { threadId: "thr_1", format: "json" },
      { threadId: "thr_1", format: "markdown" },
    ]);
  });
});
