//! Where the theme choice is kept across restarts.
//! Why: in the app the choice is a UI preference like the chat interface: the core keeps it in
//! `settings.json` (key `appearance`, `src-tauri/src/appearance.rs`) through `get_appearance` /
//! `save_appearance`, so it survives a restart and a cleared webview cache. In a browser there
//! is no core of ours, so `localStorage` keeps it. Either way a copy sits in `localStorage`
//! (`FIRST_PAINT_KEY`) only so that main.tsx can paint the right theme before the core answers;
//! the core's value wins once it arrives.

import type { Backend } from "../platform/backend";
import { parseThemeChoice, type ThemeChoice } from "./themeChoice";

/** The `localStorage` key of the first-paint copy (and of the choice itself in a browser). */
export const FIRST_PAINT_KEY = "shopdesk.theme";

export interface ThemeStorage {
  load(): Promise<ThemeChoice>;
  save(choice: ThemeChoice): Promise<ThemeChoice>;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

/** The choice of the last paint, read synchronously ("system" when there is none). */
export function firstPaintChoice(): ThemeChoice {
  try {
    return parseThemeChoice(storage()?.getItem(FIRST_PAINT_KEY));
  } catch {
    return "system";
  }
}

function rememberForFirstPaint(choice: ThemeChoice): void {
  try {
    storage()?.setItem(FIRST_PAINT_KEY, choice);
  } catch {
    // quota or privacy mode: the next start paints "system" first, then the core's choice
  }
}

/** The app's store: the core's settings, through its two commands. */
export function createCoreThemeStorage(backend: Backend): ThemeStorage {
  const read = (raw: unknown) => {
    const choice = parseThemeChoice((raw as { theme?: unknown } | null)?.theme);
    rememberForFirstPaint(choice);
    return choice;
  };
  return {
    load: async () => read(await backend.invoke("get_appearance")),
    save: async (choice) => read(await backend.invoke("save_appearance", { appearance: { theme: choice } })),
  };
}

/** A browser's store: `localStorage` only. */
export function createLocalThemeStorage(): ThemeStorage {
  return {
    load: async () => firstPaintChoice(),
    save: async (choice) => {
      rememberForFirstPaint(choice);
      return choice;
    },
  };
}
