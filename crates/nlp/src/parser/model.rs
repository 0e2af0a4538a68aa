//! The parser's two linear models and their trainer.
//!
//! Both models score by argmax only, so each feature's weights are stored relative to class 0
//! (subtracting the same value from every class of a feature shifts every class score equally
//! and never changes an argmax, even over a subset of classes). Weights are quantised to `i16`
//! and summed as integers.
//!
//! - [`NarrowTable`]: the 4-class transition model. Each slot is one `u64`: a 16-bit
//!   fingerprint of the feature key and the 3 relative weights, so scoring a feature costs one
//!   probe into one cache line.
//! - [`WideTable`]: the label model (one class per dependency label): an index of `u64`
//!   slots (32-bit fingerprint, row position) and the rows, sparse in memory (the few
//!   non-zero weights of most rows) and dense on disk.
//!
//! Both are stored in slot order (empty slots compress to almost nothing), so loading rebuilds
//! no hash table.

use newsgraph_ml::KeyMap;

use serde::{Deserialize, Serialize};

/// Averaged perceptron with the "w − u/c" averaging trick: `w` holds the current weights and
/// `u` the step-weighted sum of all updates, so the average is `w − u / steps`.
pub(crate) struct SparseTrainer {
    n: usize,
    rows: KeyMap<u32>,
    keys: Vec<u64>,
    w: Vec<f32>,
    u: Vec<f32>,
    step: u64,
}

impl SparseTrainer {
    pub fn new(n_classes: usize) -> Self {
        SparseTrainer {
            n: n_classes.max(1),
            rows: KeyMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            u: Vec::new(),
            step: 1,
        }
    }

    /// Current (not averaged) scores of `features`, added to `scores` (`n` long).
    pub fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        for key in features {
            if let Some(&row) = self.rows.get(key) {
                let start = row as usize * self.n;
                for (s, w) in scores.iter_mut().zip(&self.w[start..start + self.n]) {
                    *s += *w;
                }
            }
        }
    }

    /// Add `delta` to the weight of `class` for every feature.
    pub fn add(&mut self, features: &[u64], class: usize, delta: f32) {
        if class >= self.n {
            return;
        }
        let c = self.step as f32 * delta;
        for &key in features {
            let start = self.row(key) * self.n;
            self.w[start + class] += delta;
            self.u[start + class] += c;
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n
    }

    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Reward `truth`, penalise `guess`.
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess || truth >= self.n || guess >= self.n {
            return;
        }
        let c = self.step as f32;
        for &key in features {
            let start = self.row(key) * self.n;
            self.w[start + truth] += 1.0;
            self.u[start + truth] += c;
            self.w[start + guess] -= 1.0;
            self.u[start + guess] -= c;
        }
    }

    fn row(&mut self, key: u64) -> usize {
        if let Some(&row) = self.rows.get(&key) {
            return row as usize;
        }
        let row = self.keys.len();
        self.rows.insert(key, row as u32);
        self.keys.push(key);
        self.w.resize(self.w.len() + self.n, 0.0);
        self.u.resize(self.u.len() + self.n, 0.0);
        row
    }

    /// The averaged weights of every feature, absolute: `(key, n weights)` (for a beam, which
    /// compares the summed scores of different states, which weights relative to one class would
    /// skew). Features whose weights all stay below `prune` in magnitude are dropped.
    pub fn averaged_absolute(&self, prune: f32) -> (Vec<u64>, Vec<f32>) {
        self.averaged_rows(prune, false)
    }

    /// The averaged weights of every feature, relative to class 0: `(key, n − 1 weights)`.
    /// Features whose relative weights all stay below `prune` in magnitude are dropped.
    pub fn averaged(&self, prune: f32) -> (Vec<u64>, Vec<f32>) {
        self.averaged_rows(prune, true)
    }

    /// Averaged rows, absolute or relative to class 0 (whose own weight is then left out).
    fn averaged_rows(&self, prune: f32, relative: bool) -> (Vec<u64>, Vec<f32>) {
        let n = self.n;
        let c = self.step as f64;
        let mut keys = Vec::new();
        let mut rows = Vec::new();
        let mut avg = vec![0f32; n];
        for (row, &key) in self.keys.iter().enumerate() {
            for (k, a) in avg.iter_mut().enumerate() {
                let at = row * n + k;
                *a = (f64::from(self.w[at]) - f64::from(self.u[at]) / c) as f32;
            }
            let (base, kept) = if relative {
                (avg[0], &avg[1..])
            } else {
                (0.0, &avg[..])
            };
            if kept.iter().any(|a| (a - base).abs() >= prune) {
                keys.push(key);
                rows.extend(kept.iter().map(|a| a - base));
            }
        }
        (keys, rows)
    }
}

/// Quantisation scale: the largest magnitude maps to `i16::MAX`.
fn scale_of(rows: &[f32]) -> f32 {
    let max = rows.iter().fold(0f32, |m, w| m.max(w.abs()));
    if max > 0.0 {
        max / 32767.0
    } else {
        1.0
    }
}

fn quantise(w: f32, scale: f32) -> i16 {
    (w / scale).round().clamp(-32767.0, 32767.0) as i16
}

/// Slots per bucket: a bucket is one 64-byte cache line.
const BUCKET: usize = 8;

/// Number of buckets for `n` entries: at most about 70% full.
fn buckets_for(n: usize) -> usize {
    (n * 10 / 7).div_ceil(BUCKET).max(1)
}

/// The bucket of `key` among `n` (multiply-shift on the high bits; the low bits make the
/// fingerprint).
#[inline(always)]
fn bucket_of(key: u64, n: usize) -> usize {
    (((key >> 32) * n as u64) >> 32) as usize
}

/// The lane of `fp` among 8 16-bit fingerprints: `Some(lane)` exactly for the lowest lane
/// equal to `fp` (fingerprints are unique within a bucket). One SSE2 compare of the whole
/// bucket.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn find_lane16(fps: &[u16; BUCKET], fp: u16) -> Option<usize> {
    use std::arch::x86_64::{_mm_cmpeq_epi16, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi16};
    // SAFETY: SSE2 is part of every x86-64 processor; the unaligned load reads exactly the
    // 16 bytes of `fps`.
    let mask = unsafe {
        let lanes = _mm_loadu_si128(fps.as_ptr().cast());
        _mm_movemask_epi8(_mm_cmpeq_epi16(lanes, _mm_set1_epi16(fp as i16))) as u32
    };
    // Two mask bits per 16-bit lane.
    (mask != 0).then(|| mask.trailing_zeros() as usize / 2)
}

/// The lane of `fp` among 8 16-bit fingerprints, by a SWAR zero-lane test (see the x86-64
/// version).
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn find_lane16(fps: &[u16; BUCKET], fp: u16) -> Option<usize> {
    const ONES: u128 = 0x0001_0001_0001_0001_0001_0001_0001_0001;
    const HIGHS: u128 = ONES << 15;
    let v = fps
        .iter()
        .rev()
        .fold(0u128, |acc, &f| (acc << 16) | u128::from(f));
    let x = v ^ (ONES * u128::from(fp));
    let z = x.wrapping_sub(ONES) & !x & HIGHS;
    if z == 0 {
        None
    } else {
        Some(z.trailing_zeros() as usize / 16)
    }
}

/// The lane of `fp` among 8 32-bit fingerprints (see [`find_lane16`]): two SSE2 compares.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn find_lane32(fps: &[u32; BUCKET], fp: u32) -> Option<usize> {
    use std::arch::x86_64::{_mm_cmpeq_epi32, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi32};
    // SAFETY: SSE2 is part of every x86-64 processor; the two unaligned loads read exactly
    // the 32 bytes of `fps`.
    let mask = unsafe {
        let wanted = _mm_set1_epi32(fp as i32);
        let low = _mm_loadu_si128(fps.as_ptr().cast());
        let high = _mm_loadu_si128(fps.as_ptr().add(4).cast());
        let low = _mm_movemask_epi8(_mm_cmpeq_epi32(low, wanted)) as u32;
        let high = _mm_movemask_epi8(_mm_cmpeq_epi32(high, wanted)) as u32;
        low | (high << 16)
    };
    // Four mask bits per 32-bit lane.
    (mask != 0).then(|| mask.trailing_zeros() as usize / 4)
}

/// The lane of `fp` among 8 32-bit fingerprints, by a SWAR zero-lane test.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn find_lane32(fps: &[u32; BUCKET], fp: u32) -> Option<usize> {
    const ONES: u128 = 0x0000_0001_0000_0001_0000_0001_0000_0001;
    const HIGHS: u128 = ONES << 31;
    let half = |lanes: &[u32]| {
        let v = lanes
            .iter()
            .rev()
            .fold(0u128, |acc, &f| (acc << 32) | u128::from(f));
        let x = v ^ (ONES * u128::from(fp));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let lo = half(&fps[..4]);
    if lo != 0 {
        return Some(lo.trailing_zeros() as usize / 32);
    }
    let hi = half(&fps[4..]);
    if hi != 0 {
        return Some(4 + hi.trailing_zeros() as usize / 32);
    }
    None
}

/// One cache line of the transition model: 8 fingerprints (0 = empty; a bucket fills from
/// the front) and their 3 weights each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(64))]
struct NarrowBucket {
    fps: [u16; BUCKET],
    weights: [[i16; 3]; BUCKET],
}

/// The 4-class transition model (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "NarrowData", into = "NarrowData")]
pub(crate) struct NarrowTable {
    buckets: Vec<NarrowBucket>,
}

#[derive(Serialize, Deserialize)]
struct NarrowData {
    /// Four `i16` per slot, bucket by bucket: fingerprint (0 = empty), weights of classes 1,
    /// 2, 3 (relative to class 0).
    slots: Vec<i16>,
}

impl From<NarrowData> for NarrowTable {
    fn from(data: NarrowData) -> Self {
        let mut buckets: Vec<NarrowBucket> = data
            .slots
            .chunks(4 * BUCKET)
            .map(|chunk| {
                let mut bucket = NarrowBucket::default();
                for (i, slot) in chunk.chunks_exact(4).enumerate() {
                    bucket.fps[i] = slot[0] as u16;
                    bucket.weights[i] = [slot[1], slot[2], slot[3]];
                }
                bucket
            })
            .collect();
        if buckets.is_empty() {
            buckets.push(NarrowBucket::default());
        }
        NarrowTable { buckets }
    }
}

impl From<NarrowTable> for NarrowData {
    fn from(table: NarrowTable) -> Self {
        let mut slots = Vec::with_capacity(table.buckets.len() * BUCKET * 4);
        for bucket in &table.buckets {
            for i in 0..BUCKET {
                slots.push(bucket.fps[i] as i16);
                slots.extend_from_slice(&bucket.weights[i]);
            }
        }
        NarrowData { slots }
    }
}

#[inline(always)]
fn fingerprint16(key: u64) -> u16 {
    (key as u16).max(1)
}

impl NarrowTable {
    /// Build from averaged relative rows (3 weights per key).
    pub fn build(keys: &[u64], rows: &[f32]) -> Self {
        let scale = scale_of(rows);
        let mut buckets = vec![NarrowBucket::default(); buckets_for(keys.len())];
        let n = buckets.len();
        for (k, &key) in keys.iter().enumerate() {
            let fp = fingerprint16(key);
            let mut b = bucket_of(key, n);
            // Overflow goes to the next bucket; a fingerprint already in the chain is taken
            // as the same feature (rare).
            'search: for _ in 0..n {
                let bucket = &mut buckets[b];
                for i in 0..BUCKET {
                    if bucket.fps[i] == 0 || bucket.fps[i] == fp {
                        bucket.fps[i] = fp;
                        for c in 0..3 {
                            bucket.weights[i][c] = bucket.weights[i][c]
                                .saturating_add(quantise(rows[k * 3 + c], scale));
                        }
                        break 'search;
                    }
                }
                b = (b + 1) % n;
            }
        }
        NarrowTable { buckets }
    }

    pub fn n_features(&self) -> usize {
        self.buckets
            .iter()
            .map(|b| b.fps.iter().filter(|&&f| f != 0).count())
            .sum()
    }

    /// The weights of `key`, zero when absent.
    #[inline(always)]
    fn lookup(&self, key: u64) -> [i16; 3] {
        let n = self.buckets.len();
        let fp = fingerprint16(key);
        let mut b = bucket_of(key, n);
        for _ in 0..n {
            let bucket = &self.buckets[b];
            let found = find_lane16(&bucket.fps, fp);
            // Branch-free hit or miss: lane 0's weights, masked out when nothing matched.
            let i = found.unwrap_or(0) & (BUCKET - 1);
            let keep = -i16::from(found.is_some());
            let w = bucket.weights[i];
            if found.is_some() || bucket.fps[BUCKET - 1] == 0 {
                return [w[0] & keep, w[1] & keep, w[2] & keep];
            }
            // A full bucket without the key: the key may have overflowed to the next one.
            b += 1;
            if b == n {
                b = 0;
            }
        }
        [0; 3]
    }

    /// Integer scores of the 4 classes (class 0 is the reference, always 0 per feature).
    /// The bucket of every feature is prefetched before any is searched, so the cache misses
    /// overlap instead of queueing.
    #[inline]
    pub fn scores(&self, features: &[u64]) -> [i32; 4] {
        let n = self.buckets.len();
        for &key in features {
            newsgraph_ml::prefetch(&self.buckets[bucket_of(key, n)]);
        }
        let mut s = [0i32; 4];
        for &key in features {
            let w = self.lookup(key);
            s[1] += i32::from(w[0]);
            s[2] += i32::from(w[1]);
            s[3] += i32::from(w[2]);
        }
        s
    }
}

/// One cache line of the label model's index: 8 fingerprints (0 = empty, filled from the
/// front) and where their rows start in [`WideTable::entries`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(64))]
struct WideBucket {
    fps: [u32; BUCKET],
    rows: [u32; BUCKET],
}

/// Marks a row header that points to a dense row.
const DENSE: u32 = 1 << 31;

/// Rows with more non-zero weights than this are kept dense.
const DENSE_MIN: usize = 16;

/// A row of a [`WideTable`].
enum Row<'a> {
    /// `n_classes − 1` weights, classes 1, 2, …
    Dense(&'a [i16]),
    /// Entries `class << 16 | weight as u16`.
    Sparse(&'a [u32]),
}

/// A many-class model (see the module docs).
///
/// Most rows have non-zero weights for only a few classes (2–3 on the English model, of 50),
/// so in memory a row is a header (its number of entries, or `DENSE | index` of a dense row)
/// followed by `class << 16 | weight as u16` entries, class counted from 1 (the reference
/// class 0 has no weight). The model is then about a third of the dense size and scoring a
/// feature reads one cache line instead of two or three; the sums are the same integers. The
/// stored form keeps the dense rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "WideData", into = "WideData")]
pub(crate) struct WideTable {
    n_classes: usize,
    index: Vec<WideBucket>,
    /// The rows (see the type's docs), in slot order.
    entries: Vec<u32>,
    /// Dense rows: `n_classes − 1` weights each (relative to class 0).
    dense: Vec<i16>,
}

#[derive(Serialize, Deserialize)]
struct WideData {
    n_classes: u32,
    /// The fingerprint of each slot, bucket by bucket (0 = empty); rows follow slot order.
    fingerprints: Vec<u32>,
    rows: Vec<i16>,
}

impl From<WideData> for WideTable {
    fn from(data: WideData) -> Self {
        let n_classes = (data.n_classes as usize).max(2);
        let stride = n_classes - 1;
        // Entries name their class in 16 bits: wider models keep every row dense.
        let sparse = stride < 1 << 16;
        let mut row = 0usize;
        let mut entries: Vec<u32> = Vec::new();
        let mut dense: Vec<i16> = Vec::new();
        let mut index: Vec<WideBucket> = Vec::with_capacity(data.fingerprints.len() / BUCKET);
        for chunk in data.fingerprints.chunks(BUCKET) {
            let mut bucket = WideBucket::default();
            for (i, &fp) in chunk.iter().enumerate() {
                let Some(weights) = data.rows.get(row * stride..(row + 1) * stride) else {
                    break;
                };
                // Headers hold positions below `DENSE` (never reached by a real model; every row
                // adds an entry, so dense rows stay below it too).
                if entries.len() >= DENSE as usize {
                    break;
                }
                if fp == 0 {
                    continue;
                }
                bucket.fps[i] = fp;
                bucket.rows[i] = entries.len() as u32;
                row += 1;
                let non_zero = weights.iter().filter(|&&w| w != 0).count();
                if sparse && non_zero <= DENSE_MIN {
                    entries.push(non_zero as u32);
                    entries.extend(
                        (1u32..)
                            .zip(weights)
                            .filter(|&(_, &w)| w != 0)
                            .map(|(class, &w)| class << 16 | u32::from(w as u16)),
                    );
                } else {
                    entries.push(DENSE | (dense.len() / stride) as u32);
                    dense.extend_from_slice(weights);
                }
            }
            index.push(bucket);
        }
        if index.is_empty() {
            index.push(WideBucket::default());
        }
        WideTable {
            n_classes,
            index,
            entries,
            dense,
        }
    }
}

impl From<WideTable> for WideData {
    fn from(table: WideTable) -> Self {
        let stride = table.n_classes - 1;
        let mut fingerprints = Vec::with_capacity(table.index.len() * BUCKET);
        let mut rows = Vec::with_capacity(table.entries.len() * stride);
        let mut row = vec![0i16; stride];
        for bucket in &table.index {
            for i in 0..BUCKET {
                let fp = bucket.fps[i];
                fingerprints.push(fp);
                if fp != 0 {
                    row.fill(0);
                    match table.row(bucket.rows[i] as usize) {
                        Row::Dense(weights) => {
                            for (slot, &w) in row.iter_mut().zip(weights) {
                                *slot = w;
                            }
                        }
                        Row::Sparse(entries) => {
                            for &entry in entries {
                                // Classes count from 1 (class 0 has no weight).
                                let class = (entry >> 16) as usize;
                                if let Some(slot) = row.get_mut(class.wrapping_sub(1)) {
                                    *slot = entry as u16 as i16;
                                }
                            }
                        }
                    }
                    rows.extend_from_slice(&row);
                }
            }
        }
        WideData {
            n_classes: table.n_classes as u32,
            fingerprints,
            rows,
        }
    }
}

#[inline(always)]
fn fingerprint32(key: u64) -> u32 {
    (key as u32).max(1)
}

impl WideTable {
    /// Build from averaged relative rows (`n_classes − 1` weights per key).
    pub fn build(n_classes: usize, keys: &[u64], rows: &[f32]) -> Self {
        let n_classes = n_classes.max(2);
        let stride = n_classes - 1;
        let scale = scale_of(rows);
        let mut index = vec![WideBucket::default(); buckets_for(keys.len())];
        let n = index.len();
        let mut out: Vec<i16> = Vec::with_capacity(rows.len());
        for (k, &key) in keys.iter().enumerate() {
            let fp = fingerprint32(key);
            let src = &rows[k * stride..(k + 1) * stride];
            let mut b = bucket_of(key, n);
            'search: for _ in 0..n {
                let bucket = &mut index[b];
                for i in 0..BUCKET {
                    if bucket.fps[i] == 0 {
                        bucket.fps[i] = fp;
                        bucket.rows[i] = (out.len() / stride) as u32;
                        out.extend(src.iter().map(|&w| quantise(w, scale)));
                        break 'search;
                    }
                    if bucket.fps[i] == fp {
                        let r = bucket.rows[i] as usize;
                        for (o, &w) in out[r * stride..(r + 1) * stride].iter_mut().zip(src) {
                            *o = o.saturating_add(quantise(w, scale));
                        }
                        break 'search;
                    }
                }
                b = (b + 1) % n;
            }
        }
        // The stored form: rows in slot order.
        let mut fingerprints = Vec::with_capacity(n * BUCKET);
        let mut slot_rows = Vec::with_capacity(out.len());
        for bucket in &index {
            for i in 0..BUCKET {
                fingerprints.push(bucket.fps[i]);
                if bucket.fps[i] != 0 {
                    let r = bucket.rows[i] as usize;
                    slot_rows.extend_from_slice(&out[r * stride..(r + 1) * stride]);
                }
            }
        }
        WideTable::from(WideData {
            n_classes: n_classes as u32,
            fingerprints,
            rows: slot_rows,
        })
    }

    pub fn n_features(&self) -> usize {
        self.index
            .iter()
            .map(|b| b.fps.iter().filter(|&&f| f != 0).count())
            .sum()
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Where the row of `key` starts in `entries`, if the key is present.
    #[inline(always)]
    fn find(&self, key: u64) -> Option<usize> {
        let n = self.index.len();
        let fp = fingerprint32(key);
        let mut b = bucket_of(key, n);
        for _ in 0..n {
            let bucket = &self.index[b];
            if let Some(lane) = find_lane32(&bucket.fps, fp) {
                return Some(bucket.rows[lane & (BUCKET - 1)] as usize);
            }
            if bucket.fps[BUCKET - 1] == 0 {
                return None;
            }
            b += 1;
            if b == n {
                b = 0;
            }
        }
        None
    }

    /// The row starting at `position` in `entries` (empty when out of range).
    #[inline(always)]
    fn row(&self, position: usize) -> Row<'_> {
        let Some(&header) = self.entries.get(position) else {
            return Row::Sparse(&[]);
        };
        if header & DENSE != 0 {
            let stride = self.n_classes - 1;
            let at = (header & !DENSE) as usize * stride;
            Row::Dense(self.dense.get(at..at + stride).unwrap_or(&[]))
        } else {
            let start = position + 1;
            let end = (start + header as usize).min(self.entries.len());
            Row::Sparse(&self.entries[start..end])
        }
    }

    /// Integer scores of all classes into `scores` (`n_classes` long; class 0 is the
    /// reference). `buffer` is scratch space: the index buckets of all features are prefetched
    /// first, then searched (prefetching the start of each row found), then the rows are
    /// summed, so the cache misses overlap.
    #[inline]
    pub fn scores(&self, features: &[u64], scores: &mut [i32], buffer: &mut Vec<u64>) {
        for s in scores.iter_mut() {
            *s = 0;
        }
        if scores.len() < self.n_classes {
            return;
        }
        let n = self.index.len();
        for &key in features {
            newsgraph_ml::prefetch(&self.index[bucket_of(key, n)]);
        }
        buffer.clear();
        for &key in features {
            if let Some(position) = self.find(key) {
                if let Some(header) = self.entries.get(position) {
                    newsgraph_ml::prefetch(header);
                    buffer.push(position as u64);
                }
            }
        }
        let scores = &mut scores[..self.n_classes];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (checked just above), the only requirement of a
            // function compiled for it.
            unsafe { self.add_rows_avx2(buffer, scores) };
            return;
        }
        self.add_rows(buffer, scores);
    }

    /// Add the rows starting at `positions` to `scores` (`n_classes` long).
    #[inline(always)]
    fn add_rows(&self, positions: &[u64], scores: &mut [i32]) {
        for &position in positions {
            match self.row(position as usize) {
                Row::Dense(row) => {
                    for (s, &w) in scores[1..].iter_mut().zip(row) {
                        *s += i32::from(w);
                    }
                }
                Row::Sparse(entries) => {
                    for &entry in entries {
                        if let Some(s) = scores.get_mut((entry >> 16) as usize) {
                            *s += i32::from(entry as u16 as i16);
                        }
                    }
                }
            }
        }
    }

    /// [`add_rows`](Self::add_rows) compiled for AVX2, which widens and adds the weights of a
    /// dense row 8 at a time (SSE2 takes about three times the instructions); the same sums.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn add_rows_avx2(&self, positions: &[u64], scores: &mut [i32]) {
        self.add_rows(positions, scores);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_search_finds_exactly_the_lowest_match() {
        let fps16 = [7u16, 0x8001, 1, 0xFFFF, 2, 0, 0, 0];
        for (lane, &fp) in fps16.iter().enumerate().take(5) {
            assert_eq!(find_lane16(&fps16, fp), Some(lane));
        }
        assert_eq!(find_lane16(&fps16, 3), None);
        assert_eq!(find_lane16(&fps16, 0x8000), None);
        let fps32 = [9u32, 0x8000_0001, 1, 0xFFFF_FFFF, 2, 77, 0x7FFF_FFFF, 5];
        for (lane, &fp) in fps32.iter().enumerate() {
            assert_eq!(find_lane32(&fps32, fp), Some(lane));
        }
        assert_eq!(find_lane32(&fps32, 3), None);
        assert_eq!(find_lane32(&fps32, 0x8000_0000), None);
    }

    #[test]
    fn lane_search_agrees_with_a_linear_scan() {
        // Buckets of distinct fingerprints from a small alphabet (so that hits and misses
        // both occur), zero-padded at the end as the tables fill them.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5000 {
            let filled = (next() % 9) as usize;
            let mut fps16 = [0u16; BUCKET];
            let mut fps32 = [0u32; BUCKET];
            for i in 0..filled {
                fps16[i] = ((i as u16 + 1) * 0x1111) ^ (next() % 3) as u16;
                fps32[i] = ((i as u32 + 1) * 0x1111_1111) ^ (next() % 3) as u32;
            }
            let probe16 = if next() % 2 == 0 {
                fps16[(next() % 8) as usize]
            } else {
                (next() as u16) | 1
            };
            let probe32 = if next() % 2 == 0 {
                fps32[(next() % 8) as usize]
            } else {
                (next() as u32) | 1
            };
            if probe16 != 0 {
                assert_eq!(
                    find_lane16(&fps16, probe16),
                    fps16.iter().position(|&f| f == probe16)
                );
            }
            if probe32 != 0 {
                assert_eq!(
                    find_lane32(&fps32, probe32),
                    fps32.iter().position(|&f| f == probe32)
                );
            }
        }
    }
    #[test]
    fn sparse_rows_score_and_store_like_dense_ones() {
        // Rows with a few non-zero weights (kept sparse) and rows with many (kept dense);
        // whole numbers up to 32767, so that quantisation keeps them exactly.
        let n_classes = 40;
        let stride = n_classes - 1;
        let keys: Vec<u64> = (1..300u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let rows: Vec<Vec<i16>> = (0..keys.len())
            .map(|k| {
                (0..stride)
                    .map(|c| match (k % 3 == 0, (c * 7 + k) % 13 == 0) {
                        _ if k == 5 && c == 3 => 32767,
                        (true, _) | (_, true) => ((c * 31 + k * 17) % 2001) as i16 - 1000,
                        _ => 0,
                    })
                    .collect()
            })
            .collect();
        let floats: Vec<f32> = rows.iter().flatten().map(|&w| f32::from(w)).collect();
        let table = WideTable::build(n_classes, &keys, &floats);
        assert!(!table.dense.is_empty() && table.entries.len() < floats.len() / 2);
        let mut buffer = Vec::new();
        let mut scores = vec![0; n_classes];
        for (features, rows) in keys.chunks(3).zip(rows.chunks(3)) {
            let mut expect = vec![0i32; n_classes];
            for row in rows {
                for (e, &w) in expect[1..].iter_mut().zip(row) {
                    *e += i32::from(w);
                }
            }
            table.scores(features, &mut scores, &mut buffer);
            assert_eq!(scores, expect);
        }
        // The stored form keeps the dense rows, and loads back into the same table.
        let data = WideData::from(table.clone());
        assert_eq!(data.rows.len(), floats.len());
        assert_eq!(WideTable::from(data), table);
    }

    use newsgraph_ml::model_file::{decode, encode};
    use newsgraph_ml::ModelHeader;

    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
        let bytes = encode(&ModelHeader::new("t/1"), value).unwrap();
        decode(std::path::Path::new("t"), &bytes, "t/1").unwrap().1
    }

    #[test]
    fn tables_score_like_the_float_rows_and_survive_a_round_trip() {
        let keys: Vec<u64> = (1..500u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let rows3: Vec<f32> = (0..keys.len() * 3).map(|i| (i % 7) as f32 - 3.0).collect();
        let narrow = NarrowTable::build(&keys, &rows3);
        let mut buffer = Vec::new();
        let s = narrow.scores(&keys[3..4]);
        assert_eq!(s[0], 0);
        assert!(s[1] < 0 && s[3] > s[2], "{s:?}");
        let back: NarrowTable = round_trip(&narrow);
        assert_eq!(back, narrow);
        assert_eq!(narrow.scores(&[12345]), [0; 4]);

        let rows5: Vec<f32> = (0..keys.len() * 5).map(|i| (i % 11) as f32).collect();
        let wide = WideTable::build(6, &keys, &rows5);
        let mut scores = vec![0; 6];
        wide.scores(&keys[7..8], &mut scores, &mut buffer);
        let expect: Vec<f32> = rows5[35..40].to_vec();
        let best = expect
            .iter()
            .enumerate()
            .fold(0, |b, (i, &w)| if w > expect[b] { i } else { b });
        let got = (1..6).fold(1, |b, i| if scores[i] > scores[b] { i } else { b });
        assert_eq!(got, best + 1);
        let back: WideTable = round_trip(&wide);
        assert_eq!(back, wide);
    }
}
