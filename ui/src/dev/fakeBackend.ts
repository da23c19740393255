//! A browser-only stand-in for the Rust core, for development and screenshots outside Tauri.
//! Why: `vite` in a plain browser has no Tauri IPC. This fake answers `chatkit_request` with
//! protocol-shaped events (the same shapes as the conformance fixtures), paced like the offline
//! model, plus the settings commands. main.tsx imports it only in the Vite dev server (behind
//! `import.meta.env.DEV`), so it is never in ui/dist.

import type { Backend, ChannelLike } from "../platform/backend";
import type { Frame, RequestResult } from "../transport/ipcFetch";
import type { Thread, ThreadItem, ThreadMetadata, ThreadStreamEvent, WidgetItem } from "../protocol/types";
import type { WidgetNode } from "../protocol/widgets";
import { DEV_PRODUCTS, productCard, productListStates } from "./fakeCatalog";

const DELAY_MS = 110;

/** Logged when the fake starts; scripts/check-dist.sh fails if this string is in ui/dist. */
export const DEV_FAKE_MARKER = "shopdesk:dev-fake-backend";

interface DevThread {
  meta: ThreadMetadata;
  items: ThreadItem[];
}

interface Run {
  timers: number[];
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${(++counter).toString(16).padStart(6, "0")}`;
const now = () => new Date().toISOString();

function pageOf<T extends { id: string }>(all: T[], limit = 20, order: "asc" | "desc" = "desc", after?: string) {
  const sorted = order === "asc" ? all.slice() : all.slice().reverse();
  const start = after ? sorted.findIndex((x) => x.id === after) + 1 : 0;
  const data = sorted.slice(start, start + (limit || 20));
  const has_more = start + data.length < sorted.length;
  return { data, has_more, ...(has_more ? { after: data[data.length - 1]?.id } : {}) };
}

export function createFakeBackend(): Backend {
  console.info(`${DEV_FAKE_MARKER}: no Tauri here, answering with the browser-only fake`);
  const threads = new Map<string, DevThread>();
  const runs = new Map<string, Run>();
  let settings = { provider: "offline", base_url: "", model: "", has_api_key: false, key_storage: "none" };

  const toThread = (t: DevThread, items = false): Thread => ({
    ...t.meta,
    metadata: {},
    items: items ? pageOf(t.items, 20, "asc") : { data: [], has_more: false },
  });

  function stream(runId: string, channel: ChannelLike<Frame>, events: Array<ThreadStreamEvent | (() => ThreadStreamEvent[])>) {
    const run: Run = { timers: [] };
    runs.set(runId, run);
    let delay = 0;
    const send = (e: ThreadStreamEvent) => channel.onmessage({ kind: "event", data: JSON.stringify(e) });
    for (const e of events) {
      delay += DELAY_MS;
      run.timers.push(window.setTimeout(() => (typeof e === "function" ? e().forEach(send) : send(e)), delay));
    }
    run.timers.push(window.setTimeout(() => { channel.onmessage({ kind: "end" }); runs.delete(runId); }, delay + DELAY_MS));
  }

  /** Events of an assistant message streamed word by word; the final item is stored. */
  function assistantMessage(t: DevThread, text: string): ThreadStreamEvent[] {
    const id = nextId("msg");
    const base = { id, thread_id: t.meta.id, created_at: now(), type: "assistant_message" as const };
    const events: ThreadStreamEvent[] = [
      { type: "thread.item.added", item: { ...base, content: [] } },
      { type: "thread.item.updated", item_id: id, update: { type: "assistant_message.content_part.added", content_index: 0, content: { type: "output_text", text: "", annotations: [] } } },
    ];
    for (const w of text.match(/\S+\s*/g) ?? []) {
      events.push({ type: "thread.item.updated", item_id: id, update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: w } });
    }
    const item: ThreadItem = { ...base, content: [{ type: "output_text", text, annotations: [] }] };
    events.push({ type: "thread.item.done", item });
    t.items.push(item);
    return events;
  }

  function widgetDone(t: DevThread, widget: WidgetNode): ThreadStreamEvent {
    const item: WidgetItem = { id: nextId("msg"), thread_id: t.meta.id, created_at: now(), type: "widget", widget };
    t.items.push(item);
    return { type: "thread.item.done", item };
  }

  function streamedList(t: DevThread): ThreadStreamEvent[] {
    const states = productListStates(DEV_PRODUCTS);
    const base: WidgetItem = { id: nextId("msg"), thread_id: t.meta.id, created_at: now(), type: "widget", widget: states[0] };
    const events: ThreadStreamEvent[] = [{ type: "thread.item.added", item: base }];
    for (let i = 1; i < states.length; i++) {
      const prevText = summaryOf(states[i - 1]);
      const nextText = summaryOf(states[i]);
      const sameShape = JSON.stringify(withSummary(states[i], prevText)) === JSON.stringify(states[i - 1]);
      if (sameShape && nextText.startsWith(prevText)) {
        events.push({ type: "thread.item.updated", item_id: base.id, update: { type: "widget.streaming_text.value_delta", component_id: "summary", delta: nextText.slice(prevText.length), done: false } });
      } else {
        events.push({ type: "thread.item.updated", item_id: base.id, update: { type: "widget.root.updated", widget: states[i] } });
      }
    }
    const done: WidgetItem = { ...base, widget: states[states.length - 1] };
    t.items.push(done);
    events.push({ type: "thread.item.done", item: done });
    return events;
  }

  function cartSummary(): string {
    const lines = JSON.parse(window.localStorage.getItem("shopdesk.cart.items") ?? "[]") as Array<{ name: string; quantity: number; price: number }>;
    if (!Array.isArray(lines) || lines.length === 0) return "Your cart is empty. Ask me to **show products** to get started.";
    const total = lines.reduce((s, l) => s + l.price * l.quantity, 0);
    return `You have ${lines.length} product${lines.length === 1 ? "" : "s"} in your cart:\n\n${lines.map((l) => `- ${l.quantity} × ${l.name} — $${(l.price * l.quantity).toFixed(2)}`).join("\n")}\n\n**Subtotal: $${total.toFixed(2)}**`;
  }

  function respond(t: DevThread, text: string): Array<ThreadStreamEvent | (() => ThreadStreamEvent[])> {
    const lower = text.toLowerCase();
    const out: Array<ThreadStreamEvent | (() => ThreadStreamEvent[])> = [{ type: "stream_options", stream_options: { allow_cancel: true } }];
    if (lower.includes("show me")) {
      out.push({ type: "progress_update", icon: "search", text: "Searching the catalog…" });
      out.push(...streamedList(t));
      out.push(...assistantMessage(t, "Here are a few favourites from the catalog. Tap **Add** to put one in your cart, or a row for details."));
    } else if (lower.includes("product")) {
      out.push(widgetDone(t, productCard(DEV_PRODUCTS[0])));
      out.push(...assistantMessage(t, "This is our best-selling desk lamp. Want to see more products?"));
    } else if (lower.includes("cart")) {
      out.push({ type: "progress_update", icon: "lucide:shopping-cart", text: "Checking your cart…" });
      out.push(() => assistantMessage(t, cartSummary()));
    } else {
      out.push(...assistantMessage(t, "I can help you find products. Try **Show me products** or ask *what's in my cart?*"));
    }
    if (!t.meta.title) {
      t.meta.title = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      out.push({ type: "thread.updated", thread: toThread(t) });
    }
    return out;
  }

  function userMessage(t: DevThread, text: string): ThreadStreamEvent {
    const item: ThreadItem = { id: nextId("msg"), thread_id: t.meta.id, created_at: now(), type: "user_message", content: [{ type: "input_text", text }], attachments: [], inference_options: {} };
    t.items.push(item);
    return { type: "thread.item.done", item };
  }

  function handle(body: string, runId: string, channel: ChannelLike<Frame>): RequestResult {
    const req = JSON.parse(body) as { type: string; params: Record<string, any> };
    const p = req.params ?? {};
    const get = (id: string) => {
      const t = threads.get(id);
      if (!t) throw { code: "not_found", message: `thread ${id} not found` };
      return t;
    };
    const json = (v: unknown): RequestResult => ({ kind: "json", body: JSON.stringify(v) });
    switch (req.type) {
      case "threads.create": {
        const t: DevThread = { meta: { id: nextId("thr"), created_at: now(), status: { type: "active" } }, items: [] };
        threads.set(t.meta.id, t);
        const text = p.input?.content?.[0]?.text ?? "";
        stream(runId, channel, [{ type: "thread.created", thread: toThread(t) }, userMessage(t, text), ...respond(t, text)]);
        return { kind: "stream" };
      }
      case "threads.add_user_message": {
        const t = get(p.thread_id);
        const text = p.input?.content?.[0]?.text ?? "";
        stream(runId, channel, [userMessage(t, text), ...respond(t, text)]);
        return { kind: "stream" };
      }
      case "threads.retry_after_item": {
        const t = get(p.thread_id);
        const idx = t.items.findIndex((i) => i.id === p.item_id);
        const um = t.items[idx];
        t.items = t.items.slice(0, idx + 1);
        const text = um && um.type === "user_message" ? (um.content[0] as { text: string }).text : "";
        stream(runId, channel, respond(t, text));
        return { kind: "stream" };
      }
      case "threads.custom_action": {
        const t = get(p.thread_id);
        const product = DEV_PRODUCTS.find((x) => x.id === p.action?.payload?.product_id) ?? DEV_PRODUCTS[0];
        stream(runId, channel, [
          { type: "stream_options", stream_options: { allow_cancel: true } },
          { type: "progress_update", icon: "info", text: `Loading ${product.name}…` },
          widgetDone(t, productCard(product)),
        ]);
        return { kind: "stream" };
      }
      case "threads.list":
        return json({ ...pageOf([...threads.values()].map((t) => toThread(t)), p.limit, p.order, p.after) });
      case "threads.get_by_id":
        return json(toThread(get(p.thread_id), true));
      case "items.list":
        return json(pageOf(get(p.thread_id).items, p.limit, p.order, p.after));
      case "threads.update": {
        const t = get(p.thread_id);
        t.meta.title = String(p.title);
        return json(toThread(t));
      }
      case "threads.delete":
        threads.delete(p.thread_id);
        return json({});
      case "items.feedback":
      case "threads.sync_custom_action":
        return json({});
      default:
        throw { code: "invalid_request", message: `unsupported request type ${req.type}` };
    }
  }

  return {
    async invoke<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
      switch (cmd) {
        case "chatkit_request":
          return handle(String(args.body), String(args.runId), args.onEvent as ChannelLike<Frame>) as T;
        case "chatkit_cancel": {
          const run = runs.get(String(args.runId));
          run?.timers.forEach((t) => window.clearTimeout(t));
          runs.delete(String(args.runId));
          return undefined as T;
        }
        case "get_settings":
          return settings as T;
        case "save_settings": {
          const s = (args.settings ?? {}) as { provider?: string; base_url?: string; model?: string; api_key?: string | null };
          const hasKey = s.api_key === null || s.api_key === undefined ? settings.has_api_key : s.api_key !== "";
          settings = { provider: s.provider ?? "offline", base_url: s.base_url ?? "", model: s.model ?? "", has_api_key: hasKey, key_storage: hasKey ? "keychain" : "none" };
          return settings as T;
        }
        default:
          throw { code: "internal", message: `unknown command ${cmd}` };
      }
    },
    createChannel<T>(onmessage: (message: T) => void): ChannelLike<T> {
      return { onmessage };
    },
  };
}

function summaryOf(w: WidgetNode): string {
  const first = (w.children as WidgetNode[])[0];
  const text = (first.children as WidgetNode[])[0];
  return String(text.value ?? "");
}

function withSummary(w: WidgetNode, value: string): WidgetNode {
  const clone = JSON.parse(JSON.stringify(w)) as WidgetNode;
  ((((clone.children as WidgetNode[])[0]).children as WidgetNode[])[0]).value = value;
  return clone;
}
