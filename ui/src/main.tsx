//! Entry point: picks the transport and the cart storage for where the page runs, builds the
//! client and the cart, and mounts the app.
//! Why: the only place that knows which environment the page runs in. Inside Tauri the ChatKit
//! requests go over IPC (ipcFetch) and the cart to the core (`cart_load` / `cart_save`); in a plain
//! browser the same renderer posts to `shopdesk-server` over HTTP (httpFetch, the server address
//! from `?server=` or `VITE_CHATKIT_URL`, see platform/serverUrl.ts) and keeps the cart in
//! `localStorage`. There is no fake core: ui/dist holds no test or development code, which
//! scripts/check-dist.sh checks.

import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { ChatKitClient } from "./client/chatkitClient";
import { CartController } from "./cart/cartController";
import { CartProvider } from "./cart/cartContext";
import { bindClientTools } from "./cart/clientCartTools";
import { createCoreCartStorage } from "./cart/cartStorageCore";
import { createLocalCartStorage } from "./cart/cartStorageLocal";
import { createTauriBackend, runningInTauri } from "./platform/tauriBackend";
import { resolveServerUrl } from "./platform/serverUrl";
import { createHttpFetch } from "./transport/httpFetch";
import { createIpcFetch } from "./transport/ipcFetch";
import { debugState } from "./transport/requestLog";
import { watchFirstPaint } from "./perf/pagePerf";
import { preloadMarkdown } from "./widgets/SafeMarkdown";
import { App } from "./app/App";
import type { StartupNotice } from "./app/startupApi";
import { applyTheme } from "./theme/applyTheme";
import { firstPaintChoice } from "./theme/themeStorage";
import "./styles/base.css";
import "./widgets/theme.css";
import "./styles/app.css";

function mount(cart: CartController, app: ReactNode): void {
  const root = document.getElementById("root");
  if (!root) throw new Error("#root missing");
  createRoot(root).render(
    <StrictMode>
      <CartProvider controller={cart}>{app}</CartProvider>
    </StrictMode>,
  );
}

async function boot(): Promise<void> {
  applyTheme(firstPaintChoice()); // before the first render: no flash of the other theme
  debugState(); // creates window.__shopdesk.requests before the first request
  watchFirstPaint("#composer-input"); // the cold-start figures (tests/e2e/cold_start.rs)
  // The Markdown renderer is a chunk of its own (widgets/SafeMarkdown.tsx): fetched once the
  // second frame has begun, so the first one — the whole window — is out before its 165 KB are
  // parsed, and still long before the first answer needs it.
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => void preloadMarkdown(), 0)));
  if (runningInTauri()) {
    const backend = createTauriBackend();
    const cart = new CartController(createCoreCartStorage());
    void cart.start();
    bindClientTools(cart); // runClientTool, for a ChatKit client other than the built-in renderer
    mount(cart, <App client={new ChatKitClient(createIpcFetch(backend))} backend={backend} />);
    return;
  }
  const server = resolveServerUrl(window.location.search, import.meta.env.VITE_CHATKIT_URL as string | undefined);
  if (!server.ok) {
    document.body.textContent = `Shopdesk cannot start: ${server.error}.`;
    return;
  }
  const storage = createLocalCartStorage();
  const cart = new CartController(storage);
  // localStorage answers at once: load before the first render, so a damaged cart's notice shows.
  await cart.start();
  const notices: readonly StartupNotice[] = storage.setAside;
  const client = new ChatKitClient(createHttpFetch(() => cart.getLines()), server.url);
  mount(cart, <App client={client} backend={null} server={new URL(server.url).host} pageNotices={notices} />);
}

void boot();
