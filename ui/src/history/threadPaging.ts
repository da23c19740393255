//! Opening a long thread at its end and paging back through it with `items.list`.
//! Why: a thread of thousands of items must not be loaded whole before anything shows. The
//! newest page is read with `order: "desc"` (then reversed, so items stay oldest first), and
//! `after` — the id of the oldest item read so far in that order — fetches the page before it
//! when the user scrolls up. Pages that repeat an id already shown are de-duplicated, and a page
//! that adds nothing ends the paging, so a misbehaving server cannot loop the view.

import type { ChatKitClient } from "../client/chatkitClient";
import type { ThreadItem, ThreadMetadata } from "../protocol/types";

/** Items per page when opening and when scrolling back. */
export const ITEM_PAGE_SIZE = 100;

export interface OpenedThread {
  thread: ThreadMetadata;
  /** The newest items, oldest first. */
  items: ThreadItem[];
  /** Cursor for the page of older items, or null when the thread's start is shown. */
  olderCursor: string | null;
}

export interface OlderPage {
  /** Older items not shown yet, oldest first (to put before the current ones). */
  items: ThreadItem[];
  olderCursor: string | null;
}

type PagingClient = Pick<ChatKitClient, "getThread" | "listItems">;

/** The thread's metadata and its newest page. A short thread comes whole with `get_by_id`. */
export async function openAtEnd(client: PagingClient, threadId: string, pageSize = ITEM_PAGE_SIZE): Promise<OpenedThread> {
  const { items: firstPage, ...thread } = await client.getThread(threadId);
  if (firstPage && !firstPage.has_more) {
    return { thread, items: [...firstPage.data], olderCursor: null };
  }
  const page = await client.listItems(threadId, { order: "desc", limit: pageSize });
  const items = [...page.data].reverse();
  return { thread, items, olderCursor: page.has_more ? cursorOf(page) : null };
}

/** The page before `cursor`, without the ids in `shown`. */
export async function loadOlder(client: PagingClient, threadId: string, cursor: string, shown: ReadonlySet<string>, pageSize = ITEM_PAGE_SIZE): Promise<OlderPage> {
  const page = await client.listItems(threadId, { order: "desc", after: cursor, limit: pageSize });
  const fresh = page.data.filter((i) => !shown.has(i.id)).reverse();
  const next = page.has_more && fresh.length > 0 ? cursorOf(page) : null;
  return { items: fresh, olderCursor: next };
}

function cursorOf(page: { after?: string | null; data: ThreadItem[] }): string | null {
  return page.after ?? page.data[page.data.length - 1]?.id ?? null;
}
