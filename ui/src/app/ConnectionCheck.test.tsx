//! "List models" and "Test connection" check the fields as typed (a typed key travels to the
//! core, a stored one is never asked for), fill the model picker, and show the core's verdict.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TestBackend } from "../test/fakeBackend";
import { SettingsModal } from "./SettingsModal";

const local = { provider: "openai-compatible", base_url: "http://127.0.0.1:11434/v1", model: "llama3.1", has_api_key: true, key_storage: "session", key_origin: "http://127.0.0.1:11434" };

describe("ConnectionCheck", () => {
  it("lists the server's models to pick from and reports a refused key", async () => {
    const asked: Array<[string, unknown]> = [];
    const backend = new TestBackend(undefined, {
      get_settings: () => local,
      list_models: (a) => (asked.push(["list", a.settings]), { outcome: "ok", message: "The server offers 2 models.", models: ["llama3.1", "qwen3"] }),
      test_connection: (a) => (asked.push(["test", a.settings]), { outcome: "refused_key", message: "The server refused the API key (HTTP 401).", models: [] }),
    });
    render(<SettingsModal backend={backend} onClose={() => {}} />);
    await screen.findByText("An API key is kept for this session (in memory until the app quits).");
    fireEvent.click(screen.getByRole("button", { name: /List models/ }));
    const picker = await waitFor(() => {
      const el = document.getElementById("settings-model-list");
      if (!el) throw new Error("no picker yet");
      return el as HTMLSelectElement;
    });
    expect([...picker.options].map((o) => o.value)).toEqual(["", "llama3.1", "qwen3"]);
    fireEvent.change(picker, { target: { value: "qwen3" } });
    expect((document.getElementById("settings-model") as HTMLInputElement).value).toBe("qwen3");
    fireEvent.change(document.getElementById("settings-api-key")!, { target: { value: "sk-new" } });
    fireEvent.click(screen.getByRole("button", { name: /Test connection/ }));
    const result = await waitFor(() => {
      const el = document.getElementById("settings-connection-result");
      if (!el) throw new Error("no result yet");
      return el;
    });
    expect(result.dataset.outcome).toBe("refused_key");
    expect(result.textContent).toContain("refused the API key");
    expect(asked).toEqual([
      ["list", { provider: "openai-compatible", base_url: "http://127.0.0.1:11434/v1", model: "llama3.1", api_key: null }],
      ["test", { provider: "openai-compatible", base_url: "http://127.0.0.1:11434/v1", model: "qwen3", api_key: "sk-new" }],
    ]);
  });

  it("an answer it does not know is a failure, not a success", async () => {
    const backend = new TestBackend(undefined, { get_settings: () => local, test_connection: () => ({ outcome: "<b>yes</b>", message: 5 }) });
    render(<SettingsModal backend={backend} onClose={() => {}} />);
    await screen.findByText(/An API key is kept/);
    fireEvent.click(screen.getByRole("button", { name: /Test connection/ }));
    await waitFor(() => expect(document.getElementById("settings-connection-result")?.dataset.outcome).toBe("failed"));
  });
});
