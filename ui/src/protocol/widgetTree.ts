//! Immutable edits of widget trees by component id.
//! Why: two item updates address one component inside a widget by its `id`
//! (`widget.streaming_text.value_delta`, `widget.component.updated`). These helpers find it by
//! walking `children` (a list or a single node) and copy only the path to it, so React sees a new
//! tree and unchanged subtrees keep their identity.

import { isWidgetNode, type WidgetNode } from "./widgets";

/** Applies `edit` to the first node (pre-order) whose `id` equals `id`; returns the same tree if none. */
export function editComponent(root: WidgetNode, id: string, edit: (node: WidgetNode) => WidgetNode): WidgetNode {
  const result = visit(root, id, edit);
  return result ?? root;
}

function visit(node: WidgetNode, id: string, edit: (node: WidgetNode) => WidgetNode): WidgetNode | null {
  if (node.id === id) return edit(node);
  const c = node.children;
  if (Array.isArray(c)) {
    for (let i = 0; i < c.length; i++) {
      const child = c[i];
      if (!isWidgetNode(child)) continue;
      const next = visit(child, id, edit);
      if (next) {
        const children = c.slice();
        children[i] = next;
        return { ...node, children };
      }
    }
  } else if (isWidgetNode(c)) {
    const next = visit(c, id, edit);
    if (next) return { ...node, children: next };
  }
  return null;
}

/** Appends `delta` to the string `value` of the Text/Markdown node with that id. */
export function appendTextDelta(root: WidgetNode, id: string, delta: string): WidgetNode {
  return editComponent(root, id, (node) => ({
    ...node,
    value: (typeof node.value === "string" ? node.value : "") + delta,
  }));
}

/** Replaces the node with that id by `component`. */
export function replaceComponent(root: WidgetNode, id: string, component: WidgetNode): WidgetNode {
  return editComponent(root, id, () => component);
}
