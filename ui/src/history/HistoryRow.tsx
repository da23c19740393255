//! One conversation in the history panel: open it, rename it in place, delete it, or — in
//! selection mode — tick it for a bulk delete. A search result shows the item text that
//! matched under its title.

import { useState, type KeyboardEvent } from "react";
import { MessageSquare, Pencil, Trash } from "lucide-react";
import type { ThreadMetadata } from "../protocol/types";

export function relativeDay(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const days = Math.floor((now - d.getTime()) / 86_400_000);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days < 7) return `${days} days ago`;
  return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export interface HistoryRowProps {
  thread: ThreadMetadata;
  snippet?: string;
  active: boolean;
  /** Selection mode: a checkbox instead of the row's actions. */
  selecting: boolean;
  selected: boolean;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
  onDelete: (thread: ThreadMetadata) => void;
  onRename: (id: string, title: string) => void;
}

export function HistoryRow({ thread: t, snippet, active, selecting, selected, onToggle, onOpen, onDelete, onRename }: HistoryRowProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const title = t.title || "New conversation";
  const commit = () => {
    if (draft.trim() && draft.trim() !== t.title) onRename(t.id, draft);
    setEditing(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") commit();
    if (e.key === "Escape") setEditing(false);
  };
  return (
    <li className={`history-item${active ? " is-active" : ""}${selected ? " is-selected" : ""}`} data-thread-id={t.id}>
      {selecting && (
        <input type="checkbox" className="history-check" checked={selected} onChange={() => onToggle(t.id)} aria-label={`Select ${title}`} />
      )}
      {editing ? (
        <input className="history-rename" autoFocus value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={onKey} aria-label="Conversation title" />
      ) : (
        <button type="button" className="history-open" onClick={() => (selecting ? onToggle(t.id) : onOpen(t.id))} title={title}>
          <MessageSquare width={15} height={15} className="history-icon" />
          <span className="history-text">
            <span className="history-title">{title}</span>
            {snippet ? <span className="history-snippet">{snippet}</span> : <span className="history-date">{relativeDay(t.created_at)}</span>}
          </span>
        </button>
      )}
      {!editing && !selecting && (
        <span className="history-actions">
          <button type="button" className="icon-button small" aria-label="Rename conversation" onClick={() => { setDraft(t.title ?? ""); setEditing(true); }}>
            <Pencil width={13} height={13} />
          </button>
          <button type="button" className="icon-button small history-delete" aria-label="Delete conversation" onClick={() => onDelete(t)}>
            <Trash width={13} height={13} />
          </button>
        </span>
      )}
    </li>
  );
}
