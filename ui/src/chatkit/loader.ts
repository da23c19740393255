//! Loading the ChatKit web component in its window, and deciding when it has failed.
//! Why: without OpenAI's CDN the official React wrapper fails quietly — it renders an unknown
//! `<openai-chatkit>` element and waits forever — and a refused domain key shows a blank frame.
//! So the page loads the loader script itself (to hear its `error`, and a Content-Security-Policy
//! refusal, which it names apart from a network failure), and a [`ReadyWatch`] gives ChatKit the
//! ready timeout to emit `chatkit.ready`. Each failure has a cause a user can act on; the page
//! reports it and the app falls back to the built-in interface (`chatkit_window/status.rs`).

/** The custom element the loader defines. */
export const CHATKIT_ELEMENT = "openai-chatkit";

export class ChatKitLoadError extends Error {
  constructor(readonly cause: string) {
    super(cause);
  }
}

const loads = new Map<string, Promise<void>>();

/** Adds the loader `<script src=url>` once; resolves when it ran, rejects with the cause. */
export function loadLoaderScript(url: string, doc: Document = document): Promise<void> {
  if (doc.defaultView?.customElements.get(CHATKIT_ELEMENT)) return Promise.resolve();
  const known = loads.get(url);
  if (known) return known;
  const host = new URL(url).host;
  const load = new Promise<void>((resolve, reject) => {
    let blocked = false;
    const onViolation = (e: SecurityPolicyViolationEvent) => {
      if (e.blockedURI.startsWith(url)) blocked = true;
    };
    doc.addEventListener("securitypolicyviolation", onViolation);
    const script = doc.createElement("script");
    script.src = url;
    script.async = true;
    script.addEventListener("load", () => {
      doc.removeEventListener("securitypolicyviolation", onViolation);
      resolve();
    });
    script.addEventListener("error", () => {
      doc.removeEventListener("securitypolicyviolation", onViolation);
      // A CSP refusal also fires `error`; its violation event comes first.
      reject(
        new ChatKitLoadError(
          blocked
            ? `the loader script from ${host} was blocked by the window's Content-Security-Policy`
            : `its loader script could not be fetched from ${host} (no network, or the host is blocked)`,
        ),
      );
    });
    doc.head.appendChild(script);
  });
  loads.set(url, load);
  // A failed load may be retried by a reload of the page, not by a second call.
  return load;
}

/** The cause for a `chatkit.error`: a refused domain key says so. */
export function describeChatKitError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "unknown error";
  if (/domain|verif|InvalidFrameParams|unauthori[sz]ed|forbidden|401|403/i.test(message)) {
    return `the domain key was refused (${message})`;
  }
  return `the ChatKit component reported an error (${message})`;
}

/** Calls `onFail` once if [`ReadyWatch.ready`] is not called within `timeoutMs`. */
export class ReadyWatch {
  private settled = false;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly timeoutMs: number,
    private readonly onFail: (cause: string) => void,
    private readonly onReady: () => void,
  ) {
    this.timer = setTimeout(
      () => this.fail(`no answer from ChatKit within ${Math.round(timeoutMs / 1000)} s (the domain key may have been refused, or the network is too slow)`),
      timeoutMs,
    );
  }

  get timeout(): number {
    return this.timeoutMs;
  }

  ready(): void {
    if (this.settle()) this.onReady();
  }

  fail(cause: string): void {
    if (this.settle()) this.onFail(cause);
  }

  /** Stops watching without a verdict (the page unmounted). */
  cancel(): void {
    this.settle();
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    return true;
  }
}
