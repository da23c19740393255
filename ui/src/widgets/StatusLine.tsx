//! The status header of Card and ListView roots (`WidgetStatus`: text + icon or favicon).
//! Why: shared by both roots; the favicon is an untrusted URL and goes through the URL policy.

import { safeUrl } from "./safeUrl";
import { IconGlyph } from "./Icon";

export function StatusLine({ status }: { status: unknown }) {
  if (typeof status !== "object" || status === null) return null;
  const s = status as { text?: unknown; icon?: unknown; favicon?: unknown; frame?: unknown };
  const favicon = safeUrl(s.favicon, "image");
  return (
    <span className="w-status">
      {favicon ? <img className={`w-status-favicon${s.frame === true ? " is-framed" : ""}`} src={favicon} alt="" /> : s.icon ? <IconGlyph name={s.icon} size="sm" /> : null}
      <span className="w-status-text">{typeof s.text === "string" ? s.text : ""}</span>
    </span>
  );
}
