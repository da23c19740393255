//! The message composer: Enter sends, Shift+Enter adds a line, Stop while a reply streams.
//! Why: the one place the user types; it also reflects a locked or closed thread.

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { ArrowUp, Square } from "lucide-react";

/** The composer's hint (the ChatKit web component's composer uses it too). */
export const COMPOSER_PLACEHOLDER = "Ask about products, prices or your cart…";

export interface ComposerProps {
  streaming: boolean;
  allowCancel: boolean;
  disabledReason?: string;
  onSend: (text: string) => void;
  onStop: () => void;
  focusKey?: unknown;
}

export function Composer({ streaming, allowCancel, disabledReason, onSend, onStop, focusKey }: ComposerProps) {
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  const submit = () => {
    if (streaming || disabledReason) return;
    const t = text.trim();
    if (!t) return;
    onSend(t);
    setText("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        id="composer-input"
        ref={ref}
        rows={1}
        value={text}
        placeholder={disabledReason ?? COMPOSER_PLACEHOLDER}
        disabled={Boolean(disabledReason)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-label="Message"
      />
      {streaming && allowCancel ? (
        <button type="button" id="composer-stop" className="composer-button is-stop" onClick={onStop} aria-label="Stop">
          <Square width={14} height={14} fill="currentColor" />
        </button>
      ) : (
        <button type="submit" id="composer-send" className="composer-button" disabled={streaming || !text.trim() || Boolean(disabledReason)} aria-label="Send">
          <ArrowUp width={18} height={18} />
        </button>
      )}
    </form>
  );
}
