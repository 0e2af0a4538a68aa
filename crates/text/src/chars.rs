//! Character classes for the tokenizer and the sentence splitter.
//!
//! Everything works on UTF-8 bytes; ASCII is answered from the byte alone and only non-ASCII
//! bytes decode a `char`.

/// The char starting at byte `pos` of `text` and its length in bytes.
///
/// `pos` must be a char boundary below `text.len()`; otherwise `('\u{FFFD}', n)` is returned
/// with `n` the distance to the next char boundary (at least 1), so callers always advance.
#[inline]
pub(crate) fn char_at(text: &str, pos: usize) -> (char, usize) {
    match text.get(pos..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => {
            let mut next = pos + 1;
            while next < text.len() && !text.is_char_boundary(next) {
                next += 1;
            }
            ('\u{FFFD}', next.saturating_sub(pos).max(1))
        }
    }
}

/// The char ending just before byte `pos` (a char boundary), if any.
#[inline]
pub(crate) fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|head| head.chars().next_back())
}

/// ASCII whitespace as the tokenizer sees it (space, tab, newlines, vertical tab, form feed).
#[inline]
pub(crate) const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Non-ASCII characters that separate tokens: Unicode `White_Space` (no-break space, the
/// en/em spaces, line and paragraph separators, ideographic space…) plus the invisible
/// zero-width space, word joiner and byte-order mark.
#[inline]
pub(crate) fn is_space_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether the char is a line break (for layout: paragraphs, headlines, list items).
#[inline]
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that continue a word without starting one: combining marks, variation
/// selectors, joiners and the soft hyphen.
#[inline]
pub(crate) fn is_word_continuation(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{00AD}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Pictographic characters that form emoji tokens.
#[inline]
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1F0FF}'
        | '\u{1F10D}'..='\u{1F1FF}'
        | '\u{1F200}'..='\u{1F2FF}'
        | '\u{1F300}'..='\u{1F5FF}'
        | '\u{1F600}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F7E0}'..='\u{1F7FF}'
        | '\u{1F900}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{231A}' | '\u{231B}' | '\u{2328}' | '\u{23CF}'
        | '\u{23E9}'..='\u{23F3}'
        | '\u{23F8}'..='\u{23FA}'
        | '\u{2B05}'..='\u{2B07}'
        | '\u{2B1B}' | '\u{2B1C}' | '\u{2B50}' | '\u{2B55}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}')
}

/// Modifiers that attach to a preceding emoji: skin tones, variation selectors, tags and
/// the keycap mark.
#[inline]
pub(crate) fn is_emoji_modifier(c: char) -> bool {
    matches!(c,
        '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{FE0E}'
        | '\u{FE0F}'
        | '\u{20E3}'
        | '\u{E0020}'..='\u{E007F}')
}

/// Regional indicator letters: two of them make a flag.
#[inline]
pub(crate) fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Whether a non-ASCII char belongs inside a word token (letters, digits, marks).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if (c as u32) < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    !is_emoji(c) && (c.is_alphanumeric() || is_word_continuation(c))
}

/// Apostrophes that may join a clitic or contraction to a word: `'`, `’` and the backtick.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`')
}

/// Non-ASCII punctuation (as opposed to symbols) for token kinds.
#[inline]
pub(crate) fn is_unicode_punctuation(c: char) -> bool {
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{037E}' | '\u{0387}'
        | '\u{055A}'..='\u{055F}'
        | '\u{0589}' | '\u{05BE}' | '\u{05C0}' | '\u{05C3}' | '\u{05F3}' | '\u{05F4}'
        | '\u{060C}' | '\u{060D}' | '\u{061B}' | '\u{061E}' | '\u{061F}'
        | '\u{066A}'..='\u{066D}'
        | '\u{06D4}' | '\u{0964}' | '\u{0965}' | '\u{0970}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{2043}'
        | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}'
        | '\u{2E00}'..='\u{2E4F}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{FE10}'..='\u{FE19}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FE50}'..='\u{FE6B}'
        | '\u{FF01}'..='\u{FF03}'
        | '\u{FF05}'..='\u{FF0A}'
        | '\u{FF0C}'..='\u{FF0F}'
        | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF20}'
        | '\u{FF3B}'..='\u{FF3D}'
        | '\u{FF3F}' | '\u{FF5B}' | '\u{FF5D}'
        | '\u{FF5F}'..='\u{FF65}')
}

/// Characters that end a sentence when they stand as a token of their own.
#[inline]
pub(crate) fn is_sentence_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '\u{2026}'
            | '\u{203C}'
            | '\u{203D}'
            | '\u{2047}'
            | '\u{2048}'
            | '\u{2049}'
            | '\u{3002}'
            | '\u{FF01}'
            | '\u{FF0E}'
            | '\u{FF1F}'
            | '\u{FF61}'
            | '\u{061F}'
            | '\u{06D4}'
            | '\u{0964}'
            | '\u{0965}'
            | '\u{037E}'
            | '\u{0589}'
    )
}

/// Opening quotes and brackets.
#[inline]
pub(crate) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '"'
            | '\''
            | '`'
            | '\u{2018}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201C}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{2039}'
            | '\u{300C}'
            | '\u{300E}'
            | '\u{FF08}'
    )
}

/// Closing quotes and brackets that stay with the sentence they close (`."`, `.)`).
#[inline]
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '\''
            | '\u{2019}'
            | '\u{201D}'
            | '\u{00BB}'
            | '\u{203A}'
            | '\u{300D}'
            | '\u{300F}'
            | '\u{FF09}'
    )
}

/// Dash characters, ASCII hyphen-minus included.
#[inline]
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FF0D}'
    )
}

/// Bullet characters that open a list item.
#[inline]
pub(crate) fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '*'
            | '+'
            | '\u{2022}'
            | '\u{2023}'
            | '\u{2043}'
            | '\u{25AA}'
            | '\u{25AB}'
            | '\u{25CF}'
            | '\u{25E6}'
            | '\u{00B7}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{25A0}'
            | '\u{25BA}'
            | '\u{27A2}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_at_never_stalls() {
        let text = "aé😀";
        assert_eq!(char_at(text, 0), ('a', 1));
        assert_eq!(char_at(text, 1), ('é', 2));
        assert_eq!(char_at(text, 3), ('😀', 4));
        let (_, len) = char_at(text, 2);
        assert!(len >= 1, "inside a char still advances");
    }

    #[test]
    fn classes() {
        assert!(is_space_char('\u{A0}'));
        assert!(is_space_char('\u{200B}'));
        assert!(is_word_char('é') && is_word_char('ж') && is_word_char('中'));
        assert!(is_word_char('\u{0301}'));
        assert!(!is_word_char('😀') && is_emoji('😀'));
        assert!(is_sentence_terminal('。') && is_sentence_terminal('…'));
        assert!(is_unicode_punctuation('—') && !is_unicode_punctuation('€'));
    }
}
