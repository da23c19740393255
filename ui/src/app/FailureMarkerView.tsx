//! How a failure marker looks in the thread: the failure's sentence and, for the latest failed
//! turn, its Retry (with the `Retry-After` countdown).
//! Why: the marker is stored as an ordinary ChatKit widget (so other clients can show it), but the
//! page draws it as the thread's one failure notice, replacing the live error banner for that
//! turn. Older markers keep their sentence but offer no Retry: retrying removes everything after
//! the question, which would throw away the later conversation.

import { AlertTriangle } from "lucide-react";
import type { WidgetItem } from "../protocol/types";
import type { WidgetActionHandler } from "../widgets/WidgetView";
import type { FailureMarker } from "./failureMarker";
import { RetryButton } from "./RetryButton";

export interface FailureMarkerViewProps {
  item: WidgetItem;
  marker: FailureMarker;
  /** Whether this marker ends the thread (only then is Retry offered). */
  latest: boolean;
  /** An answer is streaming. */
  busy: boolean;
  onWidgetAction: WidgetActionHandler;
}

export function FailureMarkerView({ item, marker, latest, busy, onWidgetAction }: FailureMarkerViewProps) {
  const { retry } = marker;
  return (
    <div className="failure-marker" role={latest ? "alert" : undefined}>
      <AlertTriangle width={16} height={16} />
      <span className="failure-text">{marker.text}</span>
      {latest && retry && marker.questionId && (
        <RetryButton id="marker-retry-button" retryAt={marker.retryAt} busy={busy} onRetry={() => void onWidgetAction(retry, item)} />
      )}
    </div>
  );
}
