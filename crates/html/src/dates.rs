//! Dates as pages write them ("2024-03-14T09:30:00+01:00", "Thu, 14 Mar 2024 09:30 GMT",
//! "14. März 2024", "March 14th, 2024", "14.03.2024", URL paths like `/2024/03/14/`) to
//! ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` plus `Z` or `±HH:MM` when the time is known.

/// Years accepted as publication dates.
const MIN_YEAR: u32 = 1990;
const MAX_YEAR: u32 = 2100;

/// Month names and abbreviations in the languages most news is in, lower-case; index + 1 is
/// the month number. Matching is by whole word or by a prefix of at least 3 letters.
const MONTHS: [&[&str]; 12] = [
    &[
        "january",
        "января",
        "januar",
        "jänner",
        "janvier",
        "enero",
        "gennaio",
        "janeiro",
        "januari",
        "stycznia",
        "jan",
        "ene",
        "gen",
    ],
    &[
        "february",
        "февраля",
        "februar",
        "février",
        "fevrier",
        "febrero",
        "febbraio",
        "fevereiro",
        "februari",
        "lutego",
        "feb",
        "fév",
        "fev",
        "febr",
    ],
    &[
        "march",
        "марта",
        "märz",
        "maerz",
        "mars",
        "marzo",
        "março",
        "maart",
        "marca",
        "mar",
        "mär",
        "mrz",
    ],
    &[
        "april",
        "апреля",
        "avril",
        "abril",
        "aprile",
        "kwietnia",
        "apr",
        "avr",
        "abr",
    ],
    &["may", "мая", "mai", "mayo", "maggio", "maio", "mei", "maja"],
    &[
        "june", "июня", "juni", "juin", "junio", "giugno", "junho", "czerwca", "jun", "giu",
    ],
    &[
        "july", "июля", "juli", "juillet", "julio", "luglio", "julho", "lipca", "jul", "juil",
        "lug",
    ],
    &[
        "august",
        "августа",
        "août",
        "aout",
        "agosto",
        "augustus",
        "sierpnia",
        "aug",
        "ago",
    ],
    &[
        "september",
        "сентября",
        "septembre",
        "septiembre",
        "settembre",
        "setembro",
        "września",
        "sep",
        "sept",
        "set",
    ],
    &[
        "october",
        "октября",
        "oktober",
        "octobre",
        "octubre",
        "ottobre",
        "outubro",
        "października",
        "oct",
        "okt",
        "out",
        "ott",
    ],
    &[
        "november",
        "ноября",
        "novembre",
        "noviembre",
        "novembro",
        "listopada",
        "nov",
    ],
    &[
        "december",
        "dezember",
        "décembre",
        "decembre",
        "diciembre",
        "dicembre",
        "dezembro",
        "grudnia",
        "dec",
        "dez",
        "déc",
        "dic",
    ],
];

fn month_from_word(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    if lower.chars().count() < 3 {
        return None;
    }
    for (index, names) in MONTHS.iter().enumerate() {
        if names.contains(&lower) {
            return Some(index as u32 + 1);
        }
    }
    // "Sept", "Febr", "Dezemb": a prefix of a full name, at least 4 letters.
    if lower.chars().count() >= 4 {
        for (index, names) in MONTHS.iter().enumerate() {
            if names.iter().any(|name| name.starts_with(lower)) {
                return Some(index as u32 + 1);
            }
        }
    }
    None
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn valid(year: u32, month: u32, day: u32) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    valid(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Normalise one date value (a `content` attribute, a JSON-LD `datePublished`, a `<time
/// datetime>`) to ISO 8601. `None` when it is not a plausible date.
pub fn normalize(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() || value.len() > 200 {
        return None;
    }
    parse_iso(value)
        .or_else(|| parse_compact(value))
        .or_else(|| parse_numeric(value))
        .or_else(|| parse_textual(value))
}

/// `2024-03-14`, `2024-03-14T09:30`, `2024-03-14 09:30:00.000+0100`, `2024/03/14`.
fn parse_iso(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    let sep = bytes[4];
    if !(sep == b'-' || sep == b'/' || sep == b'.') || bytes[7] != sep {
        return None;
    }
    let year = digits(&value[0..4])?;
    let month = digits(value.get(5..7)?)?;
    let day = digits(value.get(8..10)?)?;
    let date = ymd(year, month, day)?;
    let rest = &value[10..];
    let Some(rest) = rest.strip_prefix(['T', ' ', 't']) else {
        return Some(date);
    };
    // HH:MM[:SS[.fff]] then Z / ±HH:MM / ±HHMM / ±HH / nothing.
    let rb = rest.as_bytes();
    if rb.len() < 5 || rb[2] != b':' {
        return Some(date);
    }
    let hour = digits(&rest[0..2])?;
    let minute = digits(&rest[3..5])?;
    let mut at = 5;
    let mut second = 0;
    if rb.len() >= 8 && rb[5] == b':' {
        second = digits(&rest[6..8]).unwrap_or(0);
        at = 8;
        if rb.get(at) == Some(&b'.') || rb.get(at) == Some(&b',') {
            at += 1;
            while rb.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Some(date);
    }
    let zone = rest[at..].trim();
    let zone = if zone.is_empty() {
        String::new()
    } else if zone.eq_ignore_ascii_case("z")
        || zone.eq_ignore_ascii_case("utc")
        || zone.eq_ignore_ascii_case("gmt")
    {
        "Z".to_string()
    } else {
        parse_offset(zone).unwrap_or_default()
    };
    Some(format!("{date}T{hour:02}:{minute:02}:{second:02}{zone}"))
}

/// `+01:00`, `+0100`, `-05`, `+00:00` → `+01:00` (`+00:00` stays as written).
fn parse_offset(zone: &str) -> Option<String> {
    let sign = zone.chars().next()?;
    if sign != '+' && sign != '-' {
        return None;
    }
    let rest: String = zone[1..].chars().filter(|c| *c != ':').collect();
    let (hours, minutes) = match rest.len() {
        2 => (digits(&rest)?, 0),
        4 => (digits(&rest[..2])?, digits(&rest[2..])?),
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then(|| format!("{sign}{hours:02}:{minutes:02}"))
}

/// `20240314` alone.
fn parse_compact(value: &str) -> Option<String> {
    if value.len() == 8 {
        let year = digits(&value[0..4])?;
        return ymd(year, digits(&value[4..6])?, digits(&value[6..8])?);
    }
    None
}

/// `14.03.2024`, `14/03/2024`, `3/14/2024`, `14-03-2024`, optionally followed by a time.
fn parse_numeric(value: &str) -> Option<String> {
    let head = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()?;
    let parts: Vec<&str> = head.split(['.', '/', '-']).collect();
    if parts.len() < 3 {
        return None;
    }
    let (a, b, c) = (digits(parts[0])?, digits(parts[1])?, digits(parts[2])?);
    if parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    // Day first unless that is impossible; with "/" and both ≤ 12, US month-first.
    let us = head.contains('/') && a <= 12 && b <= 12;
    if a > 12 || !us {
        ymd(c, b, a).or_else(|| ymd(c, a, b))
    } else {
        ymd(c, a, b).or_else(|| ymd(c, b, a))
    }
}

/// Dates with a month name: "14 March 2024", "March 14th, 2024", "Thu, 14 Mar 2024 09:30:00
/// GMT", "14. März 2024".
fn parse_textual(value: &str) -> Option<String> {
    let tokens: Vec<&str> = value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(40)
        .collect();
    for (index, token) in tokens.iter().enumerate() {
        if !token.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let Some(month) = month_from_word(token) else {
            continue;
        };
        let day_of = |t: &str| -> Option<u32> {
            let t = t
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .to_string();
            (t.len() <= 2).then(|| digits(&t)).flatten()
        };
        let year_of = |t: &str| -> Option<u32> { (t.len() == 4).then(|| digits(t)).flatten() };
        // day month year
        if index >= 1 && index + 1 < tokens.len() {
            if let (Some(day), Some(year)) = (day_of(tokens[index - 1]), year_of(tokens[index + 1]))
            {
                if let Some(date) = ymd(year, month, day) {
                    return Some(date);
                }
            }
        }
        // month day year
        if index + 2 < tokens.len() {
            if let (Some(day), Some(year)) = (day_of(tokens[index + 1]), year_of(tokens[index + 2]))
            {
                if let Some(date) = ymd(year, month, day) {
                    return Some(date);
                }
            }
        }
        // year month day
        if index >= 1 && index + 1 < tokens.len() {
            if let (Some(year), Some(day)) = (year_of(tokens[index - 1]), day_of(tokens[index + 1]))
            {
                if let Some(date) = ymd(year, month, day) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// A date found anywhere in a short text ("Posted on 14 March 2024 by Ann", "Stand:
/// 14.03.2024, 09:30 Uhr"): the first plausible one.
pub fn find_in_text(text: &str) -> Option<String> {
    let text = if text.len() > 400 {
        let mut end = 400;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    // Numeric forms at every digit start.
    let bytes = text.as_bytes();
    for start in 0..bytes.len() {
        if !bytes[start].is_ascii_digit() || (start > 0 && bytes[start - 1].is_ascii_digit()) {
            continue;
        }
        let end = (start + 30).min(bytes.len());
        let mut end = end;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &text[start..end];
        let head: String = window
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-'))
            .collect();
        let head = head.trim_end_matches(['.', '/', '-']);
        if head.len() >= 8 {
            if let Some(date) = parse_iso(head).or_else(|| parse_numeric(head)) {
                return Some(date.get(..10).unwrap_or(&date).to_string());
            }
        }
    }
    parse_textual(text)
}

/// The first date in a long text, looked for in windows around each four-digit year.
pub fn find_in_long_text(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let is_year = bytes[at..at + 4].iter().all(u8::is_ascii_digit)
            && (at == 0 || !bytes[at - 1].is_ascii_digit())
            && bytes.get(at + 4).is_none_or(|b| !b.is_ascii_digit())
            && digits(&text[at..at + 4]).is_some_and(|y| (MIN_YEAR..=MAX_YEAR).contains(&y));
        if is_year {
            let mut start = at.saturating_sub(40);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (at + 30).min(bytes.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if let Some(date) = find_in_text(&text[start..end]) {
                return Some(date);
            }
            at += 4;
        } else {
            at += 1;
        }
    }
    None
}

/// A date in a URL path: `/2024/03/14/`, `/2024-03-14-`, `/20240314/`.
pub fn from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next()?;
    let path = path.find('/').map_or("", |slash| &path[slash..]);
    let bytes = path.as_bytes();
    for start in 0..bytes.len() {
        if !bytes[start].is_ascii_digit() || (start > 0 && bytes[start - 1].is_ascii_alphanumeric())
        {
            continue;
        }
        let rest = &path[start..];
        let rb = rest.as_bytes();
        if rb.len() >= 10 {
            let sep = rb[4];
            if (sep == b'/' || sep == b'-' || sep == b'_') && rb[7] == sep {
                let ends_ok = rb.get(10).is_none_or(|b| !b.is_ascii_digit());
                if ends_ok {
                    if let (Some(y), Some(m), Some(d)) = (
                        digits(&rest[0..4]),
                        digits(&rest[5..7]),
                        digits(&rest[8..10]),
                    ) {
                        if let Some(date) = ymd(y, m, d) {
                            return Some(date);
                        }
                    }
                }
            }
        }
        if rb.len() >= 8 && rb[..8].iter().all(u8::is_ascii_digit) {
            let ends_ok = rb.get(8).is_none_or(|b| !b.is_ascii_alphanumeric());
            if ends_ok {
                if let (Some(y), Some(m), Some(d)) = (
                    digits(&rest[0..4]),
                    digits(&rest[4..6]),
                    digits(&rest[6..8]),
                ) {
                    if let Some(date) = ymd(y, m, d) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms() {
        assert_eq!(normalize("2024-03-14").as_deref(), Some("2024-03-14"));
        assert_eq!(
            normalize("2024-03-14T09:30:00+0100").as_deref(),
            Some("2024-03-14T09:30:00+01:00")
        );
        assert_eq!(
            normalize("2024-03-14T09:30:00.123Z").as_deref(),
            Some("2024-03-14T09:30:00Z")
        );
        assert_eq!(
            normalize("2024-03-14 09:30").as_deref(),
            Some("2024-03-14T09:30:00")
        );
        assert_eq!(normalize("2024-02-30"), None);
        assert_eq!(normalize("1024-02-03"), None);
    }

    #[test]
    fn textual_and_numeric_forms() {
        assert_eq!(
            normalize("Thu, 14 Mar 2024 09:30:00 GMT").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(normalize("March 14th, 2024").as_deref(), Some("2024-03-14"));
        assert_eq!(normalize("14. März 2024").as_deref(), Some("2024-03-14"));
        assert_eq!(normalize("14.03.2024").as_deref(), Some("2024-03-14"));
        assert_eq!(normalize("3/14/2024").as_deref(), Some("2024-03-14"));
        assert_eq!(normalize("20240314").as_deref(), Some("2024-03-14"));
        assert_eq!(normalize("not a date"), None);
    }

    #[test]
    fn dates_in_text_and_urls() {
        assert_eq!(
            find_in_text("Veröffentlicht am 14.03.2024, 09:30 Uhr").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(
            find_in_text("Posted on March 14, 2024 by Ann").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(
            from_url("https://example.org/news/2024/03/14/story-title/").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(
            from_url("https://example.org/2024-03-14-story").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(from_url("https://example.org/story-123456789"), None);
        assert_eq!(from_url("https://2024.example.org/12/10/x"), None);
    }
}
