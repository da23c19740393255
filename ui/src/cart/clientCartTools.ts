//! The cart tools the assistant calls, run in the page: `cart_add`, `cart_set_quantity`,
//! `cart_remove`, `cart_clear` (docs/ARCHITECTURE.md, Contract 5).
//! Why: the cart is the page's (Contract 2): when the assistant changes it, the change must go
//! through the same `CartController` as the Add to Cart buttons, so the badge and the panel update
//! at once and the cart is saved the same way. The core checks a call first (known product, sane
//! quantity) and adds the product's `name`, `price` and `image`, which the page cannot look up; the
//! page checks again what only it knows (what is in the cart, the 99-unit and 200-line limits).
//! A handler never throws: every problem is an `{error}` result the model can read. The built-in
//! renderer runs these through `useChat`; `runClientTool` is the same handlers for any other
//! client (the official web component's `onClientTool`).

import type { CartController } from "./cartController";
import { MAX_LINES, MAX_QUANTITY, parseProduct, type CartLine } from "./cartModel";

/** What a client tool answers: the cart after the change, or why it did not change. */
export type ClientToolResult = { items: CartLine[] } | { error: string };

export type ClientToolRunner = (name: string, params: unknown) => Promise<ClientToolResult>;

type Params = Record<string, unknown>;
/** Changes the cart, or returns why it cannot. */
type Handler = (cart: CartController, params: Params) => string | null;

function productId(params: Params): string | { error: string } {
  const id = params.product_id;
  if (typeof id !== "string" || id.trim() === "") return { error: "`product_id` must be a non-empty string" };
  return id.trim();
}

/** A whole number from `min` to MAX_QUANTITY; `fallback` when absent (null: required). */
function quantity(params: Params, min: number, fallback: number | null): number | { error: string } {
  const q = params.quantity;
  if (q === undefined || q === null) {
    return fallback ?? { error: "`quantity` is required" };
  }
  if (typeof q !== "number" || !Number.isInteger(q) || q < min) {
    return { error: `\`quantity\` must be a whole number from ${min} to ${MAX_QUANTITY}` };
  }
  if (q > MAX_QUANTITY) return { error: `\`quantity\` ${q} is over the limit of ${MAX_QUANTITY} units of one product` };
  return q;
}

function findLine(cart: CartController, id: string): CartLine | undefined {
  return cart.getLines().find((l) => l.product_id === id);
}

/** Adds a line for a product the cart does not hold yet; the call must carry the product's details. */
function addNewLine(cart: CartController, id: string, params: Params, q: number): string | null {
  const product = parseProduct({ ...params, product_id: id });
  if (!product || typeof params.name !== "string") return `unknown product "${id}"`;
  if (cart.getLines().length >= MAX_LINES) return `the cart is full (${MAX_LINES} different products); remove something first`;
  cart.add(product, q);
  return null;
}

const HANDLERS: Record<string, Handler> = {
  cart_add(cart, params) {
    const id = productId(params);
    if (typeof id !== "string") return id.error;
    const q = quantity(params, 1, 1);
    if (typeof q !== "number") return q.error;
    const line = findLine(cart, id);
    if (!line) return addNewLine(cart, id, params, q);
    if (line.quantity + q > MAX_QUANTITY) {
      return `the cart already holds ${line.quantity} of ${line.name}; ${line.quantity + q} would be over the limit of ${MAX_QUANTITY}`;
    }
    cart.add(parseProduct({ ...line, ...params, product_id: id }) ?? line, q);
    return null;
  },
  cart_set_quantity(cart, params) {
    const id = productId(params);
    if (typeof id !== "string") return id.error;
    const q = quantity(params, 0, null);
    if (typeof q !== "number") return q.error;
    const line = findLine(cart, id);
    if (q === 0) {
      if (!line) return `"${id}" is not in the cart`;
      cart.remove(id);
      return null;
    }
    if (!line) return addNewLine(cart, id, params, q);
    cart.setQuantity(id, q);
    return null;
  },
  cart_remove(cart, params) {
    const id = productId(params);
    if (typeof id !== "string") return id.error;
    if (!findLine(cart, id)) return `"${id}" is not in the cart`;
    cart.remove(id);
    return null;
  },
  cart_clear(cart) {
    cart.clear();
    return null;
  },
};

/** The names of the client tools this page runs. */
export const CLIENT_TOOL_NAMES: readonly string[] = Object.keys(HANDLERS);

/**
 * The client tools over one cart: runs tool `name` with `params` (the `arguments` of the
 * `client_tool_call` item), waits until the change is saved (so the core reads the new cart if
 * the model asks for it next), and resolves with the cart or an `{error}`; never rejects.
 */
export function createClientToolRunner(cart: CartController): ClientToolRunner {
  return async (name, params) => {
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) return { error: `unknown client tool "${name}"` };
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      return { error: `the arguments of ${name} must be an object` };
    }
    try {
      const refused = handler(cart, params as Params);
      if (refused) return { error: refused };
      await cart.flush();
      return { items: cart.getLines().map((l) => ({ ...l })) };
    } catch (e) {
      return { error: `${name} failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
}

let appRunner: ClientToolRunner | null = null;

/** Makes `runClientTool` use the app's cart (called once at start-up). */
export function bindClientTools(cart: CartController): void {
  appRunner = createClientToolRunner(cart);
}

/** The client tools over the app's cart, for any ChatKit client (`onClientTool({name, params})`). */
export function runClientTool(name: string, params: unknown): Promise<ClientToolResult> {
  if (!appRunner) return Promise.resolve({ error: "the cart is not ready yet" });
  return appRunner(name, params);
}
