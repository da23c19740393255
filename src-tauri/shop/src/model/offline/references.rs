//! Which product(s) a message points at: by name ("the aurora lamp"), by position in what
//! was just shown ("the second one", "the last one"), by pronoun ("it", "that one"), by
//! comparison among what was shown ("the cheaper one"), or by a word of a product's name in
//! the cart or the last list ("the lamp").
//!
//! Names are matched with the catalog's [`Vocabulary`]: a product is named when the message
//! has a word only its name has ("aurora", "kettle"), or two words of its name ("ember mug").

use super::lexicon::stem;
use super::vocabulary::Vocabulary;
use crate::catalog::{Catalog, Product, SortOrder};

/// A position in a list: the n-th (0-based) or the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Nth(usize),
    Last,
}

/// How a message points at products.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Products named in the message, in the order they are named.
    Named(Vec<String>),
    /// A position in the products just shown.
    At(Position),
    /// "it", "this one", "that": the product in focus.
    It,
    /// "the cheaper one", "the better rated one": picked among the products just shown.
    Pick(SortOrder),
    /// Words that describe a product ("the lamp"), resolved against the cart or the list.
    Described(Vec<String>),
    /// "them", "these", "both": every product just shown.
    Shown,
    /// One product per group of words: "the speaker with the headphones", "the keyboard or
    /// the mouse" (each group is a name, or the best match for its words).
    Each(Vec<Vec<String>>),
    /// Nothing pointed at.
    None,
}

/// Products named by `words` (canonical spelling), with the indices of the words used.
pub fn named(words: &[String], vocab: &Vocabulary) -> (Vec<String>, Vec<usize>) {
    let mut ids: Vec<String> = Vec::new();
    let mut used = Vec::new();
    let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
    // Pass 1: identifying words.
    for (i, s) in stems.iter().enumerate() {
        if let Some(id) = vocab.identifying.get(s) {
            used.push(i);
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    // Pass 2: two words of one product's name ("ember mug" is not the Ember lantern).
    let mut counts: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, s) in stems.iter().enumerate() {
        for id in vocab.name_words.get(s).into_iter().flatten() {
            counts.entry(id.as_str()).or_default().push(i);
        }
    }
    for (id, at) in counts {
        let distinct: std::collections::BTreeSet<&String> = at.iter().map(|i| &stems[*i]).collect();
        if distinct.len() >= 2 && !ids.iter().any(|i| i == id) {
            // Only if no identified product already explains these words.
            let explained = at.iter().all(|i| used.contains(i));
            if !explained {
                ids.push(id.to_string());
                used.extend(at);
            }
        }
    }
    // Name words that belong to an identified product are part of its name ("the aurora lamp").
    for (i, s) in stems.iter().enumerate() {
        if vocab
            .name_words
            .get(s)
            .is_some_and(|owners| owners.iter().any(|o| ids.contains(o)))
            && !used.contains(&i)
        {
            used.push(i);
        }
    }
    used.sort_unstable();
    used.dedup();
    (ids, used)
}

/// "first", "2nd", "the third one", "number 2", "#3", "last".
pub fn position(words: &[String]) -> Option<(Position, usize)> {
    const ORDINALS: &[(&str, usize)] = &[
        ("first", 0),
        ("1st", 0),
        ("second", 1),
        ("2nd", 1),
        ("third", 2),
        ("3rd", 2),
        ("fourth", 3),
        ("4th", 3),
        ("fifth", 4),
        ("5th", 4),
        ("sixth", 5),
        ("6th", 5),
        ("seventh", 6),
        ("eighth", 7),
    ];
    for (i, w) in words.iter().enumerate() {
        if let Some((_, n)) = ORDINALS.iter().find(|(o, _)| o == w) {
            return Some((Position::Nth(*n), i));
        }
        if w == "last" || w == "bottom" {
            return Some((Position::Last, i));
        }
        if (w == "number" || w == "no" || w == "#") && i + 1 < words.len() {
            if let Ok(n) = words[i + 1].parse::<usize>() {
                if n >= 1 {
                    return Some((Position::Nth(n - 1), i));
                }
            }
        }
    }
    None
}

/// "it", "this", "that one": the product in focus.
pub fn is_pronoun(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| matches!(w.as_str(), "it" | "this" | "that" | "its" | "it's"))
}

/// "them", "these", "those", "both", "all of them": the products just shown.
pub fn is_plural_pronoun(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| matches!(w.as_str(), "them" | "these" | "those" | "both"))
}

/// "cheaper", "less expensive", "pricier", "better", "better rated": a pick among two or more.
pub fn comparative(words: &[String]) -> Option<SortOrder> {
    let text = words.join(" ");
    let has = |p: &str| format!(" {text} ").contains(&format!(" {p} "));
    if has("cheaper") || has("less expensive") || has("more affordable") || has("cheapest") {
        Some(SortOrder::PriceAsc)
    } else if has("more expensive") || has("pricier") || has("dearer") || has("priciest") {
        Some(SortOrder::PriceDesc)
    } else if has("better") || has("better rated") || has("higher rated") || has("best") {
        Some(SortOrder::RatingDesc)
    } else {
        None
    }
}

/// The ids `target` points at, given what was just shown and the product in focus. Empty when
/// it points at nothing we know.
pub fn resolve(
    target: &Target,
    shown: &[String],
    focus: Option<&str>,
    catalog: &Catalog,
) -> Vec<String> {
    match target {
        Target::Named(ids) => ids.clone(),
        Target::At(Position::Nth(n)) => shown.get(*n).cloned().into_iter().collect(),
        Target::At(Position::Last) => shown.last().cloned().into_iter().collect(),
        Target::It => focus
            .map(str::to_string)
            .or_else(|| (shown.len() == 1).then(|| shown[0].clone()))
            .into_iter()
            .collect(),
        Target::Pick(order) => {
            let mut products: Vec<&Product> =
                shown.iter().filter_map(|id| catalog.find(id)).collect();
            order.apply(&mut products);
            products.first().map(|p| p.id.clone()).into_iter().collect()
        }
        Target::Described(words) => described(words, shown, catalog),
        Target::Shown => shown.to_vec(),
        Target::Each(_) | Target::None => Vec::new(),
    }
}

/// The products among `among` whose name, tags or category has one of `words`.
pub fn described(words: &[String], among: &[String], catalog: &Catalog) -> Vec<String> {
    let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
    among
        .iter()
        .filter(|id| {
            catalog.find(id).is_some_and(|p| {
                let mut hay: Vec<String> = crate::catalog::search::terms(&p.name);
                hay.extend(p.tags.iter().flat_map(|t| crate::catalog::search::terms(t)));
                hay.extend(crate::catalog::search::terms(p.category.label()));
                stems.iter().any(|s| hay.contains(s))
            })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::words;
    use super::*;

    fn w(text: &str) -> Vec<String> {
        words(text)
    }

    #[test]
    fn names_by_identifying_word_or_two_name_words() {
        let catalog = Catalog::bundled();
        let v = Vocabulary::of(&catalog);
        assert_eq!(named(&w("add the aurora lamp"), &v).0, ["lamp-aurora"]);
        assert_eq!(named(&w("i want a keyboard"), &v).0, ["keyboard-glide"]);
        assert_eq!(
            named(&w("compare the aurora and the dune"), &v).0,
            ["lamp-aurora", "lamp-dune"]
        );
        assert_eq!(named(&w("the ember mug"), &v).0, ["mug-ember"]);
        assert!(
            named(&w("show me lamps"), &v).0.is_empty(),
            "lamp names two products"
        );
        let (_, used) = named(&w("the aurora lamp please"), &v);
        assert_eq!(used, [1, 2], "the whole name is used");
    }

    #[test]
    fn positions_pronouns_and_picks() {
        let catalog = Catalog::bundled();
        assert_eq!(
            position(&w("add the second one")),
            Some((Position::Nth(1), 2))
        );
        assert_eq!(position(&w("the last one")), Some((Position::Last, 1)));
        assert_eq!(position(&w("number 3 please")), Some((Position::Nth(2), 0)));
        assert!(is_pronoun(&w("show it")));
        assert_eq!(
            comparative(&w("the cheaper one")),
            Some(SortOrder::PriceAsc)
        );
        let shown = vec!["lamp-dune".to_string(), "lamp-aurora".to_string()];
        let cheaper = resolve(&Target::Pick(SortOrder::PriceAsc), &shown, None, &catalog);
        let prices: Vec<f64> = shown
            .iter()
            .map(|id| catalog.find(id).unwrap().price)
            .collect();
        let want = if prices[0] < prices[1] {
            &shown[0]
        } else {
            &shown[1]
        };
        assert_eq!(&cheaper, std::slice::from_ref(want));
        assert_eq!(
            resolve(&Target::At(Position::Last), &shown, None, &catalog),
            ["lamp-aurora"]
        );
        assert_eq!(
            resolve(&Target::It, &shown, Some("kettle-swan"), &catalog),
            ["kettle-swan"]
        );
        assert!(
            resolve(&Target::It, &shown, None, &catalog).is_empty(),
            "two shown: which?"
        );
        assert_eq!(
            described(
                &w("lamp"),
                &["mug-ember".into(), "lamp-dune".into()],
                &catalog
            ),
            ["lamp-dune"]
        );
    }
}
