//! From an intent and the thread to this turn's plan: one tool call, or text.
//!
//! This is where the offline model behaves like a careful real model: a search that finds one
//! product shows its card, more shows the list; "the cheapest lamp" shows the one; a cart edit
//! that needs the cart's contents ("remove the lamp" with two lamps in the catalog, "empty my
//! cart" with its count) first calls `view_cart` in the same turn and decides on its output;
//! "empty my cart" only asks, and the `yes` that follows calls `cart_clear`. Tools the request
//! does not offer are never called: the answer then says what the shopper can do instead.

use serde_json::{json, Map, Value};

use super::intent::{classify, Ask, CartEdit, Intent};
use super::recent::Recent;
use super::references::{described, resolve, Position, Target};
use super::reply::{self, clear_question};
use super::smalltalk::SmallTalk;
use super::tool_names::*;
use super::{vocabulary::Vocabulary, Plan};
use crate::catalog::{Catalog, Category, Filters, Product, ProductQuery, SortOrder};
use crate::model::{ModelMessage, ModelRequest, ToolCall, ToolSpec};

/// Everything the planner reads: the catalog, its words, the offered tools.
pub struct Planner<'a> {
    pub catalog: &'a Catalog,
    pub vocab: &'a Vocabulary,
    pub featured: &'a str,
    pub tools: &'a [ToolSpec],
}

/// Most products one comparison shows.
const MAX_COMPARED: usize = 4;

impl Planner<'_> {
    /// The plan for `request`.
    pub fn plan(&self, request: &ModelRequest) -> Plan {
        let recent = Recent::read(&request.messages);
        match request.messages.last() {
            Some(ModelMessage::ToolResult { .. }) => {
                let looked_at_cart = recent.this_turn.last().is_some_and(|(n, _)| n == VIEW_CART);
                if looked_at_cart && recent.this_turn.len() == 1 {
                    if let Intent::Cart(edit) = classify(&recent.question, self.vocab) {
                        return self.cart_edit(&edit, &recent);
                    }
                }
                Plan::Text(reply::after_tools(&this_turn_results(
                    request,
                    self.catalog,
                )))
            }
            Some(ModelMessage::User { .. }) => {
                self.answer(classify(&recent.question, self.vocab), &recent)
            }
            _ => Plan::Text(reply::HELP.to_string()),
        }
    }

    fn answer(&self, intent: Intent, recent: &Recent) -> Plan {
        match intent {
            Intent::Featured => self.call(SHOW_PRODUCT, json!({"product_id": self.featured})),
            Intent::Products(ask) => self.products(&ask),
            // "the cheapest one" with nothing shown: the cheapest of the shop.
            Intent::Product(Target::Pick(order)) if recent.shown.is_empty() => {
                let mut ask = Ask::default();
                ask.constraints.sort = order;
                ask.constraints.single = true;
                self.products(&ask)
            }
            Intent::Product(target) => match self.resolve(&target, recent).first() {
                Some(id) => self.call(SHOW_PRODUCT, json!({ "product_id": id })),
                None => Plan::Text(which_product(recent)),
            },
            Intent::Compare { target, ask } => self.compare(&target, &ask, recent),
            Intent::MoreLike(target) => self.more_like(&target, recent),
            Intent::Refine(order) => self.refine(order, recent),
            Intent::ViewCart => self.call(VIEW_CART, json!({})),
            Intent::Cart(edit) => self.cart_edit(&edit, recent),
            Intent::SmallTalk(SmallTalk::Yes) if recent.awaiting_clear_confirmation() => {
                self.call(CART_CLEAR, json!({}))
            }
            Intent::SmallTalk(SmallTalk::No) if recent.awaiting_clear_confirmation() => {
                Plan::Text("Okay, I left your cart as it is.".into())
            }
            Intent::SmallTalk(kind) => Plan::Text(reply::small_talk(kind)),
            Intent::Unclear => Plan::Text(format!("Sorry, I didn't catch that. {}", reply::HELP)),
        }
    }

    fn resolve(&self, target: &Target, recent: &Recent) -> Vec<String> {
        resolve(target, &recent.shown, recent.focus.as_deref(), self.catalog)
    }

    /// The query a product request means, for the catalog and for `show_products`.
    fn query_of(&self, ask: &Ask) -> ProductQuery {
        ProductQuery {
            category: ask.category,
            text: (!ask.terms.is_empty()).then(|| ask.terms.join(" ")),
            limit: ask.constraints.limit,
            filters: ask.constraints.filters,
            sort: ask.constraints.sort,
        }
    }

    /// A list, or a card when exactly one product answers (or one was asked for).
    fn products(&self, ask: &Ask) -> Plan {
        let query = self.query_of(ask);
        let found = self.catalog.query(&query);
        if (ask.constraints.single || found.len() == 1) && !found.is_empty() {
            return self.call(SHOW_PRODUCT, json!({ "product_id": found[0].id }));
        }
        self.call(SHOW_PRODUCTS, list_args(&query))
    }

    fn compare(&self, target: &Target, ask: &Ask, recent: &Recent) -> Plan {
        let mut ids = match target {
            Target::Named(named) if named.len() == 1 => {
                let mut ids: Vec<String> = recent.focus.iter().cloned().collect();
                ids.retain(|f| f != &named[0]);
                ids.push(named[0].clone());
                ids
            }
            Target::Described(words) => {
                let among = described(words, &recent.shown, self.catalog);
                if among.len() >= 2 {
                    among
                } else {
                    let query = ProductQuery {
                        limit: None,
                        ..self.query_of(ask)
                    };
                    self.catalog
                        .query(&query)
                        .iter()
                        .map(|p| p.id.clone())
                        .collect()
                }
            }
            Target::Each(groups) => {
                let mut ids: Vec<String> = Vec::new();
                for group in groups {
                    let (named, _) = super::references::named(group, self.vocab);
                    let found: Vec<String> = if named.is_empty() {
                        let query = ProductQuery {
                            text: Some(group.join(" ")),
                            ..ProductQuery::default()
                        };
                        self.catalog
                            .query(&query)
                            .iter()
                            .map(|p| p.id.clone())
                            .collect()
                    } else {
                        named
                    };
                    if let Some(id) = found.into_iter().find(|id| !ids.contains(id)) {
                        ids.push(id);
                    }
                }
                ids
            }
            Target::At(position) if ask.constraints.limit.is_some_and(|n| n >= 2) => {
                // "compare the first two", "the last three".
                let n = ask.constraints.limit.unwrap_or(2);
                match position {
                    Position::Nth(k) => recent.shown.iter().skip(*k).take(n).cloned().collect(),
                    Position::Last => recent.shown.iter().rev().take(n).rev().cloned().collect(),
                }
            }
            other => self.resolve(other, recent),
        };
        ids.truncate(
            ask.constraints
                .limit
                .unwrap_or(MAX_COMPARED)
                .clamp(2, MAX_COMPARED),
        );
        if ids.len() < 2 {
            return Plan::Text(
                "I need two or more products to compare. Name them (\"compare the Aurora and the Dune lamps\") or ask me to show some first.".into(),
            );
        }
        self.call(COMPARE_PRODUCTS, json!({ "product_ids": ids }))
    }

    fn more_like(&self, target: &Target, recent: &Recent) -> Plan {
        let mut ids = self.resolve(target, recent);
        if ids.is_empty() {
            ids = recent.shown.iter().take(1).cloned().collect();
        }
        let Some(product) = ids.first().and_then(|id| self.catalog.find(id)) else {
            return Plan::Text(which_product(recent));
        };
        let query = ProductQuery {
            category: Some(product.category),
            ..ProductQuery::default()
        };
        self.call(SHOW_PRODUCTS, list_args(&query))
    }

    /// "anything cheaper?": the previous request again, below (or above) what was shown.
    fn refine(&self, order: SortOrder, recent: &Recent) -> Plan {
        let shown: Vec<&Product> = recent
            .shown
            .iter()
            .filter_map(|id| self.catalog.find(id))
            .collect();
        let mut ask = match recent
            .previous_question
            .as_deref()
            .map(|q| classify(q, self.vocab))
        {
            Some(Intent::Products(ask)) => ask,
            // After one product (or a comparison), "cheaper" means in the same category.
            _ => Ask {
                category: shown
                    .first()
                    .map(|p| p.category)
                    .filter(|c| shown.iter().all(|p| p.category == *c)),
                ..Ask::default()
            },
        };
        ask.constraints.single = false;
        ask.constraints.limit = None;
        match order {
            SortOrder::PriceAsc => {
                if let Some(lowest) = shown.iter().map(|p| p.price).reduce(f64::min) {
                    ask.constraints.filters.max_price =
                        Some(((lowest - 0.01) * 100.0).round() / 100.0);
                }
                ask.constraints.sort = SortOrder::PriceAsc;
            }
            SortOrder::PriceDesc => {
                if let Some(highest) = shown.iter().map(|p| p.price).reduce(f64::max) {
                    ask.constraints.filters.min_price =
                        Some(((highest + 0.01) * 100.0).round() / 100.0);
                }
                ask.constraints.sort = SortOrder::PriceDesc;
            }
            _ => ask.constraints.sort = order,
        }
        self.products(&ask)
    }

    fn cart_edit(&self, edit: &CartEdit, recent: &Recent) -> Plan {
        let looked = recent.this_turn.iter().any(|(n, _)| n == VIEW_CART);
        let need_cart = |plan_without: Option<Plan>| -> Plan {
            match plan_without {
                Some(plan) => plan,
                None if !looked && self.offers(VIEW_CART) => self.call(VIEW_CART, json!({})),
                None => Plan::Text(which_product(recent)),
            }
        };
        let in_cart: Vec<String> = match (&recent.cart, recent.cart_fresh) {
            (Some(lines), true) => lines.iter().map(|l| l.product_id.clone()).collect(),
            _ => Vec::new(),
        };
        match edit {
            CartEdit::Clear => match (&recent.cart, recent.cart_fresh) {
                (Some(lines), true) if lines.is_empty() => {
                    Plan::Text("Your cart is already empty.".into())
                }
                (Some(lines), true) => {
                    Plan::Text(clear_question(lines.iter().map(|l| l.quantity).sum()))
                }
                _ => need_cart(None),
            },
            CartEdit::Add { target, quantity } => {
                let ids = match target {
                    Target::Described(words) => {
                        let found = self.catalog.search(&words.join(" "));
                        let among: Vec<String> = described(words, &recent.shown, self.catalog);
                        if among.len() == 1 {
                            among
                        } else {
                            found.iter().take(2).map(|p| p.id.clone()).collect()
                        }
                    }
                    other => self.resolve(other, recent),
                };
                match ids.as_slice() {
                    [id] => {
                        let mut args = json!({ "product_id": id });
                        if *quantity > 1 {
                            args["quantity"] = json!(quantity);
                        }
                        self.call(CART_ADD, args)
                    }
                    [] => Plan::Text(which_product(recent)),
                    many => Plan::Text(self.which_of(many)),
                }
            }
            CartEdit::Remove { target } | CartEdit::SetQuantity { target, .. } => {
                let ids = match target {
                    // "remove the lamp" right after adding the Aurora lamp: the one lamp of the
                    // cart as last reported (it may be stale, but one match is one match);
                    // several, or none known, and the cart is read first.
                    Target::Described(words) if in_cart.is_empty() && recent.cart.is_some() => {
                        let last_seen: Vec<String> = recent
                            .cart
                            .iter()
                            .flatten()
                            .map(|l| l.product_id.clone())
                            .collect();
                        match described(words, &last_seen, self.catalog).as_slice() {
                            [one] => vec![one.clone()],
                            _ => Vec::new(),
                        }
                    }
                    Target::Described(words) if !in_cart.is_empty() => {
                        described(words, &in_cart, self.catalog)
                    }
                    Target::Described(_) => Vec::new(),
                    Target::It if recent.focus.is_none() && in_cart.len() == 1 => in_cart.clone(),
                    other => self.resolve(other, recent),
                };
                let plan = match ids.as_slice() {
                    [id] => Some(match edit {
                        CartEdit::SetQuantity { quantity, .. } => {
                            self.call(CART_SET_QUANTITY, json!({ "product_id": id, "quantity": quantity }))
                        }
                        _ => self.call(CART_REMOVE, json!({ "product_id": id })),
                    }),
                    [] if recent.cart_fresh => Some(Plan::Text(match &recent.cart {
                        Some(lines) if lines.is_empty() => "Your cart is empty, so there's nothing to change.".to_string(),
                        _ => "I couldn't find that in your cart. Say which product, e.g. \"remove the Aurora lamp\".".to_string(),
                    })),
                    [] => None,
                    many => Some(Plan::Text(self.which_of(many))),
                };
                need_cart(plan)
            }
        }
    }

    fn which_of(&self, ids: &[String]) -> String {
        let names: Vec<String> = ids
            .iter()
            .filter_map(|id| self.catalog.find(id))
            .map(|p| format!("the {}", p.name))
            .collect();
        format!("Which one do you mean: {}?", names.join(" or "))
    }

    fn offers(&self, tool: &str) -> bool {
        self.tools.iter().any(|t| t.name == tool)
    }

    /// A call to `tool` with `args` limited to what its schema declares, or a text saying what
    /// to do instead when the request does not offer the tool.
    fn call(&self, tool: &str, args: Value) -> Plan {
        let Some(spec) = self.tools.iter().find(|t| t.name == tool) else {
            return Plan::Text(if tool.starts_with("cart_") {
                "I can't change your cart from here. Use the Add to Cart buttons, or open the cart to change it.".to_string()
            } else {
                format!(
                    "I can't reach the shop's catalog right now, so I can't do that. {}",
                    reply::HELP
                )
            });
        };
        let mut args = match args {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let declared = spec.property_names();
        args.retain(|k, _| declared.contains(&k.as_str()));
        if let Some(Value::String(slug)) = args.get("category").cloned() {
            if let Ok(category) = slug.parse::<Category>() {
                args.insert(
                    "category".into(),
                    Value::from(category_value(spec, category)),
                );
            }
        }
        Plan::Call(ToolCall {
            call_id: String::new(),
            name: tool.to_string(),
            arguments: Value::Object(args).to_string(),
        })
    }
}

/// `show_products` arguments for a query (only the fields that are set).
fn list_args(q: &ProductQuery) -> Value {
    let mut args = Map::new();
    if let Some(c) = q.category {
        args.insert("category".into(), json!(c.slug()));
    }
    if let Some(t) = &q.text {
        args.insert("query".into(), json!(t));
    }
    if let Some(l) = q.limit {
        args.insert("limit".into(), json!(l));
    }
    let Filters {
        min_price,
        max_price,
        in_stock,
    } = q.filters;
    if let Some(v) = min_price {
        args.insert("min_price".into(), json!(v));
    }
    if let Some(v) = max_price {
        args.insert("max_price".into(), json!(v));
    }
    if in_stock {
        args.insert("in_stock".into(), json!(true));
    }
    if q.sort != SortOrder::Relevance {
        args.insert("sort".into(), json!(q.sort.as_str()));
    }
    Value::Object(args)
}

/// The schema's spelling of a category (its `enum` may use slugs or labels), else the slug.
fn category_value(spec: &ToolSpec, category: Category) -> String {
    spec.enum_values("category")
        .and_then(|values| {
            values
                .into_iter()
                .find(|v| v.parse::<Category>().ok() == Some(category))
        })
        .map(str::to_string)
        .unwrap_or_else(|| category.slug().to_string())
}

fn which_product(recent: &Recent) -> String {
    if recent.shown.is_empty() {
        "Which product do you mean? Ask me to show you some, e.g. \"show me lamps\".".into()
    } else {
        "Which product do you mean? Say its name or its place in the list, e.g. \"the second one\"."
            .into()
    }
}

/// The tool results after the newest user message, with the name of the tool of each.
/// A cart tool's output carries the cart, not which product changed: the name of the call's
/// product is added as `product` so the reply can say it ("Removed the Aurora Desk Lamp").
fn this_turn_results(request: &ModelRequest, catalog: &Catalog) -> Vec<(Option<String>, String)> {
    let start = request
        .messages
        .iter()
        .rposition(|m| matches!(m, ModelMessage::User { text } if !text.starts_with('[')))
        .map_or(0, |i| i + 1);
    let tail = &request.messages[start..];
    let call_of = |call_id: &str| {
        request.messages.iter().rev().find_map(|m| match m {
            ModelMessage::ToolCalls { calls } => calls.iter().find(|c| c.call_id == call_id),
            _ => None,
        })
    };
    let results: Vec<(Option<String>, String)> = tail
        .iter()
        .filter_map(|m| match m {
            ModelMessage::ToolResult { call_id, output } => {
                let call = call_of(call_id);
                let product = call
                    .filter(|c| c.name.starts_with("cart_"))
                    .and_then(|c| serde_json::from_str::<Value>(&c.arguments).ok())
                    .and_then(|a| a["product_id"].as_str().and_then(|id| catalog.find(id)))
                    .map(|p| p.name.clone());
                let output = match (product, serde_json::from_str::<Value>(output)) {
                    (Some(name), Ok(Value::Object(mut map))) => {
                        map.insert("product".into(), Value::from(name));
                        Value::Object(map).to_string()
                    }
                    _ => output.clone(),
                };
                Some((call.map(|c| c.name.clone()), output))
            }
            _ => None,
        })
        .collect();
    // A view_cart looked up only to decide a cart edit is not worth a sentence of its own.
    let edits = results
        .iter()
        .any(|(n, _)| n.as_deref().is_some_and(|n| n.starts_with("cart_")));
    results
        .into_iter()
        .filter(|(n, _)| !(edits && n.as_deref() == Some(VIEW_CART)))
        .collect()
}
