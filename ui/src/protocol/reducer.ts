//! The thread state of the page and the pure reducer that applies protocol events to it.
//! Why: the server streams changes, never whole snapshots. Applying each event in one pure
//! function keeps the UI a projection of (loaded items + events), makes every event type testable
//! against the reference fixtures, and keeps I/O (client effects, requests) out of rendering.

import type {
  AssistantMessageContent,
  ErrorEvent,
  NoticeEvent,
  ProgressUpdateEvent,
  ThreadItem,
  ThreadItemUpdate,
  ThreadMetadata,
  ThreadStreamEvent,
} from "./types";
import { appendTextDelta, replaceComponent } from "./widgetTree";
import { shareStructure } from "./shareStructure";

export interface ThreadState {
  /** Metadata of the open thread (title, status), or null for a new, unsaved conversation. */
  thread: ThreadMetadata | null;
  /** Visible items in display order (oldest first). */
  items: ThreadItem[];
  /** Ids of items added but not yet done (still streaming). */
  streamingIds: string[];
  /** The transient status line (`progress_update`), cleared when content arrives. */
  progress: ProgressUpdateEvent | null;
  notices: NoticeEvent[];
  error: ErrorEvent | null;
  /** From `stream_options`: whether the stop button may be shown. */
  allowCancel: boolean;
}

export const emptyThreadState: ThreadState = {
  thread: null,
  items: [],
  streamingIds: [],
  progress: null,
  notices: [],
  error: null,
  allowCancel: true,
};

export type ThreadAction =
  | { kind: "event"; event: ThreadStreamEvent }
  | { kind: "load"; thread: ThreadMetadata; items: ThreadItem[] }
  /** Older items paged in on scroll-up (ui/src/history/threadPaging.ts), oldest first. */
  | { kind: "prepend_items"; items: ThreadItem[] }
  | { kind: "reset" }
  /** Before `threads.retry_after_item`: drop every item after that user message (docs/PROTOCOL.md §2.3). */
  | { kind: "truncate_after"; itemId: string }
  /** A sync action answered with an updated item. */
  | { kind: "replace_item"; item: ThreadItem }
  | { kind: "stream_ended" }
  | { kind: "dismiss_notice"; index: number }
  | { kind: "clear_error" }
  | { kind: "set_error"; error: ErrorEvent };

export function threadReducer(state: ThreadState, action: ThreadAction): ThreadState {
  switch (action.kind) {
    case "event":
      return applyEvent(state, action.event);
    case "load":
      return { ...emptyThreadState, thread: action.thread, items: action.items };
    case "reset":
      return emptyThreadState;
    case "prepend_items": {
      const shown = new Set(state.items.map((i) => i.id));
      const older = action.items.filter((i) => !shown.has(i.id));
      return older.length ? { ...state, items: [...older, ...state.items] } : state;
    }
    case "truncate_after": {
      const idx = state.items.findIndex((i) => i.id === action.itemId);
      if (idx < 0) return state;
      return { ...state, items: state.items.slice(0, idx + 1), error: null, streamingIds: [] };
    }
    case "replace_item":
      return upsertItem(state, action.item, false);
    case "stream_ended":
      return { ...state, progress: null, streamingIds: [] };
    case "dismiss_notice":
      return { ...state, notices: state.notices.filter((_, i) => i !== action.index) };
    case "clear_error":
      return { ...state, error: null };
    case "set_error":
      return { ...state, error: action.error, progress: null };
  }
}

/** Applies one stream event. Unknown events and updates for unknown items leave the state as is. */
export function applyEvent(state: ThreadState, event: ThreadStreamEvent): ThreadState {
  switch (event.type) {
    case "thread.created":
    case "thread.updated": {
      const { items: _ignored, ...meta } = event.thread;
      return { ...state, thread: meta };
    }
    case "thread.item.added":
      return withProgressCleared(upsertItem(state, event.item, true));
    case "thread.item.done":
    case "thread.item.replaced":
      return withProgressCleared(upsertItem(state, event.item, false));
    case "thread.item.removed":
      return {
        ...state,
        items: state.items.filter((i) => i.id !== event.item_id),
        streamingIds: state.streamingIds.filter((id) => id !== event.item_id),
      };
    case "thread.item.updated": {
      const idx = state.items.findIndex((i) => i.id === event.item_id);
      if (idx < 0) return state;
      const next = applyUpdate(state.items[idx], event.update);
      if (next === state.items[idx]) return state;
      const items = state.items.slice();
      items[idx] = next;
      return withProgressCleared({ ...state, items });
    }
    case "stream_options":
      return { ...state, allowCancel: event.stream_options?.allow_cancel !== false };
    case "progress_update":
      return { ...state, progress: event };
    case "notice":
      return { ...state, notices: [...state.notices, event] };
    case "error":
      return { ...state, error: event, progress: null };
    case "client_effect":
      // Effects are dispatched by the stream consumer (see client/effects); no state change.
      return state;
    default:
      return state;
  }
}

function withProgressCleared(state: ThreadState): ThreadState {
  return state.progress ? { ...state, progress: null } : state;
}

function upsertItem(state: ThreadState, item: ThreadItem, streaming: boolean): ThreadState {
  const idx = state.items.findIndex((i) => i.id === item.id);
  const items = state.items.slice();
  if (idx >= 0) items[idx] = item;
  else items.push(item);
  const others = state.streamingIds.filter((id) => id !== item.id);
  return { ...state, items, streamingIds: streaming ? [...others, item.id] : others };
}

/** Applies one `ThreadItemUpdate` to an item; returns the same object when it does not apply. */
export function applyUpdate(item: ThreadItem, update: ThreadItemUpdate): ThreadItem {
  switch (update.type) {
    case "assistant_message.content_part.added":
      if (item.type !== "assistant_message") return item;
      return { ...item, content: setAt(item.content, update.content_index, update.content) };
    case "assistant_message.content_part.text_delta": {
      if (item.type !== "assistant_message") return item;
      const part = item.content[update.content_index] ?? emptyPart();
      return { ...item, content: setAt(item.content, update.content_index, { ...part, text: part.text + update.delta }) };
    }
    case "assistant_message.content_part.annotation_added": {
      if (item.type !== "assistant_message") return item;
      const part = item.content[update.content_index] ?? emptyPart();
      const annotations = part.annotations.slice();
      const at = Math.min(Math.max(0, update.annotation_index), annotations.length);
      annotations.splice(at, 0, update.annotation);
      return { ...item, content: setAt(item.content, update.content_index, { ...part, annotations }) };
    }
    case "assistant_message.content_part.done":
      if (item.type !== "assistant_message") return item;
      return { ...item, content: setAt(item.content, update.content_index, update.content) };
    case "widget.streaming_text.value_delta":
      if (item.type !== "widget") return item;
      return { ...item, widget: appendTextDelta(item.widget, update.component_id, update.delta) };
    case "widget.root.updated":
      if (item.type !== "widget") return item;
      // The rows that did not change stay the same objects, so only the new ones are redrawn.
      return { ...item, widget: shareStructure(item.widget, update.widget) };
    case "widget.component.updated":
      if (item.type !== "widget") return item;
      return { ...item, widget: replaceComponent(item.widget, update.component_id, update.component) };
    case "workflow.task.added":
    case "workflow.task.updated": {
      if (item.type !== "workflow") return item;
      const tasks = setAt(item.workflow.tasks, update.task_index, update.task, true);
      return { ...item, workflow: { ...item.workflow, tasks } };
    }
    case "generated_image.updated":
      if (item.type !== "generated_image") return item;
      return { ...item, image: update.image, progress: update.progress };
    default:
      return item;
  }
}

function emptyPart(): AssistantMessageContent {
  return { type: "output_text", text: "", annotations: [] };
}

/** Copy of `list` with `value` at `index`; gaps are padded (with empty text parts by default). */
function setAt<T>(list: T[], index: number, value: T, appendOnGap = false): T[] {
  const out = list.slice();
  const i = Math.max(0, Math.floor(index));
  if (i >= out.length && appendOnGap) {
    out.push(value);
    return out;
  }
  while (out.length < i) out.push(emptyPart() as unknown as T);
  out[i] = value;
  return out;
}
