//! One task (a `task` item, or a step of a workflow), by kind: `custom` (icon, title, content),
//! `web_search` (its queries and the sources found), `thought` (the reasoning text), `file` (the
//! files read, as sources), `image` (an image step); with its status (loading / complete).
//! Why: tasks appear alone and inside workflows; one view per task keeps both alike.

import { Check, FileText, Globe, ImageIcon, Lightbulb, LoaderCircle } from "lucide-react";
import type { Task } from "../protocol/types";
import { IconGlyph } from "../widgets/Icon";
import { SourceChips } from "./SourceChips";

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

function defaultTitle(task: Task): string | undefined {
  if (task.title) return task.title;
  switch (task.type) {
    case "web_search":
      return task.title_query ? `Searched for "${task.title_query}"` : "Searched the web";
    case "file":
      return "Read files";
    case "image":
      return "Made an image";
    case "thought":
      return undefined;
    default:
      return undefined;
  }
}

function KindIcon({ task }: { task: Task }) {
  switch (task.type) {
    case "custom":
      return task.icon ? <IconGlyph name={task.icon} size="sm" /> : <span className="task-dot" />;
    case "web_search":
      return <Globe width={14} height={14} />;
    case "thought":
      return <Lightbulb width={14} height={14} />;
    case "file":
      return <FileText width={14} height={14} />;
    case "image":
      return <ImageIcon width={14} height={14} />;
    default:
      return <span className="task-dot" />;
  }
}

export function TaskLine({ task }: { task: Task }) {
  const title = defaultTitle(task);
  const text = taskText(task);
  const sources = task.type === "web_search" || task.type === "file" ? task.sources ?? [] : [];
  return (
    <div className={`task-line task-${task.type} status-${task.status_indicator ?? "none"}`} data-task-type={task.type}>
      <span className="task-icon">
        {task.status_indicator === "loading" ? <LoaderCircle className="spin" width={14} height={14} /> : task.status_indicator === "complete" ? <Check width={14} height={14} /> : <KindIcon task={task} />}
      </span>
      <span className="task-body">
        {title && <span className="task-title">{title}</span>}
        {text && <span className="task-content">{text}</span>}
        {sources.length > 0 && <SourceChips sources={sources} />}
      </span>
    </div>
  );
}
