//! Phase 2 of the two-phase upload, and the way back to an uploaded image's bytes.
//! Why: where the bytes go depends on the front door. In the desktop app the core's attachment
//! store hands out `shopdesk-ipc://attachments/<id>/upload` (Contract 9): the bytes go in chunks
//! through the `attachment_upload` command (raw IPC bodies, so progress is real and nothing is
//! base64-encoded); a preview comes back through `attachment_preview` as bytes. Against
//! `shopdesk-server` (or any ChatKit server) the descriptor is an HTTP URL: the bytes are PUT or
//! POSTed there with the descriptor's headers (XHR, for upload progress) and `preview_url` is used
//! as given, if it is a safe URL.

import type { Backend } from "../platform/backend";
import type { Attachment } from "../protocol/types";
import { safeUrl } from "../widgets/safeUrl";

export const APP_URL_PREFIX = "shopdesk-ipc://attachments/";

/** Bytes per `attachment_upload` call. */
export const CHUNK_BYTES = 256 * 1024;

export interface UploadDescriptor {
  url: string;
  method: "PUT" | "POST";
  headers?: Record<string, string>;
}

export interface Transfer {
  /** Sends `file`'s bytes where `descriptor` says; `onProgress(bytesSent)` as they go. */
  upload(descriptor: UploadDescriptor, file: Blob, onProgress: (sent: number) => void, signal: AbortSignal): Promise<void>;
  /** A URL an `<img>` can show for an uploaded image, or null. */
  preview(attachment: Attachment): Promise<string | null>;
}

/** The attachment id an app-internal URL names (`…/<id>/upload` or `…/<id>/preview`). */
export function appAttachmentId(url: string): string | null {
  if (!url.startsWith(APP_URL_PREFIX)) return null;
  const m = /^(atc_[A-Za-z0-9_-]{1,64})\/(upload|preview)$/.exec(url.slice(APP_URL_PREFIX.length));
  return m ? m[1] : null;
}

function abortError(): DOMException {
  return new DOMException("The upload was cancelled", "AbortError");
}

async function uploadOverIpc(backend: Backend, id: string, file: Blob, onProgress: (sent: number) => void, signal: AbortSignal) {
  if (!backend.invokeBytes) throw new Error("this window cannot upload attachments");
  let offset = 0;
  while (offset < file.size) {
    if (signal.aborted) throw abortError();
    const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const res = await backend.invokeBytes<{ received: number; complete: boolean }>("attachment_upload", chunk, {
      "x-attachment-id": id,
      "x-attachment-offset": String(offset),
    });
    offset = res.received;
    onProgress(offset);
    if (res.complete) return;
    if (chunk.length === 0) break;
  }
  if (offset < file.size) throw new Error("the upload did not complete");
}

function uploadOverHttp(descriptor: UploadDescriptor, file: Blob, onProgress: (sent: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(descriptor.method, descriptor.url);
    for (const [k, v] of Object.entries(descriptor.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`the upload failed with status ${xhr.status}`)));
    xhr.onerror = () => reject(new Error("the upload failed (network error)"));
    xhr.onabort = () => reject(abortError());
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The transfer for this page: IPC uploads when it has the app's backend, HTTP otherwise. */
export function createTransfer(backend: Backend | null): Transfer {
  return {
    async upload(descriptor, file, onProgress, signal) {
      const id = appAttachmentId(descriptor.url);
      if (id) {
        if (!backend) throw new Error("this page cannot upload to the app");
        return uploadOverIpc(backend, id, file, onProgress, signal);
      }
      if (!/^https?:\/\//i.test(descriptor.url)) throw new Error("the server gave an upload address this page will not use");
      return uploadOverHttp(descriptor, file, onProgress, signal);
    },
    async preview(attachment) {
      if (attachment.type !== "image" || !attachment.preview_url) return null;
      const id = appAttachmentId(attachment.preview_url);
      if (id) {
        if (!backend) return null;
        const bytes = await backend.invoke<ArrayBuffer>("attachment_preview", { id });
        return URL.createObjectURL(new Blob([bytes], { type: attachment.mime_type }));
      }
      return safeUrl(attachment.preview_url, "image");
    },
  };
}
