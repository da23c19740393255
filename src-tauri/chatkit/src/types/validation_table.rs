//! The request-validation table: every request model of the reference SDK (`chatkit/types.py`
//! and `chatkit/actions.py` at 1.6.5) and every model nested in one, with each field's type and
//! whether it is required or takes a default.
//!
//! It is the single source of the generated request-validation tests (`request_validation_tests`)
//! and must list exactly what the markdown tables of `docs/PROTOCOL.md (Appendix A)` list (a test
//! compares them), so the doc, the tests and the parser cannot drift apart.

/// A field type, in the reference's (Python) notation.
#[derive(Debug)]
pub(super) enum Ty {
    Str,
    /// `int`, with lax-mode coercions.
    Int,
    /// `bool`, with lax-mode coercions.
    Bool,
    /// `Any`: every JSON value, `null` included.
    Any,
    /// `dict[str, Any]`: any JSON object.
    Dict,
    Lit(&'static [&'static str]),
    Model(&'static str),
    /// A union of models discriminated by `type` (see [`UNIONS`]).
    Union(&'static str),
    List(&'static Ty),
    /// `dict[str, T]`.
    Map(&'static Ty),
    /// `T | None`.
    Nullable(&'static Ty),
}

impl Ty {
    /// The type as the doc tables spell it.
    pub(super) fn doc(&self) -> String {
        match self {
            Ty::Str => "str".into(),
            Ty::Int => "int".into(),
            Ty::Bool => "bool".into(),
            Ty::Any => "Any".into(),
            Ty::Dict => "dict[str, Any]".into(),
            Ty::Lit(values) => {
                let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
                format!("Literal[{}]", quoted.join(", "))
            }
            Ty::Model(name) | Ty::Union(name) => (*name).into(),
            Ty::List(t) => format!("list[{}]", t.doc()),
            Ty::Map(t) => format!("dict[str, {}]", t.doc()),
            Ty::Nullable(t) => format!("{} | None", t.doc()),
        }
    }
}

/// Whether a field may be missing.
#[derive(Debug)]
pub(super) enum Rule {
    Required,
    /// The `type` of a discriminated union member: required, and selects the model.
    Discriminator,
    /// May be missing; then it holds this default (JSON text).
    Optional(&'static str),
}

#[derive(Debug)]
pub(super) struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub rule: Rule,
}

#[derive(Debug)]
pub(super) struct Model {
    pub name: &'static str,
    pub fields: &'static [Field],
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        rule: Rule::Required,
    }
}

const fn opt(name: &'static str, ty: Ty, default: &'static str) -> Field {
    Field {
        name,
        ty,
        rule: Rule::Optional(default),
    }
}

const fn tag(value: &'static [&'static str]) -> Field {
    Field {
        name: "type",
        ty: Ty::Lit(value),
        rule: Rule::Discriminator,
    }
}

/// A request: `type`, `params` and the optional integration `metadata`.
macro_rules! request {
    ($name:literal, $type:literal, $params:literal) => {
        Model {
            name: $name,
            fields: &[
                tag(&[$type]),
                req("params", Ty::Model($params)),
                opt("metadata", Ty::Dict, "{}"),
            ],
        }
    };
}

/// The request models, in the order of the reference's `ChatKitReq` union.
pub(super) const REQUESTS: &[Model] = &[
    request!("ThreadsCreateReq", "threads.create", "ThreadCreateParams"),
    request!(
        "ThreadsAddUserMessageReq",
        "threads.add_user_message",
        "ThreadAddUserMessageParams"
    ),
    request!(
        "ThreadsAddClientToolOutputReq",
        "threads.add_client_tool_output",
        "ThreadAddClientToolOutputParams"
    ),
    request!(
        "ThreadsAddStructuredInputReq",
        "threads.add_structured_input",
        "ThreadAddStructuredInputParams"
    ),
    request!(
        "ThreadsRetryAfterItemReq",
        "threads.retry_after_item",
        "ThreadRetryAfterItemParams"
    ),
    request!(
        "ThreadsCustomActionReq",
        "threads.custom_action",
        "ThreadCustomActionParams"
    ),
    request!(
        "ThreadsGetByIdReq",
        "threads.get_by_id",
        "ThreadGetByIdParams"
    ),
    request!("ThreadsListReq", "threads.list", "ThreadListParams"),
    request!("ItemsListReq", "items.list", "ItemsListParams"),
    request!("ItemsFeedbackReq", "items.feedback", "ItemFeedbackParams"),
    request!(
        "AttachmentsCreateReq",
        "attachments.create",
        "AttachmentCreateParams"
    ),
    request!(
        "AttachmentsDeleteReq",
        "attachments.delete",
        "AttachmentDeleteParams"
    ),
    request!("ThreadsUpdateReq", "threads.update", "ThreadUpdateParams"),
    request!("ThreadsDeleteReq", "threads.delete", "ThreadDeleteParams"),
    request!(
        "InputTranscribeReq",
        "input.transcribe",
        "InputTranscribeParams"
    ),
    request!(
        "ThreadsSyncCustomActionReq",
        "threads.sync_custom_action",
        "ThreadCustomActionParams"
    ),
];

const ORDER: Ty = Ty::Lit(&["asc", "desc"]);
const NULLABLE_STR: Ty = Ty::Nullable(&Ty::Str);
const NULLABLE_INT: Ty = Ty::Nullable(&Ty::Int);

/// Every model a request contains, params first.
pub(super) const MODELS: &[Model] = &[
    Model {
        name: "ThreadCreateParams",
        fields: &[req("input", Ty::Model("UserMessageInput"))],
    },
    Model {
        name: "ThreadAddUserMessageParams",
        fields: &[
            req("input", Ty::Model("UserMessageInput")),
            req("thread_id", Ty::Str),
        ],
    },
    Model {
        name: "ThreadAddClientToolOutputParams",
        fields: &[req("thread_id", Ty::Str), req("result", Ty::Any)],
    },
    Model {
        name: "ThreadAddStructuredInputParams",
        fields: &[
            req("thread_id", Ty::Str),
            req("item_id", Ty::Str),
            req("input", Ty::Model("StructuredInputSubmission")),
        ],
    },
    Model {
        name: "ThreadRetryAfterItemParams",
        fields: &[req("thread_id", Ty::Str), req("item_id", Ty::Str)],
    },
    Model {
        name: "ThreadCustomActionParams",
        fields: &[
            req("thread_id", Ty::Str),
            opt("item_id", NULLABLE_STR, "null"),
            req("action", Ty::Model("Action")),
        ],
    },
    Model {
        name: "ThreadGetByIdParams",
        fields: &[req("thread_id", Ty::Str)],
    },
    Model {
        name: "ThreadListParams",
        fields: &[
            opt("limit", NULLABLE_INT, "null"),
            opt("order", ORDER, "\"desc\""),
            opt("after", NULLABLE_STR, "null"),
        ],
    },
    Model {
        name: "ItemsListParams",
        fields: &[
            req("thread_id", Ty::Str),
            opt("limit", NULLABLE_INT, "null"),
            opt("order", ORDER, "\"desc\""),
            opt("after", NULLABLE_STR, "null"),
        ],
    },
    Model {
        name: "ItemFeedbackParams",
        fields: &[
            req("thread_id", Ty::Str),
            req("item_ids", Ty::List(&Ty::Str)),
            req("kind", Ty::Lit(&["positive", "negative"])),
        ],
    },
    Model {
        name: "AttachmentCreateParams",
        fields: &[
            req("name", Ty::Str),
            req("size", Ty::Int),
            req("mime_type", Ty::Str),
        ],
    },
    Model {
        name: "AttachmentDeleteParams",
        fields: &[req("attachment_id", Ty::Str)],
    },
    Model {
        name: "ThreadUpdateParams",
        fields: &[req("thread_id", Ty::Str), req("title", Ty::Str)],
    },
    Model {
        name: "ThreadDeleteParams",
        fields: &[req("thread_id", Ty::Str)],
    },
    Model {
        name: "InputTranscribeParams",
        fields: &[req("audio_base64", Ty::Str), req("mime_type", Ty::Str)],
    },
    Model {
        name: "UserMessageInput",
        fields: &[
            req("content", Ty::List(&Ty::Union("UserMessageContent"))),
            req("attachments", Ty::List(&Ty::Str)),
            opt("quoted_text", NULLABLE_STR, "null"),
            req("inference_options", Ty::Model("InferenceOptions")),
        ],
    },
    Model {
        name: "UserMessageTextContent",
        fields: &[tag(&["input_text"]), req("text", Ty::Str)],
    },
    Model {
        name: "UserMessageTagContent",
        fields: &[
            tag(&["input_tag"]),
            req("id", Ty::Str),
            req("text", Ty::Str),
            req("data", Ty::Dict),
            opt("group", NULLABLE_STR, "null"),
            opt("interactive", Ty::Bool, "false"),
        ],
    },
    Model {
        name: "InferenceOptions",
        fields: &[
            opt(
                "tool_choice",
                Ty::Nullable(&Ty::Model("ToolChoice")),
                "null",
            ),
            opt("model", NULLABLE_STR, "null"),
        ],
    },
    Model {
        name: "ToolChoice",
        fields: &[req("id", Ty::Str)],
    },
    Model {
        name: "StructuredInputSubmission",
        fields: &[
            opt("status", Ty::Lit(&["answered", "skipped"]), "\"answered\""),
            opt(
                "answers",
                Ty::Map(&Ty::Model("StructuredInputAnswerSubmission")),
                "{}",
            ),
        ],
    },
    Model {
        name: "StructuredInputAnswerSubmission",
        fields: &[
            opt("values", Ty::List(&Ty::Str), "[]"),
            opt("skipped", Ty::Bool, "false"),
        ],
    },
    Model {
        name: "Action",
        fields: &[
            opt("type", Ty::Str, "\"\""),
            opt("payload", Ty::Any, "null"),
        ],
    },
];

/// Discriminated unions: name and `(type value, model)` members.
pub(super) const UNIONS: &[(&str, &[(&str, &str)])] = &[(
    "UserMessageContent",
    &[
        ("input_text", "UserMessageTextContent"),
        ("input_tag", "UserMessageTagContent"),
    ],
)];

/// A model of either list by name.
pub(super) fn model(name: &str) -> &'static Model {
    REQUESTS
        .iter()
        .chain(MODELS)
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("model {name} is not in the table"))
}

/// The members of a union by name.
pub(super) fn union(name: &str) -> &'static [(&'static str, &'static str)] {
    UNIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, members)| *members)
        .unwrap_or_else(|| panic!("union {name} is not in the table"))
}
