//! The questions of a `structured_input` item, read from untrusted JSON, and the submission a
//! filled form makes (`threads.add_structured_input`'s `input`).
//! Why: the form is only as good as these two functions; as pure code they are tested alone.

import type { StructuredInputItem } from "../protocol/types";
import type { StructuredInputSubmission } from "./itemContext";

export type Question =
  | { id: string; kind: "multiple_choice"; question: string; options: string[]; multiple: boolean; answer: string[] | null }
  | { id: string; kind: "freeform"; question: string; description: string | null; answer: string[] | null };

function answerOf(raw: unknown): string[] | null {
  if (!raw || typeof raw !== "object") return null;
  const a = raw as { values?: unknown; skipped?: unknown };
  if (a.skipped === true) return [];
  return Array.isArray(a.values) ? a.values.filter((v): v is string => typeof v === "string") : null;
}

/** The questions the page can show; an input of an unknown type or without an id is left out. */
export function questionsOf(item: StructuredInputItem): Question[] {
  const out: Question[] = [];
  for (const raw of Array.isArray(item.inputs) ? item.inputs : []) {
    if (!raw || typeof raw.id !== "string" || typeof raw.question !== "string") continue;
    if (raw.type === "multiple_choice") {
      const options = Array.isArray(raw.options)
        ? (raw.options as unknown[]).flatMap((o) => (o && typeof o === "object" && typeof (o as { value?: unknown }).value === "string" ? [(o as { value: string }).value] : []))
        : [];
      out.push({ id: raw.id, kind: "multiple_choice", question: raw.question, options, multiple: raw.multiple === true, answer: answerOf(raw.answer) });
    } else if (raw.type === "freeform") {
      out.push({ id: raw.id, kind: "freeform", question: raw.question, description: typeof raw.description === "string" ? raw.description : null, answer: answerOf(raw.answer) });
    }
  }
  return out;
}

/** What the user chose or typed, by question id. */
export type FormValues = Record<string, string[]>;

/** The submission for `values`: each question's trimmed, non-empty values, or skipped. */
export function submissionOf(questions: readonly Question[], values: FormValues): StructuredInputSubmission {
  const answers: StructuredInputSubmission["answers"] = {};
  for (const q of questions) {
    let given = (values[q.id] ?? []).map((v) => v.trim()).filter((v) => v !== "");
    if (q.kind === "multiple_choice" && !q.multiple) given = given.slice(0, 1);
    answers[q.id] = given.length > 0 ? { values: given, skipped: false } : { values: [], skipped: true };
  }
  return { status: "answered", answers };
}

/** Skipping the whole item. */
export function skippedSubmission(questions: readonly Question[]): StructuredInputSubmission {
  return { status: "skipped", answers: Object.fromEntries(questions.map((q) => [q.id, { values: [], skipped: true }])) };
}
