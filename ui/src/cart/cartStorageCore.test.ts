//! The core-backed cart storage: what it invokes and what it listens to.
//! Why: the page must reach the cart only through `cart_load` / `cart_save` and the
//! `cart-changed` event (never the store plugin); this pins the command names and arguments the
//! core's handlers (src-tauri/src/cart_commands.rs) expect.

import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
const listen = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: (...args: unknown[]) => listen(...args) }));

const { createCoreCartStorage, CART_CHANGED_EVENT } = await import("./cartStorageCore");
const { CartController } = await import("./cartController");

const mug = { product_id: "mug-ember", name: "Ember Stoneware Mug", price: 18, image: "/products/mug-ember.svg", quantity: 1 };

describe("createCoreCartStorage", () => {
  beforeEach(() => {
    invoke.mockReset();
    listen.mockReset();
  });

  it("loads with cart_load and saves with cart_save { items }", async () => {
    invoke.mockResolvedValueOnce([mug]);
    const storage = createCoreCartStorage();
    expect(await storage.load()).toEqual([mug]);
    expect(invoke).toHaveBeenLastCalledWith("cart_load");
    invoke.mockResolvedValueOnce([mug]);
    await storage.save([mug]);
    expect(invoke).toHaveBeenLastCalledWith("cart_save", { items: [mug] });
  });

  it("hears the core's cart-changed event and passes its payload", async () => {
    const unlisten = vi.fn();
    let handler: ((e: { payload: unknown }) => void) | undefined;
    listen.mockImplementation(async (name: string, cb: (e: { payload: unknown }) => void) => {
      expect(name).toBe(CART_CHANGED_EVENT);
      handler = cb;
      return unlisten;
    });
    const seen: unknown[] = [];
    const stop = await createCoreCartStorage().subscribe((raw) => seen.push(raw));
    handler?.({ payload: [mug] });
    expect(seen).toEqual([[mug]]);
    stop();
    expect(unlisten).toHaveBeenCalled();
  });

  it("shows the core's refusal message when a save is refused", async () => {
    listen.mockResolvedValue(() => {});
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "cart_load") return [];
      throw { code: "invalid_request", message: "cart_save: the cart has 201 lines, more than the 200 allowed" };
    });
    const cart = new CartController(createCoreCartStorage());
    await cart.start();
    cart.add({ product_id: mug.product_id, name: mug.name, price: mug.price, image: mug.image });
    await cart.flush();
    expect(cart.getError()).toBe("Could not save the cart: cart_save: the cart has 201 lines, more than the 200 allowed");
  });
});
