//! `newsgraph extract`: inputs → articles → documents, in input order, in parallel.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph_analyze::{AnalyzeOptions, Layers};
use newsgraph_core::{Document, ErrorRecord, InputError};
use newsgraph_events::petrarch::{PetrarchCoder, PetrarchDictionaries};
use newsgraph_ingest::{read_inputs, Deduplicator, InputFormat, ReadItem, ReadOptions};
use rayon::prelude::*;

use crate::render;

/// Articles analysed together; output is written after each batch, in input order.
const BATCH_SIZE: usize = 256;

#[derive(Args)]
pub struct ExtractArgs {
    /// Files (.txt, .jsonl, .html, .warc, .warc.gz, .rss, .atom, feed .xml/.json),
    /// directories (read recursively), http(s) URLs (pages or feeds) or `-` for standard input.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Output format: `jsonl` writes one record per line (a single article is plain JSON),
    /// `json` writes one JSON value (the document, or an array of records), `text` is for
    /// reading.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Indent JSON output.
    #[arg(long)]
    pretty: bool,
    /// Include the token list (text, tags, lemmas, heads) in the output.
    #[arg(long)]
    tokens: bool,
    /// Read every input as this format (text, jsonl, html, warc, feed) instead of choosing by
    /// file extension.
    #[arg(long, value_parser = parse_input_format)]
    input_format: Option<InputFormat>,
    /// Largest input file (or JSONL line) to read, in bytes.
    #[arg(long, default_value_t = ReadOptions::default().max_bytes)]
    max_bytes: u64,
    /// Do not look for duplicates (by default each article repeating an earlier one, exactly
    /// or nearly, gets `duplicate_of` linking to the first).
    #[arg(long)]
    no_dedup: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Directory of the trained models (default: $NEWSGRAPH_MODELS, else ./models).
    #[arg(long)]
    models: Option<PathBuf>,
    /// Run only these layers, comma-separated (pos, parse, ner, quotes, time, amounts, places,
    /// events), plus the layers they read; the default runs all. `--layers pos,parse,ner` is
    /// the fastest way to get tags, trees and entities.
    #[arg(long, value_parser = Layers::parse_list)]
    layers: Option<Layers>,
    /// Code events with the PETRARCH/TABARI-format CAMEO dictionaries in this directory (the
    /// files whose names contain "verbs", "actors", "agents" and optionally "discards")
    /// instead of ours; actor codes are the dictionaries' codes.
    #[arg(long)]
    cameo_dictionaries: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Jsonl,
    Json,
    Text,
}

fn parse_input_format(value: &str) -> Result<InputFormat, String> {
    value.parse::<InputFormat>().map_err(|e| e.to_string())
}

/// What became of the inputs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub ok: u64,
    pub failed: u64,
    pub skipped: u64,
}

enum Outcome {
    Document(Box<Document>),
    Error(InputError),
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let stdin_is_input = args.inputs.iter().any(|i| i == "-");
    if stdin_is_input && io::stdin().is_terminal() {
        tracing::warn!("reading articles from standard input (end with Ctrl-D); see --help");
    }
    let cameo = match &args.cameo_dictionaries {
        Some(dir) => {
            let dicts = PetrarchDictionaries::load_dir(dir)
                .with_context(|| format!("reading the CAMEO dictionaries in {}", dir.display()))?;
            for w in &dicts.warnings {
                tracing::warn!("{w}");
            }
            Some(dicts)
        }
        None => None,
    };
    let coder = cameo.as_ref().map(PetrarchCoder::new);
    // The dictionary coder reads the tokens; they are dropped again unless asked for.
    let pipeline = crate::models::load_pipeline(
        AnalyzeOptions {
            tokens: args.tokens || coder.is_some(),
        },
        args.models.as_deref(),
    )?
    .with_layers(Layers {
        // The dictionary coder reads the parse and the entities, which the events layer needs.
        events: args.layers.unwrap_or_default().events || coder.is_some(),
        ..args.layers.unwrap_or_default()
    });
    let read_options = ReadOptions {
        max_bytes: args.max_bytes,
        format: args.input_format,
        ..ReadOptions::default()
    };
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(File::create(path).with_context(|| format!("creating {}", path.display()))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut writer = RecordWriter::new(BufWriter::new(sink), args.format, args.pretty);

    let progress = progress_bar();
    let mut summary = Summary::default();
    let mut items = read_inputs(&args.inputs, &read_options);
    let mut dedup = (!args.no_dedup).then(Deduplicator::default);
    let mut batch: Vec<ReadItem> = Vec::with_capacity(BATCH_SIZE);
    loop {
        batch.clear();
        batch.extend(items.by_ref().take(BATCH_SIZE));
        if let Some(dedup) = dedup.as_mut() {
            for item in &mut batch {
                if let ReadItem::Article(article) = item {
                    dedup.process(article);
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<Outcome> = batch
            .par_drain(..)
            .map(|item| match item {
                ReadItem::Article(article) => {
                    let mut document = pipeline.analyze(article);
                    if let Some(coder) = &coder {
                        document.events = coder.code_document(&document, None);
                        if !args.tokens {
                            document.tokens.clear();
                        }
                    }
                    Outcome::Document(Box::new(document))
                }
                ReadItem::Error(error) => Outcome::Error(error),
            })
            .collect();
        for outcome in outcomes {
            match &outcome {
                Outcome::Document(_) => summary.ok += 1,
                Outcome::Error(error) if error.kind.is_skip() => {
                    summary.skipped += 1;
                    tracing::info!("skipped {error}");
                }
                Outcome::Error(error) => {
                    summary.failed += 1;
                    progress.suspend(|| tracing::warn!("{error}"));
                }
            }
            let written = match outcome {
                Outcome::Document(document) => writer.document(&document),
                Outcome::Error(error) => writer.error(error),
            };
            if let Err(error) = written {
                if is_broken_pipe(&error) {
                    return Ok(ExitCode::SUCCESS);
                }
                return Err(error).context("writing output");
            }
            progress.inc(1);
        }
    }
    match writer.finish() {
        Err(error) if !is_broken_pipe(&error) => return Err(error).context("writing output"),
        _ => {}
    }
    progress.finish_and_clear();
    tracing::debug!(?summary, "extract finished");
    eprintln!(
        "extract: {} ok, {} failed, {} skipped",
        summary.ok, summary.failed, summary.skipped
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn is_broken_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

fn progress_bar() -> ProgressBar {
    let progress = ProgressBar::new_spinner();
    if io::stderr().is_terminal() {
        progress.set_style(
            ProgressStyle::with_template("{spinner} {pos} inputs, {per_sec}, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        progress.enable_steady_tick(std::time::Duration::from_millis(200));
    } else {
        progress.set_draw_target(ProgressDrawTarget::hidden());
    }
    progress
}

/// Writes records in the chosen format. For `json`, the first record is held back until it
/// is known whether it is the only one (written alone) or the first of an array.
struct RecordWriter<W: Write> {
    out: W,
    format: OutputFormat,
    pretty: bool,
    held: Option<serde_json::Value>,
    records: usize,
}

impl<W: Write> RecordWriter<W> {
    fn new(out: W, format: OutputFormat, pretty: bool) -> Self {
        RecordWriter {
            out,
            format,
            pretty,
            held: None,
            records: 0,
        }
    }

    fn document(&mut self, document: &Document) -> io::Result<()> {
        match self.format {
            OutputFormat::Text => render::document_text(&mut self.out, document),
            _ => self.json(document),
        }
    }

    fn error(&mut self, error: InputError) -> io::Result<()> {
        match self.format {
            OutputFormat::Text => writeln!(self.out, "!! {error}\n"),
            _ => self.json(&ErrorRecord::from(error)),
        }
    }

    fn json<T: serde::Serialize>(&mut self, record: &T) -> io::Result<()> {
        self.records += 1;
        match self.format {
            OutputFormat::Json => {
                let value = serde_json::to_value(record).map_err(io::Error::other)?;
                if self.records == 1 {
                    self.held = Some(value);
                    return Ok(());
                }
                if let Some(first) = self.held.take() {
                    self.out.write_all(b"[\n")?;
                    self.write_value(&first)?;
                }
                self.out.write_all(b",\n")?;
                self.write_value(&value)
            }
            _ => {
                self.write_value(record)?;
                self.out.write_all(b"\n")
            }
        }
    }

    fn write_value<T: serde::Serialize>(&mut self, value: &T) -> io::Result<()> {
        if self.pretty {
            serde_json::to_writer_pretty(&mut self.out, value)?;
        } else {
            serde_json::to_writer(&mut self.out, value)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            match (self.records, self.held.take()) {
                (0, _) => self.out.write_all(b"[]\n")?,
                (_, Some(only)) => {
                    self.write_value(&only)?;
                    self.out.write_all(b"\n")?;
                }
                _ => self.out.write_all(b"\n]\n")?,
            }
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_analyze::Pipeline;
    use newsgraph_core::{Article, InputErrorKind};

    fn written(format: OutputFormat, documents: usize, errors: usize) -> String {
        let mut buffer = Vec::new();
        let mut writer = RecordWriter::new(&mut buffer, format, false);
        let pipeline = Pipeline::default();
        for i in 0..documents {
            let document = pipeline.analyze(Article::from_text(format!("Report number {i}.")));
            writer.document(&document).unwrap();
        }
        for i in 0..errors {
            let error = InputError::new("in.jsonl", Some(i as u64 + 1), InputErrorKind::Empty, "x");
            writer.error(error).unwrap();
        }
        writer.finish().unwrap();
        String::from_utf8(buffer).unwrap()
    }

    #[test]
    fn json_with_one_document_is_that_document() {
        let out = written(OutputFormat::Json, 1, 0);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["article"]["text"], "Report number 0.");
    }

    #[test]
    fn json_with_many_records_is_an_array_in_order() {
        let out = written(OutputFormat::Json, 2, 1);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let records = value.as_array().unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1]["article"]["text"], "Report number 1.");
        assert_eq!(records[2]["error"]["kind"], "empty");
        assert_eq!(written(OutputFormat::Json, 0, 0).trim(), "[]");
    }

    #[test]
    fn jsonl_writes_a_line_per_record() {
        let out = written(OutputFormat::Jsonl, 2, 1);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        for line in lines {
            let _: newsgraph_core::Record = serde_json::from_str(line).unwrap();
        }
    }
}
