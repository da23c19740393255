//! The Image widget.
//! Why: product cards lead with a picture. The `src` is untrusted, so it goes through the URL
//! policy; a refused or broken image shows a neutral placeholder instead of a broken icon.

import { useState, type CSSProperties } from "react";
import { ImageOff } from "lucide-react";
import type { WidgetNode } from "../protocol/widgets";
import { safeUrl } from "./safeUrl";
import { backgroundColor, radius, sizeStyle, spacingSides } from "./theme";

const FITS = new Set(["cover", "contain", "fill", "scale-down", "none"]);
const POSITIONS = new Set(["top left", "top", "top right", "left", "center", "right", "bottom left", "bottom", "bottom right"]);

export function ImageWidget({ node }: { node: WidgetNode }) {
  const [failed, setFailed] = useState(false);
  const src = safeUrl(node.src, "image");
  const style: CSSProperties = { ...sizeStyle(node) };
  if (typeof node.fit === "string" && FITS.has(node.fit)) style.objectFit = node.fit as CSSProperties["objectFit"];
  else style.objectFit = "cover";
  if (typeof node.position === "string" && POSITIONS.has(node.position)) style.objectPosition = node.position;
  const r = radius(node.radius);
  if (r) style.borderRadius = r;
  const bg = backgroundColor(node.background);
  if (bg) style.background = bg;
  const m = spacingSides(node.margin);
  if (m) Object.assign(style, { marginTop: m.top, marginRight: m.right, marginBottom: m.bottom, marginLeft: m.left });
  const cls = `w-image${node.frame === true ? " is-framed" : ""}${node.flush === true ? " is-flush" : ""}`;
  const alt = typeof node.alt === "string" ? node.alt : "";
  if (!src || failed) {
    return (
      <div className={`${cls} w-image-placeholder`} style={style} role="img" aria-label={alt || "image unavailable"}>
        <ImageOff width={20} height={20} aria-hidden />
      </div>
    );
  }
  // A streamed list holds hundreds of images: decoded off the main thread where the engine can.
  return <img className={cls} src={src} alt={alt} style={style} draggable={false} decoding="async" onError={() => setFailed(true)} />;
}
