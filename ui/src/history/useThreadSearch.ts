//! The history panel's search: what the user typed, debounced, answered a page at a time.
//! Why a hook: in the app the core searches titles and item text (`search_threads`); in a
//! browser (no `Backend`) only the titles of the threads already listed can be searched, and
//! the panel says so. A stale answer (the query changed meanwhile) is dropped.

import { useCallback, useEffect, useRef, useState } from "react";
import type { Backend } from "../platform/backend";
import type { ThreadMetadata } from "../protocol/types";
import { searchThreads, type ThreadMatch } from "./historyApi";

/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 250;

export interface ThreadSearch {
  query: string;
  setQuery: (q: string) => void;
  /** The search in force (trimmed, debounced); "" = no search. */
  active: string;
  results: ThreadMatch[];
  searching: boolean;
  hasMore: boolean;
  error: string | null;
  /** Titles only: there is no core to search item text. */
  titlesOnly: boolean;
  loadMore: () => void;
}

function describe(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === "string" && m ? m : String(e);
}

export function useThreadSearch(backend: Backend | null, listed: readonly ThreadMetadata[]): ThreadSearch {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState("");
  const [results, setResults] = useState<ThreadMatch[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    const id = setTimeout(() => setActive(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [query]);

  const run = useCallback(
    async (q: string, after: string | null) => {
      const mine = ++generation.current;
      if (!backend) return;
      setSearching(true);
      try {
        const page = await searchThreads(backend, q, after ?? undefined);
        if (mine !== generation.current) return;
        setResults((r) => (after ? [...r, ...page.data.filter((m) => !r.some((o) => o.thread.id === m.thread.id))] : page.data));
        setCursor(page.has_more ? page.after ?? null : null);
        setError(null);
      } catch (e) {
        if (mine === generation.current) setError(`Search failed: ${describe(e)}`);
      } finally {
        if (mine === generation.current) setSearching(false);
      }
    },
    [backend],
  );

  useEffect(() => {
    setCursor(null);
    setError(null);
    if (!active) {
      generation.current++;
      setResults([]);
      setSearching(false);
      return;
    }
    if (backend) void run(active, null);
  }, [active, backend, run]);

  const loadMore = useCallback(() => {
    if (active && cursor && !searching) void run(active, cursor);
  }, [active, cursor, searching, run]);

  const titleMatches = !backend && active ? listed.filter((t) => (t.title ?? "").toLowerCase().includes(active.toLowerCase())).map((thread) => ({ thread })) : null;

  return {
    query,
    setQuery,
    active,
    results: titleMatches ?? results,
    // Typed but not yet asked (debounce) counts as searching: no "nothing found" flash.
    searching: searching || (backend !== null && query.trim() !== active),
    hasMore: backend ? cursor !== null : false,
    error,
    titlesOnly: !backend,
    loadMore,
  };
}
