//! The Card root: a bordered surface with optional status header and confirm/cancel actions.
//! Why: cards are the main shape of shop answers (a product, a cart summary). With `asForm` the
//! card is a form whose confirm action carries the field values.

import { useState, type CSSProperties, type FormEvent, type ReactNode } from "react";
import { ChevronDown } from "lucide-react";
import { actionConfigOf, type WidgetNode } from "../protocol/widgets";
import { useWidgetEnv } from "./env";
import { Children } from "./registry";
import { StatusLine } from "./StatusLine";
import { backgroundColor, spacingSides } from "./theme";

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
  const [busy, setBusy] = useState(false);
  const size = typeof node.size === "string" && SIZES.has(node.size) ? node.size : "md";
  const style: CSSProperties = {};
  const bg = backgroundColor(node.background);
  if (bg) style.background = bg;
  const pad = spacingSides(node.padding);
  const bodyStyle: CSSProperties = pad ? { paddingTop: pad.top, paddingRight: pad.right, paddingBottom: pad.bottom, paddingLeft: pad.left } : {};
  const confirm = cardAction(node.confirm);
  const cancel = cardAction(node.cancel);
  const asForm = node.asForm === true;

  const run = (action: CardActionProp["action"], form: HTMLFormElement | null) => {
    if (!action) return;
    setBusy(true);
    env.dispatch(action, form).finally(() => setBusy(false));
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (confirm) run(confirm.action, e.currentTarget);
  };

  const footer: ReactNode =
    confirm || cancel ? (
      <div className="w-card-actions">
        {cancel && (
          <button type="button" className="w-button c-secondary v-soft s-md" disabled={busy} onClick={() => run(cancel.action, null)}>
            {cancel.label}
          </button>
        )}
        {confirm && (
          <button
            type={asForm ? "submit" : "button"}
            className="w-button c-primary v-solid s-md"
            disabled={busy}
            onClick={asForm ? undefined : (e) => run(confirm.action, e.currentTarget.form)}
          >
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

  const className = `w-card size-${size}${busy ? " is-busy" : ""}`;
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
