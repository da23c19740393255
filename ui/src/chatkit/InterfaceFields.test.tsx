//! The chat-interface choice in the settings dialog, and the main window's ChatKit notice.
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SettingsModal } from "../app/SettingsModal";
import { TestBackend } from "../test/fakeBackend";
import { ChatKitNotice } from "./ChatKitNotice";
import type { ChatKitStatus } from "./interfaceApi";

const offline = { provider: "offline", base_url: "", model: "", has_api_key: false, key_storage: "none" };

describe("the chat interface setting", () => {
  it("saves ChatKit with its domain key, and shows the core's refusal", async () => {
    const saved: unknown[] = [];
    const backend = new TestBackend(undefined, {
      get_settings: () => offline,
      save_settings: () => offline,
      get_chat_interface: () => ({ interface: "built-in", domain_key: "", status: { state: "off" } }),
      save_chat_interface: (args) => {
        saved.push(args.settings);
        if (saved.length === 2) throw { code: "invalid_request", message: "a domain key starts with domain_pk_" };
        return { ...(args.settings as object), status: { state: "opening" } };
      },
    });
    render(<SettingsModal backend={backend} onClose={() => {}} />);
    await waitFor(() => expect((document.getElementById("settings-interface") as HTMLSelectElement).disabled).toBe(false));
    expect(document.getElementById("settings-domain-key")).toBeNull();
    fireEvent.change(document.getElementById("settings-interface")!, { target: { value: "chatkit" } });
    fireEvent.change(document.getElementById("settings-domain-key")!, { target: { value: " domain_pk_abc " } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Settings saved.");
    expect(saved).toEqual([{ interface: "chatkit", domain_key: "domain_pk_abc" }]);
    fireEvent.change(document.getElementById("settings-domain-key")!, { target: { value: "pk_wrong" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(document.getElementById("settings-error")?.textContent).toContain("a domain key starts with domain_pk_"));
  });

  it("does not reopen ChatKit when nothing about it changed and it is running", async () => {
    const backend = new TestBackend(undefined, {
      get_settings: () => offline,
      save_settings: () => offline,
      get_chat_interface: () => ({ interface: "chatkit", domain_key: "domain_pk_abc", status: { state: "ready" } }),
    });
    render(<SettingsModal backend={backend} onClose={() => {}} />);
    await waitFor(() => expect(document.getElementById("settings-domain-key")).toBeTruthy());
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Settings saved.");
    expect(backend.callsOf("save_chat_interface")).toHaveLength(0);
  });
});

describe("ChatKitNotice", () => {
  it("names the cause of a fallback, live, and notes an open ChatKit window", async () => {
    let push: (s: ChatKitStatus) => void = () => {};
    const backend = new TestBackend(undefined, { get_chat_interface: () => ({ interface: "chatkit", domain_key: "domain_pk_a", status: { state: "opening" } }) });
    render(<ChatKitNotice backend={backend} subscribe={async (cb) => ((push = cb), () => {})} />);
    await waitFor(() => expect(document.getElementById("chatkit-window-note")?.dataset.state).toBe("opening"));
    act(() => push({ state: "failed", cause: "<b>no network</b>" }));
    const notice = document.getElementById("chatkit-fallback-notice")!;
    expect(notice.textContent).toContain("ChatKit could not load: <b>no network</b>.");
    expect(notice.textContent).toContain("Settings → Chat interface");
    expect(notice.querySelector("b")).toBeNull();
    act(() => push({ state: "off" }));
    expect(document.getElementById("chatkit-fallback-notice")).toBeNull();
  });

  it("keeps a fallback that arrived while its first question was out", async () => {
    // The core answers "opening", then the window fails and its event overtakes the answer.
    let push: (s: ChatKitStatus) => void = () => {};
    let answer: () => void = () => {};
    const backend = new TestBackend(undefined, {
      get_chat_interface: () =>
        new Promise((resolve) => {
          answer = () => resolve({ interface: "chatkit", domain_key: "domain_pk_a", status: { state: "opening" } });
        }),
    });
    render(<ChatKitNotice backend={backend} subscribe={async (cb) => ((push = cb), () => {})} />);
    await waitFor(() => expect(backend.callsOf("get_chat_interface")).toHaveLength(1));
    act(() => push({ state: "failed", cause: "the loader script was blocked" }));
    await act(async () => answer());
    expect(document.getElementById("chatkit-window-note")).toBeNull();
    expect(document.getElementById("chatkit-fallback-notice")?.textContent).toContain("the loader script was blocked");
  });
});
