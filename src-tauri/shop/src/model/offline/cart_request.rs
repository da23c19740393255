//! Cart edits in a shopper's words: "add the aurora lamp", "add two mugs", "make it two",
//! "actually, just one", "remove the lamp", "take the mug out", "empty my cart".
//!
//! Read before anything else that mentions the cart, so "add the lamp to my cart" is an edit
//! and "what's in my cart?" is not. The product is a [`Target`] the planner resolves against the
//! thread; an edit without one means the product in focus ("make it two").

use super::intent::{any_phrase, pointer, subject_words, CartEdit, Intent};
use super::lexicon::number;
use super::references::Target;
use super::vocabulary::Vocabulary;

/// Cart edits: add / remove / set a quantity / empty.
pub(super) fn cart_edit(
    flat: &str,
    raw: &[String],
    canonical: &[String],
    vocab: &Vocabulary,
) -> Option<Intent> {
    let about_cart = any_phrase(flat, &["cart", "basket", "trolley"]);
    let clear = (any_phrase(flat, &["empty", "clear", "reset", "wipe"])
        && (about_cart || any_phrase(flat, &["everything", "it all"])))
        || any_phrase(
            flat,
            &[
                "remove everything",
                "remove all",
                "delete everything",
                "delete all",
                "start over",
                "throw everything out",
                "get rid of everything",
            ],
        );
    if clear {
        return Some(Intent::Cart(CartEdit::Clear));
    }
    let target = || {
        pointer(raw, canonical, vocab).unwrap_or_else(|| {
            let subject = subject_words(raw, canonical)
                .into_iter()
                .filter(|w| {
                    !matches!(
                        w.as_str(),
                        "cart"
                            | "basket"
                            | "trolley"
                            | "remove"
                            | "delete"
                            | "take"
                            | "out"
                            | "off"
                            | "drop"
                            | "rid"
                            | "add"
                            | "put"
                            | "don't"
                            | "dont"
                            | "anymore"
                            | "change"
                            | "set"
                            | "update"
                            | "quantity"
                            | "make"
                            | "instead"
                            | "actually"
                            | "throw"
                            | "back"
                    )
                })
                .collect::<Vec<_>>();
            if subject.is_empty() {
                Target::It
            } else {
                Target::Described(subject)
            }
        })
    };
    let quantity = || {
        raw.iter()
            .filter(|w| !w.starts_with('$'))
            .filter_map(|w| number(w))
            .find(|n| n.fract() == 0.0 && (0.0..=99.0).contains(n))
            .map(|n| n as u32)
    };
    let taking_out = raw.iter().any(|w| w == "take") && any_phrase(flat, &["out", "off", "away"]);
    let removing = taking_out
        || any_phrase(
            flat,
            &[
                "remove",
                "delete",
                "take out",
                "take off",
                "get rid of",
                "drop",
                "don't want",
                "dont want",
                "no longer want",
                "take away",
            ],
        );
    if removing {
        return Some(Intent::Cart(CartEdit::Remove { target: target() }));
    }
    let setting = any_phrase(
        flat,
        &[
            "make it",
            "make that",
            "make them",
            "change",
            "set",
            "update",
            "quantity",
            "instead",
            "of those",
            "of them",
            "of it",
            "of that",
            "of these",
        ],
    ) || (raw.len() <= 4 && raw.iter().any(|w| w == "just" || w == "only"));
    if setting {
        if let Some(q) = quantity() {
            return Some(Intent::Cart(if q == 0 {
                CartEdit::Remove { target: target() }
            } else {
                CartEdit::SetQuantity {
                    target: target(),
                    quantity: q,
                }
            }));
        }
    }
    let adding = raw
        .first()
        .is_some_and(|w| matches!(w.as_str(), "add" | "put"))
        || any_phrase(
            flat,
            &[
                "add",
                "put",
                "i'll take",
                "ill take",
                "i will take",
                "i'll have",
                "throw in",
                "to my cart",
                "to the cart",
                "into my cart",
                "buy it",
                "buy that",
                "buy this",
                "i'll buy",
                "ill buy",
                "order it",
                "get it",
                "take it",
                "grab",
            ],
        );
    if adding {
        let t = target();
        let resolvable = !matches!(t, Target::Described(_))
            || about_cart
            || raw.first().is_some_and(|w| w == "add");
        if resolvable {
            return Some(Intent::Cart(CartEdit::Add {
                target: t,
                quantity: quantity().filter(|q| *q > 0).unwrap_or(1),
            }));
        }
    }
    None
}
