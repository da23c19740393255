//! Tests of the ChatKit window's page with a stand-in `<openai-chatkit>` element (the real one
//! exists only on OpenAI's CDN): the options it receives, the cart actions and effects, the
//! streaming transport, and the ready / failed reports that drive the fallback.
import { act, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { ChatKitOptions } from "@openai/chatkit";
import { CartController } from "../cart/cartController";
import { CartProvider } from "../cart/cartContext";
import { createLocalCartStorage } from "../cart/cartStorageLocal";
import { START_GREETING, START_PROMPTS } from "../app/StartScreen";
import { COMPOSER_PLACEHOLDER } from "../app/Composer";
import { TestBackend, playEvents } from "../test/fakeBackend";
import { createIpcFetch } from "../transport/ipcFetch";
import { ChatKitPage, type WindowOptions } from "./ChatKitPage";
import { CHATKIT_API_URL } from "./chatkitOptions";

/** Every `setOptions` the stand-in element got, newest last. */
const received: ChatKitOptions[] = [];
class StandInChatKit extends HTMLElement {
  setOptions(options: ChatKitOptions) {
    received.push(options);
  }
}
customElements.define("openai-chatkit", StandInChatKit);

const lamp = { product_id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, image: "" };
const win = (over: Partial<WindowOptions> = {}): WindowOptions => ({
  attempt: 7,
  domain_key: "domain_pk_test123",
  ready_timeout_ms: 60_000,
  loader_url: "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js",
  ...over,
});

async function mount(over: Partial<WindowOptions> = {}) {
  const backend = new TestBackend((req, channel) => {
    if (req.type === "threads.create") {
      playEvents(channel, [{ type: "thread.created", thread: { id: "thr_1" } }]);
      return { kind: "stream" };
    }
    return { kind: "json", body: '{"data":[],"has_more":false}' };
  });
  const cart = new CartController(createLocalCartStorage());
  await cart.start();
  render(
    <CartProvider controller={cart}>
      <ChatKitPage backend={backend} fetch={createIpcFetch(backend)} window={win(over)} />
    </CartProvider>,
  );
  await waitFor(() => expect(received.length).toBeGreaterThan(0));
  const element = document.querySelector("openai-chatkit") as StandInChatKit;
  return { backend, cart, element, options: () => received[received.length - 1] };
}

const reports = (backend: TestBackend) => backend.callsOf("chatkit_window_report").map((c) => c.args);

beforeEach(() => {
  received.length = 0;
  window.localStorage.clear();
});

describe("ChatKitPage", () => {
  it("gives the component the IPC fetch, the domain key, the app's prompts, theme and features", async () => {
    const { backend, options } = await mount();
    const o = options();
    const api = o.api as { url: string; domainKey: string; fetch: typeof fetch };
    expect(api.url).toBe(CHATKIT_API_URL);
    expect(api.domainKey).toBe("domain_pk_test123");
    expect(o.startScreen?.greeting).toBe(START_GREETING);
    expect(o.startScreen?.prompts?.map((p) => [p.label, p.prompt])).toEqual(START_PROMPTS.map((p) => [p.label, p.label]));
    expect(o.startScreen?.prompts?.[2].icon).toBe("lucide:shopping-cart");
    expect(o.theme).toMatchObject({ colorScheme: "light" });
    expect(o.history?.enabled).toBe(true);
    expect(o.threadItemActions).toEqual({ feedback: true, retry: true });
    expect(o.composer?.placeholder).toBe(COMPOSER_PLACEHOLDER);
    // The given fetch is the IPC transport: a streaming request reaches the (fake) core and
    // comes back as an SSE body.
    const body = JSON.stringify({ type: "threads.create", params: { input: { content: [{ type: "input_text", text: "show products" }] } }, metadata: {} });
    const res = await api.fetch(api.url, { method: "POST", body });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(await res.text()).toBe('data: {"type":"thread.created","thread":{"id":"thr_1"}}\n\n');
    expect(backend.callsOf("chatkit_request").map((c) => c.args.body)).toEqual([body]);
  });

  it("adds to the app's cart on a cart.add client action, with no ChatKit request", async () => {
    const { backend, cart, options } = await mount();
    await act(() => options().widgets!.onAction!({ type: "cart.add", payload: lamp }, { id: "w1", widget: { type: "Card", children: [] } }));
    expect(cart.getLines().map((l) => [l.product_id, l.quantity])).toEqual([["lamp-001", 1]]);
    expect(screen.getByRole("button", { name: "Cart, 1 items" })).toBeTruthy();
    expect(screen.getByText("Added Aurora Desk Lamp to your cart")).toBeTruthy();
    expect(backend.callsOf("chatkit_request")).toHaveLength(0);
  });

  it("empties the cart on the cart.cleared effect and opens it on cart.open", async () => {
    const { cart, element } = await mount();
    cart.add(lamp);
    act(() => void element.dispatchEvent(new CustomEvent("chatkit.effect", { detail: { name: "cart.cleared" } })));
    expect(cart.getLines()).toEqual([]);
    act(() => void element.dispatchEvent(new CustomEvent("chatkit.effect", { detail: { name: "cart.open", data: {} } })));
    expect(document.getElementById("cart-panel")?.className).toContain("is-open");
  });

  it("runs the assistant's cart tools on the window's cart", async () => {
    const { cart, options } = await mount();
    const added = await options().onClientTool!({ name: "cart_add", params: { ...lamp, quantity: 2 } });
    expect(added).toEqual({ items: [{ ...lamp, quantity: 2 }] });
    expect(cart.getLines().map((l) => [l.product_id, l.quantity])).toEqual([["lamp-001", 2]]);
    expect(screen.getByRole("button", { name: "Cart, 2 items" })).toBeTruthy();
    expect(await options().onClientTool!({ name: "rm_rf", params: {} })).toEqual({ error: 'unknown client tool "rm_rf"' });
  });

  it("reports ready on chatkit.ready, once", async () => {
    const { backend, element } = await mount();
    expect(screen.getByText(/Loading the ChatKit web component/)).toBeTruthy();
    act(() => void element.dispatchEvent(new CustomEvent("chatkit.ready")));
    act(() => void element.dispatchEvent(new CustomEvent("chatkit.ready")));
    await waitFor(() => expect(reports(backend)).toEqual([{ attempt: 7, report: { outcome: "ready" } }]));
    expect(screen.queryByText(/Loading the ChatKit web component/)).toBeNull();
    act(() => void element.dispatchEvent(new CustomEvent("chatkit.response.start")));
    expect(screen.getByText("ChatKit · answering…")).toBeTruthy();
    act(() => void element.dispatchEvent(new CustomEvent("chatkit.response.end")));
    expect(screen.queryByText("ChatKit · answering…")).toBeNull();
  });

  it("reports a refused domain key from chatkit.error as the cause", async () => {
    const { backend, element } = await mount();
    act(() => void element.dispatchEvent(new CustomEvent("chatkit.error", { detail: { error: new Error("Domain key verification failed") } })));
    await waitFor(() => expect(reports(backend)).toHaveLength(1));
    const report = reports(backend)[0].report as { outcome: string; cause: string };
    expect(report.outcome).toBe("failed");
    expect(report.cause).toBe("the domain key was refused (Domain key verification failed)");
    expect(screen.getByRole("alert").textContent).toContain("Switching to the built-in interface");
  });

  it("fails after the ready timeout when chatkit.ready never comes", async () => {
    const { backend } = await mount({ ready_timeout_ms: 30 });
    await waitFor(() => expect(reports(backend)).toHaveLength(1));
    const report = reports(backend)[0].report as { outcome: string; cause: string };
    expect(report).toEqual({ outcome: "failed", cause: expect.stringContaining("no answer from ChatKit within 0 s") });
  });
});
