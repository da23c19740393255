//! Named places a shortcut moves the focus to ("history-search", "composer").
//! Why: the shortcut handler must not know how other parts build their inputs. A part offers an
//! element either by marking it — `data-shortcut-target="history-search"` on the element — or by
//! registering a getter (`registerFocusTarget`) when it cannot carry the attribute; the handler
//! asks `focusTarget(name)`, which tries the getter, then the attribute, then the fallbacks the
//! caller names (e.g. the conversation list itself while no search box exists).

export type FocusTargetName = "history-search" | "composer";

export const SHORTCUT_TARGET_ATTR = "data-shortcut-target";

const registry = new Map<FocusTargetName, () => HTMLElement | null>();

/** Offers `get()`'s element as `name`; returns the unregister. The latest registration wins. */
export function registerFocusTarget(name: FocusTargetName, get: () => HTMLElement | null): () => void {
  registry.set(name, get);
  return () => {
    if (registry.get(name) === get) registry.delete(name);
  };
}

function usable(el: Element | null | undefined): el is HTMLElement {
  if (!(el instanceof HTMLElement) || !el.isConnected) return false;
  if ((el as HTMLInputElement).disabled) return false;
  return !el.closest("[inert], [hidden], [aria-hidden='true']");
}

/** The element offered as `name`, else the first usable match of `fallbacks`. */
export function findFocusTarget(name: FocusTargetName, fallbacks: readonly string[] = [], doc: Document = document): HTMLElement | null {
  const registered = registry.get(name)?.();
  if (usable(registered)) return registered;
  const marked = Array.from(doc.querySelectorAll(`[${SHORTCUT_TARGET_ATTR}="${name}"]`)).find(usable);
  if (marked) return marked;
  for (const css of fallbacks) {
    const el = Array.from(doc.querySelectorAll(css)).find(usable);
    if (el) return el;
  }
  return null;
}

/** Focuses (and, for a text field, selects) the target; false when there is none. */
export function focusTarget(name: FocusTargetName, fallbacks: readonly string[] = [], doc: Document = document): boolean {
  const el = findFocusTarget(name, fallbacks, doc);
  if (!el) return false;
  el.focus();
  if (el instanceof HTMLInputElement && name === "history-search") el.select();
  return doc.activeElement === el;
}
