//! `newsgraph eval html`: main-text and metadata extraction scored against two gold formats.
//!
//! * trafilatura's benchmark (a directory with `evaldata.json` and `html/`): per page, every
//!   "with" snippet found verbatim in the extracted text is a true positive and every one
//!   missing a false negative; every "without" snippet found is a false positive and every
//!   one absent a true negative; precision, recall, F1 and accuracy over the summed counts,
//!   exactly as trafilatura's `tests/evaluate.py` does. A page that yields no article counts
//!   as empty output. Metadata, on the pages whose gold value is not empty: title accuracy
//!   (equal after case folding, whitespace collapsing and unifying dash and quote variants),
//!   author accuracy (the same set of name words, case-folded, ignoring the connectors
//!   and/und/et/&) and date accuracy (the same `YYYY-MM-DD`).
//! * the article-extraction-benchmark format (`ground-truth.json` mapping an id to
//!   `{"articleBody", …}`, pages in `html/<id>.html.gz`): token 4-gram shingles (`\w+`
//!   tokens), per-document TP/FP/FN normalised to sum 1, precision averaged over documents
//!   with TP+FP > 0, recall over those with TP+FN > 0, F1 from the two averages, as that
//!   benchmark's `evaluate.py` computes them.
//!
//! Extraction is timed page by page on one thread (reading files excluded): docs/s and MB/s.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use serde_json::{json, Value};

#[derive(Args)]
pub struct HtmlArgs {
    /// Gold data: a directory holding `evaldata.json` and `html/` (trafilatura's benchmark) or
    /// `ground-truth.json` and `html/<id>.html.gz` (article-extraction-benchmark), or one of
    /// those two files.
    #[arg(long)]
    gold: PathBuf,
    /// Score these predictions instead of running newsgraph's extractor: a JSON object
    /// mapping each page (its file name in `evaldata.json`, or its id) to
    /// `{"text" or "articleBody", "title", "author", "date"}`.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Write newsgraph's predictions to this file, in the `--predictions` layout.
    #[arg(long)]
    write_predictions: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// One page's prediction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prediction {
    pub text: String,
    pub title: String,
    pub author: String,
    pub date: String,
}

impl Prediction {
    fn from_json(value: &Value) -> Prediction {
        let field = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| match value.get(*n) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Array(items)) => Some(
                        items
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    _ => None,
                })
                .unwrap_or_default()
        };
        Prediction {
            text: field(&["text", "articleBody"]),
            title: field(&["title", "headline"]),
            author: field(&["author", "authors", "byline"]),
            date: field(&["date", "published", "datePublished"]),
        }
    }

    fn to_json(&self) -> Value {
        json!({"text": self.text, "title": self.title, "author": self.author, "date": self.date})
    }
}

/// Snippet counts for trafilatura's benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnippetCounts {
    pub tp: usize,
    pub fn_: usize,
    pub fp: usize,
    pub tn: usize,
}

impl SnippetCounts {
    pub fn add_page(&mut self, text: &str, with: &[String], without: &[String]) {
        let found = with.iter().filter(|s| text.contains(s.as_str())).count();
        self.tp += found;
        self.fn_ += with.len() - found;
        let leaked = without.iter().filter(|s| text.contains(s.as_str())).count();
        self.fp += leaked;
        self.tn += without.len() - leaked;
    }

    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 {
            0.0
        } else {
            a as f64 / b as f64
        }
    }

    pub fn precision(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        Self::ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
    pub fn accuracy(&self) -> f64 {
        Self::ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }
}

/// Title comparison form: canonically composed (NFC: "ড়" written as one code point or as
/// "ড" plus a nukta is the same letter), case-folded, whitespace collapsed, dash and quote
/// variants unified, soft hyphens and zero-width characters (invisible on the page) dropped.
pub fn normalize_title(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mapped: String = title
        .nfc()
        .filter(|c| {
            !matches!(
                c,
                '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'
            )
        })
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' | '‒' | '−' => '-',
            '“' | '”' | '„' | '«' | '»' | '″' => '"',
            '‘' | '’' | '‚' | '‹' | '›' | '′' | '`' => '\'',
            c => c,
        })
        .collect();
    mapped
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Author comparison form: the set of case-folded name words, without connectors.
pub fn author_words(authors: &str) -> HashSet<String> {
    authors
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "and" | "und" | "et"))
        .collect()
}

fn gold_string(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, Default)]
struct Accuracy {
    right: usize,
    total: usize,
}

impl Accuracy {
    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }
    fn value(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// Extraction timing, one thread.
#[derive(Debug, Clone, Copy, Default)]
struct Timing {
    docs: usize,
    bytes: usize,
    failed: usize,
    elapsed: Duration,
}

impl Timing {
    fn docs_per_s(&self) -> f64 {
        self.docs as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
    fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

fn run_ours(bytes: &[u8], url: Option<&str>, timing: &mut Timing) -> Prediction {
    let start = Instant::now();
    let result = newsgraph_html::extract_article(bytes, url, None);
    timing.elapsed += start.elapsed();
    timing.docs += 1;
    timing.bytes += bytes.len();
    match result {
        Ok(article) => Prediction {
            text: article.text,
            title: article.title.unwrap_or_default(),
            author: article.authors.join("; "),
            date: article.published.unwrap_or_default(),
        },
        Err(_) => {
            timing.failed += 1;
            Prediction::default()
        }
    }
}

fn load_predictions(path: &Path) -> Result<HashMap<String, Prediction>> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let value: Value =
        serde_json::from_slice(&raw).with_context(|| format!("{} is not JSON", path.display()))?;
    let Some(object) = value.as_object() else {
        bail!("{}: expected a JSON object keyed by page", path.display());
    };
    Ok(object
        .iter()
        .map(|(k, v)| (k.clone(), Prediction::from_json(v)))
        .collect())
}

enum Format {
    Trafilatura(PathBuf),
    Benchmark(PathBuf),
}

fn detect_format(gold: &Path) -> Result<Format> {
    let dir = if gold.is_file() {
        gold.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        gold.to_path_buf()
    };
    let name = gold.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == "ground-truth.json" || (gold.is_dir() && dir.join("ground-truth.json").is_file()) {
        return Ok(Format::Benchmark(dir));
    }
    if name == "evaldata.json" || (gold.is_dir() && dir.join("evaldata.json").is_file()) {
        return Ok(Format::Trafilatura(dir));
    }
    bail!(
        "{}: neither trafilatura's benchmark (evaldata.json + html/) nor the article-extraction-benchmark (ground-truth.json + html/<id>.html.gz)",
        gold.display()
    )
}

/// A report: a table for people, JSON for machines.
pub struct HtmlReport {
    pub table: String,
    pub json: Value,
}

/// Score newsgraph's extractor on gold data in either format (for `eval floors`).
pub fn evaluate(gold: &Path) -> Result<HtmlReport> {
    let (report, _) = match detect_format(gold)? {
        Format::Trafilatura(dir) => evaluate_trafilatura(&dir, None)?,
        Format::Benchmark(dir) => evaluate_benchmark(&dir, None)?,
    };
    Ok(report)
}

pub fn run(args: &HtmlArgs) -> Result<()> {
    let predictions = args
        .predictions
        .as_deref()
        .map(load_predictions)
        .transpose()?;
    let (report, ours) = match detect_format(&args.gold)? {
        Format::Trafilatura(dir) => evaluate_trafilatura(&dir, predictions.as_ref())?,
        Format::Benchmark(dir) => evaluate_benchmark(&dir, predictions.as_ref())?,
    };
    if let Some(path) = &args.write_predictions {
        let object: serde_json::Map<String, Value> =
            ours.iter().map(|(k, p)| (k.clone(), p.to_json())).collect();
        std::fs::write(path, serde_json::to_vec(&Value::Object(object))?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.json)?);
    } else {
        print!("{}", report.table);
    }
    Ok(())
}

fn timing_json(timing: &Timing) -> Value {
    json!({
        "docs": timing.docs, "bytes": timing.bytes, "failed": timing.failed,
        "seconds": timing.elapsed.as_secs_f64(), "docs_per_s": timing.docs_per_s(),
        "mb_per_s": timing.mb_per_s(), "threads": 1,
    })
}

fn timing_line(timing: &Timing) -> String {
    format!(
        "extraction: {} pages, {:.1} MB in {:.2} s on one thread = {:.1} docs/s, {:.2} MB/s ({} gave no article)\n",
        timing.docs,
        timing.bytes as f64 / 1e6,
        timing.elapsed.as_secs_f64(),
        timing.docs_per_s(),
        timing.mb_per_s(),
        timing.failed
    )
}

/// Score trafilatura's benchmark in `dir`; returns the report and the predictions scored.
pub fn evaluate_trafilatura(
    dir: &Path,
    given: Option<&HashMap<String, Prediction>>,
) -> Result<(HtmlReport, BTreeMap<String, Prediction>)> {
    let path = dir.join("evaldata.json");
    let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let gold: Value =
        serde_json::from_slice(&raw).with_context(|| format!("{} is not JSON", path.display()))?;
    let Some(pages) = gold.as_object() else {
        bail!("{}: expected an object keyed by URL", path.display());
    };
    let mut counts = SnippetCounts::default();
    let (mut title, mut author, mut date) = (
        Accuracy::default(),
        Accuracy::default(),
        Accuracy::default(),
    );
    let mut timing = Timing::default();
    let mut missing = 0;
    let mut scored = BTreeMap::new();
    for (url, item) in pages {
        let Some(file) = item.get("file").and_then(Value::as_str) else {
            continue;
        };
        let prediction = match given {
            Some(map) => map.get(file).cloned().unwrap_or_default(),
            None => match std::fs::read(dir.join("html").join(file)) {
                Ok(bytes) => run_ours(&bytes, Some(url), &mut timing),
                Err(_) => {
                    missing += 1;
                    continue;
                }
            },
        };
        counts.add_page(
            &prediction.text,
            &string_list(item.get("with")),
            &string_list(item.get("without")),
        );
        let gold_title = gold_string(item.get("title"));
        if !gold_title.is_empty() {
            title.add(normalize_title(&prediction.title) == normalize_title(&gold_title));
        }
        let gold_author = gold_string(item.get("author"));
        if !gold_author.is_empty() {
            author.add(author_words(&prediction.author) == author_words(&gold_author));
        }
        let gold_date = gold_string(item.get("date"));
        if gold_date.len() >= 10 {
            date.add(prediction.date.get(..10) == gold_date.get(..10));
        }
        scored.insert(file.to_string(), prediction);
    }
    let mut table = format!(
        "trafilatura benchmark {}: {} pages{}\n",
        dir.display(),
        scored.len(),
        if missing > 0 {
            format!(" ({missing} HTML files missing, skipped)")
        } else {
            String::new()
        }
    );
    table.push_str(&format!(
        "snippets  precision {:.3}  recall {:.3}  F1 {:.3}  accuracy {:.3}  (tp {} fn {} fp {} tn {})\n",
        counts.precision(), counts.recall(), counts.f1(), counts.accuracy(),
        counts.tp, counts.fn_, counts.fp, counts.tn
    ));
    table.push_str(&format!(
        "metadata  title {:.3} ({}/{})  author {:.3} ({}/{})  date {:.3} ({}/{})\n",
        title.value(),
        title.right,
        title.total,
        author.value(),
        author.right,
        author.total,
        date.value(),
        date.right,
        date.total
    ));
    if given.is_none() {
        table.push_str(&timing_line(&timing));
    }
    let mut json = json!({
        "format": "trafilatura", "pages": scored.len(), "missing_html": missing,
        "precision": counts.precision(), "recall": counts.recall(), "f1": counts.f1(),
        "accuracy": counts.accuracy(),
        "counts": {"tp": counts.tp, "fn": counts.fn_, "fp": counts.fp, "tn": counts.tn},
        "title_accuracy": title.value(), "title_pages": title.total,
        "author_accuracy": author.value(), "author_pages": author.total,
        "date_accuracy": date.value(), "date_pages": date.total,
    });
    if given.is_none() {
        json["timing"] = timing_json(&timing);
    }
    Ok((HtmlReport { table, json }, scored))
}

/// `\w+` tokens (letters, digits, marks of letters, underscore).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut out = HashMap::new();
    let count = tokens.len().saturating_sub(n - 1).max(1);
    for i in 0..count {
        let shingle: Vec<&str> = tokens[i..(i + n).min(tokens.len())].to_vec();
        if !shingle.is_empty() {
            *out.entry(shingle).or_insert(0) += 1;
        }
    }
    out
}

/// Per-document shingle TP/FP/FN, normalised to sum 1 (all zero when both texts are empty).
pub fn shingle_matching(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let truth = shingles(truth, 4);
    let predicted = shingles(predicted, 4);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in truth
        .keys()
        .chain(predicted.keys().filter(|k| !truth.contains_key(*k)))
    {
        let t = *truth.get(key).unwrap_or(&0) as f64;
        let p = *predicted.get(key).unwrap_or(&0) as f64;
        tp += t.min(p);
        fp += (p - t).max(0.0);
        fn_ += (t - p).max(0.0);
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        (tp / sum, fp / sum, fn_ / sum)
    } else {
        (tp, fp, fn_)
    }
}

/// Precision, recall and F1 over per-document (tp, fp, fn), as the benchmark averages them.
pub fn benchmark_scores(per_doc: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(
        per_doc
            .iter()
            .filter(|(tp, fp, _)| tp + fp > 0.0)
            .map(|&(tp, fp, fn_)| {
                if fp == 0.0 && fn_ == 0.0 {
                    1.0
                } else {
                    tp / (tp + fp)
                }
            })
            .collect(),
    );
    let recall = mean(
        per_doc
            .iter()
            .filter(|(tp, _, fn_)| tp + fn_ > 0.0)
            .map(|&(tp, fp, fn_)| {
                if fp == 0.0 && fn_ == 0.0 {
                    1.0
                } else {
                    tp / (tp + fn_)
                }
            })
            .collect(),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// Score the article-extraction-benchmark layout in `dir`.
pub fn evaluate_benchmark(
    dir: &Path,
    given: Option<&HashMap<String, Prediction>>,
) -> Result<(HtmlReport, BTreeMap<String, Prediction>)> {
    let path = dir.join("ground-truth.json");
    let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let gold: Value =
        serde_json::from_slice(&raw).with_context(|| format!("{} is not JSON", path.display()))?;
    let Some(pages) = gold.as_object() else {
        bail!("{}: expected an object keyed by page id", path.display());
    };
    let mut timing = Timing::default();
    let mut per_doc = Vec::new();
    let mut scored = BTreeMap::new();
    let mut unreadable = Vec::new();
    for (id, item) in pages {
        let truth = item
            .get("articleBody")
            .and_then(Value::as_str)
            .unwrap_or("");
        let prediction = match given {
            Some(map) => map.get(id).cloned().unwrap_or_default(),
            None => match read_gz(&dir.join("html").join(format!("{id}.html.gz"))) {
                Ok(bytes) => {
                    let url = item.get("url").and_then(Value::as_str);
                    run_ours(&bytes, url, &mut timing)
                }
                Err(error) => {
                    unreadable.push(format!("{id}: {error:#}"));
                    Prediction::default()
                }
            },
        };
        per_doc.push(shingle_matching(truth, &prediction.text));
        scored.insert(id.clone(), prediction);
    }
    let (precision, recall, f1) = benchmark_scores(&per_doc);
    let mut table = format!(
        "article-extraction-benchmark {}: {} pages\ntokens    precision {:.3}  recall {:.3}  F1 {:.3}\n",
        dir.display(),
        per_doc.len(),
        precision,
        recall,
        f1
    );
    for problem in &unreadable {
        table.push_str(&format!("unreadable page (scored as empty) {problem}\n"));
    }
    if given.is_none() {
        table.push_str(&timing_line(&timing));
    }
    let mut json = json!({
        "format": "article-extraction-benchmark", "pages": per_doc.len(),
        "precision": precision, "recall": recall, "f1": f1, "unreadable": unreadable,
    });
    if given.is_none() {
        json["timing"] = timing_json(&timing);
    }
    Ok((HtmlReport { table, json }, scored))
}

fn read_gz(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .take(newsgraph_html::DEFAULT_MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("decompressing {}", path.display()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const PAGE: &str = r#"<html lang="en"><head><title>Harbour reopens - Coast News</title>
        <meta property="article:published_time" content="2024-05-02T08:00:00Z">
        <meta name="author" content="Ann Lee"></head><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/contact">Contact us</a></li></ul></nav>
        <article><h1>Harbour reopens</h1>
        <p>The harbour reopened on Thursday after three weeks of repairs to the sea wall, the port authority said in a statement issued in the morning.</p>
        <p>Fishing boats queued at the entrance before dawn, and the first catch was landed shortly after seven o'clock, traders said.</p>
        <p>Repairs cost more than two million pounds and were paid for by the county council and a national resilience fund.</p>
        </article><footer>Copyright Coast News. Contact us for licensing.</footer></body></html>"#;

    #[test]
    fn snippet_counts_follow_trafilatura() {
        let mut counts = SnippetCounts::default();
        counts.add_page(
            "alpha beta gamma",
            &["alpha".into(), "delta".into()],
            &["gamma".into(), "omega".into()],
        );
        assert_eq!(
            counts,
            SnippetCounts {
                tp: 1,
                fn_: 1,
                fp: 1,
                tn: 1
            }
        );
        assert!((counts.f1() - 0.5).abs() < 1e-9);
        assert!((counts.accuracy() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn title_and_author_rules() {
        assert_eq!(
            normalize_title("Korsetts – Shops  "),
            normalize_title("korsetts - shops")
        );
        assert_ne!(
            normalize_title("A title"),
            normalize_title("A title | Site")
        );
        // Canonically equivalent spellings: one code point, or a letter and a combining mark.
        assert_eq!(
            normalize_title("Caf\u{E9} \u{9DC}"),
            normalize_title("Cafe\u{301} \u{9A1}\u{9BC}")
        );
        assert_eq!(
            author_words("Ann Lee und Bo Chan"),
            author_words("Bo Chan; Ann Lee")
        );
        assert_ne!(author_words("Ann Lee"), author_words("Ann"));
    }

    #[test]
    fn shingles_match_the_benchmark() {
        // Identical texts: all true positives.
        let (tp, fp, fn_) = shingle_matching("one two three four five", "one two three four five");
        assert!((tp - 1.0).abs() < 1e-9 && fp == 0.0 && fn_ == 0.0);
        // Two of three gold shingles predicted, plus one extra: tp 2, fp 1, fn 1, over 4.
        let (tp, fp, fn_) = shingle_matching("a b c d e f", "a b c d e x");
        assert!((tp - 0.5).abs() < 1e-9, "{tp}");
        assert!((fp - 0.25).abs() < 1e-9 && (fn_ - 0.25).abs() < 1e-9);
        // Short texts are one shingle.
        let (tp, _, _) = shingle_matching("hello world", "hello world");
        assert!((tp - 1.0).abs() < 1e-9);
        let (p, r, f) = benchmark_scores(&[(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)]);
        assert!((p - 1.0).abs() < 1e-9 && (r - 0.5).abs() < 1e-9);
        assert!((f - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn trafilatura_format_end_to_end() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("html")).unwrap();
        std::fs::write(dir.path().join("html/harbour.html"), PAGE).unwrap();
        let gold = json!({
            "https://coast.example/2024/05/02/harbour": {
                "file": "harbour.html",
                "with": ["after three weeks of repairs", "first catch was landed"],
                "without": ["Copyright Coast News", "Contact us"],
                "title": "Harbour reopens", "author": "Ann Lee", "date": "2024-05-02"
            },
            "https://coast.example/missing": {"file": "missing.html", "with": ["x"], "without": []}
        });
        std::fs::write(dir.path().join("evaldata.json"), gold.to_string()).unwrap();
        let (report, scored) = evaluate_trafilatura(dir.path(), None).unwrap();
        assert_eq!(scored.len(), 1);
        assert_eq!(report.json["counts"]["tp"], 2);
        assert_eq!(report.json["counts"]["fp"], 0);
        assert_eq!(report.json["title_accuracy"], 1.0);
        assert_eq!(report.json["author_accuracy"], 1.0);
        assert_eq!(report.json["date_accuracy"], 1.0);
        assert_eq!(report.json["missing_html"], 1);
        assert!(report.table.contains("docs/s"));

        // The same gold scores given predictions, e.g. another extractor's output.
        let mut given = HashMap::new();
        given.insert(
            "harbour.html".to_string(),
            Prediction {
                text: "Contact us. first catch was landed".into(),
                ..Default::default()
            },
        );
        let (report, _) = evaluate_trafilatura(dir.path(), Some(&given)).unwrap();
        assert_eq!(report.json["counts"]["tp"], 1);
        assert_eq!(report.json["counts"]["fp"], 1);
        assert_eq!(report.json["title_accuracy"], 0.0);
    }

    #[test]
    fn benchmark_format_end_to_end() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("html")).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(PAGE.as_bytes()).unwrap();
        std::fs::write(dir.path().join("html/p1.html.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(
            dir.path().join("html/p2.html.gz"),
            b"\x1f\x8b\x08\x00broken",
        )
        .unwrap();
        let truth = "The harbour reopened on Thursday after three weeks of repairs to the sea wall, the port authority said in a statement issued in the morning. Fishing boats queued at the entrance before dawn, and the first catch was landed shortly after seven o'clock, traders said. Repairs cost more than two million pounds and were paid for by the county council and a national resilience fund.";
        let gold = json!({"p1": {"articleBody": truth, "url": "https://coast.example/h"}, "p2": {"articleBody": "lost page text here"}});
        std::fs::write(dir.path().join("ground-truth.json"), gold.to_string()).unwrap();
        let (report, scored) = evaluate_benchmark(dir.path(), None).unwrap();
        assert_eq!(scored.len(), 2);
        assert!(
            report.json["precision"].as_f64().unwrap() > 0.8,
            "{}",
            report.table
        );
        // p2 is unreadable: recall averages 1 good and 1 empty document.
        let recall = report.json["recall"].as_f64().unwrap();
        assert!(recall > 0.4 && recall <= 0.5 + 1e-9, "{recall}");
        assert_eq!(report.json["unreadable"].as_array().unwrap().len(), 1);
        assert!(matches!(
            detect_format(&dir.path().join("ground-truth.json")),
            Ok(Format::Benchmark(_))
        ));
    }
}
