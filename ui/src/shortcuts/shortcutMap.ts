//! Every keyboard shortcut of the app, and the one rule that turns a key press into one of them.
//! Why: the help overlay lists exactly what the handler obeys, so both read this table; the rule
//! is pure (a key press and where it happened in, a shortcut or nothing out), so it is unit-tested
//! without a page. "Mod" is Ctrl on Linux and Windows, ⌘ on macOS.
//!
//! The typing rule: a shortcut without Mod or Alt never fires while the focus is in a text field
//! (there the key types), except Escape for Stop in the composer — Escape types nothing, and
//! stopping an answer you are watching from where you type is what people expect. Nothing fires
//! while a dialog is open (the dialog owns the keyboard: Tab stays in it, Escape closes it), while
//! an input method is composing, or on key repeat.

export type ShortcutId = "new-conversation" | "focus-search" | "focus-composer" | "stop" | "toggle-history" | "settings" | "help";

export interface Shortcut {
  id: ShortcutId;
  /** Key combinations, e.g. "Mod+N", "Mod+Shift+K", "?" — the first is the one shown first. */
  keys: readonly string[];
  /** What it does, as the help overlay says it. */
  label: string;
  /** A plain-key shortcut that still fires in the composer (Escape, which types nothing). */
  inComposer?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: "new-conversation", keys: ["Mod+N"], label: "New conversation" },
  { id: "focus-search", keys: ["Mod+K"], label: "Search conversations" },
  { id: "focus-composer", keys: ["/"], label: "Type a message" },
  { id: "stop", keys: ["Escape"], label: "Stop the answer being written", inComposer: true },
  { id: "toggle-history", keys: ["Mod+B"], label: "Show or hide the conversation list" },
  { id: "settings", keys: ["Mod+,"], label: "Open settings" },
  { id: "help", keys: ["Mod+/", "?"], label: "Show keyboard shortcuts" },
];

export type Platform = "mac" | "other";

export function detectPlatform(nav: { platform?: string; userAgent?: string } | undefined = typeof navigator === "undefined" ? undefined : navigator): Platform {
  const p = `${nav?.platform ?? ""} ${nav?.userAgent ?? ""}`;
  return /Mac|iPhone|iPad/.test(p) ? "mac" : "other";
}

export interface Combo {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** Lower case for letters; the character or the key name ("Escape") otherwise. */
  key: string;
}

/** "Mod+Shift+K" → { mod, shift, key: "k" }. A bare "+" is the plus key. */
export function parseCombo(text: string): Combo {
  const parts = text === "+" ? ["+"] : text.split("+");
  const key = parts[parts.length - 1];
  const mods = new Set(parts.slice(0, -1));
  return { mod: mods.has("Mod"), shift: mods.has("Shift"), alt: mods.has("Alt"), key: key.length === 1 ? key.toLowerCase() : key };
}

/** The part of a KeyboardEvent the rule reads. */
export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  repeat?: boolean;
  isComposing?: boolean;
}

const CODE_KEYS: Record<string, string> = { Slash: "/", Comma: ",", Period: ".", Backslash: "\\" };

/** The key a press means, layout-independent for letters and a few symbols: on a non-Latin
 * layout Ctrl+K reports `key` "л" but `code` "KeyK". */
function pressedKey(e: KeyPress): string {
  if (e.key.length === 1 && /[\x20-\x7e]/.test(e.key)) return e.key.toLowerCase();
  if (e.key.length === 1 && e.code) {
    if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
    if (CODE_KEYS[e.code]) return CODE_KEYS[e.code];
  }
  return e.key;
}

export function matchesCombo(e: KeyPress, combo: Combo, platform: Platform): boolean {
  const mod = platform === "mac" ? e.metaKey : e.ctrlKey;
  const otherMod = platform === "mac" ? e.ctrlKey : e.metaKey;
  if (mod !== combo.mod || otherMod || e.altKey !== combo.alt) return false;
  const key = pressedKey(e);
  if (key !== combo.key) return false;
  // Shift is part of a letter's or a named key's combination; for a symbol it is how the
  // layout types it ("?" is Shift+/ on a US keyboard), so it only counts when the combo asks.
  const letterOrNamed = /^[a-z]$/.test(combo.key) || combo.key.length > 1;
  return letterOrNamed || combo.shift ? e.shiftKey === combo.shift : true;
}

/** Where the key was pressed and what the app is doing. */
export interface ShortcutContext {
  platform: Platform;
  /** The focus is in a text field (input, textarea, select, contenteditable). */
  inTextField: boolean;
  /** …and that text field is the composer. */
  inComposer: boolean;
  /** A dialog (settings, the shortcut overlay …) is open. */
  dialogOpen: boolean;
  /** An answer is being written (Stop has something to stop). */
  streaming: boolean;
}

const PARSED = SHORTCUTS.map((s) => ({ shortcut: s, combos: s.keys.map(parseCombo) }));

/** The shortcut `e` triggers in `ctx`, or null. */
export function resolveShortcut(e: KeyPress, ctx: ShortcutContext): ShortcutId | null {
  if (e.isComposing || e.repeat || ctx.dialogOpen) return null;
  for (const { shortcut, combos } of PARSED) {
    const combo = combos.find((c) => matchesCombo(e, c, ctx.platform));
    if (!combo) continue;
    const plain = !combo.mod && !combo.alt;
    if (plain && ctx.inTextField && !(shortcut.inComposer && ctx.inComposer)) return null;
    if (shortcut.id === "stop" && !ctx.streaming) return null;
    return shortcut.id;
  }
  return null;
}

const KEY_NAMES: Record<string, string> = { Escape: "Esc", ",": ",", "/": "/" };

/** How a combo is written for people: "Ctrl+Shift+K" on Linux, "⇧⌘K" on macOS. */
export function formatCombo(text: string, platform: Platform): string {
  const c = parseCombo(text);
  const key = KEY_NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  if (platform === "mac") return `${c.alt ? "⌥" : ""}${c.shift ? "⇧" : ""}${c.mod ? "⌘" : ""}${key}`;
  return [c.mod && "Ctrl", c.alt && "Alt", c.shift && "Shift", key].filter(Boolean).join("+");
}
