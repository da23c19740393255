//! The application shell: header, history sidebar, conversation, composer, cart drawer, settings.
//! Why: wires the chat controller, the cart and the client-action handler together; everything
//! else is presentational. `backend` is the app core's own commands (settings, start-up report);
//! in a browser it is null — the model is configured on `server` — and `pageNotices` are what the
//! page itself set aside at start.

import { useCallback, useEffect, useMemo, useState } from "react";
import type { ChatKitClient } from "../client/chatkitClient";
import type { Backend } from "../platform/backend";
import type { StartupNotice } from "./startupApi";
import { createClientActionHandler } from "../cart/cartActions";
import { CLIENT_TOOL_NAMES, createClientToolRunner } from "../cart/clientCartTools";
import { ClientToolRegistry } from "../items/clientToolRegistry";
import { CartPanel } from "../cart/CartPanel";
import { cartEffectHandlers } from "../cart/cartEffects";
import { useCartController } from "../cart/cartContext";
import type { Attachment, ClientEffectEvent, WidgetItem } from "../protocol/types";
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
import { usePanels } from "../layout/usePanels";
import { ShortcutHelp } from "../shortcuts/ShortcutHelp";
import { focusTarget } from "../shortcuts/focusTargets";
import { installModalFocus } from "../shortcuts/modalFocus";
import { useShortcuts } from "../shortcuts/useShortcuts";
import { createCoreThemeStorage, createLocalThemeStorage } from "../theme/themeStorage";
import { useTheme } from "../theme/useTheme";
import { createTransfer } from "../attachments/transfer";
import { TransferContext } from "../attachments/AttachmentChips";
import { useAttachments } from "../attachments/useAttachments";
import { ItemActionsContext } from "../items/itemContext";

export function App({ client, backend, server = null, pageNotices }: { client: ChatKitClient; backend: Backend | null; server?: string | null; pageNotices?: readonly StartupNotice[] }) {
  const cart = useCartController();
  const { toasts, push } = useToasts();
  // Desktop habits (docs/ARCHITECTURE.md, decision 17): side panels that never cover the
  // composer, the theme, shortcuts and their overlay, focus kept inside open dialogs.
  const panels = usePanels();
  const { set: setPanel, toggle: togglePanel, chose: choseFromHistory } = panels;
  const cartOpen = panels.cart;
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const themeStorage = useMemo(() => (backend ? createCoreThemeStorage(backend) : createLocalThemeStorage()), [backend]);
  const themeError = useCallback((message: string) => push(message, "info"), [push]);
  const theme = useTheme(themeStorage, themeError);
  useEffect(() => installModalFocus(), []);

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
      createEffectDispatcher(cartEffectHandlers(cart, () => setPanel("cart", true))) as (e: ClientEffectEvent) => void,
    [cart, setPanel],
  );

  // The client tools the assistant may call; the cart tools run on the same cart as the buttons (Contract 5).
  const onClientTool = useMemo(() => {
    const registry = new ClientToolRegistry();
    const cartTools = createClientToolRunner(cart);
    for (const name of CLIENT_TOOL_NAMES) registry.register(name, (params) => cartTools(name, params));
    return registry.run;
  }, [cart]);
  const chat = useChat({ client, onClientAction, onEffect, onClientTool });
  // Attachments upload through the core in the app, over HTTP in a browser (Contract 9).
  const transfer = useMemo(() => createTransfer(backend), [backend]);
  const attachments = useAttachments(client, transfer);
  const itemActions = useMemo(() => ({ busy: chat.streaming, submitStructuredInput: chat.submitStructuredInput }), [chat.streaming, chat.submitStructuredInput]);
  const { state } = chat;
  const { feedback, retry, loadOlder } = chat;
  const onFeedback = useCallback(
    (id: string, kind: "positive" | "negative") => void feedback(id, kind).catch(() => push("Could not send feedback.", "info")),
    [feedback, push],
  );
  const onRetry = useCallback(() => void retry(), [retry]);
  // Stable, so that ThreadView (memo) draws again only when its state does.
  const onLoadOlder = useCallback(() => void loadOlder(), [loadOlder]);
  const status = state.thread?.status;
  const disabledReason =
    status?.type === "locked" ? status.reason ?? "This conversation is locked." : status?.type === "closed" ? status.reason ?? "This conversation is closed." : undefined;
  const empty = state.items.length === 0 && !chat.streaming && !chat.openingThread;

  const { newThread, openThread, stop, send, loadMoreHistory, deleteThread, renameThread } = chat;
  // The shell's own handlers are stable too: Header, Sidebar, Composer and the rest are memo
  // components, so a streamed event draws the thread view and nothing else (issue 14, item 2).
  const toggleCart = useCallback(() => togglePanel("cart"), [togglePanel]);
  const closeCart = useCallback(() => setPanel("cart", false), [setPanel]);
  const toggleHistory = useCallback(() => togglePanel("history"), [togglePanel]);
  const openSettings = useCallback(() => setSettingsOpen(true), []);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const onLoadMoreHistory = useCallback(() => void loadMoreHistory(), [loadMoreHistory]);
  const onDeleteThread = useCallback((id: string) => void deleteThread(id), [deleteThread]);
  const onRenameThread = useCallback((id: string, title: string) => void renameThread(id, title), [renameThread]);
  const onPrompt = useCallback((t: string) => void send(t), [send]);
  const onSend = useCallback((t: string, a: Attachment[]) => void send(t, a), [send]);
  const startNew = useCallback(() => {
    newThread();
    choseFromHistory();
  }, [newThread, choseFromHistory]);
  const openFromHistory = useCallback(
    (id: string) => {
      void openThread(id);
      choseFromHistory();
    },
    [openThread, choseFromHistory],
  );
  useShortcuts(
    {
      "new-conversation": () => {
        startNew();
        focusTarget("composer", ["#composer-input"]);
      },
      "focus-search": () => {
        setPanel("history", true);
        // The search box once it exists (data-shortcut-target="history-search"), until then the
        // conversation list itself; after React shows the panel.
        requestAnimationFrame(() => focusTarget("history-search", [".history-item.is-active .history-open", ".history-open", "#new-thread"]));
      },
      "focus-composer": () => focusTarget("composer", ["#composer-input"]),
      stop: () => stop(),
      "toggle-history": () => togglePanel("history"),
      settings: () => backend && setSettingsOpen(true),
      help: () => setShortcutsOpen(true),
    },
    chat.streaming && state.allowCancel,
  );

  return (
    <TransferContext.Provider value={transfer}>
    <ItemActionsContext.Provider value={itemActions}>
    <div className={`app${cartOpen ? " cart-is-open" : ""}`}>
      <Header
        cartOpen={cartOpen}
        onToggleCart={toggleCart}
        onOpenSettings={backend ? openSettings : null}
        server={server}
        sidebarOpen={panels.history}
        onToggleSidebar={toggleHistory}
        theme={theme}
        onOpenShortcuts={openShortcuts}
      />
      <div className="app-body">
        <Sidebar
          open={panels.history}
          threads={chat.history}
          activeId={chat.threadId}
          loading={chat.historyLoading}
          error={chat.historyError}
          backend={backend}
          hasMore={chat.historyHasMore}
          onLoadMore={onLoadMoreHistory}
          onNew={startNew}
          onOpen={openFromHistory}
          onDelete={onDeleteThread}
          onRename={onRenameThread}
        />
        <main className="conversation">
          {/* In the flow, above the conversation: a notice never covers what it is about. */}
          <div className="app-notices">
            <StartupNotices backend={backend} pageNotices={pageNotices} />
            {backend && <ChatKitNotice backend={backend} />}
          </div>
          {state.thread && !empty && (state.thread.title || backend) && (
            <div className="conversation-title">
              {state.thread.title}
              {backend && <ExportButtons backend={backend} threadId={state.thread.id} onResult={push} />}
            </div>
          )}
          {empty ? (
            <div className="thread-scroller">
              <StartScreen onPrompt={onPrompt} disabled={chat.streaming} />
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
              onLoadOlder={onLoadOlder}
            />
          )}
          {state.thread?.status.type === "closed" ? (
            <div className="closed-banner">{disabledReason}</div>
          ) : (
            <div className="composer-wrap">
              <Composer streaming={chat.streaming} allowCancel={state.allowCancel} disabledReason={disabledReason} onSend={onSend} onStop={stop} focusKey={chat.threadId} attachments={attachments} />
              <p className="composer-note">Shopdesk can make mistakes. Check prices before you buy.</p>
            </div>
          )}
        </main>
      </div>
      <CartPanel open={cartOpen} onClose={closeCart} />
      {settingsOpen && backend && <SettingsModal backend={backend} onClose={() => setSettingsOpen(false)} />}
      {shortcutsOpen && <ShortcutHelp onClose={() => setShortcutsOpen(false)} />}
      <ToastStack toasts={toasts} />
    </div>
    </ItemActionsContext.Provider>
    </TransferContext.Provider>
  );
}
