//! The article: one news report as it came in, with its metadata.

use serde::{Deserialize, Serialize};

use crate::Span;

/// Where an article came from: the input (file path, `-` for standard input, URL) and,
/// for line-oriented inputs, the 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub input: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl Origin {
    pub fn new(input: impl Into<String>, line: Option<u64>) -> Self {
        Origin {
            input: input.into(),
            line,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.input, line),
            None => f.write_str(&self.input),
        }
    }
}

/// One news report. `text` is kept exactly as read (after decoding to UTF-8); every span in
/// the analysis points into it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Content-derived identifier: see [`article_id`].
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet or agency that published it ("Reuters", "bbc.co.uk").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Publication date or date-time as ISO 8601 (`2026-03-14` or `2026-03-14T09:30:00Z`),
    /// as given by the input when it could not be normalised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// BCP 47 language tag (`en`), when declared by the input or identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Authors one by one, when the input names them separately (HTML metadata, feeds);
    /// `byline` keeps the credit line as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Last modification date or date-time (ISO 8601), when the page says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// The page's canonical URL (`<link rel="canonical">`, `og:url`) when it differs from or
    /// stands in for `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// The site's own name (`og:site_name`, JSON-LD publisher).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The page's summary (`description`, `og:description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the page was fetched or archived (ISO 8601 date-time): a WARC record's date, a
    /// fetch's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured: Option<String>,
    /// Paragraphs of `text` as byte spans, in order, when the input had paragraph structure
    /// (HTML blocks, blank-line separated text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Span>,
    /// Set when this article repeats one seen earlier in the same run or store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<DuplicateLink>,
    /// Problems met while reading the input that did not stop it (a wrong declared charset,
    /// likely mojibake, a date taken from the URL only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

/// A link from a duplicate to the article it repeats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateLink {
    /// The id of the original: the first article seen with this content.
    pub id: String,
    /// `exact` (same normalised text) or `near` (shingle similarity over the threshold).
    pub kind: DuplicateKind,
    /// Estimated Jaccard similarity of the two texts' word shingles, 0–1 (1 for `exact`).
    pub similarity: f32,
}

/// How a duplicate was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKind {
    Exact,
    Near,
}

impl Article {
    /// An article with only a text; the id is derived from it.
    pub fn from_text(text: impl Into<String>) -> Self {
        let text = text.into();
        let id = article_id(&text, None);
        Article {
            id,
            text,
            ..Article::default()
        }
    }

    /// Recompute `id` from the current text and URL (call after setting `url`).
    pub fn refresh_id(&mut self) {
        self.id = article_id(&self.text, self.url.as_deref());
    }
}

/// The article identifier: the first 128 bits of BLAKE3 over the text with whitespace runs
/// collapsed to one space and trimmed, then the URL when known, as 32 lowercase hex digits.
///
/// Re-reading the same report (re-wrapped lines, trailing newline, CRLF) gives the same id,
/// so ingestion is idempotent; the same text under two URLs gives two ids, linked later as
/// duplicates.
pub fn article_id(text: &str, url: Option<&str>) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut wrote_any = false;
    for piece in text.split(char::is_whitespace).filter(|p| !p.is_empty()) {
        // Every gap between two words is one space, however wide it was.
        if wrote_any {
            hasher.update(b" ");
        }
        hasher.update(piece.as_bytes());
        wrote_any = true;
    }
    if let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) {
        hasher.update(b"\x00url\x00");
        hasher.update(url.as_bytes());
    }
    let hash = hasher.finalize();
    let mut hex = String::with_capacity(32);
    for byte in &hash.as_bytes()[..16] {
        use std::fmt::Write;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_ignores_whitespace_layout() {
        let a = article_id("The  junta\r\nsought help.\n", None);
        let b = article_id("The junta sought help.", None);
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn id_depends_on_words_and_url() {
        let base = article_id("The junta sought help.", None);
        assert_ne!(base, article_id("The junta sought aid.", None));
        assert_ne!(
            base,
            article_id("The junta sought help.", Some("https://example.org/a"))
        );
        assert_ne!(base, article_id("Thejunta sought help.", None));
    }

    #[test]
    fn origin_display_names_file_and_line() {
        assert_eq!(
            Origin::new("in/a.jsonl", Some(3)).to_string(),
            "in/a.jsonl:3"
        );
        assert_eq!(Origin::new("-", None).to_string(), "-");
    }
}
