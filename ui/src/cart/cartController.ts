//! The live cart: state in memory first, persisted after, kept in sync with the core's cart.
//! Why: Add to Cart must update the badge in the same frame (optimistic), while the write of the
//! cart happens asynchronously and in order, through the core (`cart_save`). The core's
//! `cart-changed` event (after any save, from this page or another window) then replaces the
//! in-memory cart. Writes in flight are protected from stale echoes of earlier writes.

import {
  addProduct,
  decrement,
  increment,
  normalizeLines,
  removeLine,
  sameLines,
  setQuantity,
  type CartLine,
  type CartProduct,
} from "./cartModel";
import type { CartStorage } from "./cartStorage";

type Listener = () => void;

export class CartController {
  private lines: CartLine[] = [];
  private listeners = new Set<Listener>();
  private writes: Promise<void> = Promise.resolve();
  private pendingWrites = 0;
  private externalWhileWriting = false;
  private localChangeBeforeLoad = false;
  private loaded = false;
  private unsubscribeStorage: (() => void) | null = null;
  private error: string | null = null;

  constructor(private readonly storage: CartStorage) {}

  /** Loads the stored cart and starts listening for changes made elsewhere (Rust, other windows). */
  async start(): Promise<void> {
    try {
      const raw = await this.storage.load();
      this.loaded = true;
      if (this.localChangeBeforeLoad) {
        // The user was faster than the disk: keep their lines and write them.
        this.persist(this.lines);
      } else {
        this.replace(normalizeLines(raw));
      }
    } catch (e) {
      this.loaded = true;
      this.setError(`Could not load the cart: ${describe(e)}`);
    }
    try {
      this.unsubscribeStorage = await this.storage.subscribe((raw) => this.onExternalChange(raw));
    } catch (e) {
      this.setError(`Cart changes from the app core will not show live: ${describe(e)}`);
    }
  }

  stop(): void {
    this.unsubscribeStorage?.();
    this.unsubscribeStorage = null;
  }

  getLines = (): CartLine[] => this.lines;
  getError = (): string | null => this.error;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  add(product: CartProduct, quantity = 1): void {
    this.apply(addProduct(this.lines, product, quantity));
  }
  increment(productId: string): void {
    this.apply(increment(this.lines, productId));
  }
  decrement(productId: string): void {
    this.apply(decrement(this.lines, productId));
  }
  setQuantity(productId: string, quantity: number): void {
    this.apply(setQuantity(this.lines, productId, quantity));
  }
  remove(productId: string): void {
    this.apply(removeLine(this.lines, productId));
  }
  /** Empties the cart (after a checkout: the server's `cart.cleared` effect). */
  clear(): void {
    if (this.lines.length > 0) this.apply([]);
  }

  /** Resolves when every write queued so far has finished (tests, shutdown). */
  flush(): Promise<void> {
    return this.writes;
  }

  private apply(next: CartLine[]): void {
    if (next === this.lines) return;
    if (!this.loaded) this.localChangeBeforeLoad = true;
    this.replace(next);
    if (this.loaded) this.persist(next);
  }

  private replace(next: CartLine[]): void {
    this.lines = next;
    for (const l of this.listeners) l();
  }

  private persist(lines: CartLine[]): void {
    this.pendingWrites++;
    const snapshot = lines.map((l) => ({ ...l }));
    this.writes = this.writes
      .then(() => this.storage.save(snapshot))
      .then(
        () => {
          if (this.error?.startsWith("Could not save")) this.setError(null);
        },
        (e) => this.setError(`Could not save the cart: ${describe(e)}`),
      )
      .finally(() => {
        this.pendingWrites--;
        if (this.pendingWrites === 0 && this.externalWhileWriting) {
          this.externalWhileWriting = false;
          void this.reloadFromStorage();
        }
      });
  }

  private onExternalChange(raw: unknown): void {
    if (this.pendingWrites > 0) {
      // Might be the echo of one of our own writes: decide once our writes have landed.
      this.externalWhileWriting = true;
      return;
    }
    const next = normalizeLines(raw);
    if (!sameLines(next, this.lines)) this.replace(next);
  }

  private async reloadFromStorage(): Promise<void> {
    try {
      const next = normalizeLines(await this.storage.load());
      if (this.pendingWrites === 0 && !sameLines(next, this.lines)) this.replace(next);
    } catch (e) {
      this.setError(`Could not reload the cart: ${describe(e)}`);
    }
  }

  private setError(message: string | null): void {
    this.error = message;
    for (const l of this.listeners) l();
  }
}

function describe(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  // The core rejects with `{ code, message }` (Contract 1's error shape).
  if (typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string") {
    return (e as { message: string }).message;
  }
  return "unknown error";
}
