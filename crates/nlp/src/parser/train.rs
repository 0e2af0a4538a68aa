//! Training: greedy arc-eager parsing with a dynamic oracle and exploration.
//!
//! For each configuration the transition perceptron predicts among the valid transitions; if
//! the prediction loses a gold arc (cost > 0, Goldberg & Nivre 2012) it is updated towards the
//! best-scoring zero-cost transition. From epoch `explore_from` on, the parser follows its own
//! prediction with probability `explore_p` (otherwise the oracle's), so it learns to recover
//! from its mistakes. The label perceptron is updated on every arc whose head is right.
//! With a beam (`TrainConfig::beam` > 1) the transitions are trained globally instead (see
//! [`beam_sentence`]) and the label perceptron learns on the gold sequence's arcs.
//! Non-projective gold trees are made projective by lifting; sentences whose gold heads do not
//! form a tree are skipped. Shuffles are seeded: the same data, seed and settings give the
//! same model bytes.

use std::collections::HashMap;
use std::time::Instant;

use newsgraph_ml::rng::SplitMix64;
use newsgraph_ml::ModelHeader;

use super::beam::Beam;
use super::features::{self, Token};
use super::model::{NarrowTable, SparseTrainer, WideTable};
use super::transition::{self, State, LEFT, RIGHT};
use super::{
    best_label, best_valid, form_hash, normalize_form, prepare, ClusterTable, LabelChoices, Parser,
    ParserModel, ParserScratch, TrainSentence, WordClusters,
};
use crate::NlpError;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Epochs over the training data.
    pub iterations: usize,
    /// Seed of the shuffles and of exploration.
    pub seed: u64,
    /// First epoch (0-based) in which the parser follows its own predictions.
    pub explore_from: usize,
    /// Probability of following the prediction rather than the oracle when exploring.
    pub explore_p: f64,
    /// Transition features whose averaged weights all stay below this are dropped.
    pub prune: f32,
    /// The same for label features.
    pub label_prune: f32,
    /// Keep the epoch with the best dev LAS (otherwise the last).
    pub keep_best: bool,
    /// Words (normalised) seen fewer times than this in training are represented by their
    /// shape; 0 keeps every word.
    pub vocab_min_count: usize,
    /// Word clusters for the cluster features (empty: none); stored in the model.
    pub clusters: WordClusters,
    /// Beam width: 1 trains a greedy parser (dynamic oracle, exploration); more trains the
    /// transitions globally with beam search and max-violation updates, and the parser
    /// decodes with that beam.
    pub beam: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iterations: 15,
            seed: 1,
            explore_from: 1,
            explore_p: 0.9,
            prune: 1.5,
            label_prune: 1.5,
            keep_best: true,
            vocab_min_count: 1,
            clusters: WordClusters::default(),
            beam: 1,
        }
    }
}

/// Attachment scores: words with the right head, and with the right head and label.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AttachmentScores {
    pub words: usize,
    pub heads: usize,
    pub labelled: usize,
    /// Right head and right universal label (the part before `:`), as CoNLL 2018 counts LAS.
    pub labelled_universal: usize,
    pub sentences: usize,
    pub seconds: f64,
}

impl AttachmentScores {
    pub fn uas(&self) -> f64 {
        percent(self.heads, self.words)
    }
    pub fn las(&self) -> f64 {
        percent(self.labelled, self.words)
    }
    pub fn las_universal(&self) -> f64 {
        percent(self.labelled_universal, self.words)
    }
}

/// The `valid` transitions (a bit mask) of least cost towards the gold heads: with a dynamic
/// oracle, every one of them is right.
fn cheapest_transitions(state: &State, gold: &[u32], valid: u8) -> u8 {
    let costs = state.costs(gold);
    let min = (0..4)
        .filter(|t| valid & (1 << t) != 0)
        .map(|t| costs[t])
        .min()
        .unwrap_or(0);
    (0..4)
        .filter(|&t| valid & (1 << t) != 0 && costs[t] == min)
        .fold(0, |m, t| m | (1 << t))
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// One epoch's dev scores.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochReport {
    /// 1-based.
    pub epoch: usize,
    pub uas: f64,
    pub las: f64,
    /// Seconds spent on the epoch, evaluation included.
    pub seconds: f64,
    pub transition_features: usize,
    pub label_features: usize,
}

/// What training did.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    pub epochs: Vec<EpochReport>,
    /// The epoch whose model was kept (1-based).
    pub kept_epoch: usize,
    pub dev_uas: f64,
    pub dev_las: f64,
    pub sentences: usize,
    /// Non-projective training trees made projective by lifting.
    pub lifted: usize,
    /// Training sentences skipped (their gold heads are not a tree).
    pub skipped: usize,
}

/// Parse `sentences` with their own tags and score against their gold trees.
pub fn evaluate(parser: &Parser, sentences: &[TrainSentence]) -> AttachmentScores {
    let mut scores = AttachmentScores::default();
    let mut scratch = ParserScratch::default();
    let mut arcs = Vec::new();
    let started = Instant::now();
    let mut words: Vec<&str> = Vec::new();
    let mut upos: Vec<&str> = Vec::new();
    let mut xpos: Vec<&str> = Vec::new();
    for sentence in sentences {
        words.clear();
        words.extend(sentence.words.iter().map(String::as_str));
        upos.clear();
        upos.extend(sentence.upos.iter().map(String::as_str));
        xpos.clear();
        xpos.extend(sentence.xpos.iter().map(String::as_str));
        parser.parse_with(&words, &upos, &xpos, &mut scratch, &mut arcs);
        score_sentence(parser, sentence, &arcs, &mut scores);
    }
    scores.seconds = started.elapsed().as_secs_f64();
    scores
}

fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

fn score_sentence(
    parser: &Parser,
    sentence: &TrainSentence,
    arcs: &[super::Arc],
    scores: &mut AttachmentScores,
) {
    scores.sentences += 1;
    for (i, arc) in arcs.iter().enumerate() {
        scores.words += 1;
        let predicted = arc.head.map_or(0, |h| h as usize + 1);
        if sentence.heads.get(i) == Some(&predicted) {
            scores.heads += 1;
            let gold = sentence.labels.get(i).map_or("", String::as_str);
            let label = parser.label_name(arc.label);
            if gold == label {
                scores.labelled += 1;
            }
            if universal(gold) == universal(label) {
                scores.labelled_universal += 1;
            }
        }
    }
}

/// A training sentence in the parser's terms.
struct Prepared {
    tokens: Vec<Token>,
    /// Gold heads by node (`[0]` unused), projective.
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Train a parser. `progress` hears about each epoch.
pub fn train(
    train: &[TrainSentence],
    dev: &[TrainSentence],
    config: &TrainConfig,
    progress: &mut dyn FnMut(&EpochReport),
) -> Result<(Parser, TrainReport), NlpError> {
    // Labels by frequency (ties by name), and the directions each one is seen in.
    let mut counts: HashMap<&str, (usize, u8)> = HashMap::new();
    for s in train {
        for (i, label) in s.labels.iter().enumerate() {
            let entry = counts.entry(label.as_str()).or_default();
            entry.0 += 1;
            let head = s.heads.get(i).copied().unwrap_or(0);
            if head != 0 {
                entry.1 |= if i + 1 < head { 1 } else { 2 };
            }
        }
    }
    counts.entry("root").or_default();
    let mut labels: Vec<(&str, (usize, u8))> = counts.into_iter().collect();
    labels.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let label_ids: HashMap<&str, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (*name, i as u16))
        .collect();
    let root_label = label_ids["root"];
    let names: Vec<String> = labels.iter().map(|(name, _)| name.to_string()).collect();
    let directions: Vec<u8> = labels.iter().map(|(_, (_, d))| *d).collect();
    if names.len() > u16::MAX as usize {
        return Err(NlpError::Training("too many labels".into()));
    }

    let mut text = String::new();
    let mut vocabulary: Vec<u64> = Vec::new();
    if config.vocab_min_count > 0 {
        let mut forms: HashMap<u64, usize> = HashMap::new();
        for s in train {
            for word in &s.words {
                normalize_form(word, &mut text);
                *forms.entry(form_hash(&text)).or_default() += 1;
            }
        }
        vocabulary = forms
            .into_iter()
            .filter(|&(_, count)| count >= config.vocab_min_count)
            .map(|(hash, _)| hash)
            .collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
    }

    let mut report = TrainReport::default();
    let mut data = Vec::with_capacity(train.len());
    for s in train {
        let n = s.words.len();
        if n == 0 || s.heads.len() != n || s.labels.len() != n {
            report.skipped += 1;
            continue;
        }
        let mut heads = Vec::with_capacity(n + 1);
        heads.push(0u32);
        heads.extend(s.heads.iter().map(|&h| h.min(u32::MAX as usize - 1) as u32));
        if !transition::is_tree(&heads) {
            report.skipped += 1;
            continue;
        }
        if transition::projectivize(&mut heads) {
            report.lifted += 1;
        }
        let mut tokens = Vec::with_capacity(n + 1);
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let upos: Vec<&str> = s.upos.iter().map(String::as_str).collect();
        let xpos: Vec<&str> = s.xpos.iter().map(String::as_str).collect();
        prepare(
            &words,
            &upos,
            &xpos,
            &vocabulary,
            &config.clusters,
            &mut text,
            &mut tokens,
        );
        let mut ids = vec![0u16];
        ids.extend(s.labels.iter().map(|l| label_ids[l.as_str()]));
        data.push(Prepared {
            tokens,
            heads,
            labels: ids,
        });
    }
    report.sentences = data.len();
    if data.is_empty() {
        return Err(NlpError::Training("no usable training sentences".into()));
    }

    let mut trans = SparseTrainer::new(4);
    let mut lab = SparseTrainer::new(names.len().max(2));
    let mut rng = SplitMix64::new(config.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut state = State::default();
    let mut feats = Vec::new();
    let mut lscores = vec![0f32; names.len().max(2)];
    let mut best: Option<(f64, Parser, usize, f64)> = None;
    let clustered = !config.clusters.is_empty();
    let mut beam_scratch = BeamScratch::default();

    for epoch in 0..config.iterations.max(1) {
        let started = Instant::now();
        rng.shuffle(&mut order);
        let explore = epoch >= config.explore_from;
        for &k in &order {
            let sentence = &data[k];
            if config.beam > 1 {
                let mut models = Models {
                    trans: &mut trans,
                    lab: &mut lab,
                    directions: &directions,
                    root_label,
                    clustered,
                };
                beam_sentence(sentence, &mut models, config.beam, &mut beam_scratch);
                continue;
            }
            let gold = &sentence.heads;
            state.reset(gold.len() - 1);
            while !state.terminal() {
                let valid = state.valid();
                let zero = cheapest_transitions(&state, gold, valid);
                let (pred, oracle) = if valid.count_ones() == 1 {
                    let t = valid.trailing_zeros() as usize;
                    (t, t)
                } else {
                    features::transition_features(&state, &sentence.tokens, clustered, &mut feats);
                    let mut scores = [0f32; 4];
                    trans.add_scores(&feats, &mut scores);
                    let pred = best_valid(&scores, valid);
                    let oracle = best_valid(&scores, zero);
                    if zero & (1 << pred) == 0 {
                        trans.update(&feats, oracle, pred);
                    }
                    trans.tick();
                    (pred, oracle)
                };
                let follow_prediction = explore && rng_unit(&mut rng) < config.explore_p;
                let t = if follow_prediction { pred } else { oracle };
                let label = if t == LEFT || t == RIGHT {
                    let (h, d) = if t == LEFT {
                        (state.b0(), state.s0())
                    } else {
                        (state.s0(), state.b0())
                    };
                    if h == 0 {
                        root_label
                    } else {
                        features::label_features(
                            &state,
                            &sentence.tokens,
                            clustered,
                            h,
                            d,
                            &mut feats,
                        );
                        lscores.iter_mut().for_each(|s| *s = 0.0);
                        lab.add_scores(&feats, &mut lscores);
                        let bit = if d < h { 1 } else { 2 };
                        let guess = best_label(&lscores, &directions, bit, root_label);
                        if gold[d as usize] == h {
                            let truth = sentence.labels[d as usize];
                            lab.update(&feats, usize::from(truth), usize::from(guess));
                            lab.tick();
                            if follow_prediction {
                                guess
                            } else {
                                truth
                            }
                        } else {
                            guess
                        }
                    }
                } else {
                    0
                };
                state.apply(t, label);
            }
        }

        let parser = snapshot(
            &trans,
            &lab,
            &Labels {
                vocabulary: &vocabulary,
                names: &names,
                directions: &directions,
                root_label,
            },
            config,
        );
        let scores = evaluate(&parser, dev);
        let (nt, nl) = parser.n_features();
        let epoch_report = EpochReport {
            epoch: epoch + 1,
            uas: scores.uas(),
            las: scores.las(),
            seconds: started.elapsed().as_secs_f64(),
            transition_features: nt,
            label_features: nl,
        };
        progress(&epoch_report);
        report.epochs.push(epoch_report);
        let better = best.as_ref().is_none_or(|(las, ..)| scores.las() > *las);
        if !config.keep_best || better {
            best = Some((scores.las(), parser, epoch + 1, scores.uas()));
        }
    }
    let Some((las, mut parser, kept, uas)) = best else {
        return Err(NlpError::Training("no epoch ran".into()));
    };
    report.kept_epoch = kept;
    report.dev_las = las;
    report.dev_uas = uas;
    parser.header.dev_scores.insert("uas".into(), round2(uas));
    parser.header.dev_scores.insert("las".into(), round2(las));
    Ok((parser, report))
}

/// The trainers and what labelling needs.
struct Models<'a> {
    trans: &'a mut SparseTrainer,
    lab: &'a mut SparseTrainer,
    directions: &'a [u8],
    root_label: u16,
    clustered: bool,
}

/// Reused buffers of [`beam_sentence`].
#[derive(Default)]
struct BeamScratch {
    beam: Beam,
    gold: State,
    replay: State,
    history: Vec<(u8, u16)>,
    worst: Vec<(u8, u16)>,
    features: Vec<u64>,
    label_scores: Vec<f32>,
}

/// The label model's guess for a new arc `h → d` (the root label for arcs from the root).
fn guess_label(
    models: &Models,
    state: &State,
    tokens: &[Token],
    h: u32,
    d: u32,
    scratch: (&mut Vec<u64>, &mut Vec<f32>),
) -> u16 {
    if h == 0 {
        return models.root_label;
    }
    let (features, scores) = scratch;
    features::label_features(state, tokens, models.clustered, h, d, features);
    scores.clear();
    scores.resize(models.lab.n_classes(), 0.0);
    models.lab.add_scores(features, scores);
    let bit = if d < h { 1 } else { 2 };
    best_label(scores, models.directions, bit, models.root_label)
}

/// Train on one sentence with beam search: follow the best gold sequence (the zero-cost
/// transition the model likes best) beside the beam, and update the transition model with
/// max-violation: where the beam's best item is furthest ahead of the gold prefix, after gold
/// fell out of the beam (or at the end, when gold finished behind). The label model learns on
/// the gold sequence's arcs.
fn beam_sentence(
    sentence: &Prepared,
    models: &mut Models,
    width: usize,
    scratch: &mut BeamScratch,
) {
    let gold_heads = &sentence.heads;
    let tokens = &sentence.tokens;
    let n = gold_heads.len() - 1;
    let BeamScratch {
        beam,
        gold,
        replay,
        history,
        worst,
        features,
        label_scores,
    } = scratch;
    beam.reset(n);
    gold.reset(n);
    history.clear();
    worst.clear();
    let mut gold_score = 0f64;
    let mut violation: Option<(f64, usize)> = None;
    while !(beam.finished() && gold.terminal()) {
        // The gold sequence's next step.
        let gold_transition = if gold.terminal() {
            None
        } else {
            let valid = gold.valid();
            let zero = cheapest_transitions(gold, gold_heads, valid);
            let t = if valid.count_ones() == 1 {
                valid.trailing_zeros() as usize
            } else {
                features::transition_features(gold, tokens, models.clustered, features);
                let mut scores = [0f32; 4];
                models.trans.add_scores(features, &mut scores);
                let t = best_valid(&scores, zero);
                gold_score += f64::from(scores[t]);
                t
            };
            let label = if t == LEFT || t == RIGHT {
                let (h, d) = if t == LEFT {
                    (gold.b0(), gold.s0())
                } else {
                    (gold.s0(), gold.b0())
                };
                if h == 0 {
                    models.root_label
                } else {
                    let guess = guess_label(models, gold, tokens, h, d, (features, label_scores));
                    if gold_heads[d as usize] == h {
                        let truth = sentence.labels[d as usize];
                        models
                            .lab
                            .update(features, usize::from(truth), usize::from(guess));
                        models.lab.tick();
                        truth
                    } else {
                        guess
                    }
                }
            } else {
                0
            };
            gold.apply(t, label);
            history.push((t as u8, label));
            Some(t)
        };
        let trans = &*models.trans;
        let clustered = models.clustered;
        beam.step(
            width,
            |state, features| {
                features::transition_features(state, tokens, clustered, features);
                let mut scores = [0f32; 4];
                trans.add_scores(features, &mut scores);
                scores.map(f64::from)
            },
            |state, h, d, on_gold| {
                if on_gold {
                    // The same label as the gold sequence gave it.
                    gold.label[d as usize]
                } else {
                    guess_label(models, state, tokens, h, d, (features, label_scores))
                }
            },
            gold_transition,
        );
        if !beam.items.iter().any(|item| item.gold) {
            let best = beam.best().map_or(0.0, |item| item.score);
            let v = best - gold_score;
            if violation.is_none_or(|(worst_v, _)| v > worst_v) {
                violation = Some((v, history.len()));
                if let Some(item) = beam.best() {
                    worst.clone_from(&item.history);
                }
            }
        }
    }
    if violation.is_none() {
        match beam.best() {
            Some(item) if !item.gold => {
                violation = Some((0.0, history.len()));
                worst.clone_from(&item.history);
            }
            _ => {}
        }
    }
    if let Some((_, gold_len)) = violation {
        for (sequence, delta) in [(&history[..gold_len], 1f32), (&worst[..], -1f32)] {
            replay.reset(n);
            for &(t, label) in sequence {
                if replay.valid().count_ones() > 1 {
                    features::transition_features(replay, tokens, models.clustered, features);
                    models.trans.add(features, usize::from(t), delta);
                }
                replay.apply(usize::from(t), label);
            }
        }
    }
    models.trans.tick();
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn rng_unit(rng: &mut SplitMix64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// The parts of a model that training does not change.
struct Labels<'a> {
    vocabulary: &'a [u64],
    names: &'a [String],
    directions: &'a [u8],
    root_label: u16,
}

/// The averaged, pruned, quantised parser of the trainers as they are now.
fn snapshot(
    trans: &SparseTrainer,
    lab: &SparseTrainer,
    fixed: &Labels,
    config: &TrainConfig,
) -> Parser {
    let Labels {
        vocabulary,
        names,
        directions,
        root_label,
    } = *fixed;
    let (transitions, beam_transitions) = if config.beam > 1 {
        let (keys, rows) = trans.averaged_absolute(config.prune);
        (
            NarrowTable::build(&[], &[]),
            Some(WideTable::build(5, &keys, &rows)),
        )
    } else {
        let (keys, rows) = trans.averaged(config.prune);
        (NarrowTable::build(&keys, &rows), None)
    };
    let (keys, rows) = lab.averaged(config.label_prune);
    let labeller = WideTable::build(names.len().max(2), &keys, &rows);
    let mut labels = names.to_vec();
    let mut directions = directions.to_vec();
    // The label model has at least two classes.
    while labels.len() < 2 {
        labels.push(String::from("dep"));
        directions.push(3);
    }
    let model = ParserModel {
        vocabulary: vocabulary.to_vec(),
        labels,
        directions,
        root_label,
        transitions,
        labeller,
        clusters: ClusterTable::default(),
        beam: config.beam.clamp(1, usize::from(u16::MAX)) as u16,
        beam_transitions,
    };
    Parser {
        header: ModelHeader::new(super::MODEL_KIND),
        label_choices: LabelChoices::for_model(&model),
        model,
        clusters: config.clusters.clone(),
    }
}
