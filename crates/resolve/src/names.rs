//! Name normalisation: the keys under which entity names from different articles meet.

use newsgraph_core::EntityType;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Titles, ranks and honorifics dropped from the front of a person's name ("President Joe
/// Biden" and "Joe Biden" are one key).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "pm",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "lt",
    "lieutenant",
    "sgt",
    "sergeant",
    "major",
    "maj",
    "admiral",
    "adm",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "secretary",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "judge",
    "justice",
    "rev",
    "reverend",
    "father",
    "pope",
    "sheikh",
    "sheik",
    "mayor",
    "chairman",
    "chairwoman",
    "chief",
    "commander",
    "ambassador",
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "home",
    "health",
    "deputy",
    "former",
    "acting",
    "late",
    "coach",
    "manager",
    "director",
    "officer",
    "agent",
    "detective",
    "inspector",
    "superintendent",
    "chair",
    "ceo",
    "head",
    "leader",
    "mp",
    "mep",
    "st",
    "saint",
    "presidentelect",
];

/// Words dropped from organisation names ("The Walt Disney Company" ~ "Walt Disney Co").
const ORG_NOISE: &[&str] = &[
    "the",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "llc",
    "ag",
    "sa",
    "group",
    "holdings",
];

/// Lowercase, accents removed, punctuation dropped (apostrophes and dots vanish, hyphens and
/// other marks become spaces), a final possessive `'s` removed, whitespace collapsed:
/// "Côte d'Ivoire's" → "cote divoire".
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let trimmed = name
        .trim()
        .trim_end_matches("'s")
        .trim_end_matches("\u{2019}s")
        .trim_end_matches('\'');
    for c in trimmed.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '\u{2019}' | '.') {
            continue;
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The key of an entity name of a type: the normalised name, with titles dropped for people,
/// a leading "the" dropped for places and legal-form words dropped for organisations. Never
/// empty when the normalised name is not.
pub fn entity_key(name: &str, entity_type: EntityType) -> String {
    let norm = normalize(name);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    let kept: Vec<&str> = match entity_type {
        EntityType::Person => {
            let first_name = words
                .iter()
                .position(|w| !TITLES.contains(w))
                .unwrap_or(words.len().saturating_sub(1));
            words[first_name..].to_vec()
        }
        EntityType::Org => {
            let kept: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| !ORG_NOISE.contains(w))
                .collect();
            if kept.is_empty() {
                words.clone()
            } else {
                kept
            }
        }
        EntityType::Loc | EntityType::Misc => {
            if words.len() > 1 && words[0] == "the" {
                words[1..].to_vec()
            } else {
                words.clone()
            }
        }
    };
    kept.join(" ")
}

/// The surname of a person key with at least two words (its last word), else `None`.
pub fn surname(key: &str) -> Option<&str> {
    let mut words = key.rsplit(' ');
    let last = words.next()?;
    words.next().map(|_| last)
}

/// Whether a key is a single word.
pub fn is_single_word(key: &str) -> bool {
    !key.is_empty() && !key.contains(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_accents_and_punctuation() {
        assert_eq!(normalize("Côte d'Ivoire's"), "cote divoire");
        assert_eq!(normalize("  U.S.  "), "us");
        assert_eq!(normalize("Al-Bashir"), "al bashir");
        assert_eq!(normalize("Okafor\u{2019}s"), "okafor");
        assert_eq!(normalize("..."), "");
    }

    #[test]
    fn person_keys_drop_titles() {
        assert_eq!(
            entity_key("President Joe Biden", EntityType::Person),
            "joe biden"
        );
        assert_eq!(
            entity_key("Gen. Musa Okafor", EntityType::Person),
            "musa okafor"
        );
        // A bare title stays (it is all there is).
        assert_eq!(entity_key("President", EntityType::Person), "president");
        assert_eq!(surname("musa okafor"), Some("okafor"));
        assert_eq!(surname("okafor"), None);
    }

    #[test]
    fn org_and_place_keys_drop_noise_words() {
        assert_eq!(
            entity_key("The Walt Disney Company", EntityType::Org),
            "walt disney"
        );
        assert_eq!(
            entity_key("the Netherlands", EntityType::Loc),
            "netherlands"
        );
        assert_eq!(entity_key("The Group", EntityType::Org), "the group");
    }
}
