//! Request-validation tests generated from the one table in `validation_table`.
//!
//! For every request type a "full" body (every field present, optional ones with non-default
//! values) is built from the table; then, for every field at every depth: removing a required
//! field makes the body an `invalid_request`, removing an optional one makes it parse with the
//! field at its default, each wrong-typed value is an `invalid_request`, `null` is accepted
//! exactly where the type is nullable, and the lax-mode coercions of `int`/`bool` are accepted.
//! A last test checks that `docs/PROTOCOL.md (Appendix A)` lists exactly the table.

use super::validation_table::{model, union, Field, Model, Rule, Ty, MODELS, REQUESTS, UNIONS};
use super::ChatKitRequest;
use crate::errors::ErrorKind;
use serde_json::{json, Value};

/// The doc the table must match (the lead may splice it into docs/PROTOCOL.md; then point here).
const DOC: &str = include_str!("../../../../docs/PROTOCOL.md");

#[derive(Debug, Clone)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

type Path = Vec<Seg>;

/// Every field of a request at every depth, with its path.
type Fields = Vec<(Path, &'static Field)>;

fn show(path: &Path) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => format!(".{k}"),
            Seg::Index(i) => format!("[{i}]"),
        })
        .collect()
}

/// The map key used for every `dict[str, Model]`.
const MAP_KEY: &str = "k";

/// A valid value of `ty`, different from `default` where the type allows it.
fn sample(ty: &Ty, default: Option<&str>) -> Value {
    match ty {
        Ty::Str => json!("s"),
        Ty::Int => json!(7),
        Ty::Bool => json!(true),
        Ty::Any => json!({"any": [1, null]}),
        Ty::Dict => json!({"key": "value"}),
        Ty::Lit(values) => {
            let default: Option<Value> = default.map(|d| serde_json::from_str(d).unwrap());
            let pick = values
                .iter()
                .find(|v| default.as_ref() != Some(&json!(v)))
                .unwrap_or(&values[0]);
            json!(pick)
        }
        Ty::Model(name) => full(model(name)),
        Ty::Union(name) => full(model(union(name)[0].1)),
        Ty::List(Ty::Union(name)) => union(name).iter().map(|(_, m)| full(model(m))).collect(),
        Ty::List(t) => json!([sample(t, None)]),
        Ty::Map(t) => json!({ MAP_KEY: sample(t, None) }),
        Ty::Nullable(t) => sample(t, None),
    }
}

fn default_of(field: &Field) -> Option<&'static str> {
    match field.rule {
        Rule::Optional(d) => Some(d),
        _ => None,
    }
}

/// A model with every field present.
fn full(m: &Model) -> Value {
    Value::Object(
        m.fields
            .iter()
            .map(|f| (f.name.to_owned(), sample(&f.ty, default_of(f))))
            .collect(),
    )
}

/// The same model read positionally, as plain serde would accept it.
fn positional(m: &Model) -> Value {
    m.fields
        .iter()
        .map(|f| sample(&f.ty, default_of(f)))
        .collect()
}

/// Every field of `m` at `at`, then the fields of the models inside it.
fn expand(m: &'static Model, at: &Path, out: &mut Fields) {
    for field in m.fields {
        let mut path = at.clone();
        path.push(Seg::Key(field.name));
        out.push((path.clone(), field));
        descend(&field.ty, &path, out);
    }
}

fn descend(ty: &Ty, path: &Path, out: &mut Fields) {
    let with = |seg: Seg| {
        let mut p = path.clone();
        p.push(seg);
        p
    };
    match ty {
        Ty::Model(name) => expand(model(name), path, out),
        Ty::Nullable(t) => descend(t, path, out),
        Ty::List(Ty::Union(name)) => {
            for (i, (_, m)) in union(name).iter().enumerate() {
                expand(model(m), &with(Seg::Index(i)), out);
            }
        }
        Ty::List(t) => descend(t, &with(Seg::Index(0)), out),
        Ty::Map(t) => descend(t, &with(Seg::Key(MAP_KEY)), out),
        Ty::Union(name) => expand(model(union(name)[0].1), path, out),
        Ty::Str | Ty::Int | Ty::Bool | Ty::Any | Ty::Dict | Ty::Lit(_) => {}
    }
}

/// Every request with its full body and all its fields.
fn requests() -> Vec<(&'static Model, Value, Fields)> {
    REQUESTS
        .iter()
        .map(|r| {
            let mut fields = Vec::new();
            expand(r, &Vec::new(), &mut fields);
            (r, full(r), fields)
        })
        .collect()
}

fn slot<'a>(value: &'a mut Value, seg: &Seg) -> &'a mut Value {
    match seg {
        Seg::Key(k) => &mut value[*k],
        Seg::Index(i) => &mut value[*i],
    }
}

fn set(body: &Value, path: &Path, new: Value) -> Value {
    let mut body = body.clone();
    let (last, parents) = path.split_last().unwrap();
    let parent = parents.iter().fold(&mut body, slot);
    *slot(parent, last) = new;
    body
}

fn remove(body: &Value, path: &Path) -> Value {
    let mut body = body.clone();
    let (last, parents) = path.split_last().unwrap();
    let parent = parents.iter().fold(&mut body, slot);
    match last {
        Seg::Key(k) => parent.as_object_mut().unwrap().remove(*k),
        Seg::Index(_) => panic!("{} is a list element, not a field", show(path)),
    };
    body
}

fn get(value: &Value, path: &Path) -> Value {
    path.iter()
        .try_fold(value, |v, seg| match seg {
            Seg::Key(k) => v.get(*k),
            Seg::Index(i) => v.get(*i),
        })
        .cloned()
        .unwrap_or(Value::Null)
}

/// Parse a body; on success, the request as it serializes back, with its `metadata`.
fn parse(body: &Value) -> Result<Value, ErrorKind> {
    let envelope = ChatKitRequest::parse(body.to_string().as_bytes()).map_err(|e| e.kind)?;
    let mut out = serde_json::to_value(&envelope.request).unwrap();
    out["metadata"] = Value::Object(envelope.metadata);
    Ok(out)
}

/// Values of the wrong type for `ty` (`null` included unless the type is nullable).
fn wrong(ty: &Ty) -> Vec<Value> {
    let mut values = match ty {
        Ty::Str => vec![json!(1), json!(true), json!([]), json!({})],
        Ty::Int => vec![json!("ten"), json!(3.5), json!("3.5"), json!([]), json!({})],
        Ty::Bool => vec![json!("maybe"), json!(2), json!([]), json!({})],
        Ty::Any => return Vec::new(),
        Ty::Dict => vec![json!("x"), json!([]), json!(1)],
        Ty::Lit(values) => vec![
            json!("not-a-literal"),
            json!(1),
            json!(values[0].to_uppercase()),
        ],
        Ty::Model(name) => vec![json!([]), json!("x"), json!(1), positional(model(name))],
        Ty::Union(name) => {
            let (tag, first) = union(name)[0];
            let mut tagged_seq = vec![json!(tag)];
            tagged_seq.extend(model(first).fields[1..].iter().map(|f| sample(&f.ty, None)));
            vec![
                json!([]),
                json!("x"),
                json!({"type": "not-a-member"}),
                Value::Array(tagged_seq),
            ]
        }
        Ty::List(t) => {
            let mut v = vec![json!({}), json!("x")];
            v.extend(wrong(t).into_iter().take(1).map(|w| json!([w])));
            v
        }
        Ty::Map(t) => {
            let mut v = vec![json!([]), json!("x")];
            v.extend(wrong(t).into_iter().take(1).map(|w| json!({ MAP_KEY: w })));
            v
        }
        Ty::Nullable(t) => return wrong(t).into_iter().filter(|v| !v.is_null()).collect(),
    };
    values.push(Value::Null);
    values
}

/// Lax-mode spellings that must be accepted, with the value they become.
fn coercions(ty: &Ty) -> Vec<(Value, Value)> {
    match ty {
        Ty::Int => vec![
            (json!("7"), json!(7)),
            (json!(" -7 "), json!(-7)),
            (json!("1_000"), json!(1000)),
            (json!(7.0), json!(7)),
            (json!(true), json!(1)),
        ],
        Ty::Bool => vec![
            (json!("yes"), json!(true)),
            (json!("Off"), json!(false)),
            (json!(1), json!(true)),
            (json!(0.0), json!(false)),
        ],
        Ty::Nullable(t) => coercions(t),
        _ => Vec::new(),
    }
}

/// Run `check` on every field of every request; assert that it found no failure and made
/// exactly `expected` cases.
fn for_each_field(
    expected: usize,
    mut check: impl FnMut(&str, &Value, &Path, &Field, &mut Vec<String>) -> usize,
) {
    let (mut cases, mut failures) = (0, Vec::new());
    for (request, body, fields) in requests() {
        for (path, field) in &fields {
            cases += check(request.name, &body, path, field, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(cases, expected, "number of generated cases");
}

fn expect_invalid(request: &str, body: &Value, what: String, failures: &mut Vec<String>) {
    match parse(body) {
        Err(ErrorKind::InvalidRequest) => {}
        other => failures.push(format!(
            "{request} {what}: expected invalid_request, got {other:?}"
        )),
    }
}

fn expect_value(
    request: &str,
    body: &Value,
    path: &Path,
    want: &Value,
    what: String,
    failures: &mut Vec<String>,
) {
    match parse(body) {
        Ok(parsed) if get(&parsed, path) == *want => {}
        Ok(parsed) => failures.push(format!(
            "{request} {what}: {} is {}, expected {want}",
            show(path),
            get(&parsed, path)
        )),
        Err(kind) => failures.push(format!("{request} {what}: rejected ({kind:?})")),
    }
}

#[test]
fn full_bodies_parse_unchanged() {
    for (request, body, _) in requests() {
        assert_eq!(parse(&body), Ok(body.clone()), "{}", request.name);
    }
}

#[test]
fn missing_required_field_is_invalid() {
    for_each_field(REQUIRED_CASES, |request, body, path, field, failures| {
        if matches!(field.rule, Rule::Optional(_)) {
            return 0;
        }
        expect_invalid(
            request,
            &remove(body, path),
            format!("without {}", show(path)),
            failures,
        );
        1
    });
}

#[test]
fn missing_optional_field_takes_default() {
    for_each_field(OPTIONAL_CASES, |request, body, path, field, failures| {
        let Rule::Optional(default) = field.rule else {
            return 0;
        };
        let want: Value = serde_json::from_str(default).unwrap();
        let what = format!("without {}", show(path));
        expect_value(request, &remove(body, path), path, &want, what, failures);
        1
    });
}

#[test]
fn wrong_type_is_invalid() {
    for_each_field(WRONG_TYPE_CASES, |request, body, path, field, failures| {
        let values = wrong(&field.ty);
        for value in &values {
            let what = format!("with {} = {value}", show(path));
            expect_invalid(request, &set(body, path, value.clone()), what, failures);
        }
        values.len()
    });
}

#[test]
fn null_is_accepted_where_nullable() {
    for_each_field(NULLABLE_CASES, |request, body, path, field, failures| {
        if !matches!(field.ty, Ty::Nullable(_) | Ty::Any) {
            return 0;
        }
        let what = format!("with {} = null", show(path));
        expect_value(
            request,
            &set(body, path, Value::Null),
            path,
            &Value::Null,
            what,
            failures,
        );
        1
    });
}

#[test]
fn lax_coercions_are_accepted() {
    for_each_field(COERCION_CASES, |request, body, path, field, failures| {
        let cases = coercions(&field.ty);
        for (sent, want) in &cases {
            let what = format!("with {} = {sent}", show(path));
            expect_value(
                request,
                &set(body, path, sent.clone()),
                path,
                want,
                what,
                failures,
            );
        }
        cases.len()
    });
}

/// Case counts, so that a truncated table or a generator bug cannot pass silently.
const REQUIRED_CASES: usize = 80;
const OPTIONAL_CASES: usize = 42;
const WRONG_TYPE_CASES: usize = 535;
const NULLABLE_CASES: usize = 17;
const COERCION_CASES: usize = 27;

/// One row of a doc table, cells unescaped and without backticks.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner
        .replace("\\|", "\u{0}")
        .split('|')
        .map(|c| c.trim().replace('\u{0}', "|").replace('`', ""))
        .collect()
}

/// The tables of the "Request validation" section: `(heading, rows)` in document order.
fn doc_tables(doc: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let heading_level = |l: &str| l.chars().take_while(|c| *c == '#').count();
    let mut lines = doc
        .lines()
        .skip_while(|l| !(l.starts_with('#') && l.contains("Request validation")));
    let section_level = lines
        .next()
        .map(heading_level)
        .expect("no \"Request validation\" heading");
    let mut tables: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    // Whether the last heading names a model (a table under any other heading is not one).
    let mut in_model = false;
    for line in lines {
        let level = heading_level(line);
        if level > 0 && level <= section_level {
            break;
        }
        if level > 0 {
            let title = line.trim_start_matches('#').trim();
            in_model = title.len() > 2 && title.starts_with('`') && title.ends_with('`');
            if in_model {
                tables.push((title.trim_matches('`').to_owned(), Vec::new()));
            }
        } else if in_model && line.trim_start().starts_with('|') {
            let row = cells(line);
            let is_rule = row
                .iter()
                .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'));
            if !is_rule {
                tables.last_mut().unwrap().1.push(row);
            }
        }
    }
    // Drop each table's header row.
    tables
        .into_iter()
        .map(|(name, rows)| (name, rows.into_iter().skip(1).collect()))
        .collect()
}

fn table_rows(m: &Model) -> Vec<Vec<String>> {
    m.fields
        .iter()
        .map(|f| {
            let (rule, default) = match f.rule {
                Rule::Required => ("required", "—"),
                Rule::Discriminator => ("required (discriminator)", "—"),
                Rule::Optional(d) => ("optional", d),
            };
            vec![f.name.into(), f.ty.doc(), rule.into(), default.into()]
        })
        .collect()
}

#[test]
fn doc_lists_exactly_the_table() {
    let mut want: Vec<(String, Vec<Vec<String>>)> = REQUESTS
        .iter()
        .chain(MODELS)
        .map(|m| (m.name.to_owned(), table_rows(m)))
        .collect();
    want.extend(UNIONS.iter().map(|(name, members)| {
        let rows = members
            .iter()
            .map(|(tag, m)| vec![tag.to_string(), m.to_string()])
            .collect();
        (name.to_string(), rows)
    }));
    let got = doc_tables(DOC);
    let names =
        |t: &[(String, Vec<Vec<String>>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "doc tables (names, in order)");
    for ((name, got_rows), (_, want_rows)) in got.iter().zip(&want) {
        assert_eq!(got_rows, want_rows, "doc table {name}");
    }
}
