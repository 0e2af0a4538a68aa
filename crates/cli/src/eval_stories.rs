//! `newsgraph eval stories`: the story clustering of the store, scored on ECB+ (gold
//! clusters: the sub-topics of topics 1–35).

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use newsgraph_analyze::AnalyzeOptions;
use newsgraph_core::Article;
use newsgraph_eval::clusters;
use newsgraph_resolve::names::entity_key;
use newsgraph_resolve::stories::{StoryConfig, StoryIndex};
use newsgraph_resolve::terms::article_terms;
use rayon::prelude::*;

use crate::models::EvalOutput;

#[derive(Args)]
pub struct StoriesArgs {
    /// The ECB+ folder (holding `ECB+/<topic>/…xml`, or the topic folders themselves).
    #[arg(long)]
    gold: PathBuf,
    /// First and last topic scored.
    #[arg(long, default_value_t = 1)]
    first_topic: u32,
    #[arg(long, default_value_t = 35)]
    last_topic: u32,
    /// Least similarity to join a story (default: the store's).
    #[arg(long)]
    threshold: Option<f32>,
    /// Models directory.
    #[arg(long)]
    models: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &StoriesArgs) -> Result<()> {
    let report = evaluate(
        &args.gold,
        args.first_topic..=args.last_topic,
        args.threshold,
        args.models.as_deref(),
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.json)?);
    } else {
        print!("{}", report.table);
    }
    Ok(())
}

/// Cluster the ECB+ documents of `topics` as `newsgraph ingest` does and score the stories
/// against the gold sub-topics. The JSON has the scores under `/stories`.
pub fn evaluate(
    gold: &Path,
    topics: RangeInclusive<u32>,
    threshold: Option<f32>,
    models: Option<&Path>,
) -> Result<EvalOutput> {
    let documents = clusters::read_ecbplus(gold, topics.clone())
        .with_context(|| format!("reading ECB+ from {}", gold.display()))?;
    let pipeline = crate::models::load_pipeline(AnalyzeOptions::default(), models)?;
    let started = std::time::Instant::now();
    let analysed: Vec<_> = documents
        .par_iter()
        .map(|d| {
            let mut article = Article::from_text(d.text.clone());
            article.url = d.url.clone();
            article.refresh_id();
            crate::ingest::analyze(&pipeline, article)
        })
        .collect();
    let mut config = StoryConfig::default();
    if let Some(threshold) = threshold {
        config.threshold = threshold;
    }
    // The same clustering as `newsgraph ingest`: terms of the text and entity keys, in input
    // order, no dates (ECB+ has none), so every story is in every window.
    let mut index = StoryIndex::new(config);
    let mut predicted = Vec::with_capacity(analysed.len());
    for document in &analysed {
        let entities: Vec<(String, usize)> = document
            .entities
            .iter()
            .map(|e| (entity_key(&e.name, e.entity_type), e.mentions.len()))
            .collect();
        let terms = article_terms(
            document.article.title.as_deref(),
            &document.article.text,
            &entities,
        );
        predicted.push(index.add(&terms, None, "", None).story);
    }
    let gold: Vec<String> = documents
        .iter()
        .map(clusters::EcbDocument::gold_cluster)
        .collect();
    let scores = clusters::score(&gold, &predicted)?;
    let seconds = started.elapsed().as_secs_f64();
    // Percentages, as every other report (and the floors) has them.
    let percent = |x: f64| (x * 10_000.0).round() / 100.0;
    let json = serde_json::json!({
        "stories": {
            "items": scores.items,
            "gold_clusters": scores.gold_clusters,
            "predicted_clusters": scores.predicted_clusters,
            "b3_precision": percent(scores.b3_precision),
            "b3_recall": percent(scores.b3_recall),
            "b3_f1": percent(scores.b3_f1),
            "ari": percent(scores.ari),
        },
        "threshold": config.threshold,
        "topics": [topics.start(), topics.end()],
        "seconds": seconds,
    });
    let table = format!(
        "{}threshold {:.2}, topics {}–{}, {:.1}s\n",
        scores.to_table(),
        config.threshold,
        topics.start(),
        topics.end(),
        seconds
    );
    Ok(EvalOutput { table, json })
}
