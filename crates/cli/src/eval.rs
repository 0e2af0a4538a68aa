//! `newsgraph eval`: scores against gold data, and the floors that keep them from regressing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde::Deserialize;
use serde_json::Value;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Tokenization and sentence boundaries against a UD CoNLL-U file.
    Tokens(TokensArgs),
    /// POS tags and lemmas against a UD CoNLL-U file (UPOS, XPOS, lemma accuracy).
    Pos(ModelEvalArgs),
    /// Dependency parses against a UD CoNLL-U file, with predicted tags (UAS, LAS).
    Parse(ParseArgs),
    /// Named entities against a CoNLL-2003-style column file (IOB1 or IOB2).
    Ner(NerArgs),
    /// Quotes and attribution against PolNeAR-style brat standoff (`DIR/text`,
    /// `DIR/attributions`): source, cue and content P/R/F1 (exact and token overlap) and
    /// speaker resolution.
    Quotes(QuotesArgs),
    /// Time expressions against TimeML (TimeBank, AQUAINT): TempEval-3 extent, type and value
    /// scores, per subcorpus and in total.
    Time(TimeArgs),
    /// Toponyms and geocoding against LGL / TR-News or GeoVirus XML: resolution accuracy
    /// within 161 km given the gold toponyms, and toponym P/R/F1 and accuracy end to end.
    Geo(eval_geo::GeoArgs),
    /// Political events against PETRARCH2 validation XML (root, source, target, complete and
    /// false-positive rates), IndiaPoliceEvents sentences (KILL/ARREST/FORCE/FAIL/ANY_ACTION
    /// P/R/F1) or our JSONL format (docs/events.md).
    Events(eval_events::EventsArgs),
    /// Run every evaluation listed in a floors file and fail if a score fell below its floor.
    Floors(FloorsArgs),
    /// Story clustering against ECB+ sub-topics (B³ precision/recall/F1, ARI).
    Stories(eval_stories::StoriesArgs),
    /// HTML main-text and metadata extraction (trafilatura's benchmark or the
    /// article-extraction-benchmark format), with extraction speed.
    Html(eval_html::HtmlArgs),
}

#[path = "eval_html.rs"]
mod eval_html;

#[path = "eval_stories.rs"]
mod eval_stories;

#[path = "eval_geo.rs"]
mod eval_geo;

#[path = "eval_events.rs"]
mod eval_events;

#[derive(Args)]
pub struct ParseArgs {
    #[command(flatten)]
    eval: ModelEvalArgs,
    /// Parse with the gold file's tags instead of the tagger's: the parser's own error,
    /// without the tagger's.
    #[arg(long)]
    gold_tags: bool,
}

#[derive(Args)]
pub struct TokensArgs {
    /// Gold CoNLL-U file (raw text is rebuilt from its `# text` lines).
    #[arg(long)]
    gold: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct NerArgs {
    /// Gold file: `WORD … TAG` per line, blank lines between sentences.
    #[arg(long)]
    gold: PathBuf,
    /// Score a prediction column in the file itself: conlleval's `WORD … GOLD PREDICTED`
    /// layout, gold second-to-last and prediction last. Without it the last column is gold.
    #[arg(long)]
    predicted_column: bool,
    /// Models directory.
    #[arg(long, default_value = models::DEFAULT_MODELS_DIR)]
    models: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct QuotesArgs {
    /// Gold directory with `text/` and `attributions/` (PolNeAR's `dev`).
    #[arg(long)]
    gold: PathBuf,
    /// Models directory.
    #[arg(long, default_value = models::DEFAULT_MODELS_DIR)]
    models: PathBuf,
    /// Also write each article's predicted quotes (JSON lines: article name and quotes) here,
    /// for error analysis.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct TimeArgs {
    /// A TimeML directory, searched recursively for `.tml` files; each file's parent
    /// directory names its subcorpus.
    #[arg(long)]
    gold: PathBuf,
    /// Models directory (the tagger's tags give tense to weekday and month references).
    #[arg(long, default_value = models::DEFAULT_MODELS_DIR)]
    models: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Also list every disagreement (missed, spurious, other type or value) on stderr.
    #[arg(long)]
    errors: bool,
}

#[derive(Args)]
pub struct FloorsArgs {
    /// The gold data directory (`../shared/data`).
    #[arg(long)]
    data: PathBuf,
    /// The floors file (`eval/floors.json`).
    #[arg(long)]
    floors: PathBuf,
    /// Models directory.
    #[arg(long, default_value = models::DEFAULT_MODELS_DIR)]
    models: PathBuf,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(command: EvalCommand) -> Result<ExitCode> {
    match command {
        EvalCommand::Tokens(args) => {
            let report = evaluate("tokens", &args.gold, Path::new(models::DEFAULT_MODELS_DIR))?;
            print_report(&report, args.json);
        }
        EvalCommand::Pos(args) => {
            let report = evaluate("pos", &args.gold, &args.models)?;
            print_report(&report, args.json);
        }
        EvalCommand::Parse(args) => {
            let report = if args.gold_tags {
                models::parser::evaluate_with(&args.eval.gold, &args.eval.models, false)?
            } else {
                evaluate("parse", &args.eval.gold, &args.eval.models)?
            };
            print_report(&report, args.eval.json);
        }
        EvalCommand::Ner(args) => {
            let report = if args.predicted_column {
                evaluate_ner_columns(&args.gold)?
            } else {
                evaluate("ner", &args.gold, &args.models)?
            };
            print_report(&report, args.json);
        }
        EvalCommand::Quotes(args) => {
            let report = models::quotes::evaluate_with(
                &args.gold,
                &args.models,
                args.predictions.as_deref(),
            )?;
            print_report(&report, args.json);
        }
        EvalCommand::Time(args) => {
            let report = evaluate_time(&args.gold, &args.models, args.errors)?;
            print_report(&report, args.json);
        }
        EvalCommand::Geo(args) => {
            let report = eval_geo::evaluate(&args.gold, &args.models, args.errors)?;
            print_report(&report, args.json);
        }
        EvalCommand::Events(args) => eval_events::run(&args)?,
        EvalCommand::Floors(args) => return check_floors(&args),
        EvalCommand::Stories(args) => eval_stories::run(&args)?,
        EvalCommand::Html(args) => eval_html::run(&args)?,
    }
    Ok(ExitCode::SUCCESS)
}

use crate::models::{self, EvalOutput as Report, ModelEvalArgs};

fn print_report(report: &Report, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report.json).unwrap_or_default()
        );
    } else {
        print!("{}", report.table);
    }
}

/// Run one evaluation task on a gold file.
fn evaluate(task: &str, gold: &Path, models_dir: &Path) -> Result<Report> {
    match task {
        "tokens" => {
            let report = newsgraph_eval::tokens::evaluate_tokens(gold)
                .with_context(|| format!("evaluating tokens on {}", gold.display()))?;
            Ok(Report {
                table: report.to_table(),
                json: serde_json::to_value(&report)?,
            })
        }
        "pos" => models::tagger::evaluate(gold, models_dir),
        "parse" => models::parser::evaluate(gold, models_dir),
        "ner" => models::ner::evaluate(gold, models_dir),
        "quotes" => models::quotes::evaluate(gold, models_dir),
        "time" => evaluate_time(gold, models_dir, false),
        "stories" => eval_stories::evaluate(gold, 1..=35, None, Some(models_dir)),
        "geo" => eval_geo::evaluate(gold, models_dir, false),
        "events" => eval_events::evaluate(gold, models_dir),
        "html" => {
            let report = eval_html::evaluate(gold)?;
            Ok(Report {
                table: report.table,
                json: report.json,
            })
        }
        other => bail!(
            "unknown evaluation task {other:?} (known: tokens, pos, parse, ner, quotes, time, stories, geo, events, html)"
        ),
    }
}

/// Time expressions on a TimeML directory: each document's text analysed with its creation
/// time as the publication date.
fn evaluate_time(gold: &Path, models_dir: &Path, errors: bool) -> Result<Report> {
    use newsgraph_eval::timeml;
    use rayon::prelude::*;
    let documents =
        timeml::read_dir(gold).with_context(|| format!("reading {}", gold.display()))?;
    let pipeline = models::load_pipeline(Default::default(), Some(models_dir))?;
    let counts: Vec<(&str, timeml::TimeCounts)> = documents
        .par_iter()
        .map(|doc| {
            let mut article = newsgraph_core::Article::from_text(doc.text.clone());
            article.published = doc.dct.clone();
            let analysed = pipeline.analyze(article);
            if errors {
                let lines = timeml::mismatches(&doc.text, &doc.timexes, &analysed.times);
                let mut out = String::new();
                for line in lines {
                    out.push_str(&format!("{}/{}\t{line}\n", doc.subcorpus, doc.id));
                }
                eprint!("{out}");
            }
            (
                doc.subcorpus.as_str(),
                timeml::compare(&doc.timexes, &analysed.times),
            )
        })
        .collect();
    let report = timeml::TimeReport::from_documents(counts);
    Ok(Report {
        table: report.to_table(),
        json: serde_json::to_value(&report)?,
    })
}

fn evaluate_ner_columns(gold: &Path) -> Result<Report> {
    use newsgraph_eval::ner;
    let documents =
        ner::read_conll(gold, true).with_context(|| format!("reading {}", gold.display()))?;
    let (gold_tags, predicted_tags) = ner::gold_and_predicted(&documents);
    let report = ner::score(&gold_tags, &predicted_tags)
        .with_context(|| format!("scoring {}", gold.display()))?;
    Ok(Report {
        table: report.to_table(),
        json: serde_json::to_value(&report)?,
    })
}

/// The checked-in floors: each score may not fall more than `tolerance` points below its
/// floor.
#[derive(Debug, Deserialize)]
struct FloorsFile {
    tolerance: f64,
    floors: Vec<Floor>,
}

#[derive(Debug, Deserialize)]
struct Floor {
    /// Evaluation task (`tokens`).
    task: String,
    /// Gold file, relative to `--data`.
    gold: String,
    /// JSON pointer into the task's `--json` report (`/tokens/f1`).
    metric: String,
    floor: f64,
    /// This floor's own tolerance, for scores on a 0–1 scale; the file's otherwise.
    #[serde(default)]
    tolerance: Option<f64>,
}

fn check_floors(args: &FloorsArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.floors)
        .with_context(|| format!("reading {}", args.floors.display()))?;
    let file: FloorsFile = serde_json::from_str(&text)
        .with_context(|| format!("parsing {}", args.floors.display()))?;
    let mut reports: BTreeMap<(String, String), Value> = BTreeMap::new();
    let mut rows = Vec::new();
    let mut failures = 0;
    for floor in &file.floors {
        let key = (floor.task.clone(), floor.gold.clone());
        if !reports.contains_key(&key) {
            let gold = args.data.join(&floor.gold);
            let started = std::time::Instant::now();
            let report = evaluate(&floor.task, &gold, &args.models)?;
            tracing::info!(
                "{} on {} in {:.1}s",
                floor.task,
                floor.gold,
                started.elapsed().as_secs_f64()
            );
            reports.insert(key.clone(), report.json);
        }
        let score = reports
            .get(&key)
            .and_then(|r| r.pointer(&floor.metric))
            .and_then(Value::as_f64)
            .with_context(|| {
                format!(
                    "the {} report has no number at {}",
                    floor.task, floor.metric
                )
            })?;
        let passed = score >= floor.floor - floor.tolerance.unwrap_or(file.tolerance);
        if !passed {
            failures += 1;
        }
        rows.push(serde_json::json!({
            "task": floor.task, "gold": floor.gold, "metric": floor.metric,
            "score": score, "floor": floor.floor, "passed": passed,
        }));
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        println!(
            "{:<8} {:<32} {:<30} {:>8} {:>8}  result",
            "task", "gold", "metric", "score", "floor"
        );
        for row in &rows {
            println!(
                "{:<8} {:<32} {:<30} {:>8.2} {:>8.2}  {}",
                row["task"].as_str().unwrap_or(""),
                row["gold"].as_str().unwrap_or(""),
                row["metric"].as_str().unwrap_or(""),
                row["score"].as_f64().unwrap_or(f64::NAN),
                row["floor"].as_f64().unwrap_or(f64::NAN),
                if row["passed"] == Value::Bool(true) {
                    "ok"
                } else {
                    "BELOW FLOOR"
                }
            );
        }
        println!(
            "{} of {} scores at or above floor (tolerance {} points)",
            rows.len() - failures,
            rows.len(),
            file.tolerance
        );
    }
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
