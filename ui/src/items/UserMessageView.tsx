//! A user message: its text and @-tags, the quoted text it replies to, and its attachments.

import type { UserMessageItem } from "../protocol/types";
import { AttachmentChips } from "../attachments/AttachmentChips";
import { ItemWrapper } from "./ItemWrapper";

export function UserMessageView({ item }: { item: UserMessageItem }) {
  return (
    <ItemWrapper item={item}>
      <div className="user-bubble">
        {item.quoted_text && <blockquote className="quoted">{item.quoted_text}</blockquote>}
        {item.content.map((c, i) => (c.type === "input_tag" ? <span key={i} className="input-tag">@{c.text}</span> : <span key={i}>{c.text}</span>))}
        {item.attachments?.length > 0 && <AttachmentChips attachments={item.attachments} />}
      </div>
    </ItemWrapper>
  );
}
