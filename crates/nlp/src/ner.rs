//! Named-entity recognizer: PERSON, ORG, LOC (including geopolitical entities) and MISC
//! (including nationalities), trained on CoNLL-2003-style data.
//!
//! # Model
//!
//! A greedy left-to-right averaged perceptron over BILOU labels (17 classes: `O` and
//! begin/inside/last/unit for each type), after Ratinov & Roth (2009), "Design Challenges and
//! Misconceptions in Named Entity Recognition":
//!
//! - token features: word, lower case, long and short shape, prefixes and suffixes (1–4
//!   characters), the words and shapes of a ±2 window, word bigrams, a shape trigram, the
//!   token's place in a run of capitalised words;
//! - casing: in a sentence written in capitals (headlines, datelines, sports tables) words in
//!   capitals are re-cased with a true-casing lexicon learnt from unlabelled text (falling back to
//!   title case) before lexical features are taken, and the sentence's casing is a feature;
//! - word clusters: the classes of the word and its neighbours at three granularities, from a
//!   class-based bigram clustering of unlabelled text (see [`clusters`]);
//! - gazetteers ([`crate::gazetteer`]): for each list, the token's BILOU position in the longest
//!   match, with its capitalisation, and the same for the neighbours;
//! - label history: the two previous predicted labels, alone and with the word and shape;
//! - document context (two passes): pass 1 tags the whole document without document features;
//!   pass 2 adds, for each token, its pass-1 label and its neighbours', and the labels pass 1
//!   gave the same word elsewhere in the document (majority type, majority entity type, the type
//!   of longer entities containing it, the type of its first mention). During training the
//!   pass-1 labels of the training documents come from models trained on the other folds
//!   (jackknifing), so pass 2 learns how far to trust them. One weight vector serves both passes,
//!   so pass 2 reuses pass 1's token scores and only adds its few extra features.
//!
//! Transitions are constrained so every output is a well-formed BILOU sequence.
//!
//! # Speed
//!
//! Tagging avoids most hash-table probes: what a word contributes on its own and as each
//! neighbour is summed once and kept in a per-thread cache keyed by the token text (results never
//! depend on what is cached: a cached sum is the sum that would be computed); features with a
//! small key space (label history, gazetteer positions, document features) are read from dense
//! tables built at load; the remaining probes are issued together
//! ([`LinearModel::add_scores_batched`]) so their cache misses overlap; and pass 2 reuses pass 1's
//! token scores and label-history sums.

pub mod clusters;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use newsgraph_core::EntityType;
use newsgraph_ml::hash::{feature1, feature_ids};
use newsgraph_ml::model_file::{self, ModelHeader};
use newsgraph_ml::perceptron::{LinearModel, Trainer};
use newsgraph_ml::rng::SplitMix64;
use serde::{Deserialize, Serialize};

use crate::gazetteer::{fold_char, token_key, FastMap, Gazetteer, MAX_LISTS};
use crate::NlpError;

/// The `kind` of NER model files.
pub const MODEL_KIND: &str = "ner/1";

/// Entity types in label order.
pub const TYPES: [EntityType; 4] = [
    EntityType::Person,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Misc,
];

/// `O` plus B, I, L, U for each type.
pub const N_LABELS: usize = 1 + 4 * TYPES.len();
/// The label id used for "before the sentence" in history features.
const START: u64 = N_LABELS as u64;

/// Position of a token in an entity (BILOU).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Begin = 0,
    Inside = 1,
    Last = 2,
    Unit = 3,
}

fn type_index(t: EntityType) -> usize {
    match t {
        EntityType::Person => 0,
        EntityType::Org => 1,
        EntityType::Loc => 2,
        EntityType::Misc => 3,
    }
}

/// The label id of a type and position (`0` is `O`).
pub fn label_id(t: EntityType, p: Position) -> u8 {
    (1 + type_index(t) * 4 + p as usize) as u8
}

/// The type and position of a label id; `None` for `O` (and out-of-range ids).
pub fn label_parts(label: u8) -> Option<(EntityType, Position)> {
    if label == 0 || label as usize >= N_LABELS {
        return None;
    }
    let l = label as usize - 1;
    let p = match l % 4 {
        0 => Position::Begin,
        1 => Position::Inside,
        2 => Position::Last,
        _ => Position::Unit,
    };
    Some((TYPES[l / 4], p))
}

/// Whether `next` may follow `prev` (`None`: sentence start); `last`: `next` ends the sentence.
#[inline]
fn allowed(prev: Option<u8>, next: u8, last: bool) -> bool {
    let open = match prev.and_then(label_parts) {
        Some((t, Position::Begin | Position::Inside)) => Some(t),
        _ => None,
    };
    match (open, label_parts(next)) {
        (None, None) => true,
        (None, Some((_, p))) => p == Position::Unit || (p == Position::Begin && !last),
        (Some(_), None) => false,
        (Some(t), Some((u, p))) => {
            t == u && (p == Position::Last || (p == Position::Inside && !last))
        }
    }
}

/// BILOU labels for a sentence of `len` tokens from entity spans `(start, end, type)` (end
/// exclusive). Empty, out-of-range and overlapping spans are skipped (the first one wins).
pub fn encode_bilou(len: usize, spans: &[(usize, usize, EntityType)]) -> Vec<u8> {
    let mut labels = vec![0u8; len];
    let mut taken = vec![false; len];
    for &(start, end, t) in spans {
        if start >= end || end > len || taken[start..end].iter().any(|&x| x) {
            continue;
        }
        for i in start..end {
            taken[i] = true;
            let p = if end - start == 1 {
                Position::Unit
            } else if i == start {
                Position::Begin
            } else if i + 1 == end {
                Position::Last
            } else {
                Position::Inside
            };
            labels[i] = label_id(t, p);
        }
    }
    labels
}

/// Entity spans from BILOU labels. Ill-formed sequences are read leniently: an `I`/`L` without
/// an open entity of its type starts one, and an entity left open ends where its run ends.
pub fn decode_bilou(labels: &[u8]) -> Vec<(usize, usize, EntityType)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &label) in labels.iter().enumerate() {
        match label_parts(label) {
            None => {
                if let Some((s, t)) = open.take() {
                    spans.push((s, i, t));
                }
            }
            Some((t, p)) => {
                if let Some((s, u)) = open {
                    if u != t || matches!(p, Position::Begin | Position::Unit) {
                        spans.push((s, i, u));
                        open = None;
                    }
                }
                let start = open.map_or(i, |(s, _)| s);
                match p {
                    Position::Begin | Position::Inside => open = Some((start, t)),
                    Position::Last | Position::Unit => {
                        spans.push((start, i + 1, t));
                        open = None;
                    }
                }
            }
        }
    }
    if let Some((s, t)) = open {
        spans.push((s, labels.len(), t));
    }
    spans
}

// ---------------------------------------------------------------------------------------------
// Public types

/// A recognised entity: a token range of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct EntitySpan {
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    pub label: EntityType,
    /// In `[0, 1]`: the lowest per-token probability of the entity's labels (a softmax of the
    /// perceptron scores over the allowed labels, calibrated on dev data).
    pub confidence: f32,
}

/// A training sentence: tokens and gold entities `(start, end, type)`, end exclusive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainSentence {
    pub tokens: Vec<String>,
    pub entities: Vec<(usize, usize, EntityType)>,
}

/// A training document (document-level features look across its sentences).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainDocument {
    pub sentences: Vec<TrainSentence>,
}

/// Training settings.
pub struct TrainConfig {
    /// Passes over the training data; the best one on dev is kept.
    pub iterations: usize,
    /// Seed for shuffles.
    pub seed: u64,
    /// Folds for the jackknifed pass-1 labels of the training documents (0 or 1: none, so
    /// pass 2 never fires).
    pub folds: usize,
    /// Features whose averaged weights are all below this are dropped.
    pub prune: f32,
    /// Word clusters (for example from [`clusters::induce`]); empty for none.
    pub clusters: Vec<(String, String)>,
    /// Called with a line of progress now and then.
    pub progress: Box<dyn FnMut(&str)>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iterations: 12,
            seed: 1,
            folds: 5,
            prune: 0.0,
            clusters: Vec::new(),
            progress: Box::new(|_| {}),
        }
    }
}

/// What training reports.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Dev entity F1 (0–100) after each iteration.
    pub dev_f1: Vec<f64>,
    /// The iteration kept (1-based).
    pub best_iteration: usize,
    /// Features in the kept model.
    pub features: usize,
    /// Size of the true-casing lexicon and the cluster table.
    pub lexicon_words: usize,
    pub cluster_words: usize,
}

// ---------------------------------------------------------------------------------------------
// Lexicon: true-casing and clusters

/// Word-level resources learnt from unlabelled text.
#[derive(Debug, Clone, Default, PartialEq)]
struct Lexicon {
    /// Lower case → most frequent form in running (not sentence-initial, not all-caps) text.
    truecase: FastMap<String, String>,
    /// Word → hashes of its classes, coarse to fine.
    clusters: FastMap<String, [u64; CLUSTER_LEVELS]>,
}

/// Cluster granularities used as features (more in the table are ignored).
const CLUSTER_LEVELS: usize = 3;

impl Lexicon {
    fn new(truecase_forms: &[String], clusters: &[(String, String)]) -> Self {
        let truecase = truecase_forms
            .iter()
            .map(|f| (f.to_lowercase(), f.clone()))
            .collect();
        let clusters = clusters
            .iter()
            .map(|(word, ids)| {
                let mut hashes = [0u64; CLUSTER_LEVELS];
                for (level, (h, id)) in hashes.iter_mut().zip(ids.split(':')).enumerate() {
                    *h = feature(T_CLUSTER + level as u32, id.as_bytes());
                }
                (word.clone(), hashes)
            })
            .collect();
        Lexicon { truecase, clusters }
    }
}

/// Learns the true-casing lexicon: for each word seen at least `min_count` times inside
/// sentences of running text (not first in its sentence, not in a sentence in capitals), its
/// most frequent form.
fn learn_truecase<'a>(
    sentences: impl Iterator<Item = Vec<&'a str>>,
    min_count: usize,
) -> Vec<String> {
    let mut counts: HashMap<&'a str, usize> = HashMap::new();
    for sentence in sentences {
        if sentence_in_capitals(sentence.iter().copied()) {
            continue;
        }
        for token in sentence.iter().skip(1) {
            if token.chars().any(char::is_alphabetic) && token.len() <= 40 {
                *counts.entry(token).or_default() += 1;
            }
        }
    }
    let mut best: HashMap<String, (usize, usize, &str)> = HashMap::new();
    for (&form, &count) in &counts {
        let entry = best.entry(form.to_lowercase()).or_insert((0, 0, form));
        entry.0 += count;
        if count > entry.1 || (count == entry.1 && form < entry.2) {
            entry.1 = count;
            entry.2 = form;
        }
    }
    let mut forms: Vec<String> = best
        .into_values()
        .filter(|&(total, _, _)| total >= min_count)
        .map(|(_, _, form)| form.to_string())
        .collect();
    forms.sort();
    forms
}

/// Splits unlabelled text into rough sentences of rough tokens (whitespace, with punctuation
/// split off the ends of words), for the lexicon and clusters.
pub fn rough_sentences(text: &str) -> Vec<Vec<&str>> {
    let mut sentences = Vec::new();
    for line in text.lines() {
        let mut sentence = Vec::new();
        for piece in line.split_whitespace() {
            let is_punct = |c: char| !c.is_alphanumeric();
            let core_start = piece.find(|c: char| !is_punct(c)).unwrap_or(piece.len());
            let core_end = piece.rfind(|c: char| !is_punct(c)).map_or(core_start, |i| {
                i + piece[i..].chars().next().map_or(1, char::len_utf8)
            });
            let (head, rest) = piece.split_at(core_start);
            let (core, tail) = rest.split_at(core_end.saturating_sub(core_start).min(rest.len()));
            for (i, c) in head.char_indices() {
                sentence.push(&head[i..i + c.len_utf8()]);
            }
            if !core.is_empty() {
                // Keep an abbreviation's period ("U.S.", "Mr.").
                let keep_period = tail.starts_with('.')
                    && (core.contains('.') || core.len() <= 3)
                    && core.chars().next().is_some_and(char::is_uppercase);
                if keep_period {
                    sentence.push(&piece[core_start..core_end + 1]);
                } else {
                    sentence.push(core);
                }
                let tail = if keep_period { &tail[1..] } else { tail };
                let ends = tail.contains(['.', '!', '?']);
                for (i, c) in tail.char_indices() {
                    sentence.push(&tail[i..i + c.len_utf8()]);
                }
                if ends && !keep_period {
                    sentences.push(std::mem::take(&mut sentence));
                }
            } else if head.contains(['.', '!', '?']) {
                sentences.push(std::mem::take(&mut sentence));
            }
        }
        if !sentence.is_empty() {
            sentences.push(sentence);
        }
    }
    sentences
}

/// Whether a sentence is written in capitals: at least three quarters of its words with letters
/// have no lower-case letter.
fn sentence_in_capitals<'a>(tokens: impl Iterator<Item = &'a str>) -> bool {
    let (mut words, mut upper) = (0usize, 0usize);
    for token in tokens {
        let mut has_letter = false;
        let mut has_lower = false;
        for c in token.chars() {
            if c.is_alphabetic() {
                has_letter = true;
                if c.is_lowercase() {
                    has_lower = true;
                    break;
                }
            }
        }
        if has_letter {
            words += 1;
            if !has_lower {
                upper += 1;
            }
        }
    }
    words > 0 && upper * 4 >= words * 3
}

// ---------------------------------------------------------------------------------------------
// Features

// Feature templates.
const T_BIAS: u32 = 1;
const T_WORD: u32 = 2;
const T_LOWER: u32 = 3;
const T_SHAPE: u32 = 4;
const T_SSHAPE: u32 = 5;
const T_PREFIX: u32 = 10; // + length
const T_SUFFIX: u32 = 20; // + length
const T_CTX_LOWER: u32 = 30; // + offset + 2
const T_CTX_SSHAPE: u32 = 40; // + offset + 2
const T_BIGRAM_LEFT: u32 = 50;
const T_BIGRAM_RIGHT: u32 = 51;
const T_SHAPE3: u32 = 52;
const T_PREV_WORD_SHAPE: u32 = 53;
const T_NEXT_WORD_SHAPE: u32 = 54;
const T_FIRST: u32 = 55;
const T_CAPS: u32 = 56;
const T_TABLE: u32 = 57;
const T_ORIG_SHAPE: u32 = 58;
const T_CAP_RUN: u32 = 59;
const T_GAZ: u32 = 60;
const T_GAZ_CAP: u32 = 61;
const T_GAZ_PREV: u32 = 62;
const T_GAZ_NEXT: u32 = 63;
const T_GAZ_SET: u32 = 64;
const T_CLUSTER: u32 = 100; // + level
const T_CTX_CLUSTER: u32 = 130; // + offset + 2, with the level
const T_Y1: u32 = 200;
const T_Y2Y1: u32 = 201;
const T_Y1_LOWER: u32 = 202;
const T_Y1_SSHAPE: u32 = 203;
const T_DOC_P1: u32 = 300;
const T_DOC_P1_PREV: u32 = 301;
const T_DOC_P1_NEXT: u32 = 302;
const T_DOC_MAJORITY: u32 = 303;
const T_DOC_ENTITY: u32 = 304;
const T_DOC_ENTITY_P1: u32 = 305;
const T_DOC_SUPER: u32 = 306;
const T_DOC_FIRST: u32 = 307;
const T_DOC_ENTITY_SHAPE: u32 = 308;
const T_DOC_P1_SHAPE: u32 = 309;

#[inline]
fn feature(template: u32, bytes: &[u8]) -> u64 {
    feature1(template, bytes)
}

/// Key standing for "no token here" (before / after the sentence).
const BOUNDARY: u64 = 0xB0B0_B0B0_B0B0_B0B0;

/// What the features need to know about one token, computed once.
#[derive(Debug, Clone, Default)]
struct Tok {
    /// [`token_key`] of the original token (gazetteer and document matching).
    key: u64,
    word: u64,
    lower: u64,
    sshape: u64,
    oshape: u64,
    clusters: [u64; CLUSTER_LEVELS],
    gaz: u64,
    /// The (re-cased) word starts with a capital letter.
    capitalised: bool,
}

/// Features of a token only the token itself uses.
#[derive(Debug, Clone, Default)]
struct Lexical {
    shape: u64,
    affixes: [u64; 8],
}

#[derive(Debug, Clone, Copy, Default)]
struct SentenceInfo {
    start: usize,
    end: usize,
    capitals: bool,
    table: bool,
}

/// Reusable buffers for one document.
#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    /// Training only (tagging keeps them in the word cache's sums).
    lexical: Vec<Lexical>,
    sentences: Vec<SentenceInfo>,
    keys: Vec<u64>,
    gaz: Vec<u64>,
    buffers: Buffers,
    features: Vec<u64>,
    /// Index in `cache.words` of every token.
    word_ids: Vec<u32>,
    cache: WordCache,
    static_scores: Vec<f32>,
    /// Pass-2 scores of every token, kept when `keep_scores` (for calibration).
    scores: Vec<f32>,
    keep_scores: bool,
    pass1: Vec<u8>,
    memo: Vec<HistoryMemo>,
    labels: Vec<u8>,
    probs: Vec<f32>,
    doc: DocStats,
}

/// What a word contributes to the scores on its own and as each neighbour of another token,
/// for one model.
struct CachedWord {
    tok: Tok,
    own: [f32; N_LABELS],
    context: [[f32; N_LABELS]; 4],
}

/// Per-thread cache of [`CachedWord`]s by sentence casing and token text: news repeats words,
/// so most tokens skip string work and most feature lookups. The cached sums are exactly what
/// would be computed afresh, so results never depend on what is cached.
#[derive(Default)]
struct WordCache {
    /// The [`Recognizer::id`] the entries belong to.
    model: u64,
    index: FastMap<Box<str>, u32>,
    words: Vec<CachedWord>,
    key: String,
}

/// Entries kept before the cache starts afresh (about 25 MB).
const WORD_CACHE_LIMIT: usize = 50_000;

/// Source of [`Recognizer::id`]s.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Long shape: `X`, `x`, `d` for upper, lower, digit, other characters kept; runs capped at 4.
fn long_shape(word: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().take(40) {
        let s = shape_char(c);
        if s == last {
            run += 1;
            if run > 4 {
                continue;
            }
        } else {
            run = 1;
            last = s;
        }
        out.push(s);
    }
}

#[inline]
fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() || (c.is_alphabetic() && !c.is_ascii()) {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_ascii() {
        c
    } else {
        '~'
    }
}

/// Short shape: runs collapsed to one character.
fn short_shape(word: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    for c in word.chars().take(40) {
        let s = shape_char(c);
        if s != last {
            out.push(s);
            last = s;
        }
    }
}

/// Folds quotes and dashes; digits become `0`.
fn normalise_into(token: &str, out: &mut String) {
    out.clear();
    for c in token.chars() {
        let c = fold_char(c);
        out.push(if c.is_ascii_digit() { '0' } else { c });
    }
}

fn title_case_into(lower: &str, out: &mut String) {
    out.clear();
    let mut chars = lower.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

struct Resources<'m> {
    gazetteer: &'m Gazetteer,
    lexicon: &'m Lexicon,
}

/// String buffers for [`Resources::token`].
#[derive(Default)]
struct Buffers {
    lower: String,
    form: String,
    shape: String,
}

/// Sentence-level facts from the raw tokens.
fn sentence_facts<S: AsRef<str>>(sentence: &[S]) -> (bool, bool) {
    let capitals = sentence_in_capitals(sentence.iter().map(AsRef::as_ref));
    let numbers = sentence
        .iter()
        .filter(|t| {
            t.as_ref()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .count();
    let table = sentence.len() >= 3 && numbers * 10 >= sentence.len() * 3;
    (capitals, table)
}

impl Resources<'_> {
    /// Everything about a token that depends only on its text and whether its sentence is in
    /// capitals (not the gazetteer annotation, which needs the neighbours).
    fn token(&self, token: &str, capitals: bool, b: &mut Buffers) -> (Tok, Lexical) {
        let mut tok = Tok {
            key: token_key(token),
            ..Tok::default()
        };
        let mut lex = Lexical::default();
        let Buffers { lower, form, shape } = b;
        normalise_into(token, form);
        lower.clear();
        lower.extend(form.chars().flat_map(char::to_lowercase));
        short_shape(form, shape);
        tok.oshape = feature(T_ORIG_SHAPE, shape.as_bytes());
        if capitals && !form.chars().any(char::is_lowercase) {
            match self.lexicon.truecase.get(lower.as_str()) {
                Some(cased) => {
                    form.clear();
                    form.push_str(cased);
                }
                None => title_case_into(lower, form),
            }
        }
        tok.capitalised = form
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        tok.word = feature(T_WORD, form.as_bytes());
        tok.lower = feature(T_LOWER, lower.as_bytes());
        long_shape(form, shape);
        lex.shape = feature(T_SHAPE, shape.as_bytes());
        short_shape(form, shape);
        tok.sshape = feature(T_SSHAPE, shape.as_bytes());
        // Character boundaries of the first and last four characters.
        let bytes = lower.as_bytes();
        let mut heads = [bytes.len(); 4];
        for (n, (at, _)) in lower.char_indices().skip(1).take(4).enumerate() {
            heads[n] = at;
        }
        let mut tails = [0usize; 4];
        for (n, (at, _)) in lower.char_indices().rev().take(4).enumerate() {
            tails[n] = at;
        }
        let n_chars = lower.chars().count();
        for k in 1..=4usize {
            let head = if k <= n_chars {
                heads[k - 1].min(bytes.len())
            } else {
                bytes.len()
            };
            let tail = if k <= n_chars { tails[k - 1] } else { 0 };
            lex.affixes[k - 1] = feature(T_PREFIX + k as u32, &bytes[..head]);
            lex.affixes[3 + k] = feature(T_SUFFIX + k as u32, &bytes[tail..]);
        }
        if let Some(c) = self
            .lexicon
            .clusters
            .get(form.as_str())
            .or_else(|| self.lexicon.clusters.get(lower.as_str()))
        {
            tok.clusters = *c;
        }
        (tok, lex)
    }

    /// Fills `s.toks`, `s.sentences` and the gazetteer annotations for a document (training
    /// path: no cache).
    fn prepare<S: AsRef<str>>(&self, sentences: &[Vec<S>], s: &mut Scratch) {
        s.toks.clear();
        s.lexical.clear();
        s.sentences.clear();
        for sentence in sentences {
            let start = s.toks.len();
            let (capitals, table) = sentence_facts(sentence);
            for token in sentence {
                let (tok, lex) = self.token(token.as_ref(), capitals, &mut s.buffers);
                s.toks.push(tok);
                s.lexical.push(lex);
            }
            self.annotate(start, s);
            s.sentences.push(SentenceInfo {
                start,
                end: s.toks.len(),
                capitals,
                table,
            });
        }
    }

    /// Gazetteer annotation of the tokens from `start` on.
    fn annotate(&self, start: usize, s: &mut Scratch) {
        s.keys.clear();
        s.keys.extend(s.toks[start..].iter().map(|t| t.key));
        self.gazetteer.annotate(&s.keys, &mut s.gaz);
        for (tok, &g) in s.toks[start..].iter_mut().zip(&s.gaz) {
            tok.gaz = g;
        }
    }
}

/// Offsets of the context window.
const OFFSETS: [isize; 4] = [-2, -1, 1, 2];

/// Features of a token that depend on nothing else.
#[inline]
fn word_features(t: &Tok, lex: &Lexical, out: &mut Vec<u64>) {
    out.extend_from_slice(&[t.word, t.lower, lex.shape, t.sshape]);
    out.extend_from_slice(&lex.affixes);
    if t.clusters[0] != 0 {
        out.extend_from_slice(&t.clusters);
    }
}

/// Features a neighbour at `offset` (one of [`OFFSETS`]) gives a token (`None`: the sentence
/// boundary).
#[inline]
fn context_features(n: Option<&Tok>, offset: isize, out: &mut Vec<u64>) {
    let slot = (offset + 2) as u32;
    out.push(feature_ids(
        T_CTX_LOWER + slot,
        &[n.map_or(BOUNDARY, |t| t.lower)],
    ));
    out.push(feature_ids(
        T_CTX_SSHAPE + slot,
        &[n.map_or(BOUNDARY, |t| t.sshape)],
    ));
    if offset.abs() == 1 {
        if let Some(n) = n.filter(|n| n.clusters[0] != 0) {
            for (p, &c) in n.clusters.iter().enumerate() {
                out.push(feature_ids(T_CTX_CLUSTER + slot, &[p as u64, c]));
            }
        }
    }
}

/// Where features go: a list of keys (training), or scores (tagging, where the features of a
/// small, known key space are read from dense tables instead of the hash table).
trait Sink {
    fn key(&mut self, key: u64);
    fn dense(&mut self, table: Dense, index: usize);
}

/// Collects keys (dense features as their keys).
struct Keys<'a>(&'a mut Vec<u64>);

impl Sink for Keys<'_> {
    #[inline]
    fn key(&mut self, key: u64) {
        self.0.push(key);
    }
    #[inline]
    fn dense(&mut self, table: Dense, index: usize) {
        self.0.push(dense_key(table, index));
    }
}

/// Adds dense features to `row` at once and collects the other keys.
struct Scorer<'a> {
    keys: &'a mut Vec<u64>,
    row: &'a mut [f32],
    tables: &'a DenseTables,
}

impl Sink for Scorer<'_> {
    #[inline]
    fn key(&mut self, key: u64) {
        self.keys.push(key);
    }
    #[inline]
    fn dense(&mut self, table: Dense, index: usize) {
        let weights = self.tables.get(table, index);
        for (r, w) in self.row.iter_mut().zip(weights) {
            *r += w;
        }
    }
}

/// Feature templates with a small key space, kept as dense tables at tagging time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dense {
    Bias,
    Y1,
    Y2Y1,
    P1,
    P1Prev,
    P1Next,
    Majority,
    Entity,
    EntityP1,
    Super,
    First,
    Gaz,
    GazCap,
    GazPrev,
    GazNext,
}

const HISTORY: usize = N_LABELS + 1;
const DENSE: [(Dense, usize); 15] = [
    (Dense::Bias, 1),
    (Dense::Y1, HISTORY),
    (Dense::Y2Y1, HISTORY * HISTORY),
    (Dense::P1, HISTORY),
    (Dense::P1Prev, HISTORY),
    (Dense::P1Next, HISTORY),
    (Dense::Majority, 5 * 4),
    (Dense::Entity, 4),
    (Dense::EntityP1, 4 * 5),
    (Dense::Super, 4),
    (Dense::First, 5),
    (Dense::Gaz, MAX_LISTS * 8),
    (Dense::GazCap, MAX_LISTS * 16),
    (Dense::GazPrev, MAX_LISTS * 8),
    (Dense::GazNext, MAX_LISTS * 8),
];

/// The key of entry `index` of a dense table.
fn dense_key(table: Dense, index: usize) -> u64 {
    let i = index as u64;
    let h = HISTORY as u64;
    match table {
        Dense::Bias => feature_ids(T_BIAS, &[]),
        Dense::Y1 => feature_ids(T_Y1, &[i]),
        Dense::Y2Y1 => feature_ids(T_Y2Y1, &[i / h, i % h]),
        Dense::P1 => feature_ids(T_DOC_P1, &[i]),
        Dense::P1Prev => feature_ids(T_DOC_P1_PREV, &[i]),
        Dense::P1Next => feature_ids(T_DOC_P1_NEXT, &[i]),
        Dense::Majority => feature_ids(T_DOC_MAJORITY, &[i / 4, i % 4]),
        Dense::Entity => feature_ids(T_DOC_ENTITY, &[i]),
        Dense::EntityP1 => feature_ids(T_DOC_ENTITY_P1, &[i / 5, i % 5]),
        Dense::Super => feature_ids(T_DOC_SUPER, &[i]),
        Dense::First => feature_ids(T_DOC_FIRST, &[i]),
        Dense::Gaz => feature_ids(T_GAZ, &[i / 8, i % 8]),
        Dense::GazCap => feature_ids(T_GAZ_CAP, &[i / 16, (i / 2) % 8, i % 2]),
        Dense::GazPrev => feature_ids(T_GAZ_PREV, &[i / 8, i % 8]),
        Dense::GazNext => feature_ids(T_GAZ_NEXT, &[i / 8, i % 8]),
    }
}

/// The weights of every dense feature, looked up once.
struct DenseTables {
    base: [usize; DENSE.len()],
    rows: Vec<[f32; N_LABELS]>,
}

impl DenseTables {
    fn new(model: &LinearModel) -> Self {
        let mut base = [0; DENSE.len()];
        let mut rows = Vec::new();
        for (slot, &(table, size)) in DENSE.iter().enumerate() {
            base[slot] = rows.len();
            for index in 0..size {
                let mut row = [0f32; N_LABELS];
                model.add_scores(&[dense_key(table, index)], &mut row);
                rows.push(row);
            }
        }
        DenseTables { base, rows }
    }

    #[inline]
    fn get(&self, table: Dense, index: usize) -> &[f32; N_LABELS] {
        let slot = table as usize;
        let size = DENSE[slot].1;
        // Out-of-range indices cannot happen; clamp rather than panic.
        &self.rows[self.base[slot] + index.min(size - 1)]
    }
}

/// Label-independent features of token `i` of a sentence that look at more than one token.
#[inline]
fn pair_features(toks: &[Tok], i: usize, info: &SentenceInfo, out: &mut impl Sink) {
    let t = &toks[i];
    let at = |k: isize| -> Option<&Tok> {
        let j = i as isize + k;
        if j < 0 {
            None
        } else {
            toks.get(j as usize)
        }
    };
    let lower_at = |k: isize| at(k).map_or(BOUNDARY, |t| t.lower);
    let sshape_at = |k: isize| at(k).map_or(BOUNDARY, |t| t.sshape);
    out.dense(Dense::Bias, 0);
    out.key(feature_ids(T_BIGRAM_LEFT, &[lower_at(-1), t.lower]));
    out.key(feature_ids(T_BIGRAM_RIGHT, &[t.lower, lower_at(1)]));
    out.key(feature_ids(
        T_SHAPE3,
        &[sshape_at(-1), t.sshape, sshape_at(1)],
    ));
    out.key(feature_ids(T_PREV_WORD_SHAPE, &[lower_at(-1), t.sshape]));
    out.key(feature_ids(T_NEXT_WORD_SHAPE, &[t.sshape, lower_at(1)]));
    out.key(feature_ids(T_FIRST, &[(i == 0) as u64, t.sshape]));
    if info.capitals {
        out.key(feature_ids(T_CAPS, &[t.sshape, t.oshape]));
    }
    if info.table {
        out.key(feature_ids(T_TABLE, &[t.sshape]));
    }
    // Position in a run of capitalised words (up to 3 each side).
    if t.capitalised {
        let before = (1..=3)
            .take_while(|&k| at(-k).is_some_and(|n| n.capitalised))
            .count();
        let after = (1..=3)
            .take_while(|&k| at(k).is_some_and(|n| n.capitalised))
            .count();
        out.key(feature_ids(T_CAP_RUN, &[before as u64, after as u64]));
    }
    // Gazetteers.
    if t.gaz != 0 {
        let mut set = 0u64;
        for list in 0..MAX_LISTS {
            let code = ((t.gaz >> (3 * list)) & 7) as usize;
            if code != 0 {
                out.dense(Dense::Gaz, list * 8 + code);
                out.dense(Dense::GazCap, list * 16 + code * 2 + t.capitalised as usize);
                set |= 1 << list;
            }
        }
        out.key(feature_ids(T_GAZ_SET, &[set, t.capitalised as u64]));
    }
    for (k, table) in [(-1isize, Dense::GazPrev), (1, Dense::GazNext)] {
        if let Some(n) = at(k) {
            if n.gaz != 0 {
                for list in 0..MAX_LISTS {
                    let code = ((n.gaz >> (3 * list)) & 7) as usize;
                    if code != 0 {
                        out.dense(table, list * 8 + code);
                    }
                }
            }
        }
    }
}

/// All label-independent features of token `i` of a sentence (training path).
fn static_features(
    toks: &[Tok],
    lexical: &[Lexical],
    i: usize,
    info: &SentenceInfo,
    out: &mut Vec<u64>,
) {
    word_features(&toks[i], &lexical[i], out);
    for k in OFFSETS {
        let j = i as isize + k;
        let n = if j < 0 { None } else { toks.get(j as usize) };
        context_features(n, k, out);
    }
    pair_features(toks, i, info, &mut Keys(out));
}

/// Label-history features.
#[inline]
fn history_features(t: &Tok, y1: u64, y2: u64, out: &mut impl Sink) {
    out.dense(Dense::Y1, y1 as usize);
    out.dense(Dense::Y2Y1, y2 as usize * HISTORY + y1 as usize);
    for key in history_word_keys(t, y1) {
        out.key(key);
    }
}

/// The history features that also look at the word.
#[inline]
fn history_word_keys(t: &Tok, y1: u64) -> [u64; 2] {
    [
        feature_ids(T_Y1_LOWER, &[y1, t.lower]),
        feature_ids(T_Y1_SSHAPE, &[y1, t.sshape]),
    ]
}

/// Per token: the previous label its [`history_word_keys`] scores were summed for (`u8::MAX`:
/// none yet), and the sum; pass 2 mostly sees the previous labels of pass 1 again.
type HistoryMemo = (u8, [f32; N_LABELS]);

/// The type of a label as a small id: 0–3 for the types, 4 for `O`.
#[inline]
fn type_code(label: u8) -> usize {
    label_parts(label).map_or(4, |(t, _)| type_index(t))
}

/// Per-document statistics of pass-1 labels, by token key.
#[derive(Default)]
struct DocStats {
    /// Counts of types (and `O`) over capitalised occurrences.
    counts: FastMap<u64, [u16; 5]>,
    /// Counts of types of multi-token entities containing the word.
    supers: FastMap<u64, [u16; 4]>,
    /// Token index and type of the first capitalised occurrence.
    first: FastMap<u64, (usize, u8)>,
}

impl DocStats {
    fn build(&mut self, toks: &[Tok], sentences: &[SentenceInfo], pass1: &[u8]) {
        self.counts.clear();
        self.supers.clear();
        self.first.clear();
        for info in sentences {
            let labels = &pass1[info.start..info.end];
            for (offset, &label) in labels.iter().enumerate() {
                let i = info.start + offset;
                let t = &toks[i];
                if !t.capitalised {
                    continue;
                }
                let code = type_code(label);
                let count = &mut self.counts.entry(t.key).or_default()[code];
                *count = count.saturating_add(1);
                self.first.entry(t.key).or_insert((i, code as u8));
            }
            for (s, e, ty) in decode_bilou(labels) {
                if e - s >= 2 {
                    for t in &toks[info.start + s..info.start + e] {
                        if t.capitalised {
                            let count = &mut self.supers.entry(t.key).or_default()[type_index(ty)];
                            *count = count.saturating_add(1);
                        }
                    }
                }
            }
        }
    }

    /// Document features of token `i` (of a sentence spanning `info`).
    fn features(
        &self,
        toks: &[Tok],
        info: &SentenceInfo,
        i: usize,
        pass1: &[u8],
        out: &mut impl Sink,
    ) {
        let label = pass1[i];
        out.dense(Dense::P1, label as usize);
        let prev = if i > info.start {
            pass1[i - 1] as usize
        } else {
            START as usize
        };
        let next = if i + 1 < info.end {
            pass1[i + 1] as usize
        } else {
            START as usize
        };
        out.dense(Dense::P1Prev, prev);
        out.dense(Dense::P1Next, next);
        out.key(feature_ids(
            T_DOC_P1_SHAPE,
            &[label as u64, toks[i].sshape, prev as u64],
        ));
        let t = &toks[i];
        if !t.capitalised {
            return;
        }
        let own = type_code(label);
        if let Some(counts) = self.counts.get(&t.key) {
            let mut others = *counts;
            others[own] = others[own].saturating_sub(1);
            let total: u32 = others.iter().map(|&c| u32::from(c)).sum();
            if total > 0 {
                let majority = argmax_u16(&others);
                let bucket = match total {
                    1 => 1usize,
                    2..=3 => 2,
                    _ => 3,
                };
                out.dense(Dense::Majority, majority * 4 + bucket);
                let entity_total: u32 = others[..4].iter().map(|&c| u32::from(c)).sum();
                if entity_total > 0 {
                    let entity = argmax_u16(&others[..4]);
                    out.dense(Dense::Entity, entity);
                    out.dense(Dense::EntityP1, entity * 5 + own);
                    out.key(feature_ids(T_DOC_ENTITY_SHAPE, &[entity as u64, t.sshape]));
                }
            }
        }
        if let Some(supers) = self.supers.get(&t.key) {
            let mut others = *supers;
            if let Some((ty, Position::Begin | Position::Inside | Position::Last)) =
                label_parts(label)
            {
                let k = type_index(ty);
                others[k] = others[k].saturating_sub(1);
            }
            if others.iter().any(|&c| c > 0) {
                out.dense(Dense::Super, argmax_u16(&others));
            }
        }
        if let Some(&(first, code)) = self.first.get(&t.key) {
            if first != i {
                out.dense(Dense::First, code as usize);
            }
        }
    }
}

fn argmax_u16(values: &[u16]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

/// The best allowed label.
#[inline]
fn best_allowed(scores: &[f32], prev: Option<u8>, last: bool) -> u8 {
    let mut best = 0u8;
    let mut best_score = f32::NEG_INFINITY;
    for (label, &score) in scores.iter().enumerate().take(N_LABELS) {
        let label = label as u8;
        if score > best_score && allowed(prev, label, last) {
            best = label;
            best_score = score;
        }
    }
    best
}

/// Softmax probability of `chosen` among the allowed labels.
fn probability(scores: &[f32], chosen: u8, prev: Option<u8>, last: bool, temperature: f32) -> f32 {
    let top = scores[chosen as usize];
    let mut sum = 0f32;
    for (label, &score) in scores.iter().enumerate().take(N_LABELS) {
        if allowed(prev, label as u8, last) {
            sum += ((score - top) / temperature).exp();
        }
    }
    if sum.is_finite() && sum >= 1.0 {
        (1.0 / sum).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

// ---------------------------------------------------------------------------------------------
// The recognizer

#[derive(Serialize, Deserialize)]
struct Payload {
    model: LinearModel,
    gazetteer: Gazetteer,
    truecase: Vec<String>,
    clusters: Vec<(String, String)>,
    temperature: f32,
}

/// A trained named-entity recognizer. Load once, share read-only across threads.
pub struct Recognizer {
    model: LinearModel,
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    truecase_forms: Vec<String>,
    cluster_list: Vec<(String, String)>,
    temperature: f32,
    header: ModelHeader,
    /// Identifies this recognizer's entries in the per-thread word cache.
    id: u64,
    /// What the sentence boundary contributes at each context offset.
    boundary: [[f32; N_LABELS]; 4],
    dense: DenseTables,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Recognizer {
    /// Loads a model file written by [`Recognizer::save`].
    pub fn load(path: &Path) -> Result<Recognizer, NlpError> {
        let (header, payload): (ModelHeader, Payload) = model_file::load(path, MODEL_KIND)?;
        Ok(Recognizer::from_payload(payload, header))
    }

    fn from_payload(payload: Payload, header: ModelHeader) -> Self {
        let temperature = if payload.temperature.is_finite() && payload.temperature > 0.0 {
            payload.temperature
        } else {
            1.0
        };
        Recognizer::new(
            payload.model,
            payload.gazetteer,
            Lexicon::new(&payload.truecase, &payload.clusters),
            payload.truecase,
            payload.clusters,
            temperature,
            header,
        )
    }

    fn new(
        model: LinearModel,
        gazetteer: Gazetteer,
        lexicon: Lexicon,
        truecase_forms: Vec<String>,
        cluster_list: Vec<(String, String)>,
        temperature: f32,
        header: ModelHeader,
    ) -> Self {
        let mut boundary = [[0f32; N_LABELS]; 4];
        let mut features = Vec::new();
        for (slot, &k) in OFFSETS.iter().enumerate() {
            features.clear();
            context_features(None, k, &mut features);
            model.add_scores(&features, &mut boundary[slot]);
        }
        Recognizer {
            gazetteer,
            lexicon,
            truecase_forms,
            cluster_list,
            temperature,
            header,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            boundary,
            dense: DenseTables::new(&model),
            model,
        }
    }

    fn payload(&self) -> Payload {
        Payload {
            model: self.model.clone(),
            gazetteer: self.gazetteer.clone(),
            truecase: self.truecase_forms.clone(),
            clusters: self.cluster_list.clone(),
            temperature: self.temperature,
        }
    }

    /// Writes the model with `header` (its `kind` is set to [`MODEL_KIND`]).
    pub fn save(&self, path: &Path, header: &ModelHeader) -> Result<(), NlpError> {
        let mut header = header.clone();
        header.kind = MODEL_KIND.to_string();
        model_file::save(path, &header, &self.payload())?;
        Ok(())
    }

    /// The model file's bytes, as [`save`](Self::save) writes them.
    pub fn to_bytes(&self, header: &ModelHeader) -> Result<Vec<u8>, NlpError> {
        let mut header = header.clone();
        header.kind = MODEL_KIND.to_string();
        model_file::encode(&header, &self.payload()).map_err(NlpError::Training)
    }

    /// The header the model was loaded with (empty for a freshly trained one).
    pub fn header(&self) -> &ModelHeader {
        &self.header
    }

    /// Number of features in the linear model.
    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// Recognise entities in a document given as sentences of token texts (document-level
    /// features use all sentences). Clears and fills `out`, in document order.
    pub fn recognize<S: AsRef<str>>(&self, sentences: &[Vec<S>], out: &mut Vec<EntitySpan>) {
        out.clear();
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.recognize_with(sentences, &mut scratch, out),
            Err(_) => self.recognize_with(sentences, &mut Scratch::default(), out),
        });
    }

    /// BILOU labels for every token of the document, sentence after sentence (pass 2).
    fn recognize_with<S: AsRef<str>>(
        &self,
        sentences: &[Vec<S>],
        s: &mut Scratch,
        out: &mut Vec<EntitySpan>,
    ) {
        self.label(sentences, s);
        for (index, info) in s.sentences.iter().enumerate() {
            let labels = &s.labels[info.start..info.end];
            for (start, end, label) in decode_bilou(labels) {
                let confidence = s.probs[info.start + start..info.start + end]
                    .iter()
                    .fold(1f32, |m, &p| m.min(p));
                out.push(EntitySpan {
                    sentence: index,
                    start,
                    end,
                    label,
                    confidence,
                });
            }
        }
    }

    /// Fills `s.toks`, `s.word_ids` and `s.sentences`, through the word cache.
    fn prepare_cached<S: AsRef<str>>(&self, sentences: &[Vec<S>], s: &mut Scratch) {
        let resources = Resources {
            gazetteer: &self.gazetteer,
            lexicon: &self.lexicon,
        };
        let cache = &mut s.cache;
        if cache.model != self.id || cache.words.len() >= WORD_CACHE_LIMIT {
            cache.index.clear();
            cache.words.clear();
            cache.model = self.id;
        }
        s.toks.clear();
        s.word_ids.clear();
        s.sentences.clear();
        let mut features = std::mem::take(&mut s.features);
        for sentence in sentences {
            let start = s.toks.len();
            let (capitals, table) = sentence_facts(sentence);
            for token in sentence {
                let token = token.as_ref();
                let cache = &mut s.cache;
                cache.key.clear();
                cache.key.push(if capitals { 'C' } else { 'c' });
                cache.key.push_str(token);
                let id = match cache.index.get(cache.key.as_str()) {
                    Some(&id) => id,
                    None => {
                        let (tok, lex) = resources.token(token, capitals, &mut s.buffers);
                        let mut word = CachedWord {
                            tok,
                            own: [0.0; N_LABELS],
                            context: [[0.0; N_LABELS]; 4],
                        };
                        features.clear();
                        word_features(&word.tok, &lex, &mut features);
                        self.model.add_scores_batched(&features, &mut word.own);
                        for (slot, &k) in OFFSETS.iter().enumerate() {
                            features.clear();
                            context_features(Some(&word.tok), k, &mut features);
                            self.model
                                .add_scores_batched(&features, &mut word.context[slot]);
                        }
                        let id = cache.words.len() as u32;
                        cache.words.push(word);
                        cache.index.insert(cache.key.as_str().into(), id);
                        id
                    }
                };
                s.toks.push(s.cache.words[id as usize].tok.clone());
                s.word_ids.push(id);
            }
            resources.annotate(start, s);
            s.sentences.push(SentenceInfo {
                start,
                end: s.toks.len(),
                capitals,
                table,
            });
        }
        s.features = features;
    }

    /// Runs both passes; leaves labels in `s.labels` and probabilities in `s.probs`.
    fn label<S: AsRef<str>>(&self, sentences: &[Vec<S>], s: &mut Scratch) {
        self.prepare_cached(sentences, s);
        let n = s.toks.len();
        s.static_scores.clear();
        s.static_scores.resize(n * N_LABELS, 0.0);
        let words = &s.cache.words;
        for info in &s.sentences {
            let toks = &s.toks[info.start..info.end];
            for i in 0..toks.len() {
                let at = info.start + i;
                let row = &mut s.static_scores[at * N_LABELS..(at + 1) * N_LABELS];
                row.copy_from_slice(&words[s.word_ids[at] as usize].own);
                for (slot, &k) in OFFSETS.iter().enumerate() {
                    let j = i as isize + k;
                    let add = if j < 0 || j as usize >= toks.len() {
                        &self.boundary[slot]
                    } else {
                        &words[s.word_ids[info.start + j as usize] as usize].context[slot]
                    };
                    for (r, a) in row.iter_mut().zip(add) {
                        *r += a;
                    }
                }
                s.features.clear();
                let mut sink = Scorer {
                    keys: &mut s.features,
                    row,
                    tables: &self.dense,
                };
                pair_features(toks, i, info, &mut sink);
                self.model.add_scores_batched(&s.features, row);
            }
        }
        // Pass 1.
        s.pass1.clear();
        s.pass1.resize(n, 0);
        s.memo.clear();
        s.memo.resize(n, (u8::MAX, [0.0; N_LABELS]));
        for info in &s.sentences {
            greedy(
                &self.model,
                &self.dense,
                &s.toks,
                info,
                &s.static_scores,
                None,
                &mut s.features,
                &mut s.memo,
                &mut s.pass1,
                None,
                None,
            );
        }
        // Pass 2.
        s.doc.build(&s.toks, &s.sentences, &s.pass1);
        s.labels.clear();
        s.labels.resize(n, 0);
        s.probs.clear();
        s.probs.resize(n, 0.0);
        if s.keep_scores {
            s.scores.clear();
            s.scores.resize(n * N_LABELS, 0.0);
        }
        for info in &s.sentences {
            greedy(
                &self.model,
                &self.dense,
                &s.toks,
                info,
                &s.static_scores,
                Some((&s.doc, &s.pass1)),
                &mut s.features,
                &mut s.memo,
                &mut s.labels,
                Some((&mut s.probs, self.temperature)),
                s.keep_scores.then_some(&mut s.scores[..]),
            );
        }
    }
}

/// Greedy decoding of one sentence from precomputed static scores.
#[allow(clippy::too_many_arguments)]
fn greedy(
    model: &LinearModel,
    tables: &DenseTables,
    toks: &[Tok],
    info: &SentenceInfo,
    static_scores: &[f32],
    doc: Option<(&DocStats, &[u8])>,
    features: &mut Vec<u64>,
    memo: &mut [HistoryMemo],
    labels: &mut [u8],
    mut probs: Option<(&mut [f32], f32)>,
    mut keep: Option<&mut [f32]>,
) {
    let (mut y1, mut y2) = (START, START);
    let mut prev: Option<u8> = None;
    let mut scores = [0f32; N_LABELS];
    for i in info.start..info.end {
        features.clear();
        scores.copy_from_slice(&static_scores[i * N_LABELS..(i + 1) * N_LABELS]);
        let memo = &mut memo[i];
        if memo.0 != y1 as u8 {
            memo.1 = [0.0; N_LABELS];
            model.add_scores_batched(&history_word_keys(&toks[i], y1), &mut memo.1);
            memo.0 = y1 as u8;
        }
        for (s, h) in scores.iter_mut().zip(&memo.1) {
            *s += h;
        }
        let mut sink = Scorer {
            keys: features,
            row: &mut scores,
            tables,
        };
        sink.dense(Dense::Y1, y1 as usize);
        sink.dense(Dense::Y2Y1, y2 as usize * HISTORY + y1 as usize);
        if let Some((stats, pass1)) = doc {
            stats.features(toks, info, i, pass1, &mut sink);
        }
        model.add_scores_batched(features, &mut scores);
        let last = i + 1 == info.end;
        let label = best_allowed(&scores, prev, last);
        if let Some((probs, temperature)) = probs.as_mut() {
            probs[i] = probability(&scores, label, prev, last, *temperature);
        }
        if let Some(keep) = keep.as_mut() {
            keep[i * N_LABELS..(i + 1) * N_LABELS].copy_from_slice(&scores);
        }
        labels[i] = label;
        prev = Some(label);
        y2 = y1;
        y1 = label as u64;
    }
}

// ---------------------------------------------------------------------------------------------
// Training

/// A training document with everything label-independent precomputed.
struct Prepared {
    toks: Vec<Tok>,
    sentences: Vec<SentenceInfo>,
    gold: Vec<u8>,
    /// Static features of token `i`: `features[offsets[i]..offsets[i + 1]]`.
    features: Vec<u64>,
    offsets: Vec<usize>,
    /// Jackknifed pass-1 labels.
    pass1: Vec<u8>,
}

fn prepare_documents(
    resources: &Resources<'_>,
    documents: &[TrainDocument],
    scratch: &mut Scratch,
) -> Vec<Prepared> {
    documents
        .iter()
        .map(|doc| {
            let sentences: Vec<Vec<&str>> = doc
                .sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            resources.prepare(&sentences, scratch);
            let mut features = Vec::new();
            let mut offsets = vec![0];
            let mut gold = Vec::new();
            for (info, sentence) in scratch.sentences.iter().zip(&doc.sentences) {
                let toks = &scratch.toks[info.start..info.end];
                let lexical = &scratch.lexical[info.start..info.end];
                for i in 0..toks.len() {
                    static_features(toks, lexical, i, info, &mut features);
                    offsets.push(features.len());
                }
                gold.extend(encode_bilou(sentence.tokens.len(), &sentence.entities));
            }
            Prepared {
                toks: scratch.toks.clone(),
                sentences: scratch.sentences.clone(),
                pass1: vec![0; gold.len()],
                gold,
                features,
                offsets,
            }
        })
        .collect()
}

/// One greedy pass over a prepared document with updates (`doc`: pass 2 with these stats).
fn train_document(
    trainer: &mut Trainer,
    d: &Prepared,
    stats: Option<&DocStats>,
    features: &mut Vec<u64>,
    scores: &mut Vec<f32>,
) -> (usize, usize) {
    let (mut correct, mut total) = (0, 0);
    for info in &d.sentences {
        let (mut y1, mut y2) = (START, START);
        let mut prev = None;
        for i in info.start..info.end {
            features.clear();
            features.extend_from_slice(&d.features[d.offsets[i]..d.offsets[i + 1]]);
            history_features(&d.toks[i], y1, y2, &mut Keys(features));
            if let Some(stats) = stats {
                stats.features(&d.toks, info, i, &d.pass1, &mut Keys(features));
            }
            scores.clear();
            scores.resize(N_LABELS, 0.0);
            trainer.add_scores(features, scores);
            let last = i + 1 == info.end;
            let guess = best_allowed(scores, prev, last);
            let truth = d.gold[i];
            if guess != truth {
                trainer.update(features, truth as usize, guess as usize);
            } else {
                correct += 1;
            }
            total += 1;
            trainer.tick();
            prev = Some(guess);
            y2 = y1;
            y1 = guess as u64;
        }
    }
    (correct, total)
}

/// Pass-1 labels of a prepared document under `model` (no document features).
fn pass1_labels(
    model: &LinearModel,
    tables: &DenseTables,
    d: &Prepared,
    features: &mut Vec<u64>,
) -> Vec<u8> {
    let mut static_scores = vec![0f32; d.gold.len() * N_LABELS];
    for i in 0..d.gold.len() {
        model.add_scores(
            &d.features[d.offsets[i]..d.offsets[i + 1]],
            &mut static_scores[i * N_LABELS..(i + 1) * N_LABELS],
        );
    }
    let mut labels = vec![0u8; d.gold.len()];
    let mut memo = vec![(u8::MAX, [0.0; N_LABELS]); d.gold.len()];
    for info in &d.sentences {
        greedy(
            model,
            tables,
            &d.toks,
            info,
            &static_scores,
            None,
            features,
            &mut memo,
            &mut labels,
            None,
            None,
        );
    }
    labels
}

/// Exact-match entity F1 (0–100) of predicted against gold spans, per sentence.
fn span_f1(
    gold: &[Vec<(usize, usize, EntityType)>],
    predicted: &[Vec<(usize, usize, EntityType)>],
) -> f64 {
    let (mut g, mut p, mut c) = (0usize, 0usize, 0usize);
    for (gs, ps) in gold.iter().zip(predicted) {
        g += gs.len();
        p += ps.len();
        c += ps.iter().filter(|s| gs.contains(s)).count();
    }
    if g == 0 || p == 0 || c == 0 {
        return 0.0;
    }
    let precision = c as f64 / p as f64;
    let recall = c as f64 / g as f64;
    200.0 * precision * recall / (precision + recall)
}

/// Trains a recognizer on `train`, keeping the iteration that scores best on `dev`.
/// `unlabelled` is raw text (one string per document) for the true-casing lexicon.
pub fn train(
    train: &[TrainDocument],
    dev: &[TrainDocument],
    gazetteer: Gazetteer,
    unlabelled: &[String],
    mut config: TrainConfig,
) -> Result<(Recognizer, TrainReport), NlpError> {
    if train
        .iter()
        .all(|d| d.sentences.iter().all(|s| s.tokens.is_empty()))
    {
        return Err(NlpError::Training("no training tokens".into()));
    }
    let iterations = config.iterations.max(1);
    // True-casing lexicon from the training tokens and the unlabelled text.
    let mut rough = Vec::new();
    for text in unlabelled {
        rough.extend(rough_sentences(text));
    }
    let train_sentences = train.iter().flat_map(|d| {
        d.sentences
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
    });
    let truecase = learn_truecase(train_sentences.chain(rough), 2);
    let lexicon = Lexicon::new(&truecase, &config.clusters);
    let mut report = TrainReport {
        lexicon_words: truecase.len(),
        cluster_words: config.clusters.len(),
        ..TrainReport::default()
    };
    let resources = Resources {
        gazetteer: &gazetteer,
        lexicon: &lexicon,
    };
    let mut scratch = Scratch::default();
    let mut prepared = prepare_documents(&resources, train, &mut scratch);
    (config.progress)(&format!(
        "{} training documents, {} tokens, lexicon {} words, {} clusters words",
        prepared.len(),
        prepared.iter().map(|d| d.gold.len()).sum::<usize>(),
        truecase.len(),
        config.clusters.len()
    ));
    let mut features = Vec::new();
    let mut scores = Vec::new();

    // Jackknifed pass-1 labels.
    let folds = config.folds;
    if folds >= 2 {
        for fold in 0..folds {
            let mut trainer = Trainer::new(N_LABELS);
            let mut order: Vec<usize> = (0..prepared.len()).filter(|i| i % folds != fold).collect();
            let mut rng = SplitMix64::new(config.seed ^ (0xF01D + fold as u64));
            for _ in 0..iterations {
                rng.shuffle(&mut order);
                for &d in &order {
                    train_document(&mut trainer, &prepared[d], None, &mut features, &mut scores);
                }
            }
            let model = trainer.finish(0.0);
            let tables = DenseTables::new(&model);
            for d in (0..prepared.len()).filter(|i| i % folds == fold) {
                let labels = pass1_labels(&model, &tables, &prepared[d], &mut features);
                prepared[d].pass1 = labels;
            }
            (config.progress)(&format!("fold {}/{} done", fold + 1, folds));
        }
    }

    // The dev data, for choosing the iteration.
    let dev_sentences: Vec<Vec<Vec<&str>>> = dev
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect()
        })
        .collect();
    let dev_gold: Vec<Vec<(usize, usize, EntityType)>> = dev
        .iter()
        .flat_map(|d| {
            d.sentences.iter().map(|s| {
                let labels = encode_bilou(s.tokens.len(), &s.entities);
                decode_bilou(&labels)
            })
        })
        .collect();

    let mut trainer = Trainer::new(N_LABELS);
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = SplitMix64::new(config.seed);
    let mut best: Option<(f64, Recognizer)> = None;
    let mut stats = DocStats::default();
    for iteration in 1..=iterations {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0, 0);
        for &d in &order {
            let doc = &prepared[d];
            let (c, t) = train_document(&mut trainer, doc, None, &mut features, &mut scores);
            correct += c;
            total += t;
            if folds >= 2 {
                stats.build(&doc.toks, &doc.sentences, &doc.pass1);
                train_document(&mut trainer, doc, Some(&stats), &mut features, &mut scores);
            }
        }
        let recognizer = Recognizer::new(
            trainer.averaged(config.prune),
            gazetteer.clone(),
            lexicon.clone(),
            truecase.clone(),
            config.clusters.clone(),
            1.0,
            ModelHeader::new(MODEL_KIND),
        );
        let f1 = if dev.is_empty() {
            0.0
        } else {
            let predicted = predict_spans(&recognizer, &dev_sentences);
            span_f1(&dev_gold, &predicted)
        };
        report.dev_f1.push(f1);
        (config.progress)(&format!(
            "iteration {iteration}: train accuracy {:.2}%, dev F1 {f1:.2}, {} features",
            100.0 * correct as f64 / total.max(1) as f64,
            recognizer.model.n_features()
        ));
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, recognizer));
            report.best_iteration = iteration;
        }
    }
    let Some((_, mut recognizer)) = best else {
        return Err(NlpError::Training("no iteration ran".into()));
    };
    recognizer.temperature = calibrate(&recognizer, &dev_sentences, dev);
    report.features = recognizer.model.n_features();
    Ok((recognizer, report))
}

/// Entity spans of every sentence of `documents`, in order.
fn predict_spans(
    recognizer: &Recognizer,
    documents: &[Vec<Vec<&str>>],
) -> Vec<Vec<(usize, usize, EntityType)>> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for doc in documents {
        recognizer.recognize(doc, &mut spans);
        let mut per_sentence = vec![Vec::new(); doc.len()];
        for s in &spans {
            per_sentence[s.sentence].push((s.start, s.end, s.label));
        }
        out.extend(per_sentence);
    }
    out
}

/// The softmax temperature that best predicts, on dev data, whether a token's label is right.
fn calibrate(recognizer: &Recognizer, sentences: &[Vec<Vec<&str>>], dev: &[TrainDocument]) -> f32 {
    if dev.is_empty() {
        return 1.0;
    }
    // Margins of the other allowed labels over the chosen one, per token, and whether the
    // chosen one was right.
    let mut tokens: Vec<(Vec<f32>, bool)> = Vec::new();
    let mut scratch = Scratch {
        keep_scores: true,
        ..Scratch::default()
    };
    for (doc, gold_doc) in sentences.iter().zip(dev) {
        recognizer.label(doc, &mut scratch);
        let gold: Vec<u8> = gold_doc
            .sentences
            .iter()
            .flat_map(|s| encode_bilou(s.tokens.len(), &s.entities))
            .collect();
        for info in &scratch.sentences {
            let mut prev = None;
            for i in info.start..info.end {
                let scores = &scratch.scores[i * N_LABELS..(i + 1) * N_LABELS];
                let label = scratch.labels[i];
                let last = i + 1 == info.end;
                let top = scores[label as usize];
                let margins: Vec<f32> = (0..N_LABELS as u8)
                    .filter(|&l| l != label && allowed(prev, l, last))
                    .map(|l| scores[l as usize] - top)
                    .collect();
                tokens.push((margins, gold.get(i) == Some(&label)));
                prev = Some(label);
            }
        }
    }
    let mut best = (f64::INFINITY, 1.0f32);
    for step in 0..40 {
        let temperature = 0.05f32 * 1.2f32.powi(step);
        let mut loss = 0f64;
        for (margins, right) in &tokens {
            let sum: f32 = 1.0 + margins.iter().map(|m| (m / temperature).exp()).sum::<f32>();
            let p = f64::from((1.0 / sum).clamp(1e-6, 1.0 - 1e-6));
            loss -= if *right { p.ln() } else { (1.0 - p).ln() };
        }
        if loss < best.0 {
            best = (loss, temperature);
        }
    }
    best.1
}

#[cfg(test)]
mod tests;
