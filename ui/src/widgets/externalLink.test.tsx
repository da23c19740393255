//! Markdown links open in the system browser through the opener plugin, https only.
//! Why: the webview may not navigate away, so a link must be a click handler that asks the core's
//! opener (`plugin:opener|open_url`) and never a `target=_blank` the page would follow itself.

import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";

const invoke = vi.fn(async () => undefined);
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...(args as [])) }));
vi.mock("../platform/tauriBackend", () => ({ runningInTauri: () => true }));

// The test setup already loaded the Markdown renderer with the real modules: load it afresh, so
// its links see the mocks above.
vi.resetModules();
const { SafeMarkdown, preloadMarkdown } = await import("./SafeMarkdown");
await preloadMarkdown();
const { externalLinkUrl } = await import("./safeUrl");

describe("links in answers", () => {
  afterEach(() => {
    cleanup();
    invoke.mockClear();
  });

  it("opens an https link with the opener plugin, not in the webview", () => {
    render(<SafeMarkdown text="see [the shop](https://example.com/shop?a=1)" />);
    const link = screen.getByRole("link", { name: "the shop" });
    expect(link.getAttribute("target")).toBeNull();
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    fireEvent(link, click);
    expect(click.defaultPrevented).toBe(true);
    expect(invoke).toHaveBeenCalledWith("plugin:opener|open_url", { url: "https://example.com/shop?a=1" });
  });

  it.each(["http://example.com/", "mailto:a@example.com", "/local/page", "javascript:alert(1)", "file:///etc/passwd"])(
    "leaves %s inert text",
    (href) => {
      render(<SafeMarkdown text={`[x](${href})`} />);
      expect(screen.queryByRole("link")).toBeNull();
      expect(screen.getByText("x").tagName).toBe("SPAN");
      expect(externalLinkUrl(href)).toBeNull();
    },
  );
});
