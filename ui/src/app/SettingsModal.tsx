//! The settings dialog: model provider, base URL, model, API key; the chat interface
//! (`chatkit/InterfaceFields.tsx`).
//! Why: the key is write-only from the page — the field starts empty, the dialog only says
//! whether a key is stored for the saved server and where (keychain / this session only /
//! environment); saving sends `api_key: null` to keep the key of the server being saved (none
//! if that is another server: keys are kept per origin), a new value to replace it, or "" to
//! delete it. The offline model takes no key, so none is sent for it. For a server, "List
//! models" and "Test connection" (ConnectionCheck.tsx) check the fields as typed, in the core.

import { useEffect, useState, type FormEvent } from "react";
import { KeyRound, X } from "lucide-react";
import type { Backend } from "../platform/backend";
import { describeError, getSettings, saveSettings, type Provider, type Settings } from "./settingsApi";
import { InterfaceFields, useInterfaceForm } from "../chatkit/InterfaceFields";
import { ConnectionCheck } from "./ConnectionCheck";
import "../history/history.css";

const PROVIDERS: Array<{ value: Provider; label: string; hint: string }> = [
  { value: "offline", label: "Offline (built-in)", hint: "Works without network or key; understands common shopping requests." },
  { value: "openai", label: "OpenAI", hint: "Uses the OpenAI Responses API with your API key." },
  { value: "openai-compatible", label: "OpenAI-compatible server", hint: "Ollama, llama.cpp, LM Studio, vLLM … (base URL ending in /v1)." },
];

function storageText(s: Settings): string {
  if (!s.has_api_key || s.key_storage === "none") return "No API key stored.";
  if (s.key_storage === "keychain") return "An API key is stored in the system keychain.";
  if (s.key_storage === "environment") return "An API key is provided by the environment (OPENAI_API_KEY).";
  return "An API key is kept for this session (in memory until the app quits).";
}

/** Keys the user can remove: the stored ones (the environment's is not ours to delete). */
const removable = (s: Settings) => s.has_api_key && (s.key_storage === "keychain" || s.key_storage === "session");

export function SettingsModal({ backend, onClose }: { backend: Backend; onClose: () => void }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [provider, setProvider] = useState<Provider>("offline");
  const [baseUrl, setBaseUrl] = useState("");
  const [model, setModel] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [removeKey, setRemoveKey] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const chatInterface = useInterfaceForm(backend);

  useEffect(() => {
    let live = true;
    getSettings(backend)
      .then((s) => {
        if (!live) return;
        setSettings(s);
        setProvider(s.provider);
        setBaseUrl(s.base_url);
        setModel(s.model);
      })
      .catch((e) => live && setError(`Could not load settings: ${describeError(e)}`));
    return () => {
      live = false;
    };
  }, [backend]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  /** What a save would send now. */
  const update = () => ({
    provider,
    base_url: baseUrl.trim(),
    model: model.trim(),
    api_key: provider === "offline" ? null : removeKey ? "" : apiKey === "" ? null : apiKey,
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      const next = await saveSettings(backend, update());
      setSettings(next);
      setApiKey("");
      setRemoveKey(false);
      await chatInterface.save();
      setSaved(true);
    } catch (err) {
      setError(`Could not save settings: ${describeError(err)}`);
    } finally {
      setSaving(false);
    }
  };

  const hint = PROVIDERS.find((p) => p.value === provider)?.hint;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="settings-title" id="settings-panel">
        <header className="modal-header">
          <h2 id="settings-title">Settings</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close settings">
            <X width={18} height={18} />
          </button>
        </header>
        <form className="settings-form" onSubmit={submit}>
          <label className="field">
            <span className="field-label">Model provider</span>
            <select id="settings-provider" value={provider} onChange={(e) => setProvider(e.target.value as Provider)} disabled={!settings}>
              {PROVIDERS.map((p) => (
                <option key={p.value} value={p.value}>{p.label}</option>
              ))}
            </select>
            {hint && <span className="field-hint">{hint}</span>}
          </label>
          {provider !== "offline" && (
            <>
              <label className="field">
                <span className="field-label">Base URL</span>
                <input id="settings-base-url" type="url" value={baseUrl} placeholder={provider === "openai" ? "https://api.openai.com/v1 (default)" : "http://127.0.0.1:11434/v1"} onChange={(e) => setBaseUrl(e.target.value)} />
              </label>
              <label className="field">
                <span className="field-label">Model</span>
                <input id="settings-model" value={model} placeholder={provider === "openai" ? "gpt-4.1-mini" : "llama3.1"} onChange={(e) => setModel(e.target.value)} />
              </label>
              <label className="field">
                <span className="field-label">API key</span>
                <input id="settings-api-key" type="password" value={apiKey} autoComplete="off" placeholder={settings?.has_api_key ? "Leave empty to keep the stored key" : "sk-…"} onChange={(e) => { setApiKey(e.target.value); setRemoveKey(false); }} disabled={removeKey} />
              </label>
              <div className="key-status" id="settings-key-status">
                <KeyRound width={14} height={14} />
                <span>{settings ? storageText(settings) : "Loading…"}</span>
                {settings && removable(settings) && (
                  <label className="remove-key">
                    <input type="checkbox" checked={removeKey} onChange={(e) => setRemoveKey(e.target.checked)} /> Remove stored key
                  </label>
                )}
              </div>
              {settings?.key_origin && (
                <p className="field-hint" id="settings-key-origin">
                  Key for {settings.key_origin} only: a key is kept per server, so another base URL starts without one.
                </p>
              )}
              {settings?.key_note && <p className="field-hint" id="settings-key-note">{settings.key_note}</p>}
              <ConnectionCheck backend={backend} current={update} model={model} onPickModel={setModel} />
            </>
          )}
          <InterfaceFields form={chatInterface} />
          {error && <div className="form-error" role="alert" id="settings-error">{error}</div>}
          {saved && !error && <div className="form-success" role="status">Settings saved.</div>}
          <footer className="modal-footer">
            <button type="button" className="w-button c-secondary v-soft s-md" onClick={onClose}>Close</button>
            <button type="submit" id="settings-save" className="w-button c-primary v-solid s-md" disabled={saving || !settings}>
              {saving ? "Saving…" : "Save"}
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
