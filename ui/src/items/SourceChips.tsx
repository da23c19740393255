//! Sources (annotations of assistant text, sources of search and file tasks) as chips: a URL
//! source is a link that opens in the system browser, a file or entity source its title.
//! Why: the same source shapes appear on messages and on tasks; one view keeps them alike.

import type { Source } from "../protocol/types";
import { ExternalLink } from "../widgets/ExternalLink";

export function sourceLabel(s: Source): string {
  return s.title || (s.type === "url" ? s.url : s.type === "file" ? s.filename : s.label ?? s.id);
}

/** Sources without repeats (the same URL / file / entity annotated twice shows once). */
export function uniqueSources(sources: readonly Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = s.type === "url" ? `u:${s.url}` : s.type === "file" ? `f:${s.filename}:${s.title}` : `e:${s.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function SourceChips({ sources }: { sources: readonly Source[] }) {
  const list = uniqueSources(sources);
  if (list.length === 0) return null;
  return (
    <div className="sources">
      {list.map((s, i) =>
        s.type === "url" ? (
          <ExternalLink key={i} className="source-chip" href={s.url}>
            {sourceLabel(s)}
          </ExternalLink>
        ) : (
          <span key={i} className="source-chip" title={s.description}>
            {sourceLabel(s)}
          </span>
        ),
      )}
    </div>
  );
}
