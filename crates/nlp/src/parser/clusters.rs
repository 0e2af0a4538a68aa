//! Word clusters for the parser's features (Koo, Carreras & Collins 2008): each word's
//! hierarchical cluster at a coarse level (a tag-like class) and a fine level (a word-like
//! class), so words the treebank saw rarely or never share evidence with words used alike in
//! unlabelled news.
//!
//! The table is copied from the tagger's lexicon when the parser is trained and stored in the
//! parser's own model file, so retraining the tagger never changes what the parser sees.

use newsgraph_ml::KeyMap;
use serde::{Deserialize, Serialize};

use crate::shape::{lowercase_into, normalize_into};

/// The stored cluster table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ClusterTable {
    /// Number of clusters at the finest level of `classes`.
    pub finest: u32,
    /// The two levels the features use: numbers of clusters, coarse then fine; each divides
    /// `finest`.
    pub used: [u32; 2],
    /// Normalised forms (typography mapped, case kept), sorted.
    pub words: Vec<String>,
    /// The finest cluster of each word.
    pub classes: Vec<u16>,
}

/// Word clusters for training a parser: see [`WordClusters::new`].
#[derive(Debug, Clone, Default)]
pub struct WordClusters {
    table: ClusterTable,
    map: KeyMap<u16>,
    /// Finest cluster → the used levels: divide by these.
    divisors: [u16; 2],
}

/// The lookup key of a normalised form.
fn key(form: &str) -> u64 {
    super::features::hash_bytes(7, form.as_bytes())
}

/// Cluster ids as feature parts: kept apart from tag hashes (random 64-bit values) by a high
/// tag in the top bits.
const COARSE_TAG: u64 = 0xC1 << 48;
const FINE_TAG: u64 = 0xC2 << 48;

impl WordClusters {
    /// A cluster table from hierarchical clusters: `levels` = number of clusters per level,
    /// coarse to fine (each divides the next, as the tagger's lexicon has them); `words` = each
    /// clustered word (normalised form, case kept) with its finest cluster; `coarse` and `fine`
    /// pick the two levels (0-based into `levels`) the features use.
    pub fn new<'a>(
        levels: &[u32],
        words: impl IntoIterator<Item = (&'a str, u16)>,
        coarse: usize,
        fine: usize,
    ) -> Result<WordClusters, String> {
        let (Some(&finest), Some(&c), Some(&f)) =
            (levels.last(), levels.get(coarse), levels.get(fine))
        else {
            return Err(format!(
                "cluster levels {coarse} and {fine} of {levels:?} do not exist"
            ));
        };
        let mut pairs: Vec<(String, u16)> = words
            .into_iter()
            .map(|(w, class)| (w.to_string(), class))
            .collect();
        pairs.sort();
        pairs.dedup_by(|a, b| a.0 == b.0);
        let table = ClusterTable {
            finest,
            used: [c, f],
            words: pairs.iter().map(|p| p.0.clone()).collect(),
            classes: pairs.iter().map(|p| p.1).collect(),
        };
        WordClusters::from_table(table)
    }

    /// Ready a stored table for lookups (checking it).
    pub(crate) fn from_table(table: ClusterTable) -> Result<WordClusters, String> {
        if table.words.len() != table.classes.len() {
            return Err("cluster columns differ in length".into());
        }
        let mut divisors = [1u16; 2];
        if !table.words.is_empty() {
            if table.finest == 0 || table.finest > u32::from(u16::MAX) {
                return Err(format!("{} clusters", table.finest));
            }
            for (d, &level) in divisors.iter_mut().zip(&table.used) {
                if level == 0 || level > table.finest || !table.finest.is_multiple_of(level) {
                    return Err(format!(
                        "cluster level {level} does not divide {}",
                        table.finest
                    ));
                }
                *d = (table.finest / level) as u16;
            }
            if table.classes.iter().any(|&c| u32::from(c) >= table.finest) {
                return Err("cluster id out of range".into());
            }
        }
        let mut map = KeyMap::default();
        map.reserve(table.words.len());
        for (word, &class) in table.words.iter().zip(&table.classes) {
            map.entry(key(word)).or_insert(class);
        }
        Ok(WordClusters {
            table,
            map,
            divisors,
        })
    }

    pub(crate) fn table(&self) -> &ClusterTable {
        &self.table
    }

    /// Whether there are no clusters (the features then leave the cluster templates out).
    pub fn is_empty(&self) -> bool {
        self.table.words.is_empty()
    }

    /// Number of clustered words.
    pub fn len(&self) -> usize {
        self.table.words.len()
    }

    /// The numbers of clusters of the two levels used (coarse, fine).
    pub fn levels(&self) -> [u32; 2] {
        self.table.used
    }

    /// The finest cluster of `word`: its normalised form first, else its lowercase (as the
    /// tagger looks words up). `text` is a scratch buffer.
    pub(crate) fn finest(&self, word: &str, text: &mut String) -> Option<u16> {
        text.clear();
        normalize_into(word, text);
        if let Some(&c) = self.map.get(&key(text)) {
            return Some(c);
        }
        if !text.chars().any(char::is_uppercase) {
            return None;
        }
        if text.is_ascii() {
            text.make_ascii_lowercase();
        } else {
            let norm = std::mem::take(text);
            lowercase_into(&norm, text);
        }
        self.map.get(&key(text)).copied()
    }

    /// The feature parts (coarse, fine) of `word`; `None` when it has no cluster.
    pub(crate) fn parts(&self, word: &str, text: &mut String) -> Option<(u64, u64)> {
        let c = self.finest(word, text)?;
        Some((
            COARSE_TAG | u64::from(c / self.divisors[0]),
            FINE_TAG | u64::from(c / self.divisors[1]),
        ))
    }
}
