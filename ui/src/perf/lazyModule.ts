//! A module fetched on first use, for the parts of the page that would otherwise make the
//! initial JS large (issue 14 item 6): the Markdown renderer, the chart library and Lucide's
//! whole icon set.
//! Why a helper: the page must draw something safe before the chunk arrives and draw the real
//! thing as soon as it has, the same way for every such part; `get()` answers synchronously once
//! loaded, so a part mounted later (and the unit tests, which load first) never waits.

import { useEffect, useState } from "react";

export interface LazyModule<T> {
  /** The module if it has arrived, else null. */
  get(): T | null;
  /** Fetches the module (once; a failed fetch is tried again on the next call). */
  load(): Promise<T>;
}

export function lazyModule<T>(loader: () => Promise<T>): LazyModule<T> {
  let loaded: T | null = null;
  let loading: Promise<T> | null = null;
  return {
    get: () => loaded,
    load() {
      if (loaded) return Promise.resolve(loaded);
      loading ??= loader().then(
        (m) => (loaded = m),
        (e: unknown) => {
          loading = null;
          throw e;
        },
      );
      return loading;
    },
  };
}

/** The module once it has arrived (a re-render then); null before, and after a failed fetch. */
export function useLazyModule<T>(module: LazyModule<T>): T | null {
  const [current, setCurrent] = useState<T | null>(module.get);
  useEffect(() => {
    if (current) return;
    let live = true;
    module.load().then(
      (m) => live && setCurrent(() => m),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [module, current]);
  return current;
}
