//! The header's cart button with the item-count badge (`#cart-badge`).
//! Why: the badge is the immediate feedback of Add to Cart; it re-renders synchronously with the
//! click through the cart store subscription.

import { ShoppingCart } from "lucide-react";
import { itemCount } from "./cartModel";
import { useCartLines } from "./cartContext";

export function CartButton({ onClick, open }: { onClick: () => void; open: boolean }) {
  const count = itemCount(useCartLines());
  return (
    <button type="button" className={`header-button cart-button${open ? " is-active" : ""}`} onClick={onClick} aria-label={`Cart, ${count} items`} aria-expanded={open} aria-controls="cart-panel">
      <ShoppingCart width={18} height={18} />
      <span>Cart</span>
      <span id="cart-badge" className={`cart-badge${count === 0 ? " is-empty" : ""}`} key={count} data-count={count}>
        {count}
      </span>
    </button>
  );
}
