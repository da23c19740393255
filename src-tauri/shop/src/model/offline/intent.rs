//! Reading one shopper message as an intent: what to show or change, with its constraints.
//!
//! The rules run in a fixed order, so the same text always gives the same intent: the fixed
//! phase-one phrase ("show products" is the single featured card, "Show me products" the
//! streaming list), small talk, yes/no, cart edits, comparisons, "more like this", follow-ups
//! about what was just shown, and finally a product request (category, search words with
//! synonyms and typos fixed, named products, [`Constraints`]). Context is not consulted here:
//! [`Target`]s are resolved by the planner against the thread ([`super::recent`]).

use super::constraints::{self, Constraints};
use super::lexicon::{category_named, normalize, number, words, STOP_WORDS};
use super::references::{self, Target};
use super::smalltalk::{small_talk, strip_opening, SmallTalk};
use super::vocabulary::Vocabulary;
use crate::catalog::{Category, SortOrder};

/// A product request: what to look for and how.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ask {
    pub category: Option<Category>,
    /// Search words in the catalog's spelling.
    pub terms: Vec<String>,
    pub constraints: Constraints,
    /// Products the message names ("the aurora lamp").
    pub named: Vec<String>,
}

/// A change to the cart (the page runs it: client tools `cart_*`).
#[derive(Debug, Clone, PartialEq)]
pub enum CartEdit {
    Add { target: Target, quantity: u32 },
    Remove { target: Target },
    SetQuantity { target: Target, quantity: u32 },
    Clear,
}

/// What the shopper asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// Exactly "show products" (and a few synonyms): the featured product's card.
    Featured,
    /// Products to show: a list, or a card when one product answers.
    Products(Ask),
    /// One product the message points at ("show it", "the second one", "the aurora lamp").
    Product(Target),
    /// Products side by side.
    Compare {
        target: Target,
        ask: Ask,
    },
    /// Products like the one pointed at.
    MoreLike(Target),
    /// Like the last request, but cheaper / better rated / pricier ("anything cheaper?").
    Refine(SortOrder),
    ViewCart,
    Cart(CartEdit),
    SmallTalk(SmallTalk),
    /// Nothing recognisable: the help text, with what was not understood.
    Unclear,
}

#[rustfmt::skip]
const SINGLE_PRODUCT_PHRASES: &[&str] = &[
    "show products", "show product", "show me a product", "show a product", "show me one product",
    "featured product", "show me the featured product", "what's featured", "whats featured",
];

/// Phrases that ask to browse everything ("what do you sell?").
#[rustfmt::skip]
const BROWSE: &[&str] = &[
    "products", "everything", "catalog", "catalogue", "what do you sell", "what do you have",
    "what you have", "what you sell", "what have you got", "what've you got", "browse",
    "all items", "your items", "your stuff", "what's available", "whats available",
    "what's in stock", "whats in stock", "what is in stock", "anything", "something", "items",
    "stuff", "things",
];

/// Words that make a message a shopping request even when its subject is unknown.
#[rustfmt::skip]
const SHOPPING_CUES: &[&str] = &[
    "show", "find", "search", "looking", "want", "need", "have", "sell", "carry", "stock", "buy",
    "get", "recommend", "suggest", "any", "list", "browse", "got",
];

/// Words of comparisons and references that are never search words.
#[rustfmt::skip]
const NOT_SUBJECT: &[&str] = &[
    "one", "ones", "it", "them", "vs", "versus", "compare", "comparison", "difference",
    "differences", "between", "better", "side", "cheaper", "pricier", "which", "these", "those",
    "both", "this", "that", "first", "second", "third", "last",
];

pub(super) fn has_phrase(text: &str, phrase: &str) -> bool {
    format!(" {text} ").contains(&format!(" {phrase} "))
}

pub(super) fn any_phrase(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has_phrase(text, p))
}

/// How much of a message the offline model reads. A shopper's request is a sentence or two;
/// the rest of a pasted page or a megabyte of text adds nothing to understand, and reading
/// it all (every word against the vocabulary) would hold the thread that answers for seconds.
pub const MAX_UNDERSTOOD_CHARS: usize = 2_000;

/// The first [`MAX_UNDERSTOOD_CHARS`] characters of `text` (cut at a character boundary).
fn understood_part(text: &str) -> &str {
    match text.char_indices().nth(MAX_UNDERSTOOD_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Reads one user message.
pub fn classify(text: &str, vocab: &Vocabulary) -> Intent {
    let norm = normalize(understood_part(text));
    if norm.is_empty() {
        return Intent::Unclear;
    }
    if SINGLE_PRODUCT_PHRASES.contains(&norm.as_str()) {
        return Intent::Featured;
    }
    if let Some(kind) = small_talk(&norm) {
        return Intent::SmallTalk(kind);
    }
    let norm = strip_opening(&norm).to_string();
    let raw = words(&norm);
    let canonical: Vec<String> = raw.iter().map(|w| vocab.canonical(w)).collect();
    let flat = raw.join(" ");
    if let Some(edit) = super::cart_request::cart_edit(&flat, &raw, &canonical, vocab) {
        return edit;
    }
    if any_phrase(
        &flat,
        &["cart", "basket", "checkout", "check out", "trolley"],
    ) || any_phrase(
        &flat,
        &["what did i add", "what have i added", "what have i got"],
    ) {
        return Intent::ViewCart;
    }
    let named_here = references::named(&canonical, vocab).0.len();
    let which = raw.iter().any(|w| w == "which");
    let several = named_here >= 2 || groups(&raw, &canonical).len() >= 2;
    if which && !several {
        if let Some(order) = references::comparative(&raw) {
            return Intent::Product(Target::Pick(order));
        }
    }
    if any_phrase(
        &flat,
        &[
            "compare",
            "comparison",
            "vs",
            "versus",
            "difference between",
            "differences between",
            "side by side",
        ],
    ) || (which && several)
    {
        return compare(&raw, &canonical, vocab);
    }
    if any_phrase(
        &flat,
        &[
            "more like this",
            "more like that",
            "more like it",
            "similar",
            "like this one",
            "like that one",
            "alternatives",
            "alternative",
            "something like it",
            "something like this",
            "anything like it",
            "others like it",
            "more of these",
            "more like these",
        ],
    ) {
        return Intent::MoreLike(pointer(&raw, &canonical, vocab).unwrap_or(Target::It));
    }
    if let Some(intent) = follow_up(&flat, &raw, &canonical) {
        return intent;
    }
    products(&flat, &raw, &canonical, vocab)
}

/// A pointer at products that needs the thread: a position, a pick, a pronoun, a name.
pub(super) fn pointer(raw: &[String], canonical: &[String], vocab: &Vocabulary) -> Option<Target> {
    let (named, _) = references::named(canonical, vocab);
    if !named.is_empty() {
        return Some(Target::Named(named));
    }
    if let Some((position, _)) = references::position(raw) {
        return Some(Target::At(position));
    }
    if let Some(order) = references::comparative(raw) {
        return Some(Target::Pick(order));
    }
    if references::is_plural_pronoun(raw) {
        return Some(Target::Shown);
    }
    if references::is_pronoun(raw) {
        return Some(Target::It);
    }
    None
}

/// "the cheaper one", "show it", "tell me more about the second one", "anything cheaper?".
fn follow_up(flat: &str, raw: &[String], canonical: &[String]) -> Option<Intent> {
    let has_than = raw.iter().any(|w| w == "than");
    let one = raw.iter().any(|w| w == "one");
    if let Some(order) = references::comparative(raw).filter(|_| !has_than) {
        let superlative = raw.iter().any(|w| w.ends_with("est") || w == "best");
        if one && !superlative {
            return Some(Intent::Product(Target::Pick(order)));
        }
        let subject = subject_words(raw, canonical);
        let comparative_only = subject.is_empty()
            && raw
                .iter()
                .any(|w| matches!(w.as_str(), "cheaper" | "pricier" | "better"));
        if comparative_only {
            return Some(if raw.iter().any(|w| w == "which") {
                Intent::Product(Target::Pick(order))
            } else {
                Intent::Refine(order)
            });
        }
    }
    let mut used = vec![false; raw.len()];
    let order = constraints::parse(raw, &mut used, &|_: &[String]| None).sort;
    // "the most expensive one", "the best one": a pick among what was shown.
    if one && order != SortOrder::Relevance && subject_words(raw, canonical).is_empty() {
        return Some(Intent::Product(Target::Pick(order)));
    }
    let free: Vec<String> = raw
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(w, _)| w.clone())
        .collect();
    if let Some((position, _)) = references::position(&free) {
        let about_list = !any_phrase(flat, &["first time", "last time"]);
        if about_list {
            return Some(Intent::Product(Target::At(position)));
        }
    }
    let pronoun_request = references::is_pronoun(raw)
        && subject_words(raw, canonical).is_empty()
        && any_phrase(
            flat,
            &[
                "show",
                "see",
                "tell",
                "details",
                "detail",
                "more",
                "about",
                "look",
                "open",
                "view",
                "info",
                "information",
                "describe",
                "what",
                "how much",
            ],
        );
    if pronoun_request {
        return Some(Intent::Product(Target::It));
    }
    None
}

/// The words of a message that are neither filler nor constraints nor references.
pub(super) fn subject_words(raw: &[String], canonical: &[String]) -> Vec<String> {
    let mut used = vec![false; raw.len()];
    let none = |_: &[String]| None;
    let _ = constraints::parse(raw, &mut used, &none);
    canonical
        .iter()
        .zip(raw)
        .zip(&used)
        .filter(|((c, r), u)| {
            !**u && !STOP_WORDS.contains(&r.as_str())
                && !STOP_WORDS.contains(&c.as_str())
                && references::position(std::slice::from_ref(r)).is_none()
                && references::comparative(std::slice::from_ref(r)).is_none()
                && !matches!(
                    r.as_str(),
                    "it" | "this"
                        | "that"
                        | "them"
                        | "these"
                        | "those"
                        | "one"
                        | "ones"
                        | "its"
                        | "it's"
                        | "both"
                        | "cheaper"
                        | "pricier"
                )
                && number(r).is_none()
        })
        .map(|((c, _), _)| c.clone())
        .collect()
}

/// Words that join the products of a comparison.
const CONNECTORS: &[&str] = &["and", "or", "vs", "versus", "with", "against", "to", "&"];

/// The subject words of a comparison, one group per product: "the speaker with the
/// headphones" → [["speaker"], ["headphones"]].
fn groups(raw: &[String], canonical: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for (r, c) in raw.iter().zip(canonical) {
        if CONNECTORS.contains(&r.as_str()) {
            out.push(Vec::new());
        } else if !STOP_WORDS.contains(&r.as_str())
            && !STOP_WORDS.contains(&c.as_str())
            && !NOT_SUBJECT.contains(&r.as_str())
            && number(r).is_none()
        {
            out.last_mut().expect("never empty").push(c.clone());
        }
    }
    out.retain(|g| !g.is_empty());
    out
}

/// "compare A and B", "compare the two lamps", "compare them".
fn compare(raw: &[String], canonical: &[String], vocab: &Vocabulary) -> Intent {
    let ask = ask(raw, canonical, vocab);
    let groups = groups(raw, canonical);
    let target = match pointer(raw, canonical, vocab) {
        Some(Target::Named(ids)) if ids.len() >= 2 && ids.len() >= groups.len() => {
            Target::Named(ids)
        }
        _ if groups.len() >= 2 => Target::Each(groups),
        Some(Target::Named(ids)) => Target::Named(ids),
        Some(t @ (Target::Shown | Target::It | Target::At(_))) => t,
        _ if !ask.terms.is_empty() || ask.category.is_some() => {
            Target::Described(ask.terms.clone())
        }
        _ => Target::Shown,
    };
    Intent::Compare { target, ask }
}

/// A product request's parts: constraints, category, named products, search words.
fn ask(raw: &[String], canonical: &[String], vocab: &Vocabulary) -> Ask {
    let mut used = vec![false; raw.len()];
    let price_of = |ws: &[String]| -> Option<(f64, usize)> {
        let canon: Vec<String> = ws.iter().take(5).map(|w| vocab.canonical(w)).collect();
        // The shortest run of words from the start that names exactly one product, with the
        // rest of that product's name after it ("the nimbus headphones").
        let (n, id) = (1..=canon.len()).find_map(|n| {
            let (ids, _) = references::named(&canon[..n], vocab);
            match ids.as_slice() {
                [id] => Some((n, id.clone())),
                _ => None,
            }
        })?;
        let more = canon[n..]
            .iter()
            .take_while(|w| {
                vocab
                    .name_words
                    .get(&super::lexicon::stem(w))
                    .is_some_and(|owners| owners.contains(&id))
            })
            .count();
        vocab.price_of(&id).map(|p| (p, n + more))
    };
    let constraints = constraints::parse(raw, &mut used, &price_of);
    let mut category = None;
    let mut i = 0;
    while i < raw.len() {
        if !used[i] {
            if let Some((c, n)) = category_named(raw, i) {
                category = Some(c);
                for u in used.iter_mut().skip(i).take(n) {
                    *u = true;
                }
                i += n;
                continue;
            }
        }
        i += 1;
    }
    let rest: Vec<String> = canonical
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(c, _)| c.clone())
        .collect();
    let (named, _) = references::named(&rest, vocab);
    // Named products' words stay search words too: "the aurora and dune lamps" finds both.
    let terms: Vec<String> = rest
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()) && number(w).is_none())
        .filter(|w| !NOT_SUBJECT.contains(&w.as_str()))
        .cloned()
        .collect();
    Ask {
        category,
        terms,
        constraints,
        named,
    }
}

/// A product request, or [`Intent::Unclear`].
fn products(flat: &str, raw: &[String], canonical: &[String], vocab: &Vocabulary) -> Intent {
    let ask = ask(raw, canonical, vocab);
    let known_terms = ask.terms.iter().any(|t| vocab.knows(t));
    if !ask.named.is_empty() && ask.constraints.is_empty() && ask.category.is_none() {
        // "water bottle" is the bottle; "a backpack for hiking" may be more than the backpack.
        let unexplained = ask
            .terms
            .iter()
            .any(|t| vocab.knows(t) && !vocab.describes(&ask.named[0], t));
        if ask.named.len() == 1 && !unexplained {
            return Intent::Product(Target::Named(ask.named));
        }
    }
    if known_terms || ask.category.is_some() || !ask.constraints.is_empty() {
        return Intent::Products(ask);
    }
    if any_phrase(flat, BROWSE) && ask.terms.is_empty() {
        return Intent::Products(ask);
    }
    if !ask.terms.is_empty() && raw.iter().any(|w| SHOPPING_CUES.contains(&w.as_str())) {
        return Intent::Products(ask);
    }
    Intent::Unclear
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn read(text: &str) -> Intent {
        classify(text, &Vocabulary::of(&Catalog::bundled()))
    }

    fn ask_of(text: &str) -> Ask {
        match read(text) {
            Intent::Products(ask) => ask,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn phase_one_rule_single_card_versus_list() {
        assert_eq!(read("show products"), Intent::Featured);
        assert_eq!(read("Show products."), Intent::Featured);
        assert_eq!(read("Show me products"), Intent::Products(Ask::default()));
        assert_eq!(
            read("show me all your products!"),
            Intent::Products(Ask::default())
        );
    }

    #[test]
    fn the_issue_requests() {
        assert_eq!(read("What can you do?"), Intent::SmallTalk(SmallTalk::Help));
        let a = ask_of("show me something under $50");
        assert_eq!(
            (a.terms.len(), a.constraints.filters.max_price),
            (0, Some(50.0))
        );
        let a = ask_of("cheapest headphones");
        assert_eq!(a.terms, ["headphones"]);
        assert_eq!(a.constraints.sort, SortOrder::PriceAsc);
        let a = ask_of("what's your best rated product?");
        assert!(a.constraints.single && a.terms.is_empty(), "{a:?}");
        assert!(
            matches!(read("compare the two lamps"), Intent::Compare { target: Target::Described(t), .. } if t == ["lamp"])
        );
        assert_eq!(
            ask_of("do you have anything for camping?").terms,
            ["camping"]
        );
        assert_eq!(
            read("I want a keyboard"),
            Intent::Product(Target::Named(vec!["keyboard-glide".into()]))
        );
        assert_eq!(
            read("remove the lamp from my cart"),
            Intent::Cart(CartEdit::Remove {
                target: Target::Described(vec!["lamp".into()])
            })
        );
        assert_eq!(read("thanks!"), Intent::SmallTalk(SmallTalk::Thanks));
    }

    #[test]
    fn cart_edits_and_follow_ups() {
        assert_eq!(
            read("add the aurora lamp"),
            Intent::Cart(CartEdit::Add {
                target: Target::Named(vec!["lamp-aurora".into()]),
                quantity: 1
            })
        );
        assert_eq!(
            read("make it two"),
            Intent::Cart(CartEdit::SetQuantity {
                target: Target::It,
                quantity: 2
            })
        );
        assert_eq!(read("empty my cart"), Intent::Cart(CartEdit::Clear));
        assert_eq!(
            read("actually, just one"),
            Intent::Cart(CartEdit::SetQuantity {
                target: Target::It,
                quantity: 1
            })
        );
        assert!(matches!(
            read("take the mug out of my cart"),
            Intent::Cart(CartEdit::Remove { .. })
        ));
        assert_eq!(read("yes"), Intent::SmallTalk(SmallTalk::Yes));
        assert_eq!(
            read("the cheaper one"),
            Intent::Product(Target::Pick(SortOrder::PriceAsc))
        );
        assert_eq!(read("show it"), Intent::Product(Target::It));
        assert!(matches!(
            read("add the second one"),
            Intent::Cart(CartEdit::Add {
                target: Target::At(_),
                quantity: 1
            })
        ));
        assert_eq!(read("more like this"), Intent::MoreLike(Target::It));
        assert_eq!(
            read("anything cheaper?"),
            Intent::Refine(SortOrder::PriceAsc)
        );
        assert_eq!(read("what's in my cart?"), Intent::ViewCart);
    }

    #[test]
    fn typos_synonyms_and_unclear() {
        assert_eq!(
            read("do you have a keybaord"),
            Intent::Product(Target::Named(vec!["keyboard-glide".into()]))
        );
        assert_eq!(
            read("show me earphones"),
            Intent::Product(Target::Named(vec!["earbuds-echo".into()]))
        );
        assert_eq!(ask_of("earphones under $200").terms, ["earbuds"]);
        assert_eq!(read("tell me a joke"), Intent::Unclear);
        assert_eq!(ask_of("do you sell unicorns").terms, ["unicorns"]);
    }

    #[test]
    fn only_the_start_of_a_huge_message_is_read() {
        let junk = "é".repeat(3 * MAX_UNDERSTOOD_CHARS);
        assert_eq!(understood_part(&junk).chars().count(), MAX_UNDERSTOOD_CHARS);
        assert_eq!(understood_part("thanks"), "thanks");
        let long = format!("I want a keyboard {}", "x".repeat(1 << 20));
        assert_eq!(read(&long), read("I want a keyboard xxxx"));
    }
}
