//! Structural sharing between two JSON trees: `shareStructure(prev, next)` is deep-equal to
//! `next`, but every subtree of it that equals the one at the same place in `prev` *is* that
//! `prev` subtree (the same object).
//! Why: a streamed list arrives as a new root on every state (`widget.root.updated`), so without
//! this every row is a new object and React redraws all of them; with it the widget renderer
//! (`NodeView`, memoised on its node) redraws only the rows that changed — the new one.

type Json = unknown;

export function shareStructure<T>(prev: T, next: T): T {
  return share(prev, next) as T;
}

function share(prev: Json, next: Json): Json {
  if (prev === next) return prev;
  if (Array.isArray(prev) && Array.isArray(next)) {
    let same = prev.length === next.length;
    const out = next.map((v, i) => {
      const shared = i < prev.length ? share(prev[i], v) : v;
      if (shared !== prev[i]) same = false;
      return shared;
    });
    return same ? prev : out;
  }
  if (isObject(prev) && isObject(next)) {
    const prevKeys = Object.keys(prev);
    const nextKeys = Object.keys(next);
    let same = prevKeys.length === nextKeys.length;
    const out: Record<string, Json> = {};
    for (const [i, key] of nextKeys.entries()) {
      const shared = Object.prototype.hasOwnProperty.call(prev, key) ? share(prev[key], next[key]) : next[key];
      // Same keys in the same order, every value shared: `prev` itself.
      if (shared !== prev[key] || prevKeys[i] !== key) same = false;
      out[key] = shared;
    }
    return same ? prev : out;
  }
  return next;
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
