//! Multi-class averaged perceptron over hashed features.
//!
//! [`Trainer`] learns with lazy averaging (each weight keeps the step of its last change, so an
//! update costs O(features) however long training runs). [`Trainer::finish`] averages, prunes
//! features whose weights all stay near zero, and quantises to `i16`, giving a
//! [`LinearModel`]: an open-addressing table from feature key to a contiguous row of class
//! weights.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// A hasher for keys that are already well-mixed hashes (feature keys): uses them as their own
/// hash.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A map keyed by feature keys (or other pre-hashed `u64`s), without re-hashing them.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Learns a [`LinearModel`].
#[derive(Default)]
pub struct Trainer {
    n_classes: usize,
    rows: KeyMap<u32>,
    keys: Vec<u64>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    step: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes: n_classes.max(1),
            ..Trainer::default()
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of distinct features seen in updates.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Add the current (not averaged) weights of `features` to `scores` (`n_classes` long).
    pub fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        for key in features {
            if let Some(&row) = self.rows.get(key) {
                let start = row as usize * self.n_classes;
                for (score, w) in scores
                    .iter_mut()
                    .zip(&self.weights[start..start + self.n_classes])
                {
                    *score += *w;
                }
            }
        }
    }

    /// The best class under the current weights (ties go to the lowest class).
    pub fn predict(&self, features: &[u64], scores: &mut Vec<f32>) -> usize {
        scores.clear();
        scores.resize(self.n_classes, 0.0);
        self.add_scores(features, scores);
        argmax(scores)
    }

    /// Count one training instance (call once per prediction, updated or not).
    pub fn tick(&mut self) {
        self.step = self.step.saturating_add(1);
    }

    /// Standard perceptron update: reward `truth`, penalise `guess`.
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        self.adjust(features, truth, 1.0);
        self.adjust(features, guess, -1.0);
    }

    /// Add `delta` to the weight of `class` for every feature.
    pub fn adjust(&mut self, features: &[u64], class: usize, delta: f32) {
        if class >= self.n_classes {
            return;
        }
        for &key in features {
            let row = self.row(key);
            let at = row * self.n_classes + class;
            let elapsed = self.step - self.stamps[at];
            self.totals[at] += f64::from(elapsed) * f64::from(self.weights[at]);
            self.stamps[at] = self.step;
            self.weights[at] += delta;
        }
    }

    fn row(&mut self, key: u64) -> usize {
        if let Some(&row) = self.rows.get(&key) {
            return row as usize;
        }
        let row = self.keys.len();
        self.rows.insert(key, row as u32);
        self.keys.push(key);
        self.weights
            .resize(self.weights.len() + self.n_classes, 0.0);
        self.totals.resize(self.totals.len() + self.n_classes, 0.0);
        self.stamps.resize(self.stamps.len() + self.n_classes, 0);
        row
    }

    /// Average the weights over all steps, drop features whose averaged weights are all below
    /// `prune` in magnitude, and quantise.
    pub fn finish(self, prune: f32) -> LinearModel {
        self.averaged(prune)
    }

    /// The model [`Trainer::finish`] would give now, leaving the trainer as it is so that
    /// training can go on (to score the averaged model on dev data after each iteration).
    pub fn averaged(&self, prune: f32) -> LinearModel {
        let steps = f64::from(self.step.max(1));
        let n = self.n_classes;
        let mut averaged = vec![0f32; n];
        let mut keys = Vec::with_capacity(self.keys.len());
        let mut rows: Vec<f32> = Vec::with_capacity(self.weights.len());
        for (row, &key) in self.keys.iter().enumerate() {
            for (c, average) in averaged.iter_mut().enumerate() {
                let at = row * n + c;
                let elapsed = self.step - self.stamps[at];
                let total = self.totals[at] + f64::from(elapsed) * f64::from(self.weights[at]);
                *average = (total / steps) as f32;
            }
            if averaged.iter().any(|w| w.abs() >= prune) {
                keys.push(key);
                rows.extend_from_slice(&averaged);
            }
        }
        LinearModel::from_float(n, keys, &rows)
    }
}

/// Index of the highest score (the first on ties); 0 for an empty slice.
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    key: u64,
    row: u32,
}

/// A trained linear model: feature keys → rows of `n_classes` quantised weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "LinearModelData", into = "LinearModelData")]
pub struct LinearModel {
    n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    weights: Vec<i16>,
    table: Vec<Slot>,
    mask: usize,
}

/// The stored form: the probe table is rebuilt on load.
#[derive(Serialize, Deserialize)]
struct LinearModelData {
    n_classes: u32,
    scale: f32,
    keys: Vec<u64>,
    weights: Vec<i16>,
}

impl From<LinearModelData> for LinearModel {
    fn from(data: LinearModelData) -> Self {
        let n_classes = (data.n_classes as usize).max(1);
        let rows = data.keys.len().min(data.weights.len() / n_classes);
        let mut keys = data.keys;
        keys.truncate(rows);
        let mut weights = data.weights;
        weights.truncate(rows * n_classes);
        LinearModel::build(n_classes, data.scale, keys, weights)
    }
}

impl From<LinearModel> for LinearModelData {
    fn from(model: LinearModel) -> Self {
        LinearModelData {
            n_classes: model.n_classes as u32,
            scale: model.scale,
            keys: model.keys,
            weights: model.weights,
        }
    }
}

impl LinearModel {
    /// Quantise float rows (`keys.len() * n_classes` weights) into a model.
    pub fn from_float(n_classes: usize, keys: Vec<u64>, rows: &[f32]) -> Self {
        let n_classes = n_classes.max(1);
        let max = rows.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let weights = rows
            .iter()
            .map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
        LinearModel::build(n_classes, scale, keys, weights)
    }

    fn build(n_classes: usize, scale: f32, keys: Vec<u64>, weights: Vec<i16>) -> Self {
        let capacity = (keys.len() * 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut table = vec![Slot::default(); capacity];
        for (row, &key) in keys.iter().enumerate() {
            let key = key.max(1);
            let mut at = key as usize & mask;
            while table[at].key != 0 && table[at].key != key {
                at = (at + 1) & mask;
            }
            table[at] = Slot {
                key,
                row: row as u32,
            };
        }
        LinearModel {
            n_classes,
            scale,
            keys,
            weights,
            table,
            mask,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// The factor turning quantised weights into scores.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Every feature key with its row of `n_classes` quantised weights, in stored order (for
    /// converting the model into another layout).
    pub fn rows(&self) -> impl Iterator<Item = (u64, &[i16])> + '_ {
        self.keys
            .iter()
            .copied()
            .zip(self.weights.chunks_exact(self.n_classes))
    }

    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        let mut at = key as usize & self.mask;
        loop {
            let slot = self.table[at];
            if slot.key == key {
                return Some(slot.row as usize);
            }
            if slot.key == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Add the weights of `features` to `scores` (`n_classes` long).
    #[inline]
    pub fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        let n = self.n_classes;
        let len = n.min(scores.len());
        let scores = &mut scores[..len];
        for &key in features {
            if let Some(row) = self.find(key) {
                let weights = &self.weights[row * n..row * n + n];
                for (score, &w) in scores.iter_mut().zip(weights) {
                    *score += f32::from(w) * self.scale;
                }
            }
        }
    }

    /// The same sums as [`add_scores`](Self::add_scores), added in the same order, but every
    /// feature of a block is looked up before any row is read, so that the memory accesses of a
    /// model larger than the cache overlap instead of queueing (several times faster there).
    pub fn add_scores_batched(&self, features: &[u64], scores: &mut [f32]) {
        const BLOCK: usize = 32;
        let n = self.n_classes;
        let len = n.min(scores.len());
        let scores = &mut scores[..len];
        let mut rows = [0u32; BLOCK];
        for block in features.chunks(BLOCK) {
            for &key in block {
                if let Some(slot) = self.table.get(key as usize & self.mask) {
                    crate::prefetch(slot);
                }
            }
            let mut found = 0;
            for &key in block {
                if let Some(row) = self.find(key) {
                    if let Some(w) = self.weights.get(row * n) {
                        crate::prefetch(w);
                    }
                    rows[found] = row as u32;
                    found += 1;
                }
            }
            for &row in &rows[..found] {
                let row = row as usize;
                let weights = &self.weights[row * n..row * n + n];
                for (score, &w) in scores.iter_mut().zip(weights) {
                    *score += f32::from(w) * self.scale;
                }
            }
        }
    }

    /// Scores of all classes for `features`, into `scores` (resized to `n_classes`).
    pub fn scores(&self, features: &[u64], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.n_classes, 0.0);
        self.add_scores(features, scores);
    }

    /// The best class for `features`.
    pub fn predict(&self, features: &[u64], scores: &mut Vec<f32>) -> usize {
        self.scores(features, scores);
        argmax(scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::feature1;
    use crate::rng::SplitMix64;

    /// Two features decide the class: "a" → 0, "b" → 1; "noise" is uninformative.
    fn toy_data() -> Vec<(Vec<u64>, usize)> {
        let a = feature1(1, b"a");
        let b = feature1(1, b"b");
        let noise = feature1(2, b"noise");
        (0..200)
            .map(|i| {
                if i % 2 == 0 {
                    (vec![a, noise], 0)
                } else {
                    (vec![b, noise], 1)
                }
            })
            .collect()
    }

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        let mut data = toy_data();
        let mut trainer = Trainer::new(2);
        let mut scores = Vec::new();
        let mut rng = SplitMix64::new(1);
        for _ in 0..3 {
            rng.shuffle(&mut data);
            for (features, truth) in &data {
                let guess = trainer.predict(features, &mut scores);
                trainer.update(features, *truth, guess);
                trainer.tick();
            }
        }
        let model = trainer.finish(0.0);
        for (features, truth) in &data {
            assert_eq!(model.predict(features, &mut scores), *truth);
        }
        let bytes = postcard::to_allocvec(&model).unwrap();
        let back: LinearModel = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, model);
        assert_eq!(back.predict(&data[0].0, &mut scores), data[0].1);
    }

    #[test]
    fn pruning_drops_uninformative_features() {
        let mut trainer = Trainer::new(2);
        let informative = feature1(1, b"x");
        let useless = feature1(1, b"y");
        trainer.adjust(&[informative], 0, 1.0);
        trainer.adjust(&[useless], 0, 0.001);
        trainer.tick();
        let model = trainer.finish(0.01);
        assert_eq!(model.n_features(), 1);
    }

    #[test]
    fn batched_scores_equal_plain_scores() {
        let keys: Vec<u64> = (0..100u32).map(|i| feature1(1, &i.to_le_bytes())).collect();
        let rows: Vec<f32> = (0..300)
            .map(|i| ((i * 37) % 101) as f32 / 7.0 - 6.0)
            .collect();
        let model = LinearModel::from_float(3, keys.clone(), &rows);
        let mut features: Vec<u64> = keys.iter().step_by(3).copied().collect();
        features.extend((0..50u32).map(|i| feature1(2, &i.to_le_bytes())));
        let (mut plain, mut batched) = (vec![0.5f32; 3], vec![0.5f32; 3]);
        model.add_scores(&features, &mut plain);
        model.add_scores_batched(&features, &mut batched);
        assert_eq!(plain, batched);
    }

    #[test]
    fn unknown_features_score_nothing() {
        let model = LinearModel::from_float(3, vec![feature1(1, b"k")], &[1.0, -1.0, 0.5]);
        let mut scores = Vec::new();
        model.scores(&[feature1(9, b"unknown")], &mut scores);
        assert_eq!(scores, vec![0.0; 3]);
        model.scores(&[feature1(1, b"k")], &mut scores);
        assert!((scores[0] - 1.0).abs() < 1e-3 && (scores[1] + 1.0).abs() < 1e-3);
    }
}
