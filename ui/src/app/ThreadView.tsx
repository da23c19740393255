//! The open conversation: items, progress line, notices, error banner with Retry.
//! Why: renders a `ThreadState`; keeps the view pinned to the bottom while answers stream unless
//! the user scrolled up to read. A long thread is opened at its end (ui/src/history/
//! threadPaging.ts): scrolling near the top asks for the page before (`onLoadOlder`), and the
//! items it prepends keep what the user was reading in place. The last answer offers "Answer
//! again" (`threads.retry_after_item` on the question before it). A failed turn shows one failure with one Retry: when the thread
//! ends in a failure marker (the server's persisted record of the failure) the marker is that
//! notice and the live error banner is not drawn; the banner remains for errors without a marker.

import { memo, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { AlertTriangle, Info, LoaderCircle, RotateCcw, X } from "lucide-react";
import type { ThreadState } from "../protocol/reducer";
import { SafeMarkdown } from "../widgets/SafeMarkdown";
import { IconGlyph } from "../widgets/Icon";
import type { WidgetActionHandler } from "../widgets/WidgetView";
import { ItemView } from "./ItemViews";
import { errorRetryAt, isFailureMarker } from "./failureMarker";
import { RetryButton } from "./RetryButton";

export interface ThreadViewProps {
  state: ThreadState;
  streaming: boolean;
  onWidgetAction: WidgetActionHandler;
  onFeedback: (itemId: string, kind: "positive" | "negative") => void;
  onRetry: () => void;
  onDismissNotice: (index: number) => void;
  onDismissError: () => void;
  /** Older items exist before the first one shown. */
  hasOlder?: boolean;
  loadingOlder?: boolean;
  onLoadOlder?: () => void;
}

/** How close to the top (px) a scroll asks for older items. */
const LOAD_OLDER_WITHIN = 240;

function errorMessage(code: string, message?: string): string {
  if (message) return message;
  if (code === "stream.error") return "Something went wrong while answering.";
  return "The assistant could not answer.";
}

/** Memoized so that cart clicks and toasts (state of the app shell) do not re-render the thread. */
export const ThreadView = memo(function ThreadView({ state, streaming, onWidgetAction, onFeedback, onRetry, onDismissNotice, onDismissError, hasOlder = false, loadingOlder = false, onLoadOlder }: ThreadViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  /** The first item and the scroll geometry before the last render, to hold the view still. */
  const anchor = useRef<{ firstId: string | undefined; height: number; top: number }>({ firstId: undefined, height: 0, top: 0 });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const firstId = state.items[0]?.id;
    const before = anchor.current;
    if (before.firstId && firstId !== before.firstId && state.items.some((i) => i.id === before.firstId)) {
      // Older items went in above: keep the same content under the reader's eyes.
      // "instant": the scroller scrolls smoothly, which would slide the page in from the top.
      const top = before.top + (el.scrollHeight - before.height);
      if (typeof el.scrollTo === "function") el.scrollTo({ top, behavior: "instant" });
      else el.scrollTop = top;
    }
    anchor.current = { firstId, height: el.scrollHeight, top: el.scrollTop };
  });

  useEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
    if (el) anchor.current = { ...anchor.current, height: el.scrollHeight, top: el.scrollTop };
    // A first page that does not fill the view cannot be scrolled up: fetch the page before.
    if (el && hasOlder && !loadingOlder && el.scrollHeight <= el.clientHeight + LOAD_OLDER_WITHIN) onLoadOlder?.();
  });

  // The "earlier messages" line coming into view also loads the page before it: a scroll event
  // alone can be missed (a render that re-pins the view to the bottom between the scroll and its
  // event). Observed again whenever a page has finished loading, so a line still in view asks
  // for the next one.
  const olderLine = useRef<HTMLDivElement>(null);
  const loadOlderRef = useRef(onLoadOlder);
  loadOlderRef.current = onLoadOlder;
  useEffect(() => {
    const root = scroller.current;
    const line = olderLine.current;
    if (!root || !line || !hasOlder || loadingOlder || typeof IntersectionObserver !== "function") return;
    const observer = new IntersectionObserver(
      (entries) => {
        // Not while the view sits at its end (opening a thread): only a reader who went up.
        const atEnd = root.scrollHeight - root.scrollTop - root.clientHeight < 80;
        if (entries.some((e) => e.isIntersecting) && !atEnd) loadOlderRef.current?.();
      },
      { root, rootMargin: `${LOAD_OLDER_WITHIN}px 0px 0px 0px` },
    );
    observer.observe(line);
    return () => observer.disconnect();
  }, [hasOlder, loadingOlder]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    anchor.current = { ...anchor.current, height: el.scrollHeight, top: el.scrollTop };
    if (hasOlder && !loadingOlder && el.scrollTop < LOAD_OLDER_WITHIN) onLoadOlder?.();
  };

  const streamingIds = new Set(state.streamingIds);
  const last = state.items[state.items.length - 1];
  const waiting = streaming && !state.progress && (!last || last.type === "user_message" || !streamingIds.has(last.id));
  // The wait counts from when this error arrived (a new error is a new object).
  const errorRetryDeadline = useMemo(() => errorRetryAt(state.error, Date.now()), [state.error]);
  const markerShowsError = last !== undefined && isFailureMarker(last);
  const answered = last !== undefined && (last.type === "assistant_message" || last.type === "widget") && !isFailureMarker(last);
  const canRetryAnswer = answered && !streaming && !state.error && state.items.some((i) => i.type === "user_message");

  return (
    <div className="thread-scroller" ref={scroller} onScroll={onScroll}>
      <div className="thread" id="thread" aria-live="polite">
        {(hasOlder || loadingOlder) && (
          <div className="thread-older" id="thread-older" role="status" ref={olderLine}>
            {loadingOlder ? <><LoaderCircle className="spin" width={14} height={14} /> Loading earlier messages…</> : "Scroll up for earlier messages"}
          </div>
        )}
        {state.items.map((item) => {
          const marker = isFailureMarker(item);
          return (
            <ItemView
              key={item.id}
              item={item}
              streaming={streamingIds.has(item.id)}
              onWidgetAction={onWidgetAction}
              onFeedback={onFeedback}
              latest={marker && item === last}
              busy={marker && streaming}
            />
          );
        })}
        {canRetryAnswer && (
          <div className="answer-actions">
            <button type="button" id="retry-last-answer" className="text-button" onClick={onRetry} title="Answer the last question again">
              <RotateCcw width={12} height={12} /> Answer again
            </button>
          </div>
        )}
        {state.progress && (
          <div className="progress-line" id="progress-line">
            {state.progress.icon ? <IconGlyph name={state.progress.icon} size="sm" /> : <LoaderCircle className="spin" width={14} height={14} />}
            <span className="shimmer">{state.progress.text}</span>
          </div>
        )}
        {waiting && (
          <div className="typing" aria-label="Assistant is typing">
            <span />
            <span />
            <span />
          </div>
        )}
        {state.notices.map((n, i) => (
          <div key={i} className={`notice level-${n.level}`} role="status">
            <Info width={16} height={16} className="notice-icon" />
            <div className="notice-body">
              {n.title && <strong>{n.title}</strong>}
              <SafeMarkdown text={n.message} />
            </div>
            <button type="button" className="icon-button small" onClick={() => onDismissNotice(i)} aria-label="Dismiss">
              <X width={14} height={14} />
            </button>
          </div>
        ))}
        {state.error && !markerShowsError && (
          <div className="error-banner" id="error-banner" role="alert">
            <AlertTriangle width={16} height={16} />
            <span className="error-text">{errorMessage(state.error.code, state.error.message)}</span>
            {state.error.allow_retry && <RetryButton id="retry-button" retryAt={errorRetryDeadline} busy={streaming} onRetry={onRetry} />}
            <button type="button" className="icon-button small" onClick={onDismissError} aria-label="Dismiss error">
              <X width={14} height={14} />
            </button>
          </div>
        )}
      </div>
    </div>
  );
});
