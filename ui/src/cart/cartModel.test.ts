//! Tests of the pure cart functions (Contract 2 shape, quantities, totals).
// @vitest-environment node
import { describe, expect, it } from "vitest";
import {
  addProduct, cartTotal, decrement, formatPrice, increment, itemCount, lineTotal, normalizeLines, parseProduct, removeLine, sameLines, setQuantity, type CartLine,
} from "./cartModel";

const lamp = { product_id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, image: "data:image/png;base64,AAAA" };
const mug = { product_id: "mug-003", name: "Mug", price: 18.5, image: "" };

describe("cart model", () => {
  it("adds new lines at the end and increments existing ones", () => {
    let lines: CartLine[] = [];
    lines = addProduct(lines, lamp);
    lines = addProduct(lines, mug);
    lines = addProduct(lines, lamp);
    expect(lines).toEqual([
      { ...lamp, quantity: 2 },
      { ...mug, quantity: 1 },
    ]);
    expect(itemCount(lines)).toBe(3);
  });

  it("does not mutate its input", () => {
    const lines = Object.freeze([Object.freeze({ ...lamp, quantity: 1 })]) as CartLine[];
    expect(() => increment(lines, "lamp-001")).not.toThrow();
    expect(lines[0].quantity).toBe(1);
  });

  it("steps quantities: − stops at 1, + caps at 99, setQuantity(0) removes", () => {
    let lines = [{ ...lamp, quantity: 1 }];
    expect(decrement(lines, "lamp-001")).toBe(lines);
    lines = setQuantity(lines, "lamp-001", 99);
    expect(increment(lines, "lamp-001")[0].quantity).toBe(99);
    expect(setQuantity(lines, "lamp-001", 0)).toEqual([]);
    expect(removeLine([{ ...lamp, quantity: 3 }, { ...mug, quantity: 1 }], "lamp-001")).toEqual([{ ...mug, quantity: 1 }]);
  });

  it("totals in cents without float drift", () => {
    const lines = [
      { ...lamp, quantity: 3 },
      { product_id: "p", name: "p", price: 0.1, image: "", quantity: 3 },
    ];
    expect(lineTotal(lines[0])).toBe(149.97);
    expect(cartTotal(lines)).toBe(150.27);
    expect(formatPrice(150.27)).toBe("$150.27");
  });

  it("normalizes stored values with re-ordered keys and drops strings-for-numbers and junk", () => {
    const stored = [
      { quantity: 2, price: 49.99, product_id: "lamp-001", name: "Aurora Desk Lamp", image: "x" },
      { image: "", name: "Mug", price: "18.5", product_id: "mug-003", quantity: "1" },
      { name: "no id", price: 1 },
      { product_id: "neg", price: -5, quantity: 1 },
      "garbage",
      { product_id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, image: "x", quantity: 1 },
    ];
    expect(normalizeLines(stored)).toEqual([
      { product_id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, image: "x", quantity: 3 },
    ]);
    expect(normalizeLines(undefined)).toEqual([]);
    expect(normalizeLines({ items: [] })).toEqual([]);
  });

  it("compares lines by content, not key order", () => {
    const a = [{ ...lamp, quantity: 1 }];
    const b = [{ quantity: 1, image: lamp.image, price: lamp.price, name: lamp.name, product_id: lamp.product_id }];
    expect(sameLines(a, b)).toBe(true);
    expect(sameLines(a, [{ ...lamp, quantity: 2 }])).toBe(false);
  });

  it("validates cart.add payloads", () => {
    expect(parseProduct({ product_id: "a", name: "A", price: 2, image: "i" })).toEqual({ product_id: "a", name: "A", price: 2, image: "i" });
    expect(parseProduct({ product_id: "a", price: 2 })).toEqual({ product_id: "a", name: "a", price: 2, image: "" });
    expect(parseProduct({ name: "A", price: 2 })).toBeNull();
    expect(parseProduct({ product_id: "a", price: "free" })).toBeNull();
    expect(parseProduct(null)).toBeNull();
  });
});
