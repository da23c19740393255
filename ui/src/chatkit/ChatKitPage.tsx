//! The ChatKit window's page: the app's header (cart badge and panel, the app's own) over the
//! official ChatKit web component.
//! Why: this page runs remote code (OpenAI's loader and frame), so it holds only what ChatKit
//! needs — the IPC transport, the cart, its report to the app — and never the settings. It loads
//! the loader script, then the React wrapper (a lazily loaded chunk), and reports `ready` on
//! `chatkit.ready`, or `failed` with a cause (loader not loaded, `chatkit.error`, ready timeout):
//! the app then closes this window and the main window shows the built-in interface with a
//! notice. Until then the page says what it is doing; it is never blank.

import { useEffect, useMemo, useRef, useState, type ComponentType } from "react";
import { ShoppingBag } from "lucide-react";
import type { UseChatKitOptions } from "@openai/chatkit-react";
import { CartButton } from "../cart/CartButton";
import { CartPanel } from "../cart/CartPanel";
import { useCartController } from "../cart/cartContext";
import { createClientToolRunner } from "../cart/clientCartTools";
import { ToastStack, useToasts } from "../app/Toasts";
import type { Backend } from "../platform/backend";
import type { FetchLike } from "../transport/ipcFetch";
import { buildChatKitOptions } from "./chatkitOptions";
import { ChatKitLoadError, describeChatKitError, loadLoaderScript, ReadyWatch } from "./loader";

/** What `chatkit_window_options` returns. */
export interface WindowOptions {
  attempt: number;
  domain_key: string;
  ready_timeout_ms: number;
  loader_url: string;
}

type View = ComponentType<{ options: UseChatKitOptions }>;
type Phase = { kind: "loading" } | { kind: "mounted" } | { kind: "ready" } | { kind: "failed"; cause: string };

/** Loads the React wrapper's chunk (tests give their own). */
export const importView = (): Promise<View> => import("./ChatKitView").then((m) => m.ChatKitView);

export function ChatKitPage({ backend, fetch, window: win, loadView = importView }: { backend: Backend; fetch: FetchLike; window: WindowOptions; loadView?: () => Promise<View> }) {
  const cart = useCartController();
  const { toasts, push } = useToasts();
  const [cartOpen, setCartOpen] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [view, setView] = useState<{ View: View } | null>(null);
  // While ChatKit streams an answer (onResponseStart/End): the header says so.
  const [responding, setResponding] = useState(false);
  const watch = useRef<ReadyWatch | null>(null);

  const report = useMemo(
    () => (report: { outcome: "ready" } | { outcome: "failed"; cause: string }) =>
      backend.invoke("chatkit_window_report", { attempt: win.attempt, report }).catch((e) => console.error("chatkit: report failed", e)),
    [backend, win.attempt],
  );

  useEffect(() => {
    const w = new ReadyWatch(
      win.ready_timeout_ms,
      (cause) => {
        setPhase({ kind: "failed", cause });
        void report({ outcome: "failed", cause });
      },
      () => {
        setPhase({ kind: "ready" });
        void report({ outcome: "ready" });
      },
    );
    watch.current = w;
    let live = true;
    loadLoaderScript(win.loader_url)
      .then(loadView)
      .then((View) => {
        if (!live) return;
        setView({ View });
        setPhase((p) => (p.kind === "loading" ? { kind: "mounted" } : p));
      })
      .catch((e) => w.fail(e instanceof ChatKitLoadError ? e.cause : `the ChatKit component could not start (${String(e)})`));
    return () => {
      live = false;
      // An unmounted page (React's development double mount too) gives no verdict.
      w.cancel();
    };
  }, [win.loader_url, win.ready_timeout_ms, loadView, report]);

  const options = useMemo(
    () =>
      buildChatKitOptions({
        fetch,
        domainKey: win.domain_key,
        cart,
        // The assistant's cart tools, on this window's cart (the same runner as the built-in
        // interface's, `cart/clientCartTools.ts`).
        runClientTool: createClientToolRunner(cart),
        openCart: () => setCartOpen(true),
        notify: (m) => push(m),
        onResponse: setResponding,
        onReady: () => watch.current?.ready(),
        onError: (error) => {
          console.error("chatkit.error", error);
          watch.current?.fail(describeChatKitError(error));
        },
      }),
    [fetch, win.domain_key, cart, push],
  );

  return (
    <div className={`app chatkit-app${cartOpen ? " cart-is-open" : ""}`} data-phase={phase.kind} data-responding={responding}>
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            <ShoppingBag width={18} height={18} strokeWidth={2.2} />
          </span>
          <span className="brand-name">Shopdesk</span>
          <span className="chatkit-tag">{responding ? "ChatKit · answering…" : "ChatKit"}</span>
        </div>
        <div className="header-actions">
          <CartButton onClick={() => setCartOpen((o) => !o)} open={cartOpen} />
        </div>
      </header>
      <main className="chatkit-body">
        {phase.kind === "failed" ? (
          <p className="chatkit-phase" role="alert" id="chatkit-page-failed">
            ChatKit could not load: {phase.cause}. Switching to the built-in interface in the main window…
          </p>
        ) : (
          <>
            {phase.kind !== "ready" && (
              <p className="chatkit-phase" role="status" id="chatkit-page-loading">
                Loading the ChatKit web component from OpenAI…
              </p>
            )}
            {view && <view.View options={options} />}
          </>
        )}
      </main>
      <CartPanel open={cartOpen} onClose={() => setCartOpen(false)} />
      <ToastStack toasts={toasts} />
    </div>
  );
}
