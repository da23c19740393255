//! The cart drawer: one line per product with image, name, quantity stepper, remove and total.
//! Why: the cart must be visible and editable right where the user shops; every change goes
//! through the CartController (optimistic, then saved to `cart.json`).

import { memo } from "react";
import { Minus, Plus, ShoppingBag, Trash, X } from "lucide-react";
import { safeUrl } from "../widgets/safeUrl";
import { cartTotal, formatPrice, itemCount, lineTotal } from "./cartModel";
import { useCartController, useCartError, useCartLines } from "./cartContext";

export const CartPanel = memo(function CartPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const cart = useCartController();
  const lines = useCartLines();
  const error = useCartError();
  const count = itemCount(lines);
  return (
    <aside
      id="cart-panel"
      className={`cart-panel${open ? " is-open" : ""}`}
      aria-label="Shopping cart"
      aria-hidden={!open}
      inert={!open}
    >
      <header className="cart-panel-header">
        <div>
          <h2>Your cart</h2>
          <p className="cart-panel-sub">{count === 0 ? "No items yet" : `${count} item${count === 1 ? "" : "s"}`}</p>
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close cart">
          <X width={18} height={18} />
        </button>
      </header>
      {error && <div className="cart-error" role="alert">{error}</div>}
      {lines.length === 0 ? (
        <div className="cart-empty">
          <ShoppingBag width={40} height={40} strokeWidth={1.4} />
          <p>Your cart is empty.</p>
          <p className="muted">Ask the assistant to show you products, then add them here.</p>
        </div>
      ) : (
        <ul className="cart-lines">
          {lines.map((line) => {
            const img = safeUrl(line.image, "image");
            return (
              <li key={line.product_id} className="cart-line" data-product-id={line.product_id}>
                <div className="cart-line-image">
                  {img ? <img src={img} alt="" /> : <ShoppingBag width={20} height={20} />}
                </div>
                <div className="cart-line-main">
                  <div className="cart-line-top">
                    <span className="cart-line-name">{line.name}</span>
                    <span className="cart-line-total">{formatPrice(lineTotal(line))}</span>
                  </div>
                  <div className="cart-line-bottom">
                    <div className="stepper" role="group" aria-label={`Quantity of ${line.name}`}>
                      <button type="button" className="stepper-btn cart-dec" onClick={() => cart.decrement(line.product_id)} disabled={line.quantity <= 1} aria-label="Decrease quantity">
                        <Minus width={14} height={14} />
                      </button>
                      <span className="cart-qty" aria-live="polite">{line.quantity}</span>
                      <button type="button" className="stepper-btn cart-inc" onClick={() => cart.increment(line.product_id)} aria-label="Increase quantity">
                        <Plus width={14} height={14} />
                      </button>
                    </div>
                    <span className="cart-line-unit muted">{formatPrice(line.price)} each</span>
                    <button type="button" className="link-button cart-remove" onClick={() => cart.remove(line.product_id)} aria-label={`Remove ${line.name}`}>
                      <Trash width={14} height={14} /> Remove
                    </button>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <footer className="cart-panel-footer">
        <div className="cart-total-row">
          <span>Subtotal</span>
          <span id="cart-total">{formatPrice(cartTotal(lines))}</span>
        </div>
        <p className="muted small">Taxes and shipping are calculated at checkout.</p>
      </footer>
    </aside>
  );
});
