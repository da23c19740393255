//! Request-body generators for the process() fuzz: the golden fixtures' requests as seeds, then
//! structural mutations (retype a node, drop a key, swap two nodes, plant a known id, change
//! the request type, nest deeply), byte-level damage, random JSON, random bytes and very deep
//! nesting. Mutations are plain data applied deterministically, so proptest can shrink them.
//!
//! Shared by this crate's `process()` fuzz (`tests/chatkit/fuzz_requests.rs`) and the server
//! crate's bad-input test, which sends the same corpus over HTTP; both include this file with
//! `#[path]` and provide a `fixtures` module at their crate root (`support/fixtures.rs`).

use crate::fixtures;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Ids the pre-populated server has (or plausibly could have), planted into mutated bodies so
/// mutations reach existing threads and items rather than only "not found".
pub const KNOWN_IDS: &[&str] = &[
    "thr_0001", "thr_0002", "thr_0003", "thr_0004", "msg_0001", "msg_0002", "msg_0003", "msg_0004",
    "msg_0005", "msg_0006", "msg_0007", "msg_0008", "tc_0001", "tc_0002", "wf_0001", "atc_0001",
    "atc_0002", "", "thr_nope",
];

/// The request types a mutation may set: every known one, an unknown one and an empty one (in
/// this order: persisted seeds index into it).
fn request_types() -> Vec<&'static str> {
    chatkit::types::REQUEST_TYPES
        .into_iter()
        .chain(["threads.unknown", ""])
        .collect()
}

/// Every request of every fixture scenario (bodies given as raw text are parsed when they can
/// be), scenarios in file-name order so the seeds, and thus persisted regressions, stay stable.
pub fn fixture_requests() -> Vec<Value> {
    let mut scenarios = fixtures::scenarios();
    scenarios.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for (_, scenario) in &scenarios {
        for step in fixtures::steps(scenario) {
            if let Some(request) = step.get("request") {
                out.push(request.clone());
            } else if let Some(v) = step["request_raw"]
                .as_str()
                .and_then(|r| serde_json::from_str(r).ok())
            {
                out.push(v);
            }
        }
    }
    assert!(
        out.len() > 100,
        "expected the fixture requests, found {}",
        out.len()
    );
    out
}

/// One structural edit. `at` picks a node (preorder index modulo the node count).
#[derive(Debug, Clone)]
pub enum Mutation {
    Replace { at: u32, with: Value },
    DropKey { at: u32, key: u32 },
    Swap { a: u32, b: u32 },
    PlantId { at: u32, id: usize },
    SetType { ty: usize },
    Nest { at: u32, depth: u8, array: bool },
}

/// JSON pointers of every node, preorder.
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| {
            pointers(
                c,
                format!("{here}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| pointers(c, format!("{here}/{i}"), out)),
        _ => {}
    }
}

fn pick(v: &Value, at: u32) -> String {
    let mut all = Vec::new();
    pointers(v, String::new(), &mut all);
    all.swap_remove(at as usize % all.len())
}

fn nest(mut v: Value, depth: u8, array: bool) -> Value {
    for _ in 0..depth {
        v = if array { json!([v]) } else { json!({ "n": v }) };
    }
    v
}

impl Mutation {
    pub fn apply(&self, root: &mut Value) {
        match self {
            Mutation::Replace { at, with } => {
                let p = pick(root, *at);
                if let Some(node) = root.pointer_mut(&p) {
                    *node = with.clone();
                }
            }
            Mutation::DropKey { at, key } => {
                let p = pick(root, *at);
                if let Some(Value::Object(m)) = root.pointer_mut(&p) {
                    if let Some(k) = m.keys().nth(*key as usize % m.len().max(1)).cloned() {
                        m.shift_remove(&k);
                    }
                }
            }
            Mutation::Swap { a, b } => {
                let (pa, pb) = (pick(root, *a), pick(root, *b));
                // Only swap disjoint nodes (neither inside the other).
                if pa.starts_with(&pb) || pb.starts_with(&pa) {
                    return;
                }
                let va = root.pointer(&pa).cloned();
                let vb = root.pointer(&pb).cloned();
                if let (Some(va), Some(vb)) = (va, vb) {
                    *root.pointer_mut(&pa).unwrap() = vb;
                    *root.pointer_mut(&pb).unwrap() = va;
                }
            }
            Mutation::PlantId { at, id } => {
                let p = pick(root, *at);
                if let Some(node) = root.pointer_mut(&p) {
                    *node = json!(KNOWN_IDS[*id % KNOWN_IDS.len()]);
                }
            }
            Mutation::SetType { ty } => {
                if let Value::Object(m) = root {
                    m.insert("type".into(), {
                        let types = request_types();
                        json!(types[*ty % types.len()])
                    });
                }
            }
            Mutation::Nest { at, depth, array } => {
                let p = pick(root, *at);
                if let Some(node) = root.pointer_mut(&p) {
                    *node = nest(node.take(), *depth, *array);
                }
            }
        }
    }
}

/// Arbitrary JSON of bounded size (unicode strings, extreme numbers, empty containers).
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(KNOWN_IDS).prop_map(|s| json!(s)),
        prop::sample::select(request_types()).prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{0,10}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<u32>(), any_json()).prop_map(|(at, with)| Mutation::Replace { at, with }),
        3 => (any::<u32>(), any::<u32>()).prop_map(|(at, key)| Mutation::DropKey { at, key }),
        2 => (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Mutation::Swap { a, b }),
        3 => (any::<u32>(), any::<usize>()).prop_map(|(at, id)| Mutation::PlantId { at, id }),
        1 => any::<usize>().prop_map(|ty| Mutation::SetType { ty }),
        1 => (any::<u32>(), 1..=140u8, any::<bool>())
            .prop_map(|(at, depth, array)| Mutation::Nest { at, depth, array }),
    ]
}

/// Byte-level damage to a serialized body.
#[derive(Debug, Clone)]
pub enum ByteDamage {
    Truncate(u16),
    Flip { at: u16, byte: u8 },
    Insert { at: u16, bytes: Vec<u8> },
}

impl ByteDamage {
    fn apply(&self, b: &mut Vec<u8>) {
        let at = |i: u16, len: usize| i as usize % (len + 1);
        match self {
            ByteDamage::Truncate(n) => b.truncate(at(*n, b.len())),
            ByteDamage::Flip { at: i, byte } => {
                if !b.is_empty() {
                    let i = *i as usize % b.len();
                    b[i] = *byte;
                }
            }
            ByteDamage::Insert { at: i, bytes } => {
                let i = at(*i, b.len());
                b.splice(i..i, bytes.iter().copied());
            }
        }
    }
}

fn byte_damage() -> impl Strategy<Value = ByteDamage> {
    prop_oneof![
        any::<u16>().prop_map(ByteDamage::Truncate),
        (any::<u16>(), any::<u8>()).prop_map(|(at, byte)| ByteDamage::Flip { at, byte }),
        (any::<u16>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| ByteDamage::Insert { at, bytes }),
    ]
}

/// A deeply nested text body, far past serde_json's recursion limit (must fail cleanly).
fn deep_text(depth: usize, array: bool, inside_request: bool) -> Vec<u8> {
    let (open, close) = if array { ("[", "]") } else { ("{\"a\":", "}") };
    let core = format!("{}1{}", open.repeat(depth), close.repeat(depth));
    let text = if inside_request {
        format!(
            r#"{{"type":"threads.sync_custom_action","params":{{"thread_id":"thr_0001","item_id":"msg_0002","action":{{"type":"x","payload":{core}}}}}}}"#
        )
    } else {
        core
    };
    text.into_bytes()
}

/// One request body.
pub fn body(seeds: Vec<Value>) -> impl Strategy<Value = Vec<u8>> {
    let seed = prop::sample::select(seeds);
    prop_oneof![
        10 => (seed.clone(), prop::collection::vec(mutation(), 0..4)).prop_map(|(mut v, ms)| {
            ms.iter().for_each(|m| m.apply(&mut v));
            serde_json::to_vec(&v).unwrap()
        }),
        2 => (seed, prop::collection::vec(byte_damage(), 1..4)).prop_map(|(v, ds)| {
            let mut b = serde_json::to_vec(&v).unwrap();
            ds.iter().for_each(|d| d.apply(&mut b));
            b
        }),
        1 => any_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => (1..20_000usize, any::<bool>(), any::<bool>())
            .prop_map(|(d, array, inside)| deep_text(d, array, inside)),
    ]
}

/// What the harness does with one body's response.
#[derive(Clone)]
pub struct Step {
    pub body: Vec<u8>,
    /// For a streamed response: cancel after this many events instead of draining.
    pub cancel_after: Option<u8>,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step")
            .field(
                "body",
                &String::from_utf8_lossy(&self.body[..self.body.len().min(600)]),
            )
            .field("len", &self.body.len())
            .field("cancel_after", &self.cancel_after)
            .finish()
    }
}

pub fn steps(seeds: Vec<Value>) -> impl Strategy<Value = Vec<Step>> {
    let step = (body(seeds), prop::option::weighted(0.2, 0..6u8))
        .prop_map(|(body, cancel_after)| Step { body, cancel_after });
    prop::collection::vec(step, 1..4)
}
