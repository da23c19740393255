//! The HTTP `fetch` wrapper against a real HTTP server on loopback (node:http): the cart lines
//! the page holds at the moment of each request arrive as `metadata.shopdesk_cart`, JSON and
//! `text/event-stream` answers reach the caller unchanged and as they are sent, an abort stays an
//! AbortError (and closes the connection), and an unreachable server is an error that says so.
// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CartLine } from "../cart/cartModel";
import { ChatKitClient } from "../client/chatkitClient";
import { createHttpFetch, withCart } from "./httpFetch";
import { requestLog } from "./requestLog";

const mug: CartLine = { product_id: "mug-ember", name: "Ember Stoneware Mug", price: 18, image: "/products/mug-ember.svg", quantity: 2 };

/** What the server received, in order. */
const received: Array<{ method: string; contentType: string; body: unknown }> = [];
let closedEarly = 0;
let server: Server;
let url: string;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => resolve(text));
  });
}

/** JSON for `threads.list`; an SSE stream of three events 20 ms apart for anything else. */
async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await readBody(req);
  const body = JSON.parse(text) as { type: string };
  received.push({ method: req.method ?? "", contentType: req.headers["content-type"] ?? "", body });
  if (body.type === "threads.list") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"data":[],"has_more":false}');
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  let n = 0;
  res.on("close", () => {
    if (!res.writableEnded) closedEarly++;
  });
  const tick = setInterval(() => {
    if (res.destroyed) return clearInterval(tick);
    n++;
    res.write(`data: {"type":"progress_update","text":"step ${n}"}\n\n`);
    if (n === 3) {
      clearInterval(tick);
      if (body.type !== "threads.add_user_message") res.end(); // add_user_message: never ends on its own
    }
  }, 20);
}

beforeAll(async () => {
  server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chatkit`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("withCart", () => {
  it("sets metadata.shopdesk_cart, keeps other metadata, and only the Contract 2 fields of a line", () => {
    const extra = { ...mug, note: "not part of the contract" } as CartLine;
    const out = JSON.parse(withCart(JSON.stringify({ type: "threads.list", params: {}, metadata: { locale: "en" } }), [extra]));
    expect(out).toEqual({ type: "threads.list", params: {}, metadata: { locale: "en", shopdesk_cart: [mug] } });
    expect(JSON.parse(withCart('{"type":"threads.list","params":{},"metadata":[1]}', []))).toMatchObject({ metadata: { shopdesk_cart: [] } });
  });

  it("sends a body that is not a JSON object as it is (the server answers it with 400)", () => {
    expect(withCart("not json", [mug])).toBe("not json");
    expect(withCart("[1,2]", [mug])).toBe("[1,2]");
  });
});

describe("createHttpFetch over real HTTP", () => {
  it("posts to the server with the cart the page holds at that moment, and logs the request types", async () => {
    received.length = 0;
    let lines: CartLine[] = [];
    const client = new ChatKitClient(createHttpFetch(() => lines), url);
    expect(await client.listThreads({ limit: 5 })).toEqual({ data: [], has_more: false });
    lines = [mug];
    await client.listThreads({ limit: 5 });
    expect(received.map((r) => [r.method, r.contentType])).toEqual([
      ["POST", "application/json"],
      ["POST", "application/json"],
    ]);
    expect(received.map((r) => (r.body as { metadata: { shopdesk_cart: unknown } }).metadata.shopdesk_cart)).toEqual([[], [mug]]);
    expect(requestLog()).toEqual(["threads.list", "threads.list"]);
  });

  it("hands a text/event-stream answer over as it arrives", async () => {
    const f = createHttpFetch(() => []);
    const res = await f(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "threads.create", params: {}, metadata: {} }) });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('data: {"type":"progress_update","text":"step 1"}\n\n');
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toBe('data: {"type":"progress_update","text":"step 2"}\n\ndata: {"type":"progress_update","text":"step 3"}\n\n');
  });

  it("keeps an abort an AbortError and closes the connection, so the server can cancel the run", async () => {
    const before = closedEarly;
    const controller = new AbortController();
    const f = createHttpFetch(() => []);
    const res = await f(url, { method: "POST", body: JSON.stringify({ type: "threads.add_user_message", params: {}, metadata: {} }), signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    const started = Date.now();
    while (closedEarly === before && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 10));
    expect(closedEarly).toBe(before + 1);
    await expect(f(url, { method: "POST", body: "{}", signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("answers 503 with a message naming the server when nothing listens there", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/chatkit`;
    await new Promise((r) => probe.close(r));
    const client = new ChatKitClient(createHttpFetch(() => []), deadUrl);
    await expect(client.listThreads({ limit: 1 })).rejects.toMatchObject({
      status: 503,
      code: "unreachable",
      message: expect.stringContaining(`Cannot reach the Shopdesk server at ${deadUrl}`),
    });
  });
});
