//! Word clusters from unlabelled text: class-based bigram clustering by the exchange algorithm
//! (Kneser & Ney 1993; Martin, Liermann & Ney 1998), the flat counterpart of Brown clustering.
//!
//! Each word is moved, in turn, to the class that most increases the likelihood of the corpus
//! under the class bigram model `p(w_i | w_{i-1}) = p(c_i | c_{i-1}) p(w_i | c_i)`, that is
//! `Σ N(c,d) log N(c,d) − 2 Σ N(c) log N(c)`. Clustering at several granularities gives the
//! coarse-to-fine word classes the recognizer uses as features (as Brown clusters' bit-string
//! prefixes are used). Deterministic: the same sentences and seed give the same clusters.

use std::collections::HashMap;

use crate::gazetteer::fold_char;

use newsgraph_ml::rng::SplitMix64;

/// The form a word is clustered (and looked up) under: quotes and dashes folded, digits `0`.
pub fn cluster_form(token: &str) -> String {
    token
        .chars()
        .map(|c| {
            let c = fold_char(c);
            if c.is_ascii_digit() {
                '0'
            } else {
                c
            }
        })
        .collect()
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

/// A table of `x ln x` for small counts.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new(n: usize) -> Self {
        XLogX((0..n).map(|x| xlogx(x as i64)).collect())
    }
    #[inline]
    fn get(&self, x: i64) -> f64 {
        if x >= 0 && (x as usize) < self.0.len() {
            self.0[x as usize]
        } else {
            xlogx(x)
        }
    }
}

/// Clusters the words seen at least `min_count` times in `sentences` into classes, once per
/// entry of `granularities` (numbers of classes), with `iterations` exchange passes each.
/// Returns each word with its class ids joined by `:` (coarse to fine), sorted by word.
pub fn induce(
    sentences: &[Vec<&str>],
    granularities: &[usize],
    min_count: usize,
    iterations: usize,
    seed: u64,
) -> Vec<(String, String)> {
    // Vocabulary: id 0 is the sentence boundary, id 1 every rare word.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for sentence in sentences {
        for token in sentence {
            *counts.entry(cluster_form(token)).or_default() += 1;
        }
    }
    let mut vocab: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|&(_, c)| c >= min_count.max(1))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if vocab.is_empty() {
        return Vec::new();
    }
    let ids: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32 + 2))
        .collect();
    let n_words = vocab.len() + 2;
    let mut unigram = vec![0i64; n_words];
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for sentence in sentences {
        let mut prev = 0u32;
        unigram[0] += 1;
        for token in sentence {
            let id = ids.get(cluster_form(token).as_str()).copied().unwrap_or(1);
            unigram[id as usize] += 1;
            pairs.push((prev, id));
            prev = id;
        }
        pairs.push((prev, 0));
    }
    pairs.sort_unstable();
    // Successor lists (CSR), then predecessor lists.
    let mut bigrams: Vec<(u32, u32, i64)> = Vec::new();
    for &(a, b) in &pairs {
        match bigrams.last_mut() {
            Some(last) if last.0 == a && last.1 == b => last.2 += 1,
            _ => bigrams.push((a, b, 1)),
        }
    }
    drop(pairs);
    let csr = |edges: &[(u32, u32, i64)]| {
        let mut offsets = vec![0usize; n_words + 1];
        for e in edges {
            offsets[e.0 as usize + 1] += 1;
        }
        for i in 0..n_words {
            offsets[i + 1] += offsets[i];
        }
        let targets: Vec<(u32, i64)> = edges.iter().map(|e| (e.1, e.2)).collect();
        (offsets, targets)
    };
    let (succ_off, succ) = csr(&bigrams);
    let mut reversed: Vec<(u32, u32, i64)> = bigrams.iter().map(|&(a, b, c)| (b, a, c)).collect();
    reversed.sort_unstable();
    let (pred_off, pred) = csr(&reversed);
    drop(reversed);
    drop(bigrams);

    let table = XLogX::new(1 << 20);
    let mut per_granularity = Vec::new();
    for (g, &k) in granularities.iter().enumerate() {
        let k = k.clamp(2, n_words);
        let mut rng = SplitMix64::new(seed ^ (0xC1A5 + g as u64));
        let classes = exchange(
            &unigram,
            (&succ_off, &succ),
            (&pred_off, &pred),
            k,
            iterations,
            &table,
            &mut rng,
        );
        per_granularity.push(classes);
    }
    let mut out: Vec<(String, String)> = vocab
        .iter()
        .enumerate()
        .map(|(i, (word, _))| {
            let ids: Vec<String> = per_granularity
                .iter()
                .map(|classes| classes[i + 2].to_string())
                .collect();
            (word.clone(), ids.join(":"))
        })
        .collect();
    out.sort();
    out
}

type Csr<'a> = (&'a [usize], &'a [(u32, i64)]);

fn exchange(
    unigram: &[i64],
    (succ_off, succ): Csr<'_>,
    (pred_off, pred): Csr<'_>,
    k: usize,
    iterations: usize,
    table: &XLogX,
    rng: &mut SplitMix64,
) -> Vec<u32> {
    let n = unigram.len();
    // Frequency order (ids are already by frequency after the two special ids).
    let mut class: Vec<u32> = (0..n).map(|w| (w % k) as u32).collect();
    let mut class_count = vec![0i64; k];
    let mut bigram = vec![0i64; k * k]; // bigram[c * k + d] = N(c, d)
    let mut bigram_t = vec![0i64; k * k]; // transposed
    for w in 0..n {
        class_count[class[w] as usize] += unigram[w];
        for &(v, c) in &succ[succ_off[w]..succ_off[w + 1]] {
            let (a, b) = (class[w] as usize, class[v as usize] as usize);
            bigram[a * k + b] += c;
            bigram_t[b * k + a] += c;
        }
    }
    let mut s_w = vec![0i64; k];
    let mut p_w = vec![0i64; k];
    let mut s_touched: Vec<usize> = Vec::new();
    let mut p_touched: Vec<usize> = Vec::new();
    let mut order: Vec<usize> = (0..n).collect();
    for iteration in 0..iterations {
        if iteration > 0 {
            rng.shuffle(&mut order);
        }
        let mut moved = 0usize;
        for &w in &order {
            // Class counts of w's neighbours (w itself apart).
            let mut self_loop = 0i64;
            for &(v, c) in &succ[succ_off[w]..succ_off[w + 1]] {
                if v as usize == w {
                    self_loop += c;
                    continue;
                }
                let d = class[v as usize] as usize;
                if s_w[d] == 0 {
                    s_touched.push(d);
                }
                s_w[d] += c;
            }
            for &(u, c) in &pred[pred_off[w]..pred_off[w + 1]] {
                if u as usize == w {
                    continue;
                }
                let d = class[u as usize] as usize;
                if p_w[d] == 0 {
                    p_touched.push(d);
                }
                p_w[d] += c;
            }
            let old = class[w] as usize;
            // Remove w from its class.
            let apply = |bigram: &mut Vec<i64>,
                         bigram_t: &mut Vec<i64>,
                         class_count: &mut Vec<i64>,
                         b: usize,
                         sign: i64,
                         s_w: &[i64],
                         p_w: &[i64],
                         s_touched: &[usize],
                         p_touched: &[usize]| {
                for &d in s_touched {
                    bigram[b * k + d] += sign * s_w[d];
                    bigram_t[d * k + b] += sign * s_w[d];
                }
                for &c in p_touched {
                    bigram[c * k + b] += sign * p_w[c];
                    bigram_t[b * k + c] += sign * p_w[c];
                }
                bigram[b * k + b] += sign * self_loop;
                bigram_t[b * k + b] += sign * self_loop;
                class_count[b] += sign * unigram[w];
            };
            apply(
                &mut bigram,
                &mut bigram_t,
                &mut class_count,
                old,
                -1,
                &s_w,
                &p_w,
                &s_touched,
                &p_touched,
            );
            // The gain of putting w in each class.
            let mut best = (f64::NEG_INFINITY, old);
            for b in 0..k {
                let row = &bigram[b * k..b * k + k];
                let col = &bigram_t[b * k..b * k + k];
                let mut gain = 0.0;
                for &d in &s_touched {
                    if d != b {
                        gain += table.get(row[d] + s_w[d]) - table.get(row[d]);
                    }
                }
                for &c in &p_touched {
                    if c != b {
                        gain += table.get(col[c] + p_w[c]) - table.get(col[c]);
                    }
                }
                let bb = row[b];
                gain += table.get(bb + s_w[b] + p_w[b] + self_loop) - table.get(bb);
                gain -= 2.0 * (table.get(class_count[b] + unigram[w]) - table.get(class_count[b]));
                if gain > best.0 + 1e-9 || (b == old && gain >= best.0 - 1e-9) {
                    best = (gain, b);
                }
            }
            let new = best.1;
            if new != old {
                moved += 1;
            }
            apply(
                &mut bigram,
                &mut bigram_t,
                &mut class_count,
                new,
                1,
                &s_w,
                &p_w,
                &s_touched,
                &p_touched,
            );
            class[w] = new as u32;
            for &d in &s_touched {
                s_w[d] = 0;
            }
            for &d in &p_touched {
                p_w[d] = 0;
            }
            s_touched.clear();
            p_touched.clear();
        }
        if moved * 1000 < n {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_deterministic_and_cover_the_vocabulary() {
        let mut text = Vec::new();
        for (i, city) in ["Paris", "London", "Rome", "Berlin"]
            .iter()
            .cycle()
            .take(200)
            .enumerate()
        {
            let verb = ["said", "told", "added"][i % 3];
            text.push(vec!["flights", "to", city, "were", "cancelled"]);
            text.push(vec!["the", "minister", verb, "on", "Monday", "1996"]);
        }
        text.push(vec!["rare"]);
        let clusters = induce(&text, &[4, 16], 2, 10, 7);
        assert_eq!(clusters.len(), 16, "{clusters:?}");
        assert!(clusters.iter().all(|(_, ids)| ids.split(':').count() == 2));
        assert!(
            clusters.iter().any(|(w, _)| w == "0000"),
            "digits are folded"
        );
        assert!(
            !clusters.iter().any(|(w, _)| w == "rare"),
            "rare words are left out"
        );
        assert_eq!(induce(&text, &[4, 16], 2, 10, 7), clusters, "deterministic");
        assert!(induce(&[], &[4], 1, 3, 1).is_empty());
        assert_eq!(cluster_form("“1996–97”"), "\"0000-00\"");
    }
}
