//! ListView (root) and ListViewItem: a list of rows with "show more" and clickable rows.
//! Why: streamed product lists grow row by row; `limit` keeps long lists short until asked, and
//! a row with `onClickAction` behaves as one button.

import { useState, type KeyboardEvent } from "react";
import { childrenOf, actionConfigOf, type WidgetNode } from "../protocol/widgets";
import { useWidgetEnv } from "./env";
import { Children, NodeView, childKey } from "./registry";
import { StatusLine } from "./StatusLine";
import { alignItems, space } from "./theme";
import { loadingTarget } from "./loading";

export function ListViewWidget({ node }: { node: WidgetNode }) {
  const [expanded, setExpanded] = useState(false);
  const items = childrenOf(node);
  const limit = typeof node.limit === "number" && node.limit > 0 ? Math.floor(node.limit) : undefined;
  const shown = limit && !expanded ? items.slice(0, limit) : items;
  const hidden = items.length - shown.length;
  const theme = node.theme === "dark" || node.theme === "light" ? ` theme-${node.theme}` : "";
  return (
    <div className={`w-listview${theme}`}>
      {node.status ? (
        <div className="w-listview-status">
          <StatusLine status={node.status} />
        </div>
      ) : null}
      <div className="w-listview-items">
        {shown.map((child, i) => (
          <NodeView key={childKey(child, i)} node={child} />
        ))}
      </div>
      {hidden > 0 && (
        <button type="button" className="w-listview-more" onClick={() => setExpanded(true)}>
          Show {hidden} more
        </button>
      )}
    </div>
  );
}

export function ListViewItemWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const [busy, setBusy] = useState(false);
  const action = actionConfigOf(node.onClickAction);
  const style = {
    gap: space(node.gap) ?? "12px",
    alignItems: alignItems(node.align) ?? "center",
  };
  if (!action) {
    return (
      <div className="w-listview-item" style={style}>
        <Children node={node} />
      </div>
    );
  }
  const fire = () => {
    if (busy) return;
    const self = loadingTarget(action, "row") === "self";
    if (self) setBusy(true);
    env.dispatch(action, null, undefined, "row").finally(() => {
      if (self) setBusy(false);
    });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      fire();
    }
  };
  return (
    <div
      className={`w-listview-item is-clickable${busy ? " is-busy" : ""}`}
      style={style}
      role="button"
      tabIndex={0}
      onClick={(e) => {
        // Buttons inside the row fire their own actions.
        if ((e.target as HTMLElement).closest("button, a, input, select, textarea")) return;
        fire();
      }}
      onKeyDown={onKey}
      data-action-type={action.type}
    >
      <Children node={node} />
    </div>
  );
}
