//! The `Icon` widget and the icon used by other components (buttons, statuses, progress).
//! Why: one component turns a ChatKit icon name into an SVG with the right size and colour.

import type { WidgetNode } from "../protocol/widgets";
import { FILLED_ICONS, lucideFor } from "./iconMap";
import { ICON_SIZES, textColor } from "./theme";

export function IconGlyph({ name, size = "md", color, className }: { name: unknown; size?: unknown; color?: unknown; className?: string }) {
  const Lucide = lucideFor(name);
  const px = typeof size === "number" ? size : ICON_SIZES[typeof size === "string" ? size : "md"] ?? 16;
  if (!Lucide) return <span className={`w-icon w-icon-missing ${className ?? ""}`} style={{ width: px, height: px }} aria-hidden />;
  const filled = typeof name === "string" && FILLED_ICONS.has(name);
  return (
    <Lucide
      className={`w-icon ${className ?? ""}`}
      width={px}
      height={px}
      color={textColor(color) ?? "currentColor"}
      fill={filled ? "currentColor" : "none"}
      aria-hidden
    />
  );
}

export function IconWidget({ node }: { node: WidgetNode }) {
  return <IconGlyph name={node.name} size={node.size} color={node.color} />;
}
