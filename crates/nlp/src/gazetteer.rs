//! Gazetteers: lists of names (countries, cities, organisations, nationalities, person names)
//! matched case-insensitively against token sequences.
//!
//! The lists live in `data/gazetteers/*.txt` (one entry per line, tokens separated by spaces;
//! `scripts/build_gazetteers.py` rebuilds them from open data and names the sources). A
//! [`Gazetteer`] stores only hashed token sequences, so it is small, fast to load and needs no
//! strings at run time: [`Gazetteer::annotate`] marks, for every token and list, where the token
//! sits in the longest match of that list (BILOU: begin, inside, last, unit).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use newsgraph_ml::hash::{feature1, feature_ids};
use serde::{Deserialize, Serialize};

use crate::NlpError;

/// At most this many lists (each takes 3 bits of a token's `u64` annotation).
pub const MAX_LISTS: usize = 21;

/// Longest entry, in tokens, that is matched; longer entries are skipped.
pub const MAX_ENTRY_TOKENS: usize = 8;

const TOKEN_TEMPLATE: u32 = 0x6A7E_0001;
const SEQUENCE_TEMPLATE: u32 = 0x6A7E_0002;
/// Bit of a table value marking a proper prefix of some longer entry.
const PREFIX_BIT: u32 = 1 << 31;

/// A fast, deterministic hasher for in-memory tables (keys are short strings or hashes already;
/// no protection against adversarial collisions is needed for them).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const SEED: u64 = 0x51_7C_C1_B7_27_22_0A_95;

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        // A final mix so that the low bits (bucket index) depend on every input bit.
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (h >> 32)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }
    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(SEED);
    }
    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Position of a token in a gazetteer match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchPosition {
    Begin = 1,
    Inside = 2,
    Last = 3,
    Unit = 4,
}

impl MatchPosition {
    fn from_code(code: u64) -> Option<Self> {
        match code {
            1 => Some(MatchPosition::Begin),
            2 => Some(MatchPosition::Inside),
            3 => Some(MatchPosition::Last),
            4 => Some(MatchPosition::Unit),
            _ => None,
        }
    }
}

/// The hash of one token for matching: lower-cased, with typographic quotes and dashes folded.
pub fn token_key(token: &str) -> u64 {
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut long = String::new();
    for c in token.chars() {
        let c = fold_char(c);
        for l in c.to_lowercase() {
            let mut tmp = [0u8; 4];
            let s = l.encode_utf8(&mut tmp);
            if long.is_empty() && len + s.len() <= buf.len() {
                buf[len..len + s.len()].copy_from_slice(s.as_bytes());
                len += s.len();
            } else {
                if long.is_empty() {
                    long.push_str(std::str::from_utf8(&buf[..len]).unwrap_or_default());
                }
                long.push(l);
            }
        }
    }
    if long.is_empty() {
        feature1(TOKEN_TEMPLATE, &buf[..len])
    } else {
        feature1(TOKEN_TEMPLATE, long.as_bytes())
    }
}

/// Folds typographic quotes and dashes to ASCII.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => c,
    }
}

#[inline]
fn extend(sequence: u64, token: u64) -> u64 {
    feature_ids(SEQUENCE_TEMPLATE, &[sequence, token])
}

/// A set of named lists, matched on token sequences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "GazetteerData", into = "GazetteerData")]
pub struct Gazetteer {
    names: Vec<String>,
    /// Sequence key → bit per list where the sequence is a whole entry, plus [`PREFIX_BIT`].
    table: FastMap<u64, u32>,
    max_len: usize,
}

#[derive(Serialize, Deserialize)]
struct GazetteerData {
    names: Vec<String>,
    keys: Vec<u64>,
    values: Vec<u32>,
}

impl From<GazetteerData> for Gazetteer {
    fn from(data: GazetteerData) -> Self {
        let mut gazetteer = Gazetteer {
            names: data.names,
            table: FastMap::with_capacity_and_hasher(data.keys.len(), Default::default()),
            max_len: MAX_ENTRY_TOKENS,
        };
        gazetteer.names.truncate(MAX_LISTS);
        let mask = (1u32 << gazetteer.names.len()) - 1;
        for (key, value) in data.keys.into_iter().zip(data.values) {
            gazetteer.table.insert(key, value & (mask | PREFIX_BIT));
        }
        gazetteer
    }
}

impl From<Gazetteer> for GazetteerData {
    fn from(gazetteer: Gazetteer) -> Self {
        let mut entries: Vec<(u64, u32)> = gazetteer.table.into_iter().collect();
        entries.sort_unstable();
        GazetteerData {
            names: gazetteer.names,
            keys: entries.iter().map(|e| e.0).collect(),
            values: entries.iter().map(|e| e.1).collect(),
        }
    }
}

impl Gazetteer {
    /// Builds a gazetteer from named lists of entries (each entry: tokens separated by
    /// whitespace). At most [`MAX_LISTS`] lists.
    pub fn from_lists<S: AsRef<str>>(lists: &[(String, Vec<S>)]) -> Result<Self, NlpError> {
        if lists.len() > MAX_LISTS {
            return Err(NlpError::Training(format!(
                "{} gazetteer lists, at most {MAX_LISTS} are supported",
                lists.len()
            )));
        }
        let mut gazetteer = Gazetteer {
            names: lists.iter().map(|(name, _)| name.clone()).collect(),
            table: FastMap::default(),
            max_len: MAX_ENTRY_TOKENS,
        };
        for (index, (_, entries)) in lists.iter().enumerate() {
            for entry in entries {
                let tokens: Vec<&str> = entry.as_ref().split_whitespace().collect();
                if tokens.is_empty() || tokens.len() > MAX_ENTRY_TOKENS {
                    continue;
                }
                let mut key = 0;
                for (i, token) in tokens.iter().enumerate() {
                    key = if i == 0 {
                        token_key(token)
                    } else {
                        extend(key, token_key(token))
                    };
                    let value = gazetteer.table.entry(key).or_insert(0);
                    if i + 1 == tokens.len() {
                        *value |= 1 << index;
                    } else {
                        *value |= PREFIX_BIT;
                    }
                }
            }
        }
        Ok(gazetteer)
    }

    /// Reads every `*.txt` file of `dir` as a list named after the file (sorted by name).
    /// Lines that are empty or start with `#` are skipped.
    pub fn from_dir(dir: &Path) -> Result<Self, NlpError> {
        let read_error = |e: std::io::Error| {
            NlpError::Training(format!("reading gazetteers in {}: {e}", dir.display()))
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(read_error)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        let mut lists = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(read_error)?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entries: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect();
            lists.push((name, entries));
        }
        Gazetteer::from_lists(&lists)
    }

    /// The list names, in list order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of distinct token sequences stored (entries and their prefixes).
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The lists that contain exactly this token sequence, as a bit set (bit `i` = list `i`).
    pub fn lookup(&self, tokens: &[&str]) -> u32 {
        let keys: Vec<u64> = tokens.iter().map(|t| token_key(t)).collect();
        self.lookup_keys(&keys)
    }

    fn lookup_keys(&self, keys: &[u64]) -> u32 {
        let mut key = 0;
        for (i, &k) in keys.iter().enumerate() {
            key = if i == 0 { k } else { extend(key, k) };
        }
        if keys.is_empty() {
            return 0;
        }
        self.table.get(&key).map_or(0, |v| v & !PREFIX_BIT)
    }

    /// Annotates one sentence given its tokens' [`token_key`]s: `out[i]` holds, in 3 bits per
    /// list (bits `3l..3l+3` for list `l`), the [`MatchPosition`] code of token `i` in the
    /// longest, leftmost match of that list (0: no match).
    pub fn annotate(&self, keys: &[u64], out: &mut Vec<u64>) {
        out.clear();
        out.resize(keys.len(), 0);
        if self.table.is_empty() {
            return;
        }
        // Longest match per list from the current start; lists fit in a u32 bit set.
        let mut best = [0usize; MAX_LISTS];
        for start in 0..keys.len() {
            let mut found = 0u32;
            let mut key = keys[start];
            let mut len = 1;
            while let Some(&value) = self.table.get(&key) {
                let lists = value & !PREFIX_BIT;
                if lists != 0 {
                    found |= lists;
                    let mut bits = lists;
                    while bits != 0 {
                        let l = bits.trailing_zeros() as usize;
                        best[l] = len;
                        bits &= bits - 1;
                    }
                }
                if value & PREFIX_BIT == 0 || start + len >= keys.len() || len >= self.max_len {
                    break;
                }
                key = extend(key, keys[start + len]);
                len += 1;
            }
            let mut bits = found;
            while bits != 0 {
                let l = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let shift = 3 * l as u64;
                // Leftmost wins: skip when this list already covers the start token.
                if (out[start] >> shift) & 7 != 0 {
                    continue;
                }
                let n = best[l];
                for (offset, slot) in out[start..start + n].iter_mut().enumerate() {
                    let code: u64 = if n == 1 {
                        MatchPosition::Unit as u64
                    } else if offset == 0 {
                        MatchPosition::Begin as u64
                    } else if offset + 1 == n {
                        MatchPosition::Last as u64
                    } else {
                        MatchPosition::Inside as u64
                    };
                    *slot = (*slot & !(7 << shift)) | (code << shift);
                }
            }
        }
    }

    /// The position of a token in list `list`, from an [`annotate`](Self::annotate) value.
    pub fn position(annotation: u64, list: usize) -> Option<MatchPosition> {
        if list >= MAX_LISTS {
            return None;
        }
        MatchPosition::from_code((annotation >> (3 * list)) & 7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Gazetteer {
        Gazetteer::from_lists(&[
            (
                "loc".to_string(),
                vec!["New York", "New York City", "York", "Paris"],
            ),
            ("org".to_string(), vec!["United Nations", "New York Times"]),
        ])
        .unwrap()
    }

    fn annotate(g: &Gazetteer, tokens: &[&str]) -> Vec<u64> {
        let keys: Vec<u64> = tokens.iter().map(|t| token_key(t)).collect();
        let mut out = Vec::new();
        g.annotate(&keys, &mut out);
        out
    }

    #[test]
    fn lookup_is_case_insensitive_and_exact() {
        let g = toy();
        assert_eq!(g.lookup(&["paris"]), 1);
        assert_eq!(g.lookup(&["NEW", "YORK"]), 1);
        assert_eq!(g.lookup(&["New"]), 0, "a prefix is not an entry");
        assert_eq!(g.lookup(&["united", "nations"]), 2);
        assert_eq!(g.lookup(&[]), 0);
        assert_eq!(g.names(), ["loc", "org"]);
    }

    #[test]
    fn annotate_marks_longest_match_with_bilou() {
        let g = toy();
        let a = annotate(
            &g,
            &[
                "in", "New", "York", "City", "and", "the", "New", "York", "Times",
            ],
        );
        use MatchPosition::*;
        let loc: Vec<_> = a.iter().map(|&v| Gazetteer::position(v, 0)).collect();
        let org: Vec<_> = a.iter().map(|&v| Gazetteer::position(v, 1)).collect();
        assert_eq!(
            loc,
            [
                None,
                Some(Begin),
                Some(Inside),
                Some(Last),
                None,
                None,
                Some(Begin),
                Some(Last),
                None
            ]
        );
        assert_eq!(org[6..], [Some(Begin), Some(Inside), Some(Last)]);
        let a = annotate(&g, &["Paris", "’s"]);
        assert_eq!(Gazetteer::position(a[0], 0), Some(Unit));
        assert!(annotate(&g, &[]).is_empty());
    }

    #[test]
    fn serde_round_trip_keeps_matches() {
        let g = toy();
        use newsgraph_ml::model_file::{decode, encode, ModelHeader};
        let bytes = encode(&ModelHeader::new("gazetteer/test"), &g).unwrap();
        let (_, back): (_, Gazetteer) = decode(Path::new("g"), &bytes, "gazetteer/test").unwrap();
        assert_eq!(back, g);
        assert_eq!(back.lookup(&["New", "York", "City"]), 1);
    }

    #[test]
    fn quotes_fold() {
        assert_eq!(token_key("O’Neill"), token_key("o'neill"));
    }
}
