//! Tests of the SSE parser: exact reference framing, chunk splits anywhere, tolerance.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { SseParser, decodeEvent, type SseEvent } from "./sse";

const enc = new TextEncoder();
/** The data payloads of parsed events. */
const data = (events: SseEvent[]) => events.map((e) => e.data);

describe("SseParser", () => {
  const stream = 'data: {"type":"a","t":"héllo ✓"}\n\ndata: {"type":"b"}\n\n';

  it("parses reference framing", () => {
    const p = new SseParser();
    expect(p.pushText(stream)).toEqual([{ data: '{"type":"a","t":"héllo ✓"}' }, { data: '{"type":"b"}' }]);
    expect(p.finish()).toEqual([]);
  });

  it("gives the same events whatever byte position the chunks split at", () => {
    const bytes = enc.encode(stream);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const cut2 of [cut, Math.min(bytes.length, cut + 3)]) {
        const p = new SseParser();
        const out = [...p.pushBytes(bytes.slice(0, cut)), ...p.pushBytes(bytes.slice(cut, cut2)), ...p.pushBytes(bytes.slice(cut2)), ...p.finish()];
        expect(data(out), `cut at ${cut}/${cut2}`).toEqual(['{"type":"a","t":"héllo ✓"}', '{"type":"b"}']);
      }
    }
  });

  it("accepts CRLF, comments, other fields and multi-line data", () => {
    const p = new SseParser();
    const out = p.pushText(": heartbeat\r\nevent: x\r\nid: 1\r\ndata: line1\r\ndata:line2\r\n\r\ndata: z\r");
    expect(data(out)).toEqual(["line1\nline2"]);
    expect(data(p.pushText("\n\n"))).toEqual(["z"]);
  });

  it("flushes a last event without the closing blank line", () => {
    const p = new SseParser();
    expect(p.pushText('data: {"type":"end"}')).toEqual([]);
    expect(data(p.finish())).toEqual(['{"type":"end"}']);
  });

  it("keeps the core's emit stamp (: at=<ms>) with its event, and only with it", () => {
    const p = new SseParser();
    const out = p.pushText(': at=1765100000123.456\ndata: {"type":"a"}\n\n: heartbeat\ndata: {"type":"b"}\n\n:at=17\n\ndata: {"type":"c"}\n\n: at=nope\ndata: {"type":"d"}\n\n');
    expect(out).toEqual([
      { data: '{"type":"a"}', at: 1765100000123.456 },
      { data: '{"type":"b"}' }, // a heartbeat is no stamp
      { data: '{"type":"c"}' }, // a stamp in a block without data stamps nothing after it
      { data: '{"type":"d"}' },
    ]);
  });

  it("decodes events and rejects bad payloads with a reason", () => {
    expect(decodeEvent('{"type":"notice"}')).toEqual({ ok: true, event: { type: "notice" } });
    expect(decodeEvent("{nope").ok).toBe(false);
    expect(decodeEvent('{"no":"type"}').ok).toBe(false);
    expect(decodeEvent("[1]").ok).toBe(false);
  });
});
