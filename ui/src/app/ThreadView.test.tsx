//! The thread view's own actions: "Answer again" under the last answer (never while streaming,
//! never after an error), and asking for older items when a long thread opened at its end.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { emptyThreadState, type ThreadState } from "../protocol/reducer";
import type { ThreadItem } from "../protocol/types";
import { ThreadView } from "./ThreadView";

const at = "2026-01-01T00:00:00";
const items: ThreadItem[] = [
  { id: "u1", thread_id: "t", created_at: at, type: "user_message", content: [{ type: "input_text", text: "lamps?" }], attachments: [], inference_options: {} } as ThreadItem,
  { id: "a1", thread_id: "t", created_at: at, type: "assistant_message", content: [{ type: "output_text", text: "Two lamps.", annotations: [] }] } as ThreadItem,
];

function view(state: Partial<ThreadState>, props: Partial<Parameters<typeof ThreadView>[0]> = {}) {
  const onRetry = vi.fn();
  const onLoadOlder = vi.fn();
  render(
    <ThreadView state={{ ...emptyThreadState, items, ...state }} streaming={false} onWidgetAction={() => {}} onFeedback={() => {}} onRetry={onRetry} onDismissNotice={() => {}} onDismissError={() => {}} onLoadOlder={onLoadOlder} {...props} />,
  );
  return { onRetry, onLoadOlder };
}

describe("ThreadView", () => {
  it("offers Answer again under the last answer and retries with it", () => {
    const { onRetry } = view({});
    fireEvent.click(screen.getByRole("button", { name: /Answer again/ }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("offers no Answer again while streaming, after an error, or before any answer", () => {
    const cases: Array<[Partial<ThreadState>, boolean]> = [
      [{}, true],
      [{ error: { type: "error", code: "custom", message: "no", allow_retry: true } }, false],
      [{ items: items.slice(0, 1) }, false],
    ];
    for (const [state, streaming] of cases) {
      view(state, { streaming });
      expect(screen.queryByRole("button", { name: /Answer again/ })).toBeNull();
      cleanup();
    }
  });

  it("asks for older items when the first page does not fill the view, and shows it is loading", () => {
    const { onLoadOlder } = view({}, { hasOlder: true });
    expect(onLoadOlder).toHaveBeenCalled();
    expect(document.getElementById("thread-older")?.textContent).toContain("earlier messages");
  });

  it("asks for nothing when the thread's start is shown", () => {
    const { onLoadOlder } = view({}, { hasOlder: false });
    expect(onLoadOlder).not.toHaveBeenCalled();
    expect(document.getElementById("thread-older")).toBeNull();
  });
});
