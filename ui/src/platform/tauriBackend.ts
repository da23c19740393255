//! The real backend: Tauri IPC through `@tauri-apps/api/core`.
//! Why: the bundler resolves `@tauri-apps/api`, which talks to `window.__TAURI_INTERNALS__`
//! injected by the Tauri runtime, so the app needs no `withGlobalTauri`.

import { Channel, invoke, isTauri } from "@tauri-apps/api/core";
import type { Backend } from "./backend";

export function createTauriBackend(): Backend {
  return {
    invoke: <T>(cmd: string, args?: Record<string, unknown>) => invoke<T>(cmd, args),
    createChannel: <T>(onmessage: (message: T) => void) => new Channel<T>(onmessage),
    invokeBytes: <T>(cmd: string, body: Uint8Array, headers: Record<string, string>) => invoke<T>(cmd, body, { headers }),
  };
}

/** True inside the Tauri webview (the runtime sets `isTauri` and the IPC internals). */
export function runningInTauri(): boolean {
  return isTauri() || (typeof window !== "undefined" && "__TAURI_INTERNALS__" in window);
}
