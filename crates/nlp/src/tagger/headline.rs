//! Headline casing: "Flynn Says Trump Is Absolutely Right About Russia Sanctions".
//!
//! Many outlets capitalise every major word of a headline. There the capitals mark the style,
//! not names, and a tagger trained on running text reads "Says" and "Sanctions" as proper
//! nouns, and a recogniser reads the whole headline as one name. A sentence is taken to be in headline casing when nearly all of its words after the
//! first start with a capital and at least one in four of them is a word that running text
//! almost never capitalises; each capitalised word that running text rarely capitalises is then
//! lowercased for the models (tagger, parser, recogniser) to read ("Flynn says Trump is absolutely right about Russia
//! sanctions"). How often running text capitalises a word is the lexicon's case profile,
//! learned from unlabelled text; words it does not know are left as they are (they are most
//! likely names).

use super::lexicon::NO_CASE_PROFILE;
use super::Tagger;
use crate::shape::{lowercase_into, normalize_into};

/// Fewest words with letters, after the first, for a sentence to count as a headline.
const MIN_WORDS: usize = 3;

/// Capitalisation shares of the case profile (buckets of the share of capitalised
/// occurrences inside sentences): 0 is under 5%, 1 under 30%.
const NEVER_CAPITALISED: u8 = 0;
const RARELY_CAPITALISED: u8 = 1;

/// Frequency bucket of the case profile from which the share is trusted (5 occurrences).
const MIN_FREQUENCY: u8 = 1;

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Casing {
    /// No letters.
    None,
    /// "says".
    Lower,
    /// "Says": a capital, then only lowercase letters.
    Title,
    /// "NATO", "McCain", "iPhone": anything else.
    Other,
}

fn casing(word: &str) -> Casing {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Casing::None;
    };
    let mut rest_lower = true;
    let mut rest_upper = true;
    let mut rest_len = 0;
    for c in letters {
        rest_len += 1;
        rest_lower &= !c.is_uppercase();
        rest_upper &= !c.is_lowercase();
    }
    match (first.is_uppercase(), rest_lower, rest_upper) {
        (false, true, _) => Casing::Lower,
        (true, true, _) if rest_len > 0 => Casing::Title,
        (true, _, true) if rest_len == 0 => Casing::Title,
        _ => Casing::Other,
    }
}

impl Tagger {
    /// How often running text capitalises `word` (a share bucket, 0 = under 5% … 4 = over
    /// 95%), when the lexicon has seen it often enough to say.
    fn capitalisation_share(
        &self,
        word: &str,
        norm: &mut String,
        lower: &mut String,
    ) -> Option<u8> {
        norm.clear();
        normalize_into(word, norm);
        lower.clear();
        lowercase_into(norm, lower);
        let profile = self.lexicon.lookup(norm, lower).case_profile;
        (profile != NO_CASE_PROFILE && profile % 3 >= MIN_FREQUENCY).then_some(profile / 3)
    }

    /// For a sentence in headline casing, the positions of its words to lowercase before
    /// tagging and parsing, with their lowercased forms; empty for any other sentence.
    pub fn headline_recasing(&self, words: &[&str]) -> Vec<(usize, String)> {
        let mut recased = Vec::new();
        let casings: Vec<Casing> = words.iter().map(|w| casing(w)).collect();
        let mut lettered = 0;
        let mut capitalised = 0;
        for &c in casings.iter().skip(1) {
            match c {
                Casing::None => {}
                Casing::Lower => lettered += 1,
                Casing::Title | Casing::Other => {
                    lettered += 1;
                    capitalised += 1;
                }
            }
        }
        // Nearly every word capitalised: at most one in five lowercase ("of", "a").
        if lettered < MIN_WORDS || capitalised * 5 < lettered * 4 {
            return recased;
        }
        let (mut norm, mut lower) = (String::new(), String::new());
        let mut never = 0;
        for (i, (word, &c)) in words.iter().zip(&casings).enumerate().skip(1) {
            if c != Casing::Title {
                continue;
            }
            let Some(share) = self.capitalisation_share(word, &mut norm, &mut lower) else {
                continue;
            };
            if share <= RARELY_CAPITALISED {
                never += usize::from(share == NEVER_CAPITALISED);
                recased.push((i, word.to_lowercase()));
            }
        }
        // The style shows in the small words ("Says", "To", "About"): at least one in four
        // capitalised words is one that running text never capitalises. A list of names
        // where one name is also a word ("Grass", "Spark") is not a headline.
        if never == 0 || never * 4 < capitalised {
            recased.clear();
        }
        recased
    }
}

#[cfg(test)]
mod tests {
    use super::{casing, Casing};

    #[test]
    fn casing_tells_title_words_from_acronyms_and_inner_capitals() {
        assert_eq!(casing("Says"), Casing::Title);
        assert_eq!(casing("A"), Casing::Title);
        assert_eq!(casing("Al-Shabab"), Casing::Other);
        assert_eq!(casing("says"), Casing::Lower);
        assert_eq!(casing("NATO"), Casing::Other);
        assert_eq!(casing("McCain"), Casing::Other);
        assert_eq!(casing("iPhone"), Casing::Other);
        assert_eq!(casing("1990"), Casing::None);
        assert_eq!(casing("—"), Casing::None);
        assert_eq!(casing("Ébola"), Casing::Title);
    }
}
