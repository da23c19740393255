//! The theme as React state: the choice, the theme painted, and a setter that paints at once
//! and saves.
//! Why: the header's menu needs the current choice; the page must repaint when the system
//! switches between light and dark while the choice is "system". A save that fails keeps the
//! new look for this session and says so through `onError` (nothing else is lost).

import { useCallback, useEffect, useMemo, useState } from "react";
import { applyTheme, watchSystemTheme } from "./applyTheme";
import { firstPaintChoice, type ThemeStorage } from "./themeStorage";
import type { ResolvedTheme, ThemeChoice } from "./themeChoice";

export interface ThemeState {
  choice: ThemeChoice;
  theme: ResolvedTheme;
  setChoice(choice: ThemeChoice): void;
}

export function useTheme(storage: ThemeStorage, onError?: (message: string) => void): ThemeState {
  const [choice, setChoiceState] = useState<ThemeChoice>(firstPaintChoice);
  const [theme, setTheme] = useState<ResolvedTheme>(() => applyTheme(choice));

  useEffect(() => {
    let live = true;
    storage
      .load()
      .then((c) => live && setChoiceState(c))
      .catch((e) => console.warn("theme: could not load the saved choice", e));
    return () => {
      live = false;
    };
  }, [storage]);

  useEffect(() => {
    setTheme(applyTheme(choice));
    if (choice !== "system") return;
    return watchSystemTheme(() => setTheme(applyTheme(choice)));
  }, [choice]);

  const setChoice = useCallback(
    (next: ThemeChoice) => {
      setChoiceState(next);
      storage.save(next).catch((e) => {
        console.warn("theme: could not save the choice", e);
        onError?.("Could not save the theme; it applies until the app closes.");
      });
    },
    [storage, onError],
  );

  // One object per value, so that the header (a memo component) draws again only when it changes.
  return useMemo(() => ({ choice, theme, setChoice }), [choice, theme, setChoice]);
}
