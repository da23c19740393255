//! A `structured_input` item: while pending, a real form — one group of radio buttons or check
//! boxes per multiple-choice question, a text box per free-form one — with Submit and Skip, sent
//! as `threads.add_structured_input`; once answered or skipped, the questions with their answers.
//! Why: the assistant asked something specific; answering it must not depend on the composer.

import { useContext, useState } from "react";
import type { StructuredInputItem } from "../protocol/types";
import { ItemWrapper } from "./ItemWrapper";
import { ItemActionsContext } from "./itemContext";
import { questionsOf, skippedSubmission, submissionOf, type FormValues, type Question } from "./structuredInput";

function AnsweredQuestion({ q }: { q: Question }) {
  const answer = q.answer ?? [];
  return (
    <div className="structured-question is-answered">
      <div className="structured-question-text">{q.question}</div>
      <div className="structured-answer">{answer.length > 0 ? answer.join(", ") : <em>skipped</em>}</div>
    </div>
  );
}

export function StructuredInputView({ item }: { item: StructuredInputItem }) {
  const { busy, submitStructuredInput } = useContext(ItemActionsContext);
  const questions = questionsOf(item);
  const [values, setValues] = useState<FormValues>({});
  const [sending, setSending] = useState(false);
  const pending = item.status === "pending";
  const canAnswer = pending && submitStructuredInput !== null;

  if (!canAnswer) {
    return (
      <ItemWrapper item={item}>
        <div className={`structured-input status-${item.status}`} data-status={item.status}>
          {questions.map((q) => (pending ? <div key={q.id} className="structured-question">{q.question}</div> : <AnsweredQuestion key={q.id} q={q} />))}
        </div>
      </ItemWrapper>
    );
  }

  const set = (id: string, next: string[]) => setValues((v) => ({ ...v, [id]: next }));
  const toggle = (q: Question, option: string, checked: boolean) => {
    const current = values[q.id] ?? [];
    if (q.kind === "multiple_choice" && !q.multiple) set(q.id, checked ? [option] : []);
    else set(q.id, checked ? [...current.filter((v) => v !== option), option] : current.filter((v) => v !== option));
  };
  const send = async (skip: boolean) => {
    if (sending || busy) return;
    setSending(true);
    try {
      await submitStructuredInput(item.id, skip ? skippedSubmission(questions) : submissionOf(questions, values));
    } finally {
      setSending(false);
    }
  };

  return (
    <ItemWrapper item={item}>
      <form
        className="structured-input status-pending"
        data-status="pending"
        onSubmit={(e) => {
          e.preventDefault();
          void send(false);
        }}
      >
        {questions.map((q) => (
          <fieldset key={q.id} className="structured-question" data-question-id={q.id}>
            <legend className="structured-question-text">{q.question}</legend>
            {q.kind === "multiple_choice" ? (
              q.options.map((option) => (
                <label key={option} className="structured-option">
                  <input
                    type={q.multiple ? "checkbox" : "radio"}
                    name={`${item.id}-${q.id}`}
                    value={option}
                    checked={(values[q.id] ?? []).includes(option)}
                    onChange={(e) => toggle(q, option, e.target.checked)}
                  />
                  {option}
                </label>
              ))
            ) : (
              <>
                {q.description && <p className="structured-description">{q.description}</p>}
                <textarea className="structured-freeform" rows={2} aria-label={q.question} value={(values[q.id] ?? [""])[0]} onChange={(e) => set(q.id, [e.target.value])} />
              </>
            )}
          </fieldset>
        ))}
        <div className="structured-actions">
          <button type="button" className="button-secondary" onClick={() => void send(true)} disabled={sending || busy}>
            Skip
          </button>
          <button type="submit" className="button-primary" disabled={sending || busy}>
            Submit
          </button>
        </div>
      </form>
    </ItemWrapper>
  );
}
