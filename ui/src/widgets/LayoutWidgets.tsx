//! Box, Row, Col, Form and the Basic root: the flex containers of the widget language.
//! Why: all layout props (direction, gap, padding, margin, align, justify, wrap, flex, sizes,
//! radius, border, background, aspect ratio) map the same way; `Form` is a real `<form>` so its
//! controls' values are collected for `onSubmitAction` and for any action fired inside it.

import { useState, type FormEvent } from "react";
import { actionConfigOf, type WidgetNode } from "../protocol/widgets";
import { useWidgetEnv } from "./env";
import { Children } from "./registry";
import { boxStyle } from "./theme";
import { loadingTarget } from "./loading";

function directionOf(node: WidgetNode, fallback: "row" | "column"): "row" | "column" {
  if (node.direction === "row") return "row";
  if (node.direction === "col" || node.direction === "column") return "column";
  return fallback;
}

export function BoxWidget({ node }: { node: WidgetNode }) {
  return (
    <div className="w-box" style={boxStyle(node, directionOf(node, "column"))}>
      <Children node={node} />
    </div>
  );
}

export function RowWidget({ node }: { node: WidgetNode }) {
  return (
    <div className="w-box w-row" style={{ alignItems: "center", ...boxStyle(node, "row") }}>
      <Children node={node} />
    </div>
  );
}

export function ColWidget({ node }: { node: WidgetNode }) {
  return (
    <div className="w-box w-col" style={boxStyle(node, "column")}>
      <Children node={node} />
    </div>
  );
}

export function FormWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const [busy, setBusy] = useState(false);
  const submit = actionConfigOf(node.onSubmitAction);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!submit || busy) return;
    const self = loadingTarget(submit, "form") === "self";
    if (self) setBusy(true);
    env.dispatch(submit, e.currentTarget, undefined, "form").finally(() => {
      if (self) setBusy(false);
    });
  };
  return (
    <form
      className={`w-box w-form${busy ? " is-busy" : ""}`}
      style={boxStyle(node, directionOf(node, "column"))}
      onSubmit={onSubmit}
      aria-busy={busy || undefined}
    >
      <Children node={node} />
    </form>
  );
}

export function BasicWidget({ node }: { node: WidgetNode }) {
  const theme = node.theme === "dark" || node.theme === "light" ? ` theme-${node.theme}` : "";
  return (
    <div className={`w-basic${theme}`} style={boxStyle(node, directionOf(node, "column"))}>
      <Children node={node} />
    </div>
  );
}
