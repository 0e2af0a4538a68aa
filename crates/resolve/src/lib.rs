//! Cross-article resolution: what one article's analysis cannot know on its own.
//!
//! * [`entities`]: an article's entities merged with those of other articles (name variants,
//!   surnames that are unambiguous in the story, agreeing types);
//! * [`stories`]: incremental, time-windowed story clusters from shared terms and entities;
//! * [`events`]: the same event reported by several articles merged into one, with GDELT's
//!   NumMentions / NumSources / NumArticles (wire copies counting as one source).
//!
//! Everything here is pure and deterministic: state comes in and goes out as values, so the
//! store can save it in the same transaction as the articles it came from.

pub mod entities;
pub mod events;
pub mod names;
pub mod stories;
pub mod terms;

/// Days since 1970-01-01 of an ISO 8601 date or date-time (`2026-03-15`,
/// `2026-03-15T09:30:00Z`); `None` when it does not start with a valid `YYYY-MM-DD`.
pub fn day_number(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = date.get(range)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The ISO date (`YYYY-MM-DD`) of a day number.
pub fn day_to_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-03-15T09:30:00Z"), Some(20_527));
        assert_eq!(day_to_date(20_527), "2026-03-15");
        assert_eq!(
            day_number("2024-02-29").map(day_to_date).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(day_number("15 March 2026"), None);
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("2026-1x-01"), None);
    }
}
