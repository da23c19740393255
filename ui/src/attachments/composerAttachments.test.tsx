//! Attachments through the whole page with a fake core: pick → `attachments.create` → chunked
//! `attachment_upload` → send with the ids; refusals; removal deletes the created attachment.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { renderApp } from "../test/renderApp";
import { TestBackend, playEvents } from "../test/fakeBackend";
import { CHUNK_BYTES } from "./transfer";

/** These render the whole page; on a loaded two-core machine one can take several seconds. */
const PAGE_TEST_TIMEOUT_MS = 20_000;

const thread = { id: "thr_1", created_at: "x", status: { type: "active" }, metadata: {}, items: { data: [], has_more: false } };

function setup() {
  const requests: { type: string; params: Record<string, unknown> }[] = [];
  const received = new Map<string, number>();
  const backend = new TestBackend(
    (req, ch) => {
      requests.push(req);
      if (req.type === "threads.list") return { kind: "json", body: '{"data":[],"has_more":false}' };
      if (req.type === "attachments.create") {
        const id = `atc_${requests.filter((r) => r.type === "attachments.create").length}`;
        const image = String(req.params.mime_type).startsWith("image/");
        const a = { id, name: req.params.name, mime_type: req.params.mime_type, type: image ? "image" : "file", upload_descriptor: { url: `shopdesk-ipc://attachments/${id}/upload`, method: "PUT", headers: {} }, ...(image ? { preview_url: `shopdesk-ipc://attachments/${id}/preview` } : {}) };
        received.set(id, 0);
        return { kind: "json", body: JSON.stringify(a) };
      }
      if (req.type === "attachments.delete") return { kind: "json", body: "{}" };
      if (req.type === "threads.create") {
        const input = req.params.input as { attachments: string[] };
        const attachments = input.attachments.map((id) => ({ id, name: "lamp.png", mime_type: "image/png", type: "image", preview_url: `shopdesk-ipc://attachments/${id}/preview`, thread_id: "thr_1" }));
        playEvents(ch, [
          { type: "thread.created", thread },
          { type: "thread.item.done", item: { id: "u1", thread_id: "thr_1", created_at: "x", type: "user_message", content: [{ type: "input_text", text: "what is this?" }], attachments, inference_options: {} } },
          { type: "thread.item.done", item: { id: "m1", thread_id: "thr_1", created_at: "x", type: "assistant_message", content: [{ type: "output_text", text: 'I received your image "lamp.png".', annotations: [] }] } },
        ]);
        return { kind: "stream" };
      }
      return { kind: "json", body: "{}" };
    },
    {
      attachment_upload: (args) => {
        const headers = args.headers as Record<string, string>;
        const id = headers["x-attachment-id"];
        const offset = Number(headers["x-attachment-offset"]);
        expect(offset).toBe(received.get(id));
        const next = offset + (args.body as Uint8Array).length;
        received.set(id, next);
        return { received: next, total: 300_000, complete: next >= 300_000 };
      },
      attachment_preview: () => new Uint8Array([1, 2, 3]).buffer,
    },
  );
  renderApp(backend);
  return { backend, requests };
}

beforeAll(() => {
  // jsdom has no object URLs; the page makes one per picked image for its preview.
  let n = 0;
  URL.createObjectURL ??= () => `blob:test/${++n}`;
  URL.revokeObjectURL ??= () => undefined;
});

function pick(files: File[]) {
  fireEvent.change(document.getElementById("composer-file")!, { target: { files } });
}

describe("composer attachments", () => {
  it("uploads a picked image in chunks through the core and sends its id with the message", async () => {
    const { backend, requests } = setup();
    pick([new File([new Uint8Array(300_000)], "lamp.png", { type: "image/png" })]);
    await waitFor(() => expect(document.querySelector(".attachment-pending")?.getAttribute("data-phase")).toBe("ready"));
    const chunks = backend.callsOf("attachment_upload");
    expect(chunks.map((c) => (c.args.headers as Record<string, string>)["x-attachment-offset"])).toEqual(["0", String(CHUNK_BYTES)]);
    expect(requests.find((r) => r.type === "attachments.create")!.params).toEqual({ name: "lamp.png", size: 300_000, mime_type: "image/png" });
    fireEvent.change(document.getElementById("composer-input")!, { target: { value: "what is this?" } });
    fireEvent.click(document.getElementById("composer-send")!);
    await screen.findByText('I received your image "lamp.png".');
    const create = requests.find((r) => r.type === "threads.create")!;
    expect((create.params.input as { attachments: string[] }).attachments).toEqual(["atc_1"]);
    // The tray is empty after the send; the message shows the image.
    expect(document.querySelector(".attachment-pending")).toBeNull();
    await waitFor(() => expect(document.querySelector('.thread-item[data-item-id="u1"] img.attachment-image')?.getAttribute("src")).toMatch(/^blob:/));
  }, PAGE_TEST_TIMEOUT_MS);

  it("refuses a file of the wrong type or size with a message, and sends nothing for it", async () => {
    const { requests } = setup();
    pick([new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" })]);
    expect((await screen.findByRole("alert")).textContent).toMatch(/"logo\.svg" cannot be attached/);
    const big = new File(["x"], "huge.png", { type: "image/png" });
    Object.defineProperty(big, "size", { value: 21 * 1024 * 1024 });
    pick([big]);
    await waitFor(() => expect(document.querySelector(".attachment-notice")?.textContent).toMatch(/"huge\.png" is 21 MB; the limit is 20 MB/));
    expect(requests.some((r) => r.type === "attachments.create")).toBe(false);
  }, PAGE_TEST_TIMEOUT_MS);

  it("Send waits for the upload; removing an attachment deletes it on the core", async () => {
    const { requests } = setup();
    pick([new File(["hello"], "notes.txt", { type: "text/plain" })]);
    fireEvent.change(document.getElementById("composer-input")!, { target: { value: "read this" } });
    await waitFor(() => expect(document.querySelector(".attachment-pending")?.getAttribute("data-phase")).toBe("ready"));
    expect((document.getElementById("composer-send") as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Remove notes.txt" }));
    await waitFor(() => expect(requests.some((r) => r.type === "attachments.delete" && r.params.attachment_id === "atc_1")).toBe(true));
    expect(document.querySelector(".attachment-pending")).toBeNull();
  }, PAGE_TEST_TIMEOUT_MS);
});
