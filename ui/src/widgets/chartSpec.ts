//! The `Chart` widget's props, read into a drawing plan (docs/PROTOCOL.md §5.4, "Chart").
//! Why: a chart's props arrive as untrusted JSON (any size, any type). Reading them here — pure,
//! bounded, tested without a DOM — keeps the drawing code (ChartWidget.tsx) to geometry: the
//! categories and their labels, one value list per series (stacked series already summed), the
//! range the y axis must cover, colours that passed the colour filter, and the curve of each line.

import type { WidgetNode } from "../protocol/widgets";
import { chartColor } from "./theme";

/** Caps on what one chart may make us draw (untrusted input). */
export const MAX_CHART_POINTS = 500;
export const MAX_CHART_SERIES = 12;

export type SeriesKind = "bar" | "area" | "line";
/** How a line or an area edge runs between points (Chartist interpolations, see ChartWidget). */
export type Curve = "linear" | "monotone" | "smooth" | "step-before" | "step-after";

export interface SeriesPlan {
  kind: SeriesKind;
  label: string;
  dataKey: string;
  color: string;
  curve: Curve;
  /** The series' own values per category (null: no value there). */
  values: Array<number | null>;
  /** Where it is drawn from (the stack below it, else 0), per category. */
  base: number[];
  /** Where it is drawn to: base + value (the value alone when not stacked). */
  top: Array<number | null>;
  /** Bars: the slot of the category it sits in (one per stack, one per unstacked bar). */
  slot: number;
}

export interface ChartPlan {
  labels: string[];
  showXAxis: boolean;
  series: SeriesPlan[];
  barSlots: number;
  low: number;
  high: number;
  showYAxis: boolean;
  showLegend: boolean;
  showTooltip: boolean;
  /** Pixels between the bars of one category (Recharts' `barGap`, default 4). */
  barGap: number;
  /** Space between categories: pixels, or a fraction of a category's width (default 10%). */
  barCategoryGap: { px: number } | { fraction: number };
}

/** The colour of the n-th series without a `color` (ChatKit's chart tokens, in order). */
const PALETTE = ["blue", "purple", "orange", "green", "red", "yellow", "pink"];

const CURVES: Record<string, Curve> = {
  linear: "linear",
  linearClosed: "linear",
  monotone: "monotone",
  monotoneX: "monotone",
  monotoneY: "monotone",
  natural: "smooth",
  basis: "smooth",
  basisClosed: "smooth",
  basisOpen: "smooth",
  bump: "smooth",
  bumpX: "smooth",
  bumpY: "smooth",
  step: "step-after",
  stepAfter: "step-after",
  stepBefore: "step-before",
};

function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}

/** A data value as a number: numbers, and strings that are plain numbers; else null. */
export function numeric(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /^\s*-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.min(v, 200) : fallback;
}

function categoryGap(v: unknown): ChartPlan["barCategoryGap"] {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return { px: Math.min(v, 400) };
  if (typeof v === "string") {
    const m = /^\s*(\d+(\.\d+)?)\s*%\s*$/.exec(v);
    if (m) return { fraction: Math.min(Number(m[1]), 90) / 100 };
  }
  return { fraction: 0.1 };
}

/** Reads a Chart node; `null` when it has nothing to draw (no data rows or no usable series). */
export function chartPlan(node: WidgetNode): ChartPlan | null {
  const rows = (Array.isArray(node.data) ? node.data : [])
    .slice(0, MAX_CHART_POINTS)
    .map((r) => (typeof r === "object" && r !== null && !Array.isArray(r) ? (r as Record<string, unknown>) : {}));
  if (rows.length === 0) return null;

  const axis = node.xAxis;
  const axisObj = typeof axis === "object" && axis !== null && !Array.isArray(axis) ? (axis as Record<string, unknown>) : {};
  const xKey = typeof axis === "string" ? axis : text(axisObj.dataKey);
  const labelMap =
    typeof axisObj.labels === "object" && axisObj.labels !== null && !Array.isArray(axisObj.labels)
      ? (axisObj.labels as Record<string, unknown>)
      : {};
  const labels = rows.map((r, i) => {
    const raw = xKey ? text(r[xKey]) : String(i + 1);
    return Object.prototype.hasOwnProperty.call(labelMap, raw) ? text(labelMap[raw]) : raw;
  });

  const rawSeries = (Array.isArray(node.series) ? node.series : [])
    .filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null && typeof (s as { dataKey?: unknown }).dataKey === "string")
    .slice(0, MAX_CHART_SERIES);
  if (rawSeries.length === 0) return null;

  // Stacks: series of the same kind family (bars with bars, areas with areas) and the same
  // `stack` id add up, in their order. Each stack (and each unstacked bar) is one bar slot.
  const running = new Map<string, number[]>();
  const slotOf = new Map<string, number>();
  let barSlots = 0;
  let low = 0;
  let high = 0;
  const series: SeriesPlan[] = rawSeries.map((s, i) => {
    const kind: SeriesKind = s.type === "bar" || s.type === "area" ? s.type : "line";
    const dataKey = s.dataKey as string;
    const values = rows.map((r) => numeric(r[dataKey]));
    const stackId = kind !== "line" && (typeof s.stack === "string" || typeof s.stack === "number") ? `${kind}:${s.stack}` : null;
    let base = values.map(() => 0);
    if (stackId) {
      const below = running.get(stackId) ?? values.map(() => 0);
      base = below.slice();
      running.set(stackId, below.map((b, j) => b + (values[j] ?? 0)));
    }
    const top = values.map((v, j) => (v === null ? null : base[j] + v));
    for (const [j, t] of top.entries()) {
      if (t === null) continue;
      low = Math.min(low, t, base[j]);
      high = Math.max(high, t, base[j]);
    }
    let slot = -1;
    if (kind === "bar") {
      const slotKey = stackId ?? `bar#${i}`;
      if (!slotOf.has(slotKey)) slotOf.set(slotKey, barSlots++);
      slot = slotOf.get(slotKey)!;
    }
    return {
      kind,
      label: text(s.label) || dataKey,
      dataKey,
      color: chartColor(s.color) ?? chartColor(PALETTE[i % PALETTE.length])!,
      curve: CURVES[text(s.curveType)] ?? "linear",
      values,
      base,
      top,
      slot,
    };
  });
  if (high === low) high = low + 1;

  return {
    labels,
    showXAxis: axisObj.hide !== true,
    series,
    barSlots,
    low,
    high,
    showYAxis: node.showYAxis === true,
    showLegend: node.showLegend !== false,
    showTooltip: node.showTooltip !== false,
    barGap: nonNegative(node.barGap, 4),
    barCategoryGap: categoryGap(node.barCategoryGap),
  };
}

/** Where the bar of `slot` sits in a category `step` px wide: its centre offset and width. */
export function barGeometry(plan: ChartPlan, step: number, slot: number): { center: number; width: number } {
  const gap = "px" in plan.barCategoryGap ? plan.barCategoryGap.px : plan.barCategoryGap.fraction * step;
  const group = Math.max(step - gap, 1);
  const slots = Math.max(plan.barSlots, 1);
  const width = Math.max((group - plan.barGap * (slots - 1)) / slots, 1);
  const start = (step - group) / 2;
  return { center: start + slot * (width + plan.barGap) + width / 2, width };
}
