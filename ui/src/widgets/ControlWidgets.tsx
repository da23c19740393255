//! Form controls: Input, Textarea, Select, Checkbox, RadioGroup, DatePicker.
//! Why: widgets can ask for input (quantities, notes, a delivery date). Controls are native form
//! elements named by their `name`, so the enclosing form's values can be collected for actions;
//! `onChangeAction` fires with the form's values (or this field's value outside a form), with no
//! loading state under `auto` (loading.ts). `required` and `pattern` use native validation, which
//! blocks the form's actions (WidgetView); `disabled` controls are left out of the values, as a
//! browser leaves them out of a form submission.

import type { ChangeEvent, FormEvent } from "react";
import { actionConfigOf, type WidgetNode } from "../protocol/widgets";
import { fieldId, useWidgetEnv } from "./env";

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

const CONTROL_VARIANTS = new Set(["solid", "soft", "outline", "ghost"]);
const GUTTERS = new Set(["2xs", "xs", "sm", "md", "lg", "xl"]);

function controlClass(node: WidgetNode, base: string): string {
  const variant = typeof node.variant === "string" && CONTROL_VARIANTS.has(node.variant) ? `v-${node.variant}` : "v-outline";
  const size = typeof node.size === "string" ? `s-${node.size}` : "s-md";
  const gutter = typeof node.gutterSize === "string" && GUTTERS.has(node.gutterSize) ? ` g-${node.gutterSize}` : "";
  return `${base} ${variant} ${size}${gutter}${node.pill === true ? " is-pill" : ""}${node.block === true ? " is-block" : ""}`;
}

/** `pattern` for a textarea (which has no native one): the whole value must match. */
function checkPattern(pattern: string | undefined) {
  if (!pattern) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    return undefined;
  }
  return (e: FormEvent<HTMLTextAreaElement>) => {
    const el = e.currentTarget;
    el.setCustomValidity(el.value === "" || re.test(el.value) ? "" : "Please match the requested format.");
  };
}

/** Grows a textarea with its text, up to `maxRows` rows (`autoResize`). */
function autoResize(maxRows: number | undefined) {
  return (e: FormEvent<HTMLTextAreaElement>) => {
    const el = e.currentTarget;
    el.style.height = "auto";
    const line = parseFloat(getComputedStyle(el).lineHeight) || 20;
    const max = maxRows ? maxRows * line + 16 : Infinity;
    el.style.height = `${Math.min(el.scrollHeight, max)}px`;
  };
}

const INPUT_TYPES = new Set(["number", "email", "text", "password", "tel", "url"]);

export function InputWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const name = str(node.name) ?? "";
  const type = typeof node.inputType === "string" && INPUT_TYPES.has(node.inputType) ? node.inputType : "text";
  return (
    <input
      className={controlClass(node, "w-input")}
      id={fieldId(env, name)}
      name={name}
      type={type}
      defaultValue={str(node.defaultValue)}
      placeholder={str(node.placeholder)}
      required={node.required === true}
      pattern={str(node.pattern)}
      disabled={node.disabled === true}
      autoFocus={node.autoFocus === true}
      autoComplete={node.allowAutofillExtensions === true ? "on" : "off"}
      onFocus={node.autoSelect === true ? (e) => e.currentTarget.select() : undefined}
    />
  );
}

export function TextareaWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const name = str(node.name) ?? "";
  const maxRows = typeof node.maxRows === "number" && node.maxRows > 0 ? Math.min(50, Math.floor(node.maxRows)) : undefined;
  const pattern = checkPattern(str(node.pattern));
  const resize = node.autoResize === true ? autoResize(maxRows) : undefined;
  return (
    <textarea
      className={controlClass(node, "w-input w-textarea")}
      id={fieldId(env, name)}
      name={name}
      rows={typeof node.rows === "number" ? Math.max(1, Math.min(20, Math.floor(node.rows))) : 3}
      defaultValue={str(node.defaultValue)}
      placeholder={str(node.placeholder)}
      required={node.required === true}
      disabled={node.disabled === true}
      autoFocus={node.autoFocus === true}
      autoComplete={node.allowAutofillExtensions === true ? "on" : "off"}
      style={node.autoResize === true ? { resize: "none", overflowY: "auto" } : undefined}
      onFocus={node.autoSelect === true ? (e) => e.currentTarget.select() : undefined}
      onInput={(e) => {
        pattern?.(e);
        resize?.(e);
      }}
      onBlur={pattern}
    />
  );
}

/** Fires a control's `onChangeAction`, if it has one. */
function useChangeAction(node: WidgetNode) {
  const env = useWidgetEnv();
  const action = actionConfigOf(node.onChangeAction);
  return (name: string, value: unknown, form: HTMLFormElement | null) => {
    if (action) void env.dispatch(action, form, form ? undefined : { name, value });
  };
}

export function SelectWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const onChangeAction = useChangeAction(node);
  const name = str(node.name) ?? "";
  const options = Array.isArray(node.options) ? node.options : [];
  return (
    <select
      className={controlClass(node, "w-input w-select")}
      id={fieldId(env, name)}
      name={name}
      defaultValue={str(node.defaultValue) ?? ""}
      disabled={node.disabled === true}
      onChange={(e: ChangeEvent<HTMLSelectElement>) => onChangeAction(name, e.currentTarget.value, e.currentTarget.form)}
    >
      <option value="" disabled={node.clearable !== true}>
        {str(node.placeholder) ?? "Select…"}
      </option>
      {options.map((o, i) => {
        const opt = (typeof o === "object" && o !== null ? o : {}) as { value?: unknown; label?: unknown; disabled?: unknown; description?: unknown };
        const value = str(opt.value) ?? "";
        return (
          <option key={`${value}-${i}`} value={value} disabled={opt.disabled === true} title={str(opt.description)}>
            {str(opt.label) ?? value}
          </option>
        );
      })}
    </select>
  );
}

export function CheckboxWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const onChangeAction = useChangeAction(node);
  const name = str(node.name) ?? "";
  return (
    <label className="w-checkbox">
      <input
        type="checkbox"
        id={fieldId(env, name)}
        name={name}
        defaultChecked={node.defaultChecked === true}
        disabled={node.disabled === true}
        required={node.required === true}
        onChange={(e) => onChangeAction(name, e.currentTarget.checked, e.currentTarget.form)}
      />
      {str(node.label) && <span>{str(node.label)}</span>}
    </label>
  );
}

export function RadioGroupWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const onChangeAction = useChangeAction(node);
  const name = str(node.name) ?? "";
  const options = Array.isArray(node.options) ? node.options : [];
  return (
    <div
      className={`w-radio-group ${node.direction === "row" ? "is-row" : "is-col"}`}
      role="radiogroup"
      aria-label={str(node.ariaLabel)}
    >
      {options.map((o, i) => {
        const opt = (typeof o === "object" && o !== null ? o : {}) as { value?: unknown; label?: unknown; disabled?: unknown };
        const value = str(opt.value) ?? "";
        return (
          <label key={`${value}-${i}`} className="w-radio">
            <input
              type="radio"
              id={i === 0 ? fieldId(env, name) : undefined}
              name={name}
              value={value}
              defaultChecked={str(node.defaultValue) === value}
              disabled={node.disabled === true || opt.disabled === true}
              required={node.required === true}
              onChange={(e) => onChangeAction(name, value, e.currentTarget.form)}
            />
            <span>{str(opt.label) ?? value}</span>
          </label>
        );
      })}
    </div>
  );
}

/** ISO datetime ⇒ `YYYY-MM-DD` for a native date input. */
function isoDate(v: unknown): string | undefined {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined;
}

export function DatePickerWidget({ node }: { node: WidgetNode }) {
  const env = useWidgetEnv();
  const onChangeAction = useChangeAction(node);
  const name = str(node.name) ?? "";
  return (
    <input
      className={controlClass(node, "w-input w-date")}
      type="date"
      id={fieldId(env, name)}
      name={name}
      defaultValue={isoDate(node.defaultValue)}
      min={isoDate(node.min)}
      max={isoDate(node.max)}
      placeholder={str(node.placeholder)}
      disabled={node.disabled === true}
      onChange={(e) => onChangeAction(name, e.currentTarget.value, e.currentTarget.form)}
    />
  );
}
