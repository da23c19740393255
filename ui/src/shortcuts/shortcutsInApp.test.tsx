//! The shortcuts in the page: the overlay, the typing rule, new conversation, the focus trap.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../test/renderApp";
import { TestBackend } from "../test/fakeBackend";
import { SHORTCUTS } from "./shortcutMap";

function setup() {
  const backend = new TestBackend((req) => ({ kind: "json", body: JSON.stringify(req.type === "threads.list" ? { data: [], has_more: false } : {}) }), {
    get_settings: () => ({ provider: "offline", base_url: "", model: "", has_api_key: false, key_storage: "none" }),
    get_chat_interface: () => ({ interface: "built-in", domain_key: "", status: { state: "off" } }),
  });
  renderApp(backend);
  return backend;
}

const key = (target: Element, k: string, mods: Record<string, boolean> = {}) => fireEvent.keyDown(target, { key: k, ...mods });

describe("shortcuts in the page", () => {
  it("opens the overlay with Ctrl+/, lists every shortcut, keeps Tab inside, and Escape gives the focus back", async () => {
    setup();
    const button = screen.getByRole("button", { name: "Keyboard shortcuts" });
    button.focus();
    key(button, "/", { ctrlKey: true });
    const dialog = await screen.findByRole("dialog", { name: "Keyboard shortcuts" });
    expect(dialog.querySelectorAll("tr[data-shortcut]").length).toBe(SHORTCUTS.length);
    expect(dialog.textContent).toContain("Ctrl+N");
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    // One focusable (the close button): Tab and Shift+Tab stay on it.
    key(document.activeElement!, "Tab");
    expect(dialog.contains(document.activeElement)).toBe(true);
    key(document.activeElement!, "Tab", { shiftKey: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Focus that lands outside is pulled back in.
    screen.getByRole("button", { name: "Settings" }).focus();
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Other shortcuts do nothing while it is open.
    key(document.activeElement!, ",", { ctrlKey: true });
    expect(screen.queryByRole("dialog", { name: "Settings" })).toBeNull();
    key(document.activeElement!, "Escape");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button));
  });

  it("lets ? and / type in the composer, but Ctrl shortcuts work from it", async () => {
    setup();
    const composer = screen.getByRole("textbox", { name: "Message" });
    composer.focus();
    expect(key(composer, "?", { shiftKey: true })).toBe(true); // not prevented: it types
    expect(key(composer, "/")).toBe(true);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(key(composer, ",", { ctrlKey: true })).toBe(false); // prevented: it ran
    await screen.findByRole("dialog", { name: "Settings" });
  });

  it("? outside a text field opens the overlay; / goes to the composer; Ctrl+B shows the history", async () => {
    setup();
    key(document.body, "?", { shiftKey: true });
    await screen.findByRole("dialog", { name: "Keyboard shortcuts" });
    fireEvent.click(screen.getByRole("button", { name: "Close keyboard shortcuts" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    key(document.body, "/");
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Message" }));
    const toggle = screen.getByRole("button", { name: "Conversation list" });
    const before = toggle.getAttribute("aria-expanded");
    key(document.body, "b", { ctrlKey: true });
    await waitFor(() => expect(toggle.getAttribute("aria-expanded")).not.toBe(before));
  });

  it("switches the theme from the header menu and saves it in the core", async () => {
    const backend = setup();
    fireEvent.click(screen.getByRole("button", { name: /^Theme:/ }));
    fireEvent.click(await screen.findByRole("menuitemradio", { name: "Dark" }));
    expect(document.documentElement.dataset.theme).toBe("dark");
    await waitFor(() => expect(backend.callsOf("save_appearance").at(-1)?.args).toEqual({ appearance: { theme: "dark" } }));
    fireEvent.click(screen.getByRole("button", { name: "Theme: Dark" }));
    fireEvent.click(await screen.findByRole("menuitemradio", { name: "Light" }));
    expect(document.documentElement.dataset.theme).toBe("light");
  });
});
