//! The Card root: a bordered surface with optional status header and confirm/cancel actions.
//! Why: cards are the main shape of shop answers (a product, a cart summary). With `asForm` the
//! card is a form whose confirm action carries the field values (after native validation).
//! `border` replaces the default outline (number, Border or per-side Borders); `theme` pins the
//! card to the light or dark palette whatever the page uses. Confirm/cancel show loading on the
//! whole widget under `auto` (`container`), on their own button with `self` (loading.ts).

import { useState, type CSSProperties, type FormEvent, type ReactNode } from "react";
import { ChevronDown, LoaderCircle } from "lucide-react";
import { actionConfigOf, type WidgetNode } from "../protocol/widgets";
import { useWidgetEnv } from "./env";
import { Children } from "./registry";
import { StatusLine } from "./StatusLine";
import { backgroundColor, borderStyle, spacingSides } from "./theme";
import { loadingTarget } from "./loading";

const SIZES = new Set(["sm", "md", "lg", "full"]);

interface CardActionProp {
  label: string;
  action: ReturnType<typeof actionConfigOf>;
}

function cardAction(value: unknown): CardActionProp | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as { label?: unknown; action?: unknown };
  const action = actionConfigOf(v.action);
  return action ? { label: typeof v.label === "string" ? v.label : action.type, action } : null;
}

export function CardWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const [collapsed, setCollapsed] = useState(node.collapsed === true);
  const [busy, setBusy] = useState<"confirm" | "cancel" | null>(null);
  const size = typeof node.size === "string" && SIZES.has(node.size) ? node.size : "md";
  const style: CSSProperties = node.border !== undefined ? borderStyle(node.border) : {};
  const bg = backgroundColor(node.background);
  if (bg) style.background = bg;
  const pad = spacingSides(node.padding);
  const bodyStyle: CSSProperties = pad ? { paddingTop: pad.top, paddingRight: pad.right, paddingBottom: pad.bottom, paddingLeft: pad.left } : {};
  const confirm = cardAction(node.confirm);
  const cancel = cardAction(node.cancel);
  const asForm = node.asForm === true;

  const run = (which: "confirm" | "cancel", action: CardActionProp["action"], form: HTMLFormElement | null) => {
    if (!action || busy) return;
    const self = loadingTarget(action, "card") === "self";
    if (self) setBusy(which);
    env.dispatch(action, form, undefined, "card").finally(() => {
      if (self) setBusy(null);
    });
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (confirm) run("confirm", confirm.action, e.currentTarget);
  };
  const spinner = <LoaderCircle className="w-icon spin" width={16} height={16} aria-hidden />;

  const footer: ReactNode =
    confirm || cancel ? (
      <div className="w-card-actions">
        {cancel && (
          <button type="button" className="w-button c-secondary v-soft s-md" disabled={busy !== null} onClick={() => run("cancel", cancel.action, null)}>
            {busy === "cancel" && spinner}
            {cancel.label}
          </button>
        )}
        {confirm && (
          <button
            type={asForm ? "submit" : "button"}
            className="w-button c-primary v-solid s-md"
            disabled={busy !== null}
            onClick={asForm ? undefined : (e) => run("confirm", confirm.action, e.currentTarget.form)}
          >
            {busy === "confirm" && spinner}
            {confirm.label}
          </button>
        )}
      </div>
    ) : null;

  const status = node.status;
  const content = (
    <>
      {status ? (
        <button type="button" className="w-card-status" onClick={() => setCollapsed((c) => !c)} aria-expanded={!collapsed}>
          <StatusLine status={status} />
          {node.collapsed !== undefined && <ChevronDown className={`w-icon chevron${collapsed ? "" : " open"}`} width={16} height={16} aria-hidden />}
        </button>
      ) : null}
      {!collapsed && (
        <div className="w-card-body" style={bodyStyle}>
          <Children node={node} />
        </div>
      )}
      {!collapsed && footer}
    </>
  );

  const theme = node.theme === "dark" || node.theme === "light" ? ` theme-${node.theme}` : "";
  const className = `w-card size-${size}${busy ? " is-busy" : ""}${theme}`;
  return asForm ? (
    <form className={className} style={style} onSubmit={onSubmit}>
      {content}
    </form>
  ) : (
    <div className={className} style={style}>
      {content}
    </div>
  );
}
