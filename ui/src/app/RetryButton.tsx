//! The one Retry button of a failure (error banner and failure marker alike), which waits out the
//! provider's `Retry-After`: until `retryAt` it is disabled and counts down ("Retry in 12 s").
//! Why: pressing Retry before the server said it would accept requests only fails again.

import { useEffect, useState } from "react";
import { RotateCw } from "lucide-react";

/** Whole seconds left until `retryAt` (epoch ms), 0 once it has passed or when there is none. */
export function secondsLeft(retryAt: number | null, now: number): number {
  if (retryAt === null || !Number.isFinite(retryAt)) return 0;
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/** Seconds left until `retryAt`, re-rendering as the count changes. */
export function useSecondsLeft(retryAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  const left = secondsLeft(retryAt, now);
  useEffect(() => {
    if (left <= 0 || retryAt === null) return;
    // Wake up when the shown number changes, not on a fixed beat.
    const untilNext = Math.max(20, (retryAt - Date.now()) % 1000 || 1000);
    const timer = window.setTimeout(() => setNow(Date.now()), untilNext);
    return () => window.clearTimeout(timer);
  }, [left, retryAt, now]);
  return left;
}

export interface RetryButtonProps {
  id?: string;
  retryAt: number | null;
  /** Disabled for another reason (an answer is streaming). */
  busy: boolean;
  onRetry: () => void;
}

export function RetryButton({ id, retryAt, busy, onRetry }: RetryButtonProps) {
  const left = useSecondsLeft(retryAt);
  const waiting = left > 0;
  return (
    <button
      type="button"
      id={id}
      className="retry-button"
      onClick={onRetry}
      disabled={busy || waiting}
      data-countdown={waiting ? left : undefined}
      title={waiting ? "The model provider asked Shopdesk to wait before trying again." : undefined}
    >
      <RotateCw width={14} height={14} /> {waiting ? `Retry in ${left} s` : "Retry"}
    </button>
  );
}
