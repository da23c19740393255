//! End-to-end tests of the page with a fake core: prompts, streaming, client vs server actions,
//! the cart, retry, the composer and settings.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TestBackend, playEvents } from "../test/fakeBackend";
import { loadScenario, loadWidgetFixture } from "../test/fixtures";
import { createIpcFetch } from "../transport/ipcFetch";
import { requestLog } from "../transport/requestLog";
import { ChatKitClient } from "../client/chatkitClient";
import { CartController } from "../cart/cartController";
import { CartProvider } from "../cart/cartContext";
import { MemoryCartStorage } from "../test/memoryCartStorage";
import { App } from "./App";
import type { ChannelLike } from "../platform/backend";
import type { Frame } from "../transport/ipcFetch";

const thread = { id: "thr_1", created_at: "2026-11-23T19:29:58Z", status: { type: "active" }, metadata: {}, items: { data: [], has_more: false } };
const user = (id: string, text: string) => ({ id, thread_id: "thr_1", created_at: "x", type: "user_message", content: [{ type: "input_text", text }], attachments: [], inference_options: {} });
const card = { id: "msg_w", thread_id: "thr_1", created_at: "x", type: "widget", widget: loadWidgetFixture("product_card") };


function setup(handler: ConstructorParameters<typeof TestBackend>[0], commands: ConstructorParameters<typeof TestBackend>[1] = {}) {
  const backend = new TestBackend(handler, commands);
  const storage = new MemoryCartStorage();
  const cart = new CartController(storage);
  void cart.start();
  const client = new ChatKitClient(createIpcFetch(backend));
  render(
    <CartProvider controller={cart}>
      <App client={client} backend={backend} />
    </CartProvider>,
  );
  return { backend, storage, cart };
}

/** A core that answers the first message with a product card and later ones with text. */
function shopCore() {
  let n = 0;
  return (req: { type: string; params: Record<string, unknown> }, ch: ChannelLike<Frame>) => {
    if (req.type === "threads.list") return { kind: "json" as const, body: JSON.stringify({ data: n ? [{ ...thread, title: "show products" }] : [], has_more: false }) };
    if (req.type === "threads.create") {
      n++;
      playEvents(ch, [{ type: "thread.created", thread }, { type: "thread.item.done", item: user("u1", "show products") }, { type: "stream_options", stream_options: { allow_cancel: true } }, { type: "thread.item.done", item: card }]);
      return { kind: "stream" as const };
    }
    if (req.type === "threads.add_user_message") {
      n++;
      playEvents(ch, [{ type: "thread.item.done", item: user(`u${n}`, "again") }, { type: "error", code: "stream.error", allow_retry: true }]);
      return { kind: "stream" as const };
    }
    if (req.type === "threads.retry_after_item" || req.type === "threads.custom_action") {
      playEvents(ch, [{ type: "thread.item.done", item: { id: `m_${req.type}`, thread_id: "thr_1", created_at: "x", type: "assistant_message", content: [{ type: "output_text", text: `answer to ${req.type}`, annotations: [] }] } }]);
      return { kind: "stream" as const };
    }
    return { kind: "json" as const, body: "{}" };
  };
}

describe("App", () => {
  it("shows the start screen, then a product card; Add to Cart updates the cart with no request", async () => {
    const { storage, cart } = setup(shopCore());
    expect(screen.getByRole("button", { name: /Show me products/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: /What's in my cart\?/ })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /^show products/ }));
    const widget = await screen.findByText("Aurora Desk Lamp", { selector: "h3" });
    const itemEl = widget.closest(".thread-item") as HTMLElement;
    expect(itemEl.dataset.itemType).toBe("widget");
    expect(itemEl.dataset.itemId).toBe("msg_w");
    expect(itemEl.querySelector(".widget")).not.toBeNull();
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Message" })).toBeTruthy());

    const before = [...requestLog()];
    expect(before).toContain("threads.create");
    expect(document.getElementById("cart-badge")!.textContent).toBe("0");
    fireEvent.click(within(itemEl).getByRole("button", { name: "Add to Cart" }));
    // Same event loop turn: the badge and the panel already show the new line.
    expect(document.getElementById("cart-badge")!.textContent).toBe("1");
    const line = document.querySelector('.cart-line[data-product-id="lamp-001"]') as HTMLElement;
    expect(line.querySelector(".cart-qty")!.textContent).toBe("1");
    expect(document.getElementById("cart-total")!.textContent).toBe("$49.99");
    expect(requestLog()).toEqual(before);

    await act(() => cart.flush());
    expect(storage.value).toEqual([{ product_id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, image: "", quantity: 1 }]);

    fireEvent.click(line.querySelector(".cart-inc")!);
    expect(line.querySelector(".cart-qty")!.textContent).toBe("2");
    expect(document.getElementById("cart-total")!.textContent).toBe("$99.98");
    fireEvent.click(line.querySelector(".cart-remove")!);
    expect(document.querySelectorAll(".cart-line")).toHaveLength(0);
    expect(requestLog()).toEqual(before);
  });

  it("server actions go to threads.custom_action with the widget item id", async () => {
    const { backend } = setup(shopCore());
    fireEvent.click(screen.getByRole("button", { name: /^show products/ }));
    const itemEl = (await screen.findByText("Aurora Desk Lamp", { selector: "h3" })).closest(".thread-item") as HTMLElement;
    // Wait until the reply stream is over (the stop button is gone): actions are blocked while streaming.
    await waitFor(() => expect(document.getElementById("composer-send")).not.toBeNull());
    fireEvent.click(within(itemEl).getByRole("button", { name: "Details" }));
    await screen.findByText("answer to threads.custom_action");
    const call = backend.callsOf("chatkit_request").map((c) => JSON.parse(String(c.args.body))).find((b) => b.type === "threads.custom_action");
    expect(call.params).toEqual({ thread_id: "thr_1", item_id: "msg_w", action: { type: "product.details", payload: { product_id: "lamp-001", name: "Aurora Desk Lamp" } } });
  });

  it("Enter sends, Shift+Enter does not; an error with allow_retry offers Retry for the last user message", async () => {
    const { backend } = setup(shopCore());
    fireEvent.click(screen.getByRole("button", { name: /^show products/ }));
    await screen.findByText("Aurora Desk Lamp", { selector: "h3" });
    const input = document.getElementById("composer-input") as HTMLTextAreaElement;
    await waitFor(() => expect(document.getElementById("composer-send")).not.toBeNull());
    fireEvent.change(input, { target: { value: "again" } });
    fireEvent.keyDown(input, { key: "Enter", shiftKey: true });
    expect(requestLog()).not.toContain("threads.add_user_message");
    fireEvent.keyDown(input, { key: "Enter" });
    const retry = await screen.findByRole("button", { name: /Retry/ });
    expect(document.querySelectorAll('.thread-item[data-item-type="user_message"]')).toHaveLength(2);
    await waitFor(() => expect((retry as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(retry);
    await screen.findByText("answer to threads.retry_after_item");
    const req = backend.callsOf("chatkit_request").map((c) => JSON.parse(String(c.args.body))).find((b) => b.type === "threads.retry_after_item");
    expect(req.params).toEqual({ thread_id: "thr_1", item_id: "u2" });
    expect(document.getElementById("error-banner")).toBeNull();
  });

  it("a pending client tool call runs in the page on the cart, and its output continues the answer", async () => {
    const lamp = { product_id: "lamp-aurora", name: "Aurora Desk Lamp", price: 49.99, image: "/products/lamp-aurora.svg" };
    const pending = (id: string, name: string, args: Record<string, unknown>) => ({ id, thread_id: "thr_1", created_at: "x", type: "client_tool_call", status: "pending", call_id: `call_${id}`, name, arguments: args });
    const outputs: unknown[] = [];
    const { backend, storage } = setup((req, ch) => {
      if (req.type === "threads.list") return { kind: "json", body: '{"data":[],"has_more":false}' };
      if (req.type === "threads.create") {
        playEvents(ch, [{ type: "thread.created", thread }, { type: "thread.item.done", item: user("u1", "add two aurora lamps") }, { type: "stream_options", stream_options: { allow_cancel: true } }, { type: "thread.item.done", item: pending("tc_1", "cart_add", { ...lamp, quantity: 2 }) }]);
        return { kind: "stream" };
      }
      if (req.type === "threads.add_client_tool_output") {
        outputs.push(req.params);
        // The first output makes the model call a tool this page does not have; the second ends the answer.
        const next =
          outputs.length === 1
            ? { type: "thread.item.done", item: pending("tc_2", "launch_rocket", {}) }
            : { type: "thread.item.done", item: { id: "m_1", thread_id: "thr_1", created_at: "x", type: "assistant_message", content: [{ type: "output_text", text: "Two lamps are in your cart.", annotations: [] }] } };
        playEvents(ch, [{ type: "stream_options", stream_options: { allow_cancel: true } }, next]);
        return { kind: "stream" };
      }
      return { kind: "json", body: "{}" };
    });
    fireEvent.change(document.getElementById("composer-input")!, { target: { value: "add two aurora lamps" } });
    fireEvent.keyDown(document.getElementById("composer-input")!, { key: "Enter" });
    await screen.findByText("Two lamps are in your cart.");
    // No Add to Cart click: the tool changed the cart the buttons use, and it was saved.
    expect(document.getElementById("cart-badge")!.textContent).toBe("2");
    expect(storage.value).toEqual([{ ...lamp, quantity: 2 }]);
    expect(outputs).toEqual([
      { thread_id: "thr_1", result: { items: [{ ...lamp, quantity: 2 }] } },
      { thread_id: "thr_1", result: { error: 'unknown client tool "launch_rocket"' } },
    ]);
    // Each output went as a streaming request of its own, after the stream that asked for it.
    const types = backend.callsOf("chatkit_request").map((c) => (JSON.parse(String(c.args.body)) as { type: string }).type);
    expect(types.filter((t) => t !== "threads.list")).toEqual(["threads.create", "threads.add_client_tool_output", "threads.add_client_tool_output"]);
    const call = document.querySelector('.thread-item[data-item-id="tc_1"]') as HTMLElement;
    expect(call.textContent).toContain("Ran cart_add");
    expect(document.getElementById("error-banner")).toBeNull();
    await waitFor(() => expect(document.getElementById("composer-send")).not.toBeNull());
  });

  it("lists history and opens a thread with all its items", async () => {
    const items = [user("u1", "hello"), card];
    setup((req) => {
      if (req.type === "threads.list") return { kind: "json", body: JSON.stringify({ data: [{ ...thread, title: "Lamps" }], has_more: false }) };
      if (req.type === "threads.get_by_id") return { kind: "json", body: JSON.stringify({ ...thread, title: "Lamps", items: { data: items, has_more: false } }) };
      return { kind: "json", body: "{}" };
    });
    const entry = await screen.findByText("Lamps");
    expect(entry.closest(".history-item")).not.toBeNull();
    fireEvent.click(entry);
    await screen.findByText("hello");
    expect(Array.from(document.querySelectorAll(".thread-item")).map((e) => (e as HTMLElement).dataset.itemType)).toEqual(["user_message", "widget"]);
  });

  it("settings: shows where the key is, never reads it back, saves with api_key null to keep it, shows errors", async () => {
    let saved: unknown;
    let fail = false;
    setup(() => ({ kind: "json", body: '{"data":[],"has_more":false}' }), {
      get_settings: () => ({ provider: "openai", base_url: "", model: "gpt-4.1-mini", has_api_key: true, key_storage: "keychain" }),
      save_settings: (args) => {
        if (fail) throw { message: "keychain locked" };
        saved = args.settings;
        return { provider: "openai", base_url: "", model: "gpt-4.1", has_api_key: true, key_storage: "keychain" };
      },
    });
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    await screen.findByText("An API key is stored in the system keychain.");
    const key = document.getElementById("settings-api-key") as HTMLInputElement;
    expect(key.type).toBe("password");
    expect(key.value).toBe("");
    fireEvent.change(document.getElementById("settings-model")!, { target: { value: "gpt-4.1" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Settings saved.");
    expect(saved).toEqual({ provider: "openai", base_url: "", model: "gpt-4.1", api_key: null });
    fail = true;
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("keychain locked");
  });

  it("replays sync_action_counter.json: +1 sends the recorded sync requests and shows updated_item", async () => {
    const steps = loadScenario("sync_action_counter").steps;
    const sent: unknown[] = [];
    let next = 1;
    setup((req, ch) => {
      if (req.type === "threads.list") return { kind: "json", body: '{"data":[],"has_more":false}' };
      if (req.type === "threads.create") {
        const r = steps[0].response as { events: unknown[] };
        playEvents(ch, r.events);
        return { kind: "stream" };
      }
      sent.push(req);
      const step = steps[next++];
      return { kind: "json", body: JSON.stringify((step.response as { body: unknown }).body) };
    });
    fireEvent.change(document.getElementById("composer-input")!, { target: { value: "widget: counter" } });
    fireEvent.keyDown(document.getElementById("composer-input")!, { key: "Enter" });
    const plus = await screen.findByRole("button", { name: "+1" });
    await waitFor(() => expect(document.getElementById("composer-send")).not.toBeNull());
    fireEvent.click(plus);
    await waitFor(() => expect(document.querySelector('.widget .w-text')?.textContent).toBe("1"));
    fireEvent.click(screen.getByRole("button", { name: "+1" }));
    await waitFor(() => expect(document.querySelector('.widget .w-text')?.textContent).toBe("2"));
    expect(sent).toEqual([steps[1].request, steps[2].request].map((r) => ({ ...(r as object), metadata: {} })));
  });
});
