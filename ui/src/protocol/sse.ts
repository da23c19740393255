//! Incremental parser for `text/event-stream` bodies (docs/PROTOCOL.md §1.4).
//! Why: the transport hands the client arbitrary byte chunks; an event's `data:` line can be split
//! anywhere (even inside a UTF-8 sequence). This parser buffers text until a blank line ends an
//! event and then yields the event's data, following the SSE rules the reference server relies on
//! (`data: <json>\n\n`), while tolerating CRLF, comments and multi-line data. A comment
//! `: at=<ms>` before an event's data is when the core emitted it (`shopdesk-server
//! --stamp-events`, for the core → page latency of issue 14); every other comment is ignored.

/** One event of the stream: its data, and when the core emitted it if the server said. */
export interface SseEvent {
  data: string;
  /** Milliseconds since the Unix epoch, from a `: at=<ms>` comment in the event. */
  at?: number;
}

const STAMP = /^: ?at=(\d+(?:\.\d+)?)$/;

export class SseParser {
  private buffer = "";
  private dataLines: string[] = [];
  private at: number | undefined;
  private readonly decoder = new TextDecoder("utf-8");

  /** Feeds raw bytes; returns every event completed by this chunk. */
  pushBytes(chunk: Uint8Array): SseEvent[] {
    return this.pushText(this.decoder.decode(chunk, { stream: true }));
  }

  /** Feeds already-decoded text; returns the completed events. */
  pushText(text: string): SseEvent[] {
    this.buffer += text;
    const out: SseEvent[] = [];
    for (;;) {
      const nl = this.buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      // A lone "\r" at the very end may be the first half of "\r\n": wait for more input.
      if (this.buffer[nl] === "\r" && nl === this.buffer.length - 1) break;
      const sepLen = this.buffer.startsWith("\r\n", nl) ? 2 : 1;
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + sepLen);
      this.takeLine(line, out);
    }
    return out;
  }

  /** Ends the input: flushes a final event that was not followed by a blank line. */
  finish(): SseEvent[] {
    const out: SseEvent[] = [];
    const tail = this.decoder.decode();
    if (tail) this.buffer += tail;
    if (this.buffer.length > 0) {
      this.takeLine(this.buffer, out);
      this.buffer = "";
    }
    this.takeLine("", out);
    return out;
  }

  private takeLine(line: string, out: SseEvent[]): void {
    if (line === "") {
      if (this.dataLines.length > 0) {
        const data = this.dataLines.join("\n");
        out.push(this.at === undefined ? { data } : { data, at: this.at });
        this.dataLines = [];
      }
      this.at = undefined;
      return;
    }
    if (line.startsWith(":")) {
      // A comment: the core's emit stamp, or a heartbeat.
      const stamp = STAMP.exec(line);
      if (stamp) this.at = Number(stamp[1]);
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.dataLines.push(value);
    // `event`, `id`, `retry` and unknown fields carry nothing for ChatKit: ignored.
  }
}

/** The result of decoding one event payload: the event, or why it was rejected. */
export type DecodedEvent<T> = { ok: true; event: T } | { ok: false; error: string; raw: string };

/** Parses one SSE data payload as a JSON object with a string `type`. */
export function decodeEvent<T extends { type: string }>(raw: string): DecodedEvent<T> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}`, raw };
  }
  return checkEvent<T>(value, raw);
}

/** Checks an already-parsed event (Contract 8's direct path): an object with a string `type`. */
export function checkEvent<T extends { type: string }>(value: unknown, raw?: string): DecodedEvent<T> {
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
    return { ok: false, error: "event without a string `type`", raw: raw ?? safeJson(value) };
  }
  return { ok: true, event: value as T };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
