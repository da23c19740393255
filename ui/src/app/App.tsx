//! The application shell: header, history sidebar, conversation, composer, cart drawer, settings.
//! Why: wires the chat controller, the cart and the client-action handler together; everything
//! else is presentational. `backend` is the app core's own commands (settings, start-up report);
//! in a browser it is null — the model is configured on `server` — and `pageNotices` are what the
//! page itself set aside at start.

import { useCallback, useMemo, useState } from "react";
import type { ChatKitClient } from "../client/chatkitClient";
import type { Backend } from "../platform/backend";
import type { StartupNotice } from "./startupApi";
import { createClientActionHandler } from "../cart/cartActions";
import { createClientToolRunner } from "../cart/clientCartTools";
import { CartPanel } from "../cart/CartPanel";
import { cartEffectHandlers } from "../cart/cartEffects";
import { useCartController } from "../cart/cartContext";
import type { ClientEffectEvent, WidgetItem } from "../protocol/types";
import type { ActionConfig } from "../protocol/widgets";
import { Composer } from "./Composer";
import { createEffectDispatcher } from "./effects";
import { Header } from "./Header";
import { SettingsModal } from "./SettingsModal";
import { Sidebar } from "./Sidebar";
import { StartScreen } from "./StartScreen";
import { StartupNotices } from "./StartupNotices";
import { ChatKitNotice } from "../chatkit/ChatKitNotice";
import { ThreadView } from "./ThreadView";
import { ExportButtons } from "../history/ExportButtons";
import { ToastStack, useToasts } from "./Toasts";
import { useChat } from "./useChat";

export function App({ client, backend, server = null, pageNotices }: { client: ChatKitClient; backend: Backend | null; server?: string | null; pageNotices?: readonly StartupNotice[] }) {
  const cart = useCartController();
  const { toasts, push } = useToasts();
  const [cartOpen, setCartOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [sidebarOpen, setSidebarOpen] = useState(true);

  const handleClientAction = useMemo(() => createClientActionHandler(cart), [cart]);
  const onClientAction = useCallback(
    (action: ActionConfig, item: WidgetItem | null) => {
      const result = handleClientAction(action, item);
      if (result.handled) {
        if (result.message) push(result.message);
      } else {
        console.warn(`client action ignored: ${result.reason}`);
        push("That action is not available here.", "info");
      }
    },
    [handleClientAction, push],
  );
  const onEffect = useMemo(
    () =>
      createEffectDispatcher(cartEffectHandlers(cart, () => setCartOpen(true))) as (e: ClientEffectEvent) => void,
    [cart],
  );

  // The assistant's cart tools run on the same cart as the buttons (Contract 5).
  const onClientTool = useMemo(() => createClientToolRunner(cart), [cart]);
  const chat = useChat({ client, onClientAction, onEffect, onClientTool });
  const { state } = chat;
  const { feedback, retry } = chat;
  const onFeedback = useCallback(
    (id: string, kind: "positive" | "negative") => void feedback(id, kind).catch(() => push("Could not send feedback.", "info")),
    [feedback, push],
  );
  const onRetry = useCallback(() => void retry(), [retry]);
  const status = state.thread?.status;
  const disabledReason =
    status?.type === "locked" ? status.reason ?? "This conversation is locked." : status?.type === "closed" ? status.reason ?? "This conversation is closed." : undefined;
  const empty = state.items.length === 0 && !chat.streaming && !chat.openingThread;

  return (
    <div className={`app${cartOpen ? " cart-is-open" : ""}`}>
      <Header cartOpen={cartOpen} onToggleCart={() => setCartOpen((o) => !o)} onOpenSettings={backend ? () => setSettingsOpen(true) : null} server={server} onToggleSidebar={() => setSidebarOpen((o) => !o)} />
      <div className="app-body">
        <Sidebar
          open={sidebarOpen}
          threads={chat.history}
          activeId={chat.threadId}
          loading={chat.historyLoading}
          error={chat.historyError}
          backend={backend}
          hasMore={chat.historyHasMore}
          onLoadMore={() => void chat.loadMoreHistory()}
          onNew={chat.newThread}
          onOpen={(id) => void chat.openThread(id)}
          onDelete={(id) => void chat.deleteThread(id)}
          onRename={(id, title) => void chat.renameThread(id, title)}
        />
        <main className="conversation">
          {state.thread && !empty && (state.thread.title || backend) && (
            <div className="conversation-title">
              {state.thread.title}
              {backend && <ExportButtons backend={backend} threadId={state.thread.id} onResult={push} />}
            </div>
          )}
          {empty ? (
            <div className="thread-scroller">
              <StartScreen onPrompt={(t) => void chat.send(t)} disabled={chat.streaming} />
              {state.error && (
                <div className="thread">
                  <div className="error-banner" role="alert">{state.error.message ?? "Something went wrong."}</div>
                </div>
              )}
            </div>
          ) : (
            <ThreadView
              state={state}
              streaming={chat.streaming}
              onWidgetAction={chat.onWidgetAction}
              onFeedback={onFeedback}
              onRetry={onRetry}
              onDismissNotice={chat.dismissNotice}
              onDismissError={chat.dismissError}
              hasOlder={chat.hasOlder}
              loadingOlder={chat.loadingOlder}
              onLoadOlder={() => void chat.loadOlder()}
            />
          )}
          {state.thread?.status.type === "closed" ? (
            <div className="closed-banner">{disabledReason}</div>
          ) : (
            <div className="composer-wrap">
              <Composer streaming={chat.streaming} allowCancel={state.allowCancel} disabledReason={disabledReason} onSend={(t) => void chat.send(t)} onStop={chat.stop} focusKey={chat.threadId} />
              <p className="composer-note">Shopdesk can make mistakes. Check prices before you buy.</p>
            </div>
          )}
        </main>
      </div>
      <CartPanel open={cartOpen} onClose={() => setCartOpen(false)} />
      {settingsOpen && backend && <SettingsModal backend={backend} onClose={() => setSettingsOpen(false)} />}
      <ToastStack toasts={toasts} />
      <StartupNotices backend={backend} pageNotices={pageNotices} />
      {backend && <ChatKitNotice backend={backend} />}
    </div>
  );
}
