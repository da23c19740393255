//! How each thread item type looks, chosen by `type`: one file per kind in this folder (user and
//! assistant messages, widgets and failure markers, workflows, tasks, generated images, client
//! tool calls, structured inputs). Hidden items and end-of-turn markers draw nothing; an unknown
//! type draws nothing rather than guessing.
//! Why: the thread view renders a list of items without knowing their kinds.

import { memo } from "react";
import { HIDDEN_ITEM_TYPES, type ThreadItem } from "../protocol/types";
import type { WidgetActionHandler } from "../widgets/WidgetView";
import { AssistantMessageView } from "./AssistantMessageView";
import { ClientToolCallView } from "./ClientToolCallView";
import { GeneratedImageView } from "./GeneratedImageView";
import { ItemWrapper } from "./ItemWrapper";
import { StructuredInputView } from "./StructuredInputView";
import { TaskLine } from "./TaskLine";
import { UserMessageView } from "./UserMessageView";
import { WidgetItemView } from "./WidgetItemView";
import { WorkflowView } from "./WorkflowView";
import "./items.css";

export interface ItemViewProps {
  item: ThreadItem;
  streaming: boolean;
  onWidgetAction: WidgetActionHandler;
  onFeedback: (itemId: string, kind: "positive" | "negative") => void;
  /** Failure markers only: whether the marker ends the thread, and whether an answer streams. */
  latest?: boolean;
  busy?: boolean;
}

/** Memoized: an item re-renders only when it (or its streaming flag) changes, so a click
 *  elsewhere (cart, toasts) or a delta to the newest item does not re-render the whole thread. */
export const ItemView = memo(function ItemView(props: ItemViewProps) {
  const { item } = props;
  if (HIDDEN_ITEM_TYPES.has(item.type)) return null;
  switch (item.type) {
    case "user_message":
      return <UserMessageView item={item} />;
    case "assistant_message":
      return <AssistantMessageView item={item} streaming={props.streaming} onFeedback={props.onFeedback} />;
    case "widget":
      return <WidgetItemView item={item} onWidgetAction={props.onWidgetAction} latest={props.latest === true} busy={props.busy === true} />;
    case "workflow":
      return <WorkflowView item={item} streaming={props.streaming} />;
    case "task":
      return (
        <ItemWrapper item={item}>
          <TaskLine task={item.task} />
        </ItemWrapper>
      );
    case "generated_image":
      return <GeneratedImageView item={item} />;
    case "client_tool_call":
      return <ClientToolCallView item={item} />;
    case "structured_input":
      return <StructuredInputView item={item} />;
    default:
      return null;
  }
});
