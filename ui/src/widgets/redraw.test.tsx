//! What a streamed update of a widget item draws again: only the nodes that changed. The rows a
//! list already had are the same objects in the next state (protocol/shareStructure.ts); they
//! must not draw again because the item did, or a 200-row stream costs 200 row renders per event.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { WidgetItem } from "../protocol/types";
import type { ActionConfig, WidgetNode } from "../protocol/widgets";
import { useWidgetEnv } from "./env";
import { registerWidgets } from "./registry";
import { WidgetView } from "./WidgetView";

/** Draws of each `Probe` node, by its `label`. A Probe reads the widget env, as every control does. */
const draws = new Map<string, number>();
registerWidgets({
  Probe: function Probe({ node }: { node: WidgetNode }) {
    const env = useWidgetEnv();
    const label = String(node.label);
    draws.set(label, (draws.get(label) ?? 0) + 1);
    return <button type="button" onClick={() => void env.dispatch({ type: "probe" })}>{label}</button>;
  },
});

const row = (i: number): WidgetNode => ({ type: "ListViewItem", key: `r${i}`, children: [{ type: "Probe", label: `row ${i}` }] });
const item = (rows: WidgetNode[], extra = {}): WidgetItem => ({
  id: "w1", thread_id: "t", created_at: "x", type: "widget", widget: { type: "ListView", children: rows } as WidgetItem["widget"], ...extra,
});

describe("streamed widget updates", () => {
  it("a row that did not change is not drawn again when rows are appended", () => {
    draws.clear();
    const onAction = vi.fn();
    const rows = [row(0), row(1)];
    const { rerender } = render(<WidgetView item={item(rows)} onAction={onAction} />);
    for (let n = 2; n < 6; n++) {
      rows.push(row(n));
      rerender(<WidgetView item={item([...rows])} onAction={onAction} />);
    }
    expect(draws.get("row 0")).toBe(1);
    expect(draws.get("row 1")).toBe(1);
    expect(draws.get("row 5")).toBe(1);
  });

  it("an action carries the item as it is when the action fires", () => {
    const onAction = vi.fn();
    const rows = [row(0)];
    const { rerender } = render(<WidgetView item={item(rows)} onAction={onAction} />);
    rerender(<WidgetView item={item(rows, { created_at: "later" })} onAction={onAction} />);
    fireEvent.click(screen.getByRole("button", { name: "row 0" }));
    const [action, sender] = onAction.mock.calls[0] as [ActionConfig, WidgetItem];
    expect(action.type).toBe("probe");
    expect(sender.created_at).toBe("later");
  });
});
