//! The client tools the ChatKit web component may call (`onClientTool`): a name → handler
//! registry.
//! Why: a server tool can stop the turn and ask the page for something only it has (the cart as
//! shown, a selection); the component sends the handler's result back as
//! `threads.add_client_tool_output`. The registry is the one place such tools are added, for the
//! ChatKit window; an unknown name is an error the component reports as a failed tool call.

export type ClientToolHandler = (params: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>;

const tools = new Map<string, ClientToolHandler>();

/** Adds (or replaces) the handler of `name`; returns a function that removes it. */
export function registerClientTool(name: string, handler: ClientToolHandler): () => void {
  tools.set(name, handler);
  return () => {
    if (tools.get(name) === handler) tools.delete(name);
  };
}

/** Runs the client tool `name`; rejects for a name nobody registered. */
export async function runClientTool(name: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const handler = tools.get(name);
  if (!handler) throw new Error(`no client tool named "${name}"`);
  return handler(params);
}
