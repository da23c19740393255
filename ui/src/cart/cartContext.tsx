//! React access to the live cart.
//! Why: the header badge, the cart panel and the Add to Cart handler all read and change one
//! `CartController`; `useSyncExternalStore` re-renders them synchronously with the click.

import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { CartController } from "./cartController";
import type { CartLine } from "./cartModel";

const CartContext = createContext<CartController | null>(null);

export function CartProvider({ controller, children }: { controller: CartController; children: ReactNode }) {
  return <CartContext.Provider value={controller}>{children}</CartContext.Provider>;
}

export function useCartController(): CartController {
  const c = useContext(CartContext);
  if (!c) throw new Error("useCartController outside CartProvider");
  return c;
}

export function useCartLines(): CartLine[] {
  const c = useCartController();
  return useSyncExternalStore(c.subscribe, c.getLines, c.getLines);
}

export function useCartError(): string | null {
  const c = useCartController();
  return useSyncExternalStore(c.subscribe, c.getError, c.getError);
}
