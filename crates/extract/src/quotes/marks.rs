//! Quotation marks: where the direct quotes are.
//!
//! Double marks only (straight `"`, curly `“ ”`, low `„`, guillemets `« »`, and the ASCII
//! pairs of some news archives and of Penn Treebank text: two apostrophes `''`, read as a
//! straight mark, and two backticks ``` `` ```, an opening one); single marks are apostrophes
//! far more often than quotes and are left inside whatever double quote holds them (nested
//! quotes). A quote is scanned paragraph by paragraph: a quote still open at the
//! end of a paragraph continues when the next paragraph opens with a mark (the news
//! convention for a quote running over several paragraphs); otherwise it ends there with a
//! warning. Stray closing marks and marks re-opened inside an open quote give warnings too;
//! nothing here fails.

use newsgraph_core::{Span, Warning};

/// One direct quote, marks included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkedQuote {
    /// From the opening mark to the closing mark (or to the end of the paragraph when the
    /// quote was never closed), marks included.
    pub span: Span,
    /// Whether a closing mark was found.
    pub closed: bool,
    /// Whether the quote runs over more than one paragraph.
    pub continued: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
}

fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '{' | '\u{2014}' | '\u{2013}' | '-' | '/')
        }
    }
}

/// What a double mark at this place does, if it is one.
fn classify(c: char, prev: Option<char>, next: Option<char>, open: bool) -> Option<Mark> {
    match c {
        '\u{201c}' | '\u{201e}' | '\u{ab}' => Some(Mark::Open),
        '\u{201d}' | '\u{bb}' => {
            // A right mark used as an opening one ("”Yes,” he said): only when nothing is open
            // and it clearly starts a word.
            if !open && is_opening_context(prev) && next.is_some_and(char::is_alphanumeric) {
                Some(Mark::Open)
            } else {
                Some(Mark::Close)
            }
        }
        '"' => {
            let opens = is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace());
            let closes = next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation())
                || prev.is_some_and(|p| !p.is_whitespace())
                    && !next.is_some_and(char::is_alphanumeric);
            match (opens, closes) {
                (true, false) => Some(Mark::Open),
                (false, true) => Some(Mark::Close),
                _ => Some(if open { Mark::Close } else { Mark::Open }),
            }
        }
        _ => None,
    }
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}'
    )
}

fn warning(message: &str, span: Span) -> Warning {
    Warning {
        layer: "quotes".to_string(),
        message: message.to_string(),
        span: Some(span),
    }
}

/// The first double mark of `text` at or after byte `from` (a character boundary): its byte
/// offset, the mark it counts as (two apostrophes as a straight mark, two backticks as an
/// opening curly one) and its length in bytes. A scan of the bytes that can start one (`"`,
/// `'`, `` ` ``, and the lead bytes of the curly marks and guillemets) rather than a decoding
/// of every character.
fn next_mark(text: &str, from: usize) -> Option<(usize, char, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(k) = bytes
        .get(at..)?
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b'`' | 0xC2 | 0xE2))
    {
        at += k;
        match bytes.get(at..at + 2) {
            Some(b"''") => return Some((at, '"', 2)),
            Some(b"``") => return Some((at, '\u{201c}', 2)),
            _ => {}
        }
        let c = text.get(at..)?.chars().next()?;
        if is_mark(c) {
            return Some((at, c, c.len_utf8()));
        }
        at += c.len_utf8();
    }
    None
}

/// Whether `paragraph` starts (after whitespace) with an opening mark.
fn opens_with_mark(text: &str, paragraph: Span) -> bool {
    let Some(s) = paragraph.slice(text) else {
        return false;
    };
    let s = s.trim_start();
    match next_mark(s, 0) {
        Some((0, c, len)) => classify(c, None, s[len..].chars().next(), false) == Some(Mark::Open),
        _ => false,
    }
}

/// The end of `span` without trailing whitespace.
fn trimmed_end(text: &str, span: Span) -> usize {
    span.slice(text)
        .map_or(span.end, |s| span.start + s.trim_end().len())
}

/// Find the direct quotes of `text`, given its paragraphs (byte spans, in order).
pub fn find_quotes(
    text: &str,
    paragraphs: &[Span],
    warnings: &mut Vec<Warning>,
) -> Vec<MarkedQuote> {
    let mut quotes = Vec::new();
    // The start of the open quote and whether it has crossed a paragraph boundary.
    let mut open: Option<(usize, bool)> = None;
    for (p, &paragraph) in paragraphs.iter().enumerate() {
        let Some(body) = paragraph.slice(text) else {
            continue;
        };
        // A quote carried over from the previous paragraph: its re-opening mark, when only
        // whitespace comes before it, is skipped.
        let mut skip_reopen = open.is_some();
        let mut from = 0;
        while let Some((offset, c, len)) = next_mark(body, from) {
            from = offset + len;
            let prev = body[..offset].chars().next_back();
            let next = body[from..].chars().next();
            let at = paragraph.start + offset;
            let mark = classify(c, prev, next, open.is_some());
            if skip_reopen {
                skip_reopen = false;
                if mark == Some(Mark::Open) && body[..offset].trim_start().is_empty() {
                    continue;
                }
            }
            match (mark, open) {
                (Some(Mark::Open), None) => open = Some((at, false)),
                (Some(Mark::Open), Some((start, _))) => {
                    warnings.push(warning(
                        "quotation mark opened inside an open quote; the quote restarts here",
                        Span::new(start, at + len),
                    ));
                    open = Some((at, false));
                }
                (Some(Mark::Close), Some((start, continued))) => {
                    quotes.push(MarkedQuote {
                        span: Span::new(start, at + len),
                        closed: true,
                        continued,
                    });
                    open = None;
                }
                (Some(Mark::Close), None) => warnings.push(warning(
                    "closing quotation mark without an opening one",
                    Span::new(at, at + len),
                )),
                (None, _) => {}
            }
        }
        if let Some((start, _)) = open {
            let continues = paragraphs
                .get(p + 1)
                .is_some_and(|&next| opens_with_mark(text, next));
            if continues {
                open = Some((start, true));
            } else {
                let end = trimmed_end(text, paragraph).max(start);
                let span = Span::new(start, end);
                warnings.push(warning(
                    "quotation mark not closed by the end of the paragraph",
                    span,
                ));
                quotes.push(MarkedQuote {
                    span,
                    closed: false,
                    continued: false,
                });
                open = None;
            }
        }
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            spans.push(Span::new(start, start + part.len()));
            start += part.len() + 2;
        }
        spans
    }

    fn quotes(text: &str) -> (Vec<String>, usize) {
        let mut warnings = Vec::new();
        let found = find_quotes(text, &paragraphs(text), &mut warnings);
        (
            found
                .iter()
                .map(|q| q.span.slice(text).unwrap_or("?").to_string())
                .collect(),
            warnings.len(),
        )
    }

    #[test]
    fn straight_and_curly_marks() {
        let (q, w) = quotes("\"We won,\" he said. She said \u{201c}no.\u{201d}");
        assert_eq!(q, vec!["\"We won,\"", "\u{201c}no.\u{201d}"]);
        assert_eq!(w, 0);
    }

    #[test]
    fn quote_continued_across_paragraphs() {
        let text = "\u{201c}We will fight.\n\n\u{201c}And we will win,\u{201d} he said.";
        let mut warnings = Vec::new();
        let found = find_quotes(text, &paragraphs(text), &mut warnings);
        assert_eq!(found.len(), 1);
        assert!(found[0].continued);
        assert!(warnings.is_empty());
        assert!(found[0]
            .span
            .slice(text)
            .unwrap_or("")
            .ends_with("win,\u{201d}"));
    }

    #[test]
    fn unclosed_quote_warns_and_ends_at_paragraph() {
        let (q, w) = quotes("\"We will fight on the beaches\n\nThe next day was calm.");
        assert_eq!(q, vec!["\"We will fight on the beaches"]);
        assert_eq!(w, 1);
    }

    #[test]
    fn stray_closing_mark_warns() {
        let (q, w) = quotes("It was over\u{201d} he said.");
        assert!(q.is_empty());
        assert_eq!(w, 1);
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let (q, _) = quotes("\u{201c}He told me \u{2018}never\u{2019} twice,\u{201d} she said.");
        assert_eq!(q.len(), 1);
        assert!(q[0].contains("\u{2018}never\u{2019}"));
    }

    #[test]
    fn doubled_apostrophes_and_backticks_are_double_marks() {
        let (q, w) = quotes("''Tell that to the janitor,'' Mr. Biden said. He added: ''We pay.''");
        assert_eq!(q, vec!["''Tell that to the janitor,''", "''We pay.''"]);
        assert_eq!(w, 0);
        let (q, w) = quotes("``It is over,'' she said of the family's car.");
        assert_eq!(q, vec!["``It is over,''"]);
        assert_eq!(w, 0);
        // A single apostrophe stays one.
        let (q, _) = quotes("\"The Joneses' house,\" he said, \"is Sam's.\"");
        assert_eq!(q.len(), 2);
    }

    #[test]
    fn doubled_apostrophes_continue_a_quote_across_paragraphs() {
        let text = "''We will fight.\n\n''And we will win,'' he said.";
        let mut warnings = Vec::new();
        let found = find_quotes(text, &paragraphs(text), &mut warnings);
        assert_eq!(found.len(), 1);
        assert!(found[0].continued);
        assert!(warnings.is_empty());
    }
}
