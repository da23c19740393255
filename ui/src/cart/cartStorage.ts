//! Where the cart is kept: in the app core, behind `invoke('cart_load')` / `invoke('cart_save')`
//! (Contract 2: the core keeps it in `tauri-plugin-store`, file `cart.json`, key `items`).
//! Why: the same lines are read by the Rust `view_cart` tool, and the page is not trusted with
//! the store plugin itself (it could name any file); the core validates what is saved and emits
//! `cart-changed` after every save, which the page hears with `core:event:allow-listen` only.
//! The interface lets tests and the browser-only dev mode plug in another storage.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

/** The app event the core emits after a saved cart; its payload is the saved lines. */
export const CART_CHANGED_EVENT = "cart-changed";

export interface CartStorage {
  /** The raw stored value of `items` (normalized by the caller). */
  load(): Promise<unknown>;
  /** Writes `items` and saves the file to disk. */
  save(lines: unknown): Promise<void>;
  /** Calls `cb` with the new raw value whenever `items` changes (also from Rust). */
  subscribe(cb: (raw: unknown) => void): Promise<() => void>;
}

/** The cart in the app core. A refused save rejects with the core's `{ code, message }`. */
export function createCoreCartStorage(): CartStorage {
  return {
    load: () => invoke<unknown>("cart_load"),
    async save(lines) {
      await invoke("cart_save", { items: lines });
    },
    subscribe: (cb) => listen<unknown>(CART_CHANGED_EVENT, (event) => cb(event.payload)),
  };
}

/** Browser-only storage (development outside Tauri): localStorage plus the `storage` event. */
export function createLocalCartStorage(key = "shopdesk.cart.items"): CartStorage {
  return {
    async load() {
      const text = window.localStorage.getItem(key);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    async save(lines) {
      window.localStorage.setItem(key, JSON.stringify(lines));
    },
    async subscribe(cb) {
      const handler = (e: StorageEvent) => {
        if (e.key === key) cb(e.newValue ? (JSON.parse(e.newValue) as unknown) : undefined);
      };
      window.addEventListener("storage", handler);
      return () => window.removeEventListener("storage", handler);
    },
  };
}
