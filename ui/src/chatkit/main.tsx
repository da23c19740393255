//! Entry point of the ChatKit window (`chatkit.html`): the cart, the IPC transport and the
//! ChatKit page.
//! Why a second entry: this page runs under its own, wider Content-Security-Policy (OpenAI's CDN,
//! see `src-tauri/src/chatkit_window.rs`) and its own capability, so it shares no page with the
//! built-in interface; the bundler gives it its own chunks, and the built-in page's bundle does
//! not grow. Outside the app there is nothing to show.

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { CartController } from "../cart/cartController";
import { CartProvider } from "../cart/cartContext";
import { createCoreCartStorage } from "../cart/cartStorageCore";
import { createTauriBackend, runningInTauri } from "../platform/tauriBackend";
import { createIpcFetch } from "../transport/ipcFetch";
import { ChatKitPage, type WindowOptions } from "./ChatKitPage";
import "../styles/base.css";
import "../styles/app.css";
import "./chatkit.css";

async function boot(): Promise<void> {
  const root = document.getElementById("root");
  if (!root) throw new Error("#root missing");
  if (!runningInTauri()) {
    root.textContent = "The ChatKit interface runs inside the Shopdesk app.";
    return;
  }
  const backend = createTauriBackend();
  // If this fails, the page cannot report; the app's own timer falls back for it.
  const options = await backend.invoke<WindowOptions>("chatkit_window_options");
  const cart = new CartController(createCoreCartStorage());
  void cart.start();
  createRoot(root).render(
    <StrictMode>
      <CartProvider controller={cart}>
        <ChatKitPage backend={backend} fetch={createIpcFetch(backend)} window={options} />
      </CartProvider>
    </StrictMode>,
  );
}

void boot();
