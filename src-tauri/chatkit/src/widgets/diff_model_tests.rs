//! The one-walk diff checked against the algorithm as the reference SDK states it, on random
//! trees: replace-or-not by the two-step rules written out plainly below ([`spec_needs_replace`],
//! comparing with `Value`'s own `==`), the deltas by [`text_deltas`] (which collects text nodes
//! by id, independently of the walk). Trees are built by a seeded generator and the second
//! state is a mutation of the first — appends, key reorders, `null` props, flips, new or lost
//! children, repeated ids — so both the delta and the replacement paths are exercised.
use super::*;
use proptest::prelude::*;
use serde_json::json;

/// The rules of docs/PROTOCOL.md §6.2 step 1, as directly as they can be written.
fn spec_needs_replace(before: &Value, after: &Value) -> bool {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return before != after;
    };
    let get = |m: &'_ Map<String, Value>, k: &str| m.get(k).cloned().unwrap_or(Value::Null);
    if ["type", "id", "key"].iter().any(|k| get(b, k) != get(a, k)) {
        return true;
    }
    let both_text = is_streaming_text(before) && is_streaming_text(after);
    let mut fields: Vec<&String> = b.keys().collect();
    fields.extend(a.keys().filter(|k| !b.contains_key(*k)));
    for field in fields {
        if ["type", "id", "key"].contains(&field.as_str()) {
            continue;
        }
        let (bv, av) = (get(b, field), get(a, field));
        if both_text && field == "value" && av.as_str().unwrap().starts_with(bv.as_str().unwrap()) {
            continue;
        }
        if spec_value_needs_replace(&bv, &av, field == "children") {
            return true;
        }
    }
    false
}

fn spec_value_needs_replace(before: &Value, after: &Value, nodes: bool) -> bool {
    match (before, after) {
        (Value::Array(b), Value::Array(a)) => {
            b.len() != a.len()
                || b.iter()
                    .zip(a)
                    .any(|(x, y)| spec_value_needs_replace(x, y, nodes))
        }
        _ if before == after => false,
        (Value::Object(_), Value::Object(_)) if nodes => spec_needs_replace(before, after),
        _ => true,
    }
}

/// A small deterministic generator (xorshift64*), so a failing seed reproduces.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.below(from.len() as u64) as usize]
    }
    fn text(&mut self) -> String {
        (0..self.below(4))
            .map(|_| self.pick(&["a", "b", "é"]))
            .collect()
    }

    fn node(&mut self, depth: u32) -> Value {
        let kind = self.pick(&["Card", "Text", "Markdown", "Row", "Transition", "Title"]);
        let mut props: Vec<(&str, Value)> = vec![("type", kind.into())];
        if self.chance(60) {
            props.push(("id", self.pick(&["", "a", "b", "c"]).into()));
        }
        if self.chance(20) {
            props.push(("key", self.pick(&["k1", "k2"]).into()));
        }
        if matches!(kind, "Text" | "Markdown" | "Title") {
            let value = if self.chance(90) {
                self.text().into()
            } else {
                json!(self.below(3))
            };
            props.push(("value", value));
            if self.chance(60) {
                props.push(("streaming", self.chance(50).into()));
            }
        }
        if self.chance(20) {
            props.push(("color", self.pick(&["red", "blue"]).into()));
        }
        if depth > 0 && !matches!(kind, "Text" | "Markdown" | "Title") {
            if kind == "Transition" {
                props.push(("children", self.node(depth - 1)));
            } else {
                let n = self.below(4);
                props.push(("children", (0..n).map(|_| self.node(depth - 1)).collect()));
            }
        }
        self.shuffle(&mut props);
        Value::Object(props.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i as u64 + 1) as usize);
        }
    }

    /// The next state: mostly appends, sometimes a change that forces (or looks like it might
    /// force) a replacement.
    fn mutate(&mut self, node: &mut Value, rate: u64) {
        let Some(map) = node.as_object_mut() else {
            return;
        };
        if let Some(Value::String(s)) = map.get_mut("value") {
            if self.chance(50) {
                s.push_str(&self.text());
            }
        }
        if self.chance(rate) {
            match self.below(7) {
                0 => {
                    map.insert("value".into(), "zz".into());
                }
                1 => {
                    let flip = !map.get("streaming").is_some_and(truthy);
                    map.insert("streaming".into(), flip.into());
                }
                2 => {
                    map.insert("color".into(), Value::Null);
                }
                3 => {
                    map.insert("id".into(), self.pick(&["a", "b", "c"]).into());
                }
                4 => {
                    let mut entries: Vec<_> = std::mem::take(map).into_iter().collect();
                    self.shuffle(&mut entries);
                    map.extend(entries);
                }
                5 => {
                    if let Some(Value::Array(c)) = map.get_mut("children") {
                        c.push(json!({"type": "Text", "value": "new"}));
                    }
                }
                _ => {
                    if let Some(Value::Array(c)) = map.get_mut("children") {
                        c.pop();
                    }
                }
            }
        }
        match map.get_mut("children") {
            Some(Value::Array(children)) => {
                for child in children {
                    self.mutate(child, rate);
                }
            }
            Some(child @ Value::Object(_)) => self.mutate(child, rate),
            _ => {}
        }
    }
}

/// What the reference produces for `before → after`.
fn expected<'a>(before: &Value, after: &'a Value) -> Vec<WidgetDiff<'a>> {
    if spec_needs_replace(before, after) {
        vec![WidgetDiff::RootUpdated { widget: after }]
    } else {
        text_deltas(before, after).expect("no replacement, so the deltas are cumulative")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_walk_agrees_with_the_two_step_algorithm(seed in 1u64.., rate in 0u64..30) {
        let mut g = Gen(seed);
        let before = g.node(3);
        let mut after = before.clone();
        g.mutate(&mut after, rate);
        prop_assert_eq!(needs_replace(&before, &after), spec_needs_replace(&before, &after));
        prop_assert_eq!(diff_widget(&before, &after).unwrap(), expected(&before, &after));
    }
}

#[test]
fn the_generator_reaches_both_outcomes_and_repeated_ids() {
    let (mut deltas, mut replaced, mut repeated) = (0, 0, 0);
    for seed in 1..2000 {
        let mut g = Gen(seed);
        let before = g.node(3);
        let mut after = before.clone();
        g.mutate(&mut after, 10);
        match diff_widget(&before, &after).unwrap().as_slice() {
            [WidgetDiff::RootUpdated { .. }] => replaced += 1,
            [] => {}
            _ => {
                deltas += 1;
                // Fewer distinct ids than id'd text nodes: some id is repeated.
                if TextNodes::collect(&after).order.len() < count_id_nodes(&after) {
                    repeated += 1;
                }
            }
        }
    }
    assert!(
        deltas > 100 && replaced > 100 && repeated >= 3,
        "{deltas} {replaced} {repeated}"
    );
}

/// Streaming-text nodes with a non-empty id reached through `children` lists, repeats counted.
fn count_id_nodes(node: &Value) -> usize {
    let own = is_streaming_text(node)
        && node
            .get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| !id.is_empty());
    let children = node.get("children").and_then(Value::as_array);
    usize::from(own)
        + children
            .into_iter()
            .flatten()
            .map(count_id_nodes)
            .sum::<usize>()
}
