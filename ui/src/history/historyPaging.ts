//! Paging through `threads.list` for the history panel (newest first, cursor `after`).
//! Why: a long history is listed a page at a time as the user scrolls, and refreshing it after
//! an answer must not forget the pages already scrolled in: the first page is merged in front
//! of what is shown (threads that moved up are not listed twice), and the cursor of the pages
//! further down is kept.

import type { ChatKitClient } from "../client/chatkitClient";
import type { Page, Thread, ThreadMetadata } from "../protocol/types";

/** Threads per `threads.list` page. */
export const HISTORY_PAGE_SIZE = 30;

export interface HistoryPage {
  threads: ThreadMetadata[];
  /** `after` for the next page, or null at the end of the history. */
  cursor: string | null;
}

const meta = ({ items: _items, ...m }: Thread): ThreadMetadata => m;

function cursorOf(page: Page<Thread>): string | null {
  if (!page.has_more) return null;
  return page.after ?? page.data[page.data.length - 1]?.id ?? null;
}

/** The first page in front of the threads shown; `keptOlder` when shown ones remain after it. */
export function mergeFirstPage(shown: readonly ThreadMetadata[], page: Page<Thread>): HistoryPage & { keptOlder: boolean } {
  const first = page.data.map(meta);
  const ids = new Set(first.map((t) => t.id));
  // Threads shown that the first page no longer holds were further down: they stay after it.
  const older = page.has_more ? shown.filter((t) => !ids.has(t.id)) : [];
  const keptOlder = older.length > 0;
  return { threads: keptOlder ? [...first, ...older] : first, cursor: cursorOf(page), keptOlder };
}

/** The page after `cursor`. */
export async function nextHistoryPage(client: Pick<ChatKitClient, "listThreads">, cursor: string, limit = HISTORY_PAGE_SIZE): Promise<HistoryPage> {
  const page = await client.listThreads({ limit, order: "desc", after: cursor });
  return { threads: page.data.map(meta), cursor: cursorOf(page) };
}
