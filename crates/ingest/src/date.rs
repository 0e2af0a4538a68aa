//! Publication dates to ISO 8601.
//!
//! Recognised (whole string, case-insensitive, surrounding whitespace ignored):
//!
//! * ISO 8601 and near variants: `2026-03-14`, `2026/03/14`, `2026.3.14`,
//!   `2026-03-14T09:30`, `2026-03-14 09:30:00.250+01:00`, `2026-03-14T09:30:00Z`;
//! * RFC 2822 / e-mail and RSS style: `Sat, 14 Mar 2026 09:30:00 GMT`, `… +0100`, `… EST`;
//! * written dates: `14 March 2026`, `14th of March 2026`, `March 14, 2026`, `Mar. 14 2026`,
//!   optionally with a weekday, `at`, a time (`9:30`, `9:30 pm`, `21:30:05`) and a zone.
//!
//! Output is `YYYY-MM-DD` for a date, `YYYY-MM-DDTHH:MM:SS[.fff]` for a date-time without a
//! zone, with `Z` or `±HH:MM` appended when the zone is known. Anything else — including
//! all-numeric dates with the year last (`03/04/2026`: March or April?), two-digit years and
//! unknown zone names — is kept as given (trimmed): the reader does not guess.

/// The date as ISO 8601 when it can be read unambiguously, else the trimmed input.
pub fn normalize_date(raw: &str) -> String {
    parse_date(raw).unwrap_or_else(|| raw.trim().to_string())
}

/// The date as ISO 8601, or `None` when it is not in a recognised form or not a real date.
pub(crate) fn parse_date(raw: &str) -> Option<String> {
    let text = raw.trim();
    if text.is_empty() || !text.is_ascii() {
        return None;
    }
    let parsed = parse_iso_like(text).or_else(|| parse_written(text))?;
    parsed.validate()?;
    Some(parsed.to_iso())
}

#[derive(Debug, Default, PartialEq, Eq)]
struct DateTime {
    year: u32,
    month: u32,
    day: u32,
    time: Option<Time>,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Time {
    hour: u32,
    minute: u32,
    second: u32,
    /// Fractional seconds digits as given, without the dot.
    fraction: String,
    /// Offset from UTC in minutes, when known.
    offset_minutes: Option<i32>,
}

impl DateTime {
    fn validate(&self) -> Option<()> {
        let days_in_month = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap_year(self.year) => 29,
            2 => 28,
            _ => return None,
        };
        if !(1000..=9999).contains(&self.year) || self.day == 0 || self.day > days_in_month {
            return None;
        }
        if let Some(time) = &self.time {
            let offset_ok = time
                .offset_minutes
                .is_none_or(|offset| offset.abs() < 24 * 60);
            if time.hour > 23 || time.minute > 59 || time.second > 60 || !offset_ok {
                return None;
            }
        }
        Some(())
    }

    fn to_iso(&self) -> String {
        let mut iso = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if let Some(time) = &self.time {
            iso.push_str(&format!(
                "T{:02}:{:02}:{:02}",
                time.hour, time.minute, time.second
            ));
            if !time.fraction.is_empty() {
                iso.push('.');
                iso.push_str(&time.fraction);
            }
            match time.offset_minutes {
                None => {}
                Some(0) => iso.push('Z'),
                Some(offset) => {
                    let sign = if offset < 0 { '-' } else { '+' };
                    let offset = offset.unsigned_abs();
                    iso.push_str(&format!("{sign}{:02}:{:02}", offset / 60, offset % 60));
                }
            }
        }
        iso
    }
}

fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// A cursor over ASCII text.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let len = self
            .rest
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if len < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at(len);
        self.rest = rest;
        digits.parse().ok()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.rest.as_bytes().first() == Some(&byte) {
            self.rest = &self.rest[1..];
            true
        } else {
            false
        }
    }

    fn eat_any(&mut self, bytes: &[u8]) -> Option<u8> {
        let first = *self.rest.as_bytes().first()?;
        if bytes.contains(&first) {
            self.rest = &self.rest[1..];
            Some(first)
        } else {
            None
        }
    }

    fn skip_spaces(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn is_done(&self) -> bool {
        self.rest.is_empty()
    }
}

/// `YYYY-MM-DD` (or `/`, `.`), then optionally `T` or space, a time and a zone.
fn parse_iso_like(text: &str) -> Option<DateTime> {
    let mut cursor = Cursor { rest: text };
    let year = cursor.digits(4, 4)?;
    let separator = cursor.eat_any(b"-/.")?;
    let month = cursor.digits(1, 2)?;
    if !cursor.eat(separator) {
        return None;
    }
    let day = cursor.digits(1, 2)?;
    let mut date = DateTime {
        year,
        month,
        day,
        time: None,
    };
    if cursor.is_done() {
        return Some(date);
    }
    if cursor.eat_any(b"Tt").is_none() {
        cursor.skip_spaces();
    }
    let mut time = parse_clock(&mut cursor)?;
    cursor.skip_spaces();
    if !cursor.is_done() {
        time.offset_minutes = Some(parse_zone(cursor.rest)?);
    }
    date.time = Some(time);
    Some(date)
}

/// `HH:MM[:SS[.fff]]`, leaving the cursor after it.
fn parse_clock(cursor: &mut Cursor<'_>) -> Option<Time> {
    let hour = cursor.digits(1, 2)?;
    if !cursor.eat(b':') {
        return None;
    }
    let minute = cursor.digits(2, 2)?;
    let mut time = Time {
        hour,
        minute,
        ..Time::default()
    };
    if cursor.eat(b':') {
        time.second = cursor.digits(2, 2)?;
        if cursor.eat_any(b".,").is_some() {
            let len = cursor.rest.bytes().take_while(u8::is_ascii_digit).count();
            if len == 0 {
                return None;
            }
            let (fraction, rest) = cursor.rest.split_at(len);
            time.fraction = fraction.to_string();
            cursor.rest = rest;
        }
    }
    Some(time)
}

/// A zone: `Z`, `UTC`, `GMT`, `UT`, the RFC 2822 North American names, or a numeric offset
/// `±HH`, `±HHMM`, `±HH:MM`. Returns the offset in minutes.
fn parse_zone(text: &str) -> Option<i32> {
    let named = match text.to_ascii_lowercase().as_str() {
        "z" | "utc" | "gmt" | "ut" => Some(0),
        "edt" => Some(-4 * 60),
        "est" | "cdt" => Some(-5 * 60),
        "cst" | "mdt" => Some(-6 * 60),
        "mst" | "pdt" => Some(-7 * 60),
        "pst" => Some(-8 * 60),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let mut cursor = Cursor { rest: text };
    let sign = match cursor.eat_any(b"+-")? {
        b'-' => -1,
        _ => 1,
    };
    let hours = cursor.digits(2, 2)?;
    let minutes = if cursor.is_done() {
        0
    } else {
        cursor.eat(b':');
        cursor.digits(2, 2)?
    };
    if !cursor.is_done() || minutes > 59 {
        return None;
    }
    i32::try_from(hours * 60 + minutes).ok().map(|m| sign * m)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `jan`, `sept`, `march` → 3; full names and prefixes of at least three letters.
fn month_number(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|name| name.starts_with(word))?;
    u32::try_from(index + 1).ok()
}

fn is_weekday(word: &str) -> bool {
    word.len() >= 3 && WEEKDAYS.iter().any(|name| name.starts_with(word))
}

/// `14`, `14th`, `1st`, `2nd`, `3rd`.
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

fn year_number(word: &str) -> Option<u32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// Written dates: `[weekday] D [of] Month YYYY` or `[weekday] Month D YYYY`, then optionally
/// `[at] H:MM[:SS] [am|pm] [zone]`.
fn parse_written(text: &str) -> Option<DateTime> {
    let lowered = text.to_ascii_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = words.into_iter().peekable();
    if words.peek().is_some_and(|w| is_weekday(w)) {
        words.next();
    }
    let first = words.next()?;
    let (day, month) = if let Some(month) = month_number(first) {
        (day_number(words.next()?)?, month)
    } else {
        let day = day_number(first)?;
        let mut word = words.next()?;
        if word == "of" {
            word = words.next()?;
        }
        (day, month_number(word)?)
    };
    let year = year_number(words.next()?)?;
    let mut date = DateTime {
        year,
        month,
        day,
        time: None,
    };
    let Some(mut word) = words.next() else {
        return Some(date);
    };
    if word == "at" {
        word = words.next()?;
    }
    // The clock, possibly with `am`/`pm` attached (`9:30pm`).
    let clock_len = word
        .bytes()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b':' | b'.'))
        .count();
    let (clock, attached_meridiem) = word.split_at(clock_len);
    let mut cursor = Cursor { rest: clock };
    let mut time = parse_clock(&mut cursor)?;
    if !cursor.is_done() {
        return None;
    }
    let mut next = if attached_meridiem.is_empty() {
        words.next()
    } else {
        Some(attached_meridiem)
    };
    if let Some(meridiem) = next.and_then(meridiem_is_pm) {
        if time.hour == 0 || time.hour > 12 {
            return None;
        }
        time.hour = time.hour % 12 + if meridiem { 12 } else { 0 };
        next = words.next();
    } else if !attached_meridiem.is_empty() {
        return None;
    }
    if let Some(zone) = next {
        time.offset_minutes = Some(parse_zone(zone)?);
    }
    if words.next().is_some() {
        return None;
    }
    date.time = Some(time);
    Some(date)
}

/// `am`/`a.m` → false, `pm`/`p.m` → true (trailing dots are already gone).
fn meridiem_is_pm(word: &str) -> Option<bool> {
    match word {
        "am" | "a.m" => Some(false),
        "pm" | "p.m" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms() {
        let cases = [
            ("2026-03-14", "2026-03-14"),
            (" 2026/3/4 ", "2026-03-04"),
            ("2026.03.14", "2026-03-14"),
            ("2026-03-14T09:30", "2026-03-14T09:30:00"),
            ("2026-03-14 09:30:05", "2026-03-14T09:30:05"),
            ("2026-03-14T09:30:00Z", "2026-03-14T09:30:00Z"),
            (
                "2026-03-14T09:30:00.250+01:00",
                "2026-03-14T09:30:00.250+01:00",
            ),
            ("2026-03-14T09:30:00-0500", "2026-03-14T09:30:00-05:00"),
            ("2026-03-14 09:30 UTC", "2026-03-14T09:30:00Z"),
            ("2026-03-14T09:30:00+00:00", "2026-03-14T09:30:00Z"),
        ];
        for (raw, iso) in cases {
            assert_eq!(parse_date(raw).as_deref(), Some(iso), "{raw}");
        }
    }

    #[test]
    fn rfc_2822_and_written_forms() {
        let cases = [
            ("Sat, 14 Mar 2026 09:30:00 GMT", "2026-03-14T09:30:00Z"),
            (
                "Sat, 14 Mar 2026 09:30:00 +0100",
                "2026-03-14T09:30:00+01:00",
            ),
            ("14 Mar 2026 09:30 EST", "2026-03-14T09:30:00-05:00"),
            ("14 March 2026", "2026-03-14"),
            ("14th of March, 2026", "2026-03-14"),
            ("March 14, 2026", "2026-03-14"),
            ("Mar. 4 2026", "2026-03-04"),
            ("Sept 1, 2025", "2025-09-01"),
            ("Tuesday, 1st April 2025", "2025-04-01"),
            ("March 14, 2026 at 9:30 pm", "2026-03-14T21:30:00"),
            ("March 14, 2026 12:05am", "2026-03-14T00:05:00"),
            ("MARCH 14, 2026 9:30 P.M. GMT", "2026-03-14T21:30:00Z"),
        ];
        for (raw, iso) in cases {
            assert_eq!(parse_date(raw).as_deref(), Some(iso), "{raw}");
        }
    }

    #[test]
    fn ambiguous_or_invalid_dates_are_kept_as_given() {
        for raw in [
            "03/04/2026",
            "14/03/2026",
            "14 Mar 26",
            "2026-02-30",
            "2026-13-01",
            "2025-02-29",
            "March 14, 2026 25:00",
            "14 March 2026 09:30 BST",
            "yesterday",
            "",
            "2026-03-14T09:30:00+2500",
            "13:30 pm March 14 2026",
            "14 Ma 2026",
        ] {
            assert_eq!(parse_date(raw), None, "{raw}");
        }
        assert_eq!(normalize_date("  03/04/2026 "), "03/04/2026");
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
    }
}
