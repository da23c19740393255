//! Text, Title, Caption, Markdown and Label widgets.
//! Why: the text family shares typography tokens (size, weight, colour, alignment, truncation,
//! line clamping) and the streaming caret shown while a `streaming: true` value grows.

import type { CSSProperties } from "react";
import type { WidgetNode } from "../protocol/widgets";
import { SafeMarkdown } from "./SafeMarkdown";
import { fieldId, useWidgetEnv } from "./env";
import { CAPTION_SIZES, TEXT_SIZES, TITLE_SIZES, WEIGHTS, dimension, textAlign, textColor } from "./theme";

function str(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

function typography(node: WidgetNode, sizes: Record<string, string>, defaultSize: string): CSSProperties {
  const s: CSSProperties = {};
  s.fontSize = sizes[str(node.size)] ?? sizes[defaultSize];
  const w = WEIGHTS[str(node.weight)];
  if (w) s.fontWeight = w;
  const c = textColor(node.color);
  if (c) s.color = c;
  const ta = textAlign(node.textAlign);
  if (ta) s.textAlign = ta;
  if (node.italic === true) s.fontStyle = "italic";
  if (node.lineThrough === true) s.textDecoration = "line-through";
  const width = dimension(node.width);
  if (width) s.width = width;
  if (node.truncate === true) {
    s.whiteSpace = "nowrap";
    s.overflow = "hidden";
    s.textOverflow = "ellipsis";
  } else if (typeof node.maxLines === "number" && node.maxLines > 0) {
    s.display = "-webkit-box";
    s.WebkitLineClamp = Math.floor(node.maxLines);
    s.WebkitBoxOrient = "vertical";
    s.overflow = "hidden";
  }
  if (typeof node.minLines === "number" && node.minLines > 0) s.minHeight = `${Math.floor(node.minLines) * 1.45}em`;
  return s;
}

export function TextWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const editable = node.editable;
  if (typeof editable === "object" && editable !== null && typeof (editable as { name?: unknown }).name === "string") {
    const e = editable as Record<string, unknown> & { name: string };
    return (
      <input
        className="w-input w-text-editable"
        id={fieldId(env, e.name)}
        name={e.name}
        defaultValue={str(node.value)}
        placeholder={str(e.placeholder) || undefined}
        required={e.required === true}
        pattern={str(e.pattern) || undefined}
        autoFocus={e.autoFocus === true}
        autoComplete={typeof e.autoComplete === "string" ? e.autoComplete : e.allowAutofillExtensions === true ? "on" : "off"}
        onFocus={e.autoSelect === true ? (ev) => ev.currentTarget.select() : undefined}
        style={typography(node, TEXT_SIZES, "md")}
      />
    );
  }
  return (
    <p className={`w-text${node.streaming === true ? " is-streaming" : ""}`} style={typography(node, TEXT_SIZES, "md")}>
      {str(node.value)}
    </p>
  );
}

export function TitleWidget({ node }: { node: WidgetNode }) {
  return (
    <h3 className="w-title" style={{ fontWeight: 600, ...typography(node, TITLE_SIZES, "md") }}>
      {str(node.value)}
    </h3>
  );
}

export function CaptionWidget({ node }: { node: WidgetNode }) {
  return (
    <p className="w-caption" style={typography(node, CAPTION_SIZES, "md")}>
      {str(node.value)}
    </p>
  );
}

export function MarkdownWidget({ node }: { node: WidgetNode }) {
  return <SafeMarkdown className="w-markdown" text={str(node.value)} streaming={node.streaming === true} />;
}

export function LabelWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const field = str(node.fieldName);
  return (
    <label className="w-label" htmlFor={field ? fieldId(env, field) : undefined} style={typography(node, TEXT_SIZES, "sm")}>
      {str(node.value)}
    </label>
  );
}
