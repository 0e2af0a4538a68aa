//! `newsgraph ingest`: inputs → articles → documents → cross-article resolution → the store.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph_analyze::AnalyzeOptions;
use newsgraph_core::{Document, InputError};
use newsgraph_ingest::{read_inputs, InputFormat, ReadItem, ReadOptions};
use newsgraph_store::{IngestReport, DEFAULT_DB};
use rayon::prelude::*;

#[derive(Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively), URLs, feeds, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// The store: a SQLite file (created on first use) or a `postgres://` URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Articles analysed and stored together; each batch is one transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Read every input as this format instead of choosing by file extension.
    #[arg(long, value_parser = parse_input_format)]
    input_format: Option<InputFormat>,
    /// Largest input file (or JSONL line) to read, in bytes.
    #[arg(long, default_value_t = ReadOptions::default().max_bytes)]
    max_bytes: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Directory of the trained models (default: $NEWSGRAPH_MODELS, else ./models).
    #[arg(long)]
    models: Option<PathBuf>,
    /// Print the summary as JSON on standard output.
    #[arg(long)]
    json: bool,
}

fn parse_input_format(value: &str) -> Result<InputFormat, String> {
    value.parse::<InputFormat>().map_err(|e| e.to_string())
}

/// What became of the inputs.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
struct Summary {
    /// Articles analysed and stored by this run.
    ok: u64,
    failed: u64,
    skipped: u64,
    /// Articles already in the store (or repeated in the inputs).
    duplicates: u64,
    rows_added: u64,
    stories_created: u64,
    seconds: f64,
    articles_per_second: f64,
    /// Wall-clock time spent analysing (in parallel) and writing to the store (resolution
    /// included).
    analysis_seconds: f64,
    store_seconds: f64,
}

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let started = Instant::now();
    let mut store = newsgraph_store::open(&args.db)
        .with_context(|| format!("opening the store {}", args.db))?;
    let pipeline = crate::models::load_pipeline(AnalyzeOptions::default(), args.models.as_deref())?;
    let read_options = ReadOptions {
        max_bytes: args.max_bytes,
        format: args.input_format,
        ..ReadOptions::default()
    };
    let progress = progress_bar(input_bytes(&args.inputs));
    let mut summary = Summary::default();
    let mut items = read_inputs(&args.inputs, &read_options);
    let batch_size = args.batch.max(1);
    let mut batch: Vec<ReadItem> = Vec::with_capacity(batch_size);
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        batch.clear();
        batch.extend(items.by_ref().take(batch_size));
        if batch.is_empty() {
            break;
        }
        let mut articles = Vec::with_capacity(batch.len());
        let mut errors: Vec<InputError> = Vec::new();
        let mut bytes = 0u64;
        for item in batch.drain(..) {
            match item {
                ReadItem::Article(article) => {
                    bytes += article.text.len() as u64;
                    articles.push(article);
                }
                ReadItem::Error(error) => {
                    if error.kind.is_skip() {
                        summary.skipped += 1;
                        tracing::info!("skipped {error}");
                    } else {
                        summary.failed += 1;
                        progress.suspend(|| tracing::warn!("{error}"));
                    }
                    errors.push(error);
                }
            }
        }
        // Articles already stored (a resumed or repeated ingest) are not analysed again.
        let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
        let known = store.known_articles(&ids).context("reading the store")?;
        let before = articles.len();
        articles.retain(|a| !known.contains(&a.id) && seen.insert(a.id.clone()));
        summary.duplicates += (before - articles.len()) as u64;
        let analysis_started = Instant::now();
        let documents: Vec<Document> = articles
            .into_par_iter()
            .map(|article| analyze(&pipeline, article))
            .collect();
        summary.analysis_seconds += analysis_started.elapsed().as_secs_f64();
        let store_started = Instant::now();
        let report: IngestReport = store
            .ingest(&documents, &errors)
            .with_context(|| format!("writing a batch to {}", args.db))?;
        summary.store_seconds += store_started.elapsed().as_secs_f64();
        summary.ok += report.articles_added;
        summary.duplicates += report.already_stored;
        summary.rows_added += report.rows_added;
        summary.stories_created += report.stories_created;
        progress.inc(bytes);
        let seconds = started.elapsed().as_secs_f64();
        progress.set_message(format!(
            "{} articles, {:.1} articles/s",
            summary.ok,
            summary.ok as f64 / seconds.max(1e-9)
        ));
    }
    progress.finish_and_clear();
    summary.seconds = started.elapsed().as_secs_f64();
    summary.articles_per_second = summary.ok as f64 / summary.seconds.max(1e-9);
    let counts = store.counts().context("counting rows")?;
    if args.json {
        let report = serde_json::json!({
            "db": args.db,
            "backend": store.backend(),
            "summary": summary,
            "store": counts,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    eprintln!(
        "ingest: {} ok, {} failed, {} skipped, {} duplicates; {} rows added, {} new stories; \
         {:.1} articles/s over {:.1}s (analysis {:.1}s, store {:.1}s)",
        summary.ok,
        summary.failed,
        summary.skipped,
        summary.duplicates,
        summary.rows_added,
        summary.stories_created,
        summary.articles_per_second,
        summary.seconds,
        summary.analysis_seconds,
        summary.store_seconds
    );
    eprintln!(
        "store {} ({}): {} articles, {} entities, {} quotes, {} events in {} merged, {} stories, {} input errors",
        args.db,
        store.backend(),
        counts.articles,
        counts.resolved_entities,
        counts.quotes,
        counts.events,
        counts.event_clusters,
        counts.stories,
        counts.input_errors
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Analyse an article for the store. Until the analysis groups mentions into entities
/// itself, the resolver's grouping stands in, so cross-article resolution has entities to
/// work on.
pub fn analyze(
    pipeline: &newsgraph_analyze::Pipeline,
    article: newsgraph_core::Article,
) -> Document {
    let mut document = pipeline.analyze(article);
    if document.entities.is_empty() && !document.mentions.is_empty() {
        document.entities = newsgraph_resolve::entities::group_mentions(&mut document.mentions);
    }
    document
}

/// The total size of the input files (for the progress bar's ETA); 0 when unknown (standard
/// input, URLs).
fn input_bytes(inputs: &[String]) -> u64 {
    fn walk(path: &Path, depth: usize) -> u64 {
        let Ok(meta) = std::fs::metadata(path) else {
            return 0;
        };
        if meta.is_file() {
            return meta.len();
        }
        if !meta.is_dir() || depth > 32 {
            return 0;
        }
        std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| walk(&e.path(), depth + 1))
                    .sum()
            })
            .unwrap_or(0)
    }
    inputs
        .iter()
        .filter(|i| *i != "-" && !i.contains("://"))
        .map(|i| walk(Path::new(i), 0))
        .sum()
}

fn progress_bar(total_bytes: u64) -> ProgressBar {
    let progress = ProgressBar::new(total_bytes.max(1));
    if std::io::stderr().is_terminal() {
        progress.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:30}] {percent:>3}% {msg} · {elapsed} elapsed, ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        progress.enable_steady_tick(std::time::Duration::from_millis(200));
    } else {
        progress.set_draw_target(ProgressDrawTarget::hidden());
    }
    progress
}
