//! The composer's attachments as a state machine: each one is picked → created
//! (`attachments.create`) → uploading (bytes sent so far) → ready, or failed with a reason; any of
//! them can be removed. Pure: `useAttachments` runs the requests and feeds their results here.
//! Why: sending must wait for every upload, a removed attachment must not come back when its
//! upload finishes late, and a refused file must say why — rules that are easy to get wrong
//! inside a component and easy to test as a reducer.

import type { Attachment } from "../protocol/types";

export type UploadPhase = "creating" | "uploading" | "ready" | "failed";

export interface PendingAttachment {
  /** The page's own id (the server's comes with `created`). */
  key: string;
  name: string;
  size: number;
  mimeType: string;
  isImage: boolean;
  phase: UploadPhase;
  /** Bytes sent so far. */
  sent: number;
  attachment?: Attachment;
  error?: string;
}

export interface UploadQueue {
  items: PendingAttachment[];
  /** The latest refusal (type, size, count), shown under the composer until the next change. */
  notice: string | null;
}

export const emptyQueue: UploadQueue = { items: [], notice: null };

export type UploadEvent =
  | { kind: "added"; item: Pick<PendingAttachment, "key" | "name" | "size" | "mimeType" | "isImage"> }
  | { kind: "refused"; message: string }
  | { kind: "created"; key: string; attachment: Attachment }
  | { kind: "progress"; key: string; sent: number }
  | { kind: "uploaded"; key: string }
  | { kind: "failed"; key: string; error: string }
  | { kind: "removed"; key: string }
  | { kind: "cleared" };

function update(queue: UploadQueue, key: string, change: (item: PendingAttachment) => PendingAttachment | null): UploadQueue {
  // An event for an attachment that was removed meanwhile changes nothing.
  if (!queue.items.some((i) => i.key === key)) return queue;
  return { ...queue, items: queue.items.map((i) => (i.key === key ? change(i) ?? i : i)) };
}

export function uploadReducer(queue: UploadQueue, event: UploadEvent): UploadQueue {
  switch (event.kind) {
    case "added":
      return { items: [...queue.items, { ...event.item, phase: "creating", sent: 0 }], notice: null };
    case "refused":
      return { ...queue, notice: event.message };
    case "created":
      return update(queue, event.key, (i) => (i.phase === "creating" ? { ...i, phase: "uploading", attachment: event.attachment } : null));
    case "progress":
      return update(queue, event.key, (i) => (i.phase === "uploading" ? { ...i, sent: Math.min(Math.max(event.sent, i.sent), i.size) } : null));
    case "uploaded":
      return update(queue, event.key, (i) => (i.phase === "uploading" ? { ...i, phase: "ready", sent: i.size } : null));
    case "failed":
      return update(queue, event.key, (i) => (i.phase === "ready" ? null : { ...i, phase: "failed", error: event.error }));
    case "removed":
      return { items: queue.items.filter((i) => i.key !== event.key), notice: null };
    case "cleared":
      return emptyQueue;
  }
}

/** Whether a message may be sent now: nothing still creating or uploading. */
export function settled(queue: UploadQueue): boolean {
  return queue.items.every((i) => i.phase === "ready" || i.phase === "failed");
}

/** The attachments a send carries: the uploaded ones, in the order they were added. */
export function readyAttachments(queue: UploadQueue): Attachment[] {
  return queue.items.flatMap((i) => (i.phase === "ready" && i.attachment ? [i.attachment] : []));
}

/** 0..1 of one attachment's upload. */
export function fractionSent(item: PendingAttachment): number {
  if (item.phase === "ready") return 1;
  return item.size > 0 ? item.sent / item.size : 0;
}
