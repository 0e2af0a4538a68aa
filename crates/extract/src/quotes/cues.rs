//! The cue classifier: which tokens are attribution cues ("said", "according to", "told",
//! "has learned", the colon before a quote), learned from PolNeAR.
//!
//! A greedy left-to-right tagger over each sentence with labels O / B (first token of a cue) /
//! I (inside a cue), scored by an averaged perceptron over hashed features of the token, its
//! lemma and tags, its place in the dependency parse (relation, head, the relations of its
//! children), the words around it, whether it is inside a direct quote or next to one, and the
//! previous label.

use std::path::Path;

use newsgraph_core::Span;
use newsgraph_ml::hash::{feature, feature1, feature_ids};
use newsgraph_ml::rng::SplitMix64;
use newsgraph_ml::{model_file, LinearModel, ModelHeader, Trainer};
use serde::{Deserialize, Serialize};

use super::context::Context;
use crate::ExtractError;

/// The model file's kind (with its payload version).
pub const MODEL_KIND: &str = "quotes/1";

const O: usize = 0;
const B: usize = 1;
const I: usize = 2;
const N_LABELS: usize = 3;

#[derive(Serialize, Deserialize)]
struct Payload {
    cues: LinearModel,
    /// Added to the scores of the cue labels (B and I) before choosing: tuned on dev data to
    /// balance precision and recall.
    cue_bias: f32,
}

/// The trained cue classifier.
#[derive(Debug, Clone)]
pub struct CueModel {
    model: LinearModel,
    cue_bias: f32,
}

impl CueModel {
    pub fn load(path: &Path) -> Result<Self, ExtractError> {
        let (_, payload): (ModelHeader, Payload) = model_file::load(path, MODEL_KIND)?;
        Ok(CueModel {
            model: payload.cues,
            cue_bias: payload.cue_bias,
        })
    }

    pub fn save(&self, path: &Path, header: &ModelHeader) -> Result<(), ExtractError> {
        let payload = Payload {
            cues: self.model.clone(),
            cue_bias: self.cue_bias,
        };
        model_file::save(path, header, &payload)?;
        Ok(())
    }

    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// Cue token ranges (`[start, end)` document token indices) of the document.
    pub fn predict(&self, ctx: &Context<'_>) -> Vec<(usize, usize)> {
        let mut labels = vec![O; ctx.tokens.len()];
        let mut features = Vec::with_capacity(64);
        let mut scores = Vec::with_capacity(N_LABELS);
        for sentence in ctx.sentences() {
            let mut prev = O;
            for i in sentence {
                if !ctx.candidate(i, prev != O) {
                    prev = O;
                    continue;
                }
                features.clear();
                cue_features(ctx, i, prev, &mut features);
                scores.clear();
                scores.resize(N_LABELS, 0.0);
                self.model.add_scores_batched(&features, &mut scores);
                if let [_, b, i] = scores.as_mut_slice() {
                    *b += self.cue_bias;
                    *i += self.cue_bias;
                }
                let mut label = newsgraph_ml::perceptron::argmax(&scores);
                if label == I && prev == O {
                    label = B;
                }
                labels[i] = label;
                prev = label;
            }
        }
        spans_of(&labels)
    }
}

/// Token ranges of B I* runs.
fn spans_of(labels: &[usize]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &label) in labels.iter().enumerate() {
        match label {
            B => {
                if let Some(s) = start {
                    spans.push((s, i));
                }
                start = Some(i);
            }
            I if start.is_some() => {}
            _ => {
                if let Some(s) = start.take() {
                    spans.push((s, i));
                }
            }
        }
    }
    if let Some(s) = start {
        spans.push((s, labels.len()));
    }
    spans
}

fn cue_features(ctx: &Context<'_>, i: usize, prev: usize, out: &mut Vec<u64>) {
    let word = ctx.lower(i);
    let lemma = ctx.lemma(i);
    let upos = ctx.upos(i);
    let deprel = ctx.deprel(i);
    let prev_label = prev as u64;
    out.push(feature_ids(1, &[]));
    out.push(feature1(2, word.as_bytes()));
    out.push(feature1(3, lemma.as_bytes()));
    out.push(feature1(4, upos.as_bytes()));
    out.push(feature1(5, ctx.xpos(i).as_bytes()));
    out.push(feature1(6, deprel.as_bytes()));
    out.push(feature(7, &[lemma.as_bytes(), deprel.as_bytes()]));
    let (head_lemma, head_upos, head_deprel) = match ctx.head(i) {
        Some(h) => (ctx.lemma(h), ctx.upos(h), ctx.deprel(h)),
        None => ("<root>", "<root>", "<root>"),
    };
    out.push(feature1(8, head_lemma.as_bytes()));
    out.push(feature(9, &[head_lemma.as_bytes(), deprel.as_bytes()]));
    out.push(feature_ids(10, &[prev_label]));
    out.push(feature(11, &[&[prev as u8], lemma.as_bytes()]));
    let at = |offset: isize| -> &str {
        let j = i as isize + offset;
        if j < 0 || j as usize >= ctx.tokens.len() || !ctx.same_sentence(i, j as usize) {
            "<s>"
        } else {
            ctx.lower(j as usize)
        }
    };
    let upos_at = |offset: isize| -> &str {
        let j = i as isize + offset;
        if j < 0 || j as usize >= ctx.tokens.len() || !ctx.same_sentence(i, j as usize) {
            "<s>"
        } else {
            ctx.upos(j as usize)
        }
    };
    out.push(feature1(12, at(-1).as_bytes()));
    out.push(feature1(13, at(1).as_bytes()));
    out.push(feature1(14, at(-2).as_bytes()));
    out.push(feature1(15, at(2).as_bytes()));
    out.push(feature(16, &[upos_at(-1).as_bytes(), upos.as_bytes()]));
    out.push(feature(17, &[upos.as_bytes(), upos_at(1).as_bytes()]));
    out.push(feature(27, &[word.as_bytes(), at(1).as_bytes()]));
    out.push(feature(28, &[at(-1).as_bytes(), word.as_bytes()]));
    for child in ctx.children(i) {
        let rel = ctx.deprel(child);
        out.push(feature1(18, rel.as_bytes()));
        if matches!(
            rel,
            "ccomp"
                | "nsubj"
                | "nsubj:pass"
                | "obj"
                | "xcomp"
                | "obl"
                | "mark"
                | "parataxis"
                | "iobj"
        ) {
            out.push(feature(19, &[lemma.as_bytes(), rel.as_bytes()]));
        }
        if matches!(rel, "mark" | "case" | "fixed" | "aux" | "compound:prt") {
            out.push(feature(20, &[rel.as_bytes(), ctx.lemma(child).as_bytes()]));
        }
    }
    let inside = ctx.in_quote(i);
    out.push(feature_ids(21, &[u64::from(inside)]));
    out.push(feature(22, &[&[u8::from(inside)], lemma.as_bytes()]));
    let (left, right) = ctx.quote_near(i);
    out.push(feature_ids(23, &[u64::from(left), u64::from(right)]));
    out.push(feature(
        24,
        &[&[u8::from(left), u8::from(right)], lemma.as_bytes()],
    ));
    out.push(feature(25, &[deprel.as_bytes(), head_upos.as_bytes()]));
    out.push(feature1(29, head_deprel.as_bytes()));
    out.push(feature(30, &[lemma.as_bytes(), head_deprel.as_bytes()]));
    for child in ctx.children(i) {
        if ctx.deprel(child).starts_with("nsubj") {
            out.push(feature(34, &[lemma.as_bytes(), ctx.upos(child).as_bytes()]));
        }
        if ctx.deprel(child) == "ccomp" {
            for grandchild in ctx.children(child) {
                if ctx.deprel(grandchild) == "mark" {
                    out.push(feature(
                        35,
                        &[lemma.as_bytes(), ctx.lower(grandchild).as_bytes()],
                    ));
                }
            }
        }
    }
    // Ties to a direct quote through the parse: a child inside a quote ("said" → quoted
    // clause), or a head inside one ("“…,” he said" attached to the quoted verb).
    let child_in_quote = ctx.children(i).any(|c| ctx.in_quote(c) && !ctx.in_quote(i));
    let head_in_quote = ctx.head(i).is_some_and(|h| ctx.in_quote(h)) && !ctx.in_quote(i);
    out.push(feature_ids(
        36,
        &[u64::from(child_in_quote), u64::from(head_in_quote)],
    ));
    out.push(feature(
        37,
        &[
            &[u8::from(child_in_quote), u8::from(head_in_quote)],
            lemma.as_bytes(),
        ],
    ));
    let suffix_start = word.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
    out.push(feature1(31, &word.as_bytes()[suffix_start..]));
}

/// One training document: the analysed document and its gold cue fragments (byte spans).
pub struct CueExample<'d> {
    pub context: Context<'d>,
    pub cues: Vec<Span>,
}

impl CueExample<'_> {
    fn labels(&self) -> Vec<usize> {
        let tokens = &self.context.tokens;
        let mut labels = vec![O; tokens.len()];
        for cue in &self.cues {
            let mut first = true;
            for (i, token) in tokens.iter().enumerate() {
                if token.span.overlaps(cue) {
                    labels[i] = if first || labels[i.saturating_sub(1)] == O {
                        B
                    } else {
                        I
                    };
                    first = false;
                }
            }
        }
        labels
    }
}

/// Cue span scores on a set of examples: (precision, recall, F1) in percent, by exact
/// token-aligned byte span.
pub fn score_cues(model: &CueModel, examples: &[CueExample<'_>]) -> (f64, f64, f64) {
    let (mut gold, mut predicted, mut correct) = (0usize, 0usize, 0usize);
    for example in examples {
        let tokens = &example.context.tokens;
        let gold_spans: std::collections::BTreeSet<Span> = spans_of(&example.labels())
            .into_iter()
            .map(|(a, b)| Span::new(tokens[a].span.start, tokens[b - 1].span.end))
            .collect();
        let predicted_spans: std::collections::BTreeSet<Span> = model
            .predict(&example.context)
            .into_iter()
            .map(|(a, b)| Span::new(tokens[a].span.start, tokens[b - 1].span.end))
            .collect();
        gold += gold_spans.len();
        predicted += predicted_spans.len();
        correct += gold_spans.intersection(&predicted_spans).count();
    }
    let p = if predicted == 0 {
        0.0
    } else {
        100.0 * correct as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        100.0 * correct as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// Train the cue classifier; after each iteration the averaged model is scored on `dev` and
/// the best one is kept. `report` hears (iteration, dev F1) after each iteration.
pub fn train_cues(
    train: &[CueExample<'_>],
    dev: &[CueExample<'_>],
    iterations: usize,
    seed: u64,
    mut report: impl FnMut(usize, (f64, f64, f64)),
) -> Result<(CueModel, (f64, f64, f64)), ExtractError> {
    if train.is_empty() {
        return Err(ExtractError::Training("no training documents".to_string()));
    }
    let gold: Vec<Vec<usize>> = train.iter().map(CueExample::labels).collect();
    let mut trainer = Trainer::new(N_LABELS);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = SplitMix64::new(seed);
    let mut best: Option<(CueModel, (f64, f64, f64))> = None;
    let mut features = Vec::with_capacity(64);
    let mut scores = Vec::with_capacity(N_LABELS);
    for iteration in 1..=iterations.max(1) {
        rng.shuffle(&mut order);
        for &d in &order {
            let ctx = &train[d].context;
            let labels = &gold[d];
            for sentence in ctx.sentences() {
                let mut prev = O;
                for i in sentence {
                    if !ctx.candidate(i, prev != O) {
                        prev = O;
                        continue;
                    }
                    features.clear();
                    cue_features(ctx, i, prev, &mut features);
                    let guess = trainer.predict(&features, &mut scores);
                    trainer.update(&features, labels[i], guess);
                    trainer.tick();
                    prev = guess;
                }
            }
        }
        let model = CueModel {
            model: trainer.averaged(0.0),
            cue_bias: 0.0,
        };
        let dev_scores = score_cues(&model, dev);
        report(iteration, dev_scores);
        if best.as_ref().is_none_or(|(_, b)| dev_scores.2 > b.2) {
            best = Some((model, dev_scores));
        }
    }
    let (mut model, mut best_scores) =
        best.ok_or_else(|| ExtractError::Training("no iterations".to_string()))?;
    // Tune the cue bias on dev data.
    let mut best_bias = 0.0;
    for bias in [-1.0f32, -0.5, -0.25, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0] {
        model.cue_bias = bias;
        let scores = score_cues(&model, dev);
        report(0, scores);
        if scores.2 > best_scores.2 {
            best_scores = scores;
            best_bias = model.cue_bias;
        }
    }
    model.cue_bias = best_bias;
    Ok((model, best_scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_runs_become_spans() {
        assert_eq!(
            spans_of(&[O, B, I, O, B, B, I]),
            vec![(1, 3), (4, 5), (5, 7)]
        );
        assert_eq!(spans_of(&[I, O]), Vec::<(usize, usize)>::new());
    }
}
