//! The theme choice: reading it, what it paints, where it is kept, and widget colour pairs.
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseThemeChoice, resolveTheme } from "./themeChoice";
import { applyTheme } from "./applyTheme";
import { FIRST_PAINT_KEY, createCoreThemeStorage, createLocalThemeStorage, firstPaintChoice } from "./themeStorage";
import { TestBackend } from "../test/fakeBackend";
import { backgroundColor, textColor } from "../widgets/theme";

function fakeSystem(dark: boolean) {
  vi.stubGlobal("matchMedia", (q: string) => ({ matches: dark && q.includes("dark"), media: q, addEventListener() {}, removeEventListener() {} }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  delete document.documentElement.dataset.theme;
});

describe("theme choice", () => {
  it("reads anything but light or dark as system", () => {
    expect(parseThemeChoice("dark")).toBe("dark");
    expect(parseThemeChoice("light")).toBe("light");
    for (const bad of ["system", "Dark", "", null, undefined, 1, {}, ["dark"]]) expect(parseThemeChoice(bad)).toBe("system");
  });

  it("follows the system only when the choice is system", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("paints data-theme on the root from the choice and the system", () => {
    fakeSystem(true);
    expect(applyTheme("system")).toBe("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(applyTheme("light")).toBe("light");
    expect(document.documentElement.dataset.theme).toBe("light");
    fakeSystem(false);
    expect(applyTheme("system")).toBe("light");
  });

  it("keeps the choice in the core in the app, with a first-paint copy", async () => {
    let saved: unknown = { theme: "light" };
    const backend = new TestBackend(undefined, {
      get_appearance: () => saved,
      save_appearance: (args) => (saved = args.appearance),
    });
    const store = createCoreThemeStorage(backend);
    expect(await store.load()).toBe("light");
    expect(firstPaintChoice()).toBe("light");
    expect(await store.save("dark")).toBe("dark");
    expect(backend.callsOf("save_appearance")[0].args).toEqual({ appearance: { theme: "dark" } });
    expect(localStorage.getItem(FIRST_PAINT_KEY)).toBe("dark");
    saved = { theme: "sepia" };
    expect(await store.load()).toBe("system");
  });

  it("keeps the choice in localStorage in a browser", async () => {
    const store = createLocalThemeStorage();
    expect(await store.load()).toBe("system");
    await store.save("dark");
    expect(await createLocalThemeStorage().load()).toBe("dark");
    localStorage.setItem(FIRST_PAINT_KEY, "<script>");
    expect(firstPaintChoice()).toBe("system");
  });

  it("turns a widget's { light, dark } colour into a light-dark() pair of safe colours", () => {
    expect(textColor({ light: "#fff", dark: "#000" })).toBe("light-dark(#fff, #000)");
    expect(textColor({ light: "secondary", dark: "blue-300" })).toMatch(/^light-dark\(var\(--sd-text-secondary\), hsl\(/);
    expect(backgroundColor({ light: "surface", dark: "surface" })).toBe("var(--sd-surface)");
    expect(textColor({ light: "#fff" })).toBe("#fff");
    expect(textColor({ dark: "#000" })).toBe("#000");
    expect(textColor({ light: "url(x)", dark: "#000" })).toBe("#000");
    expect(textColor({ light: "red; x: y", dark: "url(x)" })).toBeUndefined();
    expect(textColor({ light: { light: "#fff" }, dark: "#000" })).toBe("#000");
  });
});
