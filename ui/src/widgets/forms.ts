//! Form values of widgets, merged into action payloads (docs/PROTOCOL.md §7.3).
//! Why: an action fired from a `Form` (or a `Card` with `asForm`) carries the current field
//! values in its payload, keyed by each control's `name`, with dotted names nesting
//! (`todo.title` ⇒ `{todo: {title}}`). A value that collides with an existing payload key is
//! ignored, as the reference client does ("If there is a naming collision with some other
//! existing pre-defined key on your payload, the form value will be ignored" — chatkit-python
//! docs, build-interactive-responses-with-widgets); the collision is logged as a warning, since
//! it is a bug of the widget. Objects merge: `{todo: {id}}` + `todo.title` ⇒ `{todo: {id, title}}`.
//! A payload that is not an object (a string, a list) cannot take values and is sent as it is.

export type FormEntries = Array<[name: string, value: unknown]>;

/** Nests dotted names into an object. Later duplicates of a name win. */
export function nestFormValues(entries: FormEntries): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    const path = name.split(".").filter((p) => p !== "");
    if (path.length === 0 || path.some(isUnsafeKey)) continue;
    let target = out;
    for (let i = 0; i < path.length - 1; i++) {
      const next = target[path[i]];
      if (typeof next !== "object" || next === null || Array.isArray(next)) target[path[i]] = {};
      target = target[path[i]] as Record<string, unknown>;
    }
    target[path[path.length - 1]] = value;
  }
  return out;
}

function isUnsafeKey(key: string): boolean {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

/** Called with the dotted name of each form value a payload key shadowed. */
export type CollisionReport = (name: string) => void;

const warnCollision: CollisionReport = (name) =>
  console.warn(`widget form: the field "${name}" collides with a payload key of the action; the form value is ignored`);

/** Merges form values into a payload; existing payload keys win (deeply). */
export function mergeFormIntoPayload(payload: unknown, values: Record<string, unknown>, onCollision: CollisionReport = warnCollision): unknown {
  if (Object.keys(values).length === 0) return payload;
  if (payload === undefined || payload === null) return values;
  if (typeof payload !== "object" || Array.isArray(payload)) {
    onCollision("(payload)");
    return payload;
  }
  return mergeMissing(payload as Record<string, unknown>, values, "", onCollision);
}

function mergeMissing(base: Record<string, unknown>, extra: Record<string, unknown>, prefix: string, onCollision: CollisionReport): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
    else if (isPlainObject(out[k]) && isPlainObject(v)) out[k] = mergeMissing(out[k] as Record<string, unknown>, v as Record<string, unknown>, `${prefix}${k}.`, onCollision);
    else onCollision(`${prefix}${k}`);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads the named controls of a form element: checkboxes as booleans, radios by checked value. */
export function readFormEntries(form: HTMLFormElement): FormEntries {
  const entries: FormEntries = [];
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) continue;
    const name = el.name;
    if (!name || el.disabled) continue;
    if (el instanceof HTMLInputElement && el.type === "checkbox") entries.push([name, el.checked]);
    else if (el instanceof HTMLInputElement && el.type === "radio") {
      if (el.checked) entries.push([name, el.value]);
    } else if (el instanceof HTMLInputElement && el.type === "number") entries.push([name, el.value === "" ? null : Number(el.value)]);
    else entries.push([name, el.value]);
  }
  return entries;
}
