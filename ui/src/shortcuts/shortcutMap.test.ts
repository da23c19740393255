//! The shortcut table and its rule: which key press does what, where, on which platform.
import { describe, expect, it } from "vitest";
import { SHORTCUTS, detectPlatform, formatCombo, parseCombo, resolveShortcut, type KeyPress, type ShortcutContext } from "./shortcutMap";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const page: ShortcutContext = { platform: "other", inTextField: false, inComposer: false, dialogOpen: false, streaming: false };
const composer: ShortcutContext = { ...page, inTextField: true, inComposer: true };

describe("shortcut map", () => {
  it("maps Ctrl shortcuts on Linux, wherever the focus is", () => {
    for (const ctx of [page, composer, { ...page, inTextField: true }]) {
      expect(resolveShortcut(press("n", { ctrlKey: true }), ctx)).toBe("new-conversation");
      expect(resolveShortcut(press("k", { ctrlKey: true }), ctx)).toBe("focus-search");
      expect(resolveShortcut(press(",", { ctrlKey: true }), ctx)).toBe("settings");
      expect(resolveShortcut(press("/", { ctrlKey: true }), ctx)).toBe("help");
      expect(resolveShortcut(press("b", { ctrlKey: true }), ctx)).toBe("toggle-history");
    }
  });

  it("uses ⌘ on macOS and not Ctrl there (and not ⌘ elsewhere)", () => {
    const mac = { ...page, platform: "mac" as const };
    expect(resolveShortcut(press("n", { metaKey: true }), mac)).toBe("new-conversation");
    expect(resolveShortcut(press("n", { ctrlKey: true }), mac)).toBeNull();
    expect(resolveShortcut(press("n", { metaKey: true }), page)).toBeNull();
    expect(detectPlatform({ platform: "MacIntel" })).toBe("mac");
    expect(detectPlatform({ platform: "Linux x86_64" })).toBe("other");
  });

  it("never fires a plain-key shortcut while typing, except Escape's Stop in the composer", () => {
    expect(resolveShortcut(press("?", { shiftKey: true }), page)).toBe("help");
    expect(resolveShortcut(press("/"), page)).toBe("focus-composer");
    expect(resolveShortcut(press("?", { shiftKey: true }), composer)).toBeNull();
    expect(resolveShortcut(press("/"), composer)).toBeNull();
    expect(resolveShortcut(press("?", { shiftKey: true }), { ...page, inTextField: true })).toBeNull();
    // Stop: only while an answer streams; in the composer yes, in another text field no.
    expect(resolveShortcut(press("Escape"), page)).toBeNull();
    expect(resolveShortcut(press("Escape"), { ...page, streaming: true })).toBe("stop");
    expect(resolveShortcut(press("Escape"), { ...composer, streaming: true })).toBe("stop");
    expect(resolveShortcut(press("Escape"), { ...page, inTextField: true, streaming: true })).toBeNull();
    // Letters are never plain shortcuts: typing "n" outside a field does nothing either.
    expect(resolveShortcut(press("n"), page)).toBeNull();
  });

  it("does nothing while a dialog is open, while composing, on repeat, or with extra modifiers", () => {
    expect(resolveShortcut(press("n", { ctrlKey: true }), { ...page, dialogOpen: true })).toBeNull();
    expect(resolveShortcut(press("n", { ctrlKey: true, isComposing: true }), page)).toBeNull();
    expect(resolveShortcut(press("n", { ctrlKey: true, repeat: true }), page)).toBeNull();
    expect(resolveShortcut(press("n", { ctrlKey: true, shiftKey: true }), page)).toBeNull();
    expect(resolveShortcut(press("n", { ctrlKey: true, altKey: true }), page)).toBeNull();
    expect(resolveShortcut(press("Escape", { shiftKey: true }), { ...page, streaming: true })).toBeNull();
  });

  it("reads letters by their key code on a non-Latin layout", () => {
    expect(resolveShortcut(press("л", { ctrlKey: true, code: "KeyK" }), page)).toBe("focus-search");
    expect(resolveShortcut(press("т", { ctrlKey: true, code: "KeyN" }), page)).toBe("new-conversation");
    expect(resolveShortcut(press("б", { ctrlKey: true, code: "Comma" }), page)).toBe("settings");
  });

  it("writes combos for people, per platform", () => {
    expect(formatCombo("Mod+N", "other")).toBe("Ctrl+N");
    expect(formatCombo("Mod+Shift+K", "other")).toBe("Ctrl+Shift+K");
    expect(formatCombo("Mod+/", "mac")).toBe("⌘/");
    expect(formatCombo("Escape", "other")).toBe("Esc");
    expect(parseCombo("Mod+,")).toEqual({ mod: true, shift: false, alt: false, key: "," });
  });

  it("gives every shortcut a unique id, a label and a key nobody else uses", () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of SHORTCUTS) expect(s.label.length).toBeGreaterThan(3);
    for (const id of ["new-conversation", "focus-search", "stop", "settings", "help"]) expect(ids).toContain(id);
  });
});
