//! Salient terms of an article, for story clustering.

use std::collections::BTreeMap;

/// Words too common in news to say what a story is about.
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "among",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "can",
    "could",
    "did",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "into",
    "its",
    "itself",
    "just",
    "last",
    "like",
    "made",
    "make",
    "many",
    "may",
    "more",
    "most",
    "much",
    "must",
    "not",
    "now",
    "off",
    "once",
    "one",
    "only",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "since",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "told",
    "too",
    "two",
    "under",
    "until",
    "upon",
    "very",
    "was",
    "way",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "new",
    "first",
    "time",
    "week",
    "day",
    "days",
    "three",
    "according",
    "including",
    "who's",
    "it's",
    "don't",
    "can't",
    "won't",
    "didn't",
    "isn't",
    "wasn't",
    "the",
    "mr",
    "mrs",
    "ms",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "people",
    "news",
    "report",
    "reported",
    "reports",
    "back",
    "going",
    "know",
    "take",
    "took",
    "come",
    "came",
    "see",
    "seen",
    "want",
    "use",
    "used",
    "way",
    "make",
    "good",
    "part",
    "set",
    "put",
    "next",
    "early",
    "later",
    "say",
    "think",
    "http",
    "https",
    "www",
    "com",
];

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Fold a lowercased word: possessives and common plural endings ("floods" → "flood",
/// "ferries" → "ferry").
pub fn fold(word: &str) -> String {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word);
    if word.len() > 4 {
        if let Some(stem) = word.strip_suffix("ies") {
            return format!("{stem}y");
        }
        if word.ends_with('s')
            && !word.ends_with("ss")
            && !word.ends_with("us")
            && !word.ends_with("is")
        {
            return word[..word.len() - 1].to_string();
        }
    }
    word.to_string()
}

/// The words of a text worth counting: lowercased, folded, at least three letters, not stop
/// words, not numbers.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '\u{2019}'))
        .filter(|w| w.chars().count() >= 3 && w.chars().any(char::is_alphabetic))
        .filter_map(|w| {
            let lower = w.to_lowercase();
            if is_stop_word(&lower) {
                return None;
            }
            let folded = fold(&lower);
            (!is_stop_word(&folded)).then_some(folded)
        })
}

/// An article's term counts: its text's words, its title's words counted twice, and its
/// entities as `e:KEY` terms counted once per mention (`entities` is `(key, mentions)`).
pub fn article_terms(
    title: Option<&str>,
    text: &str,
    entities: &[(String, usize)],
) -> BTreeMap<String, f32> {
    let mut counts: BTreeMap<String, f32> = BTreeMap::new();
    for word in words(text) {
        *counts.entry(word).or_insert(0.0) += 1.0;
    }
    if let Some(title) = title {
        for word in words(title) {
            *counts.entry(word).or_insert(0.0) += 2.0;
        }
    }
    for (key, mentions) in entities {
        if !key.is_empty() {
            *counts.entry(format!("e:{key}")).or_insert(0.0) += (*mentions).max(1) as f32;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_filtered() {
        let got: Vec<String> =
            words("The floods' ferries: 2026 cancelled, Dover's roads.").collect();
        assert_eq!(got, vec!["flood", "ferry", "cancelled", "dover", "road"]);
    }

    #[test]
    fn titles_and_entities_weigh_more() {
        let terms = article_terms(
            Some("Floods"),
            "Floods in Dover.",
            &[("dover".to_string(), 2)],
        );
        assert_eq!(terms.get("flood"), Some(&3.0));
        assert_eq!(terms.get("dover"), Some(&1.0));
        assert_eq!(terms.get("e:dover"), Some(&2.0));
    }
}
