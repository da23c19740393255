//! The table from component `type` to React component, and the generic node renderer.
//! Why: widget families live in their own files and register here; `NodeView` looks a node's
//! type up and falls back to `UnknownWidget`, so a component the renderer does not know never
//! breaks the tree.

import { memo, type ReactNode } from "react";
import { childrenOf, type WidgetNode } from "../protocol/widgets";

export type WidgetComponent = (props: { node: WidgetNode }) => ReactNode;

const registry = new Map<string, WidgetComponent>();

export function registerWidgets(entries: Record<string, WidgetComponent>): void {
  for (const [type, component] of Object.entries(entries)) registry.set(type, component);
}

/** One node, drawn again only when it is a different object (the reducer shares unchanged
 * subtrees between states: protocol/shareStructure.ts) or a context it reads changes. */
export const NodeView = memo(function NodeView({ node }: { node: WidgetNode }) {
  const Component = registry.get(node.type) ?? UnknownWidget;
  return <Component node={node} />;
});

/** React key for a child: its `key`, else its `id`, else its position. */
export function childKey(node: WidgetNode, index: number): string {
  if (typeof node.key === "string" && node.key) return `k:${node.key}`;
  if (typeof node.id === "string" && node.id) return `id:${node.id}`;
  return `i:${index}`;
}

export function Children({ node }: { node: WidgetNode }) {
  return (
    <>
      {childrenOf(node).map((child, i) => (
        <NodeView key={childKey(child, i)} node={child} />
      ))}
    </>
  );
}

/** Unknown components: their children if they have any, else a discreet placeholder. */
export function UnknownWidget({ node }: { node: WidgetNode }) {
  const kids = childrenOf(node);
  if (kids.length > 0) {
    return (
      <div className="w-unknown-container" data-widget-type={node.type}>
        <Children node={node} />
      </div>
    );
  }
  return (
    <span className="w-unknown" data-widget-type={node.type} title={`Unsupported component: ${node.type}`}>
      {node.type}
    </span>
  );
}
