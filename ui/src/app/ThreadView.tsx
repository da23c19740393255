//! The open conversation: items, progress line, notices, error banner with Retry.
//! Why: renders a `ThreadState`; keeps the view pinned to the bottom while answers stream unless
//! the user scrolled up to read. A failed turn shows one failure with one Retry: when the thread
//! ends in a failure marker (the server's persisted record of the failure) the marker is that
//! notice and the live error banner is not drawn; the banner remains for errors without a marker.

import { memo, useEffect, useMemo, useRef } from "react";
import { AlertTriangle, Info, LoaderCircle, X } from "lucide-react";
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
}

function errorMessage(code: string, message?: string): string {
  if (message) return message;
  if (code === "stream.error") return "Something went wrong while answering.";
  return "The assistant could not answer.";
}

/** Memoized so that cart clicks and toasts (state of the app shell) do not re-render the thread. */
export const ThreadView = memo(function ThreadView({ state, streaming, onWidgetAction, onFeedback, onRetry, onDismissNotice, onDismissError }: ThreadViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  });

  const onScroll = () => {
    const el = scroller.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  const streamingIds = new Set(state.streamingIds);
  const last = state.items[state.items.length - 1];
  const waiting = streaming && !state.progress && (!last || last.type === "user_message" || !streamingIds.has(last.id));
  // The wait counts from when this error arrived (a new error is a new object).
  const errorRetryDeadline = useMemo(() => errorRetryAt(state.error, Date.now()), [state.error]);
  const markerShowsError = last !== undefined && isFailureMarker(last);

  return (
    <div className="thread-scroller" ref={scroller} onScroll={onScroll}>
      <div className="thread" id="thread" aria-live="polite">
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
