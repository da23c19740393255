//! The start-up report as the page shows it: a dismissible banner per damaged file, a
//! window-filling message with Quit after a failed start, nothing otherwise (also when the
//! core answers something unexpected).
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TestBackend } from "../test/fakeBackend";
import { StartupNotices } from "./StartupNotices";
import { describeFile, normalizeStatus } from "./startupApi";

const cart = {
  file: "/home/u/.local/share/dev.shopdesk.app/cart.json",
  moved_to: "/home/u/.local/share/dev.shopdesk.app/cart.json.damaged-20261201T231500Z",
  reason: "it is not valid JSON (EOF while parsing a list at line 1 column 11)",
};
const db = { file: "/d/shopdesk.sqlite3", moved_to: "/d/shopdesk.sqlite3.damaged-20261201T231500Z", reason: "it is not an SQLite database" };

function mount(status: unknown) {
  const backend = new TestBackend(undefined, { startup_status: () => status });
  const view = render(<StartupNotices backend={backend} />);
  return { backend, ...view };
}

describe("StartupNotices", () => {
  it("lists each file that was set aside, with where the old one is, and can be dismissed", async () => {
    mount({ failure: null, notices: [cart, db] });
    const banner = await screen.findByRole("alert");
    expect(banner.textContent).toContain("Your cart could not be read");
    expect(banner.textContent).toContain(cart.reason);
    expect(banner.textContent).toContain(cart.moved_to);
    expect(banner.textContent).toContain("Your conversation history could not be read");
    expect(banner.textContent).toContain(db.moved_to);
    expect(banner.querySelectorAll(".startup-notice")).toHaveLength(2);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows nothing after a clean start or an unexpected answer", async () => {
    const clean = mount({ failure: null, notices: [] });
    await waitFor(() => expect(clean.backend.callsOf("startup_status")).toHaveLength(1));
    expect(clean.container.innerHTML).toBe("");
    clean.unmount();
    const odd = mount("what?");
    await waitFor(() => expect(odd.backend.callsOf("startup_status")).toHaveLength(1));
    expect(odd.container.innerHTML).toBe("");
  });

  it("fills the window after a failed start, and Quit asks the core to exit", async () => {
    const { backend } = mount({ failure: "cannot create the data directory /x/dev.shopdesk.app: Not a directory (os error 20)", notices: [] });
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog.textContent).toContain("Shopdesk could not start");
    expect(dialog.textContent).toContain("Not a directory (os error 20)");
    fireEvent.click(screen.getByRole("button", { name: "Quit" }));
    await waitFor(() => expect(backend.callsOf("quit_after_startup_failure")).toHaveLength(1));
  });

  it("reads only well-formed notices and names files the way a user would", () => {
    expect(normalizeStatus({ failure: "", notices: [cart, { file: 1 }, null, { file: "/a", reason: "r" }] })).toEqual({ failure: null, notices: [cart] });
    expect(describeFile("/d/settings.json")).toBe("Your model settings");
    expect(describeFile("C:\\d\\cart.json")).toBe("Your cart");
    expect(describeFile("/d/other.txt")).toBe("other.txt");
  });
});
