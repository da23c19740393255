//! What the core reported about the start: a dismissible banner for each damaged data file that
//! was set aside, or, when the app could not start at all, a window-filling message with Quit.
//! Why: these happen in Rust before the page exists (see src-tauri/src/startup.rs); without this
//! the user would find an empty cart or history, or a blank app, and never learn why or where
//! the old file is. In a browser (no app core: `backend` is null) the page reports its own
//! set-aside data (a damaged cart in `localStorage`) through the same banner.

import { memo, useEffect, useState } from "react";
import { TriangleAlert, X } from "lucide-react";
import type { Backend } from "../platform/backend";
import { describeFile, getStartupStatus, quitAfterFailure, type StartupNotice, type StartupStatus } from "./startupApi";
import "../styles/startup.css";

export const StartupNotices = memo(function StartupNotices({ backend, pageNotices = [] }: { backend: Backend | null; pageNotices?: readonly StartupNotice[] }) {
  const [status, setStatus] = useState<StartupStatus | null>(backend ? null : { failure: null, notices: [...pageNotices] });
  const [dismissed, setDismissed] = useState(false);
  const [quitError, setQuitError] = useState<string | null>(null);

  useEffect(() => {
    if (!backend) return;
    let live = true;
    void getStartupStatus(backend).then((s) => live && setStatus(s));
    return () => {
      live = false;
    };
  }, [backend]);

  if (!status) return null;
  if (status.failure) {
    const quit = () => void (backend ? quitAfterFailure(backend) : Promise.reject()).catch(() => setQuitError("Close this window to quit."));
    return (
      <div id="startup-failure" className="startup-failure" role="alertdialog" aria-labelledby="startup-failure-title" aria-describedby="startup-failure-message">
        <div className="startup-failure-card">
          <TriangleAlert width={28} height={28} className="startup-failure-icon" />
          <h1 id="startup-failure-title">Shopdesk could not start</h1>
          <p id="startup-failure-message" className="startup-failure-message">
            {status.failure}
          </p>
          <p className="startup-failure-hint">Nothing was deleted. Fix the problem above, then start Shopdesk again.</p>
          {quitError && <p className="startup-failure-hint">{quitError}</p>}
          <button type="button" id="startup-quit" className="w-button c-primary v-solid s-md" onClick={quit} autoFocus>
            Quit
          </button>
        </div>
      </div>
    );
  }
  if (dismissed || status.notices.length === 0) return null;
  return (
    <div id="startup-notices" className="startup-notices" role="alert">
      <TriangleAlert width={18} height={18} className="startup-notices-icon" />
      <ul>
        {status.notices.map((n) => (
          <li key={n.file} className="startup-notice" data-file={n.file} data-moved-to={n.moved_to}>
            <strong>{describeFile(n.file)} could not be read</strong> ({n.reason}), so Shopdesk started with a new one. The old file was kept
            as <code>{n.moved_to}</code>.
          </li>
        ))}
      </ul>
      <button type="button" className="icon-button startup-notices-dismiss" aria-label="Dismiss" onClick={() => setDismissed(true)}>
        <X width={16} height={16} />
      </button>
    </div>
  );
});
