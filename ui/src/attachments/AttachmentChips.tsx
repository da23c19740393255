//! A sent message's attachments in the thread: image thumbnails (through `previews.ts`) and file
//! chips with the name.
//! Why: a user message shows what was attached, in this session and after a reopen; an image whose
//! bytes cannot be had falls back to its chip.

import { createContext, useContext, useEffect, useState } from "react";
import { FileText } from "lucide-react";
import type { Attachment } from "../protocol/types";
import { safeUrl } from "../widgets/safeUrl";
import { previewOf } from "./previews";
import type { Transfer } from "./transfer";

/** The page's transfer, for thumbnails (null in tests and where attachments are unavailable). */
export const TransferContext = createContext<Transfer | null>(null);

function Thumb({ attachment }: { attachment: Attachment }) {
  const transfer = useContext(TransferContext);
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void previewOf(attachment, transfer).then((url) => {
      if (live) setSrc(safeUrl(url, "image"));
    });
    return () => {
      live = false;
    };
  }, [attachment, transfer]);
  if (!src) return <span className="attachment-chip"><FileText width={12} height={12} /> {attachment.name}</span>;
  return <img className="attachment-image" src={src} alt={attachment.name} title={attachment.name} />;
}

export function AttachmentChips({ attachments }: { attachments: readonly Attachment[] }) {
  return (
    <div className="attachments">
      {attachments.map((a) =>
        a.type === "image" ? (
          <Thumb key={a.id} attachment={a} />
        ) : (
          <span key={a.id} className="attachment-chip">
            <FileText width={12} height={12} /> {a.name}
          </span>
        ),
      )}
    </div>
  );
}
