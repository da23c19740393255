//! The keyboard-shortcut overlay (Ctrl+/ or ?): every shortcut of shortcutMap.ts with its keys.
//! Why: shortcuts nobody can find are not there; the overlay reads the same table the handler
//! obeys, so it cannot list a shortcut that does not work. A modal dialog: modalFocus.ts keeps
//! Tab inside it, Escape or the close button closes it and the focus goes back.

import { useEffect } from "react";
import { X } from "lucide-react";
import { SHORTCUTS, detectPlatform, formatCombo } from "./shortcutMap";

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const platform = detectPlatform();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal shortcut-help" role="dialog" aria-modal="true" aria-labelledby="shortcut-help-title" id="shortcut-help">
        <header className="modal-header">
          <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close keyboard shortcuts">
            <X width={18} height={18} />
          </button>
        </header>
        <table className="shortcut-table">
          <caption className="sr-only">Shortcuts and their keys</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Keys</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.id} data-shortcut={s.id}>
                <td>{s.label}</td>
                <td className="shortcut-keys">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && <span className="shortcut-or"> or </span>}
                      <kbd>{formatCombo(k, platform)}</kbd>
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="shortcut-note">Keys without Ctrl work when you are not typing; Esc also stops an answer from the message box.</p>
      </div>
    </div>
  );
}
