//! `newsgraph train parser` and `newsgraph eval parse`.
//!
//! Both read UD CoNLL-U. Tags come from the tagger (`<models>/tagger.ngm`) when it is there
//! (training on the tagger's tags makes the parser used to its mistakes), otherwise from the
//! gold columns; reports say which.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsgraph_eval::conllu;
use newsgraph_ml::ModelHeader;
use newsgraph_nlp::parser::{self, Parser, TrainConfig, TrainSentence, WordClusters};
use newsgraph_nlp::tagger::{self, Tagger, TrainOptions, TrainWord};
use rayon::prelude::*;

use super::{command_line, describe_data, EvalOutput, TrainArgs, WordClusterChoice};

/// Default training epochs.
const DEFAULT_ITERATIONS: usize = 20;

/// Read a CoNLL-U file into plain sentences with their gold tags and trees, and the gold
/// lemmas (which the tagger's training wants).
pub fn read_sentences(path: &Path) -> Result<(Vec<TrainSentence>, Vec<Vec<String>>)> {
    let documents =
        conllu::read_file(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut lemmas = Vec::new();
    for document in &documents {
        for sentence in document.sentences() {
            let words = &sentence.words;
            out.push(TrainSentence {
                words: words.iter().map(|w| w.form.clone()).collect(),
                upos: words.iter().map(|w| w.upos.clone()).collect(),
                xpos: words.iter().map(|w| w.xpos.clone()).collect(),
                heads: words.iter().map(|w| w.head.unwrap_or(0)).collect(),
                labels: words.iter().map(|w| w.deprel.clone()).collect(),
            });
            lemmas.push(words.iter().map(|w| w.lemma.clone()).collect());
        }
    }
    Ok((out, lemmas))
}

/// Replace the tags of `sentences` by `tagger`'s.
fn tag_with(tagger: &Tagger, sentences: &mut [TrainSentence]) {
    let mut tags = Vec::new();
    for sentence in sentences.iter_mut() {
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        tagger.tag(&words, &mut tags);
        sentence.upos = tags
            .iter()
            .map(|&t| tagger.upos_name(t).to_string())
            .collect();
        sentence.xpos = tags
            .iter()
            .map(|&t| tagger.xpos_name(t).to_string())
            .collect();
    }
}

/// The tagger of `<models>/tagger.ngm`, if there is one.
fn load_tagger(models: &Path) -> Result<Option<Tagger>> {
    let path = models.join("tagger.ngm");
    if !path.exists() {
        return Ok(None);
    }
    let tagger = Tagger::load(&path).with_context(|| format!("loading {}", path.display()))?;
    Ok(Some(tagger))
}

/// Tag the training sentences by jackknifing: each of `folds` parts is tagged by a tagger
/// trained (with the tagger's default options and `seed`) on the other parts, so the parser
/// learns from tags as good, and as wrong, as it will see on new text.
fn jackknife_tags(
    sentences: &mut [TrainSentence],
    lemmas: &[Vec<String>],
    unlabeled: &[Vec<String>],
    folds: usize,
    seed: u64,
) -> Result<()> {
    let words: Vec<Vec<TrainWord>> = sentences
        .iter()
        .zip(lemmas)
        .map(|(s, lemmas)| {
            (0..s.words.len())
                .map(|i| TrainWord {
                    form: s.words[i].clone(),
                    upos: s.upos[i].clone(),
                    xpos: s.xpos[i].clone(),
                    lemma: lemmas.get(i).cloned().unwrap_or_default(),
                })
                .collect()
        })
        .collect();
    let n = sentences.len();
    let options = TrainOptions {
        seed,
        ..TrainOptions::default()
    };
    // The folds' sentences as disjoint slices, tagged in parallel (each fold's tagger is
    // deterministic, so the order they finish in changes nothing).
    let mut parts: Vec<(usize, &mut [TrainSentence])> = Vec::with_capacity(folds);
    let mut remaining = sentences;
    for fold in 0..folds {
        let (start, end) = (fold * n / folds, (fold + 1) * n / folds);
        let (part, rest) = std::mem::take(&mut remaining).split_at_mut(end - start);
        parts.push((start, part));
        remaining = rest;
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    parts
        .into_par_iter()
        .enumerate()
        .try_for_each(|(fold, (start, part))| -> Result<()> {
            let end = start + part.len();
            let rest: Vec<Vec<TrainWord>> = words[..start]
                .iter()
                .chain(&words[end..])
                .cloned()
                .collect();
            let tagger = tagger::train(&rest, &words[start..end], unlabeled, &options, &mut |_| {})
                .with_context(|| format!("training the jackknife tagger {}", fold + 1))?;
            tag_with(&tagger, part);
            let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            eprintln!(
                "parser: jackknife fold {} tagged ({finished}/{folds})",
                fold + 1
            );
            Ok(())
        })
}

/// The jackknife cache file: the key it was made for and each sentence's (UPOS, XPOS) tags.
#[derive(serde::Serialize, serde::Deserialize)]
struct TagCache {
    key: String,
    tags: Vec<Vec<(String, String)>>,
}

/// Fill the tags of `sentences` from the cache at `path` when it exists and was made for
/// `key` and for sentences of these lengths; `false` (and `sentences` untouched) otherwise.
fn read_cached_tags(path: &Path, key: &str, sentences: &mut [TrainSentence]) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let Ok(cache) = serde_json::from_slice::<TagCache>(&bytes) else {
        eprintln!(
            "parser: ignoring unreadable jackknife cache {}",
            path.display()
        );
        return false;
    };
    let fits = cache.key == key
        && cache.tags.len() == sentences.len()
        && cache
            .tags
            .iter()
            .zip(sentences.iter())
            .all(|(tags, s)| tags.len() == s.words.len());
    if !fits {
        eprintln!(
            "parser: the jackknife cache {} is for other data",
            path.display()
        );
        return false;
    }
    for (tags, sentence) in cache.tags.into_iter().zip(sentences.iter_mut()) {
        (sentence.upos, sentence.xpos) = tags.into_iter().unzip();
    }
    true
}

fn write_cached_tags(path: &Path, key: &str, sentences: &[TrainSentence]) -> Result<()> {
    let cache = TagCache {
        key: key.to_string(),
        tags: sentences
            .iter()
            .map(|s| s.upos.iter().cloned().zip(s.xpos.iter().cloned()).collect())
            .collect(),
    };
    std::fs::write(path, serde_json::to_vec(&cache)?)
        .with_context(|| format!("writing the jackknife cache {}", path.display()))
}

/// The levels of the tagger's word clusters the parser uses (coarse, fine; 0-based, coarse
/// to fine).
const CLUSTER_LEVELS: (usize, usize) = (0, 2);

/// Folds for tagging the training data.
const JACKKNIFE_FOLDS: usize = 10;

pub fn train(args: &TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let (mut train, lemmas) = read_sentences(&args.train)?;
    let (mut dev, _) = read_sentences(&args.dev)?;
    let tagger = load_tagger(&args.models)?;
    let mut unlabeled_sources = Vec::new();
    if let Some(tagger) = &tagger {
        tag_with(tagger, &mut dev);
        // The jackknifed taggers learn like the real one, word clusters included, so the
        // parser trains on tags as good as those it will see.
        let (unlabeled, sources) = super::tagger::unlabeled_text(&args.unlabeled_root())?;
        unlabeled_sources = sources;
        let key = format!(
            "{}; {} (dev {:?}); seed {}; {JACKKNIFE_FOLDS} folds; {} unlabelled sentences",
            describe_data(&args.train),
            tagger.header().created,
            tagger.header().dev_scores,
            args.seed,
            unlabeled.len(),
        );
        let cached = match &args.jackknife_cache {
            Some(path) => read_cached_tags(path, &key, &mut train),
            None => false,
        };
        if cached {
            eprintln!("parser: jackknifed tags reused from the cache");
        } else {
            jackknife_tags(&mut train, &lemmas, &unlabeled, JACKKNIFE_FOLDS, args.seed)?;
            if let Some(path) = &args.jackknife_cache {
                write_cached_tags(path, &key, &train)?;
            }
        }
    }
    let train_predicted = tagger.is_some();
    let tags = if train_predicted { "predicted" } else { "gold" };
    eprintln!(
        "parser: {} training sentences, {} dev sentences, {tags} tags",
        train.len(),
        dev.len()
    );
    // The tagger's word clusters, copied into the parser's model.
    let use_clusters = match args.word_clusters {
        WordClusterChoice::Auto => args.beam > 1,
        WordClusterChoice::On => true,
        WordClusterChoice::Off => false,
    };
    let clusters = match &tagger {
        Some(tagger) if use_clusters => {
            let (levels, words) = tagger.word_clusters();
            WordClusters::new(levels, words, CLUSTER_LEVELS.0, CLUSTER_LEVELS.1)
                .map_err(|e| anyhow::anyhow!("the tagger's word clusters: {e}"))?
        }
        _ => WordClusters::default(),
    };
    let defaults = TrainConfig::default();
    let (prune, label_prune) = args.prune.unwrap_or((defaults.prune, defaults.label_prune));
    let config = TrainConfig {
        iterations: args.iterations.unwrap_or(DEFAULT_ITERATIONS),
        seed: args.seed,
        clusters,
        beam: args.beam.max(1),
        prune,
        label_prune,
        ..defaults
    };
    let (parser, report) = parser::train(&train, &dev, &config, &mut |epoch| {
        eprintln!(
            "epoch {:>2}: dev UAS {:.2} LAS {:.2} ({:.0} s; {} transition + {} label features)",
            epoch.epoch,
            epoch.uas,
            epoch.las,
            epoch.seconds,
            epoch.transition_features,
            epoch.label_features
        );
    })?;
    let mut header = ModelHeader::new(parser::MODEL_KIND);
    header.training_data = vec![describe_data(&args.train), describe_data(&args.dev)];
    header.command = command_line();
    header.created = super::today();
    header.dev_scores = parser.header().dev_scores.clone();
    let (nt, nl) = parser.n_features();
    let notes = [
        ("seed", args.seed.to_string()),
        ("iterations", config.iterations.to_string()),
        ("kept_epoch", report.kept_epoch.to_string()),
        (
            "explore",
            if config.beam > 1 {
                "none (beam training)".to_string()
            } else {
                format!(
                    "from epoch {} with p {}",
                    config.explore_from + 1,
                    config.explore_p
                )
            },
        ),
        (
            "prune",
            format!("{} / {}", config.prune, config.label_prune),
        ),
        (
            "train_tags",
            if train_predicted {
                format!(
                    "predicted: {JACKKNIFE_FOLDS}-fold jackknifed taggers, with word clusters \
                     from {} unlabelled sources",
                    unlabeled_sources.len()
                )
            } else {
                "gold".into()
            },
        ),
        (
            "dev_tags",
            if train_predicted {
                format!("predicted: {}", args.models.join("tagger.ngm").display())
            } else {
                "gold".into()
            },
        ),
        ("transition_features", nt.to_string()),
        ("label_features", nl.to_string()),
        ("labels", parser.labels().len().to_string()),
        (
            "word_clusters",
            if parser.clusters().is_empty() {
                "none".into()
            } else {
                let [c, f] = parser.clusters().levels();
                format!(
                    "{} words from {}, levels {c} and {f}",
                    parser.clusters().len(),
                    args.models.join("tagger.ngm").display()
                )
            },
        ),
        ("lifted_nonprojective", report.lifted.to_string()),
        ("skipped_sentences", report.skipped.to_string()),
        (
            "training_seconds",
            format!("{:.0}", started.elapsed().as_secs_f64()),
        ),
        (
            "system",
            if config.beam > 1 {
                format!(
                    "arc-eager, beam {} (max-violation training); averaged perceptrons \
                     (transitions, labels)",
                    config.beam
                )
            } else {
                "arc-eager, greedy, dynamic oracle; averaged perceptrons (transitions, labels)"
                    .into()
            },
        ),
    ];
    for (key, value) in notes {
        header.notes.insert(key.into(), value);
    }
    parser
        .save(&args.out, header)
        .with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "parser: kept epoch {} (dev UAS {:.2}, LAS {:.2}), wrote {} in {:.0} s",
        report.kept_epoch,
        report.dev_uas,
        report.dev_las,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn evaluate(gold: &Path, models: &Path) -> Result<EvalOutput> {
    evaluate_with(gold, models, true)
}

/// [`evaluate`], with the tagger's tags (`predicted_tags`, when the models directory has a
/// tagger) or the gold file's.
pub fn evaluate_with(gold: &Path, models: &Path, predicted_tags: bool) -> Result<EvalOutput> {
    let path = models.join("parser.ngm");
    if !path.exists() {
        bail!(
            "no parser model at {} (train one with `newsgraph train parser`)",
            path.display()
        );
    }
    let load_started = Instant::now();
    let parser = Parser::load(&path).with_context(|| format!("loading {}", path.display()))?;
    let load_seconds = load_started.elapsed().as_secs_f64();
    let (mut sentences, _) = read_sentences(gold)?;
    let tagger = if predicted_tags {
        load_tagger(models)?
    } else {
        None
    };
    if let Some(tagger) = &tagger {
        tag_with(tagger, &mut sentences);
    }
    let predicted = tagger.is_some();
    let scores = parser::evaluate(&parser, &sentences);
    let words_per_second = if scores.seconds > 0.0 {
        scores.words as f64 / scores.seconds
    } else {
        0.0
    };
    let tags = if predicted { "predicted" } else { "gold" };
    let table = format!(
        "dependency parsing on {} ({} sentences, {} words, {tags} tags; punctuation included)\n\
         UAS            {:6.2}  ({} words with the right head)\n\
         LAS            {:6.2}  ({} with the right head and full label)\n\
         LAS universal  {:6.2}  (labels without subtypes, as CoNLL 2018)\n\
         speed          {:.0} words/s (parsing only, one thread; model loaded in {:.3} s)\n",
        gold.display(),
        scores.sentences,
        scores.words,
        scores.uas(),
        scores.heads,
        scores.las(),
        scores.labelled,
        scores.las_universal(),
        words_per_second,
        load_seconds,
    );
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let json = serde_json::json!({
        "uas": round(scores.uas()),
        "las": round(scores.las()),
        "las_universal": round(scores.las_universal()),
        "words": scores.words,
        "sentences": scores.sentences,
        "correct_heads": scores.heads,
        "correct_labelled": scores.labelled,
        "punctuation": "included",
        "tags": tags,
        "words_per_second": words_per_second.round(),
        "load_seconds": load_seconds,
        "model": path.display().to_string(),
    });
    Ok(EvalOutput { table, json })
}
