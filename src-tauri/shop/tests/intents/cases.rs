//! The labelled cases (format: the module doc of `tests/intents.rs`) and the check of one
//! answer against its expectations.

use std::collections::BTreeMap;

use serde::Deserialize;
use shop::catalog::Catalog;

use crate::outcome::Outcome;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub text: String,
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub expect: Expect,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub widget: Option<String>,
    pub product_ids: Option<Vec<String>>,
    pub includes: Option<Vec<String>>,
    pub excludes: Option<Vec<String>>,
    pub max_price: Option<f64>,
    pub min_price: Option<f64>,
    pub sorted: Option<String>,
    pub cart_after: Option<BTreeMap<String, u32>>,
    pub reply_matches: Option<String>,
}

const WIDGETS: &[&str] = &["card", "list", "cart", "comparison", "none"];
const SORTS: &[&str] = &["price_asc", "price_desc", "rating_desc"];

/// Reads and validates a case file: a clear error names the case and the field.
pub fn load(path: &str) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let cases: Vec<Case> =
        serde_json::from_str(&text).map_err(|e| format!("{path} is not a case list: {e}"))?;
    let catalog = Catalog::bundled();
    for (n, case) in cases.iter().enumerate() {
        let e = &case.expect;
        let bad = |what: String| Err(format!("{path} case #{n} {:?}: {what}", case.text));
        if let Some(w) = &e.widget {
            if !WIDGETS.contains(&w.as_str()) {
                return bad(format!("widget {w:?} is not one of {WIDGETS:?}"));
            }
        }
        if let Some(s) = &e.sorted {
            if !SORTS.contains(&s.as_str()) {
                return bad(format!("sorted {s:?} is not one of {SORTS:?}"));
            }
        }
        let ids = [&e.product_ids, &e.includes, &e.excludes]
            .into_iter()
            .flatten()
            .flatten()
            .chain(e.cart_after.iter().flat_map(|c| c.keys()));
        for id in ids {
            if catalog.find(id).is_none() {
                return bad(format!("unknown product id {id:?}"));
            }
        }
        if let Some(r) = &e.reply_matches {
            if let Err(err) = regex::Regex::new(r) {
                return bad(format!("reply_matches is not a regex: {err}"));
            }
        }
    }
    Ok(cases)
}

/// What is wrong with `got` for `case` (empty: it passed).
pub fn check(case: &Case, got: &Outcome, catalog: &Catalog) -> Vec<String> {
    let e = &case.expect;
    let mut problems = Vec::new();
    if let Some(error) = &got.error {
        problems.push(format!("error: {error}"));
    }
    if let Some(w) = &e.widget {
        if *w != got.widget {
            problems.push(format!("widget {} (want {w})", got.widget));
        }
    }
    if let Some(want) = &e.product_ids {
        let mut a = want.clone();
        let mut b = got.products.clone();
        a.sort();
        b.sort();
        if a != b {
            problems.push(format!("products {:?} (want {want:?})", got.products));
        }
    }
    for id in e.includes.iter().flatten() {
        if !got.products.contains(id) {
            problems.push(format!("{id} not shown (shown {:?})", got.products));
        }
    }
    for id in e.excludes.iter().flatten() {
        if got.products.contains(id) {
            problems.push(format!("{id} shown"));
        }
    }
    let prices: Vec<(String, f64, f32)> = got
        .products
        .iter()
        .filter_map(|id| catalog.find(id).map(|p| (p.id.clone(), p.price, p.rating)))
        .collect();
    let checks_products = e.max_price.is_some() || e.min_price.is_some() || e.sorted.is_some();
    if checks_products && prices.is_empty() {
        problems.push("no product shown to check prices or order on".into());
    }
    if let Some(max) = e.max_price {
        for (id, price, _) in &prices {
            if *price > max + 1e-9 {
                problems.push(format!("{id} costs {price} > {max}"));
            }
        }
    }
    if let Some(min) = e.min_price {
        for (id, price, _) in &prices {
            if *price < min - 1e-9 {
                problems.push(format!("{id} costs {price} < {min}"));
            }
        }
    }
    if let Some(order) = &e.sorted {
        let in_order = prices.windows(2).all(|w| match order.as_str() {
            "price_asc" => w[0].1 <= w[1].1,
            "price_desc" => w[0].1 >= w[1].1,
            _ => w[0].2 >= w[1].2,
        });
        if !in_order {
            problems.push(format!("not in {order} order: {:?}", got.products));
        }
    }
    if let Some(want) = &e.cart_after {
        if *want != got.cart {
            problems.push(format!("cart {:?} (want {want:?})", got.cart));
        }
    }
    if let Some(r) = &e.reply_matches {
        let re = regex::Regex::new(r).expect("checked when loading");
        if !re.is_match(&got.reply) {
            problems.push(format!("reply does not match /{r}/"));
        }
    }
    problems
}

/// The checker itself can fail: a wrong expectation on a known answer is caught. Returns
/// false (and says why) when it is not.
pub fn self_check() -> bool {
    let case = Case {
        text: "x".into(),
        context: vec![],
        expect: Expect {
            widget: Some("list".into()),
            product_ids: Some(vec!["lamp-aurora".into()]),
            max_price: Some(10.0),
            sorted: Some("price_desc".into()),
            cart_after: Some(BTreeMap::from([("lamp-aurora".to_string(), 2)])),
            reply_matches: Some("^Hello".into()),
            ..Expect::default()
        },
    };
    let cheap_first = {
        let catalog = Catalog::bundled();
        let mut all: Vec<_> = catalog.all().iter().collect();
        all.sort_by(|a, b| a.price.total_cmp(&b.price));
        all.iter().take(2).map(|p| p.id.clone()).collect::<Vec<_>>()
    };
    let got = Outcome {
        widget: "card".into(),
        products: cheap_first,
        cart: BTreeMap::new(),
        reply: "Hi".into(),
        error: None,
        first_event: Default::default(),
    };
    let problems = check(&case, &got, &Catalog::bundled());
    let caught = problems.len() >= 6;
    if !caught {
        eprintln!("intents: the checker missed wrong expectations: {problems:?}");
    }
    caught
}
