//! Word clusters from unlabelled text, for the tagger's features.
//!
//! The exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998) groups words into
//! classes so that a class bigram model predicts the text well: words that occur in similar
//! contexts (`Monday`/`Tuesday`, `said`/`added`, `Allawi`/`Putin`) share a class. Each pass
//! moves every word to the class that most improves the likelihood
//!
//! ```text
//! Σ N(c,c') log N(c,c') − Σ N_left(c) log N_left(c) − Σ N_right(c) log N_right(c)
//! ```
//!
//! The result is deterministic: words are visited in a fixed order and ties go to the lowest
//! class.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

/// Hierarchical clusters of words: `words[i]` belongs to the finest cluster `classes[i]`;
/// at a coarser level `l` its cluster is `classes[i] / (levels.last() / levels[l])`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterData {
    /// Number of clusters at each level, coarse to fine; each divides the next.
    pub levels: Vec<u32>,
    /// The clustered words, sorted.
    pub words: Vec<String>,
    pub classes: Vec<u16>,
}

/// Options of [`induce`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Clusters at each level, coarse to fine; each a multiple of the one before, the last
    /// at most 65,535. The first level is clustered freely, each later one by splitting the
    /// clusters of the level before.
    pub levels: Vec<usize>,
    /// Words seen fewer times are not clustered.
    pub min_count: usize,
    /// Exchange passes per level.
    pub iterations: usize,
}

#[inline]
fn xlogx(x: i64) -> f64 {
    if x <= 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

/// Word bigram statistics.
struct Bigrams {
    succ: Vec<Vec<(u32, i64)>>,
    pred: Vec<Vec<(u32, i64)>>,
    left_count: Vec<i64>,
    right_count: Vec<i64>,
}

/// Class bigram statistics and the exchange moves.
struct Exchange<'b> {
    bigrams: &'b Bigrams,
    n_classes: usize,
    class: Vec<usize>,
    pair: Vec<i64>,
    left: Vec<i64>,
    right: Vec<i64>,
}

impl<'b> Exchange<'b> {
    fn new(bigrams: &'b Bigrams, n_classes: usize, class: Vec<usize>) -> Self {
        let c = n_classes;
        let mut pair = vec![0i64; c * c];
        let mut left = vec![0i64; c];
        let mut right = vec![0i64; c];
        for (w, successors) in bigrams.succ.iter().enumerate() {
            for &(v, n) in successors {
                pair[class[w] * c + class[v as usize]] += n;
            }
            left[class[w]] += bigrams.left_count[w];
            right[class[w]] += bigrams.right_count[w];
        }
        Exchange {
            bigrams,
            n_classes,
            class,
            pair,
            left,
            right,
        }
    }

    /// One pass over all words; `candidates(class)` is the range of classes a word of that
    /// class may move to. Returns the number of words moved.
    fn pass(&mut self, candidates: impl Fn(usize) -> std::ops::Range<usize>) -> usize {
        let c = self.n_classes;
        let mut s = vec![0i64; c];
        let mut p = vec![0i64; c];
        let mut s_touched: Vec<usize> = Vec::new();
        let mut p_touched: Vec<usize> = Vec::new();
        let mut moved = 0;
        for w in 0..self.class.len() {
            let (pair, class) = (&mut self.pair, &mut self.class);
            // Class counts of w's neighbours, without w itself.
            let mut own = 0i64;
            for &(v, n) in &self.bigrams.succ[w] {
                if v as usize == w {
                    own += n;
                    continue;
                }
                let k = class[v as usize];
                if s[k] == 0 {
                    s_touched.push(k);
                }
                s[k] += n;
            }
            for &(u, n) in &self.bigrams.pred[w] {
                if u as usize == w {
                    continue;
                }
                let k = class[u as usize];
                if p[k] == 0 {
                    p_touched.push(k);
                }
                p[k] += n;
            }
            let (lw, rw) = (self.bigrams.left_count[w], self.bigrams.right_count[w]);
            // Take w out of its class.
            let a = class[w];
            for &k in &s_touched {
                pair[a * c + k] -= s[k];
            }
            for &k in &p_touched {
                pair[k * c + a] -= p[k];
            }
            pair[a * c + a] -= own;
            self.left[a] -= lw;
            self.right[a] -= rw;
            // The best class to put it in (staying put on ties).
            let mut best = a;
            let mut best_gain = f64::NEG_INFINITY;
            let mut stay_gain = 0.0;
            for k in candidates(a) {
                let mut gain = 0.0;
                for &j in &s_touched {
                    if j != k {
                        let before = pair[k * c + j];
                        gain += xlogx(before + s[j]) - xlogx(before);
                    }
                }
                for &j in &p_touched {
                    if j != k {
                        let before = pair[j * c + k];
                        gain += xlogx(before + p[j]) - xlogx(before);
                    }
                }
                let before = pair[k * c + k];
                gain += xlogx(before + s[k] + p[k] + own) - xlogx(before);
                gain -= xlogx(self.left[k] + lw) - xlogx(self.left[k]);
                gain -= xlogx(self.right[k] + rw) - xlogx(self.right[k]);
                if k == a {
                    stay_gain = gain;
                }
                if gain > best_gain {
                    best_gain = gain;
                    best = k;
                }
            }
            if stay_gain >= best_gain - 1e-9 {
                best = a;
            }
            // Put it there.
            for &k in &s_touched {
                pair[best * c + k] += s[k];
                s[k] = 0;
            }
            for &k in &p_touched {
                pair[k * c + best] += p[k];
                p[k] = 0;
            }
            pair[best * c + best] += own;
            self.left[best] += lw;
            self.right[best] += rw;
            if best != a {
                moved += 1;
                class[w] = best;
            }
            s_touched.clear();
            p_touched.clear();
        }
        moved
    }
}

/// Cluster the words of `sentences` (already tokenized).
pub fn induce<'a, S>(
    sentences: S,
    options: &ClusterOptions,
    log: &mut dyn FnMut(&str),
) -> ClusterData
where
    S: IntoIterator<Item = &'a [String]> + Clone,
{
    let mut levels: Vec<usize> = Vec::new();
    for &l in &options.levels {
        let l = l.clamp(2, u16::MAX as usize);
        match levels.last() {
            Some(&prev) if l <= prev || l % prev != 0 => continue,
            _ => levels.push(l),
        }
    }
    if levels.is_empty() {
        levels.push(2);
    }
    // Vocabulary: frequent words, by descending count then text.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for sentence in sentences.clone() {
        for word in sentence {
            *counts.entry(word.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, usize)> = counts
        .iter()
        .filter(|(_, &c)| c >= options.min_count.max(1))
        .map(|(&w, &c)| (w, c))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    // Two extra words: the rare words and the sentence boundary.
    let rare = vocab.len() as u32;
    let boundary = rare + 1;
    let n_words = vocab.len() + 2;
    let mut counted: HashMap<(u32, u32), i64> = HashMap::new();
    for sentence in sentences {
        let mut prev = boundary;
        for word in sentence {
            let id = index.get(word.as_str()).copied().unwrap_or(rare);
            *counted.entry((prev, id)).or_default() += 1;
            prev = id;
        }
        *counted.entry((prev, boundary)).or_default() += 1;
    }
    let mut sorted: Vec<((u32, u32), i64)> = counted.into_iter().collect();
    sorted.sort_unstable();
    let mut succ: Vec<Vec<(u32, i64)>> = vec![Vec::new(); n_words];
    let mut pred: Vec<Vec<(u32, i64)>> = vec![Vec::new(); n_words];
    for &((a, b), n) in &sorted {
        succ[a as usize].push((b, n));
        pred[b as usize].push((a, n));
    }
    let bigrams = Bigrams {
        left_count: succ.iter().map(|s| s.iter().map(|e| e.1).sum()).collect(),
        right_count: pred.iter().map(|p| p.iter().map(|e| e.1).sum()).collect(),
        succ,
        pred,
    };
    log(&format!(
        "clustering {} words ({} bigram types) into {:?} classes",
        vocab.len(),
        sorted.len(),
        levels
    ));
    drop(sorted);

    // The first level: round robin by frequency, then free exchange.
    let mut class: Vec<usize> = (0..n_words).map(|w| w % levels[0]).collect();
    let mut previous = levels[0];
    for (level, &n_classes) in levels.iter().enumerate() {
        let branching = n_classes / previous;
        if level > 0 {
            // Split each class: its words round robin, by frequency, into `branching`.
            let mut seen = vec![0usize; previous];
            for c in class.iter_mut() {
                let parent = *c;
                *c = parent * branching + seen[parent] % branching;
                seen[parent] += 1;
            }
        }
        let mut exchange = Exchange::new(&bigrams, n_classes, class);
        for iteration in 0..options.iterations {
            let moved = if level == 0 {
                exchange.pass(|_| 0..n_classes)
            } else {
                exchange.pass(|c| {
                    let first = c / branching * branching;
                    first..first + branching
                })
            };
            if moved == 0 || iteration + 1 == options.iterations {
                log(&format!(
                    "{} classes: {} exchange passes, {} words moved in the last",
                    n_classes,
                    iteration + 1,
                    moved
                ));
                break;
            }
        }
        class = exchange.class;
        previous = n_classes;
    }
    let ordered: BTreeMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, class[i]))
        .collect();
    let mut words = Vec::with_capacity(vocab.len());
    let mut classes = Vec::with_capacity(vocab.len());
    for (word, k) in ordered {
        words.push(word.to_string());
        classes.push(k as u16);
    }
    ClusterData {
        levels: levels.iter().map(|&l| l as u32).collect(),
        words,
        classes,
    }
}
