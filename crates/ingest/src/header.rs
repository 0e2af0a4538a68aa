//! The optional metadata header of a plain-text article.
//!
//! ```text
//! Title: Floods close the coast road
//! Date: 14 March 2026
//! Source: Example Gazette
//! URL: https://example.org/floods
//!
//! The body starts here…
//! ```
//!
//! Header lines are `Key: value` with a known key (case-insensitive, spaces allowed before
//! the colon): `Title`, `Date` or `Published`, `Source`, `URL` or `Link`, `Byline` or
//! `Author`, `Language` or `Lang`. Blank lines before the header are allowed. The header ends
//! at the first line that is not such a line; blank lines after it are consumed, and the body
//! is everything from there on, byte for byte. A key given twice keeps its first value; an
//! empty value counts as absent. Without a header the text is not touched at all.

use crate::date::normalize_date;

/// Metadata read from a text header.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct TextHeader {
    pub title: Option<String>,
    /// Normalised with [`normalize_date`].
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderKey {
    Title,
    Date,
    Source,
    Url,
    Byline,
    Language,
}

impl HeaderKey {
    fn parse(key: &str) -> Option<HeaderKey> {
        const KEYS: [(&str, HeaderKey); 10] = [
            ("title", HeaderKey::Title),
            ("date", HeaderKey::Date),
            ("published", HeaderKey::Date),
            ("source", HeaderKey::Source),
            ("url", HeaderKey::Url),
            ("link", HeaderKey::Url),
            ("byline", HeaderKey::Byline),
            ("author", HeaderKey::Byline),
            ("language", HeaderKey::Language),
            ("lang", HeaderKey::Language),
        ];
        KEYS.iter()
            .find(|(name, _)| key.eq_ignore_ascii_case(name))
            .map(|&(_, header_key)| header_key)
    }
}

/// A header line split into its key and trimmed value, if it is one.
fn header_line(line: &str) -> Option<(HeaderKey, &str)> {
    let (key, value) = line.split_once(':')?;
    if key.starts_with(char::is_whitespace) {
        return None;
    }
    Some((HeaderKey::parse(key.trim_end())?, value.trim()))
}

/// Lines of `text` with their start offsets; each line without its `\n` / `\r\n`.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        (start, line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Read the header at the start of `text`: the metadata and the byte offset where the body
/// starts (0 when there is no header).
pub(crate) fn split_header(text: &str) -> (TextHeader, usize) {
    let mut header = TextHeader::default();
    let mut seen_header_line = false;
    for (start, line) in lines_with_offsets(text) {
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = header_line(line) else {
            return if seen_header_line {
                (header, start)
            } else {
                (TextHeader::default(), 0)
            };
        };
        seen_header_line = true;
        let value = (!value.is_empty()).then(|| value.to_string());
        let slot = match key {
            HeaderKey::Title => &mut header.title,
            HeaderKey::Date => &mut header.published,
            HeaderKey::Source => &mut header.source,
            HeaderKey::Url => &mut header.url,
            HeaderKey::Byline => &mut header.byline,
            HeaderKey::Language => &mut header.language,
        };
        if slot.is_none() {
            *slot = match key {
                HeaderKey::Date => value.as_deref().map(normalize_date),
                _ => value,
            };
        }
    }
    // Only header lines and blank lines: no body.
    if seen_header_line {
        (header, text.len())
    } else {
        (TextHeader::default(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_header_then_body() {
        let text = "Title: Floods close the coast road\nDATE: 14 March 2026\nsource : Example Gazette\nURL: https://example.org/a?b=c:d\nAuthor: A. Writer\nLang: en\n\n\nFirst line.\n\nSecond  paragraph.\n";
        let (header, body_start) = split_header(text);
        assert_eq!(header.title.as_deref(), Some("Floods close the coast road"));
        assert_eq!(header.published.as_deref(), Some("2026-03-14"));
        assert_eq!(header.source.as_deref(), Some("Example Gazette"));
        assert_eq!(header.url.as_deref(), Some("https://example.org/a?b=c:d"));
        assert_eq!(header.byline.as_deref(), Some("A. Writer"));
        assert_eq!(header.language.as_deref(), Some("en"));
        assert_eq!(&text[body_start..], "First line.\n\nSecond  paragraph.\n");
    }

    #[test]
    fn crlf_header() {
        let text = "Title: A\r\nDate: someday\r\n\r\nBody\r\n";
        let (header, body_start) = split_header(text);
        assert_eq!(header.title.as_deref(), Some("A"));
        assert_eq!(header.published.as_deref(), Some("someday"));
        assert_eq!(&text[body_start..], "Body\r\n");
    }

    #[test]
    fn header_ends_at_first_other_line_without_blank() {
        let text = "Title: A\nThe body: it starts here.\nTitle: not header\n";
        let (header, body_start) = split_header(text);
        assert_eq!(header.title.as_deref(), Some("A"));
        assert_eq!(
            &text[body_start..],
            "The body: it starts here.\nTitle: not header\n"
        );
    }

    #[test]
    fn no_header_leaves_text_untouched() {
        for text in [
            "\n\nHeadline on the first line\n\nBody.",
            "Mayor says: no comment\nBody.",
            "  Title: indented is not a header\n",
        ] {
            assert_eq!(split_header(text), (TextHeader::default(), 0), "{text:?}");
        }
    }

    #[test]
    fn leading_blank_lines_before_header_and_first_value_wins() {
        let text = "\n \nTitle: First\nTitle: Second\nSource:\n\nBody";
        let (header, body_start) = split_header(text);
        assert_eq!(header.title.as_deref(), Some("First"));
        assert_eq!(header.source, None);
        assert_eq!(&text[body_start..], "Body");
    }

    #[test]
    fn header_only_has_empty_body() {
        let text = "Title: A\nDate: 2026-03-14\n\n";
        let (header, body_start) = split_header(text);
        assert_eq!(header.title.as_deref(), Some("A"));
        assert_eq!(body_start, text.len());
    }
}
