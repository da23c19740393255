//! The seam between the page and the process that answers it.
//! Why: in the app, commands go to Rust through `@tauri-apps/api` (`invoke` + `Channel`); in unit
//! tests a scriptable fake answers instead (ui/src/test/fakeBackend.ts). Everything that talks to
//! the core takes a `Backend`, so no module reaches for Tauri globals on its own. A page in a plain
//! browser has no `Backend` at all: it speaks HTTP to shopdesk-server (transport/httpFetch.ts).

/** The receiving end of a Tauri `Channel`: what the core pushes frames into. */
export interface ChannelLike<T> {
  onmessage: (message: T) => void;
}

export interface Backend {
  invoke<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  /** A channel whose messages go to `onmessage`; pass it as an `invoke` argument. */
  createChannel<T>(onmessage: (message: T) => void): ChannelLike<T>;
  /** A command whose argument is raw bytes, with headers (attachment chunks, Contract 9). */
  invokeBytes?<T = unknown>(cmd: string, body: Uint8Array, headers: Record<string, string>): Promise<T>;
}
