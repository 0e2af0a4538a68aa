//! `newsgraph eval events`: the event coder against the PETRARCH2 validation records, the
//! IndiaPoliceEvents sentences, or our own JSONL format (docs/events.md).
//!
//! * PETRARCH2 (`*.xml`): records whose codings use the test-artefact roots 34, 80, 90 or 91
//!   are left out (they are not standard CAMEO). The records are coded with the PETRARCH
//!   coder and the suite's own dictionaries, the files the XML's `<Environment>` names next to
//!   it (or `--petrarch-dictionaries DIR`), read at run time; `--plover` codes them with our
//!   dictionaries and the fictional countries of `PETR.Validate.actors.txt` (or `--actors`). Scores:
//!   event-root accuracy, source and target accuracy (of the gold codings), complete codings
//!   (root, source and target all right), fully correct records (every gold coding found, no
//!   extra event) and the false-positive rate (coded events matching no gold coding).
//! * IndiaPoliceEvents (`sents.jsonl`, or its directory): each sentence is analysed on its own
//!   (its mojibake repaired) and labelled from its events with police (COP) as the source,
//!   and for ANY_ACTION also from any police agency (police as the agent of any verb or the
//!   source of a quote); sentence-level P/R/F1 for KILL, ARREST, FORCE, FAIL and ANY_ACTION.
//! * Ours (`*.jsonl` with `text` and `events`): type, source, target and triple P/R/F1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use newsgraph_analyze::{AnalyzeOptions, Pipeline};
use newsgraph_core::{Actor, Article, Document, Event, EventMode};
use newsgraph_events::petrarch::{date_number, PetrarchCoder, PetrarchDictionaries};
use newsgraph_events::{ActorLexicon, AgencyKind, Options};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::models::{self, EvalOutput as Report};

/// Gold formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// PETRARCH2 validation XML.
    Petrarch,
    /// IndiaPoliceEvents `sents.jsonl`.
    Ipe,
    /// Our JSONL: `{"text", "date"?, "events": [{"type", "source", "target"}]}`.
    Jsonl,
}

#[derive(Args)]
pub struct EventsArgs {
    /// Gold file or directory (format from its shape unless `--format` says).
    #[arg(long)]
    pub gold: PathBuf,
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// PETRARCH actor dictionary with the fictional countries (default:
    /// `PETR.Validate.actors.txt` next to the XML).
    #[arg(long)]
    pub actors: Option<PathBuf>,
    /// PETRARCH dictionaries directory for the PETRARCH2 records (default: the files the
    /// XML's `<Environment>` names, next to the XML).
    #[arg(long)]
    pub petrarch_dictionaries: Option<PathBuf>,
    /// Code the PETRARCH2 records with our PLOVER dictionaries instead of the suite's.
    #[arg(long)]
    pub plover: bool,
    /// Models directory.
    #[arg(long, default_value = models::DEFAULT_MODELS_DIR)]
    pub models: PathBuf,
    /// Score only the first N items.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// List the items scored wrong on stderr.
    #[arg(long)]
    pub errors: bool,
}

pub fn run(args: &EventsArgs) -> Result<()> {
    let report = evaluate_with(args)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.json)?);
    } else {
        print!("{}", report.table);
    }
    Ok(())
}

/// Evaluate a gold file with default settings (the floors check).
pub fn evaluate(gold: &Path, models_dir: &Path) -> Result<Report> {
    evaluate_with(&EventsArgs {
        gold: gold.to_path_buf(),
        format: None,
        actors: None,
        petrarch_dictionaries: None,
        plover: false,
        models: models_dir.to_path_buf(),
        limit: None,
        json: false,
        errors: false,
    })
}

fn evaluate_with(args: &EventsArgs) -> Result<Report> {
    let format = match args.format {
        Some(f) => f,
        None => detect(&args.gold)?,
    };
    let pipeline = models::load_pipeline(AnalyzeOptions { tokens: true }, Some(&args.models))?;
    match format {
        Format::Petrarch => petrarch(args, &pipeline),
        Format::Ipe => ipe(args, &pipeline),
        Format::Jsonl => ours(args, &pipeline),
    }
}

/// The format from the path: `.xml` → PETRARCH; a directory or a JSONL whose first record has
/// `sent_labels` → IndiaPoliceEvents; other JSONL → ours.
fn detect(path: &Path) -> Result<Format> {
    if path.is_dir() {
        return Ok(Format::Ipe);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("xml") => Ok(Format::Petrarch),
        Some("jsonl") | Some("json") => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            Ok(if first.contains("\"sent_labels\"") {
                Format::Ipe
            } else {
                Format::Jsonl
            })
        }
        _ => bail!(
            "cannot tell the format of {} (use --format petrarch|ipe|jsonl)",
            path.display()
        ),
    }
}

/// An actor as a CAMEO-style code: country (or `---`) then sectors, no separators.
fn actor_code(actor: Option<&Actor>) -> String {
    let Some(a) = actor else {
        return "---".to_string();
    };
    // PETRARCH writes organisation codes without a country slot ("IGOEEU", "NGO").
    let organisation = a.sectors.first().is_some_and(|s| s == "IGO" || s == "NGO");
    let mut code = match &a.country {
        Some(c) if c != "IGO" => c.clone(),
        _ if organisation => String::new(),
        _ => "---".to_string(),
    };
    for s in &a.sectors {
        code.push_str(s);
    }
    if code.is_empty() {
        "---".to_string()
    } else {
        code
    }
}

/// Events that count as coded: not negated, not denied.
fn counted(event: &Event) -> bool {
    counted_mode(event.mode)
}

fn counted_mode(mode: EventMode) -> bool {
    !matches!(mode, EventMode::Negated | EventMode::Denied)
}

fn analyze(pipeline: &Pipeline, text: &str, date: Option<&str>) -> Document {
    let mut article = Article::from_text(text.to_string());
    article.published = date.map(str::to_string);
    pipeline.analyze(article)
}

// ---------------------------------------------------------------- PETRARCH2

#[derive(Debug, Clone)]
struct Coding {
    source: String,
    target: String,
    code: String,
}

#[derive(Debug, Clone)]
struct Record {
    id: String,
    date: Option<String>,
    text: String,
    codings: Vec<Coding>,
    noevents: bool,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = tag[at..].trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let end = rest[1..].find(quote)?;
    Some(rest[1..1 + end].to_string())
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn read_petrarch(path: &Path) -> Result<Vec<Record>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let text = strip_comments(&raw);
    let mut records = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<Sentence ") {
        let Some(end) = rest[start..].find("</Sentence>") else {
            break;
        };
        let block = &rest[start..start + end];
        rest = &rest[start + end + 11..];
        let open_end = block.find('>').unwrap_or(block.len());
        let open = &block[..open_end];
        let id = attr(open, "id").unwrap_or_default();
        let date = attr(open, "date").map(|d| {
            if d.len() == 8 {
                format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8])
            } else {
                d
            }
        });
        let mut codings = Vec::new();
        let mut noevents = false;
        let mut scan = block;
        while let Some(at) = scan.find("<EventCoding") {
            let tag_end = scan[at..].find('>').map_or(scan.len(), |e| at + e);
            let tag = &scan[at..tag_end];
            if tag.contains("noevents") {
                noevents = true;
            } else if let (Some(s), Some(t), Some(c)) = (
                attr(tag, "sourcecode"),
                attr(tag, "targetcode"),
                attr(tag, "eventcode"),
            ) {
                codings.push(Coding {
                    source: s,
                    target: t,
                    code: c,
                });
            }
            scan = &scan[tag_end..];
        }
        let body = block
            .find("<Text>")
            .and_then(|a| {
                block[a + 6..]
                    .find("</Text>")
                    .map(|b| &block[a + 6..a + 6 + b])
            })
            .unwrap_or("");
        let text = unescape_xml(&body.split_whitespace().collect::<Vec<_>>().join(" "));
        records.push(Record {
            id,
            date,
            text,
            codings,
            noevents,
        });
    }
    Ok(records)
}

/// The dictionaries of a PETRARCH2 validation file: `--petrarch-dictionaries DIR`, else the
/// files its `<Environment>` names (`<Verbfile>`, `<Actorfile>`, `<Agentfile>`,
/// `<Discardfile>`), next to it.
fn petrarch_dictionaries(args: &EventsArgs) -> Result<PetrarchDictionaries> {
    if let Some(dir) = &args.petrarch_dictionaries {
        return PetrarchDictionaries::load_dir(dir)
            .with_context(|| format!("reading the PETRARCH dictionaries in {}", dir.display()));
    }
    let raw = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let text = strip_comments(&raw);
    let dir = args.gold.parent().unwrap_or(Path::new("."));
    let named = |tag: &str| -> Option<PathBuf> {
        let open = format!("<{tag}>");
        let at = text.find(&open)? + open.len();
        let end = text[at..].find("</")? + at;
        let name = text[at..end].trim();
        (!name.is_empty()).then(|| dir.join(name))
    };
    let (Some(verbs), Some(actors), Some(agents)) =
        (named("Verbfile"), named("Actorfile"), named("Agentfile"))
    else {
        bail!(
            "{} names no <Verbfile>, <Actorfile> and <Agentfile> (use --petrarch-dictionaries)",
            args.gold.display()
        );
    };
    let discards = named("Discardfile").filter(|p| p.exists());
    PetrarchDictionaries::load(&verbs, &actors, &agents, discards.as_deref())
        .context("reading the PETRARCH dictionaries the XML names")
}

/// The five predefined XML entities ("full &amp;TIETYPE ties").
fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

const ARTEFACT_ROOTS: [&str; 4] = ["34", "80", "90", "91"];

fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

#[derive(Debug, Default, Serialize)]
struct PetrarchReport {
    /// "petrarch-dictionaries" (the suite's own) or "plover" (ours).
    coder: &'static str,
    records: usize,
    excluded_artefact_records: usize,
    noevent_records: usize,
    gold_codings: usize,
    predicted_events: usize,
    event_root_accuracy: f64,
    event_code_accuracy: f64,
    source_accuracy: f64,
    target_accuracy: f64,
    complete_codings: f64,
    fully_correct_records: f64,
    false_positive_rate: f64,
    noevent_records_with_events: usize,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn petrarch(args: &EventsArgs, pipeline: &Pipeline) -> Result<Report> {
    let mut records = read_petrarch(&args.gold)?;
    if let Some(n) = args.limit {
        records.truncate(n);
    }
    let actors_path = args.actors.clone().unwrap_or_else(|| {
        args.gold
            .parent()
            .unwrap_or(Path::new("."))
            .join("PETR.Validate.actors.txt")
    });
    let lexicon = match std::fs::read_to_string(&actors_path) {
        Ok(text) => newsgraph_events::parse_petrarch_actors(&text),
        Err(e) => {
            tracing::warn!("no PETRARCH actors file at {}: {e}", actors_path.display());
            ActorLexicon::default()
        }
    };
    let excluded = records
        .iter()
        .filter(|r| {
            r.codings
                .iter()
                .any(|c| ARTEFACT_ROOTS.contains(&root(&c.code)))
        })
        .count();
    records.retain(|r| {
        !r.codings
            .iter()
            .any(|c| ARTEFACT_ROOTS.contains(&root(&c.code)))
    });
    struct Scored {
        gold: usize,
        root: usize,
        code: usize,
        source: usize,
        target: usize,
        complete: usize,
        predicted: usize,
        unmatched: usize,
        fully: bool,
        noevents: bool,
        line: String,
    }
    let options = Options {
        extra_actors: Some(&lexicon),
        no_dateline_country: true,
    };
    let dictionaries = if args.plover {
        None
    } else {
        let d = petrarch_dictionaries(args)?;
        for w in &d.warnings {
            tracing::warn!("{w}");
        }
        Some(d)
    };
    let coder = dictionaries.as_ref().map(PetrarchCoder::new);
    let scored: Vec<Scored> = records
        .par_iter()
        .map(|r| {
            let document = analyze(pipeline, &r.text, r.date.as_deref());
            let coded = match &coder {
                Some(c) => c.code_document(&document, r.date.as_deref().and_then(date_number)),
                None => newsgraph_events::code_document(&document, &options),
            };
            let events: Vec<(String, String, String)> = coded
                .iter()
                .filter(|e| counted(e))
                .map(|e| {
                    (
                        actor_code(e.source.as_ref()),
                        actor_code(e.target.as_ref()),
                        e.cameo.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let mut s = Scored {
                gold: r.codings.len(),
                root: 0,
                code: 0,
                source: 0,
                target: 0,
                complete: 0,
                predicted: events.len(),
                unmatched: 0,
                fully: false,
                noevents: r.noevents || r.codings.is_empty(),
                line: String::new(),
            };
            for g in &r.codings {
                // The best predicted event for this coding.
                let best = events
                    .iter()
                    .map(|(src, tgt, code)| {
                        let rm = root(code) == root(&g.code);
                        (
                            rm,
                            code == &g.code,
                            rm && src == &g.source,
                            rm && tgt == &g.target,
                        )
                    })
                    .max_by_key(|&(r, c, s, t)| {
                        u8::from(r && s && t) * 8
                            + u8::from(s)
                            + u8::from(t)
                            + u8::from(r) * 2
                            + u8::from(c)
                    });
                if let Some((rm, cm, sm, tm)) = best {
                    s.root += usize::from(rm);
                    s.code += usize::from(cm);
                    s.source += usize::from(sm);
                    s.target += usize::from(tm);
                    s.complete += usize::from(rm && sm && tm);
                }
            }
            for (src, tgt, code) in &events {
                let matched = r
                    .codings
                    .iter()
                    .any(|g| root(code) == root(&g.code) && src == &g.source && tgt == &g.target);
                s.unmatched += usize::from(!matched);
            }
            s.fully = s.complete == s.gold && s.unmatched == 0;
            if args.errors && !s.fully {
                let gold: Vec<String> = r
                    .codings
                    .iter()
                    .map(|g| format!("{} {} {}", g.source, g.target, g.code))
                    .collect();
                let got: Vec<String> = events
                    .iter()
                    .map(|(a, b, c)| format!("{a} {b} {c}"))
                    .collect();
                s.line = format!(
                    "{}\tgold [{}]\tgot [{}]\t{}\n",
                    r.id,
                    gold.join("; "),
                    got.join("; "),
                    r.text
                );
            }
            s
        })
        .collect();
    if args.errors {
        for s in &scored {
            eprint!("{}", s.line);
        }
    }
    let with_events: Vec<&Scored> = scored.iter().filter(|s| !s.noevents).collect();
    let sum = |f: &dyn Fn(&Scored) -> usize| with_events.iter().map(|s| f(s)).sum::<usize>();
    let gold = sum(&|s| s.gold);
    let predicted: usize = scored.iter().map(|s| s.predicted).sum();
    let unmatched: usize = scored.iter().map(|s| s.unmatched).sum();
    let report = PetrarchReport {
        coder: if coder.is_some() {
            "petrarch-dictionaries"
        } else {
            "plover"
        },
        records: scored.len(),
        excluded_artefact_records: excluded,
        noevent_records: scored.iter().filter(|s| s.noevents).count(),
        gold_codings: gold,
        predicted_events: predicted,
        event_root_accuracy: pct(sum(&|s| s.root), gold),
        event_code_accuracy: pct(sum(&|s| s.code), gold),
        source_accuracy: pct(sum(&|s| s.source), gold),
        target_accuracy: pct(sum(&|s| s.target), gold),
        complete_codings: pct(sum(&|s| s.complete), gold),
        fully_correct_records: pct(scored.iter().filter(|s| s.fully).count(), scored.len()),
        false_positive_rate: pct(unmatched, predicted),
        noevent_records_with_events: scored
            .iter()
            .filter(|s| s.noevents && s.predicted > 0)
            .count(),
    };
    let table = format!(
        "PETRARCH2 validation ({} coder): {} records ({} with artefact codes 34/80/90/91 excluded, {} \
         no-event records), {} gold codings, {} coded events\n\
         event root accuracy   {:6.2}\n\
         event code accuracy   {:6.2}\n\
         source accuracy       {:6.2}\n\
         target accuracy       {:6.2}\n\
         complete codings      {:6.2}\n\
         fully correct records {:6.2}\n\
         false positive rate   {:6.2}  ({} no-event records got events)\n",
        report.coder,
        report.records,
        report.excluded_artefact_records,
        report.noevent_records,
        report.gold_codings,
        report.predicted_events,
        report.event_root_accuracy,
        report.event_code_accuracy,
        report.source_accuracy,
        report.target_accuracy,
        report.complete_codings,
        report.fully_correct_records,
        report.false_positive_rate,
        report.noevent_records_with_events,
    );
    Ok(Report {
        table,
        json: serde_json::to_value(&report)?,
    })
}

// ---------------------------------------------------------------- IndiaPoliceEvents

#[derive(Deserialize)]
struct IpeSentence {
    doc_id: u64,
    sent_id: u64,
    #[serde(default)]
    sent_labels: Vec<String>,
    sent_text: String,
}

const IPE_LABELS: [&str; 5] = ["KILL", "ARREST", "FORCE", "FAIL", "ANY_ACTION"];

fn is_police(actor: &Actor) -> bool {
    actor.sectors.iter().any(|s| s == "COP")
}

/// The IndiaPoliceEvents labels a sentence's events and agencies imply (police as the actor).
fn ipe_labels(document: &Document) -> Vec<&'static str> {
    let mut labels = Vec::new();
    for e in &document.events {
        let police = e.source.as_ref().is_some_and(is_police);
        let cameo = e.cameo.as_deref().unwrap_or("");
        // Arrests and detentions without an expressed agent are police actions. Curfews are
        // not: a district magistrate orders them, and the annotators did not count them.
        let agentless = e.source.is_none() && cameo == "173";
        let arrest = cameo == "173" && (police || e.source.is_none()) && counted(e);
        if !(police || agentless) {
            continue;
        }
        // A police assault in a sentence that reports deaths is a killing.
        let sentence = document
            .sentences
            .get(e.sentence)
            .map(|s| document.evidence(s.span).to_lowercase())
            .unwrap_or_default();
        let deaths = [
            "kill",
            "dead",
            "died",
            "death",
            "gunned down",
            "lost their li",
            "lost his li",
        ];
        let killing = matches!(e.event_type.as_str(), "ASSAULT")
            && (deaths.iter().any(|w| sentence.contains(w)) || cameo == "186" || cameo == "202");
        let force = matches!(e.event_type.as_str(), "ASSAULT") || cameo == "175" || killing;
        let mut add = |l: &'static str| {
            if !labels.contains(&l) {
                labels.push(l);
            }
        };
        if e.mode == EventMode::Negated {
            add("FAIL");
            continue;
        }
        // The specific labels ask what police did: asserted events only; ANY_ACTION also
        // takes announced and possible actions of a named police actor, as the annotators
        // did, but not an agentless "should be arrested".
        let asserted = e.mode == EventMode::Asserted;
        if agentless && !asserted {
            continue;
        }
        if arrest && asserted {
            add("ARREST");
        }
        if killing && asserted {
            add("KILL");
        }
        if force && asserted {
            add("FORCE");
        }
        add("ANY_ACTION");
    }
    // "Did police do anything?" asks about every police action, not only the political events
    // the coder codes: police as the agent of any verb, or as the source of a statement.
    if !labels.contains(&"ANY_ACTION") {
        let acted = newsgraph_events::agencies(document, &Options::default())
            .iter()
            .any(|a| {
                // An implied agent, like an agentless arrest, only for what was done.
                let implied = a.kind == AgencyKind::Implied;
                is_police(&a.actor)
                    && counted_mode(a.mode)
                    && (!implied || a.mode == EventMode::Asserted)
            });
        if acted {
            labels.push("ANY_ACTION");
        }
    }
    labels
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
struct Prf {
    tp: usize,
    fp: usize,
    #[serde(rename = "fn")]
    fn_: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl Prf {
    fn finish(mut self) -> Self {
        self.precision = pct(self.tp, self.tp + self.fp);
        self.recall = pct(self.tp, self.tp + self.fn_);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
        self
    }

    fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            _ => {}
        }
    }
}

fn ipe(args: &EventsArgs, pipeline: &Pipeline) -> Result<Report> {
    let path = if args.gold.is_dir() {
        args.gold.join("sents.jsonl")
    } else {
        args.gold.clone()
    };
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut sentences = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let s: IpeSentence = serde_json::from_str(line).with_context(|| {
            format!(
                "{}:{}: not an IndiaPoliceEvents record",
                path.display(),
                i + 1
            )
        })?;
        sentences.push(s);
    }
    if let Some(n) = args.limit {
        sentences.truncate(n);
    }
    let results: Vec<(Vec<&'static str>, Vec<String>, String)> = sentences
        .par_iter()
        .map(|s| {
            // The corpus is UTF-8 read as Windows-1252 ("â€œ"), cut at its sentence splits.
            let text = newsgraph_html::encoding::repair_mojibake_runs(s.sent_text.trim());
            let document = analyze(pipeline, &text, None);
            let predicted = ipe_labels(&document);
            let mut line = String::new();
            if args.errors {
                let gold: Vec<&str> = s.sent_labels.iter().map(String::as_str).collect();
                let mut p = predicted.clone();
                p.sort_unstable();
                let mut g = gold.clone();
                g.sort_unstable();
                if p != g {
                    line = format!(
                        "{}:{}\tgold {:?}\tgot {:?}\t{}\n",
                        s.doc_id,
                        s.sent_id,
                        g,
                        p,
                        s.sent_text.trim()
                    );
                }
            }
            (predicted, s.sent_labels.clone(), line)
        })
        .collect();
    let mut scores: BTreeMap<&'static str, Prf> = BTreeMap::new();
    for (predicted, gold, line) in &results {
        if args.errors {
            eprint!("{line}");
        }
        for label in IPE_LABELS {
            scores
                .entry(label)
                .or_default()
                .add(gold.iter().any(|g| g == label), predicted.contains(&label));
        }
    }
    let scores: BTreeMap<&str, Prf> = scores.into_iter().map(|(k, v)| (k, v.finish())).collect();
    let mut table = format!(
        "IndiaPoliceEvents: {} sentences, sentence-level labels from events with police as source\n\
         label        precision  recall      F1   (tp/fp/fn)\n",
        results.len()
    );
    for label in IPE_LABELS {
        if let Some(s) = scores.get(label) {
            table.push_str(&format!(
                "{label:<12} {:9.2} {:7.2} {:7.2}   ({}/{}/{})\n",
                s.precision, s.recall, s.f1, s.tp, s.fp, s.fn_
            ));
        }
    }
    Ok(Report {
        table,
        json: serde_json::json!({ "sentences": results.len(), "labels": scores }),
    })
}

// ---------------------------------------------------------------- our JSONL

#[derive(Deserialize)]
struct OurRecord {
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    events: Vec<OurEvent>,
}

#[derive(Deserialize, Clone)]
struct OurEvent {
    #[serde(rename = "type")]
    event_type: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    target: Option<String>,
}

/// An actor code of our format, normalised: country then sectors sorted, space-separated
/// ("TCD GOV MIL"); "" when absent.
fn normalize_code(code: Option<&str>) -> String {
    let Some(code) = code else {
        return String::new();
    };
    let mut words: Vec<&str> = code.split_whitespace().collect();
    if words.is_empty() {
        return String::new();
    }
    let known = |w: &str| newsgraph_events::dict::SECTORS_KNOWN.contains(&w);
    // A code that starts with a sector has no country ("IGO", "MIL"); an unnamed IGO's
    // country "IGO" is the same as its sector.
    let country = if known(words[0]) {
        None
    } else {
        Some(words.remove(0))
    };
    words.sort_unstable();
    words.dedup();
    let mut out: Vec<&str> = country.into_iter().collect();
    out.extend(words);
    out.join(" ")
}

fn our_code(actor: Option<&Actor>) -> String {
    let Some(a) = actor else {
        return String::new();
    };
    let mut parts: Vec<&str> = Vec::new();
    if let Some(c) = &a.country {
        parts.push(c);
    }
    parts.extend(a.sectors.iter().map(String::as_str));
    normalize_code(Some(&parts.join(" ")))
}

fn ours(args: &EventsArgs, pipeline: &Pipeline) -> Result<Report> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: OurRecord = serde_json::from_str(line).with_context(|| {
            format!(
                "{}:{}: expected {{\"text\", \"events\"}}",
                args.gold.display(),
                i + 1
            )
        })?;
        records.push(r);
    }
    if let Some(n) = args.limit {
        records.truncate(n);
    }
    type Triple = (String, String, String);
    let results: Vec<(Vec<Triple>, Vec<Triple>)> = records
        .par_iter()
        .map(|r| {
            let document = analyze(pipeline, &r.text, r.date.as_deref());
            let predicted: Vec<Triple> = document
                .events
                .iter()
                .filter(|e| counted(e))
                .map(|e| {
                    (
                        e.event_type.clone(),
                        our_code(e.source.as_ref()),
                        our_code(e.target.as_ref()),
                    )
                })
                .collect();
            let gold: Vec<Triple> = r
                .events
                .iter()
                .map(|e| {
                    (
                        e.event_type.to_uppercase(),
                        normalize_code(e.source.as_deref()),
                        normalize_code(e.target.as_deref()),
                    )
                })
                .collect();
            (gold, predicted)
        })
        .collect();
    // Multiset matching per record on a key function.
    let score = |key: &dyn Fn(&Triple) -> String| {
        let mut prf = Prf::default();
        for (gold, predicted) in &results {
            let mut left: Vec<String> = gold.iter().map(key).collect();
            for p in predicted {
                let k = key(p);
                if let Some(at) = left.iter().position(|g| *g == k) {
                    left.remove(at);
                    prf.tp += 1;
                } else {
                    prf.fp += 1;
                }
            }
            prf.fn_ += left.len();
        }
        prf.finish()
    };
    let by_type = score(&|t| t.0.clone());
    let by_source = score(&|t| format!("{}|{}", t.0, t.1));
    let by_target = score(&|t| format!("{}|{}", t.0, t.2));
    let triple = score(&|t| format!("{}|{}|{}", t.0, t.1, t.2));
    if args.errors {
        for ((gold, predicted), r) in results.iter().zip(&records) {
            if gold != predicted {
                eprintln!("gold {gold:?}\tgot {predicted:?}\t{}", r.text);
            }
        }
    }
    let mut table = format!(
        "Events (our JSONL): {} texts\nmatch          precision  recall      F1\n",
        results.len()
    );
    for (name, s) in [
        ("type", by_type),
        ("type+source", by_source),
        ("type+target", by_target),
        ("triple", triple),
    ] {
        table.push_str(&format!(
            "{name:<14} {:9.2} {:7.2} {:7.2}\n",
            s.precision, s.recall, s.f1
        ));
    }
    Ok(Report {
        table,
        json: serde_json::json!({
            "texts": results.len(),
            "type": by_type,
            "type_source": by_source,
            "type_target": by_target,
            "triple": triple,
        }),
    })
}
