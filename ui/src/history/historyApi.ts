//! The app core's history commands: `search_threads` (titles and item text, newest first,
//! paged) and `export_thread` (Markdown or JSON, to a file the user picks in a native dialog
//! the core opens — the page never names a path).
//! Why a module: these are not ChatKit requests (the protocol has neither), so they go through
//! the `Backend` like the settings commands; this is their typed edge, and the one place that
//! checks what comes back.

import type { Backend } from "../platform/backend";
import type { ThreadMetadata } from "../protocol/types";

export interface ThreadMatch {
  thread: ThreadMetadata;
  /** The item text that matched, cut around the match; absent when only the title matched. */
  snippet?: string;
}

export interface SearchPage {
  data: ThreadMatch[];
  has_more: boolean;
  after?: string;
}

export type ExportFormat = "markdown" | "json";

export interface ExportedFile {
  path: string;
  bytes: number;
}

function isThread(v: unknown): v is ThreadMetadata {
  const t = v as Partial<ThreadMetadata> | null;
  return typeof t === "object" && t !== null && typeof t.id === "string" && typeof t.created_at === "string";
}

/** One page of matches for `query` (`after`: the last thread id of the previous page). */
export async function searchThreads(backend: Backend, query: string, after?: string, limit = 20): Promise<SearchPage> {
  const raw = await backend.invoke<unknown>("search_threads", { query, after: after ?? null, limit });
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const data = Array.isArray(r.data) ? r.data : [];
  const matches: ThreadMatch[] = [];
  for (const entry of data) {
    const e = entry as Record<string, unknown>;
    if (!isThread(e?.thread)) continue;
    matches.push(typeof e.snippet === "string" ? { thread: e.thread, snippet: e.snippet } : { thread: e.thread });
  }
  const hasMore = r.has_more === true && typeof r.after === "string";
  return hasMore ? { data: matches, has_more: true, after: r.after as string } : { data: matches, has_more: false };
}

/** Exports a thread; `null` when the user cancelled the save dialog. */
export async function exportThread(backend: Backend, threadId: string, format: ExportFormat): Promise<ExportedFile | null> {
  const raw = await backend.invoke<unknown>("export_thread", { threadId, format });
  if (raw === null || raw === undefined) return null;
  const r = raw as Record<string, unknown>;
  return { path: typeof r.path === "string" ? r.path : "", bytes: typeof r.bytes === "number" ? r.bytes : 0 };
}
