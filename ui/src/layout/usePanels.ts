//! The side panels as React state, following the window's width (the rule is panels.ts).
//! Why: App.tsx needs one object to ask and to tell: is the history / the cart open, open or
//! close one, the user chose a conversation.

import { useCallback, useEffect, useRef, useState } from "react";
import { afterHistoryChoice, afterResize, initialPanels, setPanel, togglePanel, type PanelName, type Panels } from "./panels";

const width = () => (typeof window === "undefined" ? 1280 : window.innerWidth);

export interface PanelsState extends Panels {
  set(name: PanelName, open: boolean): void;
  toggle(name: PanelName): void;
  /** Call after a conversation was opened or started from the history. */
  chose(): void;
}

export function usePanels(): PanelsState {
  const [panels, setPanels] = useState<Panels>(() => initialPanels(width()));
  const last = useRef(width());

  useEffect(() => {
    const onResize = () => {
      const w = width();
      if (w === last.current) return;
      last.current = w;
      setPanels((p) => afterResize(p, w));
    };
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);

  const set = useCallback((name: PanelName, open: boolean) => setPanels((p) => setPanel(p, name, open, width())), []);
  const toggle = useCallback((name: PanelName) => setPanels((p) => togglePanel(p, name, width())), []);
  const chose = useCallback(() => setPanels((p) => afterHistoryChoice(p, width())), []);
  return { ...panels, set, toggle, chose };
}
