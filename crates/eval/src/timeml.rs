//! TimeML (TimeBank, AQUAINT) reading and TempEval-3 scoring of time expressions.
//!
//! The text of a document is its `<TEXT>` element with the tags stripped and the XML entities
//! decoded; gold TIMEX3 extents are byte spans into that text, so predicted spans over the
//! same text compare directly. The document creation time is the TIMEX3 whose
//! `functionInDocument` is `CREATION_TIME` (it sits outside `<TEXT>` and is not scored).
//!
//! Scoring follows TempEval-3: strict extent match (same span) and relaxed match (overlap),
//! each one-to-one; type and value accuracy over relaxed matches; attribute F1 = relaxed F1 ×
//! attribute accuracy.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use newsgraph_core::{Span, TimeExpression};
use serde::Serialize;

use crate::metrics::Prf;

#[derive(Debug, thiserror::Error)]
pub enum TimemlError {
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
    #[error("no .tml files under {0}")]
    Empty(String),
}

/// One gold time expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    pub span: Span,
    pub time_type: String,
    pub value: Option<String>,
}

/// One TimeML document.
#[derive(Debug, Clone)]
pub struct TimemlDocument {
    /// File stem.
    pub id: String,
    /// The directory the file sits in ("TimeBank", "AQUAINT").
    pub subcorpus: String,
    /// The `<TEXT>` content, tags stripped.
    pub text: String,
    /// The creation time's value ("1998-08-07", "1998-12-05T09:42").
    pub dct: Option<String>,
    pub timexes: Vec<GoldTimex>,
}

/// Every `.tml` file under `dir`, in path order.
pub fn read_dir(dir: &Path) -> Result<Vec<TimemlDocument>, TimemlError> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(TimemlError::Empty(dir.display().to_string()));
    }
    files
        .iter()
        .map(|path| {
            let xml = std::fs::read_to_string(path).map_err(|source| TimemlError::Io {
                path: path.display().to_string(),
                source,
            })?;
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let subcorpus = path
                .parent()
                .and_then(Path::file_name)
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            parse_document(&xml, &id, &subcorpus).map_err(|message| TimemlError::Format {
                path: path.display().to_string(),
                message,
            })
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), TimemlError> {
    let io = |source| TimemlError::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            files.push(path);
        }
    }
    Ok(())
}

/// The value of attribute `name` in a start tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(k) = rest.find(name) {
        let before_ok = k == 0 || rest.as_bytes()[k - 1].is_ascii_whitespace();
        let after = rest[k + name.len()..].trim_start();
        if before_ok {
            if let Some(after) = after.strip_prefix('=') {
                let after = after.trim_start();
                let quote = after.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let body = &after[1..];
                    let end = body.find(quote)?;
                    return Some(decode(&body[..end]));
                }
            }
        }
        rest = &rest[k + name.len()..];
    }
    None
}

/// Decode the predefined XML entities and numeric character references.
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parse one TimeML document.
pub fn parse_document(xml: &str, id: &str, subcorpus: &str) -> Result<TimemlDocument, String> {
    // The creation time, wherever it is.
    let mut dct = None;
    let mut search = xml;
    while let Some(k) = search.find("<TIMEX3") {
        let tail = &search[k..];
        let end = tail.find('>').ok_or("unterminated TIMEX3 tag")?;
        let tag = &tail[..end];
        if attribute(tag, "functionInDocument").as_deref() == Some("CREATION_TIME") {
            dct = attribute(tag, "value");
            break;
        }
        search = &tail[end..];
    }
    let open = xml.find("<TEXT>").ok_or("no <TEXT> element")?;
    let body_start = open + "<TEXT>".len();
    let close = xml[body_start..]
        .find("</TEXT>")
        .map(|k| body_start + k)
        .ok_or("no </TEXT>")?;
    let body = &xml[body_start..close];

    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut open_timex: Option<(usize, String, Option<String>)> = None;
    let mut rest = body;
    while let Some(k) = rest.find('<') {
        text.push_str(&decode(&rest[..k]));
        let tail = &rest[k..];
        let end = tail.find('>').ok_or("unterminated tag")?;
        let tag = &tail[1..end];
        if let Some(attrs) = tag.strip_prefix("TIMEX3") {
            if open_timex.is_some() {
                return Err("nested TIMEX3".into());
            }
            let time_type = attribute(attrs, "type").unwrap_or_default();
            let value = attribute(attrs, "value").filter(|v| !v.is_empty());
            open_timex = Some((text.len(), time_type, value));
        } else if tag == "/TIMEX3" {
            let (start, time_type, value) = open_timex.take().ok_or("unopened </TIMEX3>")?;
            timexes.push(GoldTimex {
                span: Span::new(start, text.len()),
                time_type,
                value,
            });
        }
        rest = &tail[end + 1..];
    }
    text.push_str(&decode(rest));
    if open_timex.is_some() {
        return Err("unclosed TIMEX3".into());
    }
    Ok(TimemlDocument {
        id: id.to_string(),
        subcorpus: subcorpus.to_string(),
        text,
        dct,
        timexes,
    })
}

/// Counts behind the TempEval-3 scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeCounts {
    pub documents: usize,
    pub gold: usize,
    pub predicted: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub type_correct: usize,
    pub value_correct: usize,
}

impl TimeCounts {
    pub fn add(&mut self, other: &TimeCounts) {
        self.documents += other.documents;
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.strict += other.strict;
        self.relaxed += other.relaxed;
        self.type_correct += other.type_correct;
        self.value_correct += other.value_correct;
    }
}

/// Compare one document's predictions with its gold expressions.
pub fn compare(gold: &[GoldTimex], predicted: &[TimeExpression]) -> TimeCounts {
    let mut counts = TimeCounts {
        documents: 1,
        gold: gold.len(),
        predicted: predicted.len(),
        ..TimeCounts::default()
    };
    let mut strict_used = vec![false; gold.len()];
    let mut relaxed_used = vec![false; gold.len()];
    for p in predicted {
        if let Some(g) = (0..gold.len()).find(|&g| !strict_used[g] && gold[g].span == p.span) {
            strict_used[g] = true;
            counts.strict += 1;
        }
        let overlaps = |g: &GoldTimex| g.span.start < p.span.end && p.span.start < g.span.end;
        // Prefer an exact match, then the first overlapping one.
        let found = (0..gold.len())
            .find(|&g| !relaxed_used[g] && gold[g].span == p.span)
            .or_else(|| (0..gold.len()).find(|&g| !relaxed_used[g] && overlaps(&gold[g])));
        if let Some(g) = found {
            relaxed_used[g] = true;
            counts.relaxed += 1;
            if gold[g].time_type == p.time_type.as_str() {
                counts.type_correct += 1;
            }
            if gold[g].value == p.value {
                counts.value_correct += 1;
            }
        }
    }
    counts
}

/// The disagreements of one document, one line each, for error analysis: missed gold
/// expressions, spurious predictions, and relaxed matches with another type or value.
pub fn mismatches(text: &str, gold: &[GoldTimex], predicted: &[TimeExpression]) -> Vec<String> {
    let cite = |span: Span| span.slice(text).unwrap_or("").replace('\n', " ");
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    let mut lines = Vec::new();
    for g in gold {
        match predicted.iter().find(|p| overlaps(p.span, g.span)) {
            None => lines.push(format!(
                "missed   {:?} {} {}",
                cite(g.span),
                g.time_type,
                g.value.as_deref().unwrap_or("-")
            )),
            Some(p) => {
                let value_ok = p.value == g.value;
                let type_ok = p.time_type.as_str() == g.time_type;
                let span_ok = p.span == g.span;
                if !(value_ok && type_ok && span_ok) {
                    lines.push(format!(
                        "differs  {:?} {} {} | ours {:?} {} {}",
                        cite(g.span),
                        g.time_type,
                        g.value.as_deref().unwrap_or("-"),
                        cite(p.span),
                        p.time_type.as_str(),
                        p.value.as_deref().unwrap_or("-")
                    ));
                }
            }
        }
    }
    for p in predicted {
        if !gold.iter().any(|g| overlaps(p.span, g.span)) {
            let start = p.span.start.saturating_sub(30);
            let context = (start..p.span.start)
                .find(|&k| text.is_char_boundary(k))
                .and_then(|k| text.get(k..p.span.end))
                .unwrap_or("")
                .replace('\n', " ");
            lines.push(format!(
                "spurious {:?} {} {} in {:?}",
                cite(p.span),
                p.time_type.as_str(),
                p.value.as_deref().unwrap_or("-"),
                context
            ));
        }
    }
    lines
}

/// The TempEval-3 scores of a set of documents (percentages).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeScores {
    pub documents: usize,
    pub strict: Prf,
    pub relaxed: Prf,
    /// Share of relaxed matches with the gold type.
    pub type_accuracy: f64,
    pub type_f1: f64,
    /// Share of relaxed matches with the gold value.
    pub value_accuracy: f64,
    pub value_f1: f64,
}

impl TimeScores {
    pub fn from_counts(c: &TimeCounts) -> TimeScores {
        let strict = Prf::from_counts(c.gold, c.predicted, c.strict);
        let relaxed = Prf::from_counts(c.gold, c.predicted, c.relaxed);
        let share = |n: usize| {
            if c.relaxed == 0 {
                0.0
            } else {
                100.0 * n as f64 / c.relaxed as f64
            }
        };
        let type_accuracy = share(c.type_correct);
        let value_accuracy = share(c.value_correct);
        TimeScores {
            documents: c.documents,
            strict,
            relaxed,
            type_accuracy,
            type_f1: relaxed.f1 * type_accuracy / 100.0,
            value_accuracy,
            value_f1: relaxed.f1 * value_accuracy / 100.0,
        }
    }
}

/// Scores per subcorpus and in total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeReport {
    pub subcorpora: BTreeMap<String, TimeScores>,
    pub total: TimeScores,
}

impl TimeReport {
    /// Build the report from per-document counts labelled with their subcorpus.
    pub fn from_documents<'a>(counts: impl IntoIterator<Item = (&'a str, TimeCounts)>) -> Self {
        let mut per: BTreeMap<String, TimeCounts> = BTreeMap::new();
        let mut total = TimeCounts::default();
        for (subcorpus, c) in counts {
            per.entry(subcorpus.to_string()).or_default().add(&c);
            total.add(&c);
        }
        TimeReport {
            subcorpora: per
                .iter()
                .map(|(k, c)| (k.clone(), TimeScores::from_counts(c)))
                .collect(),
            total: TimeScores::from_counts(&total),
        }
    }

    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "corpus",
            "docs",
            "gold",
            "sP",
            "sR",
            "sF1",
            "rP",
            "rR",
            "rF1",
            "type",
            "value",
            "valF1"
        );
        let rows = self
            .subcorpora
            .iter()
            .map(|(k, s)| (k.as_str(), s))
            .chain(std::iter::once(("total", &self.total)));
        for (name, s) in rows {
            let _ = writeln!(
                out,
                "{:<12} {:>5} {:>6} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2}",
                name,
                s.documents,
                s.relaxed.gold,
                s.strict.precision,
                s.strict.recall,
                s.strict.f1,
                s.relaxed.precision,
                s.relaxed.recall,
                s.relaxed.f1,
                s.type_accuracy,
                s.value_accuracy,
                s.value_f1
            );
        }
        out.push_str(
            "s = strict extent, r = relaxed (overlap); type and value: accuracy over relaxed \
             matches; valF1 = rF1 × value accuracy (TempEval-3)\n",
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_core::TimeType;

    /// A TimeML document of our own.
    const FIXTURE: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2026-03-14" temporalFunction="false" functionInDocument="CREATION_TIME">March 14, 2026</TIMEX3></DCT>
<TEXT>
The army <EVENT eid="e1" class="OCCURRENCE">said</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2026-03-08">Sunday</TIMEX3> that A&amp;B troops had held the bridge for <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.
Profits fell in <TIMEX3 tid="t3" type="DATE" value="2025-Q3">the third quarter</TIMEX3>.
</TEXT>
</TimeML>
"#;

    fn doc() -> TimemlDocument {
        parse_document(FIXTURE, "TEST0001", "Ours").unwrap()
    }

    fn predicted(text: &str, part: &str, ty: TimeType, value: &str) -> TimeExpression {
        let start = text.find(part).unwrap();
        TimeExpression {
            span: Span::new(start, start + part.len()),
            sentence: 0,
            text: part.to_string(),
            time_type: ty,
            value: Some(value.to_string()),
            anchor: None,
        }
    }

    #[test]
    fn reads_text_dct_and_gold_offsets() {
        let d = doc();
        assert_eq!(d.dct.as_deref(), Some("2026-03-14"));
        assert!(d.text.contains("that A&B troops had held"));
        assert!(!d.text.contains('<'));
        let texts: Vec<&str> = d
            .timexes
            .iter()
            .map(|t| &d.text[t.span.start..t.span.end])
            .collect();
        assert_eq!(texts, vec!["Sunday", "two weeks", "the third quarter"]);
        assert_eq!(d.timexes[1].time_type, "DURATION");
        assert_eq!(d.timexes[2].value.as_deref(), Some("2025-Q3"));
    }

    #[test]
    fn scores_strict_relaxed_type_and_value() {
        let d = doc();
        let t = &d.text;
        let ours = vec![
            predicted(t, "Sunday", TimeType::Date, "2026-03-08"),
            // relaxed only (extra "for"), right type, right value
            predicted(t, "for two weeks", TimeType::Duration, "P2W"),
            // relaxed only (no "the"), wrong value
            predicted(t, "third quarter", TimeType::Date, "2026-Q3"),
            // spurious
            predicted(t, "bridge", TimeType::Date, "X"),
        ];
        let counts = compare(&d.timexes, &ours);
        assert_eq!(counts.gold, 3);
        assert_eq!(counts.predicted, 4);
        assert_eq!(counts.strict, 1);
        assert_eq!(counts.relaxed, 3);
        assert_eq!(counts.type_correct, 3);
        assert_eq!(counts.value_correct, 2);
        let report = TimeReport::from_documents([("Ours", counts)]);
        let s = report.total;
        assert!((s.relaxed.precision - 75.0).abs() < 1e-9);
        assert!((s.relaxed.recall - 100.0).abs() < 1e-9);
        let f1 = 2.0 * 75.0 * 100.0 / 175.0;
        assert!((s.relaxed.f1 - f1).abs() < 1e-9);
        assert!((s.value_accuracy - 200.0 / 3.0).abs() < 1e-9);
        assert!((s.value_f1 - f1 * 2.0 / 3.0).abs() < 1e-9);
        assert!((s.strict.f1 - 2.0 * 25.0 * (100.0 / 3.0) / (25.0 + 100.0 / 3.0)).abs() < 1e-9);
        assert!(report.subcorpora.contains_key("Ours"));
        assert!(report.to_table().contains("total"));
        let lines = mismatches(t, &d.timexes, &ours);
        assert_eq!(lines.len(), 3, "{lines:?}");
    }

    #[test]
    fn one_prediction_matches_one_gold_expression() {
        let d = doc();
        let t = &d.text;
        let wide = predicted(t, "Sunday", TimeType::Date, "2026-03-08");
        let counts = compare(&d.timexes, &[wide.clone(), wide]);
        assert_eq!((counts.relaxed, counts.strict), (1, 1));
    }

    #[test]
    fn bad_documents_are_errors() {
        assert!(parse_document("<TimeML></TimeML>", "x", "y").is_err());
        assert!(parse_document("<TEXT><TIMEX3 type=\"DATE\">x</TEXT>", "x", "y").is_err());
        assert!(parse_document("<TEXT></TIMEX3></TEXT>", "x", "y").is_err());
        let dir = std::env::temp_dir().join("newsgraph-timeml-empty-test");
        let _ = std::fs::create_dir_all(&dir);
        assert!(matches!(read_dir(&dir), Err(TimemlError::Empty(_))));
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode("a&amp;b &lt;c&gt; &#65;&#x42; &bogus; &"),
            "a&b <c> AB &bogus; &"
        );
    }
}
