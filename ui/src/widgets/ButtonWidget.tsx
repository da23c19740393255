//! The Button widget.
//! Why: buttons fire actions (Add to Cart, Details …). A button inside a form sends that form's
//! values; `submit: true` submits the nearest form (native validation first), whose action then
//! shows its loading state on this button. While an action runs with `self` loading (a server
//! action under `auto`, see loading.ts) the button shows a spinner and is disabled.

import { useState, type MouseEvent } from "react";
import { LoaderCircle } from "lucide-react";
import { actionConfigOf, type WidgetNode } from "../protocol/widgets";
import { useWidgetEnv } from "./env";
import { IconGlyph } from "./Icon";
import { loadingTarget } from "./loading";

const COLORS = new Set(["primary", "secondary", "info", "discovery", "success", "caution", "warning", "danger"]);
const VARIANTS = new Set(["solid", "soft", "outline", "ghost"]);
const SIZES = new Set(["3xs", "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl"]);

export function ButtonWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const [busy, setBusy] = useState(false);
  const action = actionConfigOf(node.onClickAction);
  const legacyStyle = node.style === "secondary" ? "secondary" : node.style === "primary" ? "primary" : undefined;
  const color = typeof node.color === "string" && COLORS.has(node.color) ? node.color : legacyStyle ?? "primary";
  const variant =
    typeof node.variant === "string" && VARIANTS.has(node.variant) ? node.variant : legacyStyle === "secondary" ? "soft" : "solid";
  const size = typeof node.size === "string" && SIZES.has(node.size) ? node.size : "md";
  const isSubmit = node.submit === true;
  const label = typeof node.label === "string" ? node.label : "";

  const onClick = (e: MouseEvent<HTMLButtonElement>) => {
    if (isSubmit) return; // the form's submit handler fires the form action
    if (!action) return;
    const form = e.currentTarget.form;
    const showsLoading = loadingTarget(action, "button") === "self";
    if (showsLoading) setBusy(true);
    env.dispatch(action, form, undefined, "button").finally(() => {
      if (showsLoading) setBusy(false);
    });
  };

  const classes = [
    "w-button",
    `c-${color}`,
    `v-${variant}`,
    `s-${size}`,
    node.pill === true ? "is-pill" : "",
    node.block === true ? "is-block" : "",
    node.uniform === true ? "is-uniform" : "",
    busy ? "is-busy" : "",
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <button
      type={isSubmit ? "submit" : "button"}
      className={classes}
      disabled={node.disabled === true || busy}
      onClick={onClick}
      data-action-type={action?.type}
    >
      {busy ? <LoaderCircle className="w-icon spin" width={16} height={16} aria-hidden /> : node.iconStart ? <IconGlyph name={node.iconStart} size={node.iconSize ?? "sm"} /> : null}
      {label && <span className="w-button-label">{label}</span>}
      {node.iconEnd ? <IconGlyph name={node.iconEnd} size={node.iconSize ?? "sm"} /> : null}
    </button>
  );
}
