//! The settings dialog's key state: a key kept only for this session is reported as such (not
//! as "none"), the server it belongs to is shown, and saving offline never sends a key.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TestBackend } from "../test/fakeBackend";
import { SettingsModal } from "./SettingsModal";
import { getSettings } from "./settingsApi";

const local = { provider: "openai-compatible", base_url: "http://127.0.0.1:11434/v1", model: "m" };

describe("SettingsModal", () => {
  it("says a session-only key is kept for this session, for which server, and offers to remove it", async () => {
    const backend = new TestBackend(undefined, {
      get_settings: () => ({ ...local, has_api_key: true, key_storage: "session", key_origin: "http://127.0.0.1:11434", key_note: "No OS keychain is available, so the key is kept for this session only." }),
    });
    render(<SettingsModal backend={backend} onClose={() => {}} />);
    await screen.findByText("An API key is kept for this session (in memory until the app quits).");
    expect(document.getElementById("settings-key-origin")?.textContent).toContain("http://127.0.0.1:11434");
    expect(document.getElementById("settings-key-note")?.textContent).toContain("kept for this session");
    expect(screen.getByText("Remove stored key")).toBeTruthy();
    expect(document.getElementById("settings-key-status")?.textContent).not.toContain("No API key");
  });

  it("normalises the key state: unknown values are none, session stays session", async () => {
    const answer = (key_storage: unknown) => new TestBackend(undefined, { get_settings: () => ({ ...local, has_api_key: true, key_storage }) });
    expect((await getSettings(answer("session"))).key_storage).toBe("session");
    expect((await getSettings(answer("<img src=x onerror=alert(1)>"))).key_storage).toBe("none");
    expect((await getSettings(answer(7))).key_origin).toBeUndefined();
  });

  it("sends no key when saving the offline model, even if one was typed", async () => {
    let saved: unknown;
    const backend = new TestBackend(undefined, {
      get_settings: () => ({ ...local, has_api_key: false, key_storage: "none", key_origin: "http://127.0.0.1:11434" }),
      save_settings: (args) => {
        saved = args.settings;
        return { provider: "offline", base_url: "", model: "", has_api_key: false, key_storage: "none" };
      },
    });
    render(<SettingsModal backend={backend} onClose={() => {}} />);
    await screen.findByText("No API key stored.");
    fireEvent.change(document.getElementById("settings-api-key")!, { target: { value: "sk-typed" } });
    fireEvent.change(document.getElementById("settings-provider")!, { target: { value: "offline" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(saved).toBeDefined());
    expect(saved).toMatchObject({ provider: "offline", api_key: null });
  });
});
