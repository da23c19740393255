//! Price, order, stock and count constraints in a shopper's words.
//!
//! "under $50", "between 20 and 40 dollars", "cheaper than the kettle", "cheapest", "best
//! rated", "most expensive", "in stock only", "three lamps", "top 5": each becomes a field the
//! tools take (`min_price`, `max_price`, `sort`, `in_stock`, `limit`), and the words it used are
//! marked so they are not searched for. A superlative with a singular noun ("your best rated
//! product", "the cheapest lamp") asks for one product: [`Constraints::single`].

use super::lexicon::{number, STOP_WORDS};
use crate::catalog::{Filters, SortOrder};

/// What the constraints of one message say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub filters: Filters,
    pub sort: SortOrder,
    /// An explicit count ("three lamps", "top 5").
    pub limit: Option<usize>,
    /// A superlative about one product ("the cheapest lamp").
    pub single: bool,
}

impl Constraints {
    /// True when the message set no constraint at all.
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
            && self.sort == SortOrder::Relevance
            && self.limit.is_none()
            && !self.single
    }
}

/// Finds the price of a product named by the words starting at an index, and how many words
/// name it ("the kettle" → 49.0, 2). Used for "cheaper than the kettle".
pub type PriceOf<'a> = &'a dyn Fn(&[String]) -> Option<(f64, usize)>;

const MAX_WORDS: &[&[&str]] = &[
    &["under"],
    &["below"],
    &["beneath"],
    &["less", "than"],
    &["lower", "than"],
    &["at", "most"],
    &["up", "to"],
    &["no", "more", "than"],
    &["not", "more", "than"],
    &["max"],
    &["maximum"],
    &["within"],
    &["budget", "of"],
    &["budget", "is"],
    &["cheaper", "than"],
    &["less", "expensive", "than"],
    &["lower", "priced", "than"],
    &["for", "less", "than"],
];
const RELATIVE_MAX: &[&[&str]] = &[
    &["cheaper", "than"],
    &["less", "expensive", "than"],
    &["lower", "priced", "than"],
    &["less", "than"],
];
const MIN_WORDS: &[&[&str]] = &[
    &["over"],
    &["above"],
    &["more", "than"],
    &["at", "least"],
    &["min"],
    &["minimum"],
    &["starting", "at"],
    &["upwards", "of"],
    &["from"],
    &["more", "expensive", "than"],
    &["pricier", "than"],
    &["costlier", "than"],
];
const RELATIVE_MIN: &[&[&str]] = &[
    &["more", "expensive", "than"],
    &["pricier", "than"],
    &["costlier", "than"],
    &["more", "than"],
];
const ABOUT_WORDS: &[&str] = &["around", "about", "roughly", "approximately", "approx"];
const CURRENCY: &[&str] = &["dollars", "dollar", "bucks", "usd", "$"];

/// Superlatives (one product when the noun is singular) and plain adjectives, per order.
const ORDERS: &[(&[&str], SortOrder, bool)] = &[
    (&["cheapest", "first"], SortOrder::PriceAsc, false),
    (&["lowest", "price", "first"], SortOrder::PriceAsc, false),
    (&["cheap", "first"], SortOrder::PriceAsc, false),
    (&["most", "expensive", "first"], SortOrder::PriceDesc, false),
    (&["highest", "price", "first"], SortOrder::PriceDesc, false),
    (&["priciest", "first"], SortOrder::PriceDesc, false),
    (&["best", "rated", "first"], SortOrder::RatingDesc, false),
    (&["top", "rated", "first"], SortOrder::RatingDesc, false),
    (&["best", "first"], SortOrder::RatingDesc, false),
    (&["least", "expensive"], SortOrder::PriceAsc, true),
    (&["lowest", "priced"], SortOrder::PriceAsc, true),
    (&["lowest", "price"], SortOrder::PriceAsc, true),
    (&["lowest", "cost"], SortOrder::PriceAsc, true),
    (&["most", "affordable"], SortOrder::PriceAsc, true),
    (&["cheapest"], SortOrder::PriceAsc, true),
    (&["low", "to", "high"], SortOrder::PriceAsc, false),
    (&["by", "price"], SortOrder::PriceAsc, false),
    (&["cheap"], SortOrder::PriceAsc, false),
    (&["inexpensive"], SortOrder::PriceAsc, false),
    (&["affordable"], SortOrder::PriceAsc, false),
    (&["budget"], SortOrder::PriceAsc, false),
    (&["most", "expensive"], SortOrder::PriceDesc, true),
    (&["highest", "priced"], SortOrder::PriceDesc, true),
    (&["highest", "price"], SortOrder::PriceDesc, true),
    (&["priciest"], SortOrder::PriceDesc, true),
    (&["dearest"], SortOrder::PriceDesc, true),
    (&["fanciest"], SortOrder::PriceDesc, true),
    (&["high", "to", "low"], SortOrder::PriceDesc, false),
    (&["expensive"], SortOrder::PriceDesc, false),
    (&["premium"], SortOrder::PriceDesc, false),
    (&["luxury"], SortOrder::PriceDesc, false),
    (&["best", "rated"], SortOrder::RatingDesc, true),
    (&["top", "rated"], SortOrder::RatingDesc, true),
    (&["highest", "rated"], SortOrder::RatingDesc, true),
    (&["best", "reviewed"], SortOrder::RatingDesc, true),
    (&["highest", "rating"], SortOrder::RatingDesc, true),
    (&["best", "rating"], SortOrder::RatingDesc, true),
    (&["most", "popular"], SortOrder::RatingDesc, true),
    (&["by", "rating"], SortOrder::RatingDesc, false),
    (&["best"], SortOrder::RatingDesc, true),
    (&["top"], SortOrder::RatingDesc, true),
    (&["favourite"], SortOrder::RatingDesc, true),
    (&["favorite"], SortOrder::RatingDesc, true),
];

const STOCK: &[&[&str]] = &[
    &["in", "stock"],
    &["instock"],
    &["available", "now"],
    &["available"],
    &["ready", "to", "ship"],
    &["not", "sold", "out"],
];

fn phrase_at(words: &[String], at: usize, phrase: &[&str]) -> bool {
    phrase.len() <= words.len().saturating_sub(at)
        && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
}

/// An amount at `at` ("$40", "40 dollars", "forty bucks"): the value and the words it takes.
fn amount_at(words: &[String], at: usize) -> Option<(f64, usize)> {
    let mut used = 0;
    if words.get(at).map(String::as_str) == Some("$") {
        used = 1;
    }
    let value = number(words.get(at + used)?)?;
    used += 1;
    if words
        .get(at + used)
        .is_some_and(|w| CURRENCY.contains(&w.as_str()))
    {
        used += 1;
    }
    Some((value, used))
}

/// Reads the constraints of `words`; `used[i]` is set for every word a constraint took.
pub fn parse(words: &[String], used: &mut [bool], price_of: PriceOf<'_>) -> Constraints {
    let mut c = Constraints::default();
    let mut superlative = false;
    let mut i = 0;
    let mark = |used: &mut [bool], from: usize, n: usize| {
        for u in used.iter_mut().skip(from).take(n) {
            *u = true;
        }
    };
    while i < words.len() {
        if used[i] {
            i += 1;
            continue;
        }
        // between A and B / from A to B / A to B
        let range_start = if phrase_at(words, i, &["between"]) || phrase_at(words, i, &["from"]) {
            Some(1)
        } else {
            None
        };
        if let Some(skip) = range_start {
            if let Some((lo, n1)) = amount_at(words, i + skip) {
                let mid = i + skip + n1;
                if matches!(words.get(mid).map(String::as_str), Some("and" | "to" | "-")) {
                    if let Some((hi, n2)) = amount_at(words, mid + 1) {
                        c.filters.min_price = Some(lo.min(hi));
                        c.filters.max_price = Some(lo.max(hi));
                        mark(used, i, mid + 1 + n2 - i);
                        i = mid + 1 + n2;
                        continue;
                    }
                }
            }
        }
        if let Some((lo, n1)) = amount_at(words, i) {
            let money = words[i].starts_with('$')
                || n1 > 1
                || words.get(i + n1).is_some_and(|w| w == "to")
                    && words.get(i + n1 + 1).is_some_and(|w| w.starts_with('$'));
            if money && words.get(i + n1).is_some_and(|w| w == "to") {
                if let Some((hi, n2)) = amount_at(words, i + n1 + 1) {
                    c.filters.min_price = Some(lo.min(hi));
                    c.filters.max_price = Some(lo.max(hi));
                    mark(used, i, n1 + 1 + n2);
                    i += n1 + 1 + n2;
                    continue;
                }
            }
            // "50 or less", "$50 and under", "$30 or more", "$30 and up"
            let after = |p: &[&str]| phrase_at(words, i + n1, p);
            if after(&["or", "less"])
                || after(&["or", "under"])
                || after(&["and", "under"])
                || after(&["or", "cheaper"])
                || after(&["max"])
            {
                c.filters.max_price = Some(lo);
                let tail = if after(&["max"]) { 1 } else { 2 };
                mark(used, i, n1 + tail);
                i += n1 + tail;
                continue;
            }
            if after(&["or", "more"])
                || after(&["and", "up"])
                || after(&["and", "over"])
                || after(&["plus"])
            {
                c.filters.min_price = Some(lo);
                let tail = if after(&["plus"]) { 1 } else { 2 };
                mark(used, i, n1 + tail);
                i += n1 + tail;
                continue;
            }
            if money && i > 0 && !used[i - 1] && ABOUT_WORDS.contains(&words[i - 1].as_str()) {
                c.filters.min_price = Some((lo * 0.8 * 100.0).round() / 100.0);
                c.filters.max_price = Some((lo * 1.2 * 100.0).round() / 100.0);
                mark(used, i - 1, n1 + 1);
                i += n1;
                continue;
            }
        }
        if let Some(n) = bound(words, used, i, MAX_WORDS, RELATIVE_MAX, price_of, -0.01) {
            c.filters.max_price = Some(n.0);
            i = n.1;
            continue;
        }
        if let Some(n) = bound(words, used, i, MIN_WORDS, RELATIVE_MIN, price_of, 0.01) {
            c.filters.min_price = Some(n.0);
            i = n.1;
            continue;
        }
        if let Some(p) = STOCK.iter().find(|p| phrase_at(words, i, p)) {
            c.filters.in_stock = true;
            mark(used, i, p.len());
            i += p.len();
            continue;
        }
        if let Some((p, order, sup)) = ORDERS.iter().find(|(p, _, _)| phrase_at(words, i, p)) {
            if c.sort == SortOrder::Relevance {
                c.sort = *order;
            }
            superlative |= *sup;
            mark(used, i, p.len());
            i += p.len();
            continue;
        }
        // A count: "three lamps", "top 5", "2 cheapest".
        if let Some(n) = number(&words[i]) {
            let next = words.get(i + 1).map(String::as_str).unwrap_or("");
            let whole = n.fract() == 0.0 && (1.0..=20.0).contains(&n);
            let is_count = whole
                && !words[i].starts_with('$')
                && !CURRENCY.contains(&next)
                && (n >= 2.0 || (!next.is_empty() && !STOP_WORDS.contains(&next)));
            if is_count {
                c.limit = Some(n as usize);
                mark(used, i, 1);
                i += 1;
                continue;
            }
        }
        i += 1;
    }
    if superlative && c.limit.is_none() {
        c.single = head_is_singular(words, used);
    }
    c
}

/// A bound phrase at `at` followed by an amount, or (for the relative phrases) by a product
/// whose price is the bound (± `nudge`, so "cheaper than the kettle" leaves the kettle out).
/// Returns the bound and the index after the words it took.
fn bound(
    words: &[String],
    used: &mut [bool],
    at: usize,
    phrases: &[&[&str]],
    relative: &[&[&str]],
    price_of: PriceOf<'_>,
    nudge: f64,
) -> Option<(f64, usize)> {
    let phrase = phrases
        .iter()
        .filter(|p| phrase_at(words, at, p))
        .max_by_key(|p| p.len())?;
    let after = at + phrase.len();
    let (value, n) = match amount_at(words, after) {
        Some(found) => found,
        None if relative.iter().any(|r| r == phrase) => {
            let (price, n) = price_of(&words[after..])?;
            ((price + nudge).max(0.0), n)
        }
        None => return None,
    };
    for u in used.iter_mut().skip(at).take(phrase.len() + n) {
        *u = true;
    }
    Some((value, after + n))
}

/// Nouns that are plural in form but name one thing ("the cheapest headphones").
const PLURAL_FORM_SINGULAR: &[&str] = &[
    "headphones",
    "earbuds",
    "earphones",
    "scissors",
    "binoculars",
];

/// Whether the subject of a superlative is one thing: "the cheapest lamp", "your best rated
/// product", "the priciest thing in the kitchen", "the cheapest" (no noun), not "the cheapest
/// lamps" or "top rated audio".
fn head_is_singular(words: &[String], used: &[bool]) -> bool {
    let free: Vec<&str> = words
        .iter()
        .zip(used)
        .filter(|(_, u)| !**u)
        .map(|(w, _)| w.as_str())
        .collect();
    const SINGULAR: &[&str] = &["product", "item", "thing", "one", "option", "deal", "gift"];
    const PLURAL: &[&str] = &[
        "products",
        "items",
        "things",
        "options",
        "ones",
        "stuff",
        "deals",
        "gear",
        "equipment",
        "accessories",
        "supplies",
        "essentials",
        "kit",
        "gifts",
    ];
    if free.iter().any(|w| SINGULAR.contains(w)) {
        return true;
    }
    if free.iter().any(|w| PLURAL.contains(w)) {
        return false;
    }
    #[rustfmt::skip]
    const FILLER: &[&str] = &[
        "a", "the", "your", "you", "me", "show", "what's", "whats", "what", "is", "are", "please",
        "got", "have", "do", "in", "of", "for", "i", "want", "need", "which", "sell", "carry",
    ];
    let head = free.iter().copied().rfind(|w| !FILLER.contains(w));
    match head {
        None => true,
        // A category is many products: "top rated audio".
        Some(w) if super::lexicon::category_named(&[w.to_string()], 0).is_some() => false,
        Some(w) if PLURAL_FORM_SINGULAR.contains(&w) => free.contains(&"the"),
        Some(w) => !w.ends_with('s') || w.ends_with("ss"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::{normalize, words};
    use super::*;

    fn read(text: &str) -> (Constraints, Vec<String>) {
        let w = words(&normalize(text));
        let mut used = vec![false; w.len()];
        let kettle = |ws: &[String]| {
            let skip = usize::from(ws.first().is_some_and(|w| w == "the"));
            (ws.get(skip).map(String::as_str) == Some("kettle")).then_some((49.0, skip + 1))
        };
        let c = parse(&w, &mut used, &kettle);
        let rest = w
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(w, _)| w.clone())
            .collect();
        (c, rest)
    }

    fn price(min: Option<f64>, max: Option<f64>) -> Filters {
        Filters {
            min_price: min,
            max_price: max,
            in_stock: false,
        }
    }

    #[test]
    fn price_ranges() {
        let (c, rest) = read("show me something under $50");
        assert_eq!(c.filters, price(None, Some(50.0)));
        assert_eq!(rest, ["show", "me", "something"]);
        assert_eq!(
            read("between 20 and 40 dollars").0.filters,
            price(Some(20.0), Some(40.0))
        );
        assert_eq!(
            read("lamps from $40 to $80").0.filters,
            price(Some(40.0), Some(80.0))
        );
        assert_eq!(
            read("$20-$40 gifts").0.filters,
            price(Some(20.0), Some(40.0))
        );
        assert_eq!(
            read("anything over 100 bucks").0.filters,
            price(Some(100.0), None)
        );
        assert_eq!(
            read("kitchen stuff 30 dollars or less").0.filters,
            price(None, Some(30.0))
        );
        assert_eq!(
            read("less than forty dollars").0.filters,
            price(None, Some(40.0))
        );
        assert_eq!(
            read("around $100").0.filters,
            price(Some(80.0), Some(120.0))
        );
    }

    #[test]
    fn relative_to_a_product() {
        let (c, rest) = read("anything cheaper than the kettle?");
        assert_eq!(c.filters, price(None, Some(48.99)));
        assert_eq!(rest, ["anything"]);
        assert_eq!(
            read("more expensive than the kettle").0.filters,
            price(Some(49.01), None)
        );
        let (c, _) = read("cheaper than a unicorn");
        assert!(c.filters.is_empty(), "an unknown product sets no bound");
    }

    #[test]
    fn orders_stock_and_counts() {
        let (c, rest) = read("cheapest headphones");
        assert_eq!((c.sort, c.single), (SortOrder::PriceAsc, false));
        assert_eq!(rest, ["headphones"]);
        let (c, _) = read("what's your best rated product?");
        assert_eq!((c.sort, c.single), (SortOrder::RatingDesc, true));
        let (c, _) = read("the most expensive lamp");
        assert_eq!((c.sort, c.single), (SortOrder::PriceDesc, true));
        let (c, rest) = read("in stock only");
        assert!(c.filters.in_stock);
        assert_eq!(rest, ["only"]);
        let (c, rest) = read("three lamps");
        assert_eq!((c.limit, c.single), (Some(3), false));
        assert_eq!(rest, ["lamps"]);
        assert_eq!(read("top 5 products").0.limit, Some(5));
        assert!(read("the cheapest one").0.single);
        assert!(read("show me lamps").0.is_empty());
    }
}
