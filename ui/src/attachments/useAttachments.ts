//! The composer's attachments, live: checks each file, creates it (`attachments.create`), uploads
//! it, and removes it (`attachments.delete` once the server knows it). State lives in the pure
//! `uploadQueue.ts`; this hook runs the requests and feeds their outcomes in.
//! Why: the Composer only renders the queue and calls `add` / `remove`; the protocol steps and
//! the cancelling of an upload that is removed halfway stay in one place.

import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import type { Attachment } from "../protocol/types";
import { isImageType, mimeTypeOf, refusal } from "./limits";
import { rememberLocalPreview } from "./previews";
import type { Transfer } from "./transfer";
import { emptyQueue, readyAttachments, settled, uploadReducer, type UploadQueue } from "./uploadQueue";

/** What the hook needs of the ChatKit client. */
export interface AttachmentApi {
  createAttachment(name: string, size: number, mimeType: string): Promise<Attachment>;
  deleteAttachment(id: string): Promise<unknown>;
}

export interface Attachments {
  queue: UploadQueue;
  /** Local previews (object URLs) of picked images, by key. */
  localPreviews: ReadonlyMap<string, string>;
  add(files: readonly File[]): void;
  remove(key: string): void;
  /** After a send: forget the queue (the message now owns its attachments). */
  clear(): void;
  ready: Attachment[];
  settled: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

let nextKey = 0;

export function useAttachments(api: AttachmentApi | null, transfer: Transfer | null): Attachments {
  const [queue, dispatch] = useReducer(uploadReducer, emptyQueue);
  const queueRef = useRef(queue);
  queueRef.current = queue;
  const aborts = useRef(new Map<string, AbortController>());
  const previews = useRef(new Map<string, string>());
  const created = useRef(new Map<string, string>());

  const start = useCallback(
    async (key: string, file: File, mimeType: string) => {
      if (!api || !transfer) return;
      const controller = new AbortController();
      aborts.current.set(key, controller);
      try {
        const attachment = await api.createAttachment(file.name, file.size, mimeType);
        created.current.set(key, attachment.id);
        if (controller.signal.aborted) {
          void api.deleteAttachment(attachment.id).catch(() => undefined);
          return;
        }
        dispatch({ kind: "created", key, attachment });
        const descriptor = attachment.upload_descriptor;
        if (descriptor) {
          await transfer.upload(descriptor, file, (sent) => dispatch({ kind: "progress", key, sent }), controller.signal);
        }
        const local = previews.current.get(key);
        if (local) rememberLocalPreview(attachment.id, local);
        dispatch({ kind: "uploaded", key });
      } catch (e) {
        if (!controller.signal.aborted) dispatch({ kind: "failed", key, error: `Could not attach "${file.name}": ${errorText(e)}` });
      } finally {
        aborts.current.delete(key);
      }
    },
    [api, transfer],
  );

  const add = useCallback(
    (files: readonly File[]) => {
      let count = queueRef.current.items.length;
      for (const file of files) {
        const why = api && transfer ? refusal(file, count) : "Attachments are not available here.";
        if (why) {
          dispatch({ kind: "refused", message: why });
          continue;
        }
        const key = `local_${++nextKey}`;
        const mimeType = mimeTypeOf(file);
        const isImage = isImageType(mimeType);
        if (isImage && typeof URL.createObjectURL === "function") previews.current.set(key, URL.createObjectURL(file));
        dispatch({ kind: "added", item: { key, name: file.name, size: file.size, mimeType, isImage } });
        count++;
        void start(key, file, mimeType);
      }
    },
    [api, transfer, start],
  );

  const remove = useCallback(
    (key: string) => {
      aborts.current.get(key)?.abort();
      const id = created.current.get(key);
      if (id && api) void api.deleteAttachment(id).catch(() => undefined);
      created.current.delete(key);
      const url = previews.current.get(key);
      if (url) URL.revokeObjectURL?.(url);
      previews.current.delete(key);
      dispatch({ kind: "removed", key });
    },
    [api],
  );

  const clear = useCallback(() => {
    created.current.clear();
    previews.current.clear(); // kept alive by rememberLocalPreview for the sent message
    dispatch({ kind: "cleared" });
  }, []);

  useEffect(() => () => aborts.current.forEach((c) => c.abort()), []);

  return useMemo(
    () => ({ queue, localPreviews: new Map(previews.current), add, remove, clear, ready: readyAttachments(queue), settled: settled(queue) }),
    [queue, add, remove, clear],
  );
}
