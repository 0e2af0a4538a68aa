//! The part-of-speech tagger (UPOS and Penn XPOS) and, through it, the lemmatizer.
//!
//! A greedy averaged perceptron reads the sentence right to left and predicts one joint class
//! per word, a (UPOS, XPOS) pair seen in training, from the words around it (±2), their
//! affixes and shapes, what unlabelled text says about them (word clusters, capitalisation
//! and tag profiles, see `lexicon`), the casing of the sentence and the two classes just
//! predicted (see `features`). Frequent words that had one class in training are tagged
//! from a dictionary without scoring.
//!
//! Speed comes from precomputation and a sparse weight layout: for every vocabulary word, the
//! summed class weights of its word features at each of the five offsets are computed at load
//! time, so a known word costs five vector additions; only unknown words and the context
//! features are hashed at run time, and their weights are stored as (class, weight) pairs
//! (see `sparse`).
//!
//! The model file (`models/tagger.ngm`, kind [`KIND`]) holds the weights, the vocabulary
//! with its dictionary classes, the lexicon and the lemmatizer's learned exceptions.

mod clusters;
mod features;
mod headline;
mod lexicon;
mod sparse;
mod train;

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;

use newsgraph_ml::{model_file, ModelHeader};
use serde::{Deserialize, Serialize};

use crate::lemmatizer::{Lemmatizer, LemmatizerData};
use crate::shape::{lowercase_into, normalize_into};
use crate::NlpError;
use features::{
    class_context_features, form_key, static_context_features, token_keys, word_features, Context,
    TokenKeys, N_OFFSETS, OFFSETS, PAD_LEFT, PAD_RIGHT,
};
use lexicon::{LexInfo, Lexicon, LexiconData};
use sparse::{Sparse, SparseData};

pub use train::{train, PosScores, TrainEvent, TrainOptions, TrainProgress, TrainWord};

/// The model kind (and payload version) in the model file header.
pub const KIND: &str = "tagger/1";

/// A tag: ids into [`Tagger::upos_names`] and [`Tagger::xpos_names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PosTag {
    pub upos: u16,
    pub xpos: u16,
}

/// No class (no dictionary class, no profile class).
pub(crate) const NO_CLASS: u16 = u16::MAX;

/// The stored form of a tagger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TaggerData {
    upos: Vec<String>,
    xpos: Vec<String>,
    /// Class id → (UPOS id, XPOS id).
    classes: Vec<(u16, u16)>,
    /// Decode right to left.
    reverse: bool,
    weights: SparseData,
    /// Normalised forms whose word-feature scores are precomputed, with their dictionary
    /// class (`NO_CLASS` when the word is scored).
    vocab: Vec<(String, u16)>,
    lexicon: LexiconData,
    lemmatizer: LemmatizerData,
}

/// A vocabulary word in the lookup table: its key, the keys its neighbours' context
/// features read, its dictionary class and its entry in the score cache. One cache line.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
struct CachedWord {
    key: u64,
    keys: TokenKeys,
    class: u16,
    entry: u32,
}

/// Open addressing over [`CachedWord`]s (key 0 marks an empty slot).
#[derive(Debug, Clone, Default)]
struct VocabTable {
    slots: Vec<CachedWord>,
    mask: usize,
}

impl VocabTable {
    fn new(words: &[CachedWord]) -> VocabTable {
        let capacity = (words.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![CachedWord::default(); capacity];
        for word in words {
            let key = word.key.max(1);
            let mut at = key as usize & mask;
            while slots[at].key != 0 && slots[at].key != key {
                at = (at + 1) & mask;
            }
            if slots[at].key == 0 {
                slots[at] = CachedWord { key, ..*word };
            }
        }
        VocabTable { slots, mask }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<&CachedWord> {
        let key = key.max(1);
        let mut at = key as usize & self.mask;
        loop {
            let slot = &self.slots[at];
            if slot.key == key {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// The POS tagger and lemmatizer. Load once, share read-only between threads.
pub struct Tagger {
    header: ModelHeader,
    data: TaggerData,
    tags: Vec<PosTag>,
    n_classes: usize,
    weights: Sparse,
    lexicon: Lexicon,
    /// The vocabulary by form key.
    vocab: VocabTable,
    /// The left and right padding words.
    pads: [CachedWord; 2],
    /// Per entry, per offset, `n_classes` scores, shifted right by `shift`.
    cache: Vec<i16>,
    shift: u32,
    lemmatizer: Lemmatizer,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("kind", &self.header.kind)
            .field("classes", &self.n_classes)
            .field("features", &self.n_features())
            .field("vocabulary", &self.data.vocab.len())
            .finish()
    }
}

/// Not a vocabulary entry.
const NO_ENTRY: u32 = u32::MAX;

/// A token being tagged.
#[derive(Debug, Clone, Copy)]
struct Token {
    /// Vocabulary entry, or `NO_ENTRY` for a word without precomputed scores.
    entry: u32,
    class: u16,
    keys: TokenKeys,
    /// Byte ranges of the normalised form in `Scratch::norms` and of its lowercase in
    /// `Scratch::lowers`, and the lexicon's view (words without precomputed scores only).
    norm: (u32, u32),
    lower: (u32, u32),
    lex: LexInfo,
}

#[derive(Default)]
struct Scratch {
    norms: String,
    lowers: String,
    tokens: Vec<Token>,
    scores: Vec<i32>,
    features: Vec<u64>,
    classes: Vec<u16>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Index of the highest score (the first on ties).
#[inline]
fn argmax(scores: &[i32]) -> usize {
    let mut best = 0;
    let mut best_score = i32::MIN;
    for (i, &s) in scores.iter().enumerate() {
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    best
}

impl Tagger {
    /// Load a tagger model file.
    pub fn load(path: &Path) -> Result<Tagger, NlpError> {
        let bytes = std::fs::read(path).map_err(|source| newsgraph_ml::ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Tagger::from_bytes(&bytes, path)
    }

    /// Read a tagger from the bytes of a model file; `name` names it in errors.
    pub fn from_bytes(bytes: &[u8], name: &Path) -> Result<Tagger, NlpError> {
        let (header, data): (ModelHeader, TaggerData) = model_file::decode(name, bytes, KIND)?;
        Tagger::from_data(header, data).map_err(|reason| {
            NlpError::Model(newsgraph_ml::ModelError::Corrupt {
                path: name.to_path_buf(),
                reason,
            })
        })
    }

    fn from_data(header: ModelHeader, data: TaggerData) -> Result<Tagger, String> {
        let n_classes = data.classes.len();
        if n_classes == 0 || n_classes >= NO_CLASS as usize {
            return Err(format!("{n_classes} classes"));
        }
        if data.weights.n_classes as usize != n_classes {
            return Err(format!(
                "{} classes but weights for {}",
                n_classes, data.weights.n_classes
            ));
        }
        let mut tags = Vec::with_capacity(n_classes);
        for &(upos, xpos) in &data.classes {
            if upos as usize >= data.upos.len() || xpos as usize >= data.xpos.len() {
                return Err("class refers to an unknown tag".into());
            }
            tags.push(PosTag { upos, xpos });
        }
        let weights = Sparse::new(&data.weights)?;
        let lexicon = Lexicon::new(data.lexicon.clone())?;
        let mut entries = Vec::with_capacity(data.vocab.len() + 2);
        let mut raw: Vec<i32> = Vec::with_capacity((data.vocab.len() + 2) * N_OFFSETS * n_classes);
        let mut lower = String::new();
        let mut features = Vec::new();
        let words = data
            .vocab
            .iter()
            .map(|(w, c)| (w.as_str(), *c))
            .chain([(PAD_LEFT, NO_CLASS), (PAD_RIGHT, NO_CLASS)]);
        for (index, (word, class)) in words.enumerate() {
            lower.clear();
            lowercase_into(word, &mut lower);
            let lex = lexicon.lookup(word, &lower);
            let class = if (class as usize) < n_classes {
                class
            } else {
                NO_CLASS
            };
            entries.push(CachedWord {
                key: form_key(word),
                keys: token_keys(word, &lower, &lex),
                class,
                entry: index as u32,
            });
            for offset_index in 0..N_OFFSETS {
                features.clear();
                word_features(word, &lower, &lex, offset_index, &mut features);
                let start = raw.len();
                raw.resize(start + n_classes, 0);
                weights.add_all(&features, &mut raw[start..]);
            }
        }
        let max = raw.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
        let mut shift = 0;
        while (max >> shift) > i16::MAX as u32 {
            shift += 1;
        }
        let half = if shift > 0 { 1i32 << (shift - 1) } else { 0 };
        let cache = raw
            .iter()
            .map(|&s| ((s + half) >> shift).clamp(-32767, 32767) as i16)
            .collect();
        let lemmatizer = Lemmatizer::new(data.lemmatizer.clone(), &data.xpos);
        let pads = [entries[entries.len() - 2], entries[entries.len() - 1]];
        let vocab = VocabTable::new(&entries[..entries.len() - 2]);
        Ok(Tagger {
            header,
            tags,
            n_classes,
            weights,
            lexicon,
            vocab,
            pads,
            cache,
            shift,
            lemmatizer,
            data,
        })
    }

    /// Encode as a model file with `header` (its kind is set to [`KIND`]).
    pub fn to_bytes(&self, header: &ModelHeader) -> Result<Vec<u8>, NlpError> {
        let mut header = header.clone();
        header.kind = KIND.to_string();
        model_file::encode(&header, &self.data).map_err(NlpError::Training)
    }

    /// Write as a model file with `header`.
    pub fn save(&self, path: &Path, header: &ModelHeader) -> Result<(), NlpError> {
        let mut header = header.clone();
        header.kind = KIND.to_string();
        model_file::save(path, &header, &self.data)?;
        Ok(())
    }

    /// The header the model was loaded with.
    pub fn header(&self) -> &ModelHeader {
        &self.header
    }

    /// Number of weighted features.
    pub fn n_features(&self) -> usize {
        self.data.weights.keys.len()
    }

    /// Number of stored (feature, class) weights.
    pub fn n_weights(&self) -> usize {
        self.data.weights.n_weights()
    }

    /// Number of joint (UPOS, XPOS) classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of words with precomputed scores.
    pub fn vocabulary_size(&self) -> usize {
        self.data.vocab.len()
    }

    /// The lexicon's word clusters: the number of clusters at each level (coarse to fine; each
    /// divides the next) and every clustered word (normalised form, case kept) with its
    /// cluster at the finest level. The parser copies these into its own model.
    pub fn word_clusters(&self) -> (&[u32], impl Iterator<Item = (&str, u16)> + '_) {
        let lexicon = &self.data.lexicon;
        let words = lexicon
            .words
            .iter()
            .zip(&lexicon.clusters)
            .filter(|(_, &c)| c != lexicon::NO_CLUSTER)
            .map(|(w, &c)| (w.as_str(), c));
        (&lexicon.levels, words)
    }

    /// Number of words the lexicon knows from unlabelled text.
    pub fn lexicon_size(&self) -> usize {
        self.data.lexicon.words.len()
    }

    /// The lemmatizer.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }

    pub fn upos_names(&self) -> &[String] {
        &self.data.upos
    }

    pub fn xpos_names(&self) -> &[String] {
        &self.data.xpos
    }

    /// The UPOS name of a tag (`"X"` for an id out of range).
    pub fn upos_name(&self, tag: PosTag) -> &str {
        self.data
            .upos
            .get(tag.upos as usize)
            .map_or("X", String::as_str)
    }

    /// The XPOS name of a tag (`"XX"` for an id out of range).
    pub fn xpos_name(&self, tag: PosTag) -> &str {
        self.data
            .xpos
            .get(tag.xpos as usize)
            .map_or("XX", String::as_str)
    }

    /// The lemma of a word given its tag (lowercasing rules, exceptions learned from the
    /// treebank); borrowed when it is the word itself.
    pub fn lemma<'w>(&self, word: &'w str, tag: PosTag) -> Cow<'w, str> {
        self.lemmatizer.lemma(word, tag.xpos)
    }

    /// Tag one sentence of words (token texts as they appear in the text). Clears and fills
    /// `out` with one tag per word.
    pub fn tag(&self, words: &[&str], out: &mut Vec<PosTag>) {
        out.clear();
        if words.is_empty() {
            return;
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.tag_with(words, out, &mut scratch),
            Err(_) => self.tag_with(words, out, &mut Scratch::default()),
        });
    }

    /// The classes of a sentence (ids into the joint classes), into `scratch.classes`.
    fn tag_with(&self, words: &[&str], out: &mut Vec<PosTag>, scratch: &mut Scratch) {
        self.classify(words, scratch);
        out.extend(scratch.classes.iter().map(|&c| self.tags[c as usize]));
    }

    fn prepare(&self, words: &[&str], scratch: &mut Scratch) {
        scratch.norms.clear();
        scratch.lowers.clear();
        scratch.tokens.clear();
        for word in words {
            let start = scratch.norms.len();
            normalize_into(word, &mut scratch.norms);
            let end = scratch.norms.len();
            let norm = &scratch.norms[start..end];
            if let Some(e) = self.vocab.get(form_key(norm)) {
                scratch.norms.truncate(start);
                scratch.tokens.push(Token {
                    entry: e.entry,
                    class: e.class,
                    keys: e.keys,
                    norm: (0, 0),
                    lower: (0, 0),
                    lex: features::UNKNOWN,
                });
            } else {
                let lower_start = scratch.lowers.len();
                lowercase_into(norm, &mut scratch.lowers);
                let lower_end = scratch.lowers.len();
                let lower = &scratch.lowers[lower_start..lower_end];
                let lex = self.lexicon.lookup(norm, lower);
                scratch.tokens.push(Token {
                    entry: NO_ENTRY,
                    class: NO_CLASS,
                    keys: token_keys(norm, lower, &lex),
                    norm: (start as u32, end as u32),
                    lower: (lower_start as u32, lower_end as u32),
                    lex,
                });
            }
        }
    }

    fn classify(&self, words: &[&str], scratch: &mut Scratch) {
        self.prepare(words, scratch);
        let Scratch {
            norms,
            lowers,
            tokens,
            scores,
            features,
            classes,
        } = scratch;
        let n = tokens.len();
        let n_classes = self.n_classes;
        scores.clear();
        scores.resize(n_classes, 0);
        classes.clear();
        classes.resize(n, 0);
        let pad_left = self.pads[0].entry as usize;
        let pad_right = self.pads[1].entry as usize;
        let keys_of = |j: isize| -> &TokenKeys {
            if j < 0 {
                &self.pads[0].keys
            } else if j as usize >= n {
                &self.pads[1].keys
            } else {
                &tokens[j as usize].keys
            }
        };
        let sentence = features::sentence_case_of(tokens.iter().map(|t| &t.keys));
        let start = n_classes as u64;
        let (mut t1, mut t2) = (start, start);
        let shift = self.shift;
        for step in 0..n {
            let i = if self.data.reverse {
                n - 1 - step
            } else {
                step
            };
            let token = &tokens[i];
            let class = if token.class != NO_CLASS {
                token.class
            } else {
                scores.iter_mut().for_each(|s| *s = 0);
                for (offset_index, offset) in OFFSETS.iter().enumerate() {
                    let j = i as isize + offset;
                    let entry = if j < 0 {
                        pad_left
                    } else if j as usize >= n {
                        pad_right
                    } else {
                        let other = &tokens[j as usize];
                        if other.entry != NO_ENTRY {
                            other.entry as usize
                        } else {
                            features.clear();
                            let norm = &norms[other.norm.0 as usize..other.norm.1 as usize];
                            let lower = &lowers[other.lower.0 as usize..other.lower.1 as usize];
                            word_features(norm, lower, &other.lex, offset_index, features);
                            self.weights.add_all(features, scores);
                            continue;
                        }
                    };
                    let at = (entry * N_OFFSETS + offset_index) * n_classes;
                    add_shifted(scores, &self.cache[at..at + n_classes], shift);
                }
                let (before, after) = (keys_of(i as isize - 1), keys_of(i as isize + 1));
                let (prev, next) = if self.data.reverse {
                    (after, before)
                } else {
                    (before, after)
                };
                let context = Context {
                    t1,
                    t2,
                    prev,
                    this: &token.keys,
                    next,
                    sentence,
                    first: i == 0,
                };
                features.clear();
                static_context_features(&context, features);
                class_context_features(&context, features);
                self.weights.add_all(features, scores);
                argmax(scores) as u16
            };
            classes[i] = class;
            t2 = t1;
            t1 = u64::from(class);
        }
    }
}

/// Add `row`'s weights, shifted left by `shift`, to `scores`.
#[inline]
fn add_shifted(scores: &mut [i32], row: &[i16], shift: u32) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2 (checked just above), the only requirement of a
        // function compiled for it.
        unsafe { add_shifted_avx2(scores, row, shift) };
        return;
    }
    add_shifted_here(scores, row, shift);
}

/// [`add_shifted`] compiled for AVX2, which widens, shifts and adds 8 weights at a time
/// (SSE2 takes about three times the instructions); the same sums.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_shifted_avx2(scores: &mut [i32], row: &[i16], shift: u32) {
    add_shifted_here(scores, row, shift);
}

/// [`add_shifted`] for whatever instructions the caller is compiled for.
#[inline(always)]
fn add_shifted_here(scores: &mut [i32], row: &[i16], shift: u32) {
    for (s, &w) in scores.iter_mut().zip(row) {
        *s += i32::from(w) << shift;
    }
}

#[cfg(test)]
mod tests;
