//! The conversation controller: one open thread, its streams, and the thread history.
//! Why: every user gesture (send, stop, retry, open, delete, rename, widget action) becomes a
//! ChatKit request here, and every streamed event goes through the pure reducer. Components only
//! read `ChatState` and call these functions. A stream that ends on a pending `client_tool_call`
//! runs that tool in the page (`onClientTool`) and posts `threads.add_client_tool_output`, whose
//! stream continues the answer (docs/ARCHITECTURE.md, Contract 5).

import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from "react";
import { ChatKitClient, textInput, type EventMeta } from "../client/chatkitClient";
import { noteEventDispatched, noteEventsApplied } from "../perf/pagePerf";
import { ChatKitRequestError, isAbortError } from "../client/errors";
import { emptyThreadState, threadReducer, type ThreadState } from "../protocol/reducer";
import type { Attachment, ClientEffectEvent, ClientToolCallItem, ThreadMetadata, ThreadStreamEvent, WidgetItem } from "../protocol/types";
import type { ActionConfig } from "../protocol/widgets";
import { retryTarget, routeOf } from "../widgets/actions";
import type { StructuredInputSubmission } from "../items/itemContext";
import { HISTORY_PAGE_SIZE, mergeFirstPage, nextHistoryPage } from "../history/historyPaging";
import { loadOlder as loadOlderPage, openAtEnd } from "../history/threadPaging";

export type ClientActionHandler = (action: ActionConfig, item: WidgetItem | null) => void | Promise<void>;

/** Runs a client tool the assistant called; resolves with its result (never rejects). */
export type ClientToolHandler = (name: string, params: Record<string, unknown>) => Promise<unknown>;

export interface ChatOptions {
  client: ChatKitClient;
  onClientAction: ClientActionHandler;
  onEffect?: (effect: ClientEffectEvent) => void;
  /** Without it a pending client tool call is left unanswered. */
  onClientTool?: ClientToolHandler;
}

/** Client tool round trips one gesture may start (the core has its own, lower cap). */
const MAX_CLIENT_TOOL_ROUNDS = 16;

type StartStream = (opts: { onEvent: (e: ThreadStreamEvent) => void; signal: AbortSignal }) => Promise<void>;

export interface Chat {
  state: ThreadState;
  threadId: string | null;
  streaming: boolean;
  history: ThreadMetadata[];
  historyLoading: boolean;
  historyError: string | null;
  /** More threads to list after the last one shown (`threads.list` cursor). */
  historyHasMore: boolean;
  openingThread: boolean;
  /** The open thread has older items than the ones shown (opened at its end). */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Sends `text` with the ids of uploaded `attachments` (either may be empty, not both). */
  send(text: string, attachments?: readonly Attachment[]): Promise<void>;
  stop(): void;
  retry(): Promise<void>;
  openThread(id: string): Promise<void>;
  newThread(): void;
  deleteThread(id: string): Promise<void>;
  renameThread(id: string, title: string): Promise<void>;
  refreshHistory(): Promise<void>;
  loadMoreHistory(): Promise<void>;
  loadOlder(): Promise<void>;
  onWidgetAction(action: ActionConfig, item: WidgetItem): Promise<void>;
  feedback(itemId: string, kind: "positive" | "negative"): Promise<void>;
  /** Answers structured input `itemId` (`threads.add_structured_input`). */
  submitStructuredInput(itemId: string, submission: StructuredInputSubmission): Promise<void>;
  dismissNotice(index: number): void;
  dismissError(): void;
}

function errorText(err: unknown): string {
  if (err instanceof ChatKitRequestError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export function useChat({ client, onClientAction, onEffect, onClientTool }: ChatOptions): Chat {
  const [state, dispatch] = useReducer(threadReducer, emptyThreadState);
  // Core → applied latency (ui/src/perf/pagePerf.ts): the events dispatched so far are in the DOM.
  useLayoutEffect(() => noteEventsApplied(), [state]);
  const [streaming, setStreaming] = useState(false);
  const [history, setHistory] = useState<ThreadMetadata[]>([]);
  const [historyLoading, setHistoryLoading] = useState(true);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [openingThread, setOpeningThread] = useState(false);
  const [historyCursor, setHistoryCursor] = useState<string | null>(null);
  const [olderCursor, setOlderCursor] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const historyPaging = useRef(false);
  const olderPaging = useRef(false);
  const historyRef = useRef(history);
  historyRef.current = history;

  const stateRef = useRef(state);
  stateRef.current = state;
  const abortRef = useRef<AbortController | null>(null);
  const threadIdRef = useRef<string | null>(null);

  const refreshHistory = useCallback(async () => {
    try {
      const page = await client.listThreads({ limit: HISTORY_PAGE_SIZE, order: "desc" });
      const merged = mergeFirstPage(historyRef.current, page);
      setHistory(merged.threads);
      if (!merged.keptOlder) setHistoryCursor(merged.cursor);
      setHistoryError(null);
    } catch (e) {
      setHistoryError(`Could not load your conversations: ${errorText(e)}`);
    } finally {
      setHistoryLoading(false);
    }
  }, [client]);

  useEffect(() => {
    void refreshHistory();
  }, [refreshHistory]);

  /** The next page of `threads.list` after the last thread shown (load more on scroll). */
  const loadMoreHistory = useCallback(async () => {
    if (!historyCursor || historyPaging.current) return;
    historyPaging.current = true;
    try {
      const next = await nextHistoryPage(client, historyCursor);
      setHistory((h) => [...h, ...next.threads.filter((t) => !h.some((o) => o.id === t.id))]);
      setHistoryCursor(next.cursor);
    } catch (e) {
      setHistoryError(`Could not load more conversations: ${errorText(e)}`);
    } finally {
      historyPaging.current = false;
    }
  }, [client, historyCursor]);

  /**
   * Runs one streaming request; events go to the reducer, effects to the page. When the stream
   * ends on a pending client tool call, the tool runs here and its output is posted as a new
   * stream (`threads.add_client_tool_output`), under the same Stop, until an answer ends.
   */
  const runStream = useCallback(
    async (start: StartStream) => {
      abortRef.current?.abort();
      const controller = new AbortController();
      abortRef.current = controller;
      setStreaming(true);
      let createdThread = false;
      let pendingTool: ClientToolCallItem | null = null;
      const takePendingTool = (): ClientToolCallItem | null => {
        const call = pendingTool;
        pendingTool = null;
        return call;
      };
      const onEvent = (event: ThreadStreamEvent, meta?: EventMeta) => {
        if (controller.signal.aborted) return;
        noteEventDispatched(meta?.emittedAt);
        if (event.type === "thread.created") {
          threadIdRef.current = event.thread.id;
          createdThread = true;
        }
        if (event.type === "client_effect") onEffect?.(event);
        // Only a pending call that is the last thing the stream sent is for the page to run.
        if (event.type === "thread.item.done" && event.item.type === "client_tool_call" && event.item.status === "pending") {
          pendingTool = event.item;
        } else if (event.type.startsWith("thread.item.") || event.type === "error") {
          pendingTool = null;
        }
        dispatch({ kind: "event", event });
        if (event.type === "thread.created" || event.type === "thread.updated") {
          const { items: _items, ...meta } = event.thread;
          setHistory((h) => [meta, ...h.filter((t) => t.id !== meta.id)]);
        }
      };
      try {
        let step: StartStream | null = start;
        for (let round = 0; step; round++) {
          takePendingTool();
          await step({ onEvent, signal: controller.signal });
          const call = takePendingTool();
          step = null;
          if (!call || !onClientTool || controller.signal.aborted || round >= MAX_CLIENT_TOOL_ROUNDS) break;
          const result = await onClientTool(call.name, call.arguments ?? {});
          const threadId = threadIdRef.current ?? call.thread_id;
          if (controller.signal.aborted || !threadId) break;
          // The server sends no event for the completed call; show it as the server now stores it.
          dispatch({ kind: "replace_item", item: { ...call, status: "completed", output: result } });
          step = (opts) => client.addClientToolOutput(threadId, result, opts);
        }
      } catch (e) {
        if (!isAbortError(e) && !controller.signal.aborted) {
          dispatch({
            kind: "set_error",
            error: { type: "error", code: "custom", message: `The answer was interrupted: ${errorText(e)}`, allow_retry: true },
          });
        }
      } finally {
        if (abortRef.current === controller) {
          abortRef.current = null;
          setStreaming(false);
          dispatch({ kind: "stream_ended" });
        }
        if (createdThread || threadIdRef.current) void refreshHistory();
      }
    },
    [client, onClientTool, onEffect, refreshHistory],
  );

  const send = useCallback(
    async (text: string, attachments: readonly Attachment[] = []) => {
      const trimmed = text.trim();
      if ((!trimmed && attachments.length === 0) || abortRef.current) return;
      dispatch({ kind: "clear_error" });
      const input = textInput(trimmed, attachments.map((a) => a.id));
      const threadId = threadIdRef.current;
      await runStream(({ onEvent, signal }) =>
        threadId ? client.addUserMessage(threadId, input, { onEvent, signal }) : client.createThread(input, { onEvent, signal }),
      );
    },
    [client, runStream],
  );

  const stop = useCallback(() => {
    abortRef.current?.abort();
  }, []);

  /** Answer user message `itemId` again: everything after it goes (`threads.retry_after_item`). */
  const retryFrom = useCallback(
    async (itemId: string) => {
      const threadId = threadIdRef.current;
      if (!threadId || abortRef.current) return;
      if (!stateRef.current.items.some((i) => i.id === itemId && i.type === "user_message")) return;
      dispatch({ kind: "truncate_after", itemId });
      await runStream(({ onEvent, signal }) => client.retryAfterItem(threadId, itemId, { onEvent, signal }));
    },
    [client, runStream],
  );

  const retry = useCallback(async () => {
    const lastUser = [...stateRef.current.items].reverse().find((i) => i.type === "user_message");
    if (lastUser) await retryFrom(lastUser.id);
  }, [retryFrom]);

  const openThread = useCallback(
    async (id: string) => {
      abortRef.current?.abort();
      threadIdRef.current = id;
      setOpeningThread(true);
      try {
        const opened = await openAtEnd(client, id);
        if (threadIdRef.current === id) {
          dispatch({ kind: "load", thread: opened.thread, items: opened.items });
          setOlderCursor(opened.olderCursor);
        }
      } catch (e) {
        if (threadIdRef.current === id) {
          setOlderCursor(null);
          dispatch({ kind: "reset" });
          dispatch({ kind: "set_error", error: { type: "error", code: "custom", message: `Could not open the conversation: ${errorText(e)}`, allow_retry: false } });
        }
      } finally {
        setOpeningThread(false);
      }
    },
    [client],
  );

  const newThread = useCallback(() => {
    abortRef.current?.abort();
    threadIdRef.current = null;
    setOlderCursor(null);
    dispatch({ kind: "reset" });
  }, []);

  /** The page of items before the oldest one shown (scroll-up in a long thread). */
  const loadOlder = useCallback(async () => {
    const id = threadIdRef.current;
    if (!id || !olderCursor || olderPaging.current) return;
    olderPaging.current = true;
    setLoadingOlder(true);
    try {
      const shown = new Set(stateRef.current.items.map((i) => i.id));
      const page = await loadOlderPage(client, id, olderCursor, shown);
      if (threadIdRef.current !== id) return;
      dispatch({ kind: "prepend_items", items: page.items });
      setOlderCursor(page.olderCursor);
    } catch (e) {
      if (threadIdRef.current === id) {
        dispatch({ kind: "set_error", error: { type: "error", code: "custom", message: `Could not load older messages: ${errorText(e)}`, allow_retry: false } });
      }
    } finally {
      olderPaging.current = false;
      setLoadingOlder(false);
    }
  }, [client, olderCursor]);

  const deleteThread = useCallback(
    async (id: string) => {
      try {
        await client.deleteThread(id);
        setHistory((h) => h.filter((t) => t.id !== id));
        if (threadIdRef.current === id) newThread();
      } catch (e) {
        setHistoryError(`Could not delete the conversation: ${errorText(e)}`);
      }
    },
    [client, newThread],
  );

  const renameThread = useCallback(
    async (id: string, title: string) => {
      const clean = title.trim();
      if (!clean) return;
      try {
        const updated = await client.renameThread(id, clean);
        const { items: _items, ...meta } = updated;
        setHistory((h) => h.map((t) => (t.id === id ? meta : t)));
        if (threadIdRef.current === id) {
          dispatch({ kind: "event", event: { type: "thread.updated", thread: updated } });
        }
      } catch (e) {
        setHistoryError(`Could not rename the conversation: ${errorText(e)}`);
      }
    },
    [client],
  );

  const onWidgetAction = useCallback(
    async (action: ActionConfig, item: WidgetItem) => {
      const route = routeOf(action);
      if (route === "retry_after_item") {
        // A failure marker's Retry (ui/src/widgets/actions.ts).
        const target = retryTarget(action);
        if (target) await retryFrom(target);
        return;
      }
      if (route === "client") {
        await onClientAction(action, item);
        return;
      }
      const threadId = threadIdRef.current ?? item.thread_id;
      if (!threadId) return;
      const wire = { type: action.type, payload: action.payload };
      if (route === "server_sync") {
        try {
          const res = await client.syncCustomAction(threadId, item.id, wire);
          if (res.updated_item) dispatch({ kind: "replace_item", item: res.updated_item });
        } catch (e) {
          dispatch({ kind: "set_error", error: { type: "error", code: "custom", message: errorText(e), allow_retry: false } });
        }
        return;
      }
      if (abortRef.current) return; // like ChatKit.js: no streaming action while a response streams
      await runStream(({ onEvent, signal }) => client.customAction(threadId, item.id, wire, { onEvent, signal }));
    },
    [client, onClientAction, runStream, retryFrom],
  );

  const feedback = useCallback(
    async (itemId: string, kind: "positive" | "negative") => {
      const threadId = threadIdRef.current;
      if (!threadId) return;
      await client.feedback(threadId, [itemId], kind);
    },
    [client],
  );

  const submitStructuredInput = useCallback(
    async (itemId: string, submission: StructuredInputSubmission) => {
      const threadId = threadIdRef.current;
      if (!threadId || abortRef.current) return;
      await runStream(({ onEvent, signal }) => client.addStructuredInput(threadId, itemId, submission, { onEvent, signal }));
    },
    [client, runStream],
  );

  const dismissNotice = useCallback((index: number) => dispatch({ kind: "dismiss_notice", index }), []);
  const dismissError = useCallback(() => dispatch({ kind: "clear_error" }), []);

  return useMemo(
    () => ({
      state,
      threadId: state.thread?.id ?? threadIdRef.current,
      streaming,
      history,
      historyLoading,
      historyError,
      historyHasMore: historyCursor !== null,
      openingThread,
      hasOlder: olderCursor !== null,
      loadingOlder,
      send,
      stop,
      retry,
      openThread,
      newThread,
      deleteThread,
      renameThread,
      refreshHistory,
      loadMoreHistory,
      loadOlder,
      onWidgetAction,
      feedback,
      submitStructuredInput,
      dismissNotice,
      dismissError,
    }),
    [state, streaming, history, historyLoading, historyError, historyCursor, openingThread, olderCursor, loadingOlder, send, stop, retry, openThread, newThread, deleteThread, renameThread, refreshHistory, loadMoreHistory, loadOlder, onWidgetAction, feedback, submitStructuredInput, dismissNotice, dismissError],
  );
}
