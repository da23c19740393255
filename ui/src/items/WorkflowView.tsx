//! A workflow: a summary line ("Thinking…" while it streams, then its summary title or "Thought
//! for N s") that opens and closes its tasks; it starts open when the server says `expanded`.

import { useState } from "react";
import { ChevronRight, LoaderCircle } from "lucide-react";
import type { WorkflowItem } from "../protocol/types";
import { IconGlyph } from "../widgets/Icon";
import { ItemWrapper } from "./ItemWrapper";
import { TaskLine } from "./TaskLine";

export function workflowTitle(item: WorkflowItem, streaming: boolean): string {
  const wf = item.workflow;
  const summary = wf.summary;
  if (streaming) return wf.type === "reasoning" ? "Thinking…" : "Working…";
  if (summary && "title" in summary) return summary.title;
  if (summary && "duration" in summary) return `Thought for ${Math.max(1, Math.round(summary.duration))}s`;
  return wf.type === "reasoning" ? "Reasoning" : `${wf.tasks.length} step${wf.tasks.length === 1 ? "" : "s"}`;
}

export function WorkflowView({ item, streaming }: { item: WorkflowItem; streaming: boolean }) {
  const [open, setOpen] = useState(item.workflow.expanded === true);
  const summary = item.workflow.summary;
  return (
    <ItemWrapper item={item}>
      <div className={`workflow${open ? " is-open" : ""}`}>
        <button type="button" className="workflow-summary" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {streaming ? <LoaderCircle className="spin" width={14} height={14} /> : summary && "icon" in summary && summary.icon ? <IconGlyph name={summary.icon} size="sm" /> : null}
          <span>{workflowTitle(item, streaming)}</span>
          <ChevronRight className="chevron" width={14} height={14} />
        </button>
        {open && (
          <div className="workflow-tasks">
            {item.workflow.tasks.map((t, i) => (
              <TaskLine key={i} task={t} />
            ))}
          </div>
        )}
      </div>
    </ItemWrapper>
  );
}
