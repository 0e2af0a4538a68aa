//! The tagger's features.
//!
//! Features split in two kinds so that the tagger can precompute most of its work:
//!
//! * *word features* depend only on one word and its offset (−2…+2) from the position being
//!   tagged: the lowercased word, its exact form, affixes, shape, flags, and what the
//!   [`Lexicon`](super::lexicon::Lexicon) learned about it from unlabelled text (clusters,
//!   how often it is capitalised, how it was tagged). For a word of the vocabulary the summed
//!   class weights of its word features at each offset are computed once at load time;
//! * *context features* join the classes already predicted for the neighbours with each
//!   other, with the current and next words and with the casing of the whole sentence.

use newsgraph_ml::hash::{feature, feature1, feature_ids};

use super::lexicon::{LexInfo, CLUSTER_LEVELS, NO_CASE_PROFILE, NO_CLUSTER};
use super::NO_CLASS;
use crate::shape::{self, char_count, prefix, suffix, MAX_SHAPE};

/// Relative positions whose words are features of a position.
pub(crate) const OFFSETS: [isize; 5] = [-2, -1, 0, 1, 2];
pub(crate) const N_OFFSETS: usize = OFFSETS.len();

/// The word standing for the positions before the sentence.
pub(crate) const PAD_LEFT: &str = "\u{0}<s>";
/// The word standing for the positions after the sentence.
pub(crate) const PAD_RIGHT: &str = "\u{0}</s>";

// Word-feature templates (times 8, plus the offset index).
const W_LOWER: u32 = 1;
const W_FORM: u32 = 2;
const W_SUFFIX: u32 = 3; // + length - 1 → 3..=6
const W_PREFIX: u32 = 7; // + length - 1 → 7..=9
const W_SHAPE: u32 = 10;
const W_TITLE: u32 = 11;
const W_UPPER: u32 = 12;
const W_DIGIT: u32 = 13;
const W_HYPHEN: u32 = 14;
const W_PERIOD: u32 = 15;
const W_PUNCT: u32 = 16;
const W_MIXED: u32 = 17;
const W_LENGTH: u32 = 18;
const W_CASE_PROFILE: u32 = 20;
const W_CASE_PROFILE_SHAPE: u32 = 21;
const W_TAGS1: u32 = 22;
const W_TAGS12: u32 = 23;
const W_TAGS1_BUCKET: u32 = 24;
const W_CLUSTER: u32 = 30; // + level → 30..=33

// Keys of a token, used inside context features.
const K_LOWER: u32 = 1001;
const K_SUFFIX: u32 = 1002;
const K_SHAPE: u32 = 1003;
/// Key of a normalised form, for the vocabulary.
const K_FORM: u32 = 1004;

// Context-feature templates.
const C_BIAS: u32 = 2001;
const C_T1: u32 = 2002;
const C_T2: u32 = 2003;
const C_T12: u32 = 2004;
const C_T1_W0: u32 = 2005;
const C_T1_S0: u32 = 2006;
const C_T1_SH0: u32 = 2007;
const C_T1_W1: u32 = 2008;
const C_W0_W1: u32 = 2009;
const C_WM1_W0: u32 = 2010;
const C_SENT_CASE: u32 = 2011;
const C_SENT_SHAPE: u32 = 2012;
const C_SENT_T1_CASE: u32 = 2013;
const C_T1_C0: u32 = 2014;

#[inline]
fn template(base: u32, offset_index: usize) -> u32 {
    base * 8 + offset_index as u32
}

/// The vocabulary key of a normalised form.
#[inline]
pub(crate) fn form_key(norm: &str) -> u64 {
    feature1(K_FORM, norm.as_bytes())
}

/// How a word is written.
pub(crate) const CASE_NONE: u8 = 0;
pub(crate) const CASE_LOWER: u8 = 1;
pub(crate) const CASE_TITLE: u8 = 2;
pub(crate) const CASE_UPPER: u8 = 3;
pub(crate) const CASE_MIXED: u8 = 4;

/// Per-token keys used by the context features.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TokenKeys {
    pub lower: u64,
    pub suffix: u64,
    pub shape: u64,
    /// Finest cluster (`NO_CLUSTER` when none).
    pub cluster: u64,
    /// One of the `CASE_*` values.
    pub case: u8,
}

pub(crate) fn token_keys(norm: &str, lower: &str, lex: &LexInfo) -> TokenKeys {
    let mut buf = [0u8; MAX_SHAPE + 1];
    let n = shape::shape(norm, &mut buf);
    let flags = shape::flags(norm);
    let case = if !flags.has_alpha {
        CASE_NONE
    } else if flags.all_upper {
        CASE_UPPER
    } else if flags.title && !norm.chars().skip(1).any(char::is_uppercase) {
        CASE_TITLE
    } else if !flags.has_upper {
        CASE_LOWER
    } else {
        CASE_MIXED
    };
    TokenKeys {
        lower: feature1(K_LOWER, lower.as_bytes()),
        suffix: feature1(K_SUFFIX, suffix(lower, 3).as_bytes()),
        shape: feature1(K_SHAPE, &buf[..n]),
        cluster: u64::from(lex.clusters[CLUSTER_LEVELS - 1]),
        case,
    }
}

/// The casing of a whole sentence: 0 ordinary, 1 all lowercase, 2 title case (a headline),
/// 3 all caps, 4 too few words to say.
pub(crate) fn sentence_case_of<'k>(keys: impl Iterator<Item = &'k TokenKeys>) -> u64 {
    let (mut words, mut title, mut upper) = (0usize, 0usize, 0usize);
    for (i, k) in keys.enumerate() {
        match k.case {
            CASE_NONE => continue,
            CASE_TITLE => title += usize::from(i > 0),
            CASE_UPPER => upper += 1,
            _ => {}
        }
        words += 1;
    }
    if words < 3 {
        4
    } else if upper * 10 >= words * 7 {
        3
    } else if (title + upper) * 10 >= (words - 1) * 6 {
        2
    } else if title + upper == 0 {
        1
    } else {
        0
    }
}

/// Append the word features of a word (normalised form, its lowercase and what the lexicon
/// knows of it) seen at `OFFSETS[offset_index]` from the position being tagged.
pub(crate) fn word_features(
    norm: &str,
    lower: &str,
    lex: &LexInfo,
    offset_index: usize,
    out: &mut Vec<u64>,
) {
    let t = |base: u32| template(base, offset_index);
    let offset = OFFSETS[offset_index];
    out.push(feature1(t(W_LOWER), lower.as_bytes()));
    for (level, &cluster) in lex.clusters.iter().enumerate() {
        out.push(feature1(
            t(W_CLUSTER + level as u32),
            &cluster.to_le_bytes(),
        ));
    }
    let len = char_count(lower, 16);
    let mut shape_buf = [0u8; MAX_SHAPE + 1];
    let shape_len = shape::shape(norm, &mut shape_buf);
    let shape = &shape_buf[..shape_len];
    if offset.abs() <= 1 {
        let profile = lex.case_profile;
        out.push(feature1(t(W_CASE_PROFILE), &[profile]));
        out.push(feature1(
            t(W_CASE_PROFILE_SHAPE),
            &[profile, shape.first().copied().unwrap_or(0)],
        ));
        let [top, second] = lex.tags;
        out.push(feature1(t(W_TAGS1), &top.to_le_bytes()));
        if offset == 0 && top != NO_CLASS {
            out.push(feature(
                t(W_TAGS12),
                &[&top.to_le_bytes(), &second.to_le_bytes()],
            ));
            out.push(feature(
                t(W_TAGS1_BUCKET),
                &[&top.to_le_bytes(), &[lex.tag_bucket]],
            ));
        }
    }
    match offset {
        0 => {
            out.push(feature_ids(C_BIAS, &[]));
            if norm != lower {
                out.push(feature1(t(W_FORM), norm.as_bytes()));
            }
            for k in 1..=4usize {
                if len > k {
                    out.push(feature1(
                        t(W_SUFFIX + k as u32 - 1),
                        suffix(lower, k).as_bytes(),
                    ));
                }
            }
            for k in 1..=3usize {
                if len > k {
                    out.push(feature1(
                        t(W_PREFIX + k as u32 - 1),
                        prefix(lower, k).as_bytes(),
                    ));
                }
            }
            out.push(feature1(t(W_SHAPE), shape));
            out.push(feature1(t(W_LENGTH), &[len.min(8) as u8]));
            let flags = shape::flags(norm);
            let bits = [
                (flags.title, W_TITLE),
                (flags.all_upper, W_UPPER),
                (flags.has_digit, W_DIGIT),
                (flags.has_hyphen, W_HYPHEN),
                (flags.has_period, W_PERIOD),
                (flags.punct_only, W_PUNCT),
                (flags.has_upper && flags.has_lower && !flags.title, W_MIXED),
            ];
            for (set, base) in bits {
                if set {
                    out.push(feature1(t(base), b""));
                }
            }
        }
        -1 | 1 => {
            if len > 3 {
                out.push(feature1(t(W_SUFFIX + 2), suffix(lower, 3).as_bytes()));
            }
            out.push(feature1(t(W_SHAPE), shape));
        }
        _ => {
            if len > 3 {
                out.push(feature1(t(W_SUFFIX + 2), suffix(lower, 3).as_bytes()));
            }
        }
    }
}

/// Where a position stands, for its context features.
pub(crate) struct Context<'k> {
    /// Classes predicted for the previous and the one-before-previous positions in decoding
    /// order (the start class before the sentence).
    pub t1: u64,
    pub t2: u64,
    /// Keys of the previous, current and next words in decoding order.
    pub prev: &'k TokenKeys,
    pub this: &'k TokenKeys,
    pub next: &'k TokenKeys,
    /// [`sentence_case`] of the sentence.
    pub sentence: u64,
    /// Whether the position is the first word of the sentence.
    pub first: bool,
}

/// The context features that do not depend on predicted classes.
pub(crate) fn static_context_features(c: &Context, out: &mut Vec<u64>) {
    let case = u64::from(c.this.case);
    out.push(feature_ids(
        C_SENT_CASE,
        &[c.sentence, case, u64::from(c.first)],
    ));
    out.push(feature_ids(C_SENT_SHAPE, &[c.sentence, c.this.shape]));
    out.push(feature_ids(C_W0_W1, &[c.this.lower, c.next.lower]));
    out.push(feature_ids(C_WM1_W0, &[c.prev.lower, c.this.lower]));
}

/// The context features that join predicted classes.
pub(crate) fn class_context_features(c: &Context, out: &mut Vec<u64>) {
    let (t1, t2) = (c.t1, c.t2);
    out.push(feature_ids(C_T1, &[t1]));
    out.push(feature_ids(C_T2, &[t2]));
    out.push(feature_ids(C_T12, &[t2, t1]));
    out.push(feature_ids(
        C_SENT_T1_CASE,
        &[c.sentence, t1, u64::from(c.this.case)],
    ));
    out.push(feature_ids(C_T1_W0, &[t1, c.this.lower]));
    out.push(feature_ids(C_T1_C0, &[t1, c.this.cluster]));
    out.push(feature_ids(C_T1_S0, &[t1, c.this.suffix]));
    out.push(feature_ids(C_T1_SH0, &[t1, c.this.shape]));
    out.push(feature_ids(C_T1_W1, &[t1, c.next.lower]));
}

/// A lexicon entry's default for words it does not know.
pub(crate) const UNKNOWN: LexInfo = LexInfo {
    clusters: [NO_CLUSTER; CLUSTER_LEVELS],
    case_profile: NO_CASE_PROFILE,
    tags: [NO_CLASS; 2],
    tag_bucket: 0,
};
