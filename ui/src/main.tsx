//! Entry point: picks the backend (Tauri IPC, or the browser-only dev fake), builds the client and
//! the cart, and mounts the app.
//! Why: the only place that knows which environment the page runs in. The dev fake is imported
//! only behind `import.meta.env.DEV`, which Vite replaces by `false` in `vite build`, so Rollup
//! drops the import and ui/dist (what the app embeds) has no dev code at all; scripts/check-dist.sh
//! checks that.

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ChatKitClient } from "./client/chatkitClient";
import { CartController } from "./cart/cartController";
import { CartProvider } from "./cart/cartContext";
import { bindClientTools } from "./cart/clientCartTools";
import { createLocalCartStorage, createCoreCartStorage, type CartStorage } from "./cart/cartStorage";
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
    storage = createCoreCartStorage();
  } else if (import.meta.env.DEV) {
    const dev = await import("./dev/fakeBackend");
    backend = dev.createFakeBackend();
    storage = createLocalCartStorage();
  } else {
    // A production bundle opened in a plain browser: no backend to talk to.
    document.body.textContent = "Shopdesk runs inside its desktop app (for development: npm run dev:ui).";
    return;
  }
  debugState(); // creates window.__shopdesk.requests before the first request
  const client = new ChatKitClient(createIpcFetch(backend));
  const cart = new CartController(storage);
  void cart.start();
  bindClientTools(cart); // runClientTool, for a ChatKit client other than the built-in renderer

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
