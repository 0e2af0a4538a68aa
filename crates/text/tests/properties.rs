//! Property tests: `segment` and `normalize` never panic and keep their invariants on any
//! input.

use newsgraph_text::{normalize, segment, segment_into, Segmentation, Span};
use proptest::prelude::*;

/// Whitespace as the tokenizer treats it.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Pieces that exercise the tokenizer's special paths, mixed with arbitrary strings.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S.".to_string()),
        Just("Dr.".to_string()),
        Just("etc.".to_string()),
        Just("J.".to_string()),
        Just("don't".to_string()),
        Just("can\u{2019}t".to_string()),
        Just("'s".to_string()),
        Just("cannot".to_string()),
        Just("http://x.org/a(b)".to_string()),
        Just("www.".to_string()),
        Just("a@b.c".to_string()),
        Just("@".to_string()),
        Just("#".to_string()),
        Just("1,200.5".to_string()),
        Just("9/11".to_string()),
        Just("713-555-0199".to_string()),
        Just("$2m".to_string()),
        Just("e-mail".to_string()),
        Just("...".to_string()),
        Just("\u{2026}".to_string()),
        Just("\u{2014}".to_string()),
        Just("\u{201C}".to_string()),
        Just("\u{201D}".to_string()),
        Just("\u{2018}\u{2019}".to_string()),
        Just(":)".to_string()),
        Just("\u{1F44D}\u{1F3FD}".to_string()),
        Just("\u{1F468}\u{200D}\u{1F469}".to_string()),
        Just("\u{1F1EB}".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{AD}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{A0}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{2029}".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("\n- ".to_string()),
        Just("\n1. ".to_string()),
        Just("KHARTOUM, Sudan - ".to_string()),
        Just("(Reuters) -".to_string()),
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("\" ".to_string()),
        Just(" ".to_string()),
        "[a-zA-Z]{1,8}",
        "[0-9]{1,5}",
        "[[:punct:]]{1,4}",
        "\\PC{0,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn check_segmentation(text: &str, segmentation: &Segmentation) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for (index, token) in segmentation.tokens.iter().enumerate() {
        let Span { start, end } = token.span;
        prop_assert!(start < end, "empty token {index}");
        prop_assert!(end <= text.len());
        prop_assert!(
            start >= previous_end,
            "token {index} overlaps the previous one"
        );
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let token_text = &text[start..end];
        prop_assert!(
            !token_text.chars().any(is_separator),
            "token {token_text:?} contains whitespace"
        );
        let gap = &text[previous_end..start];
        prop_assert!(
            gap.chars().all(is_separator),
            "text {gap:?} before token {index} is not covered"
        );
        let followed_by_space = text[end..].chars().next().is_some_and(is_separator);
        prop_assert_eq!(
            token.space_after,
            followed_by_space,
            "space_after of {}",
            index
        );
        previous_end = end;
    }
    prop_assert!(text[previous_end..].chars().all(is_separator));

    let mut next_token = 0;
    let mut paragraph = 0;
    for sentence in &segmentation.sentences {
        prop_assert_eq!(sentence.tokens.start, next_token);
        prop_assert!(sentence.tokens.end > sentence.tokens.start);
        prop_assert!(sentence.tokens.end <= segmentation.tokens.len());
        let first = segmentation.tokens[sentence.tokens.start].span;
        let last = segmentation.tokens[sentence.tokens.end - 1].span;
        prop_assert_eq!(sentence.span, Span::new(first.start, last.end));
        prop_assert!(sentence.paragraph >= paragraph);
        paragraph = sentence.paragraph;
        if let Some(dateline) = sentence.dateline {
            prop_assert!(sentence.span.contains(&dateline));
            prop_assert!(text.is_char_boundary(dateline.start));
            prop_assert!(text.is_char_boundary(dateline.end));
        }
        next_token = sentence.tokens.end;
    }
    prop_assert_eq!(next_token, segmentation.tokens.len());
    Ok(())
}

fn check_normalization(text: &str) -> Result<(), TestCaseError> {
    let normalized = normalize(text);
    let out = normalized.as_str();
    if text.is_ascii() {
        prop_assert!(normalized.is_identity());
        prop_assert_eq!(out, text);
    }
    let mut previous_start = 0;
    let mut previous_end = 0;
    for offset in (0..=out.len()).filter(|&o| out.is_char_boundary(o)) {
        let start = normalized.to_original(offset);
        let end = normalized.to_original_end(offset);
        prop_assert!(start <= text.len() && end <= text.len());
        prop_assert!(
            text.is_char_boundary(start),
            "to_original({offset}) = {start}"
        );
        prop_assert!(
            text.is_char_boundary(end),
            "to_original_end({offset}) = {end}"
        );
        prop_assert!(
            start >= previous_start,
            "to_original is not monotonic at {offset}"
        );
        prop_assert!(
            end >= previous_end,
            "to_original_end is not monotonic at {offset}"
        );
        previous_start = start;
        previous_end = end;
    }
    // The end of the text maps to the end (after any removed trailing characters) for a
    // start, and no further than the end for an end.
    prop_assert_eq!(normalized.to_original(out.len()), text.len());
    prop_assert!(normalized.to_original_end(out.len()) <= text.len());
    prop_assert_eq!(normalized.to_original_end(0), 0);
    // Every normalised char maps back to a non-empty original span.
    for (offset, c) in out.char_indices() {
        let span = normalized.span_to_original(Span::new(offset, offset + c.len_utf8()));
        prop_assert!(
            span.start < span.end,
            "char {c:?} at {offset} maps to nothing"
        );
        prop_assert!(span.end <= text.len());
    }
    Ok(())
}

proptest! {
    // 256 cases by default; set PROPTEST_CASES for a longer run.

    #[test]
    fn segment_invariants_on_arbitrary_strings(text in any::<String>()) {
        check_segmentation(&text, &segment(&text))?;
    }

    #[test]
    fn segment_invariants_on_tricky_text(text in tricky_text()) {
        let segmentation = segment(&text);
        check_segmentation(&text, &segmentation)?;
        let mut reused = segment("Some earlier text. With two sentences.");
        segment_into(&text, &mut reused);
        prop_assert_eq!(reused, segmentation);
    }

    #[test]
    fn normalize_invariants_on_arbitrary_strings(text in any::<String>()) {
        check_normalization(&text)?;
    }

    #[test]
    fn normalize_invariants_on_tricky_text(text in tricky_text()) {
        check_normalization(&text)?;
    }

    #[test]
    fn normalization_is_idempotent(text in tricky_text()) {
        let once = normalize(&text).as_str().to_string();
        let twice = normalize(&once).as_str().to_string();
        prop_assert_eq!(once, twice);
    }
}
