//! What item views need from the conversation beyond their own item: whether an answer is
//! running (a pending client tool call is then being run, not interrupted) and how to answer a
//! structured input (`threads.add_structured_input`).
//! Why: a context keeps these out of every intermediate component's props (the thread view
//! passes items through unchanged).

import { createContext } from "react";

/** `threads.add_structured_input`'s `input` (docs/PROTOCOL.md §2.1). */
export interface StructuredInputSubmission {
  status: "answered" | "skipped";
  answers: Record<string, { values: string[]; skipped: boolean }>;
}

export interface ItemActions {
  /** An answer is streaming (or a client tool runs) in this conversation right now. */
  busy: boolean;
  /** Null where answering is not possible (a read-only view). */
  submitStructuredInput: ((itemId: string, submission: StructuredInputSubmission) => Promise<void>) | null;
}

export const ItemActionsContext = createContext<ItemActions>({ busy: false, submitStructuredInput: null });
