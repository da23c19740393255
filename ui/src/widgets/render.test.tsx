//! Rendering tests of the widget families on the reference widget trees and edge cases.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { loadWidgetFixture, widgetFixtureNames } from "../test/fixtures";
import type { WidgetItem } from "../protocol/types";
import type { ActionConfig } from "../protocol/widgets";
import { WidgetView } from "./WidgetView";
import { boxStyle, backgroundColor, radius, space, textColor } from "./theme";

function item(widget: unknown): WidgetItem {
  return { id: "w1", thread_id: "t", created_at: "x", type: "widget", widget: widget as WidgetItem["widget"] };
}

describe("widget fixtures", () => {
  const names = widgetFixtureNames();
  it("are present", () => expect(names.length).toBeGreaterThan(5));

  it.each(names)("%s renders without a fallback", (name) => {
    const tree = loadWidgetFixture(name);
    const roots = Array.isArray(tree) ? tree : [tree];
    for (const root of roots) {
      const { container, unmount } = render(<WidgetView item={item(root)} onAction={() => {}} />);
      expect(container.querySelector(".widget")).not.toBeNull();
      expect(container.querySelector(".w-failed")).toBeNull();
      expect(container.querySelector(".w-unknown")).toBeNull();
      unmount();
    }
  });

  it("product card shows image, title, price and an Add to Cart button that fires cart.add", () => {
    const onAction = vi.fn();
    render(<WidgetView item={item(loadWidgetFixture("product_card"))} onAction={onAction} />);
    expect(screen.getByRole("img", { name: "Aurora Desk Lamp" })).toBeTruthy();
    expect(screen.getByText("Aurora Desk Lamp", { selector: "h3" })).toBeTruthy();
    expect(screen.getByText("$49.99")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add to Cart" }));
    expect(onAction).toHaveBeenCalledTimes(1);
    const [action, sender] = onAction.mock.calls[0] as [ActionConfig, WidgetItem];
    expect(action).toMatchObject({ type: "cart.add", handler: "client", payload: { product_id: "lamp-001", price: 49.99 } });
    expect(sender.id).toBe("w1");
  });
});

describe("widget behaviour", () => {
  it("unknown components render their children or a discreet placeholder", () => {
    const { container } = render(
      <WidgetView item={item({ type: "Basic", children: [{ type: "Carousel", children: [{ type: "Text", value: "cell" }] }, { type: "Gauge", data: [] }] })} onAction={() => {}} />,
    );
    expect(screen.getByText("cell")).toBeTruthy();
    expect(container.querySelector('.w-unknown[data-widget-type="Gauge"]')).not.toBeNull();
  });

  it("malformed trees do not crash", () => {
    const { container } = render(
      <WidgetView item={item({ type: "Card", children: [null, 3, "x", { no: "type" }, { type: "Text", value: { nested: true } }, { type: "ListView", children: "oops", limit: -1 }] })} onAction={() => {}} />,
    );
    expect(container.querySelector(".widget")).not.toBeNull();
  });

  it("ListView limit hides extra rows until Show more", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ type: "ListViewItem", key: `r${i}`, children: [{ type: "Text", value: `row ${i}` }] }));
    render(<WidgetView item={item({ type: "ListView", limit: 2, children: rows })} onAction={() => {}} />);
    expect(screen.queryByText("row 2")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show 3 more" }));
    expect(screen.getByText("row 4")).toBeTruthy();
  });

  it("a clickable ListViewItem fires its action; a button inside it fires only its own", () => {
    const onAction = vi.fn();
    render(
      <WidgetView
        item={item({
          type: "ListView",
          children: [{ type: "ListViewItem", onClickAction: { type: "row" }, children: [{ type: "Text", value: "Row" }, { type: "Button", label: "Add", onClickAction: { type: "cart.add", handler: "client" } }] }],
        })}
        onAction={onAction}
      />,
    );
    fireEvent.click(screen.getByText("Row"));
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(onAction.mock.calls.map((c) => (c[0] as ActionConfig).type)).toEqual(["row", "cart.add"]);
  });

  it("a Form merges its field values (dotted names nest) into the submit action payload", () => {
    const onAction = vi.fn();
    render(
      <WidgetView
        item={item({
          type: "Card",
          children: [
            {
              type: "Form",
              onSubmitAction: { type: "order.note", payload: { order: "o1" } },
              children: [
                { type: "Input", name: "note.text", defaultValue: "Leave at door" },
                { type: "Checkbox", name: "note.gift", label: "Gift", defaultChecked: true },
                { type: "Select", name: "speed", defaultValue: "fast", options: [{ value: "slow", label: "Slow" }, { value: "fast", label: "Fast" }] },
                { type: "Button", label: "Save", submit: true },
              ],
            },
          ],
        })}
        onAction={onAction}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onAction).toHaveBeenCalledTimes(1);
    expect((onAction.mock.calls[0][0] as ActionConfig).payload).toEqual({ order: "o1", note: { text: "Leave at door", gift: true }, speed: "fast" });
  });

  it("a Select outside a form sends its own value with onChangeAction", () => {
    const onAction = vi.fn();
    render(
      <WidgetView
        item={item({ type: "Card", children: [{ type: "Select", name: "size", onChangeAction: { type: "pick", payload: { p: 1 } }, options: [{ value: "s", label: "S" }, { value: "m", label: "M" }] }] })}
        onAction={onAction}
      />,
    );
    fireEvent.change(screen.getByRole("combobox"), { target: { value: "m" } });
    expect((onAction.mock.calls[0][0] as ActionConfig).payload).toEqual({ p: 1, size: "m" });
  });

  it("Card confirm/cancel actions fire; asForm confirm carries the values", async () => {
    const onAction = vi.fn();
    render(
      <WidgetView
        item={item({
          type: "Card",
          asForm: true,
          confirm: { label: "Buy", action: { type: "buy" } },
          cancel: { label: "Cancel", action: { type: "cancel" } },
          children: [{ type: "Input", name: "qty", inputType: "number", defaultValue: "2" }],
        })}
        onAction={onAction}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect((screen.getByRole("button", { name: "Buy" }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole("button", { name: "Buy" }));
    expect(onAction.mock.calls.map((c) => [(c[0] as ActionConfig).type, (c[0] as ActionConfig).payload])).toEqual([
      ["cancel", undefined],
      ["buy", { qty: 2 }],
    ]);
  });

  it("streaming Text shows a caret; icons map ChatKit and lucide: names", async () => {
    const { container } = render(
      <WidgetView
        item={item({ type: "Card", children: [{ id: "t", type: "Text", value: "Hel", streaming: true }, { type: "Icon", name: "sparkle" }, { type: "Icon", name: "lucide:shopping-cart" }, { type: "Icon", name: "no-such-icon" }] })}
        onAction={() => {}}
      />,
    );
    expect(container.querySelector(".w-text.is-streaming")?.textContent).toBe("Hel");
    // lucide: icons are fetched on demand (iconMap.ts): drawn once Lucide's set has loaded.
    await waitFor(() => expect(container.querySelectorAll("svg.w-icon").length).toBe(2));
    expect(container.querySelectorAll(".w-icon-missing").length).toBe(1);
  });

  it("maps tokens to CSS and refuses arbitrary CSS", () => {
    expect(space(2)).toBe("8px");
    expect(space("12px")).toBe("12px");
    expect(radius("md")).toBe("8px");
    expect(radius("full")).toBe("9999px");
    expect(textColor("secondary")).toBe("var(--sd-text-secondary)");
    expect(textColor("blue-500")).toMatch(/^hsl\(/);
    expect(textColor({ light: "#fff", dark: "#000" })).toBe("light-dark(#fff, #000)");
    expect(backgroundColor("surface-elevated")).toBe("var(--sd-surface-elevated)");
    expect(backgroundColor("url(x)")).toBeUndefined();
    expect(backgroundColor("red; color: blue")).toBeUndefined();
    const s = boxStyle({ gap: 3, padding: { x: 2, top: 1 }, align: "center", justify: "between", wrap: "wrap", radius: "lg", border: { size: 1, color: "subtle", style: "dashed" }, width: 120, aspectRatio: "16/9" }, "row");
    expect(s).toMatchObject({ gap: "12px", paddingLeft: "8px", paddingRight: "8px", paddingTop: "4px", alignItems: "center", justifyContent: "space-between", flexWrap: "wrap", borderRadius: "12px", border: "1px dashed var(--sd-border-subtle)", width: "120px", aspectRatio: "16/9", flexDirection: "row" });
  });
});
