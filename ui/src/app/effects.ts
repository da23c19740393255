//! Client effects (`client_effect` events): fire-and-forget messages from the server to the page.
//! Why: the server may ask the page to do something (refresh the cart, highlight a product).
//! Handlers register by effect name; every effect is also re-dispatched as a DOM event
//! (`shopdesk:effect`) so other parts of the page can listen without a dependency on this module.

import type { ClientEffectEvent } from "../protocol/types";

export type EffectHandler = (data: Record<string, unknown>) => void;

export function createEffectDispatcher(handlers: Record<string, EffectHandler>) {
  return function dispatchEffect(effect: ClientEffectEvent): void {
    const handler = handlers[effect.name];
    try {
      handler?.(effect.data ?? {});
    } catch (e) {
      console.error(`client effect ${effect.name} failed`, e);
    }
    if (typeof window !== "undefined") {
      window.dispatchEvent(new CustomEvent("shopdesk:effect", { detail: { name: effect.name, data: effect.data ?? {} } }));
    }
  };
}
