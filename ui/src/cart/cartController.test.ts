//! Tests of the live cart: optimistic updates, ordered persistence, external changes.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { CartController } from "./cartController";
import type { CartStorage } from "./cartStorage";

/** In-memory storage whose saves can be held back to simulate a slow disk. */
class MemoryStorage implements CartStorage {
  value: unknown;
  saves: unknown[] = [];
  listeners: Array<(raw: unknown) => void> = [];
  gate: Promise<void> = Promise.resolve();
  constructor(initial?: unknown) {
    this.value = initial;
  }
  async load() {
    return this.value === undefined ? undefined : JSON.parse(JSON.stringify(this.value));
  }
  async save(lines: unknown) {
    await this.gate;
    this.value = lines;
    this.saves.push(lines);
    this.emit(lines); // the plugin echoes our own writes
  }
  async subscribe(cb: (raw: unknown) => void) {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== cb);
    };
  }
  emit(raw: unknown) {
    for (const l of this.listeners) l(raw);
  }
}

const lamp = { product_id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, image: "img" };
const mug = { product_id: "mug-003", name: "Mug", price: 18.5, image: "" };

describe("CartController", () => {
  it("loads the stored cart (keys in any order) on start", async () => {
    const storage = new MemoryStorage([{ quantity: 2, price: 49.99, name: "Aurora Desk Lamp", image: "img", product_id: "lamp-001" }]);
    const cart = new CartController(storage);
    await cart.start();
    expect(cart.getLines()).toEqual([{ ...lamp, quantity: 2 }]);
  });

  it("updates in memory synchronously, then persists in order", async () => {
    const storage = new MemoryStorage();
    const cart = new CartController(storage);
    await cart.start();
    let notified = 0;
    cart.subscribe(() => notified++);
    cart.add(lamp);
    expect(cart.getLines()).toEqual([{ ...lamp, quantity: 1 }]); // same tick: optimistic
    expect(notified).toBe(1);
    expect(storage.saves).toHaveLength(0);
    cart.add(mug);
    cart.increment("lamp-001");
    await cart.flush();
    expect(storage.saves).toHaveLength(3);
    expect(storage.value).toEqual([{ ...lamp, quantity: 2 }, { ...mug, quantity: 1 }]);
  });

  it("clears the cart and persists the empty cart (checkout's cart.cleared effect)", async () => {
    const storage = new MemoryStorage([{ ...lamp, quantity: 2 }]);
    const cart = new CartController(storage);
    await cart.start();
    cart.clear();
    expect(cart.getLines()).toEqual([]);
    await cart.flush();
    expect(storage.value).toEqual([]);
    cart.clear(); // already empty: no further write
    await cart.flush();
    expect(storage.saves).toHaveLength(1);
  });

  it("ignores stale echoes of its own writes while writes are in flight", async () => {
    const storage = new MemoryStorage();
    const cart = new CartController(storage);
    await cart.start();
    let release!: () => void;
    storage.gate = new Promise((r) => (release = r));
    cart.add(lamp);
    cart.add(lamp);
    storage.emit([{ ...lamp, quantity: 1 }]); // echo of the first write arriving late
    expect(cart.getLines()[0].quantity).toBe(2);
    release();
    await cart.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(cart.getLines()[0].quantity).toBe(2);
  });

  it("applies a change written by someone else (e.g. Rust)", async () => {
    const storage = new MemoryStorage([{ ...lamp, quantity: 1 }]);
    const cart = new CartController(storage);
    await cart.start();
    storage.value = [];
    storage.emit([]);
    expect(cart.getLines()).toEqual([]);
  });

  it("keeps the cart and reports the error when saving fails", async () => {
    const storage = new MemoryStorage();
    storage.save = async () => {
      throw new Error("disk full");
    };
    const cart = new CartController(storage);
    await cart.start();
    cart.add(lamp);
    await cart.flush();
    expect(cart.getLines()).toHaveLength(1);
    expect(cart.getError()).toContain("disk full");
  });

  it("keeps an add made before the stored cart finished loading", async () => {
    let resolveLoad!: (v: unknown) => void;
    const storage = new MemoryStorage();
    storage.load = () => new Promise((r) => (resolveLoad = r));
    const cart = new CartController(storage);
    const started = cart.start();
    cart.add(lamp);
    resolveLoad([]);
    await started;
    await cart.flush();
    expect(cart.getLines()).toEqual([{ ...lamp, quantity: 1 }]);
    expect(storage.value).toEqual([{ ...lamp, quantity: 1 }]);
  });
});
