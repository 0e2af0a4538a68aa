//! `newsgraph train …` and the model evaluations of `newsgraph eval …`.

pub mod ner;
pub mod parser;
pub mod quotes;
pub mod tagger;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

/// Where the shipped models live, relative to the working directory.
pub const DEFAULT_MODELS_DIR: &str = "models";

#[derive(Subcommand)]
pub enum TrainCommand {
    /// POS tagger (UPOS + XPOS) and lemmatizer, from UD CoNLL-U.
    Tagger(TrainArgs),
    /// Labelled dependency parser, from UD CoNLL-U.
    Parser(TrainArgs),
    /// Named-entity recognizer, from CoNLL-2003 columns.
    Ner(TrainArgs),
    /// Attribution cue classifier for the quote layer, from PolNeAR brat standoff
    /// (`DIR/text`, `DIR/attributions`); reads the tagger, parser and recognizer.
    Quotes(TrainArgs),
}

#[derive(Args, Clone)]
pub struct TrainArgs {
    /// Training data.
    #[arg(long)]
    pub train: PathBuf,
    /// Dev data: scored after each iteration; the scores go into the model header.
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    /// Seed for the shuffles: the same seed and data give the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Training iterations (epochs); each model has its own default.
    #[arg(long)]
    pub iterations: Option<usize>,
    /// Models directory for models this one reads (the parser reads the tagger's tags).
    #[arg(long, default_value = DEFAULT_MODELS_DIR)]
    pub models: PathBuf,
    /// Data directory whose news and web text (unlabelled) feeds the tagger's word clusters,
    /// also for the parser's jackknifed taggers. Default: two levels above --train
    /// (`../shared/data` for `../shared/data/ud-ewt/en_ewt-ud-train.conllu`).
    #[arg(long)]
    pub unlabeled: Option<PathBuf>,
    /// Parser only: keep the jackknifed training tags in this file and reuse them when it
    /// matches the training data, seed and tagger (training the jackknife taggers is most of
    /// the parser's training time).
    #[arg(long)]
    pub jackknife_cache: Option<PathBuf>,
    /// Parser only: beam width. 1 (the default) trains a greedy parser; more trains the
    /// transitions globally with beam search (max-violation updates), and the parser then
    /// decodes with that beam: more accurate, several times slower.
    #[arg(long, default_value_t = 1)]
    pub beam: usize,
    /// Parser only: word-cluster features from the tagger's lexicon (copied into the parser's
    /// model). `auto`: with a beam only (on EWT dev they gained 0.4 UAS with beam 8 and
    /// nothing greedy).
    #[arg(long, value_enum, default_value_t = WordClusterChoice::Auto)]
    pub word_clusters: WordClusterChoice,
    /// Parser only: features whose averaged weights all stay below this magnitude are left
    /// out of the model, as `TRANSITIONS` or `TRANSITIONS/LABELS` (default 1.5/1.5). Higher
    /// values make a smaller, faster model.
    #[arg(long, value_parser = parse_prune)]
    pub prune: Option<(f32, f32)>,
}

/// `--prune`: one threshold for both models, or `transitions/labels`.
fn parse_prune(value: &str) -> Result<(f32, f32), String> {
    let number = |part: &str| {
        part.trim()
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("'{part}' is not a non-negative number"))
    };
    match value.split_once('/') {
        Some((transitions, labels)) => Ok((number(transitions)?, number(labels)?)),
        None => number(value).map(|v| (v, v)),
    }
}

/// `--word-clusters`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WordClusterChoice {
    Auto,
    On,
    Off,
}

impl TrainArgs {
    /// The data directory for unlabelled text (see [`TrainArgs::unlabeled`]).
    pub fn unlabeled_root(&self) -> PathBuf {
        self.unlabeled.clone().unwrap_or_else(|| {
            self.train
                .parent()
                .and_then(std::path::Path::parent)
                .unwrap_or(std::path::Path::new("."))
                .to_path_buf()
        })
    }
}

/// Arguments of a model evaluation.
#[derive(Args, Clone)]
pub struct ModelEvalArgs {
    /// Gold file.
    #[arg(long)]
    pub gold: PathBuf,
    /// Models directory.
    #[arg(long, default_value = DEFAULT_MODELS_DIR)]
    pub models: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// An evaluation report: a table for people and JSON for machines (and the floors check).
pub struct EvalOutput {
    pub table: String,
    pub json: serde_json::Value,
}

pub fn train(command: TrainCommand) -> Result<ExitCode> {
    match command {
        TrainCommand::Tagger(args) => tagger::train(&args),
        TrainCommand::Parser(args) => parser::train(&args),
        TrainCommand::Ner(args) => ner::train(&args),
        TrainCommand::Quotes(args) => quotes::train(&args),
    }
}

/// The command line as typed, for model headers.
pub fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}

/// Describe a data file for a model header: its path and size.
pub fn describe_data(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(meta) => format!("{} ({} bytes)", path.display(), meta.len()),
        Err(_) => path.display().to_string(),
    }
}

/// The models directory: `--models` when given, else `$NEWSGRAPH_MODELS`, else `./models`,
/// else the `models` directory of the source tree the binary was built in (for
/// `target/release/newsgraph`).
pub fn resolve_models_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os("NEWSGRAPH_MODELS") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from(DEFAULT_MODELS_DIR);
    if local.is_dir() {
        return local;
    }
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    if built_in.is_dir() {
        return built_in;
    }
    local
}

/// A pipeline with the models found in `dir` (see [`resolve_models_dir`]). Missing model
/// files are reported once; those layers do not run.
pub fn load_pipeline(
    options: newsgraph_analyze::AnalyzeOptions,
    dir: Option<&Path>,
) -> Result<newsgraph_analyze::Pipeline> {
    use anyhow::Context;
    let dir = resolve_models_dir(dir);
    let started = std::time::Instant::now();
    let (models, missing) =
        crate::memory::with_prompt_release(|| newsgraph_analyze::Models::load_dir(&dir))
            .with_context(|| format!("loading models from {}", dir.display()))?;
    tracing::debug!(
        "models from {} loaded in {:.0} ms",
        dir.display(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    if !missing.is_empty() {
        tracing::warn!(
            "model files not found, their layers will not run: {}",
            missing.join(", ")
        );
    }
    Ok(newsgraph_analyze::Pipeline::with_models(options, models))
}

/// Today's date (UTC) as `YYYY-MM-DD`, for model headers.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::parse_prune;

    #[test]
    fn prune_takes_one_threshold_or_one_per_model() {
        assert_eq!(parse_prune("3"), Ok((3.0, 3.0)));
        assert_eq!(parse_prune("2/1.5"), Ok((2.0, 1.5)));
        assert_eq!(parse_prune(" 0 / 4 "), Ok((0.0, 4.0)));
    }

    #[test]
    fn prune_refuses_what_is_not_a_non_negative_number() {
        for bad in ["", "x", "-1", "1/", "/2", "NaN", "inf", "1/2/3"] {
            assert!(parse_prune(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
