//! `newsgraph train quotes` and `newsgraph eval quotes`, on PolNeAR-style brat standoff
//! (`DIR/text/*.txt`, `DIR/attributions/*.ann`).
//!
//! Training runs the shipped tagger, parser and recognizer over the articles and learns the
//! cue classifier from the gold cues; the evaluation runs the whole pipeline and scores its
//! quotes (see `newsgraph_eval::quotes` for the metrics).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};
use newsgraph_core::{Article, Document, EntityType, QuoteKind, Span};
use newsgraph_eval::quotes::{self as gold, GoldArticle, PredictedAttribution, ScoredArticle};
use newsgraph_extract::quotes::{self as quotes, CueExample};
use newsgraph_ml::ModelHeader;
use rayon::prelude::*;

use super::{command_line, describe_data, EvalOutput, TrainArgs};

/// The model file inside the models directory.
pub const MODEL_FILE: &str = Models::QUOTES_FILE;

const DEFAULT_ITERATIONS: usize = 10;

fn read_gold(dir: &Path) -> Result<Vec<GoldArticle>> {
    let articles = gold::read_polnear(dir).with_context(|| format!("reading {}", dir.display()))?;
    if articles.is_empty() {
        bail!("no articles in {}", dir.display());
    }
    for article in &articles {
        if let (Some(annotator), false) = (&article.annotator, article.other_annotations.is_empty())
        {
            let others: Vec<&str> = article
                .other_annotations
                .iter()
                .map(|o| o.annotator.as_str())
                .collect();
            tracing::info!(
                "{}: using annotator {annotator} (also annotated by {})",
                article.name,
                others.join(", ")
            );
        }
    }
    Ok(articles)
}

/// Analyse the gold texts with `pipeline`, keeping tokens.
fn analyze_all(pipeline: &Pipeline, articles: &[GoldArticle]) -> Vec<Document> {
    articles
        .par_iter()
        .map(|a| pipeline.analyze(Article::from_text(a.text.clone())))
        .collect()
}

/// The tagger, parser and recognizer of `models_dir` (not the quotes model being trained).
fn base_pipeline(models_dir: &Path) -> Result<Pipeline> {
    use newsgraph_nlp::{ner::Recognizer, parser::Parser, tagger::Tagger};
    let load = |name: &str| models_dir.join(name);
    let tagger = Tagger::load(&load(Models::TAGGER_FILE)).with_context(|| {
        format!(
            "the quote layer needs the tagger in {}",
            models_dir.display()
        )
    })?;
    let parser = Parser::load(&load(Models::PARSER_FILE)).with_context(|| {
        format!(
            "the quote layer needs the parser in {}",
            models_dir.display()
        )
    })?;
    let ner_path = load(Models::NER_FILE);
    let recognizer = if ner_path.is_file() {
        Some(Recognizer::load(&ner_path)?)
    } else {
        None
    };
    let models = Models {
        tagger: Some(tagger),
        parser: Some(parser),
        recognizer,
        quotes: None,
    };
    Ok(Pipeline::with_models(
        AnalyzeOptions { tokens: true },
        models,
    ))
}

fn examples<'d>(documents: &'d [Document], articles: &[GoldArticle]) -> Vec<CueExample<'d>> {
    documents
        .iter()
        .zip(articles)
        .map(|(document, article)| {
            let (marked, _) = quotes::direct_quotes(document);
            CueExample {
                context: quotes::Context::new(document, marked),
                cues: article
                    .attributions
                    .iter()
                    .filter_map(|a| a.cue.as_ref())
                    .flat_map(|c| c.fragments.iter().copied())
                    .collect(),
            }
        })
        .collect()
}

pub fn train(args: &TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let pipeline = base_pipeline(&args.models)?;
    let train_gold = read_gold(&args.train)?;
    let dev_gold = read_gold(&args.dev)?;
    eprintln!(
        "analysing {} training and {} dev articles",
        train_gold.len(),
        dev_gold.len()
    );
    let train_documents = analyze_all(&pipeline, &train_gold);
    let dev_documents = analyze_all(&pipeline, &dev_gold);
    let train_examples = examples(&train_documents, &train_gold);
    let dev_examples = examples(&dev_documents, &dev_gold);
    let iterations = args.iterations.unwrap_or(DEFAULT_ITERATIONS);
    let (model, (p, r, f)) = quotes::train_cues(
        &train_examples,
        &dev_examples,
        iterations,
        args.seed,
        |iteration, (p, r, f)| {
            eprintln!("iteration {iteration:>2}: dev cue P {p:.2} R {r:.2} F1 {f:.2}");
        },
    )?;
    let mut header = ModelHeader::new(quotes::MODEL_KIND);
    header.training_data = vec![describe_data(&args.train), describe_data(&args.dev)];
    header.command = command_line();
    header.created = super::today();
    header.dev_scores.insert("cue_precision".into(), p);
    header.dev_scores.insert("cue_recall".into(), r);
    header.dev_scores.insert("cue_f1".into(), f);
    header
        .notes
        .insert("iterations".into(), iterations.to_string());
    header.notes.insert("seed".into(), args.seed.to_string());
    header
        .notes
        .insert("features".into(), model.n_features().to_string());
    model.save(&args.out, &header)?;
    eprintln!(
        "wrote {} (dev cue F1 {f:.2}, token-aligned) in {:.0}s",
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// The attributions the evaluation scores: every quote but scare quotes; direct quotes that
/// share a cue ("“…,” said Caddell. “…”") are one attribution whose content covers them,
/// as PolNeAR annotates them.
fn predicted(document: &Document) -> Vec<PredictedAttribution> {
    let mut merged: Vec<newsgraph_core::Quote> = Vec::new();
    for quote in document
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Scare)
    {
        if let Some(previous) = merged
            .iter_mut()
            .rev()
            .find(|p| p.cue.is_some() && p.cue == quote.cue && p.kind == QuoteKind::Direct)
            .filter(|_| quote.kind == QuoteKind::Direct)
        {
            previous.content = previous.content.cover(quote.content);
            continue;
        }
        merged.push(quote.clone());
    }
    merged
        .iter()
        .map(|q| {
            let entity = q.speaker.and_then(|e| document.entities.get(e));
            PredictedAttribution {
                source: q.source,
                cue: q.cue,
                content: q.content,
                speaker_mentions: entity
                    .map(|e| {
                        e.mentions
                            .iter()
                            .filter_map(|&m| document.mentions.get(m).map(|m| m.span))
                            .collect()
                    })
                    .unwrap_or_default(),
                speaker_names: entity
                    .map(|e| {
                        std::iter::once(e.name.clone())
                            .chain(e.aliases.iter().cloned())
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn word_tokens(text: &str) -> Vec<Span> {
    newsgraph_text::segment(text)
        .tokens
        .iter()
        .map(|t| t.span)
        .filter(|s| {
            s.slice(text)
                .is_some_and(|w| w.chars().any(char::is_alphanumeric))
        })
        .collect()
}

pub fn evaluate(gold_dir: &Path, models_dir: &Path) -> Result<EvalOutput> {
    evaluate_with(gold_dir, models_dir, None)
}

/// [`evaluate`], also writing the predicted quotes of each article to `predictions` (JSON
/// lines) when given.
pub fn evaluate_with(
    gold_dir: &Path,
    models_dir: &Path,
    predictions: Option<&Path>,
) -> Result<EvalOutput> {
    let (models, _) = Models::load_dir(models_dir)
        .with_context(|| format!("loading models from {}", models_dir.display()))?;
    if models.quotes.is_none() {
        bail!(
            "no {MODEL_FILE} in {} (train it with `newsgraph train quotes`)",
            models_dir.display()
        );
    }
    let pipeline = Pipeline::with_models(AnalyzeOptions::default(), models);
    let articles = read_gold(gold_dir)?;
    let documents = analyze_all(&pipeline, &articles);
    let scored: Vec<ScoredArticle<'_>> = articles
        .iter()
        .zip(&documents)
        .map(|(article, document)| ScoredArticle {
            gold: article,
            predicted: predicted(document),
            tokens: word_tokens(&article.text),
            names: document
                .mentions
                .iter()
                .filter(|m| matches!(m.entity_type, EntityType::Person | EntityType::Org))
                .map(|m| m.span)
                .collect(),
        })
        .collect();
    if let Some(path) = predictions {
        let mut out = String::new();
        for (article, document) in articles.iter().zip(&documents) {
            let line = serde_json::json!({
                "article": article.name,
                "quotes": document.quotes,
                "entities": document.entities,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let report = gold::score(&scored);
    Ok(EvalOutput {
        table: report.to_table(),
        json: serde_json::to_value(&report)?,
    })
}
