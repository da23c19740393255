//! shareStructure: equal subtrees come from the previous tree, changed ones from the next.
import { describe, expect, it } from "vitest";
import { shareStructure } from "./shareStructure";

const row = (n: number) => ({ type: "ListViewItem", key: `p${n}`, children: [{ type: "Text", value: `Product ${n}` }] });

describe("shareStructure", () => {
  it("keeps the previous rows of a growing list and takes the new one", () => {
    const prev = { type: "ListView", children: [row(1), row(2)] };
    const next = JSON.parse(JSON.stringify({ type: "ListView", children: [row(1), row(2), row(3)] }));
    const out = shareStructure(prev, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(prev);
    expect(out.children[0]).toBe(prev.children[0]);
    expect(out.children[1]).toBe(prev.children[1]);
    expect(out.children[2]).toBe(next.children[2]);
  });

  it("returns the previous tree when nothing changed, and new objects only along a change", () => {
    const prev = { type: "Card", children: [row(1), { type: "Text", id: "sum", value: "Here" }] };
    expect(shareStructure(prev, JSON.parse(JSON.stringify(prev)))).toBe(prev);
    const next = JSON.parse(JSON.stringify(prev));
    next.children[1].value = "Here are";
    const out = shareStructure(prev, next);
    expect(out.children[0]).toBe(prev.children[0]);
    expect(out.children[1]).toEqual({ type: "Text", id: "sum", value: "Here are" });
    expect(out.children[1]).not.toBe(prev.children[1]);
  });

  it("does not share across a change of key order, type or a removed key", () => {
    const prev = { a: 1, b: { c: 2 } };
    expect(shareStructure(prev, { b: { c: 2 }, a: 1 })).not.toBe(prev);
    expect(shareStructure<unknown>(prev, { a: 1 })).toEqual({ a: 1 });
    expect(shareStructure<unknown>(prev, [1, 2])).toEqual([1, 2]);
    expect(shareStructure<unknown>([1, 2, 3], [1, 2])).toEqual([1, 2]);
  });
});
