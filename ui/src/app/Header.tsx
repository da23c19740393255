//! The top bar: conversation-list toggle, brand, theme, keyboard shortcuts, cart button with
//! badge, settings.
//! Why: the cart count, the theme and settings must be reachable from every screen, and the bar
//! is never covered (the side panels sit below it, layout/panels.ts). In a browser the model is
//! configured on the server, so there is no settings button: the bar names the server instead.
//! It is the page's `banner` landmark; every button has a name, the toggles say whether their
//! panel is open.

import { memo } from "react";
import { Keyboard, PanelLeft, Settings, ShoppingBag } from "lucide-react";
import { CartButton } from "../cart/CartButton";
import { ThemeMenu } from "../theme/ThemeMenu";
import type { ThemeState } from "../theme/useTheme";

export interface HeaderProps {
  cartOpen: boolean;
  onToggleCart: () => void;
  onOpenSettings: (() => void) | null;
  server: string | null;
  sidebarOpen: boolean;
  onToggleSidebar: () => void;
  theme: ThemeState;
  onOpenShortcuts: () => void;
}

export const Header = memo(function Header(props: HeaderProps) {
  return (
    <header className="app-header">
      <div className="brand">
        <button
          type="button"
          id="sidebar-toggle"
          className={`icon-button sidebar-toggle${props.sidebarOpen ? " is-active" : ""}`}
          onClick={props.onToggleSidebar}
          aria-label="Conversation list"
          aria-expanded={props.sidebarOpen}
          title="Conversation list (Ctrl+B)"
        >
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
        <ThemeMenu theme={props.theme} />
        <button type="button" id="shortcuts-button" className="header-button icon-only" onClick={props.onOpenShortcuts} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (Ctrl+/)">
          <Keyboard width={18} height={18} />
        </button>
        <CartButton onClick={props.onToggleCart} open={props.cartOpen} />
        {props.onOpenSettings && (
          <button type="button" id="settings-button" className="header-button icon-only" onClick={props.onOpenSettings} aria-label="Settings" title="Settings (Ctrl+,)">
            <Settings width={18} height={18} />
          </button>
        )}
      </div>
    </header>
  );
});
