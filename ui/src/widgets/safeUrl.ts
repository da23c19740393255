//! URL policy for everything a widget or the model can point at.
//! Why: widget trees and markdown are untrusted. Only http(s), data:image/*, blob: and
//! same-origin relative URLs may reach an `src` or `href`; `javascript:`, `vbscript:`, other
//! `data:` types, protocol-relative `//host` and anything obfuscated with control characters are
//! refused. React then sets the value as a property, so no markup is ever parsed from it.

export type UrlUse = "image" | "link";

const SCHEME_RE = /^([a-z][a-z0-9+.-]*):/i;

/** Returns the URL when it is allowed for that use, otherwise null. */
export function safeUrl(raw: unknown, use: UrlUse): string | null {
  if (typeof raw !== "string") return null;
  const trimmed = raw.trim();
  if (trimmed === "") return null;
  // Browsers ignore tabs/newlines inside URLs and leading control characters; decide on the
  // string with every control character and space removed, so "java\tscript:" is caught.
  const compact = trimmed.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const m = SCHEME_RE.exec(compact);
  if (m) {
    const scheme = m[1].toLowerCase();
    if (scheme === "http" || scheme === "https") return compact === trimmed ? trimmed : null;
    if (scheme === "blob") return use === "image" ? trimmed : null;
    if (scheme === "data") return use === "image" && /^data:image\/[a-z0-9.+-]+[;,]/i.test(compact) ? compact : null;
    if (scheme === "mailto" && use === "link") return trimmed;
    return null;
  }
  // No scheme: relative. Protocol-relative ("//host" or "\\host") would leave the origin.
  if (/^[\\/]{2}/.test(compact)) return null;
  // A ":" before the first "/" would be read as a scheme by some parsers: refuse.
  const firstSlash = compact.search(/[/?#]/);
  const head = firstSlash < 0 ? compact : compact.slice(0, firstSlash);
  if (head.includes(":")) return null;
  return trimmed;
}

/**
 * The URL a click may open outside the app (in the system browser), or null: https only, after
 * the link policy above. Everything else stays inert: the webview itself never navigates away
 * (the core's navigation guard refuses it anyway).
 */
export function externalLinkUrl(raw: unknown): string | null {
  const safe = safeUrl(raw, "link");
  if (!safe || !/^https:\/\//i.test(safe)) return null;
  try {
    return new URL(safe).protocol === "https:" ? safe : null;
  } catch {
    return null;
  }
}
