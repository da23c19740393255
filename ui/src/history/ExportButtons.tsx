//! "Export" for the open conversation: Markdown or JSON, saved where the user picks.
//! Why: the core does the work (`export_thread`: it loads the whole thread, opens the native
//! save dialog and writes the file), so this only asks and tells the outcome; it is shown only
//! in the app (a browser page has no core to write a file).

import { memo, useState } from "react";
import { Download } from "lucide-react";
import type { Backend } from "../platform/backend";
import { exportThread, type ExportFormat } from "./historyApi";

export interface ExportButtonsProps {
  backend: Backend;
  threadId: string;
  /** Tells the user what happened (a toast). */
  onResult: (message: string, kind?: "success" | "info") => void;
}

function describe(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === "string" && m ? m : String(e);
}

export const ExportButtons = memo(function ExportButtons({ backend, threadId, onResult }: ExportButtonsProps) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const file = await exportThread(backend, threadId, format);
      onResult(file ? `Exported to ${file.path}` : "Export cancelled.", file ? "success" : "info");
    } catch (e) {
      onResult(`Could not export: ${describe(e)}`, "info");
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="conversation-tools" role="group" aria-label="Export conversation">
      <button type="button" id="export-markdown" className="text-button" disabled={busy !== null} onClick={() => void run("markdown")}>
        <Download width={12} height={12} /> Markdown
      </button>
      <button type="button" id="export-json" className="text-button" disabled={busy !== null} onClick={() => void run("json")}>
        <Download width={12} height={12} /> JSON
      </button>
    </span>
  );
});
