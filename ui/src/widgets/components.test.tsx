//! Tests of the components added for full ChatKit coverage — Chart, Table / Table.Row /
//! Table.Cell, Card.border and theme, Transition, loadingBehavior — and of the gallery fixtures
//! (gallery/*.json, which the WebDriver gallery renders in the real app too).
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { WidgetItem } from "../protocol/types";
import type { ActionConfig } from "../protocol/widgets";
import { WidgetView } from "./WidgetView";
import { barGeometry, chartPlan, MAX_CHART_POINTS, MAX_CHART_SERIES } from "./chartSpec";
import { loadingTarget } from "./loading";

const here = path.dirname(fileURLToPath(import.meta.url));
const galleryDir = path.join(here, "gallery");

function item(widget: unknown, id = "w1"): WidgetItem {
  return { id, thread_id: "t", created_at: "x", type: "widget", widget: widget as WidgetItem["widget"] };
}

beforeAll(() => {
  // jsdom has no matchMedia; Chartist asks it for its responsive options (none here).
  window.matchMedia ??= ((media: string) => ({
    matches: false,
    media,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
});

/** Chartist lays out on a timer after mount; let it run. */
async function chartDrawn(container: HTMLElement) {
  await waitFor(() => expect(container.querySelector(".w-chart-host svg")).not.toBeNull());
}

describe("gallery fixtures", () => {
  const names = readdirSync(galleryDir).filter((f) => f.endsWith(".json"));
  it("cover every added component", () => {
    const all = names.map((n) => readFileSync(path.join(galleryDir, n), "utf8")).join("\n");
    for (const type of ["Chart", "Table", "Table.Row", "Table.Cell", "Transition", "Form", "DatePicker", "RadioGroup", "Textarea"]) {
      expect(all).toContain(`"type": "${type}"`);
    }
    expect(all).toContain('"border"');
  });

  it.each(names)("%s renders with no unknown component", async (name) => {
    const tree = JSON.parse(readFileSync(path.join(galleryDir, name), "utf8"));
    const { container } = render(<WidgetView item={item(tree)} onAction={() => {}} />);
    if (container.querySelector(".w-chart")) await chartDrawn(container);
    expect(container.querySelector(".w-unknown, .w-unknown-container, .w-failed")).toBeNull();
  });
});

describe("Chart", () => {
  const node = {
    type: "Chart",
    xAxis: { dataKey: "m", labels: { "1": "Jan" } },
    data: [
      { m: "1", a: 2, b: 3, c: "4" },
      { m: "2", a: 5, b: null, c: 1 },
    ],
    series: [
      { type: "bar", dataKey: "a", label: "A", stack: "s" },
      { type: "bar", dataKey: "b", label: "B", stack: "s", color: "red" },
      { type: "line", dataKey: "c", label: "C", color: "url(javascript:alert(1))" },
    ],
  };

  it("plans labels, stacks, slots, range and filtered colours", () => {
    const plan = chartPlan(node)!;
    expect(plan.labels).toEqual(["Jan", "2"]);
    expect(plan.series.map((s) => s.kind)).toEqual(["bar", "bar", "line"]);
    expect(plan.series[1].base).toEqual([2, 5]);
    expect(plan.series[1].top).toEqual([5, null]);
    expect(plan.series[2].values).toEqual([4, 1]);
    expect(plan.barSlots).toBe(1);
    expect([plan.low, plan.high]).toEqual([0, 5]);
    expect(plan.series[1].color).toMatch(/^hsl\(0 /);
    // A colour that is not a colour falls back to the palette (never reaches a style).
    expect(plan.series[2].color).not.toContain("url");
    expect(plan).toMatchObject({ showYAxis: false, showLegend: true, showTooltip: true, barGap: 4, barCategoryGap: { fraction: 0.1 } });
  });

  it("bounds untrusted sizes and reads nothing without data or series", () => {
    const many = chartPlan({
      type: "Chart",
      data: Array.from({ length: 5000 }, (_, i) => ({ x: i, y: i })),
      series: Array.from({ length: 40 }, () => ({ type: "line", dataKey: "y" })),
      xAxis: "x",
    })!;
    expect(many.labels).toHaveLength(MAX_CHART_POINTS);
    expect(many.series).toHaveLength(MAX_CHART_SERIES);
    expect(chartPlan({ type: "Chart", data: [], series: [{ dataKey: "y" }] })).toBeNull();
    expect(chartPlan({ type: "Chart", data: [{ y: 1 }], series: "no" })).toBeNull();
  });

  it("places grouped bars by barGap and barCategoryGap", () => {
    const plan = chartPlan({ type: "Chart", xAxis: "x", barGap: 10, barCategoryGap: 20, data: [{ x: "a", p: 1, q: 2 }], series: [{ type: "bar", dataKey: "p" }, { type: "bar", dataKey: "q" }] })!;
    // A 120 px category: 20 px between categories, 100 px for two bars 10 px apart ⇒ 45 px each.
    expect(barGeometry(plan, 120, 0)).toEqual({ center: 10 + 22.5, width: 45 });
    expect(barGeometry(plan, 120, 1)).toEqual({ center: 10 + 45 + 10 + 22.5, width: 45 });
  });

  it("draws bars, a line, a legend and a text-only tooltip", async () => {
    const { container } = render(<WidgetView item={item({ type: "Card", children: [{ ...node, series: [...node.series, { type: "area", dataKey: "a", curveType: "monotone", label: "<img src=x onerror=alert(1)>" }] }] })} onAction={() => {}} />);
    await chartDrawn(container);
    expect(container.querySelectorAll(".ct-bar")).toHaveLength(3); // a: 2 bars, b: 1 (one hole)
    expect(container.querySelectorAll(".sd-series-line .ct-line")).toHaveLength(1);
    expect(container.querySelectorAll(".sd-series-area .ct-area")).toHaveLength(1);
    const legend = [...container.querySelectorAll(".w-chart-legend-item")].map((e) => e.textContent);
    expect(legend).toEqual(["A", "B", "C", "<img src=x onerror=alert(1)>"]);
    expect(container.querySelector(".w-chart img")).toBeNull();
    expect(container.querySelectorAll(".ct-label.ct-horizontal")).toHaveLength(2);
    // Series colours are set through the CSSOM (the app's CSP refuses style attributes).
    const bar = container.querySelector(".ct-bar[data-series='b']") as SVGElement;
    expect(bar.style.getPropertyValue("stroke")).toMatch(/^(hsl\(0 |rgb\()/);
    // An area is closed along its lower edge: every command after the upper edge is drawn,
    // none of them a bare move (which would leave the fill a diagonal).
    const area = container.querySelector(".sd-series-area .ct-area")!.getAttribute("d")!;
    expect(area.match(/M/g)).toHaveLength(1);
    expect(area.trim().endsWith("Z")).toBe(true);
  });

  it("shows a placeholder instead of an empty frame", () => {
    render(<WidgetView item={item({ type: "Card", children: [{ type: "Chart", data: "x", series: [] }] })} onAction={() => {}} />);
    expect(screen.getByText("No chart data")).toBeTruthy();
  });
});

describe("Table", () => {
  it("renders header cells, spans, alignment and components inside cells", () => {
    const { container } = render(
      <WidgetView
        item={item({
          type: "Card",
          children: [
            {
              type: "Table",
              children: [
                { type: "Table.Row", header: true, children: [{ type: "Table.Cell", children: [{ type: "Text", value: "Name" }] }, { type: "Table.Cell", align: "end", children: [{ type: "Text", value: "Price" }] }] },
                { type: "Table.Row", children: [{ type: "Table.Cell", colSpan: 2, rowSpan: 9999, vAlign: "end", width: 120, padding: { x: 2 }, children: [{ type: "Badge", label: "Spans" }] }] },
                { type: "Text", value: "stray" },
              ],
            },
          ],
        })}
        onAction={() => {}}
      />,
    );
    const headers = container.querySelectorAll("thead th[scope=col]");
    expect([...headers].map((h) => h.textContent)).toEqual(["Name", "Price"]);
    expect((headers[1] as HTMLElement).style.textAlign).toBe("right");
    const cell = container.querySelector("tbody td") as HTMLTableCellElement;
    expect(cell.colSpan).toBe(2);
    expect(cell.rowSpan).toBe(50);
    expect(cell.style).toMatchObject({ verticalAlign: "bottom", width: "120px", paddingLeft: "8px" });
    expect(screen.getByText("Spans").className).toContain("w-badge");
    expect(screen.getByText("stray")).toBeTruthy();
  });
});

describe("Card border and theme, Transition", () => {
  it("Card.border replaces the outline; theme pins the palette", () => {
    const { container } = render(
      <WidgetView item={item({ type: "Card", theme: "dark", border: { size: 2, color: "strong", style: "dashed" }, children: [{ type: "Text", value: "x" }] })} onAction={() => {}} />,
    );
    const card = container.querySelector(".w-card") as HTMLElement;
    expect(card.style.border).toBe("2px dashed var(--sd-border-strong)");
    expect(card.className).toContain("theme-dark");
    const sides = render(<WidgetView item={item({ type: "Card", border: { top: 1, bottom: { size: 3, color: "red-500" } }, children: [] }, "w2")} onAction={() => {}} />);
    const s = (sides.container.querySelector(".w-card") as HTMLElement).style;
    expect(s.borderTop).toBe("1px solid var(--sd-border)");
    expect(s.borderBottom).toMatch(/^3px solid (hsl\(0 |rgb\()/);
  });

  it("Transition remounts (and so animates) its child when the child's key changes", () => {
    const tree = (key: string, text: string) => item({ type: "Card", children: [{ type: "Transition", children: { type: "Text", key, value: text } }] });
    const { container, rerender } = render(<WidgetView item={tree("a", "Loading")} onAction={() => {}} />);
    const first = container.querySelector(".w-transition");
    rerender(<WidgetView item={tree("a", "Loading…")} onAction={() => {}} />);
    expect(container.querySelector(".w-transition")).toBe(first);
    rerender(<WidgetView item={tree("b", "Done")} onAction={() => {}} />);
    expect(container.querySelector(".w-transition")).not.toBe(first);
    expect(container.querySelector(".w-transition")?.getAttribute("data-transition-key")).toBe("b");
  });
});

describe("loadingBehavior", () => {
  it("resolves auto by where the action is bound", () => {
    const a = (loadingBehavior?: ActionConfig["loadingBehavior"], handler: ActionConfig["handler"] = "server"): ActionConfig => ({ type: "x", handler, loadingBehavior });
    expect(loadingTarget(a("auto"), "button")).toBe("self");
    expect(loadingTarget(a("auto"), "card")).toBe("container");
    expect(loadingTarget(a("auto"), "control")).toBe("none");
    expect(loadingTarget(a(undefined), "row")).toBe("self");
    expect(loadingTarget(a("auto", "client"), "button")).toBe("none");
    expect(loadingTarget(a("container", "client"), "button")).toBe("container");
    expect(loadingTarget(a("none"), "card")).toBe("none");
    expect(loadingTarget(a("self"), "control")).toBe("self");
  });

  it("self spins the button, container fades the whole widget, none shows nothing", async () => {
    let finish: () => void = () => {};
    const onAction = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const button = (label: string, loadingBehavior: string) => ({ type: "Button", label, onClickAction: { type: "go", loadingBehavior } });
    const { container } = render(
      <WidgetView item={item({ type: "Card", children: [button("Self", "self"), button("Box", "container"), button("None", "none")] })} onAction={onAction} />,
    );
    const root = container.querySelector(".widget") as HTMLElement;
    fireEvent.click(screen.getByRole("button", { name: "Self" }));
    expect((screen.getByRole("button", { name: "Self" }) as HTMLButtonElement).disabled).toBe(true);
    expect(root.className).not.toContain("is-loading");
    await act(async () => finish());
    expect((screen.getByRole("button", { name: "Self" }) as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Box" }));
    await waitFor(() => expect(root.className).toContain("is-loading"));
    expect(root.getAttribute("aria-busy")).toBe("true");
    await act(async () => finish());
    expect(root.className).not.toContain("is-loading");

    fireEvent.click(screen.getByRole("button", { name: "None" }));
    expect((screen.getByRole("button", { name: "None" }) as HTMLButtonElement).disabled).toBe(false);
    expect(root.className).not.toContain("is-loading");
    await act(async () => finish());
  });
});
