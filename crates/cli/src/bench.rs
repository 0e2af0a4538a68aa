//! `newsgraph bench`: speed and memory of the pipeline on a corpus.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use newsgraph_analyze::{AnalysisCounts, AnalyzeOptions, Layers};
use newsgraph_core::Article;
use newsgraph_ingest::{read_inputs, InputFormat, ReadItem, ReadOptions};
use rayon::prelude::*;
use serde::Serialize;

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
    /// Passes over the corpus; the fastest is reported.
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
    // Each configuration of layers is timed once per round, rounds interleaved, and the fastest
    // round kept: the comparisons between configurations see the same machine load.
    let full = pipeline.layers();
    let mut configurations: Vec<(&'static str, Layers)> = vec![("full", full)];
    if !args.no_breakdown {
        configurations.extend([
            (
                "tokenize+tag+parse+NER",
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
    let mut best = vec![f64::INFINITY; configurations.len()];
    for _ in 0..args.repeat.max(1) {
        for (k, (_, layers)) in configurations.iter().enumerate() {
            pipeline = pipeline.with_layers(*layers);
            let started = Instant::now();
            let counts: Vec<AnalysisCounts> = pool.install(|| {
                articles
                    .par_iter()
                    .map(|a| AnalysisCounts::of(&pipeline.analyze(a.clone())))
                    .collect()
            });
            best[k] = best[k].min(started.elapsed().as_secs_f64().max(1e-9));
            if k == 0 {
                totals = counts
                    .iter()
                    .fold(AnalysisCounts::default(), |t, c| AnalysisCounts {
                        bytes: t.bytes + c.bytes,
                        tokens: t.tokens + c.tokens,
                        sentences: t.sentences + c.sentences,
                    });
            }
        }
    }
    let analyze_seconds = best[0];
    let mut timed = vec![
        ("tokenize+split", segment_seconds),
        ("analyze (full pipeline)", analyze_seconds),
    ];
    let mut layer_costs = Vec::new();
    for (&(name, _), &seconds) in configurations.iter().zip(&best).skip(1) {
        if name == "tokenize+tag+parse+NER" {
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
    let report = BenchReport {
        articles: articles.len(),
        unreadable_inputs: unreadable,
        megabytes: bytes as f64 / 1e6,
        tokens: totals.tokens,
        sentences: totals.sentences,
        threads: args.threads.max(1),
        stages,
        layer_costs,
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
