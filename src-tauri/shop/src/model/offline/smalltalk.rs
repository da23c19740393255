//! Small talk: greetings, thanks, goodbyes, "how are you", "what can you do", yes and no.
//!
//! A shopper who says "thanks!" should hear "You're welcome", not the help text; one who says
//! "hi, show me lamps" should get the lamps. So a message that is only small talk is answered
//! briefly ([`SmallTalk`]), and a greeting or thanks in front of a request is stripped
//! ([`strip_opening`]) before the request is read.

/// A message that is only small talk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    Greeting,
    Thanks,
    Goodbye,
    HowAreYou,
    /// "what can you do?", "help", "who are you?"
    Help,
    /// "yes", "sure", "go ahead"
    Yes,
    /// "no", "never mind", "cancel"
    No,
}

#[rustfmt::skip]
const GREETINGS: &[&str] = &[
    "hi", "hello", "hey", "hiya", "howdy", "yo", "heya", "hey there", "hi there", "hello there",
    "good morning", "good afternoon", "good evening", "greetings", "morning", "evening",
];
#[rustfmt::skip]
const THANKS: &[&str] = &[
    "thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "thank you so much",
    "thanks so much", "many thanks", "much appreciated", "thanks a bunch", "great thanks",
    "perfect thanks", "awesome thanks", "cool thanks", "ok thanks", "okay thanks",
    "thank you very much", "appreciate it", "nice", "great", "perfect", "awesome", "cool",
    "lovely", "that's great", "thats great", "wonderful", "brilliant",
];
#[rustfmt::skip]
const GOODBYES: &[&str] = &[
    "bye", "goodbye", "good bye", "bye bye", "see you", "see ya", "see you later", "later",
    "that's all", "thats all", "that's all for now", "i'm done", "im done", "good night",
    "take care", "bye for now", "that is all",
];
#[rustfmt::skip]
const HOW_ARE_YOU: &[&str] = &[
    "how are you", "how are you doing", "how's it going", "hows it going", "how do you do",
    "what's up", "whats up", "sup",
];
#[rustfmt::skip]
const HELP: &[&str] = &[
    "help", "what can you do", "what do you do", "who are you", "what are you",
    "how does this work", "how do i use this", "what can i ask", "what can i ask you",
    "what can you help with", "what can you help me with", "how can you help", "options",
    "commands", "menu", "can you help me", "help me", "i need help", "what is this",
];
#[rustfmt::skip]
const YES: &[&str] = &[
    "yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "please do", "do it", "go ahead",
    "yes please", "confirm", "correct", "absolutely", "of course", "yes do it", "sure thing",
    "yes empty it", "yes clear it", "affirmative", "definitely",
];
#[rustfmt::skip]
const NO: &[&str] = &[
    "no", "n", "nope", "nah", "cancel", "never mind", "nevermind", "don't", "dont", "no thanks",
    "no thank you", "stop", "keep it", "not now", "no don't", "no dont", "leave it",
];

/// Words after which small talk may go on without changing its meaning.
#[rustfmt::skip]
const TRAILING: &[&str] = &[
    "so much", "a lot", "again", "shopdesk", "assistant", "friend", "buddy", "mate",
];

/// The small talk `norm` (a normalized message) is, if it is only that.
pub fn small_talk(norm: &str) -> Option<SmallTalk> {
    let mut text: String = norm
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == ' ' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for lead in [
        "ok ", "okay ", "alright ", "well ", "oh ", "great ", "cool ",
    ] {
        if let Some(rest) = text.strip_prefix(lead) {
            if small_talk(rest).is_some() {
                text = rest.to_string();
            }
        }
    }
    for t in TRAILING {
        if let Some(rest) = text.strip_suffix(&format!(" {t}")) {
            text = rest.to_string();
        }
    }
    let is = |list: &[&str]| list.contains(&text.as_str());
    [
        (HELP, SmallTalk::Help),
        (YES, SmallTalk::Yes),
        (NO, SmallTalk::No),
        (GREETINGS, SmallTalk::Greeting),
        (THANKS, SmallTalk::Thanks),
        (GOODBYES, SmallTalk::Goodbye),
        (HOW_ARE_YOU, SmallTalk::HowAreYou),
    ]
    .into_iter()
    .find(|(list, _)| is(list))
    .map(|(_, kind)| kind)
    .or_else(|| {
        // "hi, what can you do", "hello! how are you", "thanks, bye"
        let (opening, rest) = split_opening(&text)?;
        if rest.is_empty() {
            Some(opening)
        } else {
            small_talk(rest)
        }
    })
}

/// The greeting or thanks a message opens with, and the rest.
fn split_opening(text: &str) -> Option<(SmallTalk, &str)> {
    let mut best: Option<(SmallTalk, &str)> = None;
    for (list, kind) in [
        (GREETINGS, SmallTalk::Greeting),
        (THANKS, SmallTalk::Thanks),
    ] {
        for phrase in list.iter() {
            if let Some(rest) = text.strip_prefix(phrase) {
                if rest.is_empty() || rest.starts_with(' ') {
                    let rest = rest.trim_start();
                    if best.is_none_or(|(_, r)| rest.len() < r.len()) {
                        best = Some((kind, rest));
                    }
                }
            }
        }
    }
    best
}

/// `norm` without a greeting or thanks in front ("hi, show me lamps" → "show me lamps").
pub fn strip_opening(norm: &str) -> &str {
    let mut best = norm;
    for phrase in GREETINGS.iter().chain(THANKS) {
        if let Some(rest) = norm.strip_prefix(phrase) {
            if rest.starts_with([' ', ',', '!', '.']) {
                let rest = rest.trim_start_matches([' ', ',', '!', '.', '-']);
                if rest.len() < best.len() {
                    best = rest;
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_small_talk_is_small_talk() {
        assert_eq!(small_talk("thanks"), Some(SmallTalk::Thanks));
        assert_eq!(small_talk("thank you so much"), Some(SmallTalk::Thanks));
        assert_eq!(small_talk("hello"), Some(SmallTalk::Greeting));
        assert_eq!(small_talk("hey, what can you do"), Some(SmallTalk::Help));
        assert_eq!(small_talk("what can you do"), Some(SmallTalk::Help));
        assert_eq!(small_talk("bye"), Some(SmallTalk::Goodbye));
        assert_eq!(small_talk("ok bye"), Some(SmallTalk::Goodbye));
        assert_eq!(small_talk("how are you"), Some(SmallTalk::HowAreYou));
        assert_eq!(small_talk("yes please"), Some(SmallTalk::Yes));
        assert_eq!(small_talk("nope"), Some(SmallTalk::No));
        assert_eq!(small_talk("hi, show me lamps"), None);
        assert_eq!(small_talk("thanks, now the kettle"), None);
    }

    #[test]
    fn openings_are_stripped() {
        assert_eq!(strip_opening("hi, show me lamps"), "show me lamps");
        assert_eq!(strip_opening("thanks! now the kettle"), "now the kettle");
        assert_eq!(strip_opening("hiking backpack"), "hiking backpack");
    }
}
