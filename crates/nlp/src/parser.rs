//! A labelled transition-based dependency parser: arc-eager with a dummy root at the bottom of
//! the stack, greedy decoding, Zhang & Nivre (2011)-style features, and two averaged
//! perceptrons trained with a dynamic oracle and exploration (Goldberg & Nivre 2012): one
//! chooses the transition (SHIFT, REDUCE, LEFT, RIGHT), the other labels each arc as it is
//! made, so later decisions see the labels.
//!
//! **Beam option.** A model trained with a beam width above 1 (`TrainConfig::beam`) decodes
//! with beam search instead (`parser/beam.rs`): its transition model is trained globally
//! (max-violation updates; Zhang & Nivre 2011, Huang et al. 2012) and keeps absolute weights
//! (summed scores of different states are compared). More accurate, several times slower;
//! greedy is the default.
//!
//! **Word clusters.** Templates over the hierarchical word clusters of the tagger's lexicon
//! (Koo et al. 2008; a coarse and a fine level, [`WordClusters`]) sit beside the word and tag
//! templates. The cluster table is stored in the parser's model, so retraining the tagger
//! does not change the parser's features. `parser/2` models (no clusters) still load.
//!
//! **Trees.** Every parse is a well-formed tree: exactly one word hangs from the root (the
//! root takes a single RIGHT arc), there are no cycles, and the words left on the stack
//! without a head when the buffer runs out are attached bottom-up to the stack element below
//! them (or to the root's dependent; the first of them becomes the root's dependent if the
//! root has none), which keeps the tree projective.
//!
//! **Inputs.** Words are normalised before hashing (lower case, every digit → `0`, curly
//! quotes → straight ones), so tokens at run time match the training forms; words never seen
//! in training are represented by their shape (case, digits, hyphen) and last two letters.
//! Tags are the tagger's UPOS and XPOS strings, hashed directly (no tag table to look up).
//!
//! **Threads and allocation.** A [`Parser`] is read-only once loaded: share it between
//! threads. [`Parser::parse`] keeps its working buffers in a thread-local
//! [`ParserScratch`], so it allocates nothing once the buffers have grown to the longest
//! sentence seen; [`Parser::parse_with`] takes the scratch from the caller instead.

mod beam;
mod clusters;
mod features;
mod model;
mod train;
mod transition;

use std::cell::RefCell;
use std::path::Path;

use newsgraph_ml::model_file;
use newsgraph_ml::ModelHeader;
use serde::{Deserialize, Serialize};

use crate::NlpError;
pub use clusters::WordClusters;

use clusters::ClusterTable;
use features::Token;
use model::{NarrowTable, WideTable};
use transition::{State, LEFT, NO, RIGHT};

pub use train::{evaluate, train, AttachmentScores, EpochReport, TrainConfig, TrainReport};

/// The model kind (and payload version) in the model file's header.
pub const MODEL_KIND: &str = "parser/3";

/// The previous model kind (no word clusters), still read.
const MODEL_KIND_V2: &str = "parser/2";

/// One dependency arc: the head of a word and the arc's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Arc {
    /// 0-based index of the head word; `None` for the sentence's root word.
    pub head: Option<u32>,
    /// Label id: see [`Parser::label_name`].
    pub label: u16,
}

/// A sentence with its tags and gold tree, for training and evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainSentence {
    pub words: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    /// Gold head of each word: 1-based word number, 0 for the root.
    pub heads: Vec<usize>,
    /// Gold dependency relation of each word (`nsubj`, `obl:tmod`, …).
    pub labels: Vec<String>,
}

/// Working buffers of [`Parser::parse_with`]; reuse one per thread.
#[derive(Debug, Default)]
pub struct ParserScratch {
    state: State,
    tokens: Vec<Token>,
    buffers: Buffers,
    text: String,
    beam: beam::Beam,
    /// Probe buffer of the beam's transition scores.
    beam_probes: Vec<u64>,
}

/// Buffers of one scoring step.
#[derive(Debug, Default)]
struct Buffers {
    features: Vec<u64>,
    label_scores: Vec<i32>,
    probes: Vec<u64>,
}

thread_local! {
    static SCRATCH: RefCell<ParserScratch> = RefCell::new(ParserScratch::default());
}

/// The stored model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ParserModel {
    /// Sorted hashes of the normalised forms seen often enough in training; other words are
    /// represented by their shape.
    vocabulary: Vec<u64>,
    labels: Vec<String>,
    /// Per label: bit 0 = seen on a dependent left of its head, bit 1 = right of it.
    directions: Vec<u8>,
    root_label: u16,
    transitions: NarrowTable,
    labeller: WideTable,
    /// Word clusters (empty: the cluster features are left out).
    clusters: ClusterTable,
    /// Beam width the model was trained for (1: greedy).
    beam: u16,
    /// Beam models: the transition weights, absolute (class 0 of the table is a dummy, so
    /// classes 1..=4 are SHIFT, REDUCE, LEFT, RIGHT); `transitions` is then empty.
    beam_transitions: Option<WideTable>,
}

/// The stored model of kind `parser/2`: the same without word clusters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ParserModelV2 {
    vocabulary: Vec<u64>,
    labels: Vec<String>,
    directions: Vec<u8>,
    root_label: u16,
    transitions: NarrowTable,
    labeller: WideTable,
}

/// The dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    header: ModelHeader,
    model: ParserModel,
    /// `model.clusters`, ready for lookups.
    clusters: WordClusters,
    /// The labels [`best_label`] chooses among, per direction.
    label_choices: LabelChoices,
}

/// The labels an arc may take, per direction: those seen in that direction in training,
/// never the root label; every non-root label if none was. Choosing the best of them gives
/// what [`best_label`] gives, without testing every label's directions on every arc.
#[derive(Debug, Clone, Default)]
struct LabelChoices {
    /// Indexed by [`best_label`]'s `bit` − 1: left dependents, right dependents.
    by_direction: [Vec<u16>; 2],
}

impl LabelChoices {
    fn for_model(model: &ParserModel) -> Self {
        let n = model.labeller.n_classes().min(usize::from(u16::MAX));
        let root = model.root_label;
        let by_bit = |bit: u8| -> Vec<u16> {
            let non_root = (0..n as u16).filter(|&l| l != root);
            let allowed: Vec<u16> = non_root
                .clone()
                .filter(|&l| model.directions.get(usize::from(l)).copied().unwrap_or(0) & bit != 0)
                .collect();
            if allowed.is_empty() {
                non_root.collect()
            } else {
                allowed
            }
        };
        LabelChoices {
            by_direction: [by_bit(1), by_bit(2)],
        }
    }

    /// The best-scoring label for a dependent left of its head (`left`) or right of it (the
    /// first on ties); `root` when there is none.
    #[inline]
    fn best(&self, scores: &[i32], left: bool, root: u16) -> u16 {
        let mut best: Option<(u16, i32)> = None;
        for &l in &self.by_direction[usize::from(!left)] {
            if let Some(&s) = scores.get(usize::from(l)) {
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((l, s));
                }
            }
        }
        best.map_or(root, |(l, _)| l)
    }
}

/// Normalise a word form for the features: lower case, digits → `0`, curly quotes → straight.
pub fn normalize_form(form: &str, out: &mut String) {
    out.clear();
    for c in form.chars() {
        match c {
            c if c.is_ascii() => out.push(if c.is_ascii_digit() {
                '0'
            } else {
                c.to_ascii_lowercase()
            }),
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{0060}' => {
                out.push('\'')
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' => out.push('"'),
            c if c.is_numeric() => out.push('0'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The shape class of a word outside the vocabulary: case, digits, hyphens, letters.
fn shape_class(word: &str) -> u8 {
    let mut class = 0u8;
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) {
        class |= 1;
    }
    if word.chars().any(char::is_uppercase) && word.chars().all(|c| !c.is_lowercase()) {
        class |= 2;
    }
    if word.chars().any(|c| c.is_numeric()) {
        class |= 4;
    }
    if word.contains('-') {
        class |= 8;
    }
    if !word.chars().any(char::is_alphanumeric) {
        class |= 16;
    }
    class
}

/// Hash of a normalised word form.
fn form_hash(normalized: &str) -> u64 {
    features::hash_bytes(1, normalized.as_bytes())
}

/// Fill `tokens` (index 0 = root) from words and tags. Words whose normalised form is not in
/// `vocabulary` (sorted hashes; empty = keep every word) are represented by their shape class
/// and last two letters.
fn prepare(
    words: &[&str],
    upos: &[&str],
    xpos: &[&str],
    vocabulary: &[u64],
    clusters: &WordClusters,
    text: &mut String,
    tokens: &mut Vec<Token>,
) {
    tokens.clear();
    tokens.push(features::root_token());
    for (i, word) in words.iter().enumerate() {
        normalize_form(word, text);
        let mut w = form_hash(text);
        let from_end = |n: usize| text.char_indices().rev().nth(n).map_or(0, |(at, _)| at);
        if !vocabulary.is_empty() && vocabulary.binary_search(&w).is_err() {
            let mut key = [0u8; 9];
            key[0] = shape_class(word);
            let ending = &text.as_bytes()[from_end(1)..];
            let len = ending.len().min(8);
            key[1..1 + len].copy_from_slice(&ending[..len]);
            w = features::hash_bytes(5, &key[..1 + len]);
        }
        let suffix = features::hash_bytes(4, &text.as_bytes()[from_end(2)..]);
        let u = upos.get(i).copied().unwrap_or("_");
        let x = xpos.get(i).copied().unwrap_or("_");
        let coarse = features::hash_bytes(2, u.as_bytes());
        let p = coarse ^ features::hash_bytes(3, x.as_bytes()).rotate_left(17);
        // Words without a cluster fall back on their coarse tag.
        let (cs, cw) = if clusters.is_empty() {
            (coarse, coarse)
        } else {
            clusters.parts(word, text).unwrap_or((coarse, coarse))
        };
        tokens.push(Token {
            w,
            p,
            u: coarse,
            suffix,
            cs,
            cw,
        });
    }
}

impl Parser {
    /// Load a model file written by [`Parser::save`].
    pub fn load(path: &Path) -> Result<Parser, NlpError> {
        let bytes = std::fs::read(path).map_err(|source| newsgraph_ml::ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let (header, model) = match model_file::decode::<ParserModel>(path, &bytes, MODEL_KIND) {
            Err(newsgraph_ml::ModelError::Kind { found, .. }) if found == MODEL_KIND_V2 => {
                let (header, old): (ModelHeader, ParserModelV2) =
                    model_file::decode(path, &bytes, MODEL_KIND_V2)?;
                let model = ParserModel {
                    vocabulary: old.vocabulary,
                    labels: old.labels,
                    directions: old.directions,
                    root_label: old.root_label,
                    transitions: old.transitions,
                    labeller: old.labeller,
                    clusters: ClusterTable::default(),
                    beam: 1,
                    beam_transitions: None,
                };
                (header, model)
            }
            other => other?,
        };
        Parser::from_parts(header, model).map_err(|reason| {
            NlpError::Model(newsgraph_ml::ModelError::Corrupt {
                path: path.to_path_buf(),
                reason,
            })
        })
    }

    fn from_parts(header: ModelHeader, mut model: ParserModel) -> Result<Parser, String> {
        if !model.vocabulary.windows(2).all(|w| w[0] < w[1]) {
            return Err("unsorted vocabulary".into());
        }
        if model.labels.is_empty()
            || model.directions.len() != model.labels.len()
            || usize::from(model.root_label) >= model.labels.len()
            || model.labeller.n_classes() != model.labels.len().max(2)
            || (model.beam > 1
                && model.beam_transitions.as_ref().map(WideTable::n_classes) != Some(5))
        {
            return Err("inconsistent label tables".into());
        }
        // The table lives in `clusters` only (`save` puts it back).
        let clusters = WordClusters::from_table(std::mem::take(&mut model.clusters))?;
        let label_choices = LabelChoices::for_model(&model);
        Ok(Parser {
            header,
            model,
            clusters,
            label_choices,
        })
    }

    /// Write the model file; `header.kind` is set to [`MODEL_KIND`].
    pub fn save(&self, path: &Path, mut header: ModelHeader) -> Result<(), NlpError> {
        header.kind = MODEL_KIND.to_string();
        let mut model = self.model.clone();
        model.clusters = self.clusters.table().clone();
        model_file::save(path, &header, &model)?;
        Ok(())
    }

    /// The header the model was loaded with (or trained with: dev scores are filled in).
    pub fn header(&self) -> &ModelHeader {
        &self.header
    }

    /// The name of label `label` (`""` when out of range).
    pub fn label_name(&self, label: u16) -> &str {
        self.model
            .labels
            .get(usize::from(label))
            .map_or("", String::as_str)
    }

    /// All label names, by id.
    pub fn labels(&self) -> &[String] {
        &self.model.labels
    }

    /// The word clusters the features use (empty for models without them).
    pub fn clusters(&self) -> &WordClusters {
        &self.clusters
    }

    pub fn n_features(&self) -> (usize, usize) {
        let transitions = match &self.model.beam_transitions {
            Some(table) => table.n_features(),
            None => self.model.transitions.n_features(),
        };
        (transitions, self.model.labeller.n_features())
    }

    /// Parse one sentence given its words and their (predicted) UPOS and XPOS tags. Clears and
    /// fills `out` with one [`Arc`] per word; missing tags count as `_`. Uses a thread-local
    /// scratch (allocation-free in steady state).
    pub fn parse(&self, words: &[&str], upos: &[&str], xpos: &[&str], out: &mut Vec<Arc>) {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.parse_with(words, upos, xpos, &mut scratch, out),
            Err(_) => self.parse_with(words, upos, xpos, &mut ParserScratch::default(), out),
        });
    }

    /// [`Parser::parse`] with the caller's scratch buffers.
    pub fn parse_with(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
        scratch: &mut ParserScratch,
        out: &mut Vec<Arc>,
    ) {
        out.clear();
        if words.is_empty() {
            return;
        }
        prepare(
            words,
            upos,
            xpos,
            &self.model.vocabulary,
            &self.clusters,
            &mut scratch.text,
            &mut scratch.tokens,
        );
        self.parse_tokens(scratch);
        let state = &scratch.state;
        out.extend((1..=words.len()).map(|d| {
            let h = state.head[d];
            Arc {
                head: if h == 0 || h == NO { None } else { Some(h - 1) },
                label: state.label[d],
            }
        }));
    }

    /// The beam width the parser decodes with (1: greedy).
    pub fn beam_width(&self) -> usize {
        usize::from(self.model.beam.max(1))
    }

    /// Parse `scratch.tokens` into `scratch.state`.
    fn parse_tokens(&self, scratch: &mut ParserScratch) {
        if self.model.beam > 1 {
            return self.beam_parse_tokens(scratch);
        }
        let ParserScratch {
            state,
            tokens,
            buffers,
            ..
        } = scratch;
        state.reset(tokens.len() - 1);
        let clustered = !self.clusters.is_empty();
        while !state.terminal() {
            let valid = state.valid();
            let t = if valid.count_ones() == 1 {
                valid.trailing_zeros() as usize
            } else {
                features::transition_features(state, tokens, clustered, &mut buffers.features);
                let scores = self.model.transitions.scores(&buffers.features);
                best_valid(&scores, valid)
            };
            let label = match t {
                LEFT => {
                    let (h, d) = (state.b0(), state.s0());
                    self.label(state, tokens, h, d, buffers)
                }
                RIGHT => {
                    let (h, d) = (state.s0(), state.b0());
                    self.label(state, tokens, h, d, buffers)
                }
                _ => 0,
            };
            state.apply(t, label);
        }
        state.finish(self.model.root_label, |state, h, d| {
            self.label(state, tokens, h, d, buffers)
        });
    }

    /// [`Parser::parse_tokens`] with beam search.
    fn beam_parse_tokens(&self, scratch: &mut ParserScratch) {
        let ParserScratch {
            state,
            tokens,
            buffers,
            beam,
            beam_probes,
            ..
        } = scratch;
        let clustered = !self.clusters.is_empty();
        let width = self.beam_width();
        beam.reset(tokens.len() - 1);
        let mut scores = [0i32; 5];
        while !beam.finished() {
            beam.step(
                width,
                |state, features| {
                    features::transition_features(state, tokens, clustered, features);
                    match &self.model.beam_transitions {
                        Some(table) => {
                            table.scores(features, &mut scores, beam_probes);
                            [scores[1], scores[2], scores[3], scores[4]].map(f64::from)
                        }
                        None => self.model.transitions.scores(features).map(f64::from),
                    }
                },
                |state, h, d, _| self.label(state, tokens, h, d, buffers),
                None,
            );
        }
        match beam.best() {
            Some(best) => state.copy_from(&best.state),
            None => state.reset(tokens.len() - 1),
        }
        state.finish(self.model.root_label, |state, h, d| {
            self.label(state, tokens, h, d, buffers)
        });
    }

    /// The best label for a new arc `head → dep`.
    fn label(
        &self,
        state: &State,
        tokens: &[Token],
        head: u32,
        dep: u32,
        buffers: &mut Buffers,
    ) -> u16 {
        if head == 0 {
            return self.model.root_label;
        }
        let Buffers {
            features,
            label_scores,
            probes,
        } = buffers;
        features::label_features(
            state,
            tokens,
            !self.clusters.is_empty(),
            head,
            dep,
            features,
        );
        label_scores.resize(self.model.labeller.n_classes(), 0);
        self.model.labeller.scores(features, label_scores, probes);
        self.label_choices
            .best(label_scores, dep < head, self.model.root_label)
    }
}

/// The highest-scoring transition among the `valid` ones (ties: the lowest).
#[inline]
fn best_valid<T: PartialOrd + Copy>(scores: &[T; 4], valid: u8) -> usize {
    let mut best = usize::MAX;
    for t in 0..4 {
        if valid & (1 << t) != 0 && (best == usize::MAX || scores[t] > scores[best]) {
            best = t;
        }
    }
    if best == usize::MAX {
        0
    } else {
        best
    }
}

/// The best label allowed in this direction (`bit` 1 = left dependent, 2 = right), never the
/// root label; any non-root label if none is allowed.
fn best_label<T: PartialOrd + Copy>(scores: &[T], directions: &[u8], bit: u8, root: u16) -> u16 {
    let mut best: Option<usize> = None;
    for pass in 0..2 {
        for (l, &s) in scores.iter().enumerate() {
            if l == usize::from(root)
                || (pass == 0 && directions.get(l).copied().unwrap_or(0) & bit == 0)
            {
                continue;
            }
            if best.is_none_or(|b| s > scores[b]) {
                best = Some(l);
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.unwrap_or(usize::from(root)) as u16
}

#[cfg(test)]
mod tests;
