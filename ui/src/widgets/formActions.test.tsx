//! Every form control submits with its action, through the real components (ChatKit's form
//! rules: values merged into the payload by `name`, dotted names nesting, native validation
//! blocking, disabled controls left out, existing payload keys winning).
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { WidgetItem } from "../protocol/types";
import type { ActionConfig } from "../protocol/widgets";
import { WidgetView } from "./WidgetView";

function item(widget: unknown): WidgetItem {
  return { id: "w1", thread_id: "t", created_at: "x", type: "widget", widget: widget as WidgetItem["widget"] };
}

const controls = [
  { type: "Input", name: "who.name", defaultValue: "Ada", required: true },
  { type: "Input", name: "qty", inputType: "number", defaultValue: "3" },
  { type: "Textarea", name: "note", defaultValue: "ring twice" },
  { type: "Text", value: "front door", editable: { name: "who.where" } },
  { type: "Select", name: "speed", defaultValue: "slow", onChangeAction: { type: "speed.changed", payload: { from: "select" } }, options: [{ value: "slow", label: "Slow" }, { value: "fast", label: "Fast" }] },
  { type: "DatePicker", name: "day", defaultValue: "2026-12-24T10:00:00Z", onChangeAction: { type: "day.changed" } },
  { type: "Checkbox", name: "gift", onChangeAction: { type: "gift.changed" } },
  { type: "RadioGroup", name: "wrap", defaultValue: "paper", onChangeAction: { type: "wrap.changed" }, options: [{ value: "paper", label: "Paper" }, { value: "box", label: "Box" }] },
  { type: "Input", name: "coupon", defaultValue: "SECRET", disabled: true },
  { type: "Button", label: "Save", submit: true },
  { type: "Button", label: "Preview", onClickAction: { type: "preview", payload: { qty: 99 } } },
];

function renderForm(onAction: (a: ActionConfig) => void) {
  return render(
    <WidgetView item={item({ type: "Card", children: [{ type: "Form", onSubmitAction: { type: "save", payload: { who: { id: "u1" } } }, children: controls }] })} onAction={onAction} />,
  );
}

const all = { who: { name: "Ada", where: "front door" }, qty: 3, note: "ring twice", speed: "slow", day: "2026-12-24", gift: false, wrap: "paper" };

describe("every control submits with its action", () => {
  it("the submit button sends onSubmitAction with every enabled field, nested into the payload", () => {
    const onAction = vi.fn();
    renderForm(onAction);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onAction).toHaveBeenCalledTimes(1);
    const action = onAction.mock.calls[0][0] as ActionConfig;
    expect(action.type).toBe("save");
    expect(action.payload).toEqual({ ...all, who: { id: "u1", ...all.who } });
  });

  it("a button's own action inside the form carries the values too; its payload keys win", () => {
    const onAction = vi.fn();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    renderForm(onAction);
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect((onAction.mock.calls[0][0] as ActionConfig).payload).toEqual({ ...all, qty: 99 });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it("Select, DatePicker, Checkbox and RadioGroup fire onChangeAction with the whole form's values", () => {
    const onAction = vi.fn();
    const { container } = renderForm(onAction);
    fireEvent.change(screen.getByRole("combobox"), { target: { value: "fast" } });
    fireEvent.change(container.querySelector('input[type="date"]')!, { target: { value: "2026-12-25" } });
    fireEvent.click(screen.getByRole("checkbox"));
    fireEvent.click(screen.getByRole("radio", { name: "Box" }));
    const sent = onAction.mock.calls.map((c) => c[0] as ActionConfig);
    expect(sent.map((a) => a.type)).toEqual(["speed.changed", "day.changed", "gift.changed", "wrap.changed"]);
    expect(sent[0].payload).toEqual({ from: "select", ...all, speed: "fast" });
    expect(sent[3].payload).toEqual({ ...all, speed: "fast", day: "2026-12-25", gift: true, wrap: "box" });
  });

  it("required and pattern block every action of the form until they are satisfied", () => {
    const onAction = vi.fn();
    render(
      <WidgetView
        item={item({
          type: "Form",
          onSubmitAction: { type: "save" },
          children: [
            { type: "Input", name: "zip", pattern: "[0-9]{5}", defaultValue: "12" },
            { type: "Textarea", name: "note", pattern: "[a-z ]+", defaultValue: "ok" },
            { type: "Checkbox", name: "terms", label: "Terms", required: true },
            { type: "Button", label: "Save", submit: true },
          ],
        })}
        onAction={onAction}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onAction).not.toHaveBeenCalled();
    fireEvent.change(screen.getByDisplayValue("12"), { target: { value: "12345" } });
    fireEvent.click(screen.getByRole("checkbox"));
    const note = screen.getByDisplayValue("ok");
    fireEvent.input(note, { target: { value: "NOT LOWER" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onAction).not.toHaveBeenCalled();
    fireEvent.input(note, { target: { value: "fine now" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((onAction.mock.calls[0][0] as ActionConfig).payload).toEqual({ zip: "12345", note: "fine now", terms: true });
  });

  it("a Card asForm: confirm validates and carries the values, cancel carries them too", () => {
    const onAction = vi.fn();
    render(
      <WidgetView
        item={item({
          type: "Card",
          asForm: true,
          confirm: { label: "Book", action: { type: "book", payload: { slot: 4 } } },
          cancel: { label: "Not now", action: { type: "skip" } },
          children: [{ type: "Input", name: "name", required: true }],
        })}
        onAction={onAction}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Book" }));
    expect(onAction).not.toHaveBeenCalled();
    fireEvent.change(screen.getByRole("textbox"), { target: { value: "Grace" } });
    fireEvent.click(screen.getByRole("button", { name: "Book" }));
    expect(onAction.mock.calls[0][0]).toMatchObject({ type: "book", payload: { slot: 4, name: "Grace" } });
  });

  it("disabled controls render disabled and send nothing", () => {
    const onAction = vi.fn();
    render(
      <WidgetView
        item={item({
          type: "Form",
          onSubmitAction: { type: "s" },
          children: [
            { type: "Select", name: "a", disabled: true, defaultValue: "x", options: [{ value: "x", label: "X" }] },
            { type: "RadioGroup", name: "b", disabled: true, defaultValue: "y", options: [{ value: "y", label: "Y" }] },
            { type: "Checkbox", name: "c", disabled: true, defaultChecked: true, label: "C" },
            { type: "Textarea", name: "d", disabled: true, defaultValue: "z" },
            { type: "Button", label: "Go", submit: true },
            { type: "Button", label: "Off", disabled: true, onClickAction: { type: "never" } },
          ],
        })}
        onAction={onAction}
      />,
    );
    expect((screen.getByRole("combobox") as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByRole("radio") as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Off" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Off" }));
    fireEvent.click(screen.getByRole("button", { name: "Go" }));
    expect(onAction).toHaveBeenCalledTimes(1);
    expect((onAction.mock.calls[0][0] as ActionConfig).payload).toBeUndefined();
  });
});
