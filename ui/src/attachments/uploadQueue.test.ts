//! The composer's attachment state machine: create → upload → ready, failures, removal, and when
//! a message may be sent.
import { describe, expect, it } from "vitest";
import type { Attachment } from "../protocol/types";
import { refusal, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "./limits";
import { emptyQueue, fractionSent, readyAttachments, settled, uploadReducer, type UploadEvent, type UploadQueue } from "./uploadQueue";

const png = { key: "k1", name: "lamp.png", size: 1000, mimeType: "image/png", isImage: true };
const pdf = { key: "k2", name: "specs.pdf", size: 10, mimeType: "application/pdf", isImage: false };
const atc = (id: string, name: string): Attachment => ({ id, name, mime_type: "image/png", type: "image", preview_url: "x" });

const run = (events: UploadEvent[], from: UploadQueue = emptyQueue) => events.reduce(uploadReducer, from);

describe("upload queue", () => {
  it("goes creating → uploading (with progress) → ready, and only then counts as sendable", () => {
    let q = run([{ kind: "added", item: png }]);
    expect(q.items[0].phase).toBe("creating");
    expect(settled(q)).toBe(false);
    q = run([{ kind: "created", key: "k1", attachment: atc("atc_1", "lamp.png") }, { kind: "progress", key: "k1", sent: 400 }], q);
    expect(q.items[0].phase).toBe("uploading");
    expect(fractionSent(q.items[0])).toBeCloseTo(0.4);
    expect(readyAttachments(q)).toEqual([]);
    // Progress never goes backwards nor past the size.
    q = run([{ kind: "progress", key: "k1", sent: 100 }, { kind: "progress", key: "k1", sent: 5000 }], q);
    expect(q.items[0].sent).toBe(1000);
    q = run([{ kind: "uploaded", key: "k1" }], q);
    expect(q.items[0].phase).toBe("ready");
    expect(settled(q)).toBe(true);
    expect(readyAttachments(q).map((a) => a.id)).toEqual(["atc_1"]);
  });

  it("a failed upload is kept with its reason, settles, and is not sent", () => {
    const q = run([
      { kind: "added", item: png },
      { kind: "added", item: pdf },
      { kind: "created", key: "k1", attachment: atc("atc_1", "lamp.png") },
      { kind: "failed", key: "k1", error: "disk full" },
      { kind: "created", key: "k2", attachment: atc("atc_2", "specs.pdf") },
      { kind: "uploaded", key: "k2" },
    ]);
    expect(q.items.map((i) => i.phase)).toEqual(["failed", "ready"]);
    expect(q.items[0].error).toBe("disk full");
    expect(settled(q)).toBe(true);
    expect(readyAttachments(q).map((a) => a.id)).toEqual(["atc_2"]);
  });

  it("a removed attachment does not come back when its upload finishes late", () => {
    const q = run([
      { kind: "added", item: png },
      { kind: "removed", key: "k1" },
      { kind: "created", key: "k1", attachment: atc("atc_1", "lamp.png") },
      { kind: "uploaded", key: "k1" },
    ]);
    expect(q.items).toEqual([]);
  });

  it("events out of order change nothing (no upload before create, no failure after ready)", () => {
    let q = run([{ kind: "added", item: png }, { kind: "uploaded", key: "k1" }, { kind: "progress", key: "k1", sent: 10 }]);
    expect(q.items[0]).toMatchObject({ phase: "creating", sent: 0 });
    q = run([{ kind: "created", key: "k1", attachment: atc("atc_1", "lamp.png") }, { kind: "uploaded", key: "k1" }, { kind: "failed", key: "k1", error: "late" }], q);
    expect(q.items[0].phase).toBe("ready");
  });

  it("a refusal is shown until the next change and clears with the queue", () => {
    let q = run([{ kind: "refused", message: "too big" }]);
    expect(q.notice).toBe("too big");
    q = run([{ kind: "added", item: png }], q);
    expect(q.notice).toBeNull();
    expect(run([{ kind: "cleared" }], q)).toEqual(emptyQueue);
  });
});

describe("attachment limits", () => {
  it("refuses wrong types, empty and oversized files, and too many, with a message naming the file", () => {
    expect(refusal({ name: "a.png", type: "image/png", size: 10 }, 0)).toBeNull();
    expect(refusal({ name: "notes.md", type: "", size: 10 }, 0)).toBeNull();
    expect(refusal({ name: "x.svg", type: "image/svg+xml", size: 10 }, 0)).toMatch(/"x\.svg" cannot be attached/);
    expect(refusal({ name: "run.exe", type: "application/octet-stream", size: 10 }, 0)).toMatch(/cannot be attached/);
    expect(refusal({ name: "e.png", type: "image/png", size: 0 }, 0)).toBe('"e.png" is empty.');
    expect(refusal({ name: "big.png", type: "image/png", size: MAX_ATTACHMENT_BYTES + 1 }, 0)).toBe('"big.png" is 20 MB; the limit is 20 MB.');
    expect(refusal({ name: "a.png", type: "image/png", size: 10 }, MAX_ATTACHMENTS)).toMatch(/At most 8/);
  });
});
