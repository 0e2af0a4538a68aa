//! Language identification (whatlang, 70 languages) for articles that do not declare one.
//!
//! * A text of fewer than [`MIN_WORDS`] words gets no guess: too little to tell.
//! * Only the first [`SAMPLE_BYTES`] bytes are looked at (news articles keep to one
//!   language; it bounds the cost on long pages).
//! * A guess is used only when whatlang calls it reliable.
//! * Languages are written as ISO 639-1 codes (`en`, `fr`) where one exists, else ISO 639-3
//!   (both are valid BCP 47 primary tags).
//! * A declared language is kept; when a reliable guess disagrees with its primary subtag, a
//!   notice says so (`declared language fr, but the text reads as en (confidence 0.97)`).

use newsgraph_core::Article;

/// Fewer words than this: no guess.
pub const MIN_WORDS: usize = 12;
/// Bytes of text sampled.
pub const SAMPLE_BYTES: usize = 4096;

/// A reliable guess at a text's language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LanguageGuess {
    /// ISO 639-1 code where one exists, else ISO 639-3.
    pub code: &'static str,
    /// whatlang's confidence, 0–1.
    pub confidence: f64,
}

/// The language of `text`, when it is long enough and the guess is reliable.
pub fn identify(text: &str) -> Option<LanguageGuess> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().take(MIN_WORDS).count() < MIN_WORDS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    Some(LanguageGuess {
        code: short_code(info.lang().code()),
        confidence: info.confidence(),
    })
}

/// Set `article.language` when absent and identifiable; note a confident disagreement with a
/// declared language in `article.notices`.
pub fn identify_language(article: &mut Article) {
    let Some(guess) = identify(&article.text) else {
        return;
    };
    match &article.language {
        None => article.language = Some(guess.code.to_string()),
        Some(declared) => {
            let primary = declared
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let same = primary == guess.code || long_code(&primary) == Some(guess.code);
            if !primary.is_empty() && !same {
                article.notices.push(format!(
                    "declared language {declared}, but the text reads as {} (confidence {:.2})",
                    guess.code, guess.confidence
                ));
            }
        }
    }
}

/// ISO 639-3 (whatlang's codes) → ISO 639-1 where one exists.
const CODES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

fn short_code(code: &'static str) -> &'static str {
    CODES
        .iter()
        .find(|(long, _)| *long == code)
        .map_or(code, |(_, short)| short)
}

fn long_code(code: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(long, _)| *long == code)
        .map(|(_, short)| *short)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "The government announced on Tuesday that the coast road would stay \
        closed for another week while engineers inspect the damage caused by the floods.";
    const FRENCH: &str = "Le gouvernement a annoncé mardi que la route côtière resterait fermée \
        pendant une semaine encore, le temps que les ingénieurs inspectent les dégâts des \
        inondations.";

    #[test]
    fn identifies_long_enough_texts() {
        assert_eq!(identify(ENGLISH).map(|g| g.code), Some("en"));
        assert_eq!(identify(FRENCH).map(|g| g.code), Some("fr"));
        assert_eq!(identify("Floods close the road."), None);
        assert_eq!(identify(""), None);
    }

    #[test]
    fn sets_absent_language_and_notes_mismatches() {
        let mut article = Article::from_text(FRENCH);
        identify_language(&mut article);
        assert_eq!(article.language.as_deref(), Some("fr"));
        assert!(article.notices.is_empty());

        let mut declared = Article::from_text(FRENCH);
        declared.language = Some("en-GB".to_string());
        identify_language(&mut declared);
        assert_eq!(declared.language.as_deref(), Some("en-GB"));
        assert_eq!(declared.notices.len(), 1);
        assert!(
            declared.notices[0].starts_with("declared language en-GB, but the text reads as fr")
        );

        let mut agreeing = Article::from_text(ENGLISH);
        agreeing.language = Some("eng".to_string());
        identify_language(&mut agreeing);
        assert!(agreeing.notices.is_empty());

        let mut short = Article::from_text("Le gouvernement a annoncé mardi.");
        short.language = Some("en".to_string());
        identify_language(&mut short);
        assert!(short.notices.is_empty());
    }

    #[test]
    fn codes_map_to_iso_639_1() {
        assert_eq!(short_code("eng"), "en");
        assert_eq!(short_code("cmn"), "zh");
        assert_eq!(short_code("xyz"), "xyz");
        // Multi-byte text cut at the sample boundary does not panic.
        let long = "é".repeat(SAMPLE_BYTES);
        let _ = identify(&long);
    }
}
