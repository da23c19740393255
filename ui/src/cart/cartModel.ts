//! The cart as data: lines, and pure functions that change and summarize them (Contract 2).
//! Why: the cart is shared with Rust through `cart.json` (key `items`), so its shape is a
//! contract. Keeping every change a pure function makes the optimistic UI, persistence and the
//! Rust-side writes all go through one tested definition of "what the cart is".

/** One line of the cart, exactly as stored under `items` in `cart.json`. */
export interface CartLine {
  product_id: string;
  name: string;
  price: number;
  image: string;
  quantity: number;
}

/** What an "Add to Cart" button carries (`cart.add` payload). */
export interface CartProduct {
  product_id: string;
  name: string;
  price: number;
  image: string;
}

export const MAX_QUANTITY = 99;
/** Most lines one cart may hold; the core's `cart_save` refuses more (`shop::cart::MAX_LINES`). */
export const MAX_LINES = 200;

function toNumber(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Validates a `cart.add` payload; returns null when it is not a usable product. */
export function parseProduct(payload: unknown): CartProduct | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const id = typeof p.product_id === "string" ? p.product_id.trim() : typeof p.product_id === "number" ? String(p.product_id) : "";
  const price = toNumber(p.price);
  if (!id || price === null || price < 0) return null;
  return {
    product_id: id,
    name: typeof p.name === "string" && p.name.trim() ? p.name : id,
    price,
    image: typeof p.image === "string" ? p.image : "",
  };
}

/**
 * The one rule for a cart line (Contract 2), mirroring the core's `parse_line`
 * (`src-tauri/shop/src/cart.rs`); `src-tauri/shop/tests/fixtures/cart_lines.json` holds the cases
 * both are tested against. A line is an object with `product_id` a non-empty string, `name` a
 * string, `price` a finite number >= 0, `image` a string (absent: ""), `quantity` a whole number
 * from 1 to MAX_QUANTITY; other fields are ignored. Returns the clean line, or why it is not one.
 */
export function parseLine(entry: unknown): CartLine | string {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "a line must be an object";
  const e = entry as Record<string, unknown>;
  if (typeof e.product_id !== "string") return "`product_id` must be a string";
  if (e.product_id === "") return "`product_id` must not be empty";
  if (typeof e.name !== "string") return "`name` must be a string";
  if (typeof e.price !== "number" || !Number.isFinite(e.price) || e.price < 0) return "`price` must be a non-negative number";
  if (e.image !== undefined && typeof e.image !== "string") return "`image` must be a string";
  const q = e.quantity;
  if (typeof q !== "number" || !Number.isInteger(q) || q < 1 || q > MAX_QUANTITY) {
    return `\`quantity\` must be a whole number from 1 to ${MAX_QUANTITY}`;
  }
  return { product_id: e.product_id, name: e.name, price: e.price, image: e.image ?? "", quantity: q };
}

/**
 * Reads whatever is stored under `items` into clean lines, as the core reads it: a line that
 * breaks `parseLine` is dropped with a warning (never the whole cart), a value that is not a list
 * is an empty cart (with a warning when it is not absent), duplicates are merged at the first
 * line's position with quantities added (capped at MAX_QUANTITY). Fields are read by name, so
 * re-ordered keys do not matter.
 */
export function normalizeLines(raw: unknown): CartLine[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    console.warn("cart: the stored cart is not a list of lines; showing an empty cart");
    return [];
  }
  const lines: CartLine[] = [];
  raw.forEach((entry, i) => {
    const line = parseLine(entry);
    if (typeof line === "string") {
      console.warn(`cart: dropping stored line ${i}: ${line}`);
      return;
    }
    const existing = lines.findIndex((l) => l.product_id === line.product_id);
    if (existing < 0) lines.push(line);
    else lines[existing] = { ...lines[existing], quantity: clampQuantity(lines[existing].quantity + line.quantity) };
  });
  return lines;
}

function clampQuantity(q: number): number {
  return Math.max(0, Math.min(MAX_QUANTITY, q));
}

/** Adds `quantity` units (default one) of a product: a new line at the end, or more on the existing line. */
export function addProduct(lines: CartLine[], product: CartProduct, quantity = 1): CartLine[] {
  const idx = lines.findIndex((l) => l.product_id === product.product_id);
  if (idx < 0) return [...lines, { ...product, quantity: clampQuantity(quantity) }];
  return lines.map((l, i) =>
    i === idx ? { ...l, name: product.name, price: product.price, image: product.image || l.image, quantity: clampQuantity(l.quantity + quantity) } : l,
  );
}

/** Sets a line's quantity; 0 or less removes the line. */
export function setQuantity(lines: CartLine[], productId: string, quantity: number): CartLine[] {
  if (!Number.isFinite(quantity) || quantity <= 0) return removeLine(lines, productId);
  return lines.map((l) => (l.product_id === productId ? { ...l, quantity: clampQuantity(Math.floor(quantity)) } : l));
}

export function increment(lines: CartLine[], productId: string): CartLine[] {
  const line = lines.find((l) => l.product_id === productId);
  return line ? setQuantity(lines, productId, line.quantity + 1) : lines;
}

/** One unit less; never below 1 (removing is an explicit action). */
export function decrement(lines: CartLine[], productId: string): CartLine[] {
  const line = lines.find((l) => l.product_id === productId);
  return line && line.quantity > 1 ? setQuantity(lines, productId, line.quantity - 1) : lines;
}

export function removeLine(lines: CartLine[], productId: string): CartLine[] {
  return lines.filter((l) => l.product_id !== productId);
}

/** Number of units in the cart (what the header badge shows). */
export function itemCount(lines: CartLine[]): number {
  return lines.reduce((n, l) => n + l.quantity, 0);
}

/** Sum in cents to avoid binary floating-point drift, returned in currency units. */
export function lineTotal(line: CartLine): number {
  return Math.round(line.price * 100 * line.quantity) / 100;
}

export function cartTotal(lines: CartLine[]): number {
  const cents = lines.reduce((sum, l) => sum + Math.round(l.price * 100) * l.quantity, 0);
  return cents / 100;
}

const priceFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
export function formatPrice(value: number): string {
  return priceFormat.format(value);
}

/** Equality by content, independent of object key order. */
export function sameLines(a: CartLine[], b: CartLine[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((l, i) => {
    const m = b[i];
    return l.product_id === m.product_id && l.name === m.name && l.price === m.price && l.image === m.image && l.quantity === m.quantity;
  });
}
