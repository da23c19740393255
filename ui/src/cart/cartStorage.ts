//! Where the cart is kept: `tauri-plugin-store`, file `cart.json`, key `items` (Contract 2).
//! Why: the same file is read by the Rust `view_cart` tool, so the page persists through the
//! store plugin rather than localStorage. The interface lets tests and the browser-only dev mode
//! plug in another storage.

import { LazyStore } from "@tauri-apps/plugin-store";

export const CART_FILE = "cart.json";
export const CART_KEY = "items";

export interface CartStorage {
  /** The raw stored value of `items` (normalized by the caller). */
  load(): Promise<unknown>;
  /** Writes `items` and saves the file to disk. */
  save(lines: unknown): Promise<void>;
  /** Calls `cb` with the new raw value whenever `items` changes (also from Rust). */
  subscribe(cb: (raw: unknown) => void): Promise<() => void>;
}

export function createPluginCartStorage(): CartStorage {
  const store = new LazyStore(CART_FILE, { autoSave: false, defaults: {} });
  return {
    load: () => store.get<unknown>(CART_KEY),
    async save(lines) {
      await store.set(CART_KEY, lines);
      await store.save();
    },
    subscribe: (cb) => store.onKeyChange<unknown>(CART_KEY, cb),
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
