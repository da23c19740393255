//! The message composer: Enter sends, Shift+Enter adds a line, Stop while a reply streams; files
//! and images attach through the paperclip, by dropping them on the composer or by pasting them
//! (`ui/src/attachments/`), and Send waits until every upload is done.
//! Why: the one place the user types; it also reflects a locked or closed thread.

import { memo, useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from "react";
import { ArrowUp, Paperclip, Square } from "lucide-react";
import type { Attachment } from "../protocol/types";
import { AttachmentTray } from "../attachments/AttachmentTray";
import { ACCEPT } from "../attachments/limits";
import type { Attachments } from "../attachments/useAttachments";

/** The composer's hint (the ChatKit web component's composer uses it too). */
export const COMPOSER_PLACEHOLDER = "Ask about products, prices or your cart…";

export interface ComposerProps {
  streaming: boolean;
  allowCancel: boolean;
  disabledReason?: string;
  onSend: (text: string, attachments: Attachment[]) => void;
  onStop: () => void;
  focusKey?: unknown;
  /** Without it the composer offers no attachments. */
  attachments?: Attachments;
}

export const Composer = memo(function Composer({ streaming, allowCancel, disabledReason, onSend, onStop, focusKey, attachments }: ComposerProps) {
  const [text, setText] = useState("");
  const [dragging, setDragging] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const ready = attachments?.ready ?? [];
  const uploading = attachments ? !attachments.settled : false;

  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  const canSend = !streaming && !disabledReason && !uploading && (text.trim() !== "" || ready.length > 0);
  const submit = () => {
    if (!canSend) return;
    onSend(text.trim(), ready);
    setText("");
    attachments?.clear();
  };

  const filesOf = (list: FileList | null | undefined): File[] => (list ? Array.from(list) : []);
  const onDrop = (e: DragEvent<HTMLFormElement>) => {
    setDragging(false);
    if (!attachments || disabledReason) return;
    const files = filesOf(e.dataTransfer?.files);
    if (files.length === 0) return;
    e.preventDefault();
    attachments.add(files);
  };
  const onDragOver = (e: DragEvent<HTMLFormElement>) => {
    if (!attachments || disabledReason || !Array.from(e.dataTransfer?.types ?? []).includes("Files")) return;
    e.preventDefault();
    setDragging(true);
  };
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = filesOf(e.clipboardData?.files);
    if (!attachments || files.length === 0) return;
    e.preventDefault();
    attachments.add(files);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className={`composer${dragging ? " is-dragging" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {attachments && <AttachmentTray queue={attachments.queue} localPreviews={attachments.localPreviews} onRemove={attachments.remove} />}
      {attachments && (
        <>
          <input
            ref={picker}
            id="composer-file"
            type="file"
            multiple
            accept={ACCEPT}
            hidden
            onChange={(e) => {
              attachments.add(filesOf(e.target.files));
              e.target.value = "";
            }}
          />
          <button type="button" id="composer-attach" className="composer-button is-attach" onClick={() => picker.current?.click()} disabled={Boolean(disabledReason)} aria-label="Attach files">
            <Paperclip width={16} height={16} />
          </button>
        </>
      )}
      <textarea
        id="composer-input"
        ref={ref}
        rows={1}
        value={text}
        placeholder={disabledReason ?? COMPOSER_PLACEHOLDER}
        disabled={Boolean(disabledReason)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        aria-label="Message"
      />
      {streaming && allowCancel ? (
        <button type="button" id="composer-stop" className="composer-button is-stop" onClick={onStop} aria-label="Stop">
          <Square width={14} height={14} fill="currentColor" />
        </button>
      ) : (
        <button type="submit" id="composer-send" className="composer-button" disabled={!canSend} aria-label={uploading ? "Send (waiting for uploads)" : "Send"}>
          <ArrowUp width={18} height={18} />
        </button>
      )}
    </form>
  );
});
