//! The cue classifier: which tokens are attribution cues ("said", "according to", "told",
//! "has learned", the colon before a quote, the dash before a signature), learned from PolNeAR.
//!
//! Two averaged perceptrons over hashed features:
//!
//! 1. **Heads**: each candidate token is scored as the syntactic head of a cue (the cue token
//!    whose own head lies outside the cue) from the token, its lemma and tags, its place in the
//!    dependency parse (relation, head, the relations and words of its children), the words
//!    around it, and whether it is inside a direct quote or tied to one.
//! 2. **Extent**: from each head the cue grows one token at a time to the left and then to the
//!    right while the extent model says the next token belongs to it ("has", "did not",
//!    "once again", "against", "in an interview"), from that token's relation to the cue so
//!    far (its head inside the cue, its relation and word, the cue head's lemma).
//!
//! Heads are taken best first; a cue never grows into another one.

use std::path::Path;

use newsgraph_core::Span;
use newsgraph_ml::hash::{feature, feature1, feature_ids};
use newsgraph_ml::rng::SplitMix64;
use newsgraph_ml::{model_file, LinearModel, ModelHeader, Trainer};
use serde::{Deserialize, Serialize};

use super::context::{day_or_part_of_day, Context};
use crate::ExtractError;

/// The model file's kind (with its payload version).
pub const MODEL_KIND: &str = "quotes/2";

/// The most tokens a cue grows on either side of its head.
const MAX_GROWTH: usize = 12;

#[derive(Serialize, Deserialize)]
struct Payload {
    heads: LinearModel,
    extent: LinearModel,
    /// Added to the cue-head score before choosing: tuned on dev data to balance precision
    /// and recall.
    head_bias: f32,
}

/// The trained cue classifier.
#[derive(Debug, Clone)]
pub struct CueModel {
    heads: LinearModel,
    extent: LinearModel,
    head_bias: f32,
    /// The two models laid out for scoring (see [`PairTable`]).
    head_table: PairTable,
    extent_table: PairTable,
}

/// A two-class linear model laid out for scoring: each slot of the probe table holds its key
/// and both class weights, so that a lookup touches one cache line rather than a slot and
/// then a weight row, in a table under half the size of [`LinearModel`]'s (12-byte slots,
/// filled up to a half). Most head candidates score against a table that the tagger's and
/// parser's models have pushed out of the cache, so it is the memory the cue model touches,
/// more than its instructions, that the quote layer's time goes on.
///
/// Scores are the same sums as [`LinearModel::add_scores`], added in the same order, so they
/// are equal to the last bit.
#[derive(Debug, Clone)]
struct PairTable {
    slots: Vec<PairSlot>,
    mask: usize,
    scale: f32,
}

/// A key (split so that a slot is 12 bytes) and the weights of classes 0 and 1; key 0 marks
/// an empty slot.
#[derive(Debug, Clone, Copy, Default)]
struct PairSlot {
    key_low: u32,
    key_high: u32,
    weights: [i16; 2],
}

impl PairSlot {
    #[inline]
    fn key(&self) -> u64 {
        u64::from(self.key_high) << 32 | u64::from(self.key_low)
    }
}

impl PairTable {
    /// The table of `model`: its first two classes (a missing class scores 0). A key stored
    /// twice keeps its last row, as in [`LinearModel`].
    fn new(model: &LinearModel) -> Self {
        let n = model.n_features();
        let capacity = (n + n / 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![PairSlot::default(); capacity];
        for (key, row) in model.rows() {
            let key = key.max(1);
            let mut at = key as usize & mask;
            while slots[at].key() != 0 && slots[at].key() != key {
                at = (at + 1) & mask;
            }
            slots[at] = PairSlot {
                key_low: key as u32,
                key_high: (key >> 32) as u32,
                weights: [
                    row.first().copied().unwrap_or(0),
                    row.get(1).copied().unwrap_or(0),
                ],
            };
        }
        PairTable {
            slots,
            mask,
            scale: model.scale(),
        }
    }

    /// Ask for the slots `features` start probing at.
    #[inline]
    fn prefetch(&self, features: &[u64]) {
        for &key in features {
            if let Some(slot) = self.slots.get(key as usize & self.mask) {
                newsgraph_ml::prefetch(slot);
            }
        }
    }

    #[inline]
    fn find(&self, key: u64) -> Option<[i16; 2]> {
        let mut at = key as usize & self.mask;
        loop {
            let slot = self.slots.get(at)?;
            let stored = slot.key();
            if stored == key {
                return Some(slot.weights);
            }
            if stored == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// The scores of classes 0 and 1 for `features`.
    #[inline]
    fn scores(&self, features: &[u64]) -> [f32; 2] {
        let mut scores = [0.0f32; 2];
        for &key in features {
            if let Some([w0, w1]) = self.find(key) {
                scores[0] += f32::from(w0) * self.scale;
                scores[1] += f32::from(w1) * self.scale;
            }
        }
        scores
    }
}

/// Growing direction of a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

impl CueModel {
    pub fn load(path: &Path) -> Result<Self, ExtractError> {
        let (_, payload): (ModelHeader, Payload) = model_file::load(path, MODEL_KIND)?;
        Ok(CueModel::new(
            payload.heads,
            payload.extent,
            payload.head_bias,
        ))
    }

    fn new(heads: LinearModel, extent: LinearModel, head_bias: f32) -> Self {
        CueModel {
            head_table: PairTable::new(&heads),
            extent_table: PairTable::new(&extent),
            heads,
            extent,
            head_bias,
        }
    }

    pub fn save(&self, path: &Path, header: &ModelHeader) -> Result<(), ExtractError> {
        let payload = Payload {
            heads: self.heads.clone(),
            extent: self.extent.clone(),
            head_bias: self.head_bias,
        };
        model_file::save(path, header, &payload)?;
        Ok(())
    }

    pub fn n_features(&self) -> usize {
        self.heads.n_features() + self.extent.n_features()
    }

    /// Cue token ranges (`[start, end)` document token indices) of the document, in order.
    pub fn predict(&self, ctx: &Context<'_>) -> Vec<(usize, usize)> {
        // Each candidate's features are hashed and their slots asked for before the previous
        // candidate is scored, so that its memory accesses overlap that work.
        let mut features = Vec::with_capacity(64);
        let mut pending_features = Vec::with_capacity(64);
        let mut pending: Option<usize> = None;
        let mut heads: Vec<(f32, usize)> = Vec::new();
        for i in 0..ctx.tokens.len() {
            // A reported event is never a head, whatever its score.
            if !head_candidate(ctx, i) || reported_event(ctx, i) {
                continue;
            }
            features.clear();
            head_features(ctx, i, &mut features);
            self.head_table.prefetch(&features);
            if let Some(j) = pending {
                self.judge_head(ctx, j, &pending_features, &mut heads);
            }
            std::mem::swap(&mut features, &mut pending_features);
            pending = Some(i);
        }
        if let Some(j) = pending {
            self.judge_head(ctx, j, &pending_features, &mut heads);
        }
        heads.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut taken = vec![false; ctx.tokens.len()];
        let mut spans = Vec::new();
        // Layout cues the model sees too rarely to learn: a signature dash after a quote and
        // a transcript's speaker label.
        for (i, taken) in taken.iter_mut().enumerate() {
            if signature_dash(ctx, i) || speaker_label_colon(ctx, i) {
                *taken = true;
                spans.push((i, i + 1));
            }
        }
        for (_, head) in heads {
            if taken[head] {
                continue;
            }
            let span = self.grow(ctx, head, &taken, &mut features);
            for t in &mut taken[span.0..span.1] {
                *t = true;
            }
            spans.push(span);
        }
        spans.sort_unstable();
        spans
    }

    /// Keep candidate `i` as a head when the model's margin (with the bias) is positive, or,
    /// ranked after every such head, when it is a passive reporting verb with its agent.
    fn judge_head(
        &self,
        ctx: &Context<'_>,
        i: usize,
        features: &[u64],
        heads: &mut Vec<(f32, usize)>,
    ) {
        let scores = self.head_table.scores(features);
        let margin = scores[1] - scores[0] + self.head_bias;
        if margin > 0.0 {
            heads.push((margin, i));
        } else if reported_by(ctx, i) {
            heads.push((0.0, i));
        }
    }

    /// The cue around `head`: grown left, then right, while the extent model agrees, never
    /// into a token of another cue or past the sentence.
    fn grow(
        &self,
        ctx: &Context<'_>,
        head: usize,
        taken: &[bool],
        features: &mut Vec<u64>,
    ) -> (usize, usize) {
        let (mut a, mut b) = (head, head + 1);
        while head - a < MAX_GROWTH && a > 0 && ctx.same_sentence(a - 1, head) && !taken[a - 1] {
            features.clear();
            extent_features(ctx, head, (a, b), a - 1, Side::Left, features);
            self.extent_table.prefetch(features);
            let scores = self.extent_table.scores(features);
            if scores[1] <= scores[0] {
                break;
            }
            a -= 1;
        }
        while b - head <= MAX_GROWTH
            && b < ctx.tokens.len()
            && ctx.same_sentence(b, head)
            && !taken[b]
        {
            // A time with a preposition ("vowed on Friday") is not part of the cue (PolNeAR's
            // annotators leave it out three times in four; a bare "said Friday" is left to
            // the model).
            if temporal(ctx, b) {
                break;
            }
            features.clear();
            extent_features(ctx, head, (a, b), b, Side::Right, features);
            self.extent_table.prefetch(features);
            let scores = self.extent_table.scores(features);
            if scores[1] <= scores[0] {
                break;
            }
            b += 1;
        }
        // A cue does not end on a comma or opening mark it grew over.
        while b > head + 1 && ctx.upos(b - 1) == "PUNCT" && ctx.lower(b - 1) != ":" {
            b -= 1;
        }
        while a < head && ctx.upos(a) == "PUNCT" {
            a += 1;
        }
        (a, b)
    }
}

/// Whether the verb `i` is what a cue reports rather than a cue, whatever the model says:
///
/// - it governs an "according to X" phrase ("the junta sought help …, according to an
///   analyst"): the clause is the content of that attribution, its verb an event (PolNeAR
///   leaves such verbs unmarked, speech verbs included, all but one time in ten);
/// - "deny" or "refuse" with a thing withheld ("was denied entry", "refused him a visa"): a
///   refusal, not the denial of a claim ("denied the report", "refused to comment" stay).
pub(crate) fn reported_event(ctx: &Context<'_>, i: usize) -> bool {
    if !matches!(ctx.upos(i), "VERB" | "AUX") || ctx.in_quote(i) {
        return false;
    }
    let according = ctx.children(i).any(|c| {
        !ctx.in_quote(c)
            && ctx
                .children(c)
                .any(|g| ctx.lower(g) == "according" && !ctx.in_quote(g))
    });
    if according {
        return true;
    }
    if matches!(ctx.lemma(i), "deny" | "refuse") {
        let rel = |r: &str| ctx.children(i).any(|c| ctx.deprel(c) == r);
        let passive = rel("aux:pass") || rel("nsubj:pass");
        let clausal = ["ccomp", "xcomp", "csubj", "parataxis"]
            .iter()
            .any(|r| rel(r));
        // Bare noun phrases after the verb: the one who goes without and the thing withheld
        // ("denied him a passport", parsed as two objects or an object and a bare oblique).
        let objects = ctx
            .children(i)
            .filter(|&c| c > i && matches!(ctx.deprel(c), "obj" | "iobj" | "obl:unmarked"))
            .count();
        return !clausal && (objects >= 2 || (passive && objects >= 1));
    }
    false
}

/// A passive reporting verb with its agent: "the meeting was confirmed by two officials",
/// "first reported by the Post" (PolNeAR marks three in four on its training articles; the
/// model, seeing few, misses most).
pub(crate) fn reported_by(ctx: &Context<'_>, i: usize) -> bool {
    if ctx.upos(i) != "VERB" || ctx.in_quote(i) {
        return false;
    }
    let reporting = matches!(
        ctx.lemma(i),
        "report"
            | "confirm"
            | "announce"
            | "reveal"
            | "disclose"
            | "deny"
            | "dispute"
            | "claim"
            | "state"
            | "verify"
            | "corroborate"
            | "acknowledge"
            | "criticize"
            | "reject"
            | "echo"
            | "denounce"
            | "describe"
            | "recommend"
            | "write"
    );
    let passive = ctx.children(i).any(|c| ctx.deprel(c) == "aux:pass");
    let agent = ctx.children(i).any(|c| {
        ctx.deprel(c) == "obl:agent"
            || (ctx.deprel(c) == "obl"
                && ctx
                    .children(c)
                    .any(|g| ctx.deprel(g) == "case" && ctx.lower(g) == "by"))
    });
    reporting && passive && agent
}

/// Whether token `j` is the preposition of a day or time of day ("on Friday", "in the
/// morning").
fn temporal(ctx: &Context<'_>, j: usize) -> bool {
    let is_time = |k: usize| day_or_part_of_day(ctx.lower(k));
    ctx.upos(j) == "ADP" && ctx.head(j).is_some_and(is_time)
}

/// A dash right after a direct quote's closing mark, followed by a name: "“…” ― Maria Lopez".
fn signature_dash(ctx: &Context<'_>, i: usize) -> bool {
    if !matches!(
        ctx.lower(i),
        "\u{2015}" | "\u{2014}" | "\u{2013}" | "-" | "--"
    ) || ctx.in_quote(i)
    {
        return false;
    }
    let Some(before) = (0..i).rev().find(|&j| !matches!(ctx.lower(j), "," | ".")) else {
        return false;
    };
    let closes_quote = ctx.in_quote(before) && ctx.upos(before) == "PUNCT" && i - before <= 2;
    let paragraph = |j: usize| {
        ctx.document
            .sentences
            .get(ctx.sentence_of(j))
            .map(|s| s.paragraph)
    };
    let next = i + 1;
    closes_quote
        && next < ctx.tokens.len()
        && paragraph(next) == paragraph(before)
        && ctx.upos(next) == "PROPN"
        && !ctx.in_quote(next)
}

/// The colon of a transcript's speaker label opening a sentence: "WALLACE: Let's start …",
/// "“PENCE: Well, …" (one to three words in capitals).
pub(super) fn speaker_label_colon(ctx: &Context<'_>, i: usize) -> bool {
    if ctx.lower(i) != ":" || i == 0 {
        return false;
    }
    let sentence = ctx.sentence_of(i);
    let mut j = i;
    let mut words = 0;
    while j > 0 && ctx.sentence_of(j - 1) == sentence {
        let text = ctx.tokens[j - 1].text;
        let capitals = text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !text.chars().any(char::is_lowercase);
        if capitals && words < 3 {
            words += 1;
            j -= 1;
        } else {
            break;
        }
    }
    let opens = j == 0
        || ctx.sentence_of(j - 1) != sentence
        || (ctx.upos(j - 1) == "PUNCT"
            && (j < 2 || ctx.sentence_of(j - 2) != sentence)
            && !ctx.tokens[j - 1].text.chars().any(char::is_alphanumeric));
    words > 0 && opens
}

/// Whether token `i` can head a cue: content words and prepositions, the colon, and a dash
/// right after a direct quote ("“…” ― Name").
fn head_candidate(ctx: &Context<'_>, i: usize) -> bool {
    match ctx.upos(i) {
        "PUNCT" | "SYM" => match ctx.lower(i) {
            ":" => true,
            "\u{2015}" | "\u{2014}" | "\u{2013}" | "-" | "--" => ctx.quote_near(i).0,
            _ => false,
        },
        "PROPN" | "PRON" | "NUM" | "CCONJ" | "INTJ" | "X" | "DET" => false,
        _ => true,
    }
}

fn head_features(ctx: &Context<'_>, i: usize, out: &mut Vec<u64>) {
    let word = ctx.lower(i);
    let lemma = ctx.lemma(i);
    let upos = ctx.upos(i);
    let deprel = ctx.deprel(i);
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
    // The words hanging off it that make a cue phrase ("has said", "did not", "called for").
    for child in ctx.children(i) {
        let rel = ctx.deprel(child);
        if matches!(
            rel,
            "aux" | "aux:pass" | "advmod" | "compound:prt" | "case" | "det"
        ) {
            out.push(feature(38, &[rel.as_bytes(), ctx.lower(child).as_bytes()]));
        }
    }
    // Where it stands in its sentence (headlines "Name: …", transcripts "NAME: …").
    let sentence = ctx.sentence_of(i);
    let first = ctx
        .document
        .sentences
        .get(sentence)
        .map_or(i, |s| s.tokens.start.min(i));
    let position = (i - first).min(4) as u64;
    let title = ctx
        .document
        .sentences
        .get(sentence)
        .is_some_and(|s| s.paragraph == 0);
    out.push(feature(
        42,
        &[&[u8::from(title), position as u8], word.as_bytes()],
    ));
    out.push(feature_ids(39, &[position]));
    out.push(feature(
        40,
        &[&[position as u8], word.as_bytes(), upos_at(-1).as_bytes()],
    ));
    out.push(feature(
        41,
        &[
            word.as_bytes(),
            upos_at(-1).as_bytes(),
            upos_at(1).as_bytes(),
        ],
    ));
}

/// Features of token `j` as the next token a cue headed by `head`, now `span`, may grow over.
fn extent_features(
    ctx: &Context<'_>,
    head: usize,
    span: (usize, usize),
    j: usize,
    side: Side,
    out: &mut Vec<u64>,
) {
    let side_id: &[u8] = match side {
        Side::Left => b"L",
        Side::Right => b"R",
    };
    let word = ctx.lower(j);
    let lemma = ctx.lemma(j);
    let upos = ctx.upos(j);
    let deprel = ctx.deprel(j);
    let head_lemma = ctx.lemma(head);
    let inside = |k: usize| span.0 <= k && k < span.1;
    let attach = match ctx.head(j) {
        Some(h) if h == head => 2u8,
        Some(h) if inside(h) => 1,
        Some(h) if ctx.head(h).is_some_and(inside) => 3,
        _ => 0,
    };
    let grown = match side {
        Side::Left => span.0.abs_diff(head),
        Side::Right => (span.1 - 1).abs_diff(head),
    }
    .min(4) as u8;
    out.push(feature(50, &[side_id]));
    out.push(feature(51, &[side_id, word.as_bytes()]));
    out.push(feature(52, &[side_id, lemma.as_bytes()]));
    out.push(feature(53, &[side_id, upos.as_bytes()]));
    out.push(feature(54, &[side_id, deprel.as_bytes()]));
    out.push(feature(55, &[side_id, &[attach], deprel.as_bytes()]));
    out.push(feature(
        56,
        &[side_id, &[attach], upos.as_bytes(), word.as_bytes()],
    ));
    out.push(feature(
        57,
        &[side_id, head_lemma.as_bytes(), word.as_bytes()],
    ));
    out.push(feature(
        58,
        &[side_id, head_lemma.as_bytes(), deprel.as_bytes(), &[attach]],
    ));
    out.push(feature(59, &[side_id, &[grown], upos.as_bytes()]));
    let (governor, governor_rel) = match ctx.head(j) {
        Some(h) => (ctx.lemma(h), ctx.deprel(h)),
        None => ("<root>", "<root>"),
    };
    out.push(feature(
        60,
        &[side_id, word.as_bytes(), governor.as_bytes()],
    ));
    out.push(feature(
        61,
        &[
            side_id,
            deprel.as_bytes(),
            governor_rel.as_bytes(),
            &[attach],
        ],
    ));
    let beyond = match side {
        Side::Left => j.checked_sub(1),
        Side::Right => Some(j + 1),
    }
    .filter(|&k| k < ctx.tokens.len() && ctx.same_sentence(k, j));
    let (beyond_word, beyond_upos) = beyond.map_or(("<s>", "<s>"), |k| (ctx.lower(k), ctx.upos(k)));
    out.push(feature(
        62,
        &[side_id, word.as_bytes(), beyond_upos.as_bytes()],
    ));
    out.push(feature(
        63,
        &[side_id, upos.as_bytes(), beyond_word.as_bytes()],
    ));
    out.push(feature(64, &[side_id, &[u8::from(ctx.in_quote(j))]]));
    out.push(feature(
        65,
        &[
            side_id,
            ctx.upos(head).as_bytes(),
            upos.as_bytes(),
            &[attach],
        ],
    ));
    // The last word of the cue so far, next to `j`.
    let edge = match side {
        Side::Left => span.0,
        Side::Right => span.1 - 1,
    };
    out.push(feature(
        66,
        &[side_id, ctx.lower(edge).as_bytes(), word.as_bytes()],
    ));
}

/// One training document: the analysed document and its gold cue fragments (byte spans).
pub struct CueExample<'d> {
    pub context: Context<'d>,
    pub cues: Vec<Span>,
}

impl CueExample<'_> {
    /// The gold cues as token ranges, in order, without overlaps.
    fn spans(&self) -> Vec<(usize, usize)> {
        let tokens = &self.context.tokens;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for cue in &self.cues {
            let Some(a) = tokens.iter().position(|t| t.span.overlaps(cue)) else {
                continue;
            };
            let b = tokens[a..]
                .iter()
                .position(|t| !t.span.overlaps(cue))
                .map_or(tokens.len(), |k| a + k);
            spans.push((a, b));
        }
        spans.sort_unstable();
        spans.dedup();
        let mut kept: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for span in spans {
            if kept.last().is_none_or(|last| last.1 <= span.0) {
                kept.push(span);
            }
        }
        kept
    }
}

/// The head of the cue `[a, b)`: a token whose own head lies outside it, a verb first.
fn span_head(ctx: &Context<'_>, (a, b): (usize, usize)) -> usize {
    let outside = |i: &usize| ctx.head(*i).is_none_or(|h| h < a || h >= b);
    (a..b)
        .filter(outside)
        .find(|&i| matches!(ctx.upos(i), "VERB" | "NOUN" | "ADJ"))
        .or_else(|| (a..b).find(outside))
        .unwrap_or(a)
}

/// Cue span scores on a set of examples: (precision, recall, F1) in percent, by exact
/// token-aligned byte span.
pub fn score_cues(model: &CueModel, examples: &[CueExample<'_>]) -> (f64, f64, f64) {
    let (mut gold, mut predicted, mut correct) = (0usize, 0usize, 0usize);
    for example in examples {
        let gold_spans: std::collections::BTreeSet<(usize, usize)> =
            example.spans().into_iter().collect();
        let predicted_spans: std::collections::BTreeSet<(usize, usize)> =
            model.predict(&example.context).into_iter().collect();
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

/// One pass of the extent model over a gold cue: each step toward the gold extent is a
/// "grow" example, the token just past it a "stop" example.
fn train_extent(
    trainer: &mut Trainer,
    ctx: &Context<'_>,
    gold: (usize, usize),
    features: &mut Vec<u64>,
    scores: &mut Vec<f32>,
) {
    let head = span_head(ctx, gold);
    let (mut a, mut b) = (head, head + 1);
    while let Some(j) = a.checked_sub(1).filter(|&j| ctx.same_sentence(j, head)) {
        if head - a >= MAX_GROWTH {
            break;
        }
        features.clear();
        extent_features(ctx, head, (a, b), j, Side::Left, features);
        let truth = usize::from(j >= gold.0);
        let guess = trainer.predict(features, scores);
        trainer.update(features, truth, guess);
        trainer.tick();
        if truth == 0 {
            break;
        }
        a = j;
    }
    while b - head <= MAX_GROWTH && b < ctx.tokens.len() && ctx.same_sentence(b, head) {
        features.clear();
        extent_features(ctx, head, (a, b), b, Side::Right, features);
        let truth = usize::from(b < gold.1);
        let guess = trainer.predict(features, scores);
        trainer.update(features, truth, guess);
        trainer.tick();
        if truth == 0 {
            break;
        }
        b += 1;
    }
}

/// Train the cue classifier; after each iteration the averaged models are scored on `dev` and
/// the best pair is kept. `report` hears (iteration, dev scores) after each iteration.
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
    let gold: Vec<Vec<(usize, usize)>> = train.iter().map(CueExample::spans).collect();
    let heads: Vec<Vec<bool>> = train
        .iter()
        .zip(&gold)
        .map(|(example, spans)| {
            let mut is_head = vec![false; example.context.tokens.len()];
            for &span in spans {
                is_head[span_head(&example.context, span)] = true;
            }
            is_head
        })
        .collect();
    let mut head_trainer = Trainer::new(2);
    let mut extent_trainer = Trainer::new(2);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = SplitMix64::new(seed);
    let mut best: Option<(CueModel, (f64, f64, f64))> = None;
    let mut features = Vec::with_capacity(64);
    let mut scores = Vec::with_capacity(2);
    for iteration in 1..=iterations.max(1) {
        rng.shuffle(&mut order);
        for &d in &order {
            let ctx = &train[d].context;
            for (i, &truth) in heads[d].iter().enumerate() {
                if !head_candidate(ctx, i) {
                    continue;
                }
                features.clear();
                head_features(ctx, i, &mut features);
                let guess = head_trainer.predict(&features, &mut scores);
                head_trainer.update(&features, usize::from(truth), guess);
                head_trainer.tick();
            }
            for &span in &gold[d] {
                train_extent(&mut extent_trainer, ctx, span, &mut features, &mut scores);
            }
        }
        let model = CueModel::new(
            head_trainer.averaged(0.0),
            extent_trainer.averaged(0.0),
            0.0,
        );
        let dev_scores = score_cues(&model, dev);
        report(iteration, dev_scores);
        if best.as_ref().is_none_or(|(_, b)| dev_scores.2 > b.2) {
            best = Some((model, dev_scores));
        }
    }
    let (mut model, mut best_scores) =
        best.ok_or_else(|| ExtractError::Training("no iterations".to_string()))?;
    // Tune the head bias on dev data.
    let mut best_bias = 0.0;
    for bias in [-1.0f32, -0.5, -0.25, 0.25, 0.5, 1.0, 1.5, 2.0] {
        model.head_bias = bias;
        let scores = score_cues(&model, dev);
        report(0, scores);
        if scores.2 > best_scores.2 {
            best_scores = scores;
            best_bias = bias;
        }
    }
    model.head_bias = best_bias;
    Ok((model, best_scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_table_scores_as_the_linear_model_to_the_bit() {
        // Keys stored twice (the last row counts) and a key 0 (stored as 1) included.
        let keys: Vec<u64> = (0..500u64)
            .map(|k| feature_ids(9, &[k % 400]))
            .chain([0, 1])
            .collect();
        let rows: Vec<f32> = (0..keys.len() * 2)
            .map(|k| ((k * 7919) % 201) as f32 / 7.0 - 14.0)
            .collect();
        let model = LinearModel::from_float(2, keys.clone(), &rows);
        let table = PairTable::new(&model);
        let mut rng = SplitMix64::new(3);
        for _ in 0..300 {
            // Feature keys are never 0.
            let features: Vec<u64> = (0..45)
                .map(|_| match rng.below(2) {
                    0 => keys[rng.below(keys.len())].max(1),
                    _ => rng.next_u64().max(1),
                })
                .collect();
            let mut expected = vec![0.0f32; 2];
            model.add_scores(&features, &mut expected);
            let got = table.scores(&features);
            assert_eq!(got[0].to_bits(), expected[0].to_bits());
            assert_eq!(got[1].to_bits(), expected[1].to_bits());
        }
    }
}
