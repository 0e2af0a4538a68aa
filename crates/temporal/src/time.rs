//! Time expressions: detection over the word view of a sentence and TIMEX3 normalisation.
//!
//! At each word the matchers below are tried and the longest match wins. A match is an
//! extent (as TimeML annotates it: determiners and modifiers such as "the", "last", "early"
//! inside, prepositions outside) with a type and, where the anchor allows, a value.

use newsgraph_core::{Span, TimeType};

use crate::calendar::{add_months, week_value, Date};
use crate::words::{number_phrase, ordinal, Word};

/// Past or future, read off the verbs near an expression; decides which "Sunday" is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// Units of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Weekend,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    fn parse(word: &str) -> Option<(Unit, bool)> {
        Some(match word {
            "second" => (Unit::Second, false),
            "seconds" => (Unit::Second, true),
            "minute" => (Unit::Minute, false),
            "minutes" => (Unit::Minute, true),
            "hour" => (Unit::Hour, false),
            "hours" => (Unit::Hour, true),
            "day" => (Unit::Day, false),
            "days" => (Unit::Day, true),
            "weekend" => (Unit::Weekend, false),
            "weekends" => (Unit::Weekend, true),
            "week" => (Unit::Week, false),
            "weeks" => (Unit::Week, true),
            "fortnight" => (Unit::Week, false),
            "month" => (Unit::Month, false),
            "months" => (Unit::Month, true),
            "quarter" => (Unit::Quarter, false),
            "quarters" => (Unit::Quarter, true),
            "year" => (Unit::Year, false),
            "years" => (Unit::Year, true),
            "decade" => (Unit::Decade, false),
            "decades" => (Unit::Decade, true),
            "century" => (Unit::Century, false),
            "centuries" => (Unit::Century, true),
            _ => return None,
        })
    }

    /// A duration of `n` units, TIMEX3-style ("P2W", "PT5H", "P10Y"); `None` for "some".
    fn duration(self, n: Option<f64>) -> String {
        let (time, letter, factor) = match self {
            Unit::Second => (true, "S", 1.0),
            Unit::Minute => (true, "M", 1.0),
            Unit::Hour => (true, "H", 1.0),
            Unit::Day => (false, "D", 1.0),
            Unit::Weekend => (false, "WE", 1.0),
            Unit::Week => (false, "W", 1.0),
            Unit::Month => (false, "M", 1.0),
            Unit::Quarter => (false, "Q", 1.0),
            Unit::Year => (false, "Y", 1.0),
            Unit::Decade => (false, "Y", 10.0),
            Unit::Century => (false, "Y", 100.0),
        };
        let t = if time { "T" } else { "" };
        match n {
            Some(n) => {
                let v = n * factor;
                if v.fract() == 0.0 {
                    format!("P{t}{}{letter}", v as i64)
                } else if (v * 2.0).fract() == 0.0 && !time && letter == "Y" {
                    format!("P{}M", (v * 12.0) as i64)
                } else if (v * 2.0).fract() == 0.0 && time && letter == "H" {
                    format!("PT{}M", (v * 60.0) as i64)
                } else {
                    format!("P{t}{v}{letter}")
                }
            }
            None => {
                let letter = match self {
                    Unit::Decade => "DE",
                    Unit::Century => "CE",
                    _ => letter,
                };
                format!("P{t}X{letter}")
            }
        }
    }

    /// The anchor shifted by `n` units, at the unit's granularity ("2026-03-07", "2026-W10",
    /// "2026-02", "2025").
    fn shifted(self, anchor: Date, n: i64) -> Option<String> {
        Some(match self {
            Unit::Second | Unit::Minute | Unit::Hour => anchor.to_string(),
            Unit::Day => anchor.add_days(n).to_string(),
            Unit::Weekend => format!("{}-WE", week_value(anchor.add_days(7 * n))),
            Unit::Week => week_value(anchor.add_days(7 * n)),
            Unit::Month => {
                let (y, m) = add_months(anchor.year, anchor.month, n);
                format!("{y:04}-{m:02}")
            }
            Unit::Quarter => {
                let q = i64::from(anchor.year) * 4 + i64::from(anchor.quarter()) - 1 + n;
                format!("{:04}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
            }
            Unit::Year => format!("{:04}", i64::from(anchor.year) + n),
            Unit::Decade => format!("{:03}", (i64::from(anchor.year) + 10 * n).div_euclid(10)),
            Unit::Century => format!("{:02}", (i64::from(anchor.year) + 100 * n).div_euclid(100)),
        })
    }
}

fn weekday(word: &str) -> Option<u32> {
    Some(match word.trim_end_matches('.') {
        "monday" | "mon" => 1,
        "tuesday" | "tue" | "tues" => 2,
        "wednesday" | "wed" => 3,
        "thursday" | "thu" | "thur" | "thurs" => 4,
        "friday" | "fri" => 5,
        "saturday" | "sat" => 6,
        "sunday" | "sun" => 7,
        _ => return None,
    })
}

/// Month number and whether the word is an abbreviation.
fn month(word: &str) -> Option<(u32, bool)> {
    Some(match word {
        "january" => (1, false),
        "february" => (2, false),
        "march" => (3, false),
        "april" => (4, false),
        "may" => (5, false),
        "june" => (6, false),
        "july" => (7, false),
        "august" => (8, false),
        "september" => (9, false),
        "october" => (10, false),
        "november" => (11, false),
        "december" => (12, false),
        _ => {
            let m = match word.trim_end_matches('.') {
                "jan" => 1,
                "feb" => 2,
                "mar" => 3,
                "apr" => 4,
                "jun" => 6,
                "jul" => 7,
                "aug" => 8,
                "sep" | "sept" => 9,
                "oct" => 10,
                "nov" => 11,
                "dec" => 12,
                _ => return None,
            };
            (m, true)
        }
    })
}

fn season(word: &str) -> Option<&'static str> {
    Some(match word {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

fn season_month(code: &str) -> u32 {
    match code {
        "SP" => 4,
        "SU" => 7,
        "FA" => 10,
        _ => 1,
    }
}

fn part_of_day(word: &str) -> Option<&'static str> {
    Some(match word {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "overnight" => "NI",
        _ => return None,
    })
}

fn year_number(word: &str) -> Option<i32> {
    let b = word.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y: i32 = word.parse().ok()?;
    (1000..=2199).contains(&y).then_some(y)
}

/// A decade word, valued at the decade's granularity as TIMEX3 has it (three digits): "1990s"
/// → "199", "'90s"/"90s" → "199" (20th century assumed).
fn decade(word: &str) -> Option<String> {
    let w = word.strip_prefix('\'').unwrap_or(word);
    let digits = w.strip_suffix("s").map(|d| d.trim_end_matches('\''))?;
    let b = digits.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match b.len() {
        4 if b[3] == b'0' => Some(digits[..3].to_string()),
        2 if b[1] == b'0' => Some(format!("19{}", &digits[..1])),
        _ => None,
    }
}

/// The tens digit of a written decade ("nineties" → 9).
fn decade_word(word: &str) -> Option<u32> {
    Some(match word {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        "nineties" => 9,
        _ => return None,
    })
}

/// A clock time "10:35", "3:30" → (hour, minute).
fn clock(word: &str) -> Option<(u32, u32)> {
    let (h, m) = word.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some((h, m))
}

fn meridiem(word: &str) -> Option<bool> {
    match word.trim_end_matches('.') {
        "a.m" | "am" => Some(false),
        "p.m" | "pm" => Some(true),
        _ => None,
    }
}

fn time_zone(word: &str) -> bool {
    matches!(
        word,
        "est"
            | "edt"
            | "cst"
            | "cdt"
            | "mst"
            | "mdt"
            | "pst"
            | "pdt"
            | "gmt"
            | "utc"
            | "bst"
            | "cet"
            | "cest"
            | "et"
            | "pt"
    )
}

/// What one matcher found.
#[derive(Debug, Clone)]
pub struct Found {
    /// Word index range.
    pub start: usize,
    pub end: usize,
    pub time_type: TimeType,
    pub value: Option<String>,
    /// Whether the value was computed from the anchor.
    pub relative: bool,
}

/// The sentence being matched.
pub struct Matcher<'s, 'a> {
    pub text: &'a str,
    pub words: &'s [Word<'a>],
    pub anchor: Option<Date>,
    /// Tense cue per word (the nearest verb's), filled by the caller.
    pub tense: &'s [Option<Tense>],
    /// The last explicit date value in the document so far ("1989-Q3"), for "a year earlier".
    pub last_reference: Option<&'s str>,
}

impl Matcher<'_, '_> {
    fn w(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| &w.lower)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.words
            .get(i)
            .and_then(|w| self.text.as_bytes().get(w.span.start))
            .is_some_and(u8::is_ascii_uppercase)
    }

    fn tense_at(&self, i: usize) -> Tense {
        self.tense.get(i).copied().flatten().unwrap_or(Tense::Past)
    }

    /// Skip a "." token glued to an abbreviation at `i` ("Aug" ".").
    fn skip_dot(&self, i: usize) -> usize {
        match (self.words.get(i.wrapping_sub(1)), self.words.get(i)) {
            (Some(prev), Some(dot)) if &*dot.lower == "." && prev.span.end == dot.span.start => {
                i + 1
            }
            _ => i,
        }
    }

    /// Try every matcher at word `i`; the longest match, if any.
    pub fn match_at(&self, i: usize) -> Option<Found> {
        let w = self.w(i);
        // Modifiers that TimeML keeps inside the extent.
        let skip = match w {
            "early" | "late" | "mid" | "earlier" | "later" | "about" | "around" | "nearly"
            | "almost" | "roughly" | "approximately" | "only" | "just" => 1,
            "more" | "less" | "fewer" if self.w(i + 1) == "than" => 2,
            "at" if self.w(i + 1) == "least" => 2,
            "the" | ""
                if matches!(self.w(i + 1), "end" | "beginning" | "start" | "middle")
                    && self.w(i + 2) == "of" =>
            {
                3
            }
            _ => 0,
        };
        let skip = if w == "the" && matches!(self.w(i + 1), "early" | "late" | "mid") {
            2
        } else {
            skip
        };
        let approximate = matches!(
            w,
            "about"
                | "around"
                | "nearly"
                | "almost"
                | "roughly"
                | "approximately"
                | "only"
                | "just"
                | "more"
                | "less"
                | "fewer"
                | "at"
        );
        if skip > 0 {
            let next = self.w(i + skip);
            let numeric = matches!(next, "a" | "an" | "several" | "few")
                || crate::words::cardinal(next).is_some();
            if !approximate || numeric {
                if let Some(mut found) = self.core_at(i + skip) {
                    found.start = i;
                    return Some(found);
                }
            }
        }
        self.core_at(i)
    }

    fn core_at(&self, i: usize) -> Option<Found> {
        let candidates = [
            self.weekday_at(i),
            self.month_at(i),
            self.year_at(i),
            self.quarter_at(i),
            self.relative_at(i),
            self.the_year_at(i),
            self.amount_of_time_at(i),
            self.set_at(i),
            self.clock_at(i),
            self.numeric_date_at(i),
            self.holiday_at(i),
        ];
        let mut best: Option<Found> = None;
        for found in candidates.into_iter().flatten() {
            if best.as_ref().is_none_or(|b| found.end > b.end) {
                best = Some(found);
            }
        }
        let mut best = best?;
        // "this year's third quarter", "1998's second half"
        if self.w(best.end) == "'s" {
            if let Some(part) = self.quarter_at(best.end + 1) {
                if let (Some(year), Some(value)) = (best.value.as_deref(), part.value.as_deref()) {
                    if year.len() == 4 && value.len() > 4 {
                        best.value = Some(format!("{year}{}", &value[4..]));
                    }
                }
                best.end = part.end;
                best.time_type = part.time_type;
            }
        }
        Some(best)
    }

    fn found(&self, start: usize, end: usize, ty: TimeType, value: Option<String>) -> Found {
        Found {
            start,
            end,
            time_type: ty,
            value,
            relative: false,
        }
    }

    fn relative(&self, start: usize, end: usize, ty: TimeType, value: Option<String>) -> Found {
        Found {
            start,
            end,
            time_type: ty,
            value,
            relative: true,
        }
    }

    /// The date of weekday `day` near the anchor: on or before it in the past tense, on or
    /// after it in the future tense.
    fn resolve_weekday(&self, day: u32, tense: Tense, offset: i64) -> Option<Date> {
        let anchor = self.anchor?;
        let today = i64::from(anchor.weekday());
        let day = i64::from(day);
        let delta = match offset {
            -1 => -((today - day - 1).rem_euclid(7) + 1),
            1 => (day - today - 1).rem_euclid(7) + 1,
            _ => match tense {
                Tense::Future => (day - today).rem_euclid(7),
                Tense::Past | Tense::Present => -(today - day).rem_euclid(7),
            },
        };
        Some(anchor.add_days(delta))
    }

    /// The year of month `m` near the anchor, by tense (or `offset` = last/next).
    fn resolve_month_year(&self, m: u32, tense: Tense, offset: i64) -> Option<i32> {
        let anchor = self.anchor?;
        Some(match offset {
            -1 if m >= anchor.month => anchor.year - 1,
            1 if m <= anchor.month => anchor.year + 1,
            -1 | 1 => anchor.year,
            _ => match tense {
                Tense::Past if m > anchor.month + 1 => anchor.year - 1,
                Tense::Future if m + 1 < anchor.month => anchor.year + 1,
                // The present tense ("the dividend is payable Jan. 2", "properties worth ... in
                // October are worth half that now") names the month nearest the writing, news
                // looking back further than ahead: from eight months before to three after.
                Tense::Present if m > anchor.month + 3 => anchor.year - 1,
                Tense::Present if m + 8 < anchor.month => anchor.year + 1,
                _ => anchor.year,
            },
        })
    }

    /// "Friday", "Friday morning", "Monday, Oct. 26", "Friday, Oct. 23, 1998".
    fn weekday_at(&self, i: usize) -> Option<Found> {
        let day = weekday(self.w(i))?;
        // "Sun", "Sat", "Wed" are weekdays only as abbreviations with a dot.
        let short = self.w(i).len() <= 4;
        if short && (!self.capitalised(i) || self.skip_dot(i + 1) == i + 1) {
            return None;
        }
        let end = if self.w(i).len() <= 4 {
            self.skip_dot(i + 1)
        } else {
            i + 1
        };
        // "Friday, Oct. 13", "Friday Oct. 13"
        let comma = usize::from(self.w(end) == ",");
        if let Some(date) = self.month_at(end + comma) {
            let dated = date.value.as_deref().is_some_and(|v| v.len() == 10);
            if dated || (comma == 1 && date.end > end + 2) {
                return Some(Found { start: i, ..date });
            }
        }
        let date = self.resolve_weekday(day, self.tense_at(i), 0);
        // "Friday night": TimeML annotators mostly give the day's date (and often leave the part
        // of the day out of the extent).
        let end = if part_of_day(self.w(end)).is_some() {
            end + 1
        } else {
            end
        };
        Some(self.relative(i, end, TimeType::Date, date.map(|d| d.to_string())))
    }

    /// "July 26", "Aug. 7, 1998", "March 1998", "March", "26 July 2026", "mid-August".
    fn month_at(&self, i: usize) -> Option<Found> {
        // "26 July [2026]"
        if let Some(day) = self.day_number(i) {
            if let Some((m, _)) = month(self.w(i + 1)) {
                if self.capitalised(i + 1) {
                    let mut end = self.skip_dot(i + 2);
                    let mut year = None;
                    if let Some(y) = year_number(self.w(end)) {
                        year = Some(y);
                        end += 1;
                    }
                    return Some(self.date_value(i, end, year, m, Some(day)));
                }
            }
        }
        let (m, abbreviation) = month(self.w(i))?;
        if !self.capitalised(i) {
            return None;
        }
        let mut end = if abbreviation {
            self.skip_dot(i + 1)
        } else {
            i + 1
        };
        if abbreviation
            && end == i + 1
            && !self.w(i).ends_with('.')
            && self.day_number(end).is_none()
        {
            return None;
        }
        let mut day = None;
        if let Some(d) = self.day_number(end) {
            day = Some(d);
            end += 1;
        }
        let mut year = None;
        let comma = usize::from(self.w(end) == "," && day.is_some());
        if let Some(y) = year_number(self.w(end + comma)) {
            year = Some(y);
            end += comma + 1;
        } else if self.w(end) == "of" {
            if let Some(y) = year_number(self.w(end + 1)) {
                year = Some(y);
                end += 2;
            }
        } else if let Some((y, year_end)) = self.spelled_year(end) {
            // "January nineteen ninety-seven"
            year = Some(y);
            end = year_end;
        }
        // "June last year", "January this year"
        if year.is_none() && day.is_none() && self.w(end + 1) == "year" {
            let shift = match self.w(end) {
                "last" => Some(-1),
                "this" => Some(0),
                "next" => Some(1),
                _ => None,
            };
            if let (Some(shift), Some(a)) = (shift, self.anchor) {
                let value = Some(format!("{:04}-{m:02}", a.year + shift));
                return Some(self.relative(i, end + 2, TimeType::Date, value));
            }
        }
        // "may" and "march" alone are verbs more often than months.
        if day.is_none() && year.is_none() && matches!(self.w(i), "may" | "march") {
            let prev = self.w(i.wrapping_sub(1));
            if !matches!(
                prev,
                "in" | "since"
                    | "until"
                    | "by"
                    | "last"
                    | "next"
                    | "this"
                    | "early"
                    | "late"
                    | "mid"
                    | "of"
                    | "from"
                    | "through"
                    | "and"
                    | "to"
                    | "before"
                    | "after"
            ) {
                return None;
            }
        }
        Some(self.date_value(i, end, year, m, day))
    }

    /// A year spelled out, "nineteen ninety-six": the year and the end of the words.
    fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
        if self.w(i) != "nineteen" {
            return None;
        }
        let (end, n) = number_phrase(self.words, i + 1)?;
        ((10.0..100.0).contains(&n) && end > i + 1).then_some((1900 + n as i32, end))
    }

    fn day_number(&self, i: usize) -> Option<u32> {
        let w = self.w(i);
        let d = if w.bytes().all(|b| b.is_ascii_digit()) && (1..=2).contains(&w.len()) {
            w.parse().ok()?
        } else {
            ordinal(w).filter(|_| w.as_bytes()[0].is_ascii_digit())?
        };
        (1..=31).contains(&d).then_some(d)
    }

    fn date_value(
        &self,
        start: usize,
        end: usize,
        year: Option<i32>,
        m: u32,
        day: Option<u32>,
    ) -> Found {
        let relative = year.is_none();
        let year = year.or_else(|| self.resolve_month_year(m, self.tense_at(start), 0));
        let value = match (year, day) {
            (Some(y), Some(d)) => Date::new(y, m, d).map(|d| d.to_string()),
            (Some(y), None) => Some(format!("{y:04}-{m:02}")),
            (None, Some(d)) => Some(format!("XXXX-{m:02}-{d:02}")),
            (None, None) => Some(format!("XXXX-{m:02}")),
        };
        Found {
            start,
            end,
            time_type: TimeType::Date,
            value,
            relative,
        }
    }

    /// "1998", "fiscal 1999", "the 1990s", "'90s", "nineteen ninety-six", "the 20th century".
    fn year_at(&self, i: usize) -> Option<Found> {
        let (start, i) = match self.w(i) {
            "the" | "fiscal" => (i, i + 1),
            _ => (i, i),
        };
        let (start, i) = if self.w(i) == "fiscal" {
            (start, i + 1)
        } else {
            (start, i)
        };
        let w = self.w(i);
        if let Some(y) = year_number(w) {
            let prev = self.w(start.wrapping_sub(1));
            let next = self.w(i + 1);
            if matches!(prev, "$" | "#" | "no." | "number")
                || matches!(next, "%" | "percent" | "per" | ":" | "-")
                || self.words.get(i + 1).is_some_and(|n| n.hyphen_before)
            {
                return None;
            }
            // "1,200 troops" has a comma; "2000 troops" is a count when a plural noun follows.
            let plural = (next.len() > 3 && next.ends_with('s') && !next.ends_with("ss"))
                || matches!(next, "people" | "men" | "women" | "children");
            if plural && next != "was" {
                if let Some(_unit) = Unit::parse(next) {
                } else if prev != "in" && prev != "since" {
                    return None;
                }
            }
            if start < i && self.w(start) == "the" && self.w(i.wrapping_sub(1)) != "fiscal" {
                // "the 1988 period", "the 1989 quarter"
                if matches!(next, "period" | "quarter" | "season" | "year") {
                    // "the 1988 quarter" after "the third quarter": that quarter of 1988.
                    let quarter = self
                        .last_reference
                        .and_then(|r| r.get(4..))
                        .filter(|q| q.len() == 3 && q.starts_with("-Q"))
                        .filter(|_| matches!(next, "period" | "quarter"));
                    let value = match quarter {
                        Some(q) => format!("{y:04}{q}"),
                        None => format!("{y:04}"),
                    };
                    return Some(self.found(start, i + 2, TimeType::Date, Some(value)));
                }
                return None;
            }
            return Some(self.found(start, i + 1, TimeType::Date, Some(format!("{y:04}"))));
        }
        if let Some(d) = decade(w) {
            // "in his 30s" is an age.
            let age = matches!(
                self.w(i.wrapping_sub(1)),
                "his" | "her" | "their" | "your" | "my"
            );
            if age && w.len() <= 4 {
                return None;
            }
            return Some(self.found(start, i + 1, TimeType::Date, Some(d)));
        }
        // "the nineties" (but "in their sixties" is an age)
        if start < i && self.w(start) == "the" {
            if let Some(tens) = decade_word(w) {
                return Some(self.found(start, i + 1, TimeType::Date, Some(format!("19{tens}"))));
            }
        }
        if let Some((y, end)) = self.spelled_year(i) {
            return Some(self.found(start, end, TimeType::Date, Some(y.to_string())));
        }
        if w == "year" && matches!(self.w(i + 1), "two") && self.w(i + 2) == "thousand" {
            return Some(self.found(start, i + 3, TimeType::Date, Some("2000".into())));
        }
        if let Some(n) = ordinal(w) {
            if self.w(i + 1) == "century" && start < i {
                let value = format!("{:02}", n.saturating_sub(1));
                return Some(self.found(start, i + 2, TimeType::Date, Some(value)));
            }
        }
        None
    }

    /// "the third quarter", "third-quarter", "the fiscal first quarter", "the first half",
    /// "the first quarter of 1998", "the first nine months", "the quarter".
    fn quarter_at(&self, i: usize) -> Option<Found> {
        let start = i;
        let mut i = i;
        let mut the = false;
        if self.w(i) == "the" {
            the = true;
            i += 1;
        }
        if self.w(i) == "fiscal" {
            i += 1;
        }
        let mut year_offset = 0;
        if matches!(self.w(i), "year" | "year's")
            && matches!(self.w(i + 1), "earlier" | "ago" | "before")
        {
            year_offset = -1;
            i += 2;
        }
        if self.w(i) == "fiscal" {
            i += 1;
        }
        let mut explicit_year = None;
        if the {
            if let Some(y) = year_number(self.w(i)) {
                if matches!(
                    self.w(i + 1),
                    "quarter" | "period" | "first" | "second" | "third" | "fourth" | "fiscal"
                ) {
                    explicit_year = Some(y);
                    i += 1;
                }
            }
        }
        let w = self.w(i);
        let (n, unit_word) = match ordinal(w) {
            Some(n) if n <= 4 => (Some(n), i + 1),
            _ => match w {
                "latest" | "last" | "past" | "previous" | "most" | "current" | "same" => {
                    let k = if w == "most" && self.w(i + 1) == "recent" {
                        2
                    } else {
                        1
                    };
                    (None, i + k)
                }
                _ => (None, i),
            },
        };
        let anchor = self.anchor;
        let unit = self.w(unit_word);
        let period = unit == "period"
            && (year_offset != 0
                || explicit_year.is_some()
                || (the && unit_word > i && self.w(unit_word - 1) == "latest"));
        if unit == "quarter" || period {
            // "the third-quarter results": the article belongs to the noun, not the time.
            let start = if the
                && self.words.get(unit_word).is_some_and(|u| u.hyphen_before)
                && unit_word == start + 2
            {
                start + 1
            } else {
                start
            };
            if n.is_none() && !the && unit_word == i {
                return None;
            }
            let mut end = unit_word + 1;
            let mut year = explicit_year;
            if self.w(end) == "of" {
                if let Some(y) = year_number(self.w(end + 1)) {
                    year = Some(y);
                    end += 2;
                }
            } else if let Some(y) = year_number(self.w(end)) {
                year = Some(y);
                end += 1;
            } else if self.w(end) == "a"
                && self.w(end + 1) == "year"
                && matches!(self.w(end + 2), "ago" | "earlier")
            {
                // "the quarter a year ago"
                year_offset -= 1;
                end += 3;
            }
            let q = match n {
                Some(q) => Some(q),
                None => match self.w(unit_word - 1) {
                    "current" => anchor.map(|a| a.quarter()),
                    _ => None,
                },
            };
            let value = match (q, year, anchor) {
                (Some(q), Some(y), _) => Some(format!("{y:04}-Q{q}")),
                (Some(q), None, Some(a)) => {
                    let y = if q > a.quarter() && self.tense_at(start) != Tense::Future {
                        a.year - 1
                    } else {
                        a.year
                    };
                    Some(format!("{:04}-Q{q}", y + year_offset))
                }
                (None, _, Some(a)) => {
                    let reference = self
                        .last_reference
                        .filter(|r| r.len() == 7 && r.as_bytes()[5] == b'Q')
                        .map(str::to_string)
                        .or_else(|| Unit::Quarter.shifted(a, -1));
                    reference.map(|r| shift_year(&r, year_offset))
                }
                _ => None,
            };
            let value = match (explicit_year, &value) {
                (Some(y), Some(v)) if v.len() > 4 => Some(format!("{y:04}{}", &v[4..])),
                (Some(y), None) => Some(format!("{y:04}")),
                _ => value,
            };
            let relative = year.is_none();
            return Some(Found {
                start,
                end,
                time_type: TimeType::Date,
                value,
                relative,
            });
        }
        if unit == "half" && n.is_some_and(|n| n <= 2) {
            let mut end = unit_word + 1;
            let mut year = anchor.map(|a| a.year);
            if self.w(end) == "of" {
                if let Some(y) = year_number(self.w(end + 1)) {
                    year = Some(y);
                    end += 2;
                }
            }
            let value = year.zip(n).map(|(y, n)| format!("{y:04}-H{n}"));
            return Some(self.relative(start, end, TimeType::Date, value));
        }
        // "the first nine months", "the nine months"
        if the {
            let k = if ordinal(w) == Some(1) { i + 1 } else { i };
            if let Some((end, v)) = number_phrase(self.words, k) {
                if matches!(self.w(end), "months" | "years") && v > 1.0 && v < 100.0 {
                    let unit = Unit::parse(self.w(end)).map(|(u, _)| u)?;
                    let value = Some(unit.duration(Some(v)));
                    return Some(self.found(start, end + 1, TimeType::Duration, value));
                }
            }
        }
        None
    }

    /// "today", "yesterday", "now", "recently", "last week", "next year", "this morning",
    /// "the past", "the future", "the weekend", "last Friday", "last November", "this summer",
    /// "the past three years", "the coming days".
    fn relative_at(&self, i: usize) -> Option<Found> {
        let anchor = self.anchor;
        let w = self.w(i);
        let at = |n: i64| anchor.map(|a| a.add_days(n));
        let day_value = |n: i64| at(n).map(|d| d.to_string());
        match w {
            "today" | "yesterday" | "tomorrow" | "tonight" => {
                let offset = match w {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                if w != "tonight" {
                    if let Some(part) = part_of_day(self.w(i + 1)) {
                        let value = at(offset).map(|d| format!("{d}T{part}"));
                        return Some(self.relative(i, i + 2, TimeType::Time, value));
                    }
                    return Some(self.relative(i, i + 1, TimeType::Date, day_value(offset)));
                }
                return Some(self.relative(i, i + 1, TimeType::Date, day_value(0)));
            }
            "now" | "currently" | "nowadays" | "presently" => {
                return Some(self.found(i, i + 1, TimeType::Date, Some("PRESENT_REF".into())));
            }
            "recently" | "lately" => {
                return Some(self.found(i, i + 1, TimeType::Date, Some("PAST_REF".into())));
            }
            "soon" if self.w(i.wrapping_sub(1)) != "as" && self.w(i + 1) != "as" => {
                return Some(self.found(i, i + 1, TimeType::Date, Some("FUTURE_REF".into())));
            }
            "recent" if Unit::parse(self.w(i + 1)).is_some_and(|(_, plural)| plural) => {
                let unit = Unit::parse(self.w(i + 1)).map(|(u, _)| u)?;
                let value = if unit == Unit::Year {
                    "PAST_REF".to_string()
                } else {
                    unit.duration(None)
                };
                let ty = if unit == Unit::Year {
                    TimeType::Date
                } else {
                    TimeType::Duration
                };
                return Some(self.found(i, i + 2, ty, Some(value)));
            }
            _ => {}
        }
        let (the, j) = if w == "the" {
            (true, i + 1)
        } else {
            (false, i)
        };
        let det = self.w(j);
        if the {
            match det {
                "future" => {
                    return Some(self.found(i, j + 1, TimeType::Date, Some("FUTURE_REF".into())))
                }
                "past"
                    if Unit::parse(self.w(j + 1)).is_none()
                        && number_phrase(self.words, j + 1).is_none()
                        && !matches!(self.w(j + 1), "few" | "several") =>
                {
                    return Some(self.found(i, j + 1, TimeType::Date, Some("PAST_REF".into())))
                }
                "weekend" => {
                    // Said on a weekday, unless looking ahead: the weekend just gone.
                    let value = anchor.map(|a| {
                        let back = self.tense_at(i) != Tense::Future && a.weekday() < 6;
                        format!("{}-WE", week_value(a.add_days(if back { -7 } else { 0 })))
                    });
                    return Some(self.relative(i, j + 1, TimeType::Date, value));
                }
                _ => {}
            }
        }
        let offset: i64 = match det {
            "this" | "current" | "coming" | "that" => 0,
            "last" | "past" | "previous" | "recent" => -1,
            "next" | "following" => 1,
            _ => return None,
        };
        let k = j + 1;
        // "the past three years", "the next few days", "the last 24 hours"
        if det != "this" && det != "that" {
            let (end, n) = match self.w(k) {
                "few" | "several" | "many" | "coming" => (k + 1, None),
                _ => match number_phrase(self.words, k) {
                    Some((end, n)) => (end, Some(n)),
                    None => (k, None),
                },
            };
            if end > k {
                let (unit, _) = Unit::parse(self.w(end))?;
                let value = unit.duration(n);
                return Some(self.found(i, end + 1, TimeType::Duration, Some(value)));
            }
        }
        let next = self.w(k);
        if let Some((unit, plural)) = Unit::parse(next) {
            if plural {
                return None;
            }
            // "the following year", "the previous month": next to the last date mentioned.
            if the && matches!(det, "following" | "previous" | "next") {
                let value = self
                    .last_reference
                    .and_then(|r| shift_reference(r, unit, offset));
                return Some(self.relative(i, k + 1, TimeType::Date, value));
            }
            if det == "that" {
                let value = self
                    .last_reference
                    .and_then(|r| shift_reference(r, unit, 0));
                return Some(self.found(i, k + 1, TimeType::Date, value));
            }
            if unit == Unit::Weekend {
                let value = anchor.and_then(|a| Unit::Weekend.shifted(a, offset));
                return Some(self.relative(i, k + 1, TimeType::Date, value));
            }
            if matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
                return None;
            }
            let value = anchor.and_then(|a| unit.shifted(a, offset));
            return Some(self.relative(i, k + 1, TimeType::Date, value));
        }
        if the && !matches!(det, "previous" | "following") {
            return None;
        }
        if let Some(day) = weekday(next) {
            let date = self.resolve_weekday(day, self.tense_at(i), offset);
            let mut end = k + 1;
            if let Some(part) = part_of_day(self.w(end)) {
                end += 1;
                let value = date.map(|d| format!("{d}T{part}"));
                return Some(self.relative(i, end, TimeType::Time, value));
            }
            return Some(self.relative(i, end, TimeType::Date, date.map(|d| d.to_string())));
        }
        if let Some((m, _)) = month(next) {
            if !self.capitalised(k) {
                return None;
            }
            let year = if det == "this" {
                anchor.map(|a| a.year)
            } else {
                self.resolve_month_year(m, self.tense_at(i), offset)
            };
            let value = year.map(|y| format!("{y:04}-{m:02}"));
            return Some(self.relative(i, k + 1, TimeType::Date, value));
        }
        if let Some(code) = season(next) {
            let value = anchor.map(|a| {
                let sm = season_month(code);
                let y = match offset {
                    -1 if sm >= a.month => a.year - 1,
                    1 if sm <= a.month => a.year + 1,
                    _ => a.year,
                };
                format!("{y:04}-{code}")
            });
            return Some(self.relative(i, k + 1, TimeType::Date, value));
        }
        if let Some(part) = part_of_day(next) {
            let shift = match (det, part) {
                ("last", _) => -1,
                ("next", _) => 1,
                _ => 0,
            };
            if det == "this" || det == "last" || det == "next" {
                let value = at(shift).map(|d| format!("{d}T{part}"));
                return Some(self.relative(i, k + 1, TimeType::Time, value));
            }
        }
        None
    }

    /// "the year", "the full year", "the current fiscal year": the year of the writing; "the
    /// (fiscal) year ended Sept. 30": a year's span.
    fn the_year_at(&self, i: usize) -> Option<Found> {
        if self.w(i) != "the" {
            return None;
        }
        let mut j = i + 1;
        while matches!(
            self.w(j),
            "full" | "fiscal" | "current" | "entire" | "whole"
        ) {
            j += 1;
        }
        let next = self.words.get(j + 1);
        if self.w(j) != "year" || next.is_some_and(|n| n.hyphen_before || n.lower == "'s") {
            return None;
        }
        let span = matches!(self.w(j + 1), "ended" | "ending")
            || matches!(self.w(j - 1), "entire" | "whole")
            || self.w(i.wrapping_sub(1)) == "throughout";
        if span {
            return Some(self.found(i, j + 1, TimeType::Duration, Some("P1Y".into())));
        }
        let value = self.anchor.map(|a| format!("{:04}", a.year));
        Some(self.relative(i, j + 1, TimeType::Date, value))
    }

    /// "two weeks", "five-hour", "a year", "three days ago", "a year earlier", "year-earlier",
    /// "several years", "a decade ago".
    fn amount_of_time_at(&self, i: usize) -> Option<Found> {
        let w = self.w(i);
        let (count_end, n): (usize, Option<f64>) = match w {
            "a" | "an" => (i + 1, Some(1.0)),
            "several" | "few" | "many" | "some" => (i + 1, None),
            "year" | "years"
                if matches!(self.w(i + 1), "earlier" | "ago" | "before")
                    && self.words.get(i + 1).is_some_and(|n| n.hyphen_before) =>
            {
                // "year-earlier", "year-ago": the reference a year back, or the reference itself
                // when it already is the year before the writing ("in the 1988 period. The
                // year-ago results ...").
                let year_before = self.anchor.map(|a| format!("{:04}", a.year - 1));
                let value = match (self.last_reference, year_before) {
                    (Some(r), Some(y)) if r.starts_with(&y) => Some(r.to_string()),
                    _ => self.year_back(),
                };
                let mut end = i + 2;
                if matches!(self.w(end), "period" | "quarter" | "level" | "levels") {
                    end += usize::from(matches!(self.w(end), "period" | "quarter"));
                }
                return Some(self.relative(i, end, TimeType::Date, value));
            }
            _ if w == "a" && self.w(i + 1) == "few" => (i + 2, None),
            _ => match number_phrase(self.words, i) {
                Some((end, n)) => (end, Some(n)),
                None => match Unit::parse(w) {
                    // bare plural: "for years", "in recent weeks" → handled by callers
                    Some((_, true)) if matches!(self.w(i.wrapping_sub(1)), "for") => (i, None),
                    _ => return None,
                },
            },
        };
        let (count_end, n) = if w == "a" && self.w(i + 1) == "few" {
            (i + 2, None)
        } else if w == "a" && self.w(i + 1) == "couple" && self.w(i + 2) == "of" {
            // "a couple of years"
            (i + 3, Some(2.0))
        } else {
            (count_end, n)
        };
        // "a half", "and a half" are not handled; "1/2" neither.
        let (unit, plural) = Unit::parse(self.w(count_end))?;
        if n == Some(1.0) && plural && w != "1" {
            return None;
        }
        if n.is_none() && !plural && count_end > i {
            return None;
        }
        let hyphenated = self.words.get(count_end).is_some_and(|u| u.hyphen_before);
        // "a five year low", "a two day rally": a singular unit modifying a noun, the hyphen
        // left out.
        let modifier = self
            .words
            .get(count_end + 1)
            .is_some_and(|next| next.lower.bytes().all(|b| b.is_ascii_lowercase()))
            && n.is_some_and(|n| n < 1000.0);
        if n.is_some_and(|n| n != 1.0) && !plural && !hyphenated && !modifier {
            return None;
        }
        let mut end = count_end + 1;
        if self.w(end) == "old" || self.w(end) == "olds" {
            return None;
        }
        // "a week or so ago"
        if self.w(end) == "or"
            && self.w(end + 1) == "so"
            && matches!(self.w(end + 2), "ago" | "earlier" | "later")
        {
            end += 2;
        }
        let direction = self.w(end);
        let anchor = self.anchor;
        let back = match direction {
            "ago" => Some(-1),
            "earlier" => Some(-1),
            "later" => Some(1),
            "before" | "after"
                if matches!(self.w(end + 1), "," | "." | "" | "and" | "''" | "\"") =>
            {
                Some(if direction == "before" { -1 } else { 1 })
            }
            "from" if self.w(end + 1) == "now" => Some(1),
            _ => None,
        };
        if let Some(sign) = back {
            end += if direction == "from" { 2 } else { 1 };
            let value = match (n, anchor) {
                (None, _) => Some(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_string()),
                (Some(n), _) if unit == Unit::Year && n == 1.0 && sign < 0 => {
                    let quarter = self.last_reference.is_some_and(|r| r.contains('Q'));
                    if direction != "ago" || quarter {
                        self.year_back()
                    } else {
                        anchor.and_then(|a| unit.shifted(a, -1))
                    }
                }
                (Some(n), Some(a)) => unit.shifted(a, sign * n as i64),
                _ => None,
            };
            return Some(self.relative(i, end, TimeType::Date, value));
        }
        // "$500 million a year", "four flights a week": a rate, so a set of times.
        let rate = matches!(w, "a" | "an")
            && count_end == i + 1
            && i.checked_sub(1).is_some_and(|p| {
                let before = self.w(p);
                before.bytes().last().is_some_and(|b| b.is_ascii_digit())
                    || crate::words::scale(before).is_some()
                    || matches!(before, "times" | "twice" | "once" | "percent" | "%")
                    || (before.ends_with('s')
                        && p.checked_sub(1).is_some_and(|q| {
                            crate::words::cardinal(self.w(q)).is_some()
                                || crate::words::scale(self.w(q)).is_some()
                        }))
            });
        if rate {
            return Some(self.found(i, end, TimeType::Set, Some(unit.duration(n))));
        }
        Some(self.found(i, end, TimeType::Duration, Some(unit.duration(n))))
    }

    /// The last referenced date a year back ("1988-Q3" from "1989-Q3"), else the anchor's year
    /// minus one.
    fn year_back(&self) -> Option<String> {
        match self.last_reference {
            Some(r) if r.len() >= 4 && r.as_bytes()[..4].iter().all(u8::is_ascii_digit) => {
                Some(shift_year(r, -1))
            }
            _ => self.anchor.map(|a| format!("{:04}", a.year - 1)),
        }
    }

    /// "daily", "every week", "each Sunday", "weekly", "annually", "twice a year".
    fn set_at(&self, i: usize) -> Option<Found> {
        let w = self.w(i);
        let value = match w {
            "daily" | "nightly" => "P1D",
            "weekly" => "P1W",
            "monthly" => "P1M",
            "annually" | "yearly" | "annual" if w != "annual" => "P1Y",
            "hourly" => "PT1H",
            "every" | "each" => {
                let next = self.w(i + 1);
                if let Some(day) = weekday(next) {
                    let value = format!("XXXX-WXX-{day}");
                    return Some(self.found(i, i + 2, TimeType::Set, Some(value)));
                }
                // "each July"
                if let Some((m, false)) = month(next) {
                    if self.capitalised(i + 1) {
                        let value = format!("XXXX-{m:02}");
                        return Some(self.found(i, i + 2, TimeType::Set, Some(value)));
                    }
                }
                if let Some((end, n)) = number_phrase(self.words, i + 1) {
                    let (unit, _) = Unit::parse(self.w(end))?;
                    let value = unit.duration(Some(n));
                    return Some(self.found(i, end + 1, TimeType::Set, Some(value)));
                }
                let (unit, plural) = Unit::parse(next)?;
                if plural {
                    return None;
                }
                let value = unit.duration(Some(1.0));
                return Some(self.found(i, i + 2, TimeType::Set, Some(value)));
            }
            _ => return None,
        };
        Some(self.found(i, i + 1, TimeType::Set, Some(value.to_string())))
    }

    /// "10:35 a.m.", "3:30 p.m. EST", "4 p.m.", "noon", "midnight".
    fn clock_at(&self, i: usize) -> Option<Found> {
        let w = self.w(i);
        let (h, m, mut end) = if let Some((h, m)) = clock(w) {
            (h, m, i + 1)
        } else if w == "noon" || w == "midnight" {
            let h = if w == "noon" { 12 } else { 0 };
            // "noon Thursday"
            if let Some(day) = weekday(self.w(i + 1)).filter(|_| self.capitalised(i + 1)) {
                let date = self.resolve_weekday(day, self.tense_at(i), 0);
                let value = date.map(|d| format!("{d}T{h:02}:00"));
                return Some(self.relative(i, i + 2, TimeType::Time, value));
            }
            let value = self.anchor.map(|a| format!("{a}T{h:02}:00"));
            return Some(self.relative(i, i + 1, TimeType::Time, value));
        } else {
            let h: u32 = w.parse().ok().filter(|h| (1..=12).contains(h))?;
            meridiem(self.w(i + 1))?;
            (h, 0, i + 1)
        };
        let mut h = h;
        if let Some(pm) = meridiem(self.w(end)) {
            end = self.skip_dot(end + 1);
            if pm && h < 12 {
                h += 12;
            } else if !pm && h == 12 {
                h = 0;
            }
        }
        if time_zone(self.w(end)) {
            end += 1;
        }
        // "5 p.m. EST Nov. 9", "9 a.m. Tuesday", "4 p.m., Oct. 2"
        let comma = usize::from(self.w(end) == ",");
        let date = self
            .weekday_at(end + comma)
            .or_else(|| self.month_at(end + comma))
            .filter(|d| d.value.as_deref().is_some_and(|v| v.len() == 10));
        if let Some(date) = date {
            let value = date.value.map(|d| format!("{d}T{h:02}:{m:02}"));
            return Some(self.relative(i, date.end, TimeType::Time, value));
        }
        // "10:35 a.m. (0735 GMT) Friday": the day after an aside dates the time, which keeps
        // its own extent.
        let aside_end = (self.w(end) == "(")
            .then(|| (end + 1..end + 6).find(|&k| self.w(k) == ")"))
            .flatten();
        let dated = aside_end
            .and_then(|close| self.weekday_at(close + 1))
            .and_then(|d| d.value.filter(|v| v.len() == 10));
        if let Some(d) = dated {
            let value = Some(format!("{d}T{h:02}:{m:02}"));
            return Some(self.relative(i, end, TimeType::Time, value));
        }
        let value = match self.anchor {
            Some(a) => format!("{a}T{h:02}:{m:02}"),
            None => format!("XXXX-XX-XXT{h:02}:{m:02}"),
        };
        Some(self.relative(i, end, TimeType::Time, Some(value)))
    }

    /// "2026-03-14", "12/05/1998", "2026-03-14T09:30".
    fn numeric_date_at(&self, i: usize) -> Option<Found> {
        let w = self.w(i);
        if let Ok(date) = Date::parse_iso(w) {
            let rest = &w[10..];
            if rest.is_empty() {
                return Some(self.found(i, i + 1, TimeType::Date, Some(date.to_string())));
            }
            if let Some(t) = rest.strip_prefix('t') {
                if let Some((h, m)) = t.get(..5).and_then(clock) {
                    let value = format!("{date}T{h:02}:{m:02}");
                    return Some(self.found(i, i + 1, TimeType::Time, Some(value)));
                }
            }
            return None;
        }
        let mut parts = w.split('/');
        let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        Some(self.found(i, i + 1, TimeType::Date, Some(date.to_string())))
    }

    /// "Christmas", "Christmas Eve", "New Year's Day", "Thanksgiving Day", "Halloween".
    fn holiday_at(&self, i: usize) -> Option<Found> {
        let w = self.w(i);
        let (month_day, end) = match w {
            "christmas" => match self.w(i + 1) {
                "eve" => ((12, 24), i + 2),
                "day" => ((12, 25), i + 2),
                _ => ((12, 25), i + 1),
            },
            "halloween" => ((10, 31), i + 1),
            "thanksgiving" => {
                let end = if self.w(i + 1) == "day" { i + 2 } else { i + 1 };
                let thanksgiving = |year: i32| {
                    let first = Date::new(year, 11, 1)?;
                    let thursday = (4 + 7 - first.weekday()) % 7;
                    Date::new(year, 11, 1 + thursday + 21)
                };
                let value = self.anchor.and_then(|a| {
                    let this_year = thanksgiving(a.year)?;
                    if this_year > a && self.tense_at(i) == Tense::Past {
                        thanksgiving(a.year - 1)
                    } else {
                        Some(this_year)
                    }
                });
                return Some(self.relative(i, end, TimeType::Date, value.map(|d| d.to_string())));
            }
            "new" if self.w(i + 1) == "year's" || self.w(i + 1) == "year" => {
                let k = if self.w(i + 2) == "'s" { i + 3 } else { i + 2 };
                match self.w(k) {
                    "day" => ((1, 1), k + 1),
                    "eve" => ((12, 31), k + 1),
                    _ => return None,
                }
            }
            _ => return None,
        };
        if !self.capitalised(i) {
            return None;
        }
        let value = self.anchor.and_then(|a| {
            let this_year = Date::new(a.year, month_day.0, month_day.1)?;
            if this_year > a && self.tense_at(i) == Tense::Past {
                Date::new(a.year - 1, month_day.0, month_day.1)
            } else {
                Some(this_year)
            }
        });
        let value = value.map(|d| d.to_string());
        Some(self.relative(i, end, TimeType::Date, value))
    }
}

/// A date value the document mentioned ("1998-10-23", "1989-03", "1989-Q1", "1989") taken to
/// `unit`'s granularity and shifted by `n` units: what "that day", "the following month" or
/// "the previous quarter" name. `None` when the reference is coarser than the unit.
fn shift_reference(reference: &str, unit: Unit, n: i64) -> Option<String> {
    let year: i32 = reference.get(..4)?.parse().ok()?;
    let rest = &reference[4..];
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = rest.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let month = rest
        .starts_with('-')
        .then(|| number(1..3))
        .flatten()
        .filter(|m| (1..=12).contains(m));
    let day = month.and_then(|m| {
        let d = number(4..6)?;
        (rest.as_bytes().get(3) == Some(&b'-'))
            .then(|| Date::new(year, m, d))
            .flatten()
    });
    let quarter = match (month, rest.strip_prefix("-Q")) {
        (Some(m), _) => Some((m - 1) / 3 + 1),
        (None, Some(q)) => q.parse::<u32>().ok().filter(|q| (1..=4).contains(q)),
        _ => None,
    };
    match unit {
        Unit::Day => day.map(|d| d.add_days(n).to_string()),
        Unit::Month => month.map(|m| {
            let (y, m) = add_months(year, m, n);
            format!("{y:04}-{m:02}")
        }),
        Unit::Quarter => quarter.map(|q| {
            let index = i64::from(year) * 4 + i64::from(q) - 1 + n;
            format!("{:04}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1)
        }),
        Unit::Year => Some(format!("{:04}", i64::from(year) + n)),
        _ => None,
    }
}

/// Shift the year at the start of a TIMEX3 value ("1989-Q3" → "1988-Q3").
fn shift_year(value: &str, by: i32) -> String {
    match value.get(..4).and_then(|y| y.parse::<i32>().ok()) {
        Some(y) => format!("{:04}{}", y + by, &value[4..]),
        None => value.to_string(),
    }
}

/// Tense cues from the words of a sentence (and their Penn tags when known): for each word,
/// the tense of the nearest cue.
pub fn tense_cues(words: &[Word<'_>], info: &dyn crate::TokenInfo) -> Vec<Option<Tense>> {
    let mut cues: Vec<(usize, Tense)> = Vec::new();
    for (k, word) in words.iter().enumerate() {
        let w = &*word.lower;
        let cue = match w {
            "will" | "'ll" | "shall" | "wo" => Some(Tense::Future),
            "going" if words.get(k + 1).is_some_and(|n| &*n.lower == "to") => Some(Tense::Future),
            _ => match info.xpos(word.token) {
                Some("VBD") => Some(Tense::Past),
                Some("VBZ") | Some("VBP") => Some(Tense::Present),
                Some(_) => None,
                None => match w {
                    "said" | "was" | "were" | "had" | "did" | "told" | "came" | "went" => {
                        Some(Tense::Past)
                    }
                    _ if w.len() > 4 && w.ends_with("ed") => Some(Tense::Past),
                    _ => None,
                },
            },
        };
        if let Some(t) = cue {
            cues.push((k, t));
        }
    }
    let before = |k: usize, cues: &[&str]| {
        (k.saturating_sub(3)..k).any(|p| cues.contains(&&*words[p].lower))
    };
    let ahead = |k: usize| {
        // "as early as Tuesday", "as soon as Monday": the earliest of days still to come.
        let as_soon_as = k >= 3
            && &*words[k - 1].lower == "as"
            && matches!(&*words[k - 2].lower, "soon" | "early")
            && &*words[k - 3].lower == "as";
        // "ahead of the weekend"
        let ahead_of = (k.saturating_sub(3)..k).any(|p| {
            &*words[p].lower == "ahead" && words.get(p + 1).is_some_and(|w| w.lower == "of")
        });
        as_soon_as
            || ahead_of
            || (k.saturating_sub(3)..k).any(|p| {
                matches!(
                    &*words[p].lower,
                    "effective" | "due" | "scheduled" | "expected" | "payable"
                ) && !had_been(words, p)
            })
    };
    (0..words.len())
        .map(|k| {
            if ahead(k) {
                return Some(Tense::Future);
            }
            let governing = governing_tense(words, k, info, true);
            // "until Thursday", "starting Monday" look ahead, unless the clause is in the simple
            // past or past perfect ("Until Thursday, they had not called him a suspect"; but "has
            // given them until Tuesday").
            if before(k, &["until", "starting", "beginning"])
                && governing_tense(words, k, info, false) != Some(Tense::Past)
            {
                return Some(Tense::Future);
            }
            // "since March": behind the writing.
            if k >= 1 && &*words[k - 1].lower == "since" {
                return Some(Tense::Past);
            }
            governing.or_else(|| {
                cues.iter()
                    .min_by_key(|(c, t)| (c.abs_diff(k), *t != Tense::Future))
                    .map(|&(_, t)| t)
            })
        })
        .collect()
}

/// Whether word `p` follows "had been" ("had been scheduled", "had been due").
fn had_been(words: &[Word<'_>], p: usize) -> bool {
    p >= 2 && &*words[p - 2].lower == "had" && &*words[p - 1].lower == "been"
}

/// Whether a verb governing a "to" infinitive looks ahead ("planned to", "is to", "expects
/// to").
fn intends(word: Option<&str>) -> bool {
    let Some(w) = word else {
        return false;
    };
    [
        "plan", "expect", "schedul", "agree", "decid", "intend", "hope", "want", "threat", "vow",
        "promis", "prepar", "aim", "going", "set", "is", "are", "was", "were", "due", "likely",
        "ready",
    ]
    .iter()
    .any(|p| w.starts_with(p))
}

/// The tense of the verb governing word `k` in the parse, from the verb's tag and its
/// auxiliaries; `None` without a parse or a governing verb.
/// The present perfect ("has given") counts as past when `perfect_is_past`.
fn governing_tense(
    words: &[Word<'_>],
    k: usize,
    info: &dyn crate::TokenInfo,
    perfect_is_past: bool,
) -> Option<Tense> {
    let mut token = words.get(k)?.token;
    let mut verb = None;
    let word_of = |t: usize| words.iter().find(|w| w.token == t).map(|w| &*w.lower);
    for _ in 0..4 {
        token = info.head(token)?;
        // "effective Feb. 1", "due Friday", "scheduled for Monday": ahead of the writing.
        if matches!(
            word_of(token),
            Some("effective" | "due" | "scheduled" | "expected" | "planned" | "until" | "starting")
        ) {
            // "had been due to expire Friday": a plan already behind the writing.
            let behind = words
                .iter()
                .position(|w| w.token == token)
                .is_some_and(|p| had_been(words, p));
            return Some(if behind { Tense::Past } else { Tense::Future });
        }
        if info
            .xpos(token)
            .is_some_and(|x| x.starts_with("VB") || x == "MD")
        {
            verb = Some(token);
            break;
        }
    }
    let verb = verb?;
    let base = info.xpos(verb) == Some("VB");
    let mut tense = match info.xpos(verb) {
        Some("VBD") => Some(Tense::Past),
        Some("VBZ" | "VBP") => Some(Tense::Present),
        _ => None,
    };
    for word in words {
        if info.head(word.token) != Some(verb)
            || !info
                .deprel(word.token)
                .is_some_and(|d| d.starts_with("aux") || d == "mark")
        {
            continue;
        }
        match &*word.lower {
            "will" | "'ll" | "shall" | "wo" | "would" | "'d" | "could" | "may" | "might"
            | "can" | "should" | "must" => return Some(Tense::Future),
            // "planned to leave on Thursday", "is to resume trading Tuesday" (but not "to
            // mark the entry on Friday", a purpose)
            "to" if base && intends(info.head(verb).and_then(word_of)) => {
                return Some(Tense::Future)
            }
            "has" | "have" if !perfect_is_past => tense = Some(Tense::Present),
            "has" | "have" | "had" => tense = Some(Tense::Past),
            _ => match info.xpos(word.token) {
                Some("VBD") => tense = Some(Tense::Past),
                Some("VBZ" | "VBP") if tense.is_none() => tense = Some(Tense::Present),
                _ => {}
            },
        }
    }
    tense
}

/// Byte span of a word range.
pub fn span_of(words: &[Word<'_>], start: usize, end: usize) -> Option<Span> {
    let first = words.get(start)?;
    let last = words.get(end.checked_sub(1)?)?;
    Some(Span::new(first.span.start, last.span.end))
}

/// Words that end a match badly: a trailing "," or "." belongs outside.
pub fn trim_end(words: &[Word<'_>], start: usize, mut end: usize) -> usize {
    while end > start + 1 && matches!(words.get(end - 1).map(|w| &*w.lower), Some("," | "'s")) {
        end -= 1;
    }
    end
}
