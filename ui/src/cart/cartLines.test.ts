//! The page's half of the shared cart-line table (Contract 2).
//! Why: the page and the core must keep and drop exactly the same lines; the core's test in
//! `src-tauri/shop/src/cart.rs` reads the same `cart_lines.json`, so a change to one side's rule
//! fails the other side's test until both agree.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { normalizeLines, parseLine } from "./cartModel";

interface Cases {
  lines: { name: string; line: unknown; expect: unknown }[];
  carts: { name: string; items: unknown; expect: unknown[] }[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const CASES_FILE = path.resolve(here, "../../../src-tauri/shop/tests/fixtures/cart_lines.json");
const cases = JSON.parse(readFileSync(CASES_FILE, "utf8")) as Cases;

describe("the shared cart-line cases", () => {
  afterEach(() => vi.restoreAllMocks());

  it("has its cases", () => {
    expect(cases.lines.length).toBeGreaterThanOrEqual(20);
    expect(cases.carts.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases.lines)("line: $name", ({ line, expect: expected }) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const parsed = parseLine(line);
    if (expected === null) {
      expect(typeof parsed).toBe("string");
      expect(normalizeLines([line])).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(1);
    } else {
      expect(parsed).toEqual(expected);
      expect(normalizeLines([line])).toEqual([expected]);
      expect(warn).not.toHaveBeenCalled();
    }
  });

  it.each(cases.carts)("cart: $name", ({ items, expect: expected }) => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(normalizeLines(items)).toEqual(expected);
  });
});
