//! Wire types of the ChatKit protocol as chatkit-python 1.6.5 speaks it (docs/PROTOCOL.md §2–§4).
//! Why: one place that names every event, item and update the page can receive, so the reducer,
//! the client and the renderer agree on shapes. Fields the server always sends are required;
//! everything else is optional because the data is parsed from untrusted JSON.

import type { Action, WidgetRoot } from "./widgets";

// ---------- threads and pages (docs/PROTOCOL.md §4.1)

export type ThreadStatus =
  | { type: "active" }
  | { type: "locked"; reason?: string }
  | { type: "closed"; reason?: string };

export interface Page<T> {
  data: T[];
  has_more: boolean;
  after?: string;
}

export interface ThreadMetadata {
  id: string;
  title?: string;
  created_at: string;
  status: ThreadStatus;
  allowed_image_domains?: string[];
  metadata?: Record<string, unknown>;
}

export interface Thread extends ThreadMetadata {
  items: Page<ThreadItem>;
}

// ---------- content (docs/PROTOCOL.md §4.3, §4.5)

export interface InputTextContent {
  type: "input_text";
  text: string;
}

export interface InputTagContent {
  type: "input_tag";
  id: string;
  text: string;
  data?: Record<string, unknown>;
  group?: string;
  interactive?: boolean;
}

export type UserMessageContent = InputTextContent | InputTagContent;

export interface Attachment {
  id: string;
  name: string;
  mime_type: string;
  type: "file" | "image";
  preview_url?: string;
  thread_id?: string;
  /** Only in the answer to `attachments.create`: where phase 2 sends the bytes. */
  upload_descriptor?: { url: string; method: "PUT" | "POST"; headers?: Record<string, string> } | null;
}

export interface SourceBase {
  title: string;
  description?: string;
  timestamp?: string;
  group?: string;
}

export type Source =
  | (SourceBase & { type: "url"; url: string; attribution?: string })
  | (SourceBase & { type: "file"; filename: string })
  | (SourceBase & { type: "entity"; id: string; icon?: string; label?: string; inline_label?: string; interactive?: boolean; data?: Record<string, unknown> });

export interface Annotation {
  type: "annotation";
  source: Source;
  index?: number;
}

export interface AssistantMessageContent {
  type: "output_text";
  text: string;
  annotations: Annotation[];
}

// ---------- workflows and tasks (docs/PROTOCOL.md §4.4)

export interface TaskBase {
  status_indicator?: "none" | "loading" | "complete";
  title?: string;
}

export type Task =
  | (TaskBase & { type: "custom"; icon?: string; content?: string })
  | (TaskBase & { type: "web_search"; title_query?: string; queries?: string[]; sources?: Source[] })
  | (TaskBase & { type: "thought"; content: string })
  | (TaskBase & { type: "file"; sources?: Source[] })
  | (TaskBase & { type: "image" });

export type WorkflowSummary = { title: string; icon?: string } | { duration: number };

export interface Workflow {
  type: "custom" | "reasoning";
  tasks: Task[];
  summary?: WorkflowSummary;
  expanded?: boolean;
}

// ---------- items (docs/PROTOCOL.md §4.2)

interface ItemBase {
  id: string;
  thread_id: string;
  created_at: string;
}

export interface UserMessageItem extends ItemBase {
  type: "user_message";
  content: UserMessageContent[];
  attachments: Attachment[];
  quoted_text?: string;
  inference_options?: { tool_choice?: { id: string }; model?: string };
}

export interface AssistantMessageItem extends ItemBase {
  type: "assistant_message";
  content: AssistantMessageContent[];
}

export interface ClientToolCallItem extends ItemBase {
  type: "client_tool_call";
  status: "pending" | "completed";
  call_id: string;
  name: string;
  arguments: Record<string, unknown>;
  output?: unknown;
}

export interface WidgetItem extends ItemBase {
  type: "widget";
  widget: WidgetRoot;
  copy_text?: string;
}

export interface GeneratedImageItem extends ItemBase {
  type: "generated_image";
  image?: { id: string; url: string };
  /** Client-side only: progress of a progressive preview (0..1). */
  progress?: number;
}

export interface StructuredInputItem extends ItemBase {
  type: "structured_input";
  status: "pending" | "answered" | "skipped";
  inputs: Array<{ id: string; type: string; question: string; [k: string]: unknown }>;
}

export interface WorkflowItem extends ItemBase {
  type: "workflow";
  workflow: Workflow;
}

export interface TaskItem extends ItemBase {
  type: "task";
  task: Task;
}

export interface EndOfTurnItem extends ItemBase {
  type: "end_of_turn";
}

export interface HiddenContextItem extends ItemBase {
  type: "hidden_context_item" | "sdk_hidden_context";
  content: unknown;
}

export type ThreadItem =
  | UserMessageItem
  | AssistantMessageItem
  | ClientToolCallItem
  | WidgetItem
  | GeneratedImageItem
  | StructuredInputItem
  | WorkflowItem
  | TaskItem
  | EndOfTurnItem
  | HiddenContextItem;

/** Item types that are never shown (the server filters them, but be safe). */
export const HIDDEN_ITEM_TYPES: ReadonlySet<string> = new Set(["hidden_context_item", "sdk_hidden_context"]);

// ---------- item updates (docs/PROTOCOL.md §3.2)

export type ThreadItemUpdate =
  | { type: "assistant_message.content_part.added"; content_index: number; content: AssistantMessageContent }
  | { type: "assistant_message.content_part.text_delta"; content_index: number; delta: string }
  | { type: "assistant_message.content_part.annotation_added"; content_index: number; annotation_index: number; annotation: Annotation }
  | { type: "assistant_message.content_part.done"; content_index: number; content: AssistantMessageContent }
  | { type: "widget.streaming_text.value_delta"; component_id: string; delta: string; done: boolean }
  | { type: "widget.root.updated"; widget: WidgetRoot }
  | { type: "widget.component.updated"; component_id: string; component: import("./widgets").WidgetNode }
  | { type: "workflow.task.added"; task_index: number; task: Task }
  | { type: "workflow.task.updated"; task_index: number; task: Task }
  | { type: "generated_image.updated"; image: { id: string; url: string }; progress?: number };

// ---------- stream events (docs/PROTOCOL.md §3.1)

export interface ProgressUpdateEvent {
  type: "progress_update";
  icon?: string;
  text: string;
}

export interface NoticeEvent {
  type: "notice";
  level: "info" | "warning" | "danger";
  message: string;
  title?: string;
}

export interface ErrorEvent {
  type: "error";
  code: string;
  message?: string;
  allow_retry: boolean;
  /** Shopdesk extension (docs/PROTOCOL.md §12): wait this long before retrying (a `Retry-After`). */
  retry_after_ms?: number;
}

export interface ClientEffectEvent {
  type: "client_effect";
  name: string;
  data: Record<string, unknown>;
}

export type ThreadStreamEvent =
  | { type: "thread.created"; thread: Thread }
  | { type: "thread.updated"; thread: Thread }
  | { type: "thread.item.added"; item: ThreadItem }
  | { type: "thread.item.updated"; item_id: string; update: ThreadItemUpdate }
  | { type: "thread.item.done"; item: ThreadItem }
  | { type: "thread.item.removed"; item_id: string }
  | { type: "thread.item.replaced"; item: ThreadItem }
  | { type: "stream_options"; stream_options: { allow_cancel: boolean } }
  | ProgressUpdateEvent
  | ClientEffectEvent
  | ErrorEvent
  | NoticeEvent;

// ---------- requests (docs/PROTOCOL.md §2.1)

export interface UserMessageInput {
  content: UserMessageContent[];
  attachments: string[];
  quoted_text?: string;
  inference_options: { tool_choice?: { id: string }; model?: string };
}

/** Request types answered with an SSE stream (docs/PROTOCOL.md §1.3). */
export const STREAMING_REQUEST_TYPES: ReadonlySet<string> = new Set([
  "threads.create",
  "threads.add_user_message",
  "threads.add_client_tool_output",
  "threads.add_structured_input",
  "threads.retry_after_item",
  "threads.custom_action",
]);

export interface SyncCustomActionResponse {
  updated_item?: ThreadItem;
}

export type { Action };
