//! The main window's word on the ChatKit mode: a notice when ChatKit fell back (naming the cause
//! and how to fix it), and a note while the ChatKit window is opening or open.
//! Why: the fallback happens on its own (`chatkit_window/status.rs`) and the user must know why
//! the built-in interface is showing although they chose ChatKit, and what to check. The status
//! comes live from the `chatkit-status` event, and from `get_chat_interface` for a window that
//! subscribed after the fact (the ChatKit window opens right after the main one); an answer that
//! crossed a newer event on the way is dropped, or a fallback could be hidden behind "opening".

import { memo, useEffect, useState } from "react";
import { ExternalLink as ExternalIcon, TriangleAlert, X } from "lucide-react";
import type { Backend } from "../platform/backend";
import { runningInTauri } from "../platform/tauriBackend";
import { getChatInterface, listenChatKitStatus, type ChatKitStatus, type StatusSubscribe } from "./interfaceApi";
import "./chatkit.css";

const noSubscribe: StatusSubscribe = async () => () => {};

export const ChatKitNotice = memo(function ChatKitNotice({ backend, subscribe = runningInTauri() ? listenChatKitStatus : noSubscribe }: { backend: Backend; subscribe?: StatusSubscribe }) {
  const [status, setStatus] = useState<ChatKitStatus>({ state: "off" });
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    let live = true;
    let unlisten: (() => void) | null = null;
    const show = (s: ChatKitStatus) => {
      if (!live) return;
      setStatus(s);
      setDismissed(false);
    };
    // The asked-for status is older than any event that arrives while the question is out (the
    // core may answer "opening" and emit "failed" right after): it is shown only if none did.
    // Every change of status is an event, so the latest one always arrives that way.
    let events = 0;
    const onEvent = (s: ChatKitStatus) => {
      events += 1;
      show(s);
    };
    subscribe(onEvent)
      .then((u) => (live ? (unlisten = u) : u()))
      .catch((e) => console.warn("chatkit status will not show live", e))
      .then(() => {
        const asked = events;
        return getChatInterface(backend).then((view) => {
          if (events === asked) show(view.status);
        });
      })
      .catch((e) => console.warn("chatkit status unknown", e));
    return () => {
      live = false;
      unlisten?.();
    };
  }, [backend, subscribe]);

  if (dismissed) return null;
  if (status.state === "failed") {
    return (
      <div id="chatkit-fallback-notice" className="startup-notices" role="alert">
        <TriangleAlert width={18} height={18} className="startup-notices-icon" />
        <p>
          <strong>ChatKit could not load: {status.cause}.</strong> Shopdesk switched to the built-in interface. Check your network
          connection and the domain key (Settings → Chat interface: it must be registered for this app&apos;s origin); the next start
          tries ChatKit again.
        </p>
        <button type="button" className="icon-button startup-notices-dismiss" aria-label="Dismiss" onClick={() => setDismissed(true)}>
          <X width={16} height={16} />
        </button>
      </div>
    );
  }
  if (status.state === "opening" || status.state === "ready") {
    return (
      <div id="chatkit-window-note" className="chatkit-note" role="status" data-state={status.state}>
        <ExternalIcon width={14} height={14} />
        <span>
          {status.state === "opening" ? "Opening the ChatKit interface in its own window…" : "The ChatKit interface is open in its own window."} This
          window keeps the built-in interface and the settings.
        </span>
      </div>
    );
  }
  return null;
});
