//! The tagger's weights in a sparse layout.
//!
//! A trained [`LinearModel`] keeps a dense row of class weights per feature, but most
//! features have weights for only a handful of classes: stored as (class, weight) pairs, the
//! model is several times smaller, fits the processor caches far better, and scoring a
//! feature touches a few bytes instead of a whole row. Scores are integer sums (the model's
//! single quantisation scale does not change an argmax).

use newsgraph_ml::LinearModel;
use serde::{Deserialize, Serialize};

/// The stored form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct SparseData {
    pub n_classes: u32,
    /// Feature keys, and for each the number of its (class, weight) entries.
    pub keys: Vec<u64>,
    pub lens: Vec<u16>,
    /// The entries of all features, in key order.
    pub classes: Vec<u8>,
    pub weights: Vec<i16>,
}

impl SparseData {
    /// The non-zero weights of a linear model (at most 256 classes).
    pub fn from_model(model: &LinearModel) -> Result<SparseData, String> {
        let n_classes = model.n_classes();
        if n_classes > 256 {
            return Err(format!("{n_classes} classes: at most 256 supported"));
        }
        let mut data = SparseData {
            n_classes: n_classes as u32,
            ..SparseData::default()
        };
        for (key, row) in model.rows() {
            let before = data.classes.len();
            for (class, &weight) in row.iter().enumerate() {
                if weight != 0 {
                    data.classes.push(class as u8);
                    data.weights.push(weight);
                }
            }
            let len = data.classes.len() - before;
            if len > 0 {
                data.keys.push(key);
                data.lens.push(len as u16);
            }
        }
        Ok(data)
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.weights.len()
    }
}

/// The weights, ready for scoring.
///
/// Lookups go through an open-addressing table of 8-byte slots holding 32 bits of the key
/// (a fingerprint; the slot position comes from the other bits) and where the feature's row
/// starts. Two keys that agree on the position bits and the fingerprint would share a row:
/// with 64-bit hashed keys that is vanishingly rare. A row with few weights is a header (its
/// length) and packed (class, weight) entries; a row with many (the bias, the
/// previous-class features) is a header pointing to a dense vector, added with vector
/// instructions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sparse {
    n_classes: usize,
    slots: Vec<u64>,
    mask: usize,
    /// Rows: a header (`len`, or `DENSE | index` of a dense row), then `len` entries
    /// `class << 16 | weight as u16`.
    entries: Vec<u32>,
    /// Dense rows, `n_classes` weights each.
    dense: Vec<i16>,
}

/// Marks a dense row.
const DENSE: u32 = 1 << 31;

/// Rows with more weights than this are stored dense.
const DENSE_MIN: usize = 16;

/// The fingerprint of a key: its high 32 bits, never 0 (0 marks an empty slot).
#[inline]
fn fingerprint(key: u64) -> u64 {
    (key >> 32) | 1
}

/// Lookups batched together, so that their memory accesses overlap.
const BATCH: usize = 32;

impl Sparse {
    pub fn new(data: &SparseData) -> Result<Sparse, String> {
        let n_classes = data.n_classes as usize;
        if data.keys.len() != data.lens.len() || data.classes.len() != data.weights.len() {
            return Err("weight columns differ in length".into());
        }
        let total: usize = data.lens.iter().map(|&l| l as usize).sum();
        if total != data.classes.len() || total + data.keys.len() >= DENSE as usize {
            return Err("weight counts do not add up".into());
        }
        if data.classes.iter().any(|&c| c as usize >= n_classes) {
            return Err("weight for an unknown class".into());
        }
        let mut positions = Vec::with_capacity(data.lens.len());
        let mut entries = Vec::with_capacity(data.classes.len() + data.keys.len());
        let mut dense: Vec<i16> = Vec::new();
        let mut start = 0usize;
        for &len in &data.lens {
            let end = start + len as usize;
            let classes = &data.classes[start..end];
            let weights = &data.weights[start..end];
            positions.push(entries.len() as u32);
            if len as usize > DENSE_MIN {
                let index = dense.len() / n_classes.max(1);
                dense.resize(dense.len() + n_classes, 0);
                let row = &mut dense[index * n_classes..];
                for (&c, &w) in classes.iter().zip(weights) {
                    row[c as usize] = w;
                }
                entries.push(DENSE | index as u32);
            } else {
                entries.push(u32::from(len));
                entries.extend(
                    classes
                        .iter()
                        .zip(weights)
                        .map(|(&c, &w)| u32::from(c) << 16 | u32::from(w as u16)),
                );
            }
            start = end;
        }
        if dense.len() / n_classes.max(1) >= DENSE as usize {
            return Err("too many dense rows".into());
        }
        // Load factor at most 2/3.
        let capacity = (data.keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![0u64; capacity];
        for (&key, &position) in data.keys.iter().zip(&positions) {
            let print = fingerprint(key);
            let mut at = key as usize & mask;
            loop {
                let slot = slots[at];
                if slot == 0 {
                    slots[at] = print << 32 | u64::from(position);
                    break;
                }
                if slot >> 32 == print {
                    break; // a fingerprint twin: the first row wins
                }
                at = (at + 1) & mask;
            }
        }
        Ok(Sparse {
            n_classes,
            slots,
            mask,
            entries,
            dense,
        })
    }

    /// Where the row of a key starts in `entries`.
    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        let print = fingerprint(key);
        let mut at = key as usize & self.mask;
        loop {
            let slot = self.slots[at];
            if slot >> 32 == print {
                return Some(slot as u32 as usize);
            }
            if slot == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Add the weights of every feature of `keys` to `scores` (`n_classes` long).
    #[inline]
    pub fn add_all(&self, keys: &[u64], scores: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (checked just above), the only requirement of a
            // function compiled for it.
            unsafe { self.add_all_avx2(keys, scores) };
            return;
        }
        self.add_all_here(keys, scores);
    }

    /// [`add_all`](Self::add_all) compiled for AVX2, which widens and adds the weights of a
    /// dense row 8 at a time (SSE2 takes about three times the instructions); the same sums.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn add_all_avx2(&self, keys: &[u64], scores: &mut [i32]) {
        self.add_all_here(keys, scores);
    }

    /// [`add_all`](Self::add_all) for whatever instructions the caller is compiled for.
    #[inline(always)]
    fn add_all_here(&self, keys: &[u64], scores: &mut [i32]) {
        let n = self.n_classes;
        if scores.len() < n {
            return;
        }
        let scores = &mut scores[..n];
        let mut found = [0u32; BATCH];
        for chunk in keys.chunks(BATCH) {
            for &key in chunk {
                if let Some(slot) = self.slots.get(key as usize & self.mask) {
                    newsgraph_ml::prefetch(slot);
                }
            }
            let mut count = 0;
            for &key in chunk {
                if let Some(position) = self.find(key) {
                    if let Some(entry) = self.entries.get(position) {
                        newsgraph_ml::prefetch(entry);
                    }
                    found[count] = position as u32;
                    count += 1;
                }
            }
            for &position in &found[..count] {
                let position = position as usize;
                let header = self.entries[position];
                if header & DENSE != 0 {
                    let at = (header & !DENSE) as usize * n;
                    for (s, &w) in scores.iter_mut().zip(&self.dense[at..at + n]) {
                        *s += i32::from(w);
                    }
                } else {
                    let start = position + 1;
                    let end = (start + header as usize).min(self.entries.len());
                    for &entry in &self.entries[start..end] {
                        if let Some(s) = scores.get_mut((entry >> 16) as usize) {
                            *s += i32::from(entry as u16 as i16);
                        }
                    }
                }
            }
        }
    }
}
