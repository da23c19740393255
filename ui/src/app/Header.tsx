//! The top bar: brand, cart button with badge, settings.
//! Why: the cart count and settings must be reachable from every screen. In a browser the model
//! is configured on the server, so there is no settings button: the bar names the server instead.

import { Settings, ShoppingBag, PanelLeft } from "lucide-react";
import { CartButton } from "../cart/CartButton";

export function Header(props: { cartOpen: boolean; onToggleCart: () => void; onOpenSettings: (() => void) | null; server: string | null; onToggleSidebar: () => void }) {
  return (
    <header className="app-header">
      <div className="brand">
        <button type="button" className="icon-button sidebar-toggle" onClick={props.onToggleSidebar} aria-label="Toggle conversation list">
          <PanelLeft width={18} height={18} />
        </button>
        <span className="brand-mark" aria-hidden>
          <ShoppingBag width={18} height={18} strokeWidth={2.2} />
        </span>
        <span className="brand-name">Shopdesk</span>
      </div>
      <div className="header-actions">
        {props.server && (
          <span id="server-note" className="server-note" title="The model and its settings are configured on this server">
            {props.server}
          </span>
        )}
        <CartButton onClick={props.onToggleCart} open={props.cartOpen} />
        {props.onOpenSettings && (
          <button type="button" id="settings-button" className="header-button icon-only" onClick={props.onOpenSettings} aria-label="Settings">
            <Settings width={18} height={18} />
          </button>
        )}
      </div>
    </header>
  );
}
