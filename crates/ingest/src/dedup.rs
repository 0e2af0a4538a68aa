//! Duplicate detection: exact (same normalised text) and near (MinHash over word shingles,
//! with LSH banding), as a streaming stage.
//!
//! Each article is compared with the articles seen before it. A duplicate is linked, never
//! dropped: [`Article::duplicate_of`] names the **first** article of its group (the origin),
//! so wire copies of one agency story on many sites all point to one article, even when a
//! later copy matched an earlier copy rather than the origin itself.
//!
//! * **Normalised text**: words are maximal runs of letters and digits, lower-cased; all
//!   punctuation, spacing and line layout are ignored. Two articles with the same normalised
//!   text are **exact** duplicates (similarity 1), whatever their URLs (the article id hashes
//!   the URL too, so it differs).
//! * **Near duplicates**: the set of 5-word shingles of the normalised text is summarised by
//!   128 MinHash values; 32 LSH bands of 4 rows find candidates, and a candidate whose
//!   estimated Jaccard similarity is at least the threshold (default
//!   [`DEFAULT_THRESHOLD`] = 0.5) is a match. Texts under [`MIN_NEAR_WORDS`] words are only
//!   checked for exact duplicates: a few shared words say nothing.
//! * **The link**: among the matches, the group whose origin came first wins. The similarity
//!   recorded is the estimate between the article and that origin; it can be lower than the
//!   threshold when the match came through another copy (a chain of edits).
//!
//! The threshold was measured (`tests/dedup.rs`) on wire copies of one agency story: the
//! same text under another headline is exact; an added sentence 0.96, site boilerplate 0.94,
//! an edited copy (dateline dropped, words changed, a sentence rewritten) 0.84, the last two
//! of ten paragraphs cut 0.80; a different story on the same topic and day 0.01. 0.5 leaves a
//! wide margin on both sides, and still links heavier trims (half the story kept gives about
//! 0.5). The BBC corpus run is in the crate's README section of the report
//! (`examples/dedup_report.rs`).

use std::collections::HashMap;

use newsgraph_core::{Article, DuplicateKind, DuplicateLink};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// MinHash values per signature.
pub const SIGNATURE_SIZE: usize = 128;
/// LSH bands; each has `SIGNATURE_SIZE / BANDS` rows.
pub const BANDS: usize = 32;
const ROWS: usize = SIGNATURE_SIZE / BANDS;
/// The default estimated-Jaccard threshold for near duplicates.
pub const DEFAULT_THRESHOLD: f32 = 0.5;
/// Fewer words than this: exact duplicates only.
pub const MIN_NEAR_WORDS: usize = 25;

/// How duplicates are found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DedupOptions {
    /// Estimated Jaccard similarity of 5-word shingle sets at or above which two articles
    /// are near duplicates.
    pub threshold: f32,
    /// Whether near duplicates are looked for at all (exact ones always are).
    pub near: bool,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            threshold: DEFAULT_THRESHOLD,
            near: true,
        }
    }
}

/// An article seen.
struct Seen {
    id: String,
    /// Index of the first article of its group (itself for an origin).
    origin: usize,
    /// MinHash signature; `None` for short texts.
    signature: Option<Box<[u32; SIGNATURE_SIZE]>>,
}

/// The streaming duplicate detector: feed it articles in order.
pub struct Deduplicator {
    options: DedupOptions,
    seen: Vec<Seen>,
    /// Normalised-text hash → first article with that text.
    exact: HashMap<u128, usize>,
    /// Band key → articles with that band.
    bands: HashMap<u64, Vec<u32>>,
    permutations: Box<[(u64, u64); SIGNATURE_SIZE]>,
    /// Scratch space for candidates.
    candidates: Vec<u32>,
    stats: DedupStats,
}

/// What a [`Deduplicator`] found so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DedupStats {
    pub articles: u64,
    pub exact: u64,
    pub near: u64,
}

impl Default for Deduplicator {
    fn default() -> Self {
        Self::new(DedupOptions::default())
    }
}

impl std::fmt::Debug for Deduplicator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deduplicator")
            .field("options", &self.options)
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl Deduplicator {
    pub fn new(options: DedupOptions) -> Self {
        // Fixed, seeded multipliers (odd) and offsets: signatures are deterministic and
        // comparable across runs.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            mix(state)
        };
        let mut permutations = Box::new([(0u64, 0u64); SIGNATURE_SIZE]);
        for permutation in permutations.iter_mut() {
            *permutation = (next() | 1, next());
        }
        Deduplicator {
            options,
            seen: Vec::new(),
            exact: HashMap::new(),
            bands: HashMap::new(),
            permutations,
            candidates: Vec::new(),
            stats: DedupStats::default(),
        }
    }

    pub fn stats(&self) -> DedupStats {
        self.stats
    }

    /// Compare `article` with the articles seen before, remember it, and set its
    /// `duplicate_of` when it repeats one (a link already set by the input is kept).
    pub fn process(&mut self, article: &mut Article) {
        let link = self.check(article);
        if article.duplicate_of.is_none() {
            article.duplicate_of = link;
        }
    }

    /// Compare `article` with the articles seen before and remember it: the link to the
    /// origin of its group when it is a duplicate.
    pub fn check(&mut self, article: &Article) -> Option<DuplicateLink> {
        self.stats.articles += 1;
        let words = normalised_words(&article.text);
        let exact_key = exact_hash(&words);
        let index = self.seen.len();

        if let Some(&first) = self.exact.get(&exact_key) {
            let origin = self.seen[first].origin;
            let (kind, similarity) = if origin == first {
                (DuplicateKind::Exact, 1.0)
            } else {
                let similarity = match (&self.seen[first].signature, &self.seen[origin].signature) {
                    (Some(a), Some(b)) => estimate(a, b),
                    _ => 0.0,
                };
                (DuplicateKind::Near, similarity)
            };
            let link = DuplicateLink {
                id: self.seen[origin].id.clone(),
                kind,
                similarity,
            };
            if kind == DuplicateKind::Exact {
                self.stats.exact += 1;
            } else {
                self.stats.near += 1;
            }
            // Same text as an article already indexed: nothing new to index.
            self.seen.push(Seen {
                id: article.id.clone(),
                origin,
                signature: None,
            });
            return Some(link);
        }
        self.exact.insert(exact_key, index);

        let signature =
            (self.options.near && words.len() >= MIN_NEAR_WORDS).then(|| self.signature(&words));
        let mut origin = index;
        let mut link = None;
        if let Some(signature) = &signature {
            self.candidates.clear();
            for band in 0..BANDS {
                if let Some(entries) = self.bands.get(&band_key(signature, band)) {
                    self.candidates.extend_from_slice(entries);
                }
            }
            self.candidates.sort_unstable();
            self.candidates.dedup();
            let mut best_origin: Option<usize> = None;
            for &candidate in &self.candidates {
                let candidate = candidate as usize;
                let Some(other) = &self.seen[candidate].signature else {
                    continue;
                };
                if estimate(signature, other) >= self.options.threshold {
                    let candidate_origin = self.seen[candidate].origin;
                    if best_origin.is_none_or(|best| candidate_origin < best) {
                        best_origin = Some(candidate_origin);
                    }
                }
            }
            if let Some(best) = best_origin {
                origin = best;
                let similarity = match &self.seen[best].signature {
                    Some(other) => estimate(signature, other),
                    None => 0.0,
                };
                self.stats.near += 1;
                link = Some(DuplicateLink {
                    id: self.seen[best].id.clone(),
                    kind: DuplicateKind::Near,
                    similarity,
                });
            }
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            for band in 0..BANDS {
                self.bands
                    .entry(band_key(signature, band))
                    .or_default()
                    .push(index);
            }
        }
        self.seen.push(Seen {
            id: article.id.clone(),
            origin,
            signature: signature.map(Box::new),
        });
        link
    }

    /// The MinHash signature of a word sequence (at least one word).
    fn signature(&self, words: &[u64]) -> [u32; SIGNATURE_SIZE] {
        let mut signature = [u32::MAX; SIGNATURE_SIZE];
        let width = SHINGLE_WORDS.min(words.len()).max(1);
        for window in words.windows(width) {
            let shingle = window
                .iter()
                .fold(0x243F_6A88_85A3_08D3u64, |h, &w| mix(h ^ w));
            for (slot, &(a, b)) in signature.iter_mut().zip(self.permutations.iter()) {
                let value = (a.wrapping_mul(shingle).wrapping_add(b) >> 32) as u32;
                if value < *slot {
                    *slot = value;
                }
            }
        }
        signature
    }
}

/// The estimated Jaccard similarity of two texts' 5-word shingle sets, as the
/// [`Deduplicator`] computes it (0 when either text has no words).
pub fn similarity(a: &str, b: &str) -> f32 {
    let dedup = Deduplicator::default();
    let (a, b) = (normalised_words(a), normalised_words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    estimate(&dedup.signature(&a), &dedup.signature(&b))
}

/// Estimated Jaccard similarity: the share of equal MinHash values.
fn estimate(a: &[u32; SIGNATURE_SIZE], b: &[u32; SIGNATURE_SIZE]) -> f32 {
    let equal = a.iter().zip(b.iter()).filter(|(x, y)| x == y).count();
    equal as f32 / SIGNATURE_SIZE as f32
}

fn band_key(signature: &[u32; SIGNATURE_SIZE], band: usize) -> u64 {
    let rows = &signature[band * ROWS..(band + 1) * ROWS];
    rows.iter()
        .fold(mix(band as u64 + 1), |h, &v| mix(h ^ u64::from(v)))
}

/// The words of a text, normalised (letters and digits, lower-cased), as 64-bit hashes.
pub fn normalised_words(text: &str) -> Vec<u64> {
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut hash = FNV_OFFSET;
    let mut in_word = false;
    let mut lower = [0u8; 4];
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                hash = fnv(hash, &[c.to_ascii_lowercase() as u8]);
            } else {
                for l in c.to_lowercase() {
                    hash = fnv(hash, l.encode_utf8(&mut lower).as_bytes());
                }
            }
        } else if in_word {
            words.push(mix(hash));
            hash = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        words.push(mix(hash));
    }
    words
}

fn exact_hash(words: &[u64]) -> u128 {
    let mut hasher = blake3::Hasher::new();
    for word in words {
        hasher.update(&word.to_le_bytes());
    }
    let hash = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash.as_bytes()[..16]);
    u128::from_le_bytes(bytes)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// SplitMix64's finaliser: a good 64-bit mixer.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str, url: &str) -> Article {
        let mut article = Article::from_text(text);
        article.url = Some(url.to_string());
        article.refresh_id();
        article
    }

    #[test]
    fn words_are_normalised() {
        assert_eq!(
            normalised_words("The  “Junta”\nsought help."),
            normalised_words("the junta, sought HELP")
        );
        assert_eq!(normalised_words("Ünïcode ÉTÉ").len(), 2);
        assert_eq!(
            normalised_words("Ünïcode ÉTÉ"),
            normalised_words("ünïcode été")
        );
        assert!(normalised_words(" … — ").is_empty());
    }

    #[test]
    fn exact_copies_link_to_the_first() {
        let mut dedup = Deduplicator::default();
        let mut a = article(
            "Floods closed the coast road on Tuesday.",
            "https://a.example/1",
        );
        let mut b = article(
            "Floods closed the coast road on Tuesday.\n",
            "https://b.example/2",
        );
        let mut c = article("Fires closed the coast road.", "https://c.example/3");
        dedup.process(&mut a);
        dedup.process(&mut b);
        dedup.process(&mut c);
        assert_eq!(a.duplicate_of, None);
        assert_ne!(a.id, b.id);
        assert_eq!(
            b.duplicate_of,
            Some(DuplicateLink {
                id: a.id.clone(),
                kind: DuplicateKind::Exact,
                similarity: 1.0
            })
        );
        assert_eq!(c.duplicate_of, None);
        assert_eq!(dedup.stats().exact, 1);
    }

    #[test]
    fn identical_signatures_estimate_one() {
        let dedup = Deduplicator::default();
        let words = normalised_words("one two three four five six seven");
        let a = dedup.signature(&words);
        assert_eq!(estimate(&a, &a), 1.0);
        let other = dedup.signature(&normalised_words("eight nine ten eleven twelve thirteen"));
        assert!(estimate(&a, &other) < 0.1);
    }
}
