//! A client tool call: "Running <tool>" while the page runs it, "Ran <tool>" once answered, and
//! "Not run" for a pending call no one is running — the page was closed before it answered, so
//! the call was interrupted (the next message continues the conversation; Contract 5).
//! Why: a pending call found when a conversation is reopened must not claim to be running.

import { useContext } from "react";
import { CircleSlash, LoaderCircle, Wrench } from "lucide-react";
import type { ClientToolCallItem } from "../protocol/types";
import { ItemWrapper } from "./ItemWrapper";
import { ItemActionsContext } from "./itemContext";

export type ToolCallState = "running" | "completed" | "interrupted";

export function toolCallState(item: ClientToolCallItem, busy: boolean): ToolCallState {
  if (item.status === "completed") return "completed";
  return busy ? "running" : "interrupted";
}

function outputError(output: unknown): string | null {
  if (output && typeof output === "object" && "error" in output && typeof (output as { error: unknown }).error === "string") {
    return (output as { error: string }).error;
  }
  return null;
}

export function ClientToolCallView({ item }: { item: ClientToolCallItem }) {
  const { busy } = useContext(ItemActionsContext);
  const state = toolCallState(item, busy);
  const error = state === "completed" ? outputError(item.output) : null;
  return (
    <ItemWrapper item={item} className={`tool-call-${state}`}>
      <div className="tool-call" data-tool-state={state}>
        {state === "running" ? <LoaderCircle className="spin" width={14} height={14} /> : state === "interrupted" ? <CircleSlash width={14} height={14} /> : <Wrench width={14} height={14} />}{" "}
        {state === "running" && (
          <>
            Running <code>{item.name}</code>
          </>
        )}
        {state === "completed" && (
          <>
            Ran <code>{item.name}</code>
            {error && <span className="tool-call-error"> — {error}</span>}
          </>
        )}
        {state === "interrupted" && (
          <>
            Not run: <code>{item.name}</code> was interrupted when the app closed. Ask again to do it.
          </>
        )}
      </div>
    </ItemWrapper>
  );
}
