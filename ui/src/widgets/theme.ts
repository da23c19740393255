//! ChatKit design tokens ⇒ CSS values, in one place.
//! Why: widget props use ChatKit's vocabulary (spacing scale numbers, radius names, colour tokens
//! such as `secondary` or `surface-elevated`, primitives such as `blue-500`). Mapping them here to
//! the CSS variables of theme.css keeps the look consistent, and doubles as the filter that lets
//! only plain colours and lengths through (no `url(...)`, no arbitrary CSS) from untrusted trees.

import type { CSSProperties } from "react";

/** One step of the spacing scale (gap, padding, margin numbers). */
export const SPACING_UNIT_PX = 4;

const LENGTH_RE = /^-?(\d+(\.\d+)?|\.\d+)(px|rem|em|%|vh|vw|ch)?$/;
const COLOR_RE = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9\s.,%/+-]+\)|[a-z]+)$/i;

/** A CSS length from a number (px) or a safe length string; undefined for anything else. */
export function dimension(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return `${value}px`;
  if (typeof value === "string") {
    const v = value.trim();
    if (v === "auto" || v === "100%" || LENGTH_RE.test(v)) return /^-?[\d.]+$/.test(v) ? `${v}px` : v;
  }
  return undefined;
}

/** A spacing value: numbers are steps of the spacing scale, strings are CSS lengths. */
export function space(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return `${value * SPACING_UNIT_PX}px`;
  return dimension(value);
}

type Sides = { top?: string; right?: string; bottom?: string; left?: string };

/** `Spacing` objects (`top,right,bottom,left,x,y`) or a single value, resolved per side. */
export function spacingSides(value: unknown): Sides | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const x = space(v.x);
    const y = space(v.y);
    return { top: space(v.top) ?? y, bottom: space(v.bottom) ?? y, left: space(v.left) ?? x, right: space(v.right) ?? x };
  }
  const all = space(value);
  return all ? { top: all, right: all, bottom: all, left: all } : undefined;
}

function applySides(style: CSSProperties, prop: "padding" | "margin", value: unknown): void {
  const s = spacingSides(value);
  if (!s) return;
  if (s.top) style[`${prop}Top`] = s.top;
  if (s.right) style[`${prop}Right`] = s.right;
  if (s.bottom) style[`${prop}Bottom`] = s.bottom;
  if (s.left) style[`${prop}Left`] = s.left;
}

const RADIUS: Record<string, string> = {
  none: "0",
  "2xs": "2px",
  xs: "4px",
  sm: "6px",
  md: "8px",
  lg: "12px",
  xl: "16px",
  "2xl": "20px",
  "3xl": "24px",
  "4xl": "32px",
  full: "9999px",
  "100%": "100%",
};

export function radius(value: unknown): string | undefined {
  if (typeof value === "string" && value in RADIUS) return RADIUS[value];
  return dimension(value);
}

const HUES: Record<string, [number, number]> = {
  gray: [220, 9],
  slate: [215, 16],
  red: [0, 72],
  orange: [24, 90],
  amber: [38, 92],
  yellow: [48, 90],
  lime: [84, 70],
  green: [142, 60],
  emerald: [158, 64],
  teal: [173, 70],
  cyan: [189, 80],
  sky: [199, 85],
  blue: [217, 85],
  indigo: [239, 75],
  violet: [258, 80],
  purple: [271, 76],
  fuchsia: [292, 80],
  pink: [330, 80],
  rose: [350, 85],
};
const SHADE_LIGHTNESS: Record<string, number> = {
  "25": 98.5, "50": 97, "100": 94, "200": 87, "300": 78, "400": 66, "500": 55, "600": 46, "700": 38, "800": 30, "900": 22, "950": 14, "1000": 10,
};

/** Primitive tokens like `blue-500` ⇒ an HSL colour. */
export function primitiveColor(token: string): string | undefined {
  const m = /^([a-z]+)-(\d{2,4})$/.exec(token);
  if (!m) return undefined;
  const hue = HUES[m[1]];
  const light = SHADE_LIGHTNESS[m[2]];
  if (!hue || light === undefined) return undefined;
  return `hsl(${hue[0]} ${hue[1]}% ${light}%)`;
}

const TEXT_TOKENS: Record<string, string> = {
  prose: "var(--sd-text)",
  primary: "var(--sd-text)",
  emphasis: "var(--sd-text-emphasis)",
  secondary: "var(--sd-text-secondary)",
  tertiary: "var(--sd-text-tertiary)",
  success: "var(--sd-success)",
  warning: "var(--sd-warning)",
  caution: "var(--sd-warning)",
  danger: "var(--sd-danger)",
  info: "var(--sd-info)",
  discovery: "var(--sd-discovery)",
};

const BACKGROUND_TOKENS: Record<string, string> = {
  surface: "var(--sd-surface)",
  "surface-secondary": "var(--sd-surface-secondary)",
  "surface-tertiary": "var(--sd-surface-tertiary)",
  "surface-elevated": "var(--sd-surface-elevated)",
  "surface-elevated-secondary": "var(--sd-surface-elevated-secondary)",
};

const BORDER_TOKENS: Record<string, string> = {
  default: "var(--sd-border)",
  subtle: "var(--sd-border-subtle)",
  strong: "var(--sd-border-strong)",
};

/**
 * A ChatKit colour: a token, a primitive, a plain CSS colour, or a `{ light, dark }` pair. A pair
 * becomes CSS `light-dark(a, b)`, which follows the page's colour scheme (styles/base.css, set by
 * theme/applyTheme.ts), so a widget switches with the theme without being drawn again; a pair
 * with one side missing or unusable uses the other side in both themes.
 */
function resolveColor(value: unknown, tokens: Record<string, string>): string | undefined {
  if (typeof value === "object" && value !== null && ("light" in value || "dark" in value)) {
    const pair = value as { light?: unknown; dark?: unknown };
    const light = typeof pair.light === "object" ? undefined : resolveColor(pair.light, tokens);
    const dark = typeof pair.dark === "object" ? undefined : resolveColor(pair.dark, tokens);
    if (light && dark) return light === dark ? light : `light-dark(${light}, ${dark})`;
    return light ?? dark;
  }
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  if (v in tokens) return tokens[v];
  const prim = primitiveColor(v);
  if (prim) return prim;
  return COLOR_RE.test(v) ? v : undefined;
}

export const textColor = (v: unknown) => resolveColor(v, TEXT_TOKENS);
export const backgroundColor = (v: unknown) => resolveColor(v, { ...BACKGROUND_TOKENS, ...TEXT_TOKENS });
export const borderColor = (v: unknown) => resolveColor(v, BORDER_TOKENS);

/** ChatKit's chart colour tokens, each a hue of the primitive palette. */
const CHART_TOKENS: Record<string, string> = Object.fromEntries(
  ["blue", "purple", "orange", "green", "red", "yellow", "pink"].map((hue) => [hue, primitiveColor(`${hue}-500`)!]),
);
/** A series colour: a chart token, a primitive, a plain CSS colour or a ThemeColor. */
export const chartColor = (v: unknown) => resolveColor(v, CHART_TOKENS);

const ALIGN: Record<string, string> = { start: "flex-start", center: "center", end: "flex-end", baseline: "baseline", stretch: "stretch" };
const JUSTIFY: Record<string, string> = {
  start: "flex-start", center: "center", end: "flex-end", between: "space-between", around: "space-around", evenly: "space-evenly", stretch: "stretch",
};

export function alignItems(v: unknown): string | undefined {
  return typeof v === "string" ? ALIGN[v] : undefined;
}

function borderValue(value: unknown): string | undefined {
  if (typeof value === "number") return `${value}px solid var(--sd-border)`;
  if (typeof value === "object" && value !== null) {
    const b = value as Record<string, unknown>;
    if (typeof b.size !== "number") return undefined;
    const style = typeof b.style === "string" && /^(solid|dashed|dotted|double|groove|ridge|inset|outset)$/.test(b.style) ? b.style : "solid";
    return `${b.size}px ${style} ${borderColor(b.color) ?? "var(--sd-border)"}`;
  }
  return undefined;
}

/** A `border` prop (number, Border or Borders) as style properties. */
export function borderStyle(value: unknown): CSSProperties {
  const s: CSSProperties = {};
  applyBorder(s, value);
  return s;
}

function applyBorder(style: CSSProperties, value: unknown): void {
  if (value === undefined || value === null) return;
  const whole = borderValue(value);
  if (whole) {
    style.border = whole;
    return;
  }
  if (typeof value === "object") {
    const b = value as Record<string, unknown>;
    const side = (k: string) => borderValue(b[k]);
    const top = side("top") ?? side("y");
    const bottom = side("bottom") ?? side("y");
    const left = side("left") ?? side("x");
    const right = side("right") ?? side("x");
    if (top) style.borderTop = top;
    if (bottom) style.borderBottom = bottom;
    if (left) style.borderLeft = left;
    if (right) style.borderRight = right;
  }
}

/** Sizing props shared by boxes and images. */
export function sizeStyle(p: Record<string, unknown>): CSSProperties {
  const s: CSSProperties = {};
  const size = dimension(p.size);
  const width = dimension(p.width) ?? size;
  const height = dimension(p.height) ?? size;
  if (width) s.width = width;
  if (height) s.height = height;
  const minSize = dimension(p.minSize);
  const maxSize = dimension(p.maxSize);
  const minW = dimension(p.minWidth) ?? minSize;
  const minH = dimension(p.minHeight) ?? minSize;
  const maxW = dimension(p.maxWidth) ?? maxSize;
  const maxH = dimension(p.maxHeight) ?? maxSize;
  if (minW) s.minWidth = minW;
  if (minH) s.minHeight = minH;
  if (maxW) s.maxWidth = maxW;
  if (maxH) s.maxHeight = maxH;
  if (typeof p.aspectRatio === "number" && p.aspectRatio > 0) s.aspectRatio = String(p.aspectRatio);
  else if (typeof p.aspectRatio === "string" && /^\d+(\.\d+)?(\s*\/\s*\d+(\.\d+)?)?$/.test(p.aspectRatio)) s.aspectRatio = p.aspectRatio;
  if (typeof p.flex === "number") s.flex = p.flex;
  else if (typeof p.flex === "string" && /^[\d.\s%a-z]+$/i.test(p.flex)) s.flex = p.flex;
  return s;
}

/** Every box prop of Box/Row/Col/Form/ListViewItem (docs/PROTOCOL.md §5.4) as a style object. */
export function boxStyle(p: Record<string, unknown>, direction?: "row" | "column"): CSSProperties {
  const s: CSSProperties = { ...sizeStyle(p) };
  if (direction) s.flexDirection = direction;
  const ai = alignItems(p.align);
  if (ai) s.alignItems = ai;
  if (typeof p.justify === "string" && JUSTIFY[p.justify]) s.justifyContent = JUSTIFY[p.justify];
  if (p.wrap === "wrap" || p.wrap === "nowrap" || p.wrap === "wrap-reverse") s.flexWrap = p.wrap;
  const gap = space(p.gap);
  if (gap) s.gap = gap;
  applySides(s, "padding", p.padding);
  applySides(s, "margin", p.margin);
  const r = radius(p.radius);
  if (r) s.borderRadius = r;
  applyBorder(s, p.border);
  const bg = backgroundColor(p.background);
  if (bg) s.background = bg;
  return s;
}

export const TEXT_SIZES: Record<string, string> = { xs: "12px", sm: "13px", md: "15px", lg: "17px", xl: "20px" };
export const TITLE_SIZES: Record<string, string> = {
  sm: "15px", md: "17px", lg: "20px", xl: "24px", "2xl": "28px", "3xl": "32px", "4xl": "36px", "5xl": "44px",
};
export const CAPTION_SIZES: Record<string, string> = { sm: "11px", md: "12px", lg: "13px" };
export const WEIGHTS: Record<string, number> = { normal: 400, medium: 500, semibold: 600, bold: 700 };
export const ICON_SIZES: Record<string, number> = { xs: 12, sm: 14, md: 16, lg: 18, xl: 20, "2xl": 24, "3xl": 32 };

export function textAlign(v: unknown): CSSProperties["textAlign"] | undefined {
  if (v === "start" || v === "center" || v === "end") return v;
  return undefined;
}
