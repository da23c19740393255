//! The browser's cart in `localStorage`: it survives a reload, is read by the cart-line rule, and
//! a damaged value is copied aside untouched and reported — never dropped silently, never lost
//! when even the copy cannot be written.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CartController } from "./cartController";
import { BROWSER_CART_KEY, createLocalCartStorage } from "./cartStorageLocal";

const mug = { product_id: "mug-ember", name: "Ember Stoneware Mug", price: 18, image: "/products/mug-ember.svg", quantity: 2 };
const kettle = { product_id: "kettle-swan", name: "Swan Kettle", price: 59.5, image: "", quantity: 1 };
const when = new Date("2026-12-01T23:15:00.123Z");
const storage = () => createLocalCartStorage(window.localStorage, BROWSER_CART_KEY, () => when);
const keys = () => Object.keys(window.localStorage).sort();

describe("createLocalCartStorage", () => {
  beforeEach(() => window.localStorage.clear());
  afterEach(() => vi.restoreAllMocks());

  it("keeps the cart across a reload (a new controller on the same localStorage)", async () => {
    const first = new CartController(storage());
    await first.start();
    first.add({ product_id: mug.product_id, name: mug.name, price: mug.price, image: mug.image });
    first.add({ product_id: mug.product_id, name: mug.name, price: mug.price, image: mug.image });
    await first.flush();
    expect(JSON.parse(window.localStorage.getItem(BROWSER_CART_KEY)!)).toEqual([mug]);
    const again = new CartController(storage());
    await again.start();
    expect(again.getLines()).toEqual([mug]);
  });

  it("reads nothing stored, or null, as an empty cart without a notice", async () => {
    const s = storage();
    expect(await s.load()).toBeUndefined();
    window.localStorage.setItem(BROWSER_CART_KEY, "null");
    expect(await s.load()).toBeNull();
    expect(s.setAside).toEqual([]);
  });

  it.each([
    ["not JSON", '[{"product_id":"mug-ember"', "it is not valid JSON"],
    ["not a list", '{"items":[]}', "it is not a list of cart lines"],
  ])("sets a value that is %s aside under a stamped key and starts empty", async (_what, text, reason) => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    window.localStorage.setItem(BROWSER_CART_KEY, text);
    const s = storage();
    const cart = new CartController(s);
    await cart.start();
    expect(cart.getLines()).toEqual([]);
    const aside = `${BROWSER_CART_KEY}.damaged-20261201T231500Z`;
    expect(keys()).toEqual([aside]);
    expect(window.localStorage.getItem(aside)).toBe(text);
    expect(s.setAside).toEqual([{ file: BROWSER_CART_KEY, moved_to: `localStorage key ${aside}`, reason: expect.stringContaining(reason) }]);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining(aside));
  });

  it("keeps the valid lines of a partly damaged cart, and a copy of all of it", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const text = JSON.stringify([mug, { product_id: "", name: "x", price: 1, quantity: 1 }, kettle, { ...kettle, quantity: 500 }]);
    window.localStorage.setItem(BROWSER_CART_KEY, text);
    const s = storage();
    const cart = new CartController(s);
    await cart.start();
    expect(cart.getLines()).toEqual([mug, kettle]);
    expect(JSON.parse(window.localStorage.getItem(BROWSER_CART_KEY)!)).toEqual([mug, kettle]);
    expect(window.localStorage.getItem(`${BROWSER_CART_KEY}.damaged-20261201T231500Z`)).toBe(text);
    expect(s.setAside[0].reason).toBe("2 of its 4 lines break the cart-line rule (line 1: `product_id` must not be empty); the other lines were kept");
    // Read again (the next page load): the cleaned cart is clean, nothing more is set aside.
    const next = storage();
    expect(await next.load()).toEqual([mug, kettle]);
    expect(next.setAside).toEqual([]);
  });

  it("never overwrites an earlier set-aside copy", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const aside = `${BROWSER_CART_KEY}.damaged-20261201T231500Z`;
    window.localStorage.setItem(aside, "older");
    window.localStorage.setItem(BROWSER_CART_KEY, "{oops");
    const s = storage();
    await s.load();
    expect(window.localStorage.getItem(aside)).toBe("older");
    expect(window.localStorage.getItem(`${aside}-2`)).toBe("{oops");
  });

  it("leaves the damaged value where it is when the copy cannot be written, and says so", async () => {
    window.localStorage.setItem(BROWSER_CART_KEY, "{oops");
    const real = Storage.prototype.setItem;
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(function (this: Storage, k: string, v: string) {
      if (k.includes(".damaged-")) throw new DOMException("quota", "QuotaExceededError");
      return real.call(this, k, v);
    });
    const cart = new CartController(storage());
    await cart.start();
    expect(cart.getError()).toBe("Could not load the cart: quota");
    expect(window.localStorage.getItem(BROWSER_CART_KEY)).toBe("{oops");
  });

  it("hears another tab's saves, and ignores one that is not JSON", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const seen: unknown[] = [];
    const stop = await storage().subscribe((raw) => seen.push(raw));
    const send = (key: string, newValue: string | null) =>
      window.dispatchEvent(new StorageEvent("storage", { key, newValue, storageArea: window.localStorage }));
    send(BROWSER_CART_KEY, JSON.stringify([mug]));
    send("something.else", "[]");
    send(BROWSER_CART_KEY, "{oops");
    send(BROWSER_CART_KEY, null);
    stop();
    send(BROWSER_CART_KEY, "[]");
    expect(seen).toEqual([[mug], undefined]);
  });
});
