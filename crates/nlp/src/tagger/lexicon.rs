//! What the tagger knows about words from unlabelled text: hierarchical word clusters, how
//! often a word is capitalised inside a sentence (its *case profile*), and the classes a first
//! tagger gave it (its *tag profile*). These reach words the treebank never saw.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::features::form_key;
use super::NO_CLASS;
use crate::shape::{lowercase_into, normalize_into};
use newsgraph_ml::KeyMap;

/// Cluster levels used as features (coarse to fine).
pub(crate) const CLUSTER_LEVELS: usize = 4;
/// No cluster.
pub(crate) const NO_CLUSTER: u16 = u16::MAX;
/// No case profile.
pub(crate) const NO_CASE_PROFILE: u8 = u8::MAX;

/// What the lexicon says about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LexInfo {
    /// The word's cluster at each level (`NO_CLUSTER` when unknown).
    pub clusters: [u16; CLUSTER_LEVELS],
    /// Capitalisation inside sentences: share bucket × 3 + frequency bucket.
    pub case_profile: u8,
    /// The two classes the first tagger gave the word most often (`NO_CLASS` when none).
    pub tags: [u16; 2],
    /// How dominant the first class was × 3 + frequency bucket.
    pub tag_bucket: u8,
}

/// The stored lexicon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct LexiconData {
    /// Number of clusters at each level, coarse to fine (the finest level's count is a
    /// multiple of each coarser one).
    pub levels: Vec<u32>,
    /// Normalised forms, sorted, with their finest cluster and tag profile.
    pub words: Vec<String>,
    pub clusters: Vec<u16>,
    pub tags: Vec<[u16; 2]>,
    pub tag_buckets: Vec<u8>,
    /// Lowercased forms, sorted, with their case profile.
    pub case_words: Vec<String>,
    pub case_profiles: Vec<u8>,
}

/// The lexicon, ready for lookups.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    words: KeyMap<u32>,
    cases: KeyMap<u8>,
    /// Finest cluster → cluster at each level: divide by these.
    divisors: [u16; CLUSTER_LEVELS],
    data: LexiconData,
}

impl Lexicon {
    pub fn new(data: LexiconData) -> Result<Lexicon, String> {
        let n = data.words.len();
        if data.clusters.len() != n || data.tags.len() != n || data.tag_buckets.len() != n {
            return Err("lexicon columns differ in length".into());
        }
        if data.case_words.len() != data.case_profiles.len() {
            return Err("case profile columns differ in length".into());
        }
        let mut divisors = [1u16; CLUSTER_LEVELS];
        if let Some(&finest) = data.levels.last() {
            if data.levels.len() > CLUSTER_LEVELS || finest as usize > NO_CLUSTER as usize {
                return Err("unsupported cluster levels".into());
            }
            // Coarser levels first; missing levels repeat the coarsest.
            let pad = CLUSTER_LEVELS - data.levels.len();
            for (i, d) in divisors.iter_mut().enumerate() {
                let level = data.levels[i.saturating_sub(pad)].max(1);
                *d = (finest / level).max(1) as u16;
            }
        }
        let mut words = KeyMap::default();
        for (i, word) in data.words.iter().enumerate() {
            words.entry(form_key(word)).or_insert(i as u32);
        }
        let mut cases = KeyMap::default();
        for (word, &profile) in data.case_words.iter().zip(&data.case_profiles) {
            cases.entry(form_key(word)).or_insert(profile);
        }
        Ok(Lexicon {
            words,
            cases,
            divisors,
            data,
        })
    }

    /// Everything known about a word given its normalised form and lowercase.
    pub fn lookup(&self, norm: &str, lower: &str) -> LexInfo {
        let mut info = super::features::UNKNOWN;
        if let Some(&profile) = self.cases.get(&form_key(lower)) {
            info.case_profile = profile;
        }
        let exact = self.words.get(&form_key(norm)).map(|&i| i as usize);
        if let Some(i) = exact {
            info.tags = self.data.tags[i];
            info.tag_bucket = self.data.tag_buckets[i];
        }
        let clustered = exact
            .filter(|&i| self.data.clusters[i] != NO_CLUSTER)
            .or_else(|| {
                self.words
                    .get(&form_key(lower))
                    .map(|&i| i as usize)
                    .filter(|&i| self.data.clusters[i] != NO_CLUSTER)
            });
        if let Some(i) = clustered {
            let finest = self.data.clusters[i];
            for (c, &d) in info.clusters.iter_mut().zip(&self.divisors) {
                *c = finest / d;
            }
        }
        info
    }
}

fn normalized(word: &str) -> String {
    let mut norm = String::with_capacity(word.len());
    normalize_into(word, &mut norm);
    norm
}

fn lowercased(word: &str) -> String {
    let mut lower = String::with_capacity(word.len());
    lowercase_into(word, &mut lower);
    lower
}

/// Case profiles of the words of `sentences` (normalised forms): for each lowercased word
/// seen inside sentences of ordinary casing, how often it is capitalised there.
pub(crate) fn case_profiles(sentences: &[Vec<String>]) -> (Vec<String>, Vec<u8>) {
    // (lowercase, capitalised, all caps) counts.
    let mut counts: HashMap<String, [u32; 3]> = HashMap::new();
    let opens_sentence = |t: &str| {
        matches!(
            t,
            "." | "!" | "?" | ":" | "\"" | "``" | "''" | "-" | "--" | "(" | "..." | ";"
        )
    };
    for sentence in sentences {
        let letters: Vec<&String> = sentence
            .iter()
            .filter(|t| t.chars().any(char::is_alphabetic))
            .collect();
        if letters.is_empty() {
            continue;
        }
        let upper = letters
            .iter()
            .filter(|t| !t.chars().any(char::is_lowercase))
            .count();
        let capitalised = letters
            .iter()
            .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
            .count();
        let any_upper = letters.iter().any(|t| t.chars().any(char::is_uppercase));
        if !any_upper
            || upper * 2 > letters.len()
            || (letters.len() > 3 && capitalised * 10 > letters.len() * 6)
        {
            continue;
        }
        for (i, token) in sentence.iter().enumerate() {
            if i == 0 || opens_sentence(&sentence[i - 1]) {
                continue;
            }
            if !token.chars().any(char::is_alphabetic) {
                continue;
            }
            let entry = counts.entry(lowercased(token)).or_default();
            let has_lower = token.chars().any(char::is_lowercase);
            let first_upper = token.chars().next().is_some_and(char::is_uppercase);
            if !has_lower && token.chars().count() > 1 {
                entry[2] += 1;
            } else if first_upper {
                entry[1] += 1;
            } else {
                entry[0] += 1;
            }
        }
    }
    let sorted: BTreeMap<String, [u32; 3]> = counts.into_iter().collect();
    let mut words = Vec::new();
    let mut profiles = Vec::new();
    for (word, [lower, title, upper]) in sorted {
        let n = lower + title + upper;
        if n < 2 {
            continue;
        }
        let share = f64::from(title + upper) / f64::from(n);
        let bucket = match share {
            s if s < 0.05 => 0,
            s if s < 0.3 => 1,
            s if s < 0.7 => 2,
            s if s < 0.95 => 3,
            _ => 4,
        };
        let frequency = match n {
            0..5 => 0,
            5..50 => 1,
            _ => 2,
        };
        words.push(word);
        profiles.push(bucket * 3 + frequency);
    }
    (words, profiles)
}

/// Tag profiles from classes predicted on unlabelled sentences: for each normalised form seen
/// at least three times, its two most frequent classes and a bucket of how dominant the first
/// was and how frequent the word is.
pub(crate) fn tag_profiles(
    counts: &BTreeMap<String, BTreeMap<u16, u32>>,
) -> BTreeMap<String, ([u16; 2], u8)> {
    let mut profiles = BTreeMap::new();
    for (word, by_class) in counts {
        let total: u32 = by_class.values().sum();
        if total < 3 {
            continue;
        }
        let mut ranked: Vec<(u16, u32)> = by_class.iter().map(|(&c, &n)| (c, n)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let top = ranked[0];
        let second = ranked.get(1).map_or(NO_CLASS, |r| r.0);
        let share = f64::from(top.1) / f64::from(total);
        let dominance = if share > 0.95 {
            0
        } else if share > 0.75 {
            1
        } else {
            2
        };
        let frequency = match total {
            0..10 => 0,
            10..100 => 1,
            _ => 2,
        };
        profiles.insert(word.clone(), ([top.0, second], dominance * 3 + frequency));
    }
    profiles
}

/// Assemble the stored lexicon.
pub(crate) fn build(
    clusters: &super::clusters::ClusterData,
    case: (Vec<String>, Vec<u8>),
    tags: &BTreeMap<String, ([u16; 2], u8)>,
) -> LexiconData {
    let mut entries: BTreeMap<String, (u16, [u16; 2], u8)> = BTreeMap::new();
    for (word, &cluster) in clusters.words.iter().zip(&clusters.classes) {
        entries
            .entry(normalized(word))
            .or_insert((cluster, [NO_CLASS; 2], 0))
            .0 = cluster;
    }
    for (word, &(top, bucket)) in tags {
        let entry = entries
            .entry(word.clone())
            .or_insert((NO_CLUSTER, [NO_CLASS; 2], 0));
        entry.1 = top;
        entry.2 = bucket;
    }
    let mut data = LexiconData {
        levels: clusters.levels.clone(),
        case_words: case.0,
        case_profiles: case.1,
        ..LexiconData::default()
    };
    for (word, (cluster, top, bucket)) in entries {
        data.words.push(word);
        data.clusters.push(cluster);
        data.tags.push(top);
        data.tag_buckets.push(bucket);
    }
    data
}
