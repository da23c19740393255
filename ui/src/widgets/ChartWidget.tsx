//! The `Chart` widget: bar, area and line series over shared categories, drawn as SVG with
//! Chartist (docs/CLIENT.md, "Chart" — why Chartist: the smallest of the libraries compared).
//! Why here: Chartist draws the frame — grid, value axis, category labels (as text nodes, never
//! markup) — on a bar-chart frame, so categories are bands and every kind of series shares them.
//! The bars Chartist draws are moved to their slot (grouped by stack, `barGap`,
//! `barCategoryGap`); lines and areas are drawn into the same SVG from the plan's stacked values
//! with Chartist's interpolations. Legend and tooltip are React (text only). Everything drawn
//! comes from `chartPlan`, which already bounded and filtered the untrusted props.

import { useEffect, useRef, useState, type CSSProperties, type MouseEvent } from "react";
import type { BarChartCreatedEvent, BarDrawEvent, Svg } from "chartist";
import { lazyModule, useLazyModule } from "../perf/lazyModule";
import type { WidgetNode } from "../protocol/widgets";
import { barGeometry, chartPlan, type ChartPlan, type Curve, type SeriesPlan } from "./chartSpec";
import { sizeStyle } from "./theme";

/**
 * Sets presentation properties through the CSSOM. The app's CSP (`style-src 'self'`) refuses
 * `style` attributes, which is what Chartist's `attr({style})` would write; `element.style` is
 * allowed (it is how React applies `style` props too).
 */
function paint(el: Svg, props: Record<string, string>): Svg {
  const style = el.getNode<SVGElement>().style;
  for (const [k, v] of Object.entries(props)) style.setProperty(k, v);
  return el;
}

/** Chartist, fetched with the first chart (`chartistLib.ts`). */
export const chartist = lazyModule(() => import("./chartistLib"));
type Chartist = typeof import("./chartistLib");

interface Frame {
  x1: number;
  step: number;
}

function interpolation({ Interpolation }: Chartist, curve: Curve) {
  switch (curve) {
    case "monotone":
      return Interpolation.monotoneCubic({ fillHoles: false });
    case "smooth":
      return Interpolation.cardinal({ tension: 0.6, fillHoles: false });
    case "step-after":
      return Interpolation.step({ postpone: true, fillHoles: false });
    case "step-before":
      return Interpolation.step({ postpone: false, fillHoles: false });
    default:
      return Interpolation.none({ fillHoles: false });
  }
}

/** Consecutive runs of categories that have a value (a gap in the data breaks the line). */
function runs(series: SeriesPlan): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  series.top.forEach((t, i) => {
    if (t === null) {
      if (current.length) out.push(current);
      current = [];
    } else current.push(i);
  });
  if (current.length) out.push(current);
  return out;
}

/**
 * The SVG path through `points` with `curve`. Chartist's interpolations expect x to grow, so a
 * right-to-left run (an area's lower edge) is drawn mirrored and mirrored back.
 */
function pathOf(lib: Chartist, curve: Curve, points: Array<[number, number]>): string {
  const leftward = points.length > 1 && points[points.length - 1][0] < points[0][0];
  const coords = points.flatMap(([x, y]) => [leftward ? -x : x, y]);
  const valueData = points.map((_, i) => ({ value: { x: i, y: i }, valueIndex: i, meta: undefined }));
  const path = interpolation(lib, curve)(coords, valueData as never);
  return (leftward ? path.scale(-1, 1) : path).stringify();
}

/** Lines and areas, drawn into Chartist's SVG once it has laid out the frame. */
function drawLines(lib: Chartist, plan: ChartPlan, created: BarChartCreatedEvent, frame: Frame) {
  const { chartRect, axisY, svg } = created;
  const y = (v: number) => chartRect.y1 - axisY.projectValue(v);
  const x = (i: number) => frame.x1 + (i + 0.5) * frame.step;
  plan.series.forEach((s, index) => {
    if (s.kind === "bar") return;
    const group = svg.elem("g", { "data-series": s.dataKey }, `ct-series sd-series-${s.kind}`);
    for (const run of runs(s)) {
      const upper = run.map((i): [number, number] => [x(i), y(s.top[i]!)]);
      if (s.kind === "area") {
        const lower = run.map((i): [number, number] => [x(i), y(s.base[i])]).reverse();
        const lowerPath = upper.length > 1 ? pathOf(lib, s.curve, lower).replace(/^M/, "L") : `L${lower[0][0]},${lower[0][1]}`;
        const d = `${upper.length > 1 ? pathOf(lib, s.curve, upper) : `M${upper[0][0]},${upper[0][1]}`} ${lowerPath} Z`;
        paint(group.elem("path", { d }, "ct-area"), { fill: s.color, "fill-opacity": "0.28", stroke: "none" });
      }
      if (upper.length > 1) {
        paint(group.elem("path", { d: pathOf(lib, s.curve, upper) }, "ct-line"), { stroke: s.color, fill: "none", "stroke-width": "2px" });
      }
      if (s.kind === "line" || upper.length === 1) {
        for (const [px, py] of upper) {
          paint(group.elem("line", { x1: px, y1: py, x2: px + 0.01, y2: py }, "ct-point"), { stroke: s.color, "stroke-width": "7px" });
        }
      }
    }
    group.attr({ "data-index": index });
  });
}

export function ChartWidget({ node }: { node: WidgetNode }) {
  const host = useRef<HTMLDivElement>(null);
  const frame = useRef<Frame | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const plan = chartPlan(node);
  const planKey = JSON.stringify(plan);
  const lib = useLazyModule(chartist);

  useEffect(() => {
    if (!plan || !host.current || !lib) return;
    const bars = plan.series.filter((s) => s.kind === "bar");
    const chart = new lib.BarChart(
      host.current,
      // Chartist draws one bar per value; the bars are moved to their slot in the draw handler.
      { labels: plan.labels, series: bars.map((s) => ({ name: s.dataKey, data: s.top.map((t) => t ?? undefined) })) },
      {
        high: plan.high,
        low: plan.low,
        referenceValue: 0,
        height: "100%",
        width: "100%",
        chartPadding: { top: 12, right: 12, bottom: plan.showXAxis ? 4 : 8, left: plan.showYAxis ? 4 : 12 },
        axisX: { showGrid: false, showLabel: plan.showXAxis, offset: plan.showXAxis ? 24 : 0 },
        axisY: { showGrid: true, showLabel: plan.showYAxis, offset: plan.showYAxis ? 40 : 0, onlyInteger: false },
      },
    );
    chart.on("draw", (event: BarDrawEvent | { type: string }) => {
      if (event.type !== "bar") return;
      const e = event as BarDrawEvent;
      const s = bars[e.seriesIndex];
      if (!s) return;
      const step = e.chartRect.width() / Math.max(plan.labels.length, 1);
      const { center, width } = barGeometry(plan, step, s.slot);
      const x = e.chartRect.x1 + e.index * step + center;
      const y = (v: number) => e.chartRect.y1 - e.axisY.projectValue(v);
      e.element.attr({
        x1: x,
        x2: x,
        y1: y(s.base[e.index]),
        y2: y(s.top[e.index] ?? s.base[e.index]),
        "data-series": s.dataKey,
      });
      paint(e.element, { stroke: s.color, "stroke-width": `${width}px` });
    });
    chart.on("created", (created: BarChartCreatedEvent) => {
      const step = created.chartRect.width() / Math.max(plan.labels.length, 1);
      frame.current = { x1: created.chartRect.x1, step };
      drawLines(lib, plan, created, frame.current);
    });
    return () => {
      chart.detach();
    };
    // The plan's JSON is the dependency: a streamed update that changes nothing keeps the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planKey, lib]);

  if (!plan) return <div className="w-chart w-chart-empty">No chart data</div>;

  const style: CSSProperties = { ...sizeStyle(node) };
  if (!style.height && !style.aspectRatio) style.height = "200px";
  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    if (!plan.showTooltip || !frame.current || !host.current) return;
    const rect = host.current.getBoundingClientRect();
    const i = Math.floor((e.clientX - rect.left - frame.current.x1) / frame.current.step);
    setHover(i >= 0 && i < plan.labels.length ? i : null);
  };
  const tipLeft = hover !== null && frame.current ? frame.current.x1 + (hover + 0.5) * frame.current.step : 0;

  return (
    <div className="w-chart" style={style}>
      <div className="w-chart-plot" onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
        <div className="w-chart-host" ref={host} role="img" aria-label={`Chart: ${plan.series.map((s) => s.label).join(", ")}`} />
        {hover !== null && (
          <div className="w-chart-tooltip" style={{ left: tipLeft }} role="tooltip">
            <div className="w-chart-tooltip-label">{plan.labels[hover]}</div>
            {plan.series.map((s, i) => (
              <div key={i} className="w-chart-tooltip-row">
                <span className="w-chart-swatch" style={{ background: s.color }} />
                <span>{s.label}</span>
                <span className="w-chart-tooltip-value">{s.values[hover] ?? "–"}</span>
              </div>
            ))}
          </div>
        )}
      </div>
      {plan.showLegend && (
        <div className="w-chart-legend">
          {plan.series.map((s, i) => (
            <span key={i} className="w-chart-legend-item">
              <span className="w-chart-swatch" style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
