//! Which side panels are open — the conversation list (history) and the cart — at a window width.
//! Why: nothing may ever cover the composer or the cart badge (issue 13, item 6). So the panels
//! never float over the conversation: each takes its own column, and the conversation keeps at
//! least `CONVERSATION_MIN` pixels. When both panels would not fit beside it, opening one closes
//! the other. Below `NARROW_BELOW` the history is a drawer: closed at start, and it closes again
//! after a choice (opening a conversation or starting a new one). The widths here are the CSS
//! widths of styles/app.css (`--history-w`, `--cart-w`).

export const HISTORY_WIDTH = 264;
/** The cart's width; styles/app.css narrows it to leave the conversation its minimum. */
export const CART_WIDTH = 380;
export const CONVERSATION_MIN = 340;
export const NARROW_BELOW = 1000;

export type PanelName = "history" | "cart";
export interface Panels {
  history: boolean;
  cart: boolean;
}

export function isNarrow(width: number): boolean {
  return width < NARROW_BELOW;
}

/** Whether `panels` leave the conversation its minimum width at `width`. */
export function fits(panels: Panels, width: number): boolean {
  const used = (panels.history ? HISTORY_WIDTH : 0) + (panels.cart ? CART_WIDTH : 0);
  return width - used >= CONVERSATION_MIN || !(panels.history && panels.cart);
}

export function initialPanels(width: number): Panels {
  return { history: !isNarrow(width), cart: false };
}

/** `name` opened or closed; opening closes the other panel when both would not fit. */
export function setPanel(panels: Panels, name: PanelName, open: boolean, width: number): Panels {
  const next = { ...panels, [name]: open };
  if (open && !fits(next, width)) next[name === "history" ? "cart" : "history"] = false;
  return next;
}

export function togglePanel(panels: Panels, name: PanelName, width: number): Panels {
  return setPanel(panels, name, !panels[name], width);
}

/** After the user chose a conversation (or a new one): the drawer closes in a narrow window. */
export function afterHistoryChoice(panels: Panels, width: number): Panels {
  return isNarrow(width) && panels.history ? { ...panels, history: false } : panels;
}

/** After the window was resized to `width`: when both no longer fit, the history gives way
 * (the cart is what the user opened last, or is about to pay from). */
export function afterResize(panels: Panels, width: number): Panels {
  return fits(panels, width) ? panels : { ...panels, history: false };
}
