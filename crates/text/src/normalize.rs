//! Unicode normalisation that keeps a map back to the original byte offsets.
//!
//! [`normalize`] applies, in order:
//!
//! 1. NFKC (compatibility composition: `ﬁ` → `fi`, full-width forms → ASCII, `…` → `...`,
//!    `é` written as `e` + combining accent → `é`);
//! 2. curly and low quotes and primes → `'` and `"` (guillemets `«»` → `"`);
//! 3. Unicode dashes and the minus sign → `-`, em dash and horizontal bar → `--`;
//! 4. removal of invisible characters: soft hyphen, zero-width space, word joiner,
//!    byte-order mark, left-to-right and right-to-left marks;
//! 5. other whitespace (no-break space, en/em/thin spaces, ideographic space) → ` `, and the
//!    line and paragraph separators → `\n` and `\n\n`.
//!
//! ASCII text is returned as is, borrowed, without an offset map.
//!
//! Offsets map back with [`Normalized::to_original`] (for a start) and
//! [`Normalized::to_original_end`] (for an end); [`Normalized::span_to_original`] maps a span
//! to the smallest original span covering it. Each original character (with the combining
//! marks that follow it) is normalised on its own, so a normalised offset inside the
//! replacement of a character maps to that character's original bounds, and mapped offsets
//! always fall on original char boundaries.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::Span;

/// A normalised text and the way back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    /// `None` when the normalised text is the original.
    map: Option<OffsetMap>,
    original_len: usize,
}

/// Where normalisation changed the text: the replaced ranges, in order, with their original
/// ranges. Between two edits the texts are byte-for-byte equal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    edits: Vec<Edit>,
}

/// One replaced range: `normalized` in the output replaces `original` in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    normalized_start: usize,
    normalized_end: usize,
    original_start: usize,
    original_end: usize,
}

impl OffsetMap {
    /// Number of replaced ranges.
    pub fn edit_count(&self) -> usize {
        self.edits.len()
    }

    /// The original offset of the character at normalised `offset` (round down inside a
    /// replacement).
    pub fn to_original(&self, offset: usize) -> usize {
        let index = self.edits.partition_point(|e| e.normalized_start <= offset);
        let Some(edit) = index.checked_sub(1).map(|i| self.edits[i]) else {
            return offset;
        };
        if offset < edit.normalized_end {
            edit.original_start
        } else {
            edit.original_end + (offset - edit.normalized_end)
        }
    }

    /// The original offset just after the character that ends at normalised `offset` (round
    /// up inside a replacement).
    pub fn to_original_end(&self, offset: usize) -> usize {
        let index = self.edits.partition_point(|e| e.normalized_start < offset);
        let Some(edit) = index.checked_sub(1).map(|i| self.edits[i]) else {
            return offset;
        };
        if offset <= edit.normalized_end {
            edit.original_end
        } else {
            edit.original_end + (offset - edit.normalized_end)
        }
    }

    fn push(&mut self, edit: Edit) {
        if let Some(last) = self.edits.last_mut() {
            if last.normalized_end == edit.normalized_start
                && last.original_end == edit.original_start
            {
                last.normalized_end = edit.normalized_end;
                last.original_end = edit.original_end;
                return;
            }
        }
        self.edits.push(edit);
    }
}

impl<'a> Normalized<'a> {
    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The normalised text, borrowed from the original when nothing changed.
    pub fn into_text(self) -> Cow<'a, str> {
        self.text
    }

    /// Whether the normalised text is the original text.
    pub fn is_identity(&self) -> bool {
        self.map.is_none()
    }

    /// The offset map, `None` for an unchanged text.
    pub fn offset_map(&self) -> Option<&OffsetMap> {
        self.map.as_ref()
    }

    /// The original byte offset of the character at normalised byte `offset` (clamped to the
    /// text). Inside a replaced character this is the start of the original character.
    pub fn to_original(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match &self.map {
            None => offset,
            Some(map) => map.to_original(offset).min(self.original_len),
        }
    }

    /// The original byte offset just after the character ending at normalised byte `offset`
    /// (clamped to the text). Inside a replaced character this is the end of the original
    /// character.
    pub fn to_original_end(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match &self.map {
            None => offset,
            Some(map) => map.to_original_end(offset).min(self.original_len),
        }
    }

    /// The smallest original span covering the normalised `span`.
    pub fn span_to_original(&self, span: Span) -> Span {
        let start = self.to_original(span.start);
        let end = if span.is_empty() {
            start
        } else {
            self.to_original_end(span.end).max(start)
        };
        Span { start, end }
    }
}

/// Normalise `text` (see the module documentation), keeping the map back to its offsets.
pub fn normalize(text: &str) -> Normalized<'_> {
    if text.is_ascii() {
        return Normalized {
            text: Cow::Borrowed(text),
            map: None,
            original_len: text.len(),
        };
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut map = OffsetMap::default();
    let mut pos = 0;
    while pos < bytes.len() {
        let mut run = bytes[pos..].iter().take_while(|b| b.is_ascii()).count();
        if run > 0 && pos + run < bytes.len() && starts_with_combining(text, pos + run) {
            // Keep the base letter with the marks that follow it: "e" + U+0301.
            run -= 1;
        }
        if run > 0 {
            out.push_str(&text[pos..pos + run]);
            pos += run;
            continue;
        }
        let end = cluster_end(text, pos);
        let cluster = &text[pos..end];
        let before = out.len();
        normalize_cluster(cluster, &mut out);
        if &out[before..] != cluster {
            map.push(Edit {
                normalized_start: before,
                normalized_end: out.len(),
                original_start: pos,
                original_end: end,
            });
        }
        pos = end;
    }
    if map.edits.is_empty() {
        return Normalized {
            text: Cow::Borrowed(text),
            map: None,
            original_len: text.len(),
        };
    }
    Normalized {
        text: Cow::Owned(out),
        map: Some(map),
        original_len: text.len(),
    }
}

/// The normalised form of one token, as the models read it (`Token::norm`): borrowed when it
/// is unchanged (always for ASCII).
pub fn norm(token: &str) -> Cow<'_, str> {
    normalize(token).into_text()
}

/// Whether the char at `pos` attaches to the previous one under normalisation.
fn starts_with_combining(text: &str, pos: usize) -> bool {
    text.get(pos..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(is_attaching)
}

/// Combining marks and the Hangul vowel and final jamo, which compose with what precedes.
fn is_attaching(c: char) -> bool {
    canonical_combining_class(c) != 0 || ('\u{1160}'..='\u{11FF}').contains(&c)
}

/// End of the cluster starting at `pos`: one char and the attaching chars after it.
fn cluster_end(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    let mut chars = rest.char_indices();
    let mut end = match chars.next() {
        Some((_, c)) => c.len_utf8(),
        None => return pos,
    };
    for (offset, c) in chars {
        if !is_attaching(c) {
            break;
        }
        end = offset + c.len_utf8();
    }
    pos + end
}

fn normalize_cluster(cluster: &str, out: &mut String) {
    if is_nfkc_quick(cluster.chars()) == IsNormalized::Yes {
        for c in cluster.chars() {
            push_mapped(c, out);
        }
    } else {
        for c in cluster.chars().nfkc() {
            push_mapped(c, out);
        }
    }
}

/// Append `c` after the quote, dash, invisible and whitespace mappings.
fn push_mapped(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}' => {
            out.push('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FE58}' => {
            out.push('-')
        }
        '\u{2014}' | '\u{2015}' => out.push_str("--"),
        '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' => {}
        '\u{0085}' | '\u{2028}' => out.push('\n'),
        '\u{2029}' => out.push_str("\n\n"),
        c if !c.is_ascii() && c.is_whitespace() => out.push(' '),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_text(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn ascii_is_borrowed_without_a_map() {
        let normalized = normalize("Plain \"ASCII\" text -- 1,200.");
        assert!(normalized.is_identity());
        assert!(matches!(normalized.clone().into_text(), Cow::Borrowed(_)));
        assert_eq!(normalized.to_original(7), 7);
        assert!(matches!(norm("can't"), Cow::Borrowed("can't")));
    }

    #[test]
    fn unchanged_unicode_is_borrowed() {
        let normalized = normalize("Café in Kraków, Москва");
        assert!(normalized.is_identity());
    }

    #[test]
    fn quotes_dashes_and_spaces() {
        let original = "\u{201C}Don\u{2019}t\u{201D} \u{2013} 5\u{00A0}km\u{2014}now\u{2026}";
        let normalized = normalize(original);
        assert_eq!(normalized.as_str(), "\"Don't\" - 5 km--now...");
        // "km" maps back to "km"
        let km = normalized.as_str().find("km").unwrap();
        let span = normalized.span_to_original(Span::new(km, km + 2));
        assert_eq!(span_text(original, span), "km");
        // "--" maps back to the em dash
        let dashes = normalized.as_str().find("--").unwrap();
        let span = normalized.span_to_original(Span::new(dashes, dashes + 2));
        assert_eq!(span_text(original, span), "\u{2014}");
        // one of the two dashes still maps to the whole em dash
        let span = normalized.span_to_original(Span::new(dashes + 1, dashes + 2));
        assert_eq!(span_text(original, span), "\u{2014}");
    }

    #[test]
    fn nfkc_compatibility_and_composition() {
        let original = "\u{FB01}nal cafe\u{301} \u{FF21}\u{FF22}";
        let normalized = normalize(original);
        assert_eq!(normalized.as_str(), "final café AB");
        let cafe = normalized.as_str().find("café").unwrap();
        let span = normalized.span_to_original(Span::new(cafe, cafe + "café".len()));
        assert_eq!(span_text(original, span), "cafe\u{301}");
        let span = normalized.span_to_original(Span::new(0, 5));
        assert_eq!(span_text(original, span), "\u{FB01}nal");
    }

    #[test]
    fn invisible_characters_are_removed() {
        let original = "co\u{00AD}operate\u{200B}now";
        let normalized = normalize(original);
        assert_eq!(normalized.as_str(), "cooperatenow");
        let span = normalized.span_to_original(Span::new(0, 9));
        assert_eq!(span_text(original, span), "co\u{00AD}operate");
        let span = normalized.span_to_original(Span::new(9, 12));
        assert_eq!(span_text(original, span), "now");
    }

    #[test]
    fn norm_of_tokens() {
        assert_eq!(norm("\u{2019}s"), "'s");
        assert_eq!(norm("\u{2014}"), "--");
        assert!(matches!(norm("naïve"), Cow::Borrowed(_)));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let original = "a\u{2019}b";
        let normalized = normalize(original);
        assert_eq!(normalized.to_original(100), original.len());
        assert_eq!(normalized.to_original_end(100), original.len());
    }
}
