//! The cart in the app core, behind `invoke('cart_load')` / `invoke('cart_save')` (Contract 2:
//! the core keeps it in `tauri-plugin-store`, file `cart.json`, key `items`).
//! Why: the same lines are read by the Rust `view_cart` tool, and the page is not trusted with
//! the store plugin itself (it could name any file); the core validates what is saved and emits
//! `cart-changed` after every save, which the page hears with `core:event:allow-listen` only.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { CartStorage } from "./cartStorage";

/** The app event the core emits after a saved cart; its payload is the saved lines. */
export const CART_CHANGED_EVENT = "cart-changed";

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
