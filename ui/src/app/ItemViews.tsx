//! How each thread item type looks: user bubbles, assistant markdown, widgets (failure markers
//! drawn as the thread's failure notice), workflows, tasks, generated images, tool calls.
//! Why: one component per item type, chosen by `type`, each wrapped in an element with stable
//! hooks for tests (`thread-item`, `data-item-id`, `data-item-type`).

import { memo, useState, type ReactNode } from "react";
import { Check, ChevronRight, Copy, LoaderCircle, ThumbsDown, ThumbsUp, Wrench } from "lucide-react";
import {
  HIDDEN_ITEM_TYPES,
  type AssistantMessageItem,
  type Source,
  type Task,
  type ThreadItem,
  type WidgetItem,
  type WorkflowItem,
} from "../protocol/types";
import { SafeMarkdown } from "../widgets/SafeMarkdown";
import { WidgetView, type WidgetActionHandler } from "../widgets/WidgetView";
import { IconGlyph } from "../widgets/Icon";
import { ExternalLink } from "../widgets/ExternalLink";
import { safeUrl } from "../widgets/safeUrl";
import { failureMarkerOf } from "./failureMarker";
import { FailureMarkerView } from "./FailureMarkerView";

export interface ItemViewProps {
  item: ThreadItem;
  streaming: boolean;
  onWidgetAction: WidgetActionHandler;
  onFeedback: (itemId: string, kind: "positive" | "negative") => void;
  /** Failure markers only: whether the marker ends the thread, and whether an answer streams. */
  latest?: boolean;
  busy?: boolean;
}

function Wrapper({ item, children, className }: { item: ThreadItem; children: ReactNode; className?: string }) {
  return (
    <div className={`thread-item item-${item.type}${className ? ` ${className}` : ""}`} data-item-id={item.id} data-item-type={item.type}>
      {children}
    </div>
  );
}

/** Memoized: an item re-renders only when it (or its streaming flag) changes, so a click
 *  elsewhere (cart, toasts) or a delta to the newest item does not re-render the whole thread. */
export const ItemView = memo(function ItemView(props: ItemViewProps) {
  const { item } = props;
  if (HIDDEN_ITEM_TYPES.has(item.type) || item.type === "end_of_turn") return null;
  switch (item.type) {
    case "user_message":
      return (
        <Wrapper item={item}>
          <div className="user-bubble">
            {item.quoted_text && <blockquote className="quoted">{item.quoted_text}</blockquote>}
            {item.content.map((c, i) => (c.type === "input_tag" ? <span key={i} className="input-tag">@{c.text}</span> : <span key={i}>{c.text}</span>))}
            {item.attachments?.length > 0 && (
              <div className="attachments">{item.attachments.map((a) => <span key={a.id} className="attachment-chip">{a.name}</span>)}</div>
            )}
          </div>
        </Wrapper>
      );
    case "assistant_message":
      return <AssistantMessage {...props} item={item} />;
    case "widget": {
      const marker = failureMarkerOf(item);
      if (marker) {
        return (
          <Wrapper item={item} className="is-failure-marker">
            <FailureMarkerView item={item as WidgetItem} marker={marker} latest={props.latest === true} busy={props.busy === true} onWidgetAction={props.onWidgetAction} />
          </Wrapper>
        );
      }
      return (
        <Wrapper item={item}>
          <WidgetView item={item as WidgetItem} onAction={props.onWidgetAction} />
        </Wrapper>
      );
    }
    case "workflow":
      return <WorkflowView item={item} streaming={props.streaming} />;
    case "task":
      return (
        <Wrapper item={item}>
          <TaskLine task={item.task} />
        </Wrapper>
      );
    case "generated_image": {
      const src = safeUrl(item.image?.url, "image");
      return (
        <Wrapper item={item}>
          <div className="generated-image">
            {src ? <img src={src} alt="Generated" /> : <div className="generated-image-pending"><LoaderCircle className="spin" width={20} height={20} /></div>}
            {typeof item.progress === "number" && item.progress < 1 && <progress value={item.progress} max={1} />}
          </div>
        </Wrapper>
      );
    }
    case "client_tool_call":
      return (
        <Wrapper item={item}>
          <div className="tool-call">
            <Wrench width={14} height={14} /> {item.status === "pending" ? "Running" : "Ran"} <code>{item.name}</code>
          </div>
        </Wrapper>
      );
    case "structured_input":
      return (
        <Wrapper item={item}>
          <div className="structured-input">
            {item.inputs.map((q) => (
              <div key={q.id} className="structured-question">{q.question}</div>
            ))}
          </div>
        </Wrapper>
      );
    default:
      return null;
  }
});

function sourceLabel(s: Source): string {
  return s.title || (s.type === "url" ? s.url : s.type === "file" ? s.filename : s.label ?? s.id);
}

function AssistantMessage({ item, streaming, onFeedback }: ItemViewProps & { item: AssistantMessageItem }) {
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
    <Wrapper item={item}>
      <SafeMarkdown className="assistant-text" text={text} streaming={streaming} />
      {sources.length > 0 && (
        <div className="sources">
          {sources.map((s, i) =>
            s.type === "url" ? (
              <ExternalLink key={i} className="source-chip" href={s.url}>{sourceLabel(s)}</ExternalLink>
            ) : (
              <span key={i} className="source-chip">{sourceLabel(s)}</span>
            ),
          )}
        </div>
      )}
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
    </Wrapper>
  );
}

function taskText(task: Task): string {
  switch (task.type) {
    case "thought":
      return task.content;
    case "custom":
      return task.content ?? "";
    case "web_search":
      return (task.queries ?? []).join(", ");
    default:
      return "";
  }
}

function TaskLine({ task }: { task: Task }) {
  const icon = task.type === "custom" ? task.icon : undefined;
  return (
    <div className={`task-line status-${task.status_indicator ?? "none"}`}>
      <span className="task-icon">
        {task.status_indicator === "loading" ? <LoaderCircle className="spin" width={14} height={14} /> : task.status_indicator === "complete" ? <Check width={14} height={14} /> : icon ? <IconGlyph name={icon} size="sm" /> : <span className="task-dot" />}
      </span>
      <span className="task-body">
        {task.title && <span className="task-title">{task.title}</span>}
        {taskText(task) && <span className="task-content">{taskText(task)}</span>}
      </span>
    </div>
  );
}

function WorkflowView({ item, streaming }: { item: WorkflowItem; streaming: boolean }) {
  const [open, setOpen] = useState(item.workflow.expanded === true);
  const wf = item.workflow;
  const summary = wf.summary;
  let title: string;
  if (streaming) title = wf.type === "reasoning" ? "Thinking…" : "Working…";
  else if (summary && "title" in summary) title = summary.title;
  else if (summary && "duration" in summary) title = `Thought for ${Math.max(1, Math.round(summary.duration))}s`;
  else title = wf.type === "reasoning" ? "Reasoning" : `${wf.tasks.length} step${wf.tasks.length === 1 ? "" : "s"}`;
  return (
    <Wrapper item={item}>
      <div className={`workflow${open ? " is-open" : ""}`}>
        <button type="button" className="workflow-summary" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {streaming ? <LoaderCircle className="spin" width={14} height={14} /> : summary && "icon" in summary && summary.icon ? <IconGlyph name={summary.icon} size="sm" /> : null}
          <span>{title}</span>
          <ChevronRight className="chevron" width={14} height={14} />
        </button>
        {open && (
          <div className="workflow-tasks">
            {wf.tasks.map((t, i) => (
              <TaskLine key={i} task={t} />
            ))}
          </div>
        )}
      </div>
    </Wrapper>
  );
}
