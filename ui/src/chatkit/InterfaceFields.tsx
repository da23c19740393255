//! The settings panel's "Chat interface" part: built-in or the ChatKit web component, and the
//! ChatKit domain key.
//! Why apart from the model fields: it is another setting with its own commands
//! (`get_chat_interface` / `save_chat_interface`) and its own effect (saving it opens or closes
//! the ChatKit window at once). [`useInterfaceForm`] keeps its state; the panel's Save calls its
//! `save`, which sends the choice when it changed, or when ChatKit is chosen and is not running
//! (saving again is how a user retries after fixing the network or the key). The key is checked
//! by the core; its message shows in the panel's error line.

import { useEffect, useState } from "react";
import type { Backend } from "../platform/backend";
import { getChatInterface, saveChatInterface, type ChatInterface, type InterfaceView } from "./interfaceApi";

export const INTERFACES: Array<{ value: ChatInterface; label: string }> = [
  { value: "built-in", label: "Built-in (works offline)" },
  { value: "chatkit", label: "ChatKit web component (needs internet and a domain key)" },
];

export interface InterfaceForm {
  loaded: boolean;
  choice: ChatInterface;
  domainKey: string;
  setChoice: (c: ChatInterface) => void;
  setDomainKey: (k: string) => void;
  /** Saves the choice if needed (see the module doc); rejects with the core's message. */
  save: () => Promise<void>;
}

export function useInterfaceForm(backend: Backend): InterfaceForm {
  const [view, setView] = useState<InterfaceView | null>(null);
  const [choice, setChoice] = useState<ChatInterface>("built-in");
  const [domainKey, setDomainKey] = useState("");

  useEffect(() => {
    let live = true;
    getChatInterface(backend)
      .then((v) => {
        if (!live) return;
        setView(v);
        setChoice(v.interface);
        setDomainKey(v.domain_key);
      })
      .catch((e) => console.warn("could not load the chat interface setting", e));
    return () => {
      live = false;
    };
  }, [backend]);

  const save = async () => {
    if (!view) return;
    const changed = choice !== view.interface || domainKey.trim() !== view.domain_key;
    const retry = choice === "chatkit" && view.status.state !== "ready" && view.status.state !== "opening";
    if (!changed && !retry) return;
    const next = await saveChatInterface(backend, { interface: choice, domain_key: domainKey.trim() });
    setView(next);
    setDomainKey(next.domain_key);
  };

  return { loaded: view !== null, choice, domainKey, setChoice, setDomainKey, save };
}

export function InterfaceFields({ form }: { form: InterfaceForm }) {
  const origin = typeof window !== "undefined" ? window.location.origin : "";
  return (
    <>
      <label className="field">
        <span className="field-label">Chat interface</span>
        <select id="settings-interface" value={form.choice} onChange={(e) => form.setChoice(e.target.value as ChatInterface)} disabled={!form.loaded}>
          {INTERFACES.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </select>
        {form.choice === "chatkit" && (
          <span className="field-hint">
            OpenAI&apos;s web component, in its own window. If it cannot load, Shopdesk falls back to the built-in interface and says why.
          </span>
        )}
      </label>
      {form.choice === "chatkit" && (
        <label className="field">
          <span className="field-label">ChatKit domain key</span>
          <input id="settings-domain-key" value={form.domainKey} placeholder="domain_pk_…" autoComplete="off" spellCheck={false} onChange={(e) => form.setDomainKey(e.target.value)} />
          <span className="field-hint" id="settings-domain-key-hint">
            Not a secret: from platform.openai.com → Domain allowlist, registered for this app&apos;s origin{origin && origin !== "null" ? ` (${origin})` : ""}.
          </span>
        </label>
      )}
    </>
  );
}
