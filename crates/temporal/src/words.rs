//! The word view the matchers read: tokens lower-cased, hyphenated words split into their
//! parts ("third-quarter" → "third", "quarter"; "mid-August" → "mid", "august"), each part
//! with its byte span and the token it came from.

use std::borrow::Cow;

use newsgraph_core::Span;

#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub span: Span,
    /// Lower-cased text.
    pub lower: Cow<'a, str>,
    /// Index of the token (in the caller's token list).
    pub token: usize,
    /// Whether this part was joined to the previous one by a hyphen inside a token.
    pub hyphen_before: bool,
}

/// Split a sentence's tokens into words.
pub fn words<'a>(text: &'a str, spans: &[Span], first_token: usize, out: &mut Vec<Word<'a>>) {
    out.clear();
    let mut glue_next = false;
    for (k, span) in spans.iter().enumerate() {
        let token = first_token + k;
        let Some(raw) = span.slice(text) else {
            continue;
        };
        // A hyphen token glued to both neighbours ("third" "-" "quarter") joins them.
        if raw == "-" || raw == "\u{2010}" || raw == "\u{2011}" {
            let glued_before = k > 0 && spans[k - 1].end == span.start;
            let glued_after = spans.get(k + 1).is_some_and(|n| n.start == span.end);
            if glued_before && glued_after && !out.is_empty() {
                glue_next = true;
                continue;
            }
        }
        let hyphen = std::mem::take(&mut glue_next);
        let splittable = raw.len() > 2
            && raw.contains('-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !is_iso_date(raw)
            && raw.bytes().any(|b| b.is_ascii_alphabetic());
        if splittable {
            let mut offset = 0;
            for (n, part) in raw.split('-').enumerate() {
                if !part.is_empty() {
                    let start = span.start + offset;
                    out.push(Word {
                        span: Span::new(start, start + part.len()),
                        lower: lower(part),
                        token,
                        hyphen_before: n > 0 || hyphen,
                    });
                }
                offset += part.len() + 1;
            }
        } else {
            out.push(Word {
                span: *span,
                lower: lower(raw),
                token,
                hyphen_before: hyphen,
            });
        }
    }
}

fn lower(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        let mut s = text.to_lowercase();
        // Curly apostrophes as straight ones, so "’90s" and "'90s" read alike.
        if s.contains('\u{2019}') {
            s = s.replace('\u{2019}', "'");
        }
        Cow::Owned(s)
    } else {
        Cow::Borrowed(text)
    }
}

pub fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The value of a small written or digit cardinal ("three", "twenty", "12", "1,200", "2.5").
pub fn cardinal(word: &str) -> Option<f64> {
    let v = match word {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return digits(word),
    };
    Some(v)
}

/// A number written in digits, with thousands separators allowed ("1,200", "2.5").
pub fn digits(word: &str) -> Option<f64> {
    let b = word.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() || !b[b.len() - 1].is_ascii_digit() {
        return None;
    }
    if !b
        .iter()
        .all(|c| c.is_ascii_digit() || *c == b',' || *c == b'.')
    {
        return None;
    }
    let cleaned: String = word.chars().filter(|&c| c != ',').collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The multiplier of a scale word.
pub fn scale(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 100.0,
        "thousand" => 1e3,
        "million" | "mln" | "m" => 1e6,
        "billion" | "bln" | "bn" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

/// Ordinal numbers ("third", "3rd") up to 31.
pub fn ordinal(word: &str) -> Option<u32> {
    let v = match word {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        _ => {
            let n = word.len();
            if n < 3 || !word.is_char_boundary(n - 2) {
                return None;
            }
            let (num, suffix) = word.split_at(n - 2);
            if !matches!(suffix, "st" | "nd" | "rd" | "th") {
                return None;
            }
            let v: u32 = num.parse().ok()?;
            return (1..=31).contains(&v).then_some(v);
        }
    };
    Some(v)
}

/// A cardinal phrase starting at `i`: "three", "twenty four", "twenty-four", "1,200",
/// "2.5 million", "a hundred". Returns the end (exclusive) and the value.
pub fn number_phrase(words: &[Word<'_>], i: usize) -> Option<(usize, f64)> {
    let first = words.get(i)?;
    let mut value = cardinal(&first.lower)?;
    let mut end = i + 1;
    // "twenty four", "twenty-four"
    if (20.0..100.0).contains(&value) && value % 10.0 == 0.0 && first.lower.len() > 2 {
        if let Some(unit) = words.get(end).and_then(|w| cardinal(&w.lower)) {
            if (1.0..10.0).contains(&unit) && !words[end].lower.as_bytes()[0].is_ascii_digit() {
                value += unit;
                end += 1;
            }
        }
    }
    while let Some(m) = words.get(end).and_then(|w| scale(&w.lower)) {
        // "m" and "bn" only straight after digits ("2.5m" splits as "2.5" "m" rarely); keep
        // the short forms to digit numbers.
        if words[end].lower.len() <= 2 && !first.lower.as_bytes()[0].is_ascii_digit() {
            break;
        }
        value *= m;
        end += 1;
    }
    Some((end, value))
}
