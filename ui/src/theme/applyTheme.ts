//! Paints the page in a theme: `data-theme` on <html>, which styles/base.css turns into the
//! root's `color-scheme` (every colour there is a `light-dark()` pair), and follows the system
//! while the choice is "system".
//! Why its own module: main.tsx must paint before React's first render (no flash of the wrong
//! theme), and the theme hook repaints on every change; both go through `applyTheme`.

import { resolveTheme, type ResolvedTheme, type ThemeChoice } from "./themeChoice";

const DARK_QUERY = "(prefers-color-scheme: dark)";

function darkQuery(): MediaQueryList | null {
  return typeof window !== "undefined" && typeof window.matchMedia === "function" ? window.matchMedia(DARK_QUERY) : null;
}

/** Whether the system asks for dark colours now (false where it cannot say). */
export function systemPrefersDark(): boolean {
  return darkQuery()?.matches ?? false;
}

/** Sets the page's theme for `choice` and returns the theme painted. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): ResolvedTheme {
  const theme = resolveTheme(choice, systemPrefersDark());
  root.dataset.theme = theme;
  root.dataset.themeChoice = choice;
  return theme;
}

/** Calls `onChange` whenever the system's preference changes; returns the unsubscribe. */
export function watchSystemTheme(onChange: () => void): () => void {
  const query = darkQuery();
  if (!query) return () => {};
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}
