//! Markdown for untrusted text (assistant messages, Markdown widgets, notices).
//! Why: model output may contain HTML or script-bearing links; the renderer
//! (`MarkdownRenderer.tsx`) builds elements from a syntax tree, never innerHTML. It is a chunk of
//! its own, fetched right after the first paint (`preloadMarkdown`, main.tsx); until it has
//! arrived — a few milliseconds, before any answer — the text is shown as plain text, which React
//! escapes, so nothing in it can run either way.

import { lazyModule, useLazyModule } from "../perf/lazyModule";

export interface SafeMarkdownProps {
  text: string;
  className?: string;
  /** Shows a blinking caret after the text while it streams. */
  streaming?: boolean;
}

const renderer = lazyModule(() => import("./MarkdownRenderer"));

/** Fetches the Markdown renderer now (after the first paint; the tests, before they render). */
export const preloadMarkdown = (): Promise<unknown> => renderer.load();

export function SafeMarkdown(props: SafeMarkdownProps) {
  const loaded = useLazyModule(renderer);
  if (loaded) return <loaded.MarkdownRenderer {...props} />;
  const { text, className, streaming } = props;
  return (
    <div className={`markdown is-plain${streaming ? " is-streaming" : ""}${className ? ` ${className}` : ""}`}>
      <p>{text}</p>
    </div>
  );
}
