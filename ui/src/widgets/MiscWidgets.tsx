//! Divider, Spacer and Transition: structural widgets with no content of their own.
//! Why: they shape the layout between other components; grouped because each is a few lines.
//! `Transition` animates a change of its one child: when the child's identity (`key`, else `id`,
//! else `type`) changes — a streamed update swapping a "loading" row for the result — the new
//! child fades and slides in (theme.css; none under `prefers-reduced-motion: reduce`).

import type { CSSProperties } from "react";
import { isWidgetNode, type WidgetNode } from "../protocol/widgets";
import { NodeView } from "./registry";
import { borderColor, dimension, space } from "./theme";

export function DividerWidget({ node }: { node: WidgetNode }) {
  const style: CSSProperties = {};
  const color = borderColor(node.color);
  if (color) style.borderTopColor = color;
  const size = dimension(node.size);
  if (size) style.borderTopWidth = size;
  const spacing = space(node.spacing);
  if (spacing) style.margin = `${spacing} 0`;
  return <hr className={`w-divider${node.flush === true ? " is-flush" : ""}`} style={style} />;
}

export function SpacerWidget({ node }: { node: WidgetNode }) {
  const min = dimension(node.minSize);
  return <div className="w-spacer" style={min ? { minWidth: min, minHeight: min } : undefined} />;
}

export function TransitionWidget({ node }: { node: WidgetNode }) {
  const child = Array.isArray(node.children) ? node.children.find(isWidgetNode) : node.children;
  if (!isWidgetNode(child)) return null;
  return (
    <div className="w-transition" key={child.key ?? child.id ?? child.type} data-transition-key={child.key ?? child.id ?? child.type}>
      <NodeView node={child} />
    </div>
  );
}
