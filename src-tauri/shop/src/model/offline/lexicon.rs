//! The offline model's words: how a message is cut into words, which words carry no meaning,
//! which everyday words mean a catalog word, and the vocabulary read from the catalog itself.
//!
//! Everything the other rules look up lives here, so a word is classified in one place: a
//! [`STOP_WORDS`] filler ("please", "some"), a common English word never taken for a typo
//! ([`is_common_word`]), a shopper's synonym for a catalog word ([`synonym`]: "earphones" →
//! "earbuds"), a number ("three", "$40"), or a word of the catalog's [`Vocabulary`](super::vocabulary::Vocabulary) (names,
//! tags, descriptions, categories; read in [`super::vocabulary`]).

use crate::catalog::Category;

/// Lower-cases, folds curly quotes and trims the punctuation around the message.
pub fn normalize(text: &str) -> String {
    let lower = text.trim().to_lowercase().replace(['’', '‘'], "'");
    lower
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '\'' && c != '$')
        .trim()
        .to_string()
}

/// The words of a normalized message: letters, digits, `'`, and `$`/`.` inside amounts;
/// "20-40" becomes "20 to 40", "$40" stays one word.
pub fn words(norm: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(norm.len());
    let chars: Vec<char> = norm.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
        let digit_after = chars
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_digit() || *n == '$');
        match c {
            '-' if digit_before && digit_after => spaced.push_str(" to "),
            '.' if digit_before && chars.get(i + 1).is_some_and(char::is_ascii_digit) => {
                spaced.push('.')
            }
            c if c.is_alphanumeric() || *c == '\'' || *c == '$' => spaced.push(*c),
            _ => spaced.push(' '),
        }
    }
    spaced
        .split_whitespace()
        .map(|w| w.trim_matches('\'').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words that carry no subject: articles, pronouns, politeness, shopping verbs.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "any", "anything", "are", "at", "be", "buy",
    "can", "could", "do", "does", "for", "from", "get", "give", "got", "have", "hello", "hey",
    "hi", "i", "i'd", "i'm", "im", "in", "is", "it", "items", "item", "just", "kind", "like",
    "looking", "make", "me", "might", "my", "need", "of", "on", "one", "ones", "options", "or",
    "please", "pls", "product", "products", "really", "search", "sell", "show", "some",
    "something", "stuff", "that", "the", "there", "these", "thing", "things", "this", "those",
    "to", "us", "want", "what", "what's", "whats", "which", "with", "would", "you", "your", "find",
    "list", "browse", "see", "let", "offer", "carry", "stock", "available", "have", "got", "sort",
    "sorted", "by", "only", "now", "today", "shop", "store", "catalog", "catalogue", "kinds",
    "sorts", "type", "types", "good", "nice", "great", "new", "maybe", "ok", "okay", "so", "um",
    "well", "we", "our", "there's", "theres", "tell", "more", "much", "many", "how", "price",
    "prices", "priced", "cost", "costs", "dollars", "dollar", "bucks", "usd", "cheap",
    "affordable", "inexpensive", "budget", "best", "top", "rated", "expensive", "pricey",
    "premium", "lowest", "highest", "cheapest", "priciest", "most", "least", "under", "over",
    "below", "above", "than", "between", "less", "around", "roughly", "max", "maximum", "min",
    "minimum", "least", "most", "up", "within", "no", "not", "else", "other", "others",
    "something's", "else's", "here", "where", "who", "thanks", "thank", "everything", "whole",
    "entire", "idea", "ideas", "recommend", "recommendation", "suggest", "suggestion", "into",
    "id", "gift", "gifts", "use", "using", "go", "that's", "thats", "it's", "there's", "here's",
    "who's", "gear", "equipment", "accessories", "accessory", "supplies", "essentials",
];

/// Common words that are never read as a typo of a catalog word ("want" is not "wand").
#[rustfmt::skip]
const COMMON_WORDS: &[&str] = &[
    "want", "need", "have", "show", "some", "what", "with", "that", "this", "they", "them", "then",
    "than", "there", "their", "where", "when", "which", "while", "would", "could", "should",
    "please", "thanks", "hello", "about", "again", "also", "best", "better", "cheap", "cheaper",
    "dear", "does", "done", "each", "else", "even", "ever", "from", "good", "great", "here",
    "just", "keep", "kind", "know", "like", "look", "made", "make", "many", "more", "most", "much",
    "must", "nice", "only", "over", "same", "says", "seen", "sell", "sure", "take", "tell",
    "thing", "think", "time", "very", "well", "were", "will", "wish", "your", "yours", "under",
    "below", "above", "items", "item", "price", "cost", "stock", "rated", "rating", "first",
    "second", "third", "last", "cart", "basket", "empty", "clear", "remove", "delete", "add",
    "into", "two", "three", "four", "five", "yes", "yeah", "nope", "okay", "other", "another",
    "these", "those", "everything", "anything", "something", "nothing", "cool", "awesome",
    "perfect", "lovely", "stop", "help", "start", "list", "find", "sort", "dollars", "bucks",
    "less", "least", "lowest", "highest", "cheapest", "want", "wants",
];

/// Whether `word` is a common word (see [`COMMON_WORDS`] and [`STOP_WORDS`]).
pub fn is_common_word(word: &str) -> bool {
    COMMON_WORDS.contains(&word) || STOP_WORDS.contains(&word)
}

/// Everyday words for what the catalog calls otherwise, each to the catalog's word.
pub const SYNONYMS: &[(&str, &str)] = &[
    ("earphones", "earbuds"),
    ("earphone", "earbuds"),
    ("airpods", "earbuds"),
    ("buds", "earbuds"),
    ("headset", "headphones"),
    ("headsets", "headphones"),
    ("cans", "headphones"),
    ("flashlight", "lantern"),
    ("torch", "lantern"),
    ("lanterns", "lantern"),
    ("cup", "mug"),
    ("cups", "mug"),
    ("rucksack", "backpack"),
    ("daypack", "backpack"),
    ("flask", "bottle"),
    ("thermos", "bottle"),
    ("espresso", "coffee"),
    ("brew", "coffee"),
    ("boombox", "speaker"),
    ("loudspeaker", "speaker"),
    ("mice", "mouse"),
    ("knives", "knife"),
    ("shelves", "shelf"),
    ("batteries", "battery"),
    ("typing", "keyboard"),
    ("lamps", "lamp"),
    ("lights", "light"),
    ("lighting", "light"),
    ("hike", "hiking"),
    ("hikes", "hiking"),
    ("camp", "camping"),
    ("campsite", "camping"),
];

/// The catalog word an everyday word stands for, if it is a known synonym.
pub fn synonym(word: &str) -> Option<&'static str> {
    SYNONYMS.iter().find(|(w, _)| *w == word).map(|(_, c)| *c)
}

/// Words that name a whole category, not an item ("kitchen", "audio", "office").
#[rustfmt::skip]
const BROAD_CATEGORY_WORDS: &[&str] = &[
    "audio", "sound", "kitchen", "kitchenware", "outdoor", "outdoors", "office", "workspace",
];

/// The category a word (or two adjacent words) names as a whole, if any: a category's slug
/// or label, or one of a few broad words ("kitchen", "office", "outdoors").
pub fn category_named(words: &[String], at: usize) -> Option<(Category, usize)> {
    if let Some(next) = words.get(at + 1) {
        let pair = format!("{} {next}", words[at]);
        if let Some(c) = Category::ALL
            .into_iter()
            .find(|c| c.label().eq_ignore_ascii_case(&pair) || c.slug() == pair.replace(' ', "_"))
        {
            return Some((c, 2));
        }
    }
    let word = words[at].as_str();
    let exact = Category::ALL
        .into_iter()
        .find(|c| c.slug() == word || c.label().eq_ignore_ascii_case(word));
    exact
        .or_else(|| {
            BROAD_CATEGORY_WORDS
                .contains(&word)
                .then(|| word.parse::<Category>().ok())
                .flatten()
        })
        .map(|c| (c, 1))
}

/// "one" … "twelve", "a couple", digits: a count or an amount.
pub fn number(word: &str) -> Option<f64> {
    const WORDS: &[(&str, f64)] = &[
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
        ("hundred", 100.0),
        ("couple", 2.0),
        ("pair", 2.0),
        ("few", 3.0),
    ];
    if let Some((_, n)) = WORDS.iter().find(|(w, _)| *w == word) {
        return Some(*n);
    }
    let digits = word.trim_start_matches('$').trim_end_matches('$');
    let digits = digits
        .strip_suffix('k')
        .map_or(digits.to_string(), |d| d.to_string());
    if digits.is_empty() || !digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Crude plural folding, the same the catalog search does ("lamps" → "lamp").
pub fn stem(word: &str) -> String {
    crate::catalog::search::terms(word)
        .into_iter()
        .next()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_amounts_and_split_ranges() {
        assert_eq!(words("under $49.99, please"), ["under", "$49.99", "please"]);
        assert_eq!(words("$20-$40"), ["$20", "to", "$40"]);
        assert_eq!(words("20-40 dollars"), ["20", "to", "40", "dollars"]);
        assert_eq!(words("what's in stock?"), ["what's", "in", "stock"]);
        assert_eq!(normalize("  Thanks!! "), "thanks");
    }

    #[test]
    fn numbers_in_words_and_digits() {
        assert_eq!(number("three"), Some(3.0));
        assert_eq!(number("$40"), Some(40.0));
        assert_eq!(number("49.99"), Some(49.99));
        assert_eq!(number("lamp"), None);
    }

    #[test]
    fn categories_by_name_not_by_item() {
        let w = |s: &str| words(s);
        assert_eq!(
            category_named(&w("home office"), 0),
            Some((Category::HomeOffice, 2))
        );
        assert_eq!(
            category_named(&w("kitchen"), 0),
            Some((Category::Kitchen, 1))
        );
        assert_eq!(
            category_named(&w("headphones"), 0),
            None,
            "an item, not a category"
        );
    }
}
