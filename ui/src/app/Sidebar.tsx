//! The conversation history: new thread, list, open, rename, delete.
//! Why: threads persist in the core's SQLite store; this lists them (`threads.list`) and drives
//! `threads.get_by_id` / `threads.update` / `threads.delete`.

import { useState, type KeyboardEvent } from "react";
import { MessageSquare, Pencil, Plus, Trash } from "lucide-react";
import type { ThreadMetadata } from "../protocol/types";

function relativeDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const days = Math.floor((Date.now() - d.getTime()) / 86_400_000);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days < 7) return `${days} days ago`;
  return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export interface SidebarProps {
  open: boolean;
  threads: ThreadMetadata[];
  activeId: string | null;
  loading: boolean;
  error: string | null;
  onNew: () => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
  onRename: (id: string, title: string) => void;
}

export function Sidebar(props: SidebarProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const commit = (id: string) => {
    if (draft.trim()) props.onRename(id, draft);
    setEditing(null);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>, id: string) => {
    if (e.key === "Enter") commit(id);
    if (e.key === "Escape") setEditing(null);
  };
  return (
    <nav className={`sidebar${props.open ? "" : " is-collapsed"}`} aria-label="Conversations">
      <button type="button" id="new-thread" className="new-thread-button" onClick={props.onNew}>
        <Plus width={16} height={16} /> New conversation
      </button>
      <div className="sidebar-section-title">History</div>
      {props.error && <div className="sidebar-error" role="alert">{props.error}</div>}
      {props.loading && props.threads.length === 0 ? (
        <div className="sidebar-empty">Loading…</div>
      ) : props.threads.length === 0 ? (
        <div className="sidebar-empty">No conversations yet.</div>
      ) : (
        <ul className="history-list">
          {props.threads.map((t) => (
            <li key={t.id} className={`history-item${t.id === props.activeId ? " is-active" : ""}`} data-thread-id={t.id}>
              {editing === t.id ? (
                <input
                  className="history-rename"
                  autoFocus
                  value={draft}
                  onChange={(e) => setDraft(e.target.value)}
                  onBlur={() => commit(t.id)}
                  onKeyDown={(e) => onKey(e, t.id)}
                  aria-label="Conversation title"
                />
              ) : (
                <button type="button" className="history-open" onClick={() => props.onOpen(t.id)} title={t.title ?? "New conversation"}>
                  <MessageSquare width={15} height={15} className="history-icon" />
                  <span className="history-text">
                    <span className="history-title">{t.title || "New conversation"}</span>
                    <span className="history-date">{relativeDay(t.created_at)}</span>
                  </span>
                </button>
              )}
              {editing !== t.id && (
                <span className="history-actions">
                  <button type="button" className="icon-button small" aria-label="Rename conversation" onClick={() => { setDraft(t.title ?? ""); setEditing(t.id); }}>
                    <Pencil width={13} height={13} />
                  </button>
                  <button type="button" className="icon-button small history-delete" aria-label="Delete conversation" onClick={() => props.onDelete(t.id)}>
                    <Trash width={13} height={13} />
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
