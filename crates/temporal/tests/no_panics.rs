//! Arbitrary text never panics and every span fits the text.

mod common;

use common::Segmented;
use newsgraph_temporal::{find_amounts, find_times, Anchor, NoTags};
use proptest::prelude::*;

fn run(text: &str) {
    let segmented = Segmented::new(text);
    let input = segmented.input();
    let anchor = Anchor::published("2026-03-14").unwrap();
    for anchor in [None, Some(&anchor)] {
        for t in find_times(&input, &NoTags, anchor) {
            assert_eq!(t.span.slice(text), Some(t.text.as_str()));
        }
    }
    for a in find_amounts(&input, &NoTags, &[]) {
        assert_eq!(a.span.slice(text), Some(a.text.as_str()));
        if let Some(c) = a.counted_span {
            assert!(c.slice(text).is_some());
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_text(text in "\\PC{0,200}") {
        run(&text);
    }

    #[test]
    fn time_like_text(words in proptest::collection::vec(
        prop_oneof![
            Just("the"), Just("last"), Just("next"), Just("Sunday"), Just("Aug."), Just("."),
            Just("7"), Just(","), Just("1998"), Just("-"), Just("third"), Just("quarter"),
            Just("two"), Just("weeks"), Just("ago"), Just("$"), Just("2.5"), Just("million"),
            Just("%"), Just("3:30"), Just("p.m."), Just("year"), Just("earlier"), Just("mid"),
            Just("1990s"), Just("'s"), Just("every"), Just("a"), Just("dozen"), Just("of"),
            Just("thousands"), Just("£3bn"), Just("2026-03-01"), Just("12/05/1998"), Just("é"),
        ],
        0..30,
    ), glue in proptest::collection::vec(any::<bool>(), 30)) {
        let mut text = String::new();
        for (k, w) in words.iter().enumerate() {
            text.push_str(w);
            if glue[k] {
                text.push(' ');
            }
        }
        run(&text);
    }
}

#[test]
fn odd_inputs() {
    for text in [
        "",
        " ",
        "-",
        "--",
        "$",
        "£",
        "'s",
        "0:00",
        "99:99",
        "2026-02-30",
        "1/2/3",
    ] {
        run(text);
    }
}
