//! The `Icon` widget and the icon used by other components (buttons, statuses, progress).
//! Why: one component turns a ChatKit icon name into an SVG with the right size and colour. A
//! `lucide:` name not loaded yet holds its place (same size) while Lucide's set is fetched.

import { useEffect, useState } from "react";
import type { WidgetNode } from "../protocol/widgets";
import { FILLED_ICONS, loadLucide, lucideFor, lucideKey } from "./iconMap";
import { ICON_SIZES, textColor } from "./theme";

/** The component for `name`, and whether it is still being fetched. */
function useLucide(name: unknown) {
  const now = lucideFor(name);
  const key = now ? undefined : lucideKey(name);
  const [fetched, setFetched] = useState<{ key: string; icon: ReturnType<typeof lucideFor> } | null>(null);
  useEffect(() => {
    if (key === undefined) return;
    let live = true;
    void loadLucide(key).then((icon) => {
      if (live) setFetched({ key, icon });
    });
    return () => {
      live = false;
    };
  }, [key]);
  if (now || key === undefined) return { Lucide: now, pending: false };
  return fetched?.key === key ? { Lucide: fetched.icon, pending: false } : { Lucide: undefined, pending: true };
}

export function IconGlyph({ name, size = "md", color, className }: { name: unknown; size?: unknown; color?: unknown; className?: string }) {
  const { Lucide, pending } = useLucide(name);
  const px = typeof size === "number" ? size : ICON_SIZES[typeof size === "string" ? size : "md"] ?? 16;
  if (!Lucide) {
    const state = pending ? "w-icon-loading" : "w-icon-missing";
    return <span className={`w-icon ${state} ${className ?? ""}`} style={{ width: px, height: px }} aria-hidden />;
  }
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
