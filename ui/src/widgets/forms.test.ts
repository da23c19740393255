//! Tests of form value collection merged into action payloads (docs/PROTOCOL.md §7.3).
import { describe, expect, it, vi } from "vitest";
import { mergeFormIntoPayload, nestFormValues, readFormEntries } from "./forms";

describe("form values", () => {
  it("nests dotted names and ignores prototype keys", () => {
    expect(nestFormValues([["todo.title", "Buy"], ["todo.done", false], ["qty", 2], ["__proto__.x", 1], ["a.constructor", 2]])).toEqual({
      todo: { title: "Buy", done: false },
      qty: 2,
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("merges into the payload; existing payload keys win", () => {
    expect(mergeFormIntoPayload({ product_id: "p", todo: { id: 1 } }, { product_id: "form", todo: { title: "t", id: 9 }, qty: 3 })).toEqual({
      product_id: "p",
      todo: { id: 1, title: "t" },
      qty: 3,
    });
    expect(mergeFormIntoPayload(undefined, { a: 1 })).toEqual({ a: 1 });
    expect(mergeFormIntoPayload("scalar", { a: 1 })).toBe("scalar");
    expect(mergeFormIntoPayload({ a: 1 }, {})).toEqual({ a: 1 });
  });

  it("reads controls: checkboxes as booleans, checked radio, numbers", () => {
    const form = document.createElement("form");
    form.innerHTML = `
      <input name="note.text" value="hello">
      <input name="gift" type="checkbox">
      <input name="size" type="radio" value="s"><input name="size" type="radio" value="m" checked>
      <input name="qty" type="number" value="4">
      <select name="color"><option value="red">r</option><option value="blue" selected>b</option></select>
      <textarea name="msg">hi</textarea>
      <input name="off" value="x" disabled>
      <input value="unnamed">`;
    expect(nestFormValues(readFormEntries(form))).toEqual({ note: { text: "hello" }, gift: false, size: "m", qty: 4, color: "blue", msg: "hi" });
  });

  it("reports each collision by its dotted name and keeps the payload's value", () => {
    const seen: string[] = [];
    const out = mergeFormIntoPayload({ id: 1, todo: { id: 7, title: "old" } }, { id: "form", todo: { title: "new", done: true }, extra: 1 }, (n) => seen.push(n));
    expect(out).toEqual({ id: 1, todo: { id: 7, title: "old", done: true }, extra: 1 });
    expect(seen).toEqual(["id", "todo.title"]);
    // An object from the form cannot replace a scalar, nor the reverse.
    seen.length = 0;
    expect(mergeFormIntoPayload({ todo: "x", n: { a: 1 } }, { todo: { title: "t" }, n: 5 }, (n) => seen.push(n))).toEqual({ todo: "x", n: { a: 1 } });
    expect(seen).toEqual(["todo", "n"]);
    // A payload that is a list or a string cannot take the values: one report, sent as it was.
    seen.length = 0;
    expect(mergeFormIntoPayload([1, 2], { a: 1 }, (n) => seen.push(n))).toEqual([1, 2]);
    expect(seen).toEqual(["(payload)"]);
  });

  it("warns on the console by default, and inherited keys are not collisions", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(mergeFormIntoPayload({ a: 1 }, { a: 2, toString: "x" })).toEqual({ a: 1, toString: "x" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('"a"');
    warn.mockRestore();
  });
});
