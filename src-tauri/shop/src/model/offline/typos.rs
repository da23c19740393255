//! Typo matching: a shopper's word within one edit of a catalog word is read as that word.
//!
//! "keybaord", "hedphones", "lantren": people type fast. The rule is narrow so it never turns
//! an ordinary word into a product: the optimal-string-alignment form of the
//! Damerau–Levenshtein distance (one insertion, deletion, substitution or swap of two
//! neighbours), only for words of at least [`MIN_TYPO_LEN`] letters, never for a common English
//! word ([`super::lexicon::is_common_word`]) or a word that is already known, and only when
//! exactly one known word is that close (otherwise the word is left alone).

use std::collections::BTreeSet;

/// Shorter words are never corrected (too many neighbours: "mug" ~ "mud", "bag" ~ "big").
pub const MIN_TYPO_LEN: usize = 4;

/// Longer words are never corrected: no catalog word comes close to this length, and a
/// message may be megabytes long — comparing such a "word" with every known word would hold
/// the thread that answers for seconds.
pub const MAX_TYPO_LEN: usize = 40;

/// Whether `a` and `b` are at most one edit apart (OSA Damerau–Levenshtein ≤ 1).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if la == lb {
        // One substitution, or one swap of neighbours.
        let rest_equal = |from: usize| a[from..] == b[from..];
        rest_equal(prefix + 1)
            || (prefix + 1 < la
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && rest_equal(prefix + 2))
    } else {
        // One insertion / deletion: the longer without its char at `prefix` is the shorter.
        let (long, short) = if la > lb { (&a, &b) } else { (&b, &a) };
        long[prefix + 1..] == short[prefix..]
    }
}

/// The one known word `word` is a typo of, if the rule above allows a correction.
pub fn correct<'v>(word: &str, known: &'v BTreeSet<String>) -> Option<&'v str> {
    // Bytes bound chars from above: a word this long in bytes is checked no further.
    if word.len() > 4 * MAX_TYPO_LEN || word.chars().count() > MAX_TYPO_LEN {
        return None;
    }
    if word.chars().count() < MIN_TYPO_LEN
        || known.contains(word)
        || super::lexicon::is_common_word(word)
        || !word.chars().all(char::is_alphabetic)
    {
        return None;
    }
    let mut close = known
        .iter()
        .filter(|k| k.chars().count() >= MIN_TYPO_LEN && within_one_edit(word, k));
    let first = close.next()?;
    // A word as close to two known words is ambiguous: leave it.
    close.next().is_none().then_some(first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_of_each_kind() {
        assert!(within_one_edit("keyboard", "keyboard"));
        assert!(within_one_edit("keybaord", "keyboard"), "swap");
        assert!(within_one_edit("hedphones", "headphones"), "deletion");
        assert!(within_one_edit("lampp", "lamp"), "insertion");
        assert!(within_one_edit("kettel", "kettle"), "swap at the end");
        assert!(within_one_edit("kettke", "kettle"), "substitution");
        assert!(
            within_one_edit("keyborad", "keyboard"),
            "swap in the middle"
        );
        assert!(!within_one_edit("kyebaord", "keyboard"), "two swaps");
        assert!(!within_one_edit("ketle", "kettles"), "two edits");
        assert!(!within_one_edit("lantern", "lamp"));
        assert!(!within_one_edit("abcd", "badc"), "two swaps");
    }

    #[test]
    fn corrections_are_narrow() {
        let known: BTreeSet<String> = ["keyboard", "lamp", "lantern", "kettle", "mug", "wand"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(correct("keybaord", &known), Some("keyboard"));
        assert_eq!(correct("lantren", &known), Some("lantern"));
        assert_eq!(correct("keyboard", &known), None, "already known");
        assert_eq!(correct("mgu", &known), None, "too short");
        assert_eq!(
            correct("want", &known),
            None,
            "a common word is never a typo"
        );
        assert_eq!(correct("zebra", &known), None, "nothing close");
        let twins: BTreeSet<String> = ["lamp", "lump"].into_iter().map(String::from).collect();
        assert_eq!(correct("lamp", &twins), None);
        assert_eq!(
            correct("limp", &twins),
            None,
            "ambiguous between lamp and lump"
        );
        let long = "x".repeat(MAX_TYPO_LEN);
        let near: BTreeSet<String> = [format!("{long}y")].into_iter().collect();
        assert_eq!(
            correct(&format!("{long}z"), &near),
            None,
            "too long to be a typo"
        );
    }
}
