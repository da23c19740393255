//! The page as a browser runs it (no app core): the renderer over the HTTP wrapper against a real
//! HTTP server on loopback, the cart in localStorage. The app-only parts are absent, not dead (no
//! settings button, the server is named instead), a damaged cart's notice shows in the start-up
//! banner, Add to Cart reaches the server with no request, and the next request carries the cart.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CartController } from "../cart/cartController";
import { CartProvider } from "../cart/cartContext";
import { BROWSER_CART_KEY, createLocalCartStorage } from "../cart/cartStorageLocal";
import { ChatKitClient } from "../client/chatkitClient";
import { loadWidgetFixture } from "../test/fixtures";
import { createHttpFetch } from "../transport/httpFetch";
import { requestLog } from "../transport/requestLog";
import { App } from "./App";

const thread = { id: "thr_1", created_at: "2026-11-23T19:29:58Z", status: { type: "active" }, metadata: {}, items: { data: [], has_more: false } };
const user = { id: "u1", thread_id: "thr_1", created_at: "x", type: "user_message", content: [{ type: "input_text", text: "show products" }], attachments: [], inference_options: {} };
const answer = { id: "m2", thread_id: "thr_1", created_at: "x", type: "assistant_message", content: [{ type: "output_text", text: "Your cart has one lamp.", annotations: [] }] };
const card = { id: "msg_w", thread_id: "thr_1", created_at: "x", type: "widget", widget: loadWidgetFixture("product_card") };

/** Every request body the server received. */
const received: Array<{ type: string; metadata: Record<string, unknown> }> = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const body = JSON.parse(text);
      received.push(body);
      if (body.type === "threads.list") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"data":[],"has_more":false}');
        return;
      }
      const events =
        body.type === "threads.create"
          ? [{ type: "thread.created", thread }, { type: "thread.item.done", item: user }, { type: "thread.item.done", item: card }]
          : [{ type: "thread.item.done", item: answer }];
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const e of events) {
        res.write(`data: ${JSON.stringify(e)}\n\n`);
      }
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chatkit`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  received.length = 0;
  window.localStorage.clear();
});

async function mountBrowserPage() {
  const storage = createLocalCartStorage();
  const cart = new CartController(storage);
  await cart.start();
  const client = new ChatKitClient(createHttpFetch(() => cart.getLines()), url);
  render(
    <CartProvider controller={cart}>
      <App client={client} backend={null} server={new URL(url).host} pageNotices={storage.setAside} />
    </CartProvider>,
  );
  // The history the page asks for at start has arrived (so no test sees another's request).
  await waitFor(() => expect(received.map((r) => r.type)).toEqual(["threads.list"]));
}

describe("the page in a browser", () => {
  it("names the server instead of offering app settings, and logs no error", async () => {
    const error = vi.spyOn(console, "error");
    await mountBrowserPage();
    expect(document.getElementById("settings-button")).toBeNull();
    expect(document.getElementById("server-note")!.textContent).toBe(new URL(url).host);
    expect(document.getElementById("startup-notices")).toBeNull();
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it("tells the user a damaged cart was set aside", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    window.localStorage.setItem(BROWSER_CART_KEY, "{broken");
    await mountBrowserPage();
    const banner = document.getElementById("startup-notices")!;
    expect(banner.textContent).toContain("Your cart could not be read");
    expect(banner.textContent).toContain(`localStorage key ${BROWSER_CART_KEY}.damaged-`);
    vi.restoreAllMocks();
  });

  it("Add to Cart sends nothing; the next request carries the cart as metadata.shopdesk_cart", async () => {
    await mountBrowserPage();
    fireEvent.click(screen.getByRole("button", { name: /^show products/ }));
    const itemEl = (await screen.findByText("Aurora Desk Lamp", { selector: "h3" })).closest(".thread-item") as HTMLElement;
    await waitFor(() => expect(document.getElementById("composer-send")).not.toBeNull());
    const create = received.find((r) => r.type === "threads.create")!;
    expect(create.metadata).toEqual({ shopdesk_cart: [] });
    // The history refresh that follows a finished stream, then the click.
    await waitFor(() => expect(requestLog().slice(-1)).toEqual(["threads.list"]));
    const before = requestLog().length;
    fireEvent.click(within(itemEl).getByRole("button", { name: "Add to Cart" }));
    expect(document.getElementById("cart-badge")!.textContent).toBe("1");
    const lamp = { product_id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, image: "", quantity: 1 };
    await waitFor(() => expect(JSON.parse(window.localStorage.getItem(BROWSER_CART_KEY) ?? "null")).toEqual([lamp]));
    // The next request the page makes is the message sent after the click: the click sent none.
    const input = document.getElementById("composer-input") as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: "What's in my cart?" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await screen.findByText("Your cart has one lamp.");
    expect(requestLog()[before]).toBe("threads.add_user_message");
    const sent = received.find((r) => r.type === "threads.add_user_message")!;
    expect(sent.metadata).toEqual({ shopdesk_cart: [lamp] });
    await waitFor(() => expect(received.length).toBe(requestLog().length));
    expect(received.map((r) => r.type)).toEqual([...requestLog()]);
  });
});
