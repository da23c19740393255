//! `Table`, `Table.Row` and `Table.Cell` (ChatKit JS 1.7+, `widgets.d.ts`; absent from the
//! Python models, so they reach us as dynamic components).
//! Why: comparisons and order lines read best as a real table: a `<table>` keeps columns
//! aligned across rows, spans cells (`colSpan`/`rowSpan`) and gives screen readers header
//! cells (`header` rows are `<th scope="col">`). Cells hold any components.

import { createContext, useContext, type CSSProperties } from "react";
import { childrenOf, type WidgetNode } from "../protocol/widgets";
import { Children, NodeView, childKey } from "./registry";
import { dimension, spacingSides } from "./theme";

/** Widths of `colSize` (the column's share: a minimum width). */
const COL_SIZES: Record<string, string> = { xs: "48px", sm: "80px", md: "120px", lg: "180px", xl: "240px" };
const H_ALIGN: Record<string, CSSProperties["textAlign"]> = { start: "left", center: "center", end: "right" };
const V_ALIGN: Record<string, CSSProperties["verticalAlign"]> = { start: "top", center: "middle", end: "bottom" };
/** The most a span may cover (untrusted input: a huge span would stretch the table). */
const MAX_SPAN = 50;

const HeaderRow = createContext(false);

function span(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v > 1 ? Math.min(Math.floor(v), MAX_SPAN) : undefined;
}

export function TableWidget({ node }: { node: WidgetNode }) {
  const rows = childrenOf(node);
  const header = rows.filter((r) => r.type === "Table.Row" && r.header === true);
  const body = rows.filter((r) => !(r.type === "Table.Row" && r.header === true));
  return (
    <div className="w-table-scroll">
      <table className="w-table">
        {header.length > 0 && (
          <thead>
            {header.map((r, i) => (
              <NodeView key={childKey(r, i)} node={r} />
            ))}
          </thead>
        )}
        <tbody>
          {body.map((r, i) =>
            r.type === "Table.Row" ? (
              <NodeView key={childKey(r, i)} node={r} />
            ) : (
              // Anything else placed in a table gets a row of its own instead of breaking the markup.
              <tr key={childKey(r, i)}>
                <td colSpan={MAX_SPAN}>
                  <NodeView node={r} />
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

export function TableRowWidget({ node }: { node: WidgetNode }) {
  const header = node.header === true;
  return (
    <HeaderRow.Provider value={header}>
      <tr className={header ? "w-table-row is-header" : "w-table-row"}>
        {childrenOf(node).map((cell, i) =>
          cell.type === "Table.Cell" ? (
            <NodeView key={childKey(cell, i)} node={cell} />
          ) : (
            <TableCellWidget key={childKey(cell, i)} node={{ type: "Table.Cell", children: [cell] }} />
          ),
        )}
      </tr>
    </HeaderRow.Provider>
  );
}

export function TableCellWidget({ node }: { node: WidgetNode }) {
  const header = useContext(HeaderRow);
  const style: CSSProperties = {};
  const width = dimension(node.width) ?? (typeof node.colSize === "string" ? COL_SIZES[node.colSize] : undefined);
  if (width) style.width = width;
  if (typeof node.colSize === "string" && COL_SIZES[node.colSize]) style.minWidth = COL_SIZES[node.colSize];
  const pad = spacingSides(node.padding);
  if (pad) Object.assign(style, { paddingTop: pad.top, paddingRight: pad.right, paddingBottom: pad.bottom, paddingLeft: pad.left });
  const align = typeof node.align === "string" ? H_ALIGN[node.align] : undefined;
  if (align) style.textAlign = align;
  const vAlign = typeof node.vAlign === "string" ? V_ALIGN[node.vAlign] : undefined;
  if (vAlign) style.verticalAlign = vAlign;
  const justify = align === "center" ? "center" : align === "right" ? "flex-end" : undefined;
  const content = (
    <div className="w-table-cell-content" style={justify ? { justifyContent: justify, alignItems: justify } : undefined}>
      <Children node={node} />
    </div>
  );
  const props = { className: "w-table-cell", style, colSpan: span(node.colSpan), rowSpan: span(node.rowSpan) };
  return header ? (
    <th scope="col" {...props}>
      {content}
    </th>
  ) : (
    <td {...props}>{content}</td>
  );
}
