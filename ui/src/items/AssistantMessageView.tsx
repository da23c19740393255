//! An assistant message: its markdown (through the safe renderer), the sources its annotations
//! cite, and Copy / feedback once it has finished streaming.

import { useState } from "react";
import { Check, Copy, ThumbsDown, ThumbsUp } from "lucide-react";
import type { AssistantMessageItem } from "../protocol/types";
import { SafeMarkdown } from "../widgets/SafeMarkdown";
import { ItemWrapper } from "./ItemWrapper";
import { SourceChips } from "./SourceChips";

export interface AssistantMessageViewProps {
  item: AssistantMessageItem;
  streaming: boolean;
  onFeedback: (itemId: string, kind: "positive" | "negative") => void;
}

export function AssistantMessageView({ item, streaming, onFeedback }: AssistantMessageViewProps) {
  const [copied, setCopied] = useState(false);
  const [rated, setRated] = useState<"positive" | "negative" | null>(null);
  const text = item.content.map((c) => c.text).join("\n\n");
  const sources = item.content.flatMap((c) => c.annotations ?? []).map((a) => a.source);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    });
  };
  const rate = (kind: "positive" | "negative") => {
    setRated(kind);
    onFeedback(item.id, kind);
  };
  return (
    <ItemWrapper item={item}>
      <SafeMarkdown className="assistant-text" text={text} streaming={streaming} />
      <SourceChips sources={sources} />
      {!streaming && text.trim() !== "" && (
        <div className="message-actions">
          <button type="button" className="icon-button small" onClick={copy} aria-label="Copy">
            {copied ? <Check width={14} height={14} /> : <Copy width={14} height={14} />}
          </button>
          <button type="button" className={`icon-button small${rated === "positive" ? " is-active" : ""}`} onClick={() => rate("positive")} aria-label="Good answer">
            <ThumbsUp width={14} height={14} />
          </button>
          <button type="button" className={`icon-button small${rated === "negative" ? " is-active" : ""}`} onClick={() => rate("negative")} aria-label="Bad answer">
            <ThumbsDown width={14} height={14} />
          </button>
        </div>
      )}
    </ItemWrapper>
  );
}
