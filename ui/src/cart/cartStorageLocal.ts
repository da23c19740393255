//! The cart of a page outside Tauri: `localStorage`, key `shopdesk.cart.items`, the Contract 2
//! lines as JSON.
//! Why: in a browser the cart still belongs to the page (Add to Cart sends no request), and it must
//! survive a reload. What is read back is untrusted (another tab, an older version, a user in the
//! developer tools may have written it), so it is read by the same cart-line rule as the core's
//! `cart.json`, and a damaged value is handled the way the core handles a damaged data file: the
//! value is copied, untouched, to `shopdesk.cart.items.damaged-<UTC>` before anything is dropped,
//! the cleaned cart replaces it, and the set-aside is reported (`setAside`, shown by the start-up
//! banner) — never thrown away silently.

import type { StartupNotice } from "../app/startupApi";
import { normalizeLines, parseLine, type CartLine } from "./cartModel";
import type { CartStorage } from "./cartStorage";

/** Where the browser keeps the cart. */
export const BROWSER_CART_KEY = "shopdesk.cart.items";

export interface LocalCartStorage extends CartStorage {
  /** The damaged values this storage has set aside since it was created (oldest first). */
  readonly setAside: readonly StartupNotice[];
}

/** `20261201T231500Z`, the stamp the core gives a set-aside file. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

/** Why `text` is not a clean stored cart, or null when it is one. */
function damage(text: string): { reason: string; lines: CartLine[] } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { reason: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})`, lines: [] };
  }
  if (raw === null) return null;
  if (!Array.isArray(raw)) return { reason: "it is not a list of cart lines", lines: [] };
  const bad = raw.map((entry, i) => [i, parseLine(entry)] as const).filter(([, l]) => typeof l === "string");
  if (bad.length === 0) return null;
  const [first, why] = bad[0];
  const reason = `${bad.length} of its ${raw.length} lines break the cart-line rule (line ${first}: ${String(why)}); the other lines were kept`;
  return { reason, lines: normalizeLines(raw) };
}

/**
 * The cart in `store` (the page's `localStorage` unless a test passes another `Storage`) under
 * `key`. `now` stamps set-aside copies.
 */
export function createLocalCartStorage(store: Storage = window.localStorage, key = BROWSER_CART_KEY, now: () => Date = () => new Date()): LocalCartStorage {
  const setAside: StartupNotice[] = [];

  /** Copies the damaged `text` to a fresh key; returns the key, or throws when it cannot be kept. */
  const keepDamaged = (text: string): string => {
    const base = `${key}.damaged-${stamp(now())}`;
    let target = base;
    for (let n = 2; store.getItem(target) !== null; n++) target = `${base}-${n}`;
    store.setItem(target, text);
    return target;
  };

  return {
    setAside,
    async load() {
      const text = store.getItem(key);
      if (text === null) return undefined;
      const found = damage(text);
      if (!found) return JSON.parse(text) as unknown;
      // keepDamaged throws (quota) before the original is touched: then nothing is lost, and
      // load rejects, which the cart shows as "Could not load the cart: …".
      const target = keepDamaged(text);
      if (found.lines.length > 0) store.setItem(key, JSON.stringify(found.lines));
      else store.removeItem(key);
      console.warn(`cart: the stored cart could not be read (${found.reason}); the old value was kept under ${target}`);
      setAside.push({ file: key, moved_to: `localStorage key ${target}`, reason: found.reason });
      return found.lines;
    },
    async save(lines) {
      store.setItem(key, JSON.stringify(lines));
    },
    async subscribe(cb) {
      // Another tab of the same origin saved its cart: take its lines (read by the same rule).
      const handler = (e: StorageEvent) => {
        if (e.storageArea !== store || e.key !== key) return;
        if (e.newValue === null) return cb(undefined);
        try {
          cb(JSON.parse(e.newValue) as unknown);
        } catch {
          console.warn("cart: another tab stored a cart that is not valid JSON; keeping this tab's cart");
        }
      };
      window.addEventListener("storage", handler);
      return () => window.removeEventListener("storage", handler);
    },
  };
}
