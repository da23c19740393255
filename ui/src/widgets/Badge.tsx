//! The Badge widget: a short status label (e.g. "In stock").
//! Why: colour × variant × size combinations are expressed as classes over theme variables.

import type { WidgetNode } from "../protocol/widgets";

const COLORS = new Set(["secondary", "success", "danger", "warning", "info", "discovery", "primary", "caution"]);
const VARIANTS = new Set(["solid", "soft", "outline"]);
const SIZES = new Set(["sm", "md", "lg"]);

export function BadgeWidget({ node }: { node: WidgetNode }) {
  const color = typeof node.color === "string" && COLORS.has(node.color) ? node.color : "secondary";
  const variant = typeof node.variant === "string" && VARIANTS.has(node.variant) ? node.variant : "soft";
  const size = typeof node.size === "string" && SIZES.has(node.size) ? node.size : "sm";
  return (
    <span className={`w-badge c-${color} v-${variant} s-${size}${node.pill === true ? " is-pill" : ""}`}>
      {typeof node.label === "string" ? node.label : ""}
    </span>
  );
}
