//! The client tools this page runs, by name: what a pending `client_tool_call` is answered with
//! (`threads.add_client_tool_output`, run by `useChat`).
//! Why: the cart tools (Contract 5) are one set of client tools; a registry lets any part of the
//! page add its own without `useChat` knowing them, and gives every tool the same guarantees —
//! an unknown name, arguments that are not an object, or a handler that throws become an
//! `{error}` result the model can read, never a rejected promise that would leave the call
//! hanging.

export type ClientToolHandler = (params: Record<string, unknown>) => unknown;

export class ClientToolRegistry {
  private readonly tools = new Map<string, ClientToolHandler>();

  /** Registers `handler` as tool `name` (replacing one of that name); returns its unregister. */
  register(name: string, handler: ClientToolHandler): () => void {
    this.tools.set(name, handler);
    return () => {
      if (this.tools.get(name) === handler) this.tools.delete(name);
    };
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  /** Runs tool `name`; resolves with its result or `{error}`, never rejects. */
  run = async (name: string, params: unknown): Promise<unknown> => {
    const handler = this.tools.get(name);
    if (!handler) return { error: `unknown client tool "${name}"` };
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      return { error: `the arguments of ${name} must be an object` };
    }
    try {
      const result = await handler(params as Record<string, unknown>);
      return result === undefined ? {} : result;
    } catch (e) {
      return { error: `${name} failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
}
