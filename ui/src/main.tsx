//! Entry point: picks the backend (Tauri IPC, or the browser-only dev fake), builds the client and
//! the cart, and mounts the app.
//! Why: the only place that knows which environment the page runs in. The dev fake is a separate
//! chunk imported only when the page is not inside Tauri, so the app never loads it.

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ChatKitClient } from "./client/chatkitClient";
import { CartController } from "./cart/cartController";
import { CartProvider } from "./cart/cartContext";
import { createLocalCartStorage, createPluginCartStorage, type CartStorage } from "./cart/cartStorage";
import type { Backend } from "./platform/backend";
import { createTauriBackend, runningInTauri } from "./platform/tauriBackend";
import { createIpcFetch } from "./transport/ipcFetch";
import { debugState } from "./transport/requestLog";
import { App } from "./app/App";
import "./styles/base.css";
import "./widgets/theme.css";
import "./styles/app.css";

async function boot(): Promise<void> {
  let backend: Backend;
  let storage: CartStorage;
  if (runningInTauri()) {
    backend = createTauriBackend();
    storage = createPluginCartStorage();
  } else {
    const dev = await import("./dev/fakeBackend");
    backend = dev.createFakeBackend();
    storage = createLocalCartStorage();
  }
  debugState(); // creates window.__shopdesk.requests before the first request
  const client = new ChatKitClient(createIpcFetch(backend));
  const cart = new CartController(storage);
  void cart.start();

  const root = document.getElementById("root");
  if (!root) throw new Error("#root missing");
  createRoot(root).render(
    <StrictMode>
      <CartProvider controller={cart}>
        <App client={client} backend={backend} />
      </CartProvider>
    </StrictMode>,
  );
}

void boot();
