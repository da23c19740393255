//! The conversation history: new thread, search, list (paged as it scrolls), open, rename,
//! delete with Undo, and bulk delete.
//! Why: threads persist in the core's SQLite store; this lists them (`threads.list`, a page at a
//! time: `onLoadMore`), searches titles and item text (`search_threads`, ui/src/history/), and
//! drives `threads.get_by_id` / `threads.update` / `threads.delete` through the chat controller.
//! A delete is held back for the Undo window (ui/src/history/pendingDeletes.ts); the deleted
//! threads are hidden meanwhile.

import { memo, useEffect, useMemo, useRef, useState } from "react";
import { ListChecks, Plus, Search, Trash, Undo2, X } from "lucide-react";
import type { Backend } from "../platform/backend";
import type { ThreadMetadata } from "../protocol/types";
import { HistoryRow } from "../history/HistoryRow";
import { PendingDeletes, type PendingDelete } from "../history/pendingDeletes";
import { useThreadSearch } from "../history/useThreadSearch";
import "../history/history.css";

export interface SidebarProps {
  open: boolean;
  threads: ThreadMetadata[];
  activeId: string | null;
  loading: boolean;
  error: string | null;
  /** The app core's commands (search over item text); null in a browser. */
  backend?: Backend | null;
  /** More threads after the last one listed. */
  hasMore?: boolean;
  onLoadMore?: () => void;
  onNew: () => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
  onRename: (id: string, title: string) => void;
}

/** Calls `onVisible` whenever `ref`'s element scrolls into view (a list's end). */
function useWhenVisible(ref: React.RefObject<HTMLElement | null>, enabled: boolean, onVisible: () => void) {
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && callback.current());
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, enabled]);
}

export const Sidebar = memo(function Sidebar(props: SidebarProps) {
  const { onDelete, onNew, activeId } = props;
  const search = useThreadSearch(props.backend ?? null, props.threads);
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<PendingDelete | null>(null);
  const end = useRef<HTMLDivElement>(null);

  const onDeleteRef = useRef(onDelete);
  onDeleteRef.current = onDelete;
  const deletes = useMemo(() => new PendingDeletes((ids) => ids.forEach((id) => onDeleteRef.current(id)), setPending), []);
  useEffect(() => {
    const flush = () => deletes.flush();
    window.addEventListener("beforeunload", flush);
    return () => {
      window.removeEventListener("beforeunload", flush);
      flush();
    };
  }, [deletes]);

  const hidden = new Set(pending?.ids ?? []);
  const searching = search.active !== "";
  const rows = searching ? search.results : props.threads.map((thread) => ({ thread, snippet: undefined as string | undefined }));
  const visible = rows.filter((r) => !hidden.has(r.thread.id));
  const canLoadMore = searching ? search.hasMore : Boolean(props.hasMore);
  const loadMore = () => (searching ? search.loadMore() : props.onLoadMore?.());
  useWhenVisible(end, canLoadMore, loadMore);

  const remove = (ids: string[], label: string) => {
    if (activeId && ids.includes(activeId)) onNew();
    deletes.schedule(ids, label);
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const endSelection = () => {
    setSelecting(false);
    setSelected(new Set());
  };
  const deleteSelected = () => {
    const ids = visible.map((r) => r.thread.id).filter((id) => selected.has(id));
    remove(ids, ids.length === 1 ? "1 conversation" : `${ids.length} conversations`);
    endSelection();
  };

  return (
    <nav className={`sidebar${props.open ? "" : " is-collapsed"}`} aria-label="Conversations">
      <button type="button" id="new-thread" className="new-thread-button" onClick={props.onNew}>
        <Plus width={16} height={16} /> New conversation
      </button>
      <div className="history-search" role="search">
        <Search width={14} height={14} className="history-search-icon" aria-hidden="true" />
        <input
          id="history-search"
          type="search"
          value={search.query}
          onChange={(e) => search.setQuery(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && search.setQuery("")}
          placeholder={search.titlesOnly ? "Search titles" : "Search conversations"}
          aria-label="Search conversations"
          maxLength={200}
        />
        {search.query && (
          <button type="button" className="icon-button small" aria-label="Clear search" onClick={() => search.setQuery("")}>
            <X width={13} height={13} />
          </button>
        )}
      </div>
      <div className="sidebar-section-title history-heading">
        <span>{searching ? "Results" : "History"}</span>
        {selecting ? (
          <span className="history-bulk">
            <button type="button" id="history-delete-selected" className="text-button danger" disabled={selected.size === 0} onClick={deleteSelected}>
              <Trash width={12} height={12} /> Delete {selected.size || ""}
            </button>
            <button type="button" className="text-button" onClick={endSelection}>Cancel</button>
          </span>
        ) : (
          visible.length > 0 && (
            <button type="button" id="history-select" className="text-button" onClick={() => setSelecting(true)} aria-label="Select conversations">
              <ListChecks width={12} height={12} /> Select
            </button>
          )
        )}
      </div>
      {props.error && <div className="sidebar-error" role="alert">{props.error}</div>}
      {search.error && <div className="sidebar-error" role="alert">{search.error}</div>}
      {searching && search.titlesOnly && <div className="sidebar-empty">Searching titles only (item text is searched in the desktop app).</div>}
      {props.loading && props.threads.length === 0 && !searching ? (
        <div className="sidebar-empty">Loading…</div>
      ) : visible.length === 0 ? (
        <div className="sidebar-empty" id="history-empty">
          {searching ? (search.searching ? "Searching…" : `No conversation mentions “${search.active}”.`) : "No conversations yet."}
        </div>
      ) : (
        <ul className="history-list" id={searching ? "history-results" : "history-list"}>
          {visible.map((r) => (
            <HistoryRow
              key={r.thread.id}
              thread={r.thread}
              snippet={r.snippet}
              active={r.thread.id === props.activeId}
              selecting={selecting}
              selected={selected.has(r.thread.id)}
              onToggle={toggle}
              onOpen={props.onOpen}
              onDelete={(t) => remove([t.id], t.title || "New conversation")}
              onRename={props.onRename}
            />
          ))}
        </ul>
      )}
      <div ref={end} className="history-end">
        {canLoadMore && (
          <button type="button" id="history-load-more" className="text-button" onClick={loadMore}>
            Load more
          </button>
        )}
      </div>
      {pending && (
        <div className="history-undo" id="history-undo" role="status">
          <span className="history-undo-text">Deleted {pending.label}</span>
          <button type="button" id="history-undo-button" className="text-button" onClick={() => deletes.undo()}>
            <Undo2 width={12} height={12} /> Undo
          </button>
        </div>
      )}
    </nav>
  );
});
