//! The whole page over a fake core, mounted as main.tsx mounts it: App inside its CartProvider.
//! Why: the tests that drive the page end to end (a prompt, a stream, a shortcut, an upload)
//! share this mount and differ only in the core they talk to.
import { render } from "@testing-library/react";
import { App } from "../app/App";
import { CartController } from "../cart/cartController";
import { CartProvider } from "../cart/cartContext";
import type { CartStorage } from "../cart/cartStorage";
import { ChatKitClient } from "../client/chatkitClient";
import { createIpcFetch } from "../transport/ipcFetch";
import type { TestBackend } from "./fakeBackend";
import { MemoryCartStorage } from "./memoryCartStorage";

/** Renders the app on `backend`, its cart on `storage`; returns the cart. */
export function renderApp(backend: TestBackend, storage: CartStorage = new MemoryCartStorage()): CartController {
  const cart = new CartController(storage);
  void cart.start();
  render(
    <CartProvider controller={cart}>
      <App client={new ChatKitClient(createIpcFetch(backend))} backend={backend} />
    </CartProvider>,
  );
  return cart;
}
