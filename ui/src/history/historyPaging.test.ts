//! The history's pages: the first page goes in front of what was scrolled in, without
//! listing a thread twice, and the cursor of the pages further down is kept.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Page, Thread, ThreadMetadata } from "../protocol/types";
import { mergeFirstPage, nextHistoryPage } from "./historyPaging";

const t = (id: string): ThreadMetadata => ({ id, created_at: "2026-01-01T00:00:00", status: { type: "active" } }) as ThreadMetadata;
const page = (ids: string[], has_more: boolean): Page<Thread> => ({ data: ids.map((id) => ({ ...t(id), items: { data: [], has_more: false } }) as Thread), has_more, after: has_more ? ids[ids.length - 1] : undefined });

describe("historyPaging", () => {
  it("starts with the first page and its cursor", () => {
    expect(mergeFirstPage([], page(["a", "b"], true))).toEqual({ threads: [t("a"), t("b")], cursor: "b", keptOlder: false });
    expect(mergeFirstPage([], page(["a"], false)).cursor).toBeNull();
  });

  it("keeps the threads scrolled in after a refreshed first page, each once", () => {
    const shown = ["c", "b", "a", "z", "y"].map(t);
    const merged = mergeFirstPage(shown, page(["new", "c", "b"], true));
    expect(merged.threads.map((x) => x.id)).toEqual(["new", "c", "b", "a", "z", "y"]);
    expect(merged.keptOlder).toBe(true);
  });

  it("a complete first page replaces everything (deleted threads go)", () => {
    const merged = mergeFirstPage(["c", "gone"].map(t), page(["c"], false));
    expect(merged.threads.map((x) => x.id)).toEqual(["c"]);
  });

  it("asks for the page after the cursor, newest first", async () => {
    const asked: unknown[] = [];
    const client = { listThreads: async (p: unknown) => (asked.push(p), page(["d"], false)) };
    expect(await nextHistoryPage(client, "c", 30)).toEqual({ threads: [t("d")], cursor: null });
    expect(asked).toEqual([{ limit: 30, order: "desc", after: "c" }]);
  });
});
