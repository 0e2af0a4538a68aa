//! Time expressions and amounts over analysed text.
//!
//! [`find_times`] detects TIMEX3-style time expressions (DATE, TIME, DURATION, SET) and
//! normalises their values relative to an [`Anchor`] (the article's publication date, or a
//! TimeML document's creation time); [`find_amounts`] finds numbers with what they count
//! ("two Chadian officials", "$2.5 million", "40 percent", "5 km").
//!
//! Both are pure functions of the text, its tokens and sentences, and optional tags
//! ([`TokenInfo`]: Penn tag, head, relation, lemma) from the tagger and parser; without tags
//! they fall back on word forms.

pub mod amounts;
pub mod calendar;
pub mod time;
pub mod words;

use std::ops::Range;

use newsgraph_core::{Span, TimeExpression};

pub use amounts::find_amounts;
pub use calendar::Date;

#[derive(Debug, thiserror::Error)]
pub enum TemporalError {
    #[error("not an ISO 8601 date: {0:?}")]
    BadDate(String),
}

/// The text the finders read: the whole text, its tokens (byte spans) and its sentences
/// (token ranges).
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub text: &'a str,
    pub tokens: &'a [Span],
    pub sentences: &'a [Range<usize>],
}

/// What the tagger and parser know about a token, by document token index; every method may
/// answer `None` (no model ran).
pub trait TokenInfo {
    /// Penn Treebank tag.
    fn xpos(&self, _token: usize) -> Option<&str> {
        None
    }
    /// Syntactic head (document token index).
    fn head(&self, _token: usize) -> Option<usize> {
        None
    }
    /// Universal Dependencies relation to the head.
    fn deprel(&self, _token: usize) -> Option<&str> {
        None
    }
    /// Lemma.
    fn lemma(&self, _token: usize) -> Option<String> {
        None
    }
}

/// No tags: the finders read word forms only.
pub struct NoTags;

impl TokenInfo for NoTags {}

/// The reference date relative expressions are resolved against, and how it is cited
/// ("published:2026-03-14").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub date: Date,
    pub label: String,
}

impl Anchor {
    /// The anchor of an article published at `published` (ISO 8601 date or date-time).
    pub fn published(published: &str) -> Result<Anchor, TemporalError> {
        let date = Date::parse_iso(published)?;
        Ok(Anchor {
            date,
            label: format!("published:{date}"),
        })
    }

    /// An anchor with its own label ("dct:1998-08-07").
    pub fn new(date: Date, label: impl Into<String>) -> Anchor {
        Anchor {
            date,
            label: label.into(),
        }
    }
}

/// Find and normalise the time expressions of a text.
pub fn find_times(
    input: &Input<'_>,
    info: &dyn TokenInfo,
    anchor: Option<&Anchor>,
) -> Vec<TimeExpression> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    let mut last_reference: Option<String> = None;
    for (sentence_index, range) in input.sentences.iter().enumerate() {
        let Some(spans) = input.tokens.get(range.clone()) else {
            continue;
        };
        words::words(input.text, spans, range.start, &mut words);
        if words.is_empty() {
            continue;
        }
        // Tense cues are only needed when something may be a time expression; computing them
        // lazily keeps sentences without any cheap.
        let mut tense: Option<Vec<Option<time::Tense>>> = None;
        let mut i = 0;
        while i < words.len() {
            if !could_start(&words[i].lower) {
                i += 1;
                continue;
            }
            let cues = tense.get_or_insert_with(|| time::tense_cues(&words, info));
            let matcher = time::Matcher {
                text: input.text,
                words: &words,
                anchor: anchor.map(|a| a.date),
                tense: cues,
                last_reference: last_reference.as_deref(),
            };
            let Some(found) = matcher.match_at(i) else {
                i += 1;
                continue;
            };
            let end = time::trim_end(&words, found.start, found.end.min(words.len()));
            let Some(span) = time::span_of(&words, found.start, end) else {
                i += 1;
                continue;
            };
            let text = span.slice(input.text).unwrap_or("").to_string();
            let backward = words[found.start..end]
                .iter()
                .any(|w| matches!(&*w.lower, "earlier" | "ago" | "before" | "previous"));
            if let Some(value) = &found.value {
                if !backward
                    && value.len() >= 4
                    && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                {
                    last_reference = Some(value.clone());
                }
            }
            let anchor_label = match (&found.value, anchor) {
                (Some(_), Some(a)) if found.relative => Some(a.label.clone()),
                _ => None,
            };
            out.push(TimeExpression {
                span,
                sentence: sentence_index,
                text,
                time_type: found.time_type,
                value: found.value,
                anchor: anchor_label,
            });
            i = end.max(i + 1);
        }
    }
    out
}

/// A cheap filter: can a time expression start with this (lower-cased) word?
fn could_start(w: &str) -> bool {
    let Some(&first) = w.as_bytes().first() else {
        return false;
    };
    if first.is_ascii_digit() || first == b'\'' {
        return true;
    }
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "last"
            | "next"
            | "past"
            | "previous"
            | "coming"
            | "current"
            | "following"
            | "recent"
            | "early"
            | "late"
            | "mid"
            | "earlier"
            | "later"
            | "about"
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
            | "end"
            | "fiscal"
            | "year"
            | "years"
            | "several"
            | "few"
            | "many"
            | "some"
            | "every"
            | "each"
            | "daily"
            | "nightly"
            | "weekly"
            | "monthly"
            | "annually"
            | "yearly"
            | "hourly"
            | "today"
            | "yesterday"
            | "tomorrow"
            | "tonight"
            | "now"
            | "currently"
            | "nowadays"
            | "presently"
            | "recently"
            | "lately"
            | "soon"
            | "future"
            | "noon"
            | "midnight"
            | "nineteen"
            | "christmas"
            | "halloween"
            | "thanksgiving"
            | "new"
            | "first"
            | "second"
            | "third"
            | "fourth"
            | "days"
            | "weeks"
            | "months"
            | "decades"
    ) || words::cardinal(w).is_some()
        || time_word(w)
}

fn time_word(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    matches!(
        w,
        "monday"
            | "mon"
            | "tuesday"
            | "tue"
            | "tues"
            | "wednesday"
            | "wed"
            | "thursday"
            | "thu"
            | "thur"
            | "thurs"
            | "friday"
            | "fri"
            | "saturday"
            | "sat"
            | "sunday"
            | "sun"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}
