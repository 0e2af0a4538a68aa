//! Amounts on sentences we wrote.

mod common;

use common::Segmented;
use newsgraph_core::{Amount, AmountKind};
use newsgraph_temporal::{find_amounts, NoTags, TokenInfo};

fn amounts_with(text: &str, info: &dyn TokenInfo) -> Vec<Amount> {
    let segmented = Segmented::new(text);
    let input = segmented.input();
    find_amounts(&input, info, &vec![false; segmented.tokens.len()])
}

fn amounts(text: &str) -> Vec<Amount> {
    amounts_with(text, &NoTags)
}

fn only(text: &str) -> Amount {
    let found = amounts(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn counts_with_what_they_count() {
    let a = only("He met two Chadian officials.");
    assert_eq!(
        (a.kind, a.value, a.text.as_str()),
        (AmountKind::Count, Some(2.0), "two")
    );
    assert_eq!(a.counted.as_deref(), Some("official"));
    let a = only("The army sent 1,200 troops.");
    assert_eq!(
        (a.value, a.counted.as_deref()),
        (Some(1200.0), Some("troop"))
    );
    let a = only("A dozen villages were burned.");
    assert_eq!(
        (a.value, a.counted.as_deref()),
        (Some(12.0), Some("village"))
    );
    let a = only("Tens of thousands of people fled.");
    assert_eq!((a.value, a.counted.as_deref()), (None, Some("person")));
    assert_eq!(a.text, "Tens of thousands");
    let a = only("Three hundred soldiers died.");
    assert_eq!(
        (a.value, a.counted.as_deref()),
        (Some(300.0), Some("soldier"))
    );
}

#[test]
fn money_percent_and_measures() {
    let a = only("The bridge cost $2.5 million.");
    assert_eq!((a.kind, a.value), (AmountKind::Money, Some(2_500_000.0)));
    assert_eq!(a.unit.as_deref(), Some("USD"));
    assert_eq!(a.text, "$2.5 million");
    let a = only("Turnout was 40 percent.");
    assert_eq!((a.kind, a.value), (AmountKind::Percent, Some(40.0)));
    let a = only("Turnout was 40%.");
    assert_eq!(
        (a.kind, a.value, a.text.as_str()),
        (AmountKind::Percent, Some(40.0), "40%")
    );
    let a = only("The column stopped 5 km from the city.");
    assert_eq!((a.kind, a.value), (AmountKind::Measure, Some(5.0)));
    assert_eq!(a.unit.as_deref(), Some("km"));
    let a = only("The fund holds £3bn.");
    assert_eq!((a.kind, a.value), (AmountKind::Money, Some(3e9)));
    assert_eq!(a.unit.as_deref(), Some("GBP"));
    let a = only("They paid 300 million dollars.");
    assert_eq!((a.kind, a.value), (AmountKind::Money, Some(3e8)));
}

/// Tags and a parse for "He met two Chadian officials": "two" is a `nummod` of "officials".
struct Parsed;

impl TokenInfo for Parsed {
    fn xpos(&self, token: usize) -> Option<&str> {
        ["PRP", "VBD", "CD", "JJ", "NNS", "."].get(token).copied()
    }
    fn head(&self, token: usize) -> Option<usize> {
        [Some(1), None, Some(4), Some(4), Some(1), Some(1)]
            .get(token)
            .copied()
            .flatten()
    }
    fn deprel(&self, token: usize) -> Option<&str> {
        ["nsubj", "root", "nummod", "amod", "obj", "punct"]
            .get(token)
            .copied()
    }
    fn lemma(&self, token: usize) -> Option<String> {
        ["he", "meet", "two", "Chadian", "official", "."]
            .get(token)
            .map(|s| s.to_string())
    }
}

#[test]
fn the_counted_noun_comes_from_the_parse() {
    let text = "He met two Chadian officials.";
    let found = amounts_with(text, &Parsed);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].counted.as_deref(), Some("official"));
    let span = found[0].counted_span.unwrap();
    assert_eq!(&text[span.start..span.end], "officials");
}

#[test]
fn numbers_without_anything_counted_are_not_amounts() {
    assert!(amounts("One of them left.").is_empty());
    assert!(amounts("The score was 3 - 1.").is_empty());
}
