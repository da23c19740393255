//! Ranked, case-insensitive text search over the catalog, and the filters and orders a
//! shopper asks for on top of it.
//!
//! Models and people type loose queries ("wireless headphones", "something for coffee",
//! "lamps"); this module turns such text into terms and scores each product field by field so
//! the most relevant products come first. It is deliberately small and deterministic (no fuzzy
//! matching, no index): the catalog has a few dozen products and results must be testable.
//! [`Filters`] (price range, in stock only) and [`SortOrder`] (price up or down, best rated,
//! relevance) are what the tools' `min_price`/`max_price`/`in_stock`/`sort` arguments mean.

use std::str::FromStr;

use super::product::Product;

/// Filler words ignored in queries ("show me some lamps" searches for "lamps").
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "any",
    "are",
    "do",
    "for",
    "have",
    "i",
    "in",
    "is",
    "it",
    "me",
    "my",
    "of",
    "on",
    "or",
    "please",
    "show",
    "some",
    "something",
    "the",
    "to",
    "want",
    "what",
    "with",
    "you",
    "your",
    "products",
    "product",
    "items",
    "item",
    "stuff",
    "things",
];

/// Field weights: a hit in the name beats a tag, a tag beats the category, the category beats
/// the description. Exact word hits beat partial (prefix/substring) hits.
const NAME_WORD: u32 = 10;
const NAME_PART: u32 = 6;
const TAG_WORD: u32 = 8;
const TAG_PART: u32 = 4;
const CATEGORY_WORD: u32 = 5;
const CATEGORY_PART: u32 = 2;
const DESCRIPTION_WORD: u32 = 3;
const DESCRIPTION_PART: u32 = 1;

/// One scored search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit<'a> {
    pub product: &'a Product,
    /// How many distinct query terms matched somewhere in the product.
    pub matched_terms: usize,
    /// Sum over terms of the best field weight each term reached.
    pub score: u32,
}

/// Splits text into lower-case, lightly stemmed words.
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(&w.to_lowercase()))
        .collect()
}

/// The query's meaningful terms: [`terms`] minus stop words, deduplicated (first occurrence
/// kept), in order. Linear in the query's length (a set, not a scan of the terms so far).
pub fn query_terms(query: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    terms(query)
        .into_iter()
        .filter(|t| !STOP_WORDS.contains(&t.as_str()) && seen.insert(t.clone()))
        .collect()
}

/// Crude plural folding so "lamps" finds "lamp" and "headphones" finds "headphone".
fn stem(word: &str) -> String {
    if word.chars().count() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// Best score one term reaches against one product, 0 if it appears nowhere.
fn term_score(term: &str, product: &Product) -> u32 {
    let partial_ok = term.chars().count() >= 3;
    let best_in = |words: &[String], exact: u32, part: u32| -> u32 {
        let mut best = 0;
        for w in words {
            if w == term {
                return exact;
            }
            if partial_ok && w.contains(term) {
                best = part;
            }
        }
        best
    };
    let name = terms(&product.name);
    let tags: Vec<String> = product.tags.iter().flat_map(|t| terms(t)).collect();
    let mut category = terms(product.category.label());
    category.extend(terms(product.category.slug()));
    let description = terms(&product.description);
    [
        best_in(&name, NAME_WORD, NAME_PART),
        best_in(&tags, TAG_WORD, TAG_PART),
        best_in(&category, CATEGORY_WORD, CATEGORY_PART),
        best_in(&description, DESCRIPTION_WORD, DESCRIPTION_PART),
    ]
    .into_iter()
    .max()
    .unwrap_or(0)
}

/// Scores `products` against `query` and returns the matches, best first.
///
/// Ordering: more matched terms first, then higher score, then higher rating, then id (so the
/// order is total and stable). Products matching no term are left out; a query made only of
/// stop words matches nothing.
pub fn search<'a>(products: &'a [Product], query: &str) -> Vec<SearchHit<'a>> {
    let q = query_terms(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<SearchHit<'a>> = products
        .iter()
        .filter_map(|product| {
            let scores: Vec<u32> = q.iter().map(|t| term_score(t, product)).collect();
            let matched_terms = scores.iter().filter(|s| **s > 0).count();
            (matched_terms > 0).then(|| SearchHit {
                product,
                matched_terms,
                score: scores.iter().sum(),
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.matched_terms
            .cmp(&a.matched_terms)
            .then(b.score.cmp(&a.score))
            .then(b.product.rating.total_cmp(&a.product.rating))
            .then(a.product.id.cmp(&b.product.id))
    });
    hits
}

/// Whether a [`term_score`] is a whole-word hit (not a prefix or substring).
fn is_exact(score: u32) -> bool {
    matches!(
        score,
        NAME_WORD | TAG_WORD | CATEGORY_WORD | DESCRIPTION_WORD
    )
}

/// The products a shopper means by `query`, best first: like [`search`], but a term that is a
/// name or tag word somewhere in the catalog matches only names and tags, one that is a whole
/// word somewhere no longer matches inside other words ("lamp" is not the head*lamp*), and only the products matching the most terms are kept ("wireless headphones"
/// are not every wireless thing). What `show_products` lists.
pub fn focused<'a>(products: &[&'a Product], query: &str) -> Vec<SearchHit<'a>> {
    let q = query_terms(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut table: Vec<Vec<u32>> = products
        .iter()
        .map(|p| q.iter().map(|t| term_score(t, p)).collect())
        .collect();
    // Per term, only the strongest kind of hit the catalog has counts: a name or tag word, else
    // any whole word, else a part of a word ("headphones" are not the radio whose description
    // mentions a headphone socket).
    let strong = |score: u32| score == NAME_WORD || score == TAG_WORD;
    for t in 0..q.len() {
        let keep: fn(u32) -> bool = if table.iter().any(|row| strong(row[t])) {
            |s| s == NAME_WORD || s == TAG_WORD
        } else if table.iter().any(|row| is_exact(row[t])) {
            is_exact
        } else {
            |_| true
        };
        for row in &mut table {
            if !keep(row[t]) {
                row[t] = 0;
            }
        }
    }
    let mut hits: Vec<SearchHit<'a>> = products
        .iter()
        .zip(&table)
        .filter_map(|(product, scores)| {
            let matched_terms = scores.iter().filter(|s| **s > 0).count();
            (matched_terms > 0).then(|| SearchHit {
                product,
                matched_terms,
                score: scores.iter().sum(),
            })
        })
        .collect();
    let most = hits.iter().map(|h| h.matched_terms).max().unwrap_or(0);
    hits.retain(|h| h.matched_terms == most);
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.product.rating.total_cmp(&a.product.rating))
            .then(a.product.id.cmp(&b.product.id))
    });
    hits
}

/// How a result list is ordered. Parsed from the tools' `sort` argument.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first (presentation order when there is no text query).
    #[default]
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
    /// Best rated first.
    RatingDesc,
}

impl SortOrder {
    /// Every order, in the spelling of the tools' `sort` enum.
    pub const ALL: [SortOrder; 4] = [
        SortOrder::Relevance,
        SortOrder::PriceAsc,
        SortOrder::PriceDesc,
        SortOrder::RatingDesc,
    ];

    /// The wire spelling (`"price_asc"`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::PriceAsc => "price_asc",
            SortOrder::PriceDesc => "price_desc",
            SortOrder::RatingDesc => "rating_desc",
        }
    }

    /// Sorts `products` in place; stable, so equal keys keep their relevance order.
    pub fn apply(self, products: &mut [&Product]) {
        match self {
            SortOrder::Relevance => {}
            SortOrder::PriceAsc => products.sort_by(|a, b| a.price.total_cmp(&b.price)),
            SortOrder::PriceDesc => products.sort_by(|a, b| b.price.total_cmp(&a.price)),
            SortOrder::RatingDesc => products.sort_by(|a, b| b.rating.total_cmp(&a.rating)),
        }
    }
}

/// The `sort` value matched none of [`SortOrder::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown sort {0:?}; use one of relevance, price_asc, price_desc, rating_desc")]
pub struct UnknownSort(pub String);

impl FromStr for SortOrder {
    type Err = UnknownSort;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        SortOrder::ALL
            .into_iter()
            .find(|o| o.as_str() == norm)
            .ok_or_else(|| UnknownSort(s.to_string()))
    }
}

/// Conditions every result must meet: a price range (inclusive, in US dollars) and stock.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Filters {
    pub min_price: Option<f64>,
    pub max_price: Option<f64>,
    /// Only products in stock.
    pub in_stock: bool,
}

impl Filters {
    /// True when no condition is set.
    pub fn is_empty(&self) -> bool {
        self.min_price.is_none() && self.max_price.is_none() && !self.in_stock
    }

    /// Whether `product` meets every condition.
    pub fn admits(&self, product: &Product) -> bool {
        self.min_price.is_none_or(|min| product.price >= min)
            && self.max_price.is_none_or(|max| product.price <= max)
            && (!self.in_stock || product.in_stock)
    }

    /// The conditions in words ("under $50.00, in stock"), empty when there are none.
    pub fn describe(&self) -> String {
        let money = super::product::format_usd;
        let mut parts = Vec::new();
        match (self.min_price, self.max_price) {
            (Some(lo), Some(hi)) => parts.push(format!("between {} and {}", money(lo), money(hi))),
            (Some(lo), None) => parts.push(format!("from {}", money(lo))),
            (None, Some(hi)) => parts.push(format!("up to {}", money(hi))),
            (None, None) => {}
        }
        if self.in_stock {
            parts.push("in stock".to_string());
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focused_search_prefers_whole_words_and_all_terms() {
        let products = crate::catalog::data::products();
        let all: Vec<&Product> = products.iter().collect();
        let ids = |q: &str| -> Vec<String> {
            focused(&all, q)
                .iter()
                .map(|h| h.product.id.clone())
                .collect()
        };
        let lamps = ids("lamps");
        assert!(lamps.contains(&"lamp-aurora".to_string()));
        assert!(!lamps.contains(&"headlamp-beam".to_string()), "{lamps:?}");
        assert!(search(&products, "lamps")
            .iter()
            .any(|h| h.product.id == "headlamp-beam"));
        let both = ids("wireless headphones");
        assert_eq!(both, ["headphones-nimbus"]);
        assert!(ids("zzzz").is_empty());
    }

    #[test]
    fn sort_orders_parse_and_order_products() {
        assert_eq!("price_asc".parse::<SortOrder>(), Ok(SortOrder::PriceAsc));
        assert_eq!(
            "Rating-Desc".parse::<SortOrder>(),
            Ok(SortOrder::RatingDesc)
        );
        assert!("cheap".parse::<SortOrder>().is_err());
        let products = crate::catalog::data::products();
        let mut all: Vec<&Product> = products.iter().collect();
        SortOrder::PriceAsc.apply(&mut all);
        assert!(all.windows(2).all(|w| w[0].price <= w[1].price));
        SortOrder::RatingDesc.apply(&mut all);
        assert!(all.windows(2).all(|w| w[0].rating >= w[1].rating));
        SortOrder::PriceDesc.apply(&mut all);
        assert!(all.windows(2).all(|w| w[0].price >= w[1].price));
    }

    #[test]
    fn filters_keep_the_price_range_and_stock() {
        let products = crate::catalog::data::products();
        let f = Filters {
            min_price: Some(20.0),
            max_price: Some(60.0),
            in_stock: true,
        };
        let kept: Vec<&Product> = products.iter().filter(|p| f.admits(p)).collect();
        assert!(!kept.is_empty());
        assert!(kept
            .iter()
            .all(|p| p.in_stock && (20.0..=60.0).contains(&p.price)));
        assert!(products
            .iter()
            .filter(|p| !kept.contains(p))
            .all(|p| !p.in_stock || !(20.0..=60.0).contains(&p.price)));
        assert_eq!(f.describe(), "between $20.00 and $60.00, in stock");
        assert!(Filters::default().is_empty());
    }

    #[test]
    fn query_terms_drop_filler_and_fold_plurals() {
        assert_eq!(query_terms("Show me some LAMPS, please"), vec!["lamp"]);
        assert_eq!(
            query_terms("wireless headphones"),
            vec!["wireless", "headphone"]
        );
        assert_eq!(query_terms("glass glass"), vec!["glass"]);
        assert!(query_terms("show me the products").is_empty());
    }

    #[test]
    fn a_word_inside_a_category_name_finds_that_category() {
        let products = crate::catalog::data::products();
        let ids: Vec<&str> = search(&products, "light")
            .iter()
            .map(|h| h.product.id.as_str())
            .collect();
        // Products named "… Light" first (by rating), then the lantern's exact tag; every lamp
        // is found too, through its category, "Lighting".
        assert_eq!(
            ids[..4],
            [
                "nightlight-luna",
                "light-pico",
                "strip-glow",
                "lantern-ember"
            ]
        );
        for p in products
            .iter()
            .filter(|p| p.category == crate::catalog::Category::Lighting)
        {
            assert!(ids.contains(&p.id.as_str()), "{} missing: {ids:?}", p.id);
        }
    }
}
