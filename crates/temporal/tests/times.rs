//! Time expressions on sentences we wrote, each with an anchor date and its expected value.

mod common;

use common::Segmented;
use newsgraph_core::{TimeExpression, TimeType};
use newsgraph_temporal::{find_times, Anchor, NoTags};

fn times(text: &str, published: Option<&str>) -> Vec<TimeExpression> {
    let segmented = Segmented::new(text);
    let input = segmented.input();
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
    check("Growth slowed in the 1990s.", "the 1990s", Date, "199");
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

/// Tags for one sentence, by token: Penn tag, head and relation (what the tagger and parser
/// would give).
struct Tags(Vec<(&'static str, Option<usize>, &'static str)>);

impl newsgraph_temporal::TokenInfo for Tags {
    fn xpos(&self, token: usize) -> Option<&str> {
        self.0.get(token).map(|t| t.0)
    }
    fn head(&self, token: usize) -> Option<usize> {
        self.0.get(token).and_then(|t| t.1)
    }
    fn deprel(&self, token: usize) -> Option<&str> {
        self.0.get(token).map(|t| t.2)
    }
}

fn tagged(text: &str, tags: &Tags, published: &str) -> Vec<TimeExpression> {
    let segmented = Segmented::new(text);
    assert_eq!(
        segmented.tokens.len(),
        tags.0.len(),
        "{text}: one tag per token"
    );
    let input = segmented.input();
    let anchor = Anchor::published(published).unwrap();
    find_times(&input, tags, Some(&anchor))
}

/// The value of the expression `extent` among those found in `found`.
fn value_of(found: &[TimeExpression], extent: &str) -> Option<String> {
    let t = found.iter().find(|t| t.text == extent);
    assert!(t.is_some(), "{extent} not in {found:?}");
    t.and_then(|t| t.value.clone())
}

#[test]
fn payable_and_due_dates_lie_ahead_unless_past_perfect() {
    check(
        "The dividend is payable Jan. 2 to holders of record.",
        "Jan. 2",
        Date,
        "2027-01-02",
    );
    check(
        "The offer had been due to expire Friday.",
        "Friday",
        Date,
        "2026-03-13",
    );
}

#[test]
fn present_tense_months_are_the_nearest_ones() {
    // "are" in the present: October is five months back, not seven ahead.
    let tags = Tags(vec![
        ("PRP$", Some(1), "nmod:poss"),
        ("NNS", Some(10), "nsubj"),
        (",", Some(3), "punct"),
        ("JJ", Some(1), "amod"),
        ("NNS", Some(3), "obj"),
        ("IN", Some(6), "case"),
        ("NNP", Some(3), "obl"),
        (",", Some(3), "punct"),
        ("VBP", Some(10), "cop"),
        ("RB", Some(10), "advmod"),
        ("JJ", None, "root"),
        ("NN", Some(10), "obj"),
        (".", Some(10), "punct"),
    ]);
    let found = tagged(
        "Her flats, worth millions in October, are only worth half.",
        &tags,
        "2026-03-14",
    );
    assert_eq!(value_of(&found, "October").as_deref(), Some("2025-10"));
}

#[test]
fn until_in_the_past_perfect_looks_back() {
    let tags = Tags(vec![
        ("IN", Some(1), "case"),
        ("NNP", Some(6), "obl"),
        (",", Some(1), "punct"),
        ("PRP", Some(6), "nsubj"),
        ("VBD", Some(6), "aux"),
        ("RB", Some(6), "advmod"),
        ("VBN", None, "root"),
        ("PRP", Some(6), "obj"),
        (".", Some(6), "punct"),
    ]);
    let found = tagged(
        "Until Thursday, they had not called him.",
        &tags,
        "2026-03-14",
    );
    assert_eq!(value_of(&found, "Thursday").as_deref(), Some("2026-03-12"));
    // Without a past clause "until" still looks ahead.
    check(
        "The talks will go on until Thursday.",
        "Thursday",
        Date,
        "2026-03-19",
    );
}

#[test]
fn since_a_month_is_behind_the_writing() {
    check(
        "The ship will stay, as it has been on patrol since November.",
        "November",
        Date,
        "2025-11",
    );
}

#[test]
fn decades_have_three_digits() {
    check("Trade boomed in the nineties.", "the nineties", Date, "199");
    check(
        "Prices rose in the mid-1980s.",
        "the mid-1980s",
        Date,
        "198",
    );
}

#[test]
fn the_weekend_just_gone_unless_ahead() {
    // Published on a Monday.
    let found = times(
        "Over the weekend, the rebels took the town.",
        Some("2026-03-16"),
    );
    assert_eq!(
        value_of(&found, "the weekend").as_deref(),
        Some("2026-W11-WE")
    );
    let found = times("Traders sold ahead of the weekend.", Some("2026-03-16"));
    assert_eq!(
        value_of(&found, "the weekend").as_deref(),
        Some("2026-W12-WE")
    );
}

#[test]
fn that_day_and_the_following_month_follow_the_last_date() {
    let text = "Talks began on March 3, 2025. Earlier that day, troops withdrew. The following \
                month, they collapsed. That quarter was the worst.";
    let found = times(text, Some("2026-03-14"));
    assert_eq!(
        value_of(&found, "Earlier that day").as_deref(),
        Some("2025-03-03")
    );
    assert_eq!(
        value_of(&found, "The following month").as_deref(),
        Some("2025-04")
    );
    assert_eq!(value_of(&found, "That quarter").as_deref(), Some("2025-Q2"));
}

#[test]
fn year_ago_after_a_period_already_a_year_back() {
    let text = "Net fell from the 2025 period. The year-ago results were restated.";
    let found = times(text, Some("2026-03-14"));
    assert_eq!(value_of(&found, "year-ago").as_deref(), Some("2025"));
}

#[test]
fn the_year_is_the_writing_year_or_a_span() {
    check(
        "Sales for the full year rose.",
        "the full year",
        Date,
        "2026",
    );
    let found = times(
        "Net rose 5% in the year ended Sept. 30.",
        Some("2026-03-14"),
    );
    assert_eq!(value_of(&found, "the year").as_deref(), Some("P1Y"));
    assert_eq!(found[0].time_type, Duration);
    check(
        "Profit should grow throughout the fiscal year.",
        "the fiscal year",
        Duration,
        "P1Y",
    );
}

#[test]
fn unhyphenated_unit_modifiers_and_couples() {
    check("The yen hit a five year low.", "five year", Duration, "P5Y");
    check(
        "It took a couple of years to rebuild.",
        "a couple of years",
        Duration,
        "P2Y",
    );
}

#[test]
fn rates_and_each_month_are_sets() {
    check("Marchers parade each July.", "each July", Set, "XXXX-07");
    check("The plan saves $500 million a year.", "a year", Set, "P1Y");
}

#[test]
fn more_dated_forms() {
    check(
        "The general struck a week or so ago.",
        "a week or so ago",
        Date,
        "2026-W10",
    );
    let found = times(
        "The blast came at 10:35 a.m. (0735 GMT) Friday, officials said.",
        Some("2026-03-14"),
    );
    assert_eq!(
        value_of(&found, "10:35 a.m.").as_deref(),
        Some("2026-03-13T10:35")
    );
    check(
        "The market fell on Friday March 13.",
        "Friday March 13",
        Date,
        "2026-03-13",
    );
    check(
        "It began in January nineteen ninety-seven.",
        "January nineteen ninety-seven",
        Date,
        "1997-01",
    );
    let found = times(
        "Profit rose in the third quarter of 2026, above the 2025 quarter.",
        Some("2026-03-14"),
    );
    assert_eq!(
        value_of(&found, "the 2025 quarter").as_deref(),
        Some("2025-Q3")
    );
    check(
        "For the quarter a year ago, it earned $2 million.",
        "the quarter a year ago",
        Date,
        "2024-Q4",
    );
}
