//! The catalog's own words, as the offline model uses them: which words appear at all (is a
//! message about a product?), which a typo may be corrected to, which name exactly one product
//! ("aurora", "kettle"), and each product's words and price.
//!
//! Read once from the catalog the tools use, so a new product is understood without a rule.

use std::collections::{BTreeMap, BTreeSet};

use super::lexicon::{stem, synonym, words, STOP_WORDS, SYNONYMS};
use crate::catalog::{Catalog, Category};

/// What the offline model knows of the catalog's words.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Every word of names, tags, descriptions and categories, plus the synonyms ("is this
    /// about a product at all?").
    pub known: BTreeSet<String>,
    /// The words a typo may be corrected to: names, tags, categories and synonyms (not
    /// descriptions, whose ordinary words would turn "sofa" into "soft").
    pub typo_targets: BTreeSet<String>,
    /// Stemmed word → ids of the products whose name has it.
    pub name_words: BTreeMap<String, Vec<String>>,
    /// Product id → price (for "cheaper than the kettle").
    pub prices: BTreeMap<String, f64>,
    /// Product id → the stems of its name, tags and description.
    pub product_words: BTreeMap<String, BTreeSet<String>>,
    /// Stemmed name word → the one product it names: the word is in that product's name only
    /// and in no other product's tags ("aurora", "kettle"; not "lamp", "wireless").
    pub identifying: BTreeMap<String, String>,
}

impl Vocabulary {
    /// Reads the vocabulary of `catalog`.
    pub fn of(catalog: &Catalog) -> Vocabulary {
        let mut v = Vocabulary::default();
        let add_words = |text: &str, v: &mut Vocabulary| {
            for w in words(&text.to_lowercase()) {
                if w.chars().all(char::is_alphabetic) {
                    v.known.insert(stem(&w));
                    v.known.insert(w);
                }
            }
        };
        for p in catalog.all() {
            let text = format!("{} {} {}", p.name, p.tags.join(" "), p.description).to_lowercase();
            v.product_words
                .insert(p.id.clone(), words(&text).iter().map(|w| stem(w)).collect());
            v.prices.insert(p.id.clone(), p.price);
            add_words(&p.name, &mut v);
            add_words(&p.tags.join(" "), &mut v);
        }
        for c in Category::ALL {
            add_words(c.label(), &mut v);
        }
        v.typo_targets = v.known.clone();
        for p in catalog.all() {
            add_words(&p.description, &mut v);
            for w in words(&p.name.to_lowercase()) {
                let ids = v.name_words.entry(stem(&w)).or_default();
                if !ids.contains(&p.id) {
                    ids.push(p.id.clone());
                }
            }
        }
        for (word, ids) in &v.name_words {
            let [id] = ids.as_slice() else { continue };
            let tagged_elsewhere = catalog.all().iter().any(|p| {
                &p.id != id
                    && p.tags
                        .iter()
                        .flat_map(|t| words(t))
                        .any(|t| stem(&t) == *word)
            });
            if !tagged_elsewhere && !STOP_WORDS.contains(&word.as_str()) && word.len() > 1 {
                v.identifying.insert(word.clone(), id.clone());
            }
        }
        for (w, c) in SYNONYMS {
            for set in [&mut v.known, &mut v.typo_targets] {
                set.insert((*w).to_string());
                set.insert((*c).to_string());
            }
        }
        for set in [&mut v.known, &mut v.typo_targets] {
            set.retain(|w| !STOP_WORDS.contains(&w.as_str()) && w.chars().count() > 1);
        }
        v
    }

    /// Whether `word` appears in the name, tags or description of product `id`.
    pub fn describes(&self, id: &str, word: &str) -> bool {
        self.product_words
            .get(id)
            .is_some_and(|w| w.contains(&stem(word)) || w.contains(word))
    }

    /// The price of a product by id.
    pub fn price_of(&self, id: &str) -> Option<f64> {
        self.prices.get(id).copied()
    }

    /// Whether `word` (or its stem) appears anywhere in the catalog or the synonyms.
    pub fn knows(&self, word: &str) -> bool {
        self.known.contains(word) || self.known.contains(&stem(word))
    }

    /// The word as the catalog spells it: a synonym's target, or a typo's correction, or
    /// the word itself.
    pub fn canonical(&self, word: &str) -> String {
        if let Some(s) = synonym(word) {
            return s.to_string();
        }
        if self.knows(word) || STOP_WORDS.contains(&stem(word).as_str()) {
            return word.to_string();
        }
        match super::typos::correct(word, &self.typo_targets) {
            Some(fixed) => synonym(fixed).unwrap_or(fixed).to_string(),
            None => word.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_words_synonyms_and_typos() {
        let v = Vocabulary::of(&Catalog::bundled());
        assert!(v.knows("keyboard") && v.knows("keyboards"));
        assert_eq!(v.canonical("earphones"), "earbuds");
        assert_eq!(v.canonical("keybaord"), "keyboard");
        assert_eq!(v.canonical("want"), "want", "a common word stays");
        assert_eq!(v.canonical("zzzz"), "zzzz");
        assert!(v.name_words["keyboard"].contains(&"keyboard-glide".to_string()));
    }
}
