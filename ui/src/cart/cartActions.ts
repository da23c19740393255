//! The page's handler for client-side widget actions (`handler: "client"`).
//! Why: `cart.add` must never reach the ChatKit server (docs/ARCHITECTURE.md, decision 4): it changes the cart
//! here and now. Other client actions are reported back to the caller as unhandled.

import type { WidgetItem } from "../protocol/types";
import type { ActionConfig } from "../protocol/widgets";
import { parseProduct } from "./cartModel";
import type { CartController } from "./cartController";

export type ClientActionResult = { handled: true; message?: string } | { handled: false; reason: string };

export function createClientActionHandler(cart: CartController) {
  return function onAction(action: ActionConfig, _widgetItem: WidgetItem | null): ClientActionResult {
    switch (action.type) {
      case "cart.add": {
        const product = parseProduct(action.payload);
        if (!product) return { handled: false, reason: "cart.add without a valid product payload" };
        cart.add(product);
        return { handled: true, message: `Added ${product.name} to your cart` };
      }
      default:
        return { handled: false, reason: `no client handler for "${action.type}"` };
    }
  };
}
