//! A link that opens in the system browser.
//! Why: the webview must stay on the app (the core refuses any navigation away and any new
//! window), so `target=_blank` links are dead. A click on an https link goes to the opener plugin
//! (`plugin:opener|open_url`, allowed by the capability for `https://*` only); anything else is
//! shown as plain text. Outside Tauri (the browser-only dev mode) the browser opens a tab.

import type { MouseEvent, ReactNode } from "react";
import { invoke } from "@tauri-apps/api/core";
import { runningInTauri } from "../platform/tauriBackend";
import { externalLinkUrl } from "./safeUrl";

/** Opens `url` (already checked by `externalLinkUrl`) outside the app. */
export async function openExternal(url: string): Promise<void> {
  if (runningInTauri()) await invoke("plugin:opener|open_url", { url });
  else window.open(url, "_blank", "noopener,noreferrer");
}

export function ExternalLink({ href, className, children }: { href: unknown; className?: string; children?: ReactNode }) {
  const url = externalLinkUrl(href);
  if (!url) return <span className={["md-link-blocked", className].filter(Boolean).join(" ")}>{children}</span>;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    openExternal(url).catch((err: unknown) => console.warn(`could not open ${url}:`, err));
  };
  return (
    <a href={url} className={className} rel="noopener noreferrer" onClick={onClick} title={url}>
      {children}
    </a>
  );
}
