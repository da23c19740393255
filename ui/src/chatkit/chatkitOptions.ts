//! The options the official ChatKit web component is mounted with, built from the app's own
//! parts.
//! Why one builder: the component must behave like the built-in interface — same transport (the
//! IPC `fetch`, no HTTP server, no port), same cart controller for `cart.add` client actions and
//! for the `cart.cleared` / `cart.open` effects, same start-screen prompts, greeting and composer
//! hint, the app's colours — and it is typed with `@openai/chatkit`'s own `ChatKitOptions`
//! (pinned 1.9.0), so a drift in the official types breaks `tsc`, not the user. The event
//! handlers (`onReady`, `onError`, `onEffect`, `onResponseStart/End`) are added on top, typed
//! with `@openai/chatkit-react`'s `UseChatKitOptions`. Only types are imported here: the
//! component's code stays in the ChatKit window's lazily loaded chunk.

import type { ChatKitOptions, StartScreenPrompt, ThemeOption } from "@openai/chatkit";
import type { UseChatKitOptions } from "@openai/chatkit-react";
import { COMPOSER_PLACEHOLDER } from "../app/Composer";
import { createEffectDispatcher } from "../app/effects";
import { START_GREETING, START_PROMPTS } from "../app/StartScreen";
import { createClientActionHandler } from "../cart/cartActions";
import type { CartController } from "../cart/cartController";
import { cartEffectHandlers } from "../cart/cartEffects";
import type { ActionConfig } from "../protocol/widgets";
import type { FetchLike } from "../transport/ipcFetch";

/** `api.url` is never fetched (every request goes through `api.fetch`), but must be a URL. */
export const CHATKIT_API_URL = "https://shopdesk.invalid/chatkit";

export interface ChatKitDeps {
  /** The IPC transport (`createIpcFetch`). */
  fetch: FetchLike;
  domainKey: string;
  cart: CartController;
  /** `onClientTool`'s handler (the cart tools: `createClientToolRunner`). */
  runClientTool: (name: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;
  openCart: () => void;
  /** A short message for the user (a toast), e.g. "Added … to your cart". */
  notify: (message: string) => void;
  onReady: () => void;
  onError: (error: Error) => void;
  onResponse?: (streaming: boolean) => void;
  theme?: ThemeOption;
}

/** `Sparkles` → `lucide:sparkles`: the start prompts' lucide icons, by their component name. */
function lucideName(icon: { displayName?: string }): `lucide:${string}` | undefined {
  const name = icon.displayName;
  if (!name) return undefined;
  return `lucide:${name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}`;
}

/** The built-in start screen's prompts, as ChatKit's. */
export function startPrompts(): StartScreenPrompt[] {
  return START_PROMPTS.map(({ label, icon }) => {
    const name = lucideName(icon as { displayName?: string });
    return name ? { label, prompt: label, icon: name } : { label, prompt: label };
  });
}

/** The app's theme as ChatKit's: its colour scheme and primary colour (from the stylesheet). */
export function appTheme(root: Element = document.documentElement): ThemeOption {
  const style = getComputedStyle(root);
  const colorScheme = style.colorScheme.includes("dark") ? "dark" : "light";
  const primary = style.getPropertyValue("--sd-primary").trim() || "#4f46e5";
  return { colorScheme, radius: "round", density: "normal", color: { accent: { primary, level: 1 } } };
}

export function buildChatKitOptions(deps: ChatKitDeps): UseChatKitOptions {
  const onClientAction = createClientActionHandler(deps.cart);
  const dispatchEffect = createEffectDispatcher(cartEffectHandlers(deps.cart, deps.openCart));
  const options: ChatKitOptions = {
    api: { url: CHATKIT_API_URL, domainKey: deps.domainKey, fetch: deps.fetch },
    theme: deps.theme ?? appTheme(),
    frameTitle: "Shopdesk chat (ChatKit)",
    header: { enabled: true, title: { enabled: true, text: "Shopdesk" } },
    history: { enabled: true, showDelete: true, showRename: true },
    startScreen: { greeting: START_GREETING, prompts: startPrompts() },
    threadItemActions: { feedback: true, retry: true },
    composer: { placeholder: COMPOSER_PLACEHOLDER },
    onClientTool: ({ name, params }) => deps.runClientTool(name, params),
    widgets: {
      // Client actions only (`handler: "client"`): `cart.add` changes the cart here, with no
      // ChatKit request; server actions never reach this handler.
      onAction: async (action) => {
        const result = onClientAction(action as ActionConfig, null);
        if (result.handled) {
          if (result.message) deps.notify(result.message);
        } else {
          console.warn(`client action ignored: ${result.reason}`);
          deps.notify("That action is not available here.");
        }
      },
    },
  };
  return {
    ...options,
    onReady: () => deps.onReady(),
    onError: ({ error }) => deps.onError(error),
    onEffect: ({ name, data }) => dispatchEffect({ type: "client_effect", name, data: data ?? {} }),
    onResponseStart: () => deps.onResponse?.(true),
    onResponseEnd: () => deps.onResponse?.(false),
  };
}
