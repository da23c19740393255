//! The attachments above the composer's text: a thumbnail (images) or a file chip, the name, a
//! progress bar while it uploads, the reason when it failed, and a remove button; below them the
//! latest refusal (wrong type, too large, too many).
//! Why: the user must see what will be sent, that it is still uploading, and why something
//! was not attached, before pressing Send.

import { FileText, X } from "lucide-react";
import { fractionSent, type UploadQueue } from "./uploadQueue";
import "./attachments.css";

export interface AttachmentTrayProps {
  queue: UploadQueue;
  localPreviews: ReadonlyMap<string, string>;
  onRemove: (key: string) => void;
}

export function AttachmentTray({ queue, localPreviews, onRemove }: AttachmentTrayProps) {
  if (queue.items.length === 0 && !queue.notice) return null;
  return (
    <div className="attachment-tray">
      {queue.items.length > 0 && (
        <ul className="attachment-list" aria-label="Attachments">
          {queue.items.map((item) => {
            const preview = item.isImage ? localPreviews.get(item.key) : undefined;
            const percent = Math.round(fractionSent(item) * 100);
            return (
              <li key={item.key} className={`attachment-pending phase-${item.phase}`} data-phase={item.phase} title={item.error ?? item.name}>
                {preview ? <img className="attachment-thumb" src={preview} alt="" /> : <FileText className="attachment-file-icon" width={20} height={20} />}
                <span className="attachment-name">{item.name}</span>
                {(item.phase === "creating" || item.phase === "uploading") && (
                  <progress className="attachment-progress" value={percent} max={100} aria-label={`Uploading ${item.name}`} />
                )}
                {item.phase === "failed" && <span className="attachment-error" role="alert">{item.error}</span>}
                <button type="button" className="icon-button small attachment-remove" onClick={() => onRemove(item.key)} aria-label={`Remove ${item.name}`}>
                  <X width={12} height={12} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {queue.notice && (
        <p className="attachment-notice" role="alert">
          {queue.notice}
        </p>
      )}
    </div>
  );
}
