//! Deleting conversations with Undo: a delete is held back for a few seconds, during which the
//! thread is hidden from the history and Undo brings it back; only then is `threads.delete`
//! sent. Why not delete at once: a deleted thread cannot be restored through the protocol
//! (there is no undelete), so the only honest Undo is not to have deleted yet. A second delete
//! while one is pending commits the first at once (one Undo at a time), and `flush` commits
//! whatever is pending (the page going away), so nothing asked for is silently dropped.

/** How long Undo is offered. */
export const UNDO_MS = 5000;

export interface PendingDelete {
  ids: string[];
  /** What the Undo bar says was deleted ("Desk lamps", "3 conversations"). */
  label: string;
}

export class PendingDeletes {
  private pending: PendingDelete | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly commit: (ids: string[]) => void,
    private readonly onChange: (pending: PendingDelete | null) => void,
    private readonly undoMs = UNDO_MS,
  ) {}

  /** Hides `ids` now and deletes them after the Undo window. */
  schedule(ids: string[], label: string): void {
    if (ids.length === 0) return;
    this.flush();
    this.pending = { ids: [...ids], label };
    this.timer = setTimeout(() => this.flush(), this.undoMs);
    this.onChange(this.pending);
  }

  /** Brings the pending threads back; nothing is deleted. */
  undo(): void {
    if (!this.pending) return;
    this.clearTimer();
    this.pending = null;
    this.onChange(null);
  }

  /** Deletes what is pending now. */
  flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.clearTimer();
    this.pending = null;
    this.onChange(null);
    this.commit(pending.ids);
  }

  current(): PendingDelete | null {
    return this.pending;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
