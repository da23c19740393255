//! Listens for the shortcuts of shortcutMap.ts on the window and runs their handlers.
//! Why: one listener for the whole page, in the bubble phase, so a control that uses a key
//! itself (a menu's arrows, a dialog's Escape) stops it first; the latest handlers are read from
//! a ref, so the listener is added once.

import { useEffect, useRef } from "react";
import { detectPlatform, resolveShortcut, type ShortcutId } from "./shortcutMap";

export type ShortcutHandlers = Partial<Record<ShortcutId, () => void>>;

/** Whether `el` takes typed text (where plain keys must type, not trigger). */
export function isTextField(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !/^(button|checkbox|radio|submit|reset|range|color|file|image)$/.test(el.type);
  return false;
}

/** Whether a modal dialog is open in `doc`. */
export function dialogOpen(doc: Document = document): boolean {
  return doc.querySelector('[role="dialog"][aria-modal="true"], [role="alertdialog"][aria-modal="true"]') !== null;
}

export function useShortcuts(handlers: ShortcutHandlers, streaming: boolean): void {
  const latest = useRef({ handlers, streaming });
  latest.current = { handlers, streaming };

  useEffect(() => {
    const platform = detectPlatform();
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = (e.target instanceof Element ? e.target : null) ?? document.activeElement;
      const id = resolveShortcut(e, {
        platform,
        inTextField: isTextField(target),
        inComposer: target instanceof HTMLElement && target.id === "composer-input",
        dialogOpen: dialogOpen(),
        streaming: latest.current.streaming,
      });
      const run = id ? latest.current.handlers[id] : undefined;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
