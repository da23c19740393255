//! Keeps the keyboard inside an open modal dialog, for every dialog of the page.
//! Why: a modal (`role="dialog"` + `aria-modal="true"`: settings, the shortcut overlay, any
//! later confirm) must hold the focus while it is open and give it back when it closes, or a
//! keyboard user tabs into the page behind it. One document-level guard does it for all of them,
//! so a dialog needs no code of its own: when one appears the focus moves into it (unless
//! something in it already has it), Tab and Shift+Tab cycle inside the top-most one, focus that
//! lands outside is pulled back, and when it goes the focus returns where it was before.
//! Escape stays each dialog's own (it knows how to close itself).

const DIALOG = '[role="dialog"][aria-modal="true"], [role="alertdialog"][aria-modal="true"]';
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The dialog on top (the last one in document order), or null. */
export function topDialog(doc: Document = document): HTMLElement | null {
  const all = doc.querySelectorAll<HTMLElement>(DIALOG);
  return all.length ? all[all.length - 1] : null;
}

/** The elements of `root` Tab reaches, in order. */
export function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest("[inert], [hidden]"));
}

function focusInto(dialog: HTMLElement): void {
  const first = focusables(dialog)[0];
  if (first) first.focus();
  else {
    if (!dialog.hasAttribute("tabindex")) dialog.setAttribute("tabindex", "-1");
    dialog.focus();
  }
}

/** Installs the guard on `doc`; returns its removal. */
export function installModalFocus(doc: Document = document): () => void {
  let current: HTMLElement | null = null;
  let returnTo: HTMLElement | null = null;

  const sync = () => {
    const top = topDialog(doc);
    if (top === current) return;
    if (top && !current) returnTo = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
    const closed = current && !top;
    current = top;
    if (top && !top.contains(doc.activeElement)) focusInto(top);
    if (closed) {
      const back = returnTo;
      returnTo = null;
      if (back?.isConnected && (doc.activeElement === doc.body || doc.activeElement === null)) back.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Tab") return;
    const dialog = topDialog(doc);
    if (!dialog) return;
    const items = focusables(dialog);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = doc.activeElement;
    if (!dialog.contains(active)) {
      e.preventDefault();
      first.focus();
    } else if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const onFocusIn = (e: FocusEvent) => {
    const dialog = topDialog(doc);
    if (dialog && e.target instanceof Node && !dialog.contains(e.target)) focusInto(dialog);
  };

  const observer = new MutationObserver(sync);
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-modal", "role"] });
  doc.addEventListener("keydown", onKeyDown, true);
  doc.addEventListener("focusin", onFocusIn);
  sync();
  return () => {
    observer.disconnect();
    doc.removeEventListener("keydown", onKeyDown, true);
    doc.removeEventListener("focusin", onFocusIn);
  };
}
