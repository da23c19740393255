//! Structured input (new in 1.6.4): focused questions that take over the composer, and the
//! submission rules of `threads.add_structured_input` (docs/PROTOCOL.md §2.1, §2.3).

use super::tagged::tagged_union;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StructuredInputStatus {
    #[default]
    Pending,
    Answered,
    Skipped,
}

/// A recorded answer to one question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StructuredAnswer {
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default, deserialize_with = "super::lax::boolean")]
    pub skipped: bool,
}

tagged_union! {
    /// One question.
    #[derive(Debug, Clone, PartialEq)]
    pub enum StructuredInput, type after ["id", "question", "answer"] {
        MultipleChoice(MultipleChoiceInput) = "multiple_choice",
        Freeform(FreeformInput) = "freeform",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultipleChoiceInput {
    pub id: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<StructuredAnswer>,
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub multiple: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreeformInput {
    pub id: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<StructuredAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl StructuredInput {
    pub fn id(&self) -> &str {
        match self {
            StructuredInput::MultipleChoice(q) => &q.id,
            StructuredInput::Freeform(q) => &q.id,
        }
    }

    pub fn answer(&self) -> Option<&StructuredAnswer> {
        match self {
            StructuredInput::MultipleChoice(q) => q.answer.as_ref(),
            StructuredInput::Freeform(q) => q.answer.as_ref(),
        }
    }

    fn set_answer(&mut self, answer: StructuredAnswer) {
        match self {
            StructuredInput::MultipleChoice(q) => q.answer = Some(answer),
            StructuredInput::Freeform(q) => q.answer = Some(answer),
        }
    }
}

/// The status a client submits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionStatus {
    #[default]
    Answered,
    Skipped,
}

/// `params.input` of `threads.add_structured_input`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StructuredInputSubmission {
    #[serde(default)]
    pub status: SubmissionStatus,
    #[serde(default, deserialize_with = "super::model_shape::map_of_objects")]
    pub answers: BTreeMap<String, StructuredAnswer>,
}

/// Apply a submission to the questions (reference rules): skipped submission, missing answer,
/// skipped answer or empty values ⇒ `{values:[], skipped:true}`; single-choice questions keep
/// only the first value; answers for unknown ids are ignored. Returns the new item status.
pub fn apply_submission(
    inputs: &mut [StructuredInput],
    submission: &StructuredInputSubmission,
) -> StructuredInputStatus {
    for input in inputs.iter_mut() {
        let given = submission.answers.get(input.id());
        let answer = match given {
            Some(a)
                if submission.status == SubmissionStatus::Answered
                    && !a.skipped
                    && !a.values.is_empty() =>
            {
                let mut values = a.values.clone();
                if let StructuredInput::MultipleChoice(q) = input {
                    if !q.multiple {
                        values.truncate(1);
                    }
                }
                StructuredAnswer {
                    values,
                    skipped: false,
                }
            }
            _ => StructuredAnswer {
                values: Vec::new(),
                skipped: true,
            },
        };
        input.set_answer(answer);
    }
    match submission.status {
        SubmissionStatus::Answered => StructuredInputStatus::Answered,
        SubmissionStatus::Skipped => StructuredInputStatus::Skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_choice_truncates_and_missing_is_skipped() {
        let mut inputs: Vec<StructuredInput> = serde_json::from_str(
            r#"[{"id":"size","question":"?","type":"multiple_choice","options":[{"value":"S"}]},
                {"id":"note","question":"?","type":"freeform"}]"#,
        )
        .unwrap();
        let sub: StructuredInputSubmission = serde_json::from_str(
            r#"{"answers":{"size":{"values":["S","M"]},"ghost":{"values":["x"]}}}"#,
        )
        .unwrap();
        assert_eq!(
            apply_submission(&mut inputs, &sub),
            StructuredInputStatus::Answered
        );
        assert_eq!(inputs[0].answer().unwrap().values, vec!["S"]);
        assert!(inputs[1].answer().unwrap().skipped);
        assert_eq!(
            serde_json::to_string(&inputs[1]).unwrap(),
            r#"{"id":"note","question":"?","answer":{"values":[],"skipped":true},"type":"freeform"}"#
        );
    }
}
