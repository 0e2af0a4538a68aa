//! Word-shape and affix helpers shared by the models' feature extractors.
//!
//! Everything here is allocation-free given a caller's buffer, works on `char` boundaries (any
//! UTF-8 input is safe) and is deterministic.

/// Append `word` to `out` with typographic variants mapped to the ASCII forms of PTB/EWT:
/// curly single quotes and primes → `'`, curly double quotes and guillemets → `"`, the
/// Unicode hyphens, en dash and minus → `-`, em dash and horizontal bar → `--`, the
/// ellipsis → `...`; soft hyphens and zero-width characters are dropped.
pub fn normalize_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
            | '\u{00B4}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
            | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FE63}'
            | '\u{FF0D}' => out.push('-'),
            '\u{2014}' | '\u{2015}' => out.push_str("--"),
            '\u{2026}' => out.push_str("..."),
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{00A0}' | '\u{202F}' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// Append the lowercase form of `word` to `out` (ASCII fast path).
pub fn lowercase_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c.is_lowercase() || !c.is_alphabetic() {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// The last `n` characters of `word` (all of it when shorter).
#[inline]
pub fn suffix(word: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    match word.char_indices().rev().nth(n - 1) {
        Some((at, _)) => &word[at..],
        None => word,
    }
}

/// The first `n` characters of `word` (all of it when shorter).
#[inline]
pub fn prefix(word: &str, n: usize) -> &str {
    match word.char_indices().nth(n) {
        Some((at, _)) => &word[..at],
        None => word,
    }
}

/// Number of characters, counting at most `limit`.
#[inline]
pub fn char_count(word: &str, limit: usize) -> usize {
    if word.is_ascii() {
        word.len().min(limit)
    } else {
        word.chars().take(limit).count()
    }
}

/// The class of a character for shapes: `X` upper, `x` lower, `d` digit, the character itself
/// for ASCII punctuation, `o` for other scripts' letters and `s` for other symbols.
#[inline]
fn shape_class(c: char) -> u8 {
    if c.is_ascii() {
        let b = c as u8;
        if b.is_ascii_uppercase() {
            b'X'
        } else if b.is_ascii_lowercase() {
            b'x'
        } else if b.is_ascii_digit() {
            b'd'
        } else if b.is_ascii_whitespace() || b.is_ascii_control() {
            b' '
        } else {
            b
        }
    } else if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_alphabetic() {
        b'o'
    } else if c.is_numeric() {
        b'd'
    } else {
        b's'
    }
}

/// The longest shape kept, in bytes; longer shapes are cut (with a final `~`).
pub const MAX_SHAPE: usize = 12;

/// A compact word shape into `out`: character classes with runs collapsed to one
/// (`Hello` → `Xx`, `1,234.5` → `d,d.d`, `McDonald` → `XxXx`).
/// Returns the number of bytes written (at most [`MAX_SHAPE`] + 1).
pub fn shape(word: &str, out: &mut [u8; MAX_SHAPE + 1]) -> usize {
    let mut len = 0;
    let mut last = 0u8;
    for c in word.chars() {
        let class = shape_class(c);
        if class == last {
            continue;
        }
        last = class;
        if len == MAX_SHAPE {
            out[len] = b'~';
            return len + 1;
        }
        out[len] = class;
        len += 1;
    }
    len
}

/// Boolean properties of a word used as features.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordFlags {
    pub has_upper: bool,
    pub has_lower: bool,
    pub has_digit: bool,
    pub has_hyphen: bool,
    pub has_period: bool,
    pub has_alpha: bool,
    /// First character uppercase, some lowercase after it.
    pub title: bool,
    /// Letters, all uppercase.
    pub all_upper: bool,
    /// No letters or digits at all.
    pub punct_only: bool,
}

/// Compute [`WordFlags`].
pub fn flags(word: &str) -> WordFlags {
    let mut f = WordFlags::default();
    let mut first_upper = false;
    let mut alnum = false;
    for (i, c) in word.chars().enumerate() {
        if c.is_alphabetic() {
            f.has_alpha = true;
            alnum = true;
            if c.is_uppercase() {
                f.has_upper = true;
                if i == 0 {
                    first_upper = true;
                }
            } else if c.is_lowercase() {
                f.has_lower = true;
            }
        } else if c.is_numeric() {
            f.has_digit = true;
            alnum = true;
        } else if c == '-' {
            f.has_hyphen = true;
        } else if c == '.' {
            f.has_period = true;
        }
    }
    f.title = first_upper && f.has_lower;
    f.all_upper = f.has_upper && !f.has_lower;
    f.punct_only = !alnum && !word.is_empty();
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(word: &str) -> String {
        let mut buf = [0u8; MAX_SHAPE + 1];
        let n = shape(word, &mut buf);
        String::from_utf8(buf[..n].to_vec()).unwrap()
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_of("Hello"), "Xx");
        assert_eq!(shape_of("1,234.5"), "d,d.d");
        assert_eq!(shape_of("McDonald"), "XxXx");
        assert_eq!(shape_of(""), "");
        assert_eq!(shape_of("Ünïcode"), "Xx");
        assert_eq!(shape_of("a1a1a1a1a1a1a1a1"), "xdxdxdxdxdxd~");
    }

    #[test]
    fn affixes_respect_char_boundaries() {
        assert_eq!(suffix("café", 2), "fé");
        assert_eq!(suffix("ab", 4), "ab");
        assert_eq!(suffix("ab", 0), "");
        assert_eq!(prefix("éclair", 1), "é");
        assert_eq!(prefix("ab", 3), "ab");
        assert_eq!(char_count("naïve", 10), 5);
    }

    #[test]
    fn normalization_maps_typography_to_ascii() {
        let mut out = String::new();
        normalize_into("don’t “quote” – — …", &mut out);
        assert_eq!(out, "don't \"quote\" - -- ...");
        let mut lower = String::new();
        lowercase_into("ÉCOLE Paris", &mut lower);
        assert_eq!(lower, "école paris");
    }

    #[test]
    fn flags_describe_case_and_content() {
        let f = flags("Paris");
        assert!(f.title && f.has_upper && !f.all_upper);
        assert!(flags("NATO").all_upper);
        assert!(flags("...").punct_only);
        assert!(flags("e-mail").has_hyphen);
        assert!(flags("3.5").has_digit && flags("3.5").has_period);
    }
}
