//! Proleptic Gregorian calendar arithmetic on civil dates, enough for TIMEX3 values.

use std::fmt;

use crate::TemporalError;

/// A civil date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parse the date at the start of an ISO 8601 string (`2026-03-14`, `2026-03-14T09:30Z`).
    pub fn parse_iso(text: &str) -> Result<Date, TemporalError> {
        let bad = || TemporalError::BadDate(text.chars().take(40).collect());
        let head = text.trim().get(..10).ok_or_else(bad)?;
        let bytes = head.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let year: i32 = head[..4].parse().map_err(|_| bad())?;
        let month: u32 = head[5..7].parse().map_err(|_| bad())?;
        let day: u32 = head[8..10].parse().map_err(|_| bad())?;
        Date::new(year, month, day).ok_or_else(bad)
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days since 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - i64::from(self.weekday()));
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
        (thursday.year, week as u32)
    }

    /// The calendar quarter, 1–4.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `(year, month)` shifted by `months`.
pub fn add_months(year: i32, month: u32, months: i64) -> (i32, u32) {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + months;
    (
        index.div_euclid(12) as i32,
        (index.rem_euclid(12) + 1) as u32,
    )
}

/// TIMEX3 `YYYY-Www` for the week holding `date`.
pub fn week_value(date: Date) -> String {
    let (year, week) = date.iso_week();
    format!("{year:04}-W{week:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekdays() {
        for days in [-800_000, -1, 0, 1, 10_957, 20_000, 700_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        let d = Date::new(2026, 3, 14).unwrap();
        assert_eq!(d.weekday(), 6); // Saturday
        assert_eq!(Date::new(1998, 8, 7).unwrap().weekday(), 5); // Friday
        assert_eq!(d.add_days(-14).to_string(), "2026-02-28");
        assert_eq!(week_value(Date::new(2021, 1, 3).unwrap()), "2020-W53");
        assert_eq!(week_value(Date::new(1998, 8, 7).unwrap()), "1998-W32");
        assert_eq!(add_months(2026, 1, -1), (2025, 12));
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::parse_iso("2026-03-14T09:30:00Z").is_ok());
        assert!(Date::parse_iso("someday").is_err());
        assert!(Date::parse_iso("2026-13-01").is_err());
    }
}
