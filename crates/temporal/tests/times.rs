//! Time expressions on sentences we wrote, each with an anchor date and its expected value.

use newsgraph_core::{Span, TimeExpression, TimeType};
use newsgraph_temporal::{find_times, Anchor, Input, NoTags};

fn times(text: &str, published: Option<&str>) -> Vec<TimeExpression> {
    let segmentation = newsgraph_text::segment(text);
    let spans: Vec<Span> = segmentation.tokens.iter().map(|t| t.span).collect();
    let sentences: Vec<_> = segmentation
        .sentences
        .iter()
        .map(|s| s.tokens.clone())
        .collect();
    let input = Input {
        text,
        tokens: &spans,
        sentences: &sentences,
    };
    let anchor = published.map(|p| Anchor::published(p).unwrap());
    find_times(&input, &NoTags, anchor.as_ref())
}

/// The one expression found in `text` (published 2026-03-14, a Saturday): its text, type and
/// value.
fn one(text: &str) -> (String, TimeType, Option<String>) {
    let found = times(text, Some("2026-03-14"));
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    let t = &found[0];
    assert_eq!(&text[t.span.start..t.span.end], t.text);
    (t.text.clone(), t.time_type, t.value.clone())
}

fn check(text: &str, extent: &str, time_type: TimeType, value: &str) {
    let (found, ty, v) = one(text);
    assert_eq!(found, extent, "{text}");
    assert_eq!(ty, time_type, "{text}");
    assert_eq!(v.as_deref(), Some(value), "{text}");
}

use TimeType::{Date, Duration, Set, Time};

#[test]
fn weekdays_follow_the_tense() {
    check(
        "The army said on Sunday it had taken the bridge.",
        "Sunday",
        Date,
        "2026-03-08",
    );
    check("Talks will resume on Monday.", "Monday", Date, "2026-03-16");
    check(
        "The vote was held on Tuesday morning.",
        "Tuesday morning",
        Date,
        "2026-03-10",
    );
    check("He arrived Saturday.", "Saturday", Date, "2026-03-14");
}

#[test]
fn relative_days_weeks_months_and_years() {
    check(
        "Fighting resumed yesterday.",
        "yesterday",
        Date,
        "2026-03-13",
    );
    check(
        "The ministers met last week.",
        "last week",
        Date,
        "2026-W10",
    );
    check(
        "The town fell two weeks ago.",
        "two weeks ago",
        Date,
        "2026-W09",
    );
    check("Prices rose last month.", "last month", Date, "2026-02");
    check("Exports grew this year.", "this year", Date, "2026");
    check(
        "Sales were lower a year earlier.",
        "a year earlier",
        Date,
        "2025",
    );
    check(
        "The rebels are now in the capital.",
        "now",
        Date,
        "PRESENT_REF",
    );
    check(
        "The border was recently closed.",
        "recently",
        Date,
        "PAST_REF",
    );
}

#[test]
fn calendar_dates() {
    check(
        "The deal was signed on July 26.",
        "July 26",
        Date,
        "2025-07-26",
    );
    check(
        "Leaders will meet on July 26.",
        "July 26",
        Date,
        "2026-07-26",
    );
    check(
        "Elections are due in mid-August.",
        "mid-August",
        Date,
        "2026-08",
    );
    check("The plant opened in 1998.", "1998", Date, "1998");
    check(
        "The plant opened in March 1998.",
        "March 1998",
        Date,
        "1998-03",
    );
    check(
        "It happened on Aug. 7, 1998.",
        "Aug. 7, 1998",
        Date,
        "1998-08-07",
    );
    check(
        "The report is dated 2026-03-01.",
        "2026-03-01",
        Date,
        "2026-03-01",
    );
    check("Growth slowed in the 1990s.", "the 1990s", Date, "199X");
    check(
        "Profits fell in the third quarter.",
        "the third quarter",
        Date,
        "2025-Q3",
    );
    check("Revenue rose in fiscal 1999.", "fiscal 1999", Date, "1999");
}

#[test]
fn durations_sets_and_times() {
    check(
        "Prices doubled over the past three years.",
        "the past three years",
        Duration,
        "P3Y",
    );
    check(
        "The siege lasted five hours.",
        "five hours",
        Duration,
        "PT5H",
    );
    check("The ferry sails every week.", "every week", Set, "P1W");
    check("The committee meets daily.", "daily", Set, "P1D");
    check(
        "The blast came at 3:30 p.m. EST.",
        "3:30 p.m. EST",
        Time,
        "2026-03-14T15:30",
    );
}

#[test]
fn extents_leave_prepositions_out() {
    let found = times("On July 26 and in the third quarter.", Some("2026-03-14"));
    let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, vec!["July 26", "the third quarter"]);
}

#[test]
fn the_anchor_is_recorded_for_relative_values_only() {
    let found = times("He left on Sunday, in 1998.", Some("2026-03-14"));
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].anchor.as_deref(), Some("published:2026-03-14"));
    assert_eq!(found[1].anchor, None);
}

#[test]
fn without_an_anchor_relative_expressions_keep_their_type() {
    let found = times("The ministers met last week. Troops left on Sunday.", None);
    assert_eq!(found.len(), 2, "{found:?}");
    for t in &found {
        assert_eq!(t.time_type, Date);
        assert_eq!(t.value, None);
        assert_eq!(t.anchor, None);
    }
    // Absolute expressions still have their value.
    let found = times("The plant opened in March 1998.", None);
    assert_eq!(found[0].value.as_deref(), Some("1998-03"));
}

#[test]
fn words_that_only_look_like_times_are_left_alone() {
    for text in [
        "The Sun reported the story.",
        "She may march to the square.",
        "He will come as soon as possible.",
        "A crowd of 2000 people gathered.",
    ] {
        let found = times(text, Some("2026-03-14"));
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

#[test]
fn a_year_ago_after_money() {
    check(
        "Profit was up from $10 million a year ago.",
        "a year ago",
        Date,
        "2025",
    );
}
