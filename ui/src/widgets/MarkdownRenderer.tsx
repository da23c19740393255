//! The Markdown renderer behind `SafeMarkdown` (fetched on first use: react-markdown and its
//! parser are a third of the page's JS).
//! Why this way: model output may contain HTML or script-bearing links. react-markdown builds React
//! elements from a syntax tree (never innerHTML); raw HTML nodes are skipped, and every URL goes
//! through the same policy as widget images and links. Links open in the system browser (https
//! only, `ExternalLink`), never in the webview.

import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { ExternalLink } from "./ExternalLink";
import { safeUrl } from "./safeUrl";

const components: Components = {
  a({ href, children }) {
    return <ExternalLink href={href}>{children}</ExternalLink>;
  },
  img({ src, alt }) {
    const safe = safeUrl(src, "image");
    if (!safe) return alt ? <span className="md-image-blocked">{alt}</span> : null;
    return <img src={safe} alt={alt ?? ""} loading="lazy" />;
  },
};

function urlTransform(url: string, key: string): string | null {
  return safeUrl(url, key === "src" ? "image" : "link");
}

import type { SafeMarkdownProps } from "./SafeMarkdown";

export function MarkdownRenderer({ text, className, streaming }: SafeMarkdownProps) {
  return (
    <div className={`markdown${streaming ? " is-streaming" : ""}${className ? ` ${className}` : ""}`}>
      <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={urlTransform} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
