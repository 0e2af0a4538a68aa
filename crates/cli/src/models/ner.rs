//! `newsgraph train ner` and `newsgraph eval ner`.
//!
//! Training reads CoNLL-2003-style column files (any tag scheme conlleval reads), the
//! gazetteers in `data/gazetteers/` (beside the models directory; `NEWSGRAPH_GAZETTEERS`
//! overrides) and, for the true-casing lexicon and word clusters, unlabelled text: every file
//! under `NEWSGRAPH_NER_UNLABELLED`, or else under `news/bbc` of the data directory the training
//! file sits in (`../shared/data/conll2003/train.iob1` → `../shared/data/news/bbc`), when there.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsgraph_core::EntityType;
use newsgraph_eval::ner as conll;
use newsgraph_ml::ModelHeader;
use newsgraph_nlp::gazetteer::Gazetteer;
use newsgraph_nlp::ner::{self, Recognizer, TrainConfig, TrainDocument, TrainSentence};

use super::{command_line, describe_data, EvalOutput, TrainArgs};

/// The model file inside the models directory.
pub const MODEL_FILE: &str = "ner.ngm";

const DEFAULT_ITERATIONS: usize = 12;

/// Word-cluster granularities (numbers of classes).
const CLUSTER_CLASSES: [usize; 3] = [32, 128, 512];

fn entity_type(label: &str) -> Option<EntityType> {
    match label {
        "PER" | "PERSON" => Some(EntityType::Person),
        "ORG" => Some(EntityType::Org),
        "LOC" | "GPE" => Some(EntityType::Loc),
        "MISC" | "NORP" => Some(EntityType::Misc),
        _ => None,
    }
}

fn conll_label(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PER",
        EntityType::Org => "ORG",
        EntityType::Loc => "LOC",
        EntityType::Misc => "MISC",
    }
}

/// Reads a column file into training documents.
fn read_documents(path: &Path) -> Result<Vec<TrainDocument>> {
    let documents =
        conll::read_conll(path, false).with_context(|| format!("reading {}", path.display()))?;
    Ok(documents
        .iter()
        .map(|d| TrainDocument {
            sentences: d
                .sentences
                .iter()
                .map(|s| TrainSentence {
                    tokens: s.tokens.clone(),
                    entities: conll::spans_from_tags(&s.gold)
                        .into_iter()
                        .filter_map(|e| entity_type(&e.label).map(|t| (e.start, e.end, t)))
                        .collect(),
                })
                .collect(),
        })
        .filter(|d| !d.sentences.is_empty())
        .collect())
}

fn gazetteer_dir(models: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("NEWSGRAPH_GAZETTEERS") {
        return PathBuf::from(dir);
    }
    models
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join("data")
        .join("gazetteers")
}

fn unlabelled_dir(train: &Path) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NEWSGRAPH_NER_UNLABELLED") {
        return Some(PathBuf::from(dir));
    }
    let data = train.parent()?.parent()?;
    let dir = data.join("news").join("bbc");
    dir.is_dir().then_some(dir)
}

/// Every file under `dir`, sorted, read as (lossy) UTF-8.
fn read_texts(dir: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| {
            std::fs::read(f)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .with_context(|| format!("reading {}", f.display()))
        })
        .collect()
}

pub fn train(args: &TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let train = read_documents(&args.train)?;
    let dev = read_documents(&args.dev)?;
    let gazetteers = gazetteer_dir(&args.models);
    let gazetteer = Gazetteer::from_dir(&gazetteers)
        .with_context(|| format!("loading gazetteers from {}", gazetteers.display()))?;
    let unlabelled_from = unlabelled_dir(&args.train);
    let unlabelled = match &unlabelled_from {
        Some(dir) => read_texts(dir)?,
        None => Vec::new(),
    };
    eprintln!(
        "ner: {} training and {} dev documents, {} gazetteer lists ({} sequences), {} unlabelled texts",
        train.len(),
        dev.len(),
        gazetteer.names().len(),
        gazetteer.len(),
        unlabelled.len()
    );
    let iterations = args.iterations.unwrap_or(DEFAULT_ITERATIONS);
    // Word clusters from the training tokens and the unlabelled text.
    let cluster_started = Instant::now();
    let mut corpus: Vec<Vec<&str>> = train
        .iter()
        .flat_map(|d| {
            d.sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
        })
        .collect();
    for text in &unlabelled {
        corpus.extend(ner::rough_sentences(text));
    }
    let clusters = ner::clusters::induce(&corpus, &CLUSTER_CLASSES, 3, 8, args.seed);
    drop(corpus);
    eprintln!(
        "ner: {} words clustered in {:.1}s",
        clusters.len(),
        cluster_started.elapsed().as_secs_f64()
    );
    let config = TrainConfig {
        iterations,
        seed: args.seed,
        clusters,
        progress: Box::new(|line| eprintln!("ner: {line}")),
        ..TrainConfig::default()
    };
    let (recognizer, report) = ner::train(&train, &dev, gazetteer, &unlabelled, config)
        .map_err(|e| anyhow::anyhow!("training the ner: {e}"))?;
    let scored = score(&recognizer, &args.dev)?;
    let mut header = ModelHeader::new(ner::MODEL_KIND);
    header.training_data = vec![describe_data(&args.train), describe_data(&args.dev)];
    header
        .training_data
        .push(format!("gazetteers: {}", gazetteers.display()));
    if let Some(dir) = &unlabelled_from {
        header.training_data.push(format!(
            "unlabelled text: {} ({} files)",
            dir.display(),
            unlabelled.len()
        ));
    }
    header.command = command_line();
    header.created = super::today();
    let overall = &scored.report.overall;
    header.dev_scores.insert("f1".into(), round2(overall.f1));
    header
        .dev_scores
        .insert("precision".into(), round2(overall.precision));
    header
        .dev_scores
        .insert("recall".into(), round2(overall.recall));
    for (label, prf) in &scored.report.per_type {
        header
            .dev_scores
            .insert(format!("f1_{label}"), round2(prf.f1));
    }
    let notes = [
        ("iterations", iterations.to_string()),
        ("best_iteration", report.best_iteration.to_string()),
        ("seed", args.seed.to_string()),
        ("features", report.features.to_string()),
        ("truecase_words", report.lexicon_words.to_string()),
        ("cluster_words", report.cluster_words.to_string()),
        (
            "dev_f1_by_iteration",
            report
                .dev_f1
                .iter()
                .map(|f| format!("{f:.2}"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            "training_seconds",
            format!("{:.0}", started.elapsed().as_secs_f64()),
        ),
    ];
    for (k, v) in notes {
        header.notes.insert(k.into(), v);
    }
    recognizer
        .save(&args.out, &header)
        .with_context(|| format!("writing {}", args.out.display()))?;
    print!("{}", scored.report.to_table());
    eprintln!(
        "ner: wrote {} in {:.0}s",
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

struct Scored {
    report: conll::NerReport,
    tokens: usize,
    /// Seconds of the fastest and the mean pass over the file.
    best: f64,
    mean: f64,
}

/// Tags every document of a gold file and scores it with conlleval's rules. The speed is that
/// of [`Recognizer::recognize`] alone on one thread, over the whole file, repeated for at
/// least a second.
fn score(recognizer: &Recognizer, gold_path: &Path) -> Result<Scored> {
    let documents = conll::read_conll(gold_path, false)
        .with_context(|| format!("reading {}", gold_path.display()))?;
    let inputs: Vec<Vec<Vec<&str>>> = documents
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect()
        })
        .collect();
    let tokens: usize = inputs.iter().flatten().map(Vec::len).sum();
    let mut predicted: Vec<Vec<String>> = Vec::new();
    let mut spans = Vec::new();
    for sentences in &inputs {
        recognizer.recognize(sentences, &mut spans);
        let mut per_sentence: Vec<Vec<(std::ops::Range<usize>, &str)>> =
            vec![Vec::new(); sentences.len()];
        for span in &spans {
            per_sentence[span.sentence].push((span.start..span.end, conll_label(span.label)));
        }
        for (sentence, spans) in sentences.iter().zip(&per_sentence) {
            predicted.push(conll::tags_from_spans(sentence.len(), spans)?);
        }
    }
    // Timing: whole passes over the file for at least two seconds; the fastest pass is the
    // speed on an otherwise idle core, the mean that under whatever else the machine runs.
    let started = Instant::now();
    let mut rounds = 0usize;
    let mut best = f64::INFINITY;
    while rounds == 0 || started.elapsed().as_secs_f64() < 2.0 {
        let round = Instant::now();
        for sentences in &inputs {
            recognizer.recognize(sentences, &mut spans);
        }
        best = best.min(round.elapsed().as_secs_f64());
        rounds += 1;
    }
    let mean = started.elapsed().as_secs_f64() / rounds as f64;
    let gold = conll::gold_tags(&documents);
    let report = conll::score(&gold, &predicted)?;
    Ok(Scored {
        report,
        tokens,
        best,
        mean,
    })
}

pub fn evaluate(gold: &Path, models: &Path) -> Result<EvalOutput> {
    let path = models.join(MODEL_FILE);
    if !path.exists() {
        bail!(
            "no NER model at {} (train one with `newsgraph train ner`)",
            path.display()
        );
    }
    let loading = Instant::now();
    let recognizer =
        Recognizer::load(&path).with_context(|| format!("loading {}", path.display()))?;
    let load_seconds = loading.elapsed().as_secs_f64();
    let scored = score(&recognizer, gold)?;
    let mut table = scored.report.to_table();
    table.push_str(&format!(
        "\nmodel {} loaded in {:.0} ms; {} tokens, one thread: {:.0} tokens/s fastest pass, \
         {:.0} tokens/s mean\n",
        path.display(),
        load_seconds * 1000.0,
        scored.tokens,
        scored.tokens as f64 / scored.best.max(1e-9),
        scored.tokens as f64 / scored.mean.max(1e-9),
    ));
    Ok(EvalOutput {
        table,
        json: serde_json::to_value(&scored.report)?,
    })
}
