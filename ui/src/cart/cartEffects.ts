//! The cart's client effects (`client_effect` events from the server), for both interfaces.
//! Why: the built-in interface and the ChatKit web component hear the same effects (after
//! Checkout the server sends `cart.cleared`: the order owns the lines now) and must do the same
//! thing with the same cart; one table keeps them from drifting apart.

import type { EffectHandler } from "../app/effects";
import type { CartController } from "./cartController";

export function cartEffectHandlers(cart: CartController, openCart: () => void): Record<string, EffectHandler> {
  return {
    "cart.open": () => openCart(),
    "cart.cleared": () => cart.clear(),
  };
}
