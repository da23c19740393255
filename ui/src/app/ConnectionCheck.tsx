//! The settings panel's help with a model server: "List models" fills a picker with what the
//! server offers, "Test connection" says what is wrong (unreachable, refused key, unknown
//! model, no tool calling) before the first message finds out.
//! Why a component: the settings dialog stays about saving; this only reads the fields as
//! typed (saved or not) and reports. The checks run in the core (connectionApi.ts).

import { useState } from "react";
import { CheckCircle2, List, PlugZap, XCircle } from "lucide-react";
import type { Backend } from "../platform/backend";
import { describeError, type SettingsUpdate } from "./settingsApi";
import { listModels, testConnection, type ConnectionReport } from "./connectionApi";

export interface ConnectionCheckProps {
  backend: Backend;
  /** The fields as typed now (what a save would send). */
  current: () => SettingsUpdate;
  model: string;
  onPickModel: (model: string) => void;
}

export function ConnectionCheck({ backend, current, model, onPickModel }: ConnectionCheckProps) {
  const [models, setModels] = useState<string[] | null>(null);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [busy, setBusy] = useState<"list" | "test" | null>(null);

  const run = async (what: "list" | "test") => {
    setBusy(what);
    setReport(null);
    try {
      const r = what === "list" ? await listModels(backend, current()) : await testConnection(backend, current());
      if (r.models.length) setModels(r.models);
      if (what === "test" || r.outcome !== "ok") setReport(r);
      else if (r.models.length === 0) setReport({ ...r, message: "The server lists no models." });
    } catch (e) {
      setReport({ outcome: "settings", message: describeError(e), models: [] });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="connection-check">
      <div className="connection-buttons">
        <button type="button" id="settings-list-models" className="w-button c-secondary v-soft s-sm" disabled={busy !== null} onClick={() => void run("list")}>
          <List width={14} height={14} /> {busy === "list" ? "Listing…" : "List models"}
        </button>
        <button type="button" id="settings-test-connection" className="w-button c-secondary v-soft s-sm" disabled={busy !== null} onClick={() => void run("test")}>
          <PlugZap width={14} height={14} /> {busy === "test" ? "Testing…" : "Test connection"}
        </button>
      </div>
      {models && models.length > 0 && (
        <label className="field">
          <span className="field-label">Models on this server</span>
          <select id="settings-model-list" value={models.includes(model) ? model : ""} onChange={(e) => e.target.value && onPickModel(e.target.value)}>
            <option value="">Choose a model…</option>
            {models.map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </label>
      )}
      {report && (
        <div id="settings-connection-result" data-outcome={report.outcome} className={`connection-result ${report.outcome === "ok" || report.outcome === "offline" ? "is-ok" : "is-problem"}`} role="status">
          {report.outcome === "ok" || report.outcome === "offline" ? <CheckCircle2 width={15} height={15} /> : <XCircle width={15} height={15} />}
          <span>{report.message}</span>
        </div>
      )}
    </div>
  );
}
