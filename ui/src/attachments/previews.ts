//! Where a thread's attachment thumbnails come from: the picked file's own object URL while this
//! page lives (so a sent image shows at once), else the transfer's `preview` (the app's
//! `attachment_preview`, a server's `preview_url`), fetched once per attachment.
//! Why: a reopened conversation still shows its images, without asking the core again for every
//! re-render.

import type { Attachment } from "../protocol/types";
import type { Transfer } from "./transfer";

const known = new Map<string, Promise<string | null>>();

export function rememberLocalPreview(attachmentId: string, objectUrl: string): void {
  known.set(attachmentId, Promise.resolve(objectUrl));
}

export function previewOf(attachment: Attachment, transfer: Transfer | null): Promise<string | null> {
  const cached = known.get(attachment.id);
  if (cached) return cached;
  if (!transfer) return Promise.resolve(null);
  const pending = transfer.preview(attachment).catch(() => null);
  known.set(attachment.id, pending);
  return pending;
}
