//! The header's theme control: a button that opens a small menu of System / Light / Dark.
//! Why: the manual override of decision 17 must be one click away on every screen and work from
//! the keyboard like a native menu (arrows move, Enter/Space choose, Escape closes and gives
//! focus back to the button).

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Monitor, Moon, Sun } from "lucide-react";
import { THEME_CHOICES, THEME_LABELS, type ThemeChoice } from "./themeChoice";
import type { ThemeState } from "./useTheme";

const ICONS = { system: Monitor, light: Sun, dark: Moon } as const;

export function ThemeMenu({ theme }: { theme: ThemeState }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const Current = ICONS[theme.choice];

  useEffect(() => {
    if (!open) return;
    const checked = menu.current?.querySelector<HTMLElement>('[aria-checked="true"]');
    checked?.focus();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (c: ThemeChoice) => {
    theme.setChoice(c);
    close();
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (e.key === "ArrowDown") move(at + 1);
    else if (e.key === "ArrowUp") move(at - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(items.length - 1);
    else if (e.key === "Escape" || e.key === "Tab") close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="theme-menu-anchor">
      <button
        type="button"
        id="theme-button"
        ref={button}
        className="header-button icon-only"
        aria-label={`Theme: ${THEME_LABELS[theme.choice]}`}
        title={`Theme: ${THEME_LABELS[theme.choice]}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="theme-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Current width={18} height={18} />
      </button>
      {open && (
        <div id="theme-menu" className="theme-menu" role="menu" aria-label="Theme" ref={menu} onKeyDown={onMenuKey}>
          {THEME_CHOICES.map((c) => {
            const Icon = ICONS[c];
            return (
              <button
                key={c}
                type="button"
                role="menuitemradio"
                id={`theme-option-${c}`}
                aria-checked={theme.choice === c}
                tabIndex={theme.choice === c ? 0 : -1}
                className="theme-option"
                onClick={() => choose(c)}
              >
                <Icon width={16} height={16} aria-hidden />
                <span>{THEME_LABELS[c]}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
