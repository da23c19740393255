//! A scriptable fake of the Tauri backend for unit tests.
//! Why: tests drive the transport and the app without a Rust core: every `invoke` is recorded,
//! `chatkit_request` answers come from a handler the test supplies, and the test pushes channel
//! frames itself.

import type { Backend, ChannelLike } from "../platform/backend";
import type { Frame, RequestResult } from "../transport/ipcFetch";

export interface InvokeCall {
  cmd: string;
  args: Record<string, unknown>;
}

export type RequestHandler = (req: { type: string; params: Record<string, unknown> }, channel: ChannelLike<Frame>, runId: string) => Promise<RequestResult> | RequestResult;

export class TestBackend implements Backend {
  calls: InvokeCall[] = [];
  /** Names the fake in a failure message; scripts/check-dist.sh fails if this is in ui/dist. */
  toString(): string {
    return "shopdesk:test-fake-backend";
  }
  constructor(public handler: RequestHandler = () => ({ kind: "json", body: "{}" }), public commands: Record<string, (args: Record<string, unknown>) => unknown> = {}) {}

  async invoke<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    this.calls.push({ cmd, args });
    if (cmd === "chatkit_request") {
      const req = JSON.parse(String(args.body)) as { type: string; params: Record<string, unknown> };
      return (await this.handler(req, args.onEvent as ChannelLike<Frame>, String(args.runId))) as T;
    }
    const c = this.commands[cmd];
    if (c) return c(args) as T;
    return undefined as T;
  }

  /** Raw-body commands (attachment chunks) are recorded like any other, with `body` and `headers`. */
  async invokeBytes<T>(cmd: string, body: Uint8Array, headers: Record<string, string>): Promise<T> {
    return this.invoke<T>(cmd, { body, headers });
  }

  createChannel<T>(onmessage: (message: T) => void): ChannelLike<T> {
    return { onmessage };
  }

  callsOf(cmd: string): InvokeCall[] {
    return this.calls.filter((c) => c.cmd === cmd);
  }
}

/** Sends events (objects) then `end` on a channel, asynchronously, in order. */
export function playEvents(channel: ChannelLike<Frame>, events: unknown[], end: Frame = { kind: "end" }): void {
  void (async () => {
    for (const e of events) {
      await Promise.resolve();
      channel.onmessage({ kind: "event", at: Date.now(), event: e });
    }
    await Promise.resolve();
    channel.onmessage(end);
  })();
}

export async function readAll(res: Response): Promise<string> {
  return await res.text();
}
