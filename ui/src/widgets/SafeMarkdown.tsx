//! Markdown for untrusted text (assistant messages, Markdown widgets, notices).
//! Why: model output may contain HTML or script-bearing links. react-markdown builds React
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

export interface SafeMarkdownProps {
  text: string;
  className?: string;
  /** Shows a blinking caret after the text while it streams. */
  streaming?: boolean;
}

export function SafeMarkdown({ text, className, streaming }: SafeMarkdownProps) {
  return (
    <div className={`markdown${streaming ? " is-streaming" : ""}${className ? ` ${className}` : ""}`}>
      <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={urlTransform} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
