//! Tests of the cart tools the assistant calls (Contract 5): each handler over the real cart
//! controller, the errors a model can read, and the app-wide `runClientTool`.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { MemoryCartStorage } from "../test/memoryCartStorage";
import { CartController } from "./cartController";
import { MAX_LINES } from "./cartModel";
import { bindClientTools, createClientToolRunner, runClientTool, CLIENT_TOOL_NAMES } from "./clientCartTools";

/** What the core sends for a catalog product: the model's arguments plus name, price and image. */
const lamp = { product_id: "lamp-aurora", name: "Aurora Desk Lamp", price: 49.99, image: "/products/lamp-aurora.svg" };
const mug = { product_id: "mug-ember", name: "Ember Stoneware Mug", price: 18, image: "/products/mug-ember.svg" };

async function setup(initial?: unknown) {
  const storage = new MemoryCartStorage(initial);
  const cart = new CartController(storage);
  await cart.start();
  return { storage, cart, run: createClientToolRunner(cart) };
}

describe("client cart tools", () => {
  it("are the four tools of the contract", () => {
    expect([...CLIENT_TOOL_NAMES].sort()).toEqual(["cart_add", "cart_clear", "cart_remove", "cart_set_quantity"]);
  });

  it("cart_add adds a line (one unit by default), saves it, and answers with the cart", async () => {
    const { storage, cart, run } = await setup();
    const result = await run("cart_add", { ...lamp });
    expect(result).toEqual({ items: [{ ...lamp, quantity: 1 }] });
    expect(cart.getLines()).toEqual([{ ...lamp, quantity: 1 }]);
    // Saved before the answer goes back, so the core reads the new cart if asked next.
    expect(storage.value).toEqual([{ ...lamp, quantity: 1 }]);
    expect(await run("cart_add", { ...lamp, quantity: 2 })).toEqual({ items: [{ ...lamp, quantity: 3 }] });
    expect(await run("cart_add", { ...mug, quantity: 4 })).toEqual({ items: [{ ...lamp, quantity: 3 }, { ...mug, quantity: 4 }] });
  });

  it("cart_add refuses what would break the cart, and changes nothing", async () => {
    const { cart, run } = await setup([{ ...lamp, quantity: 98 }]);
    expect(await run("cart_add", { ...lamp, quantity: 2 })).toEqual({
      error: "the cart already holds 98 of Aurora Desk Lamp; 100 would be over the limit of 99",
    });
    expect(await run("cart_add", { product_id: "lamp-zeppelin" })).toEqual({ error: 'unknown product "lamp-zeppelin"' });
    expect(await run("cart_add", { ...mug, quantity: 0 })).toEqual({ error: "`quantity` must be a whole number from 1 to 99" });
    expect(await run("cart_add", { ...mug, quantity: 1.5 })).toEqual({ error: "`quantity` must be a whole number from 1 to 99" });
    expect(await run("cart_add", { ...mug, quantity: "2" })).toEqual({ error: "`quantity` must be a whole number from 1 to 99" });
    expect(await run("cart_add", { ...mug, quantity: 100 })).toEqual({ error: "`quantity` 100 is over the limit of 99 units of one product" });
    expect(await run("cart_add", { ...mug, product_id: " " })).toEqual({ error: "`product_id` must be a non-empty string" });
    expect(await run("cart_add", { ...mug, price: -1 })).toEqual({ error: 'unknown product "mug-ember"' });
    expect(cart.getLines()).toEqual([{ ...lamp, quantity: 98 }]);
  });

  it("cart_add refuses a new line in a full cart", async () => {
    const full = Array.from({ length: MAX_LINES }, (_, i) => ({ product_id: `p${i}`, name: `P${i}`, price: 1, image: "", quantity: 1 }));
    const { cart, run } = await setup(full);
    expect(await run("cart_add", { ...mug })).toEqual({ error: "the cart is full (200 different products); remove something first" });
    expect(cart.getLines()).toHaveLength(MAX_LINES);
    // A product already in it can still get more units.
    expect("items" in (await run("cart_add", { product_id: "p0" }))).toBe(true);
    expect(cart.getLines()[0].quantity).toBe(2);
  });

  it("cart_set_quantity sets, removes at 0, and adds a product not in the cart yet", async () => {
    const { cart, run } = await setup([{ ...lamp, quantity: 1 }]);
    expect(await run("cart_set_quantity", { ...lamp, quantity: 2 })).toEqual({ items: [{ ...lamp, quantity: 2 }] });
    expect(await run("cart_set_quantity", { ...mug, quantity: 3 })).toEqual({ items: [{ ...lamp, quantity: 2 }, { ...mug, quantity: 3 }] });
    expect(await run("cart_set_quantity", { product_id: "lamp-aurora", quantity: 0 })).toEqual({ items: [{ ...mug, quantity: 3 }] });
    expect(await run("cart_set_quantity", { product_id: "lamp-aurora", quantity: 0 })).toEqual({ error: '"lamp-aurora" is not in the cart' });
    expect(await run("cart_set_quantity", { product_id: "mug-ember" })).toEqual({ error: "`quantity` is required" });
    expect(await run("cart_set_quantity", { product_id: "mug-ember", quantity: -1 })).toEqual({ error: "`quantity` must be a whole number from 0 to 99" });
    expect(cart.getLines()).toEqual([{ ...mug, quantity: 3 }]);
  });

  it("cart_remove removes one line; cart_clear empties the cart", async () => {
    const { storage, run } = await setup([
      { ...lamp, quantity: 1 },
      { ...mug, quantity: 2 },
    ]);
    expect(await run("cart_remove", { product_id: "lamp-aurora", name: "Aurora Desk Lamp" })).toEqual({ items: [{ ...mug, quantity: 2 }] });
    expect(await run("cart_remove", { product_id: "lamp-aurora" })).toEqual({ error: '"lamp-aurora" is not in the cart' });
    expect(await run("cart_clear", {})).toEqual({ items: [] });
    expect(storage.value).toEqual([]);
    expect(await run("cart_clear", {})).toEqual({ items: [] });
  });

  it("an unknown tool or bad arguments are an error result, never a throw", async () => {
    const { run } = await setup();
    expect(await run("launch_rocket", {})).toEqual({ error: 'unknown client tool "launch_rocket"' });
    expect(await run("toString", {})).toEqual({ error: 'unknown client tool "toString"' });
    expect(await run("cart_add", null)).toEqual({ error: "the arguments of cart_add must be an object" });
    expect(await run("cart_add", [lamp])).toEqual({ error: "the arguments of cart_add must be an object" });
  });

  it("runClientTool runs the same handlers on the app's cart once bound", async () => {
    expect(await runClientTool("cart_add", { ...lamp })).toEqual({ error: "the cart is not ready yet" });
    const { cart } = await setup();
    bindClientTools(cart);
    expect(await runClientTool("cart_add", { ...lamp })).toEqual({ items: [{ ...lamp, quantity: 1 }] });
    expect(cart.getLines()).toHaveLength(1);
  });
});
