//! Reading a shopper's message as an intent, for the offline model.
//!
//! The offline model must make the same tool calls a real model would for the everyday
//! requests ("show me the headphones", "what's in my cart", "do you have a kettle?"). This
//! module is the deterministic, case-insensitive matcher behind it, kept apart from the
//! streaming so its rules can be tested one by one. One rule is fixed by the product's first
//! phase: the exact text "show products" asks for the static single product card, while
//! "show me products" asks for the streaming list.

use crate::catalog::Category;

/// What the shopper asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// One product card (the featured product).
    ShowProduct,
    /// A product list, optionally narrowed to a category and/or a free-text query.
    ShowProducts {
        category: Option<Category>,
        query: Option<String>,
    },
    /// A catalog search.
    Search { query: String },
    /// The cart's contents.
    ViewCart,
    /// Asked to add something to the cart: that happens through the card's button.
    AddToCart,
    /// A greeting.
    Greeting,
    /// Anything else.
    Help,
}

const SINGLE_PRODUCT_PHRASES: &[&str] = &[
    "show products",
    "show product",
    "show me a product",
    "show a product",
    "show me one product",
    "featured product",
    "show me the featured product",
    "what's featured",
    "whats featured",
];

const SEARCH_PREFIXES: &[&str] = &[
    "search for ",
    "search ",
    "find me ",
    "find ",
    "do you have any ",
    "do you have ",
    "do you sell ",
    "have you got ",
    "i'm looking for ",
    "im looking for ",
    "i am looking for ",
    "looking for ",
];

const LIST_PREFIXES: &[&str] = &[
    "show me ",
    "show ",
    "list ",
    "browse ",
    "let me see ",
    "can i see ",
];

const FILLER: &[&str] = &[
    "the",
    "all",
    "your",
    "you",
    "some",
    "any",
    "a",
    "an",
    "me",
    "of",
    "my",
    "please",
    "products",
    "product",
    "items",
    "item",
    "stuff",
    "things",
    "do",
    "have",
    "got",
    "sell",
    "what",
    "which",
    "is",
    "are",
    "there",
    "in",
    "for",
    "available",
    "catalog",
    "catalogue",
    "shop",
    "store",
];

const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "howdy",
    "good morning",
    "good afternoon",
    "good evening",
    "yo",
];

/// Lower-cases, trims and drops trailing punctuation.
pub fn normalize(text: &str) -> String {
    let lower = text.trim().to_lowercase().replace('’', "'");
    lower
        .trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '\'')
        .trim()
        .to_string()
}

/// Reads one user message.
pub fn classify(text: &str) -> Intent {
    let norm = normalize(text);
    if norm.is_empty() {
        return Intent::Help;
    }
    if SINGLE_PRODUCT_PHRASES.contains(&norm.as_str()) {
        return Intent::ShowProduct;
    }
    if norm.contains("cart") || norm.contains("basket") {
        let adding = ["add ", "put ", "buy "]
            .iter()
            .any(|w| norm.starts_with(w) || norm.contains(&format!(" {w}")));
        return if adding {
            Intent::AddToCart
        } else {
            Intent::ViewCart
        };
    }
    for prefix in SEARCH_PREFIXES {
        if let Some(rest) = norm.strip_prefix(prefix) {
            let query = meaningful_words(rest).join(" ");
            if !query.is_empty() {
                return Intent::Search { query };
            }
        }
    }
    if GREETINGS.iter().any(|g| {
        norm == *g || norm.starts_with(&format!("{g} ")) || norm.starts_with(&format!("{g},"))
    }) {
        return Intent::Greeting;
    }
    let listing = LIST_PREFIXES.iter().find_map(|p| norm.strip_prefix(p));
    let words = meaningful_words(listing.unwrap_or(&norm));
    let category = find_category(&words);
    if let Some(rest) = listing {
        let query_words: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !is_category_word(w))
            .collect();
        let query = (category.is_none() && !query_words.is_empty()).then(|| query_words.join(" "));
        // "show me products", "show me the headphones", "list lamps", "show me mugs".
        if category.is_some() || query.is_some() || mentions_products(rest) {
            return Intent::ShowProducts { category, query };
        }
    }
    if category.is_some() {
        return Intent::ShowProducts {
            category,
            query: None,
        };
    }
    if norm.contains("products") || norm.contains("what do you sell") || norm.contains("browse") {
        return Intent::ShowProducts {
            category: None,
            query: None,
        };
    }
    Intent::Help
}

fn mentions_products(rest: &str) -> bool {
    [
        "products",
        "items",
        "everything",
        "catalog",
        "catalogue",
        "stuff",
        "things",
        "what you",
    ]
    .iter()
    .any(|w| rest.contains(w))
}

fn meaningful_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .collect()
}

fn is_category_word(word: &str) -> bool {
    word.parse::<Category>().is_ok()
}

/// A category named by one word or by two adjacent words ("home office").
fn find_category(words: &[&str]) -> Option<Category> {
    words
        .windows(2)
        .find_map(|pair| format!("{} {}", pair[0], pair[1]).parse::<Category>().ok())
        .or_else(|| words.iter().find_map(|w| w.parse::<Category>().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(category: Option<Category>, query: Option<&str>) -> Intent {
        Intent::ShowProducts {
            category,
            query: query.map(str::to_string),
        }
    }

    #[test]
    fn phase_one_rule_single_card_versus_list() {
        assert_eq!(classify("show products"), Intent::ShowProduct);
        assert_eq!(classify("Show products."), Intent::ShowProduct);
        assert_eq!(classify("show me a product"), Intent::ShowProduct);
        assert_eq!(classify("Show me products"), list(None, None));
        assert_eq!(classify("show me all your products!"), list(None, None));
    }

    #[test]
    fn categories_and_queries() {
        assert_eq!(
            classify("Show me the headphones"),
            list(Some(Category::Audio), None)
        );
        assert_eq!(
            classify("show me lamps"),
            list(Some(Category::Lighting), None)
        );
        assert_eq!(
            classify("list home office products"),
            list(Some(Category::HomeOffice), None)
        );
        assert_eq!(classify("show me mugs"), list(None, Some("mugs")));
        assert_eq!(classify("kitchen?"), list(Some(Category::Kitchen), None));
        assert_eq!(classify("what do you sell"), list(None, None));
    }

    #[test]
    fn cart_search_greeting_help() {
        assert_eq!(classify("What's in my cart?"), Intent::ViewCart);
        assert_eq!(classify("cart"), Intent::ViewCart);
        assert_eq!(classify("add the lamp to my cart"), Intent::AddToCart);
        assert_eq!(
            classify("Search for a gooseneck kettle"),
            Intent::Search {
                query: "gooseneck kettle".into()
            }
        );
        assert_eq!(
            classify("do you have headphones?"),
            Intent::Search {
                query: "headphones".into()
            }
        );
        assert_eq!(classify("Hello!"), Intent::Greeting);
        assert_eq!(classify("hey, what can you do"), Intent::Greeting);
        assert_eq!(classify("tell me a joke"), Intent::Help);
        assert_eq!(classify("   "), Intent::Help);
    }
}
