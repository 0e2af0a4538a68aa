//! `newsgraph bench`: speed and memory of the pipeline on a corpus.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use newsgraph_analyze::{AnalysisCounts, AnalyzeOptions, Layers, StageTimes};
use newsgraph_core::Article;
use newsgraph_ingest::{read_inputs, InputFormat, ReadItem, ReadOptions};
use rayon::prelude::*;
use serde::Serialize;

/// Articles per timed chunk. A pass over a corpus takes seconds, and on a shared machine a
/// burst of load from elsewhere in that time slows one pass more than another, which moved the
/// layer costs between passes by ten points and more. Timing every configuration on each
/// chunk in turn, and keeping each chunk's fastest time over the rounds, confines a burst to
/// the chunk and round it falls in; the configurations' totals are the sums of those times.
const CHUNK_ARTICLES: usize = 16;

/// The stage of the models, which every later layer reads.
const MODELS_STAGE: &str = "tokenize+tag+parse+NER";

#[derive(Args)]
pub struct BenchArgs {
    /// A directory of articles, a JSONL corpus, or files.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Read every input as this format instead of choosing by file extension.
    #[arg(long, value_parser = |v: &str| v.parse::<InputFormat>().map_err(|e| e.to_string()))]
    input_format: Option<InputFormat>,
    /// Threads to analyse with. The default, 1, gives the per-core figure.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Passes over the corpus; each chunk of articles keeps its fastest time.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Directory of the trained models (default: $NEWSGRAPH_MODELS, else ./models).
    #[arg(long)]
    models: Option<std::path::PathBuf>,
    /// Time the full pipeline only, without the per-layer breakdown (which runs the corpus
    /// once more for the models alone and once without each later layer).
    #[arg(long)]
    no_breakdown: bool,
}

/// Throughput of one stage over the corpus.
#[derive(Debug, Serialize)]
struct StageReport {
    stage: &'static str,
    seconds: f64,
    articles_per_second: f64,
    tokens_per_second: f64,
    megabytes_per_second: f64,
}

/// The share of the pipeline's time that one layer (or layer group) takes.
#[derive(Debug, Serialize)]
struct LayerCost {
    layers: &'static str,
    /// Seconds of the full pipeline without these layers.
    seconds_without: f64,
    /// (full / without − 1) × 100.
    adds_percent: f64,
}

/// One stage's time measured inside the full pipeline's runs (see [`StageTimes`]).
#[derive(Debug, Serialize)]
struct StageShare {
    stage: &'static str,
    /// Percent of the pipeline's time spent in this stage.
    percent_of_pipeline: f64,
    /// What a later layer adds to the time of the rest: its time over the rest's, in
    /// percent (none for the models, which the rest cannot run without).
    adds_percent: Option<f64>,
}

#[derive(Debug, Serialize)]
struct BenchReport {
    articles: usize,
    unreadable_inputs: usize,
    megabytes: f64,
    tokens: usize,
    sentences: usize,
    threads: usize,
    stages: Vec<StageReport>,
    /// What each later layer adds to the full pipeline's time per token: the full pipeline's
    /// time over its time without that layer, minus one, in percent.
    layer_costs: Vec<LayerCost>,
    /// Each stage's time inside the full pipeline's runs (all rounds), as a share of the
    /// pipeline's time.
    stage_shares: Vec<StageShare>,
    /// Peak resident set size of the whole process, in MiB (VmHWM).
    peak_rss_mib: Option<f64>,
}

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    let options = ReadOptions {
        format: args.input_format,
        ..ReadOptions::default()
    };
    let mut articles: Vec<Article> = Vec::new();
    let mut unreadable = 0;
    for item in read_inputs(&args.inputs, &options) {
        match item {
            ReadItem::Article(article) => articles.push(article),
            ReadItem::Error(error) => {
                unreadable += 1;
                tracing::warn!("{error}");
            }
        }
    }
    if articles.is_empty() {
        bail!("no readable articles in {}", args.inputs.join(", "));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.max(1))
        .build()
        .context("setting up worker threads")?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let pipeline = crate::models::load_pipeline(AnalyzeOptions::default(), args.models.as_deref())?;

    let mut stages = Vec::new();
    let mut totals = AnalysisCounts::default();

    let segment_seconds = fastest(args.repeat, || {
        pool.install(|| {
            articles
                .par_iter()
                .map(|a| newsgraph_text::segment(&a.text).tokens.len())
                .sum::<usize>()
        })
    });
    // Each configuration of layers is timed on every chunk of articles in every round, one
    // after another, and each chunk's fastest time is kept (see `CHUNK_ARTICLES`): the
    // configurations compared see the same machine load, to within a chunk.
    let full = pipeline.layers();
    let mut configurations: Vec<(&'static str, Layers)> = vec![("full", full)];
    if !args.no_breakdown {
        configurations.extend([
            (
                MODELS_STAGE,
                Layers {
                    quotes: false,
                    time: false,
                    places: false,
                    events: false,
                    ..full
                },
            ),
            (
                "quotes",
                Layers {
                    quotes: false,
                    ..full
                },
            ),
            (
                "time+amounts+places",
                Layers {
                    time: false,
                    places: false,
                    ..full
                },
            ),
            (
                "events",
                Layers {
                    events: false,
                    ..full
                },
            ),
        ]);
    }
    let mut pipeline = pipeline;
    let chunks: Vec<&[Article]> = articles.chunks(CHUNK_ARTICLES).collect();
    let mut stage_times = StageTimes::default();
    let mut best_per_chunk = vec![vec![f64::INFINITY; chunks.len()]; configurations.len()];
    for round in 0..args.repeat.max(1) {
        for (c, chunk) in chunks.iter().enumerate() {
            for step in 0..configurations.len() {
                // Rotate which configuration goes first, so none always follows the same one.
                let k = (step + round + c) % configurations.len();
                pipeline = pipeline.with_layers(configurations[k].1);
                let started = Instant::now();
                let analysed: Vec<(AnalysisCounts, StageTimes)> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|a| {
                            let (document, times) = pipeline.analyze_timed(a.clone());
                            (AnalysisCounts::of(&document), times)
                        })
                        .collect()
                });
                let seconds = started.elapsed().as_secs_f64();
                best_per_chunk[k][c] = best_per_chunk[k][c].min(seconds);
                if k == 0 {
                    for (count, times) in analysed {
                        stage_times += times;
                        if round == 0 {
                            totals.bytes += count.bytes;
                            totals.tokens += count.tokens;
                            totals.sentences += count.sentences;
                        }
                    }
                }
            }
        }
    }
    let best: Vec<f64> = best_per_chunk
        .iter()
        .map(|chunk_seconds| chunk_seconds.iter().sum::<f64>().max(1e-9))
        .collect();
    let analyze_seconds = best[0];
    let mut timed = vec![
        ("tokenize+split", segment_seconds),
        ("analyze (full pipeline)", analyze_seconds),
    ];
    let mut layer_costs = Vec::new();
    for (&(name, _), &seconds) in configurations.iter().zip(&best).skip(1) {
        if name == MODELS_STAGE {
            timed.push((name, seconds));
        } else {
            layer_costs.push(LayerCost {
                layers: name,
                seconds_without: seconds,
                adds_percent: (analyze_seconds / seconds - 1.0) * 100.0,
            });
        }
    }
    for (stage, seconds) in timed {
        stages.push(StageReport {
            stage,
            seconds,
            articles_per_second: articles.len() as f64 / seconds,
            tokens_per_second: totals.tokens as f64 / seconds,
            megabytes_per_second: bytes as f64 / 1e6 / seconds,
        });
    }
    let total = stage_times.total().as_secs_f64().max(1e-9);
    let stage_shares = [
        (MODELS_STAGE, stage_times.models),
        ("lemmas (quotes, events)", stage_times.lemmas),
        ("quotes", stage_times.quotes),
        ("time+amounts", stage_times.time_and_amounts),
        ("places", stage_times.places),
        (
            "time+amounts+places",
            stage_times.time_and_amounts + stage_times.places,
        ),
        ("events", stage_times.events),
    ]
    .into_iter()
    .map(|(stage, time)| {
        let seconds = time.as_secs_f64();
        StageShare {
            stage,
            percent_of_pipeline: seconds / total * 100.0,
            adds_percent: (stage != MODELS_STAGE)
                .then(|| seconds / (total - seconds).max(1e-9) * 100.0),
        }
    })
    .collect();
    let report = BenchReport {
        articles: articles.len(),
        unreadable_inputs: unreadable,
        megabytes: bytes as f64 / 1e6,
        tokens: totals.tokens,
        sentences: totals.sentences,
        threads: args.threads.max(1),
        stages,
        layer_costs,
        stage_shares,
        peak_rss_mib: peak_rss_mib(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
    }
    Ok(ExitCode::SUCCESS)
}

/// The shortest wall time of `repeat` runs of `work`, in seconds.
fn fastest<T>(repeat: usize, mut work: impl FnMut() -> T) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        std::hint::black_box(work());
        best = best.min(start.elapsed().as_secs_f64());
    }
    best.max(1e-9)
}

fn print_table(report: &BenchReport) {
    println!(
        "corpus: {} articles, {:.2} MB, {} tokens, {} sentences ({} unreadable inputs); {} thread(s)",
        report.articles,
        report.megabytes,
        report.tokens,
        report.sentences,
        report.unreadable_inputs,
        report.threads
    );
    println!(
        "{:<26} {:>9} {:>12} {:>14} {:>9}",
        "stage", "seconds", "articles/s", "tokens/s", "MB/s"
    );
    for stage in &report.stages {
        println!(
            "{:<26} {:>9.3} {:>12.0} {:>14.0} {:>9.1}",
            stage.stage,
            stage.seconds,
            stage.articles_per_second,
            stage.tokens_per_second,
            stage.megabytes_per_second
        );
    }
    for cost in &report.layer_costs {
        println!(
            "{:<26} adds {:>5.1}% to the pipeline's time per token ({:.3} s without it)",
            cost.layers, cost.adds_percent, cost.seconds_without
        );
    }
    println!("time in each stage, inside the full pipeline's runs:");
    for share in &report.stage_shares {
        let adds = share
            .adds_percent
            .map(|adds| format!("; adds {adds:>5.1}% to the rest's"))
            .unwrap_or_default();
        println!(
            "  {:<24} {:>5.1}% of the pipeline's time{adds}",
            share.stage, share.percent_of_pipeline
        );
    }
    match report.peak_rss_mib {
        Some(rss) => println!("peak RSS: {rss:.1} MiB"),
        None => println!("peak RSS: unknown on this platform"),
    }
}

/// Peak resident set size from `/proc/self/status` (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
