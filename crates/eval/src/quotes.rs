//! Attribution gold data (PolNeAR brat standoff) and its scores.
//!
//! A gold directory holds `text/<article>.txt` and `attributions/<article>_<annotator>.ann`
//! (or `attributions/<article>.ann`). Each `.ann` file lists `T` lines (`T3\tContent 115 290\t…`,
//! fragments of a discontinuous span separated by `;`) and `E` lines tying a `Cue`, a `Content`
//! and optionally a `Source` into one attribution. Offsets in the files are **character**
//! offsets; they are converted here to byte offsets into the text as read. Where an article has
//! several annotators' files, the lexicographically first annotator id is used and named in
//! [`GoldArticle::annotator`]; the others are kept in [`GoldArticle::other_annotations`] to
//! measure how far the annotators agree with each other (see [`AgreementReport`]).
//!
//! ## Scores
//!
//! For each role (source, cue, content):
//!
//! - **exact**: predicted and gold spans are compared as sets per article; a discontinuous gold
//!   span is compared by its cover (first fragment start to last fragment end). Both sides are
//!   trimmed of surrounding whitespace.
//! - **overlap** (token counting, as in PARC-style evaluations): every word token of the article
//!   (a token with at least one letter or digit, from newsgraph's tokenizer) is counted once per
//!   role; it is *gold* if a gold fragment of that role covers part of it and *predicted* if a
//!   predicted span of that role does. Precision is |gold ∩ predicted| / |predicted|, recall
//!   |gold ∩ predicted| / |gold|.
//!
//! On the articles that several annotators annotated, the same exact and overlap scores are
//! also taken between every ordered pair of annotators (one as gold, the other as if it were
//! predictions) and between the system and each annotator. A system cannot be expected to
//! agree with one annotator better than the annotators agree with each other, so these are the
//! ceiling to read the system's scores against.
//!
//! Speaker resolution is scored on gold attributions whose source holds a name (a `PERSON` or
//! `ORG` mention found by the pipeline inside the gold source span) and that the system found
//! (a predicted attribution with the same cue span, or else overlapping content): it is correct
//! when the predicted speaker entity has a mention overlapping the gold source or a name whose
//! last word equals the last word of that gold name.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use newsgraph_core::Span;
use serde::Serialize;

use crate::metrics::Prf;

#[derive(Debug, thiserror::Error)]
pub enum QuoteGoldError {
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}: no attributions/ directory (expected text/ and attributions/)")]
    Layout(PathBuf),
}

/// One gold span: byte-offset fragments, in text order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldSpan {
    pub fragments: Vec<Span>,
}

impl GoldSpan {
    /// First fragment start to last fragment end.
    pub fn cover(&self) -> Span {
        let start = self.fragments.first().map_or(0, |s| s.start);
        let end = self.fragments.last().map_or(start, |s| s.end);
        Span::new(start, end)
    }
}

/// One gold attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldAttribution {
    pub source: Option<GoldSpan>,
    pub cue: Option<GoldSpan>,
    pub content: Option<GoldSpan>,
}

/// One gold article.
#[derive(Debug, Clone, Serialize)]
pub struct GoldArticle {
    /// File stem of the text (`<article>`).
    pub name: String,
    /// The annotator whose file is the gold, when the file name names one.
    pub annotator: Option<String>,
    pub text: String,
    pub attributions: Vec<GoldAttribution>,
    /// The other annotators' attributions of the same text, in annotator order.
    pub other_annotations: Vec<OtherAnnotation>,
}

/// One more annotator's attributions of an article.
#[derive(Debug, Clone, Serialize)]
pub struct OtherAnnotation {
    pub annotator: String,
    pub attributions: Vec<GoldAttribution>,
}

/// Read a PolNeAR-style directory (`DIR/text`, `DIR/attributions`).
pub fn read_polnear(dir: &Path) -> Result<Vec<GoldArticle>, QuoteGoldError> {
    let ann_dir = dir.join("attributions");
    let text_dir = dir.join("text");
    if !ann_dir.is_dir() {
        return Err(QuoteGoldError::Layout(dir.to_path_buf()));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| QuoteGoldError::Io { path, source }
    };
    let mut by_article: BTreeMap<String, Vec<(Option<String>, PathBuf)>> = BTreeMap::new();
    for entry in std::fs::read_dir(&ann_dir).map_err(io(&ann_dir))? {
        let path = entry.map_err(io(&ann_dir))?.path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".ann"))
        else {
            continue;
        };
        let (article, annotator) = if text_dir.join(format!("{stem}.txt")).is_file() {
            (stem.to_string(), None)
        } else if let Some((article, annotator)) = stem.rsplit_once('_') {
            (article.to_string(), Some(annotator.to_string()))
        } else {
            (stem.to_string(), None)
        };
        by_article
            .entry(article)
            .or_default()
            .push((annotator, path.clone()));
    }
    let mut articles = Vec::with_capacity(by_article.len());
    for (name, mut files) in by_article {
        files.sort();
        let Some((annotator, ann_path)) = files.first().cloned() else {
            continue;
        };
        let text_path = text_dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path).map_err(io(&text_path))?;
        let read = |path: &Path| -> Result<Vec<GoldAttribution>, QuoteGoldError> {
            let ann = std::fs::read_to_string(path).map_err(io(path))?;
            parse_ann(&ann, &text, path)
        };
        let attributions = read(&ann_path)?;
        let mut other_annotations = Vec::new();
        for (other, path) in files.iter().skip(1) {
            if let Some(other) = other {
                other_annotations.push(OtherAnnotation {
                    annotator: other.clone(),
                    attributions: read(path)?,
                });
            }
        }
        articles.push(GoldArticle {
            name,
            annotator,
            text,
            attributions,
            other_annotations,
        });
    }
    Ok(articles)
}

/// Byte offset of every character offset (one past the end included).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    map
}

/// Parse one brat `.ann` file against its text.
pub fn parse_ann(
    ann: &str,
    text: &str,
    path: &Path,
) -> Result<Vec<GoldAttribution>, QuoteGoldError> {
    let map = char_to_byte(text);
    let format = |line: usize, message: String| QuoteGoldError::Format {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut spans: BTreeMap<&str, (String, GoldSpan)> = BTreeMap::new();
    let mut events: Vec<(usize, &str)> = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let mut fields = line.split('\t');
        let id = fields.next().unwrap_or("");
        let body = fields.next().unwrap_or("");
        let numbered = |prefix: char| {
            id.strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if numbered('T') {
            let (label, offsets) = body
                .split_once(' ')
                .ok_or_else(|| format(n + 1, format!("bad text-bound line {line:?}")))?;
            let mut fragments = Vec::new();
            for fragment in offsets.split(';') {
                let mut parts = fragment.split_whitespace();
                let mut number = || -> Result<usize, QuoteGoldError> {
                    let value: usize = parts
                        .next()
                        .and_then(|p| p.parse().ok())
                        .ok_or_else(|| format(n + 1, format!("bad offsets {offsets:?}")))?;
                    map.get(value)
                        .copied()
                        .ok_or_else(|| format(n + 1, format!("offset {value} past the text")))
                };
                let start = number()?;
                let end = number()?;
                fragments.push(trim(text, Span::new(start, end)));
            }
            fragments.sort();
            spans.insert(id, (label.to_string(), GoldSpan { fragments }));
        } else if numbered('E') {
            events.push((n + 1, body));
        }
    }
    let mut attributions = Vec::new();
    for (_, body) in events {
        let mut attribution = GoldAttribution {
            source: None,
            cue: None,
            content: None,
        };
        for argument in body.split_whitespace() {
            let Some((role, id)) = argument.split_once(':') else {
                continue;
            };
            let Some((_, span)) = spans.get(id) else {
                continue;
            };
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            match role {
                "Source" => attribution.source = Some(span.clone()),
                "Cue" => attribution.cue = Some(span.clone()),
                "Content" => attribution.content = Some(span.clone()),
                _ => {}
            }
        }
        if attribution.cue.is_some() || attribution.content.is_some() {
            attributions.push(attribution);
        }
    }
    Ok(attributions)
}

/// The span without surrounding whitespace.
pub fn trim(text: &str, span: Span) -> Span {
    let Some(s) = span.slice(text) else {
        return span;
    };
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end)
}

/// What the system predicted for one attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictedAttribution {
    pub source: Option<Span>,
    pub cue: Option<Span>,
    pub content: Span,
    /// Spans of the mentions of the speaker entity, and its names (name and aliases).
    pub speaker_mentions: Vec<Span>,
    pub speaker_names: Vec<String>,
}

/// One article's gold, predictions and the pieces of the text the metrics need.
pub struct ScoredArticle<'a> {
    pub gold: &'a GoldArticle,
    pub predicted: Vec<PredictedAttribution>,
    /// Word tokens of the text (for the overlap scores).
    pub tokens: Vec<Span>,
    /// PERSON and ORG mentions the pipeline found (for speaker resolution).
    pub names: Vec<Span>,
}

/// Exact and token-overlap scores of one role.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct RoleScores {
    pub exact: Prf,
    pub overlap: Prf,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SpeakerScores {
    /// Gold attributions whose source holds a name.
    pub named_gold: usize,
    /// Of those, found by the system.
    pub found: usize,
    /// Of those found, with the right speaker entity.
    pub correct: usize,
    /// `correct / found`, as a percentage.
    pub accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteReport {
    pub articles: usize,
    pub source: RoleScores,
    pub cue: RoleScores,
    pub content: RoleScores,
    pub speaker: SpeakerScores,
    /// Articles read from one of several annotators' files: `article: annotator`.
    pub annotators: BTreeMap<String, String>,
    /// Agreement on the articles several annotators annotated; none when there are none.
    pub agreement: Option<AgreementReport>,
}

/// How far the annotators agree with each other, and the system with each of them, on the
/// articles that several annotators annotated (exact and overlap scores as for the system).
#[derive(Debug, Clone, Serialize)]
pub struct AgreementReport {
    pub articles: usize,
    /// Ordered pairs of annotations of the same article that were compared.
    pub annotator_pairs: usize,
    /// Every annotator scored against every other as gold.
    pub annotators: AgreementScores,
    /// The system scored against every annotator as gold.
    pub system: AgreementScores,
}

/// Scores of one side of an [`AgreementReport`].
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct AgreementScores {
    pub source: RoleScores,
    pub cue: RoleScores,
    pub content: RoleScores,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    correct: usize,
}

impl Counts {
    fn prf(&self) -> Prf {
        Prf::from_counts(self.gold, self.predicted, self.correct)
    }
}

#[derive(Default)]
struct RoleCounts {
    exact: Counts,
    overlap: Counts,
}

impl RoleCounts {
    /// Count the system's spans of one role in one article against the gold's.
    fn add(&mut self, text: &str, tokens: &[Span], gold: &[&GoldSpan], predicted: &[Span]) {
        let predicted_exact: BTreeSet<Span> = predicted.iter().map(|&p| trim(text, p)).collect();
        self.add_sets(tokens, gold, predicted_exact, predicted);
    }

    /// Count another annotator's spans of one role in one article against the gold's, as the
    /// system's are counted: exact by their covers, overlap by their fragments.
    fn add_annotation(&mut self, tokens: &[Span], gold: &[&GoldSpan], other: &[&GoldSpan]) {
        let covers: BTreeSet<Span> = other.iter().map(|g| g.cover()).collect();
        let fragments: Vec<Span> = other
            .iter()
            .flat_map(|g| g.fragments.iter().copied())
            .collect();
        self.add_sets(tokens, gold, covers, &fragments);
    }

    fn add_sets(
        &mut self,
        tokens: &[Span],
        gold: &[&GoldSpan],
        predicted_exact: BTreeSet<Span>,
        predicted: &[Span],
    ) {
        let gold_exact: BTreeSet<Span> = gold.iter().map(|g| g.cover()).collect();
        self.exact.gold += gold_exact.len();
        self.exact.predicted += predicted_exact.len();
        self.exact.correct += gold_exact.intersection(&predicted_exact).count();
        let gold_fragments: Vec<Span> = gold
            .iter()
            .flat_map(|g| g.fragments.iter().copied())
            .collect();
        for token in tokens {
            let in_gold = gold_fragments.iter().any(|g| g.overlaps(token));
            let in_predicted = predicted.iter().any(|p| p.overlaps(token));
            self.overlap.gold += usize::from(in_gold);
            self.overlap.predicted += usize::from(in_predicted);
            self.overlap.correct += usize::from(in_gold && in_predicted);
        }
    }

    fn scores(&self) -> RoleScores {
        RoleScores {
            exact: self.exact.prf(),
            overlap: self.overlap.prf(),
        }
    }
}

fn last_word(text: &str) -> String {
    text.split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The counts of the three roles.
#[derive(Default)]
struct AllRoles {
    source: RoleCounts,
    cue: RoleCounts,
    content: RoleCounts,
}

/// The spans of one role in a set of attributions.
fn role_spans(
    attributions: &[GoldAttribution],
    pick: fn(&GoldAttribution) -> Option<&GoldSpan>,
) -> Vec<&GoldSpan> {
    attributions.iter().filter_map(pick).collect()
}

const ROLES: [fn(&GoldAttribution) -> Option<&GoldSpan>; 3] = [
    |a| a.source.as_ref(),
    |a| a.cue.as_ref(),
    |a| a.content.as_ref(),
];

impl AllRoles {
    fn roles_mut(&mut self) -> [&mut RoleCounts; 3] {
        [&mut self.source, &mut self.cue, &mut self.content]
    }

    /// Count the system's attributions of one article against `gold`.
    fn add_predicted(&mut self, article: &ScoredArticle<'_>, gold: &[GoldAttribution]) {
        let text = article.gold.text.as_str();
        let predicted = &article.predicted;
        let sources: Vec<Span> = predicted.iter().filter_map(|p| p.source).collect();
        let cues: Vec<Span> = predicted.iter().filter_map(|p| p.cue).collect();
        let contents: Vec<Span> = predicted.iter().map(|p| p.content).collect();
        for ((counts, pick), spans) in self
            .roles_mut()
            .into_iter()
            .zip(ROLES)
            .zip([sources, cues, contents])
        {
            counts.add(text, &article.tokens, &role_spans(gold, pick), &spans);
        }
    }

    /// Count another annotator's attributions of one article against `gold`.
    fn add_annotation(
        &mut self,
        tokens: &[Span],
        gold: &[GoldAttribution],
        other: &[GoldAttribution],
    ) {
        for (counts, pick) in self.roles_mut().into_iter().zip(ROLES) {
            counts.add_annotation(tokens, &role_spans(gold, pick), &role_spans(other, pick));
        }
    }

    fn scores(&self) -> AgreementScores {
        AgreementScores {
            source: self.source.scores(),
            cue: self.cue.scores(),
            content: self.content.scores(),
        }
    }
}

/// Score predictions against gold.
pub fn score(articles: &[ScoredArticle<'_>]) -> QuoteReport {
    let mut roles = AllRoles::default();
    let mut speaker = SpeakerScores::default();
    let mut annotators = BTreeMap::new();
    let mut between_annotators = AllRoles::default();
    let mut system_with_annotators = AllRoles::default();
    let (mut agreement_articles, mut annotator_pairs) = (0, 0);
    for article in articles {
        let gold = article.gold;
        let text = gold.text.as_str();
        if let (Some(annotator), false) = (&gold.annotator, gold.other_annotations.is_empty()) {
            annotators.insert(gold.name.clone(), annotator.clone());
        }
        roles.add_predicted(article, &gold.attributions);
        if !gold.other_annotations.is_empty() {
            agreement_articles += 1;
            let annotations: Vec<&[GoldAttribution]> = std::iter::once(&gold.attributions[..])
                .chain(gold.other_annotations.iter().map(|o| &o.attributions[..]))
                .collect();
            for (i, &one) in annotations.iter().enumerate() {
                system_with_annotators.add_predicted(article, one);
                for (j, &other) in annotations.iter().enumerate() {
                    if i != j {
                        annotator_pairs += 1;
                        between_annotators.add_annotation(&article.tokens, one, other);
                    }
                }
            }
        }

        let mut used: HashSet<usize> = HashSet::new();
        for attribution in &gold.attributions {
            let Some(gold_source) = &attribution.source else {
                continue;
            };
            let Some(name) = article
                .names
                .iter()
                .rfind(|m| gold_source.fragments.iter().any(|f| f.contains(m)))
            else {
                continue;
            };
            speaker.named_gold += 1;
            let by_cue = attribution.cue.as_ref().and_then(|c| {
                let c = c.cover();
                article
                    .predicted
                    .iter()
                    .position(|p| p.cue.is_some_and(|pc| trim(text, pc) == c))
            });
            let found = by_cue.or_else(|| {
                let content = attribution.content.as_ref()?;
                article.predicted.iter().enumerate().position(|(i, p)| {
                    !used.contains(&i) && content.fragments.iter().any(|f| f.overlaps(&p.content))
                })
            });
            let Some(index) = found else {
                continue;
            };
            used.insert(index);
            speaker.found += 1;
            let predicted = &article.predicted[index];
            let surname = last_word(name.slice(text).unwrap_or(""));
            let correct = predicted
                .speaker_mentions
                .iter()
                .any(|m| gold_source.fragments.iter().any(|f| f.overlaps(m)))
                || (!surname.is_empty()
                    && predicted
                        .speaker_names
                        .iter()
                        .any(|n| last_word(n) == surname));
            speaker.correct += usize::from(correct);
        }
    }
    speaker.accuracy = if speaker.found == 0 {
        0.0
    } else {
        100.0 * speaker.correct as f64 / speaker.found as f64
    };
    let agreement = (agreement_articles > 0).then(|| AgreementReport {
        articles: agreement_articles,
        annotator_pairs,
        annotators: between_annotators.scores(),
        system: system_with_annotators.scores(),
    });
    QuoteReport {
        articles: articles.len(),
        source: roles.source.scores(),
        cue: roles.cue.scores(),
        content: roles.content.scores(),
        speaker,
        annotators,
        agreement,
    }
}

impl QuoteReport {
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "{} articles\n{:<8} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
            self.articles, "role", "P", "R", "F1", "P~", "R~", "F1~"
        );
        for (name, role) in [
            ("cue", &self.cue),
            ("source", &self.source),
            ("content", &self.content),
        ] {
            out.push_str(&format!(
                "{:<8} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2}\n",
                name,
                role.exact.precision,
                role.exact.recall,
                role.exact.f1,
                role.overlap.precision,
                role.overlap.recall,
                role.overlap.f1
            ));
        }
        out.push_str(&format!(
            "(exact spans; ~ = token overlap)\nspeaker resolution: {:.2}% of {} found ({} gold sources with a name)\n",
            self.speaker.accuracy, self.speaker.found, self.speaker.named_gold
        ));
        for (article, annotator) in &self.annotators {
            out.push_str(&format!("annotator {annotator} used for {article}\n"));
        }
        if let Some(agreement) = &self.agreement {
            out.push_str(&format!(
                "agreement on the {} articles with several annotators ({} ordered pairs of annotations):\n{:<26} {:>7} {:>7} {:>7} {:>7}\n",
                agreement.articles, agreement.annotator_pairs, "F1", "cue", "source", "content", "content~"
            ));
            for (name, scores) in [
                ("annotator vs annotator", &agreement.annotators),
                ("system vs each annotator", &agreement.system),
            ] {
                out.push_str(&format!(
                    "{:<26} {:>7.2} {:>7.2} {:>7.2} {:>7.2}\n",
                    name,
                    scores.cue.exact.f1,
                    scores.source.exact.f1,
                    scores.content.exact.f1,
                    scores.content.overlap.f1
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_offsets_become_byte_offsets() {
        let text = "Title\n\n\u{201c}We won,\u{201d} she said.";
        let ann = "T1\tContent 7 16\t\u{201c}We won,\u{201d}\nT2\tCue 21 25\tsaid\nT3\tSource 17 20\tshe\nE1\tAttribution:T9 Content:T1 Cue:T2 Source:T3\n";
        let gold = parse_ann(ann, text, Path::new("x.ann")).unwrap_or_default();
        assert_eq!(gold.len(), 1);
        let cue = gold[0]
            .cue
            .as_ref()
            .map(GoldSpan::cover)
            .unwrap_or_default();
        assert_eq!(cue.slice(text), Some("said"));
        let content = gold[0]
            .content
            .as_ref()
            .map(GoldSpan::cover)
            .unwrap_or_default();
        assert_eq!(content.slice(text), Some("\u{201c}We won,\u{201d}"));
    }

    #[test]
    fn discontinuous_spans_and_missing_sources() {
        let text = "He said that it rained and that it snowed.";
        let ann =
            "T1\tCue 3 7;27 31\tsaid that\nT2\tContent 13 22\tit rained\nE1\tCue:T1 Content:T2\n";
        let gold = parse_ann(ann, text, Path::new("x.ann")).unwrap_or_default();
        assert_eq!(gold.len(), 1);
        assert!(gold[0].source.is_none());
        let cue = gold[0]
            .cue
            .clone()
            .unwrap_or(GoldSpan { fragments: vec![] });
        assert_eq!(cue.fragments.len(), 2);
        assert_eq!(cue.cover(), Span::new(3, 31));
    }

    #[test]
    fn bad_offsets_are_errors() {
        let result = parse_ann("T1\tCue 3 900\tx\n", "short", Path::new("x.ann"));
        assert!(result.is_err());
    }

    #[test]
    fn exact_and_overlap_scores() {
        let text = "Officials said the bridge fell.";
        let gold = GoldArticle {
            name: "a".into(),
            annotator: None,
            text: text.into(),
            attributions: vec![GoldAttribution {
                source: Some(GoldSpan {
                    fragments: vec![Span::new(0, 9)],
                }),
                cue: Some(GoldSpan {
                    fragments: vec![Span::new(10, 14)],
                }),
                content: Some(GoldSpan {
                    fragments: vec![Span::new(15, 30)],
                }),
            }],
            other_annotations: vec![],
        };
        let tokens = vec![
            Span::new(0, 9),
            Span::new(10, 14),
            Span::new(15, 18),
            Span::new(19, 25),
            Span::new(26, 30),
        ];
        let article = ScoredArticle {
            gold: &gold,
            predicted: vec![PredictedAttribution {
                source: Some(Span::new(0, 9)),
                cue: Some(Span::new(10, 14)),
                content: Span::new(19, 30),
                speaker_mentions: vec![],
                speaker_names: vec![],
            }],
            tokens,
            names: vec![],
        };
        let report = score(&[article]);
        assert_eq!(report.cue.exact.f1, 100.0);
        assert_eq!(report.source.exact.f1, 100.0);
        assert_eq!(report.content.exact.f1, 0.0);
        assert!((report.content.overlap.precision - 100.0).abs() < 1e-9);
        assert!((report.content.overlap.recall - 200.0 / 3.0).abs() < 1e-9);
    }

    fn span(start: usize, end: usize) -> Option<GoldSpan> {
        Some(GoldSpan {
            fragments: vec![Span::new(start, end)],
        })
    }

    #[test]
    fn agreement_between_annotators_and_with_the_system() {
        let text = "Officials said the bridge fell.";
        // The first annotator marks a source; the second does not, and takes the content
        // without "the".
        let gold = GoldArticle {
            name: "a".into(),
            annotator: Some("ann1".into()),
            text: text.into(),
            attributions: vec![GoldAttribution {
                source: span(0, 9),
                cue: span(10, 14),
                content: span(15, 30),
            }],
            other_annotations: vec![OtherAnnotation {
                annotator: "ann2".into(),
                attributions: vec![GoldAttribution {
                    source: None,
                    cue: span(10, 14),
                    content: span(19, 30),
                }],
            }],
        };
        let article = ScoredArticle {
            gold: &gold,
            predicted: vec![PredictedAttribution {
                source: Some(Span::new(0, 9)),
                cue: Some(Span::new(10, 14)),
                content: Span::new(15, 30),
                speaker_mentions: vec![],
                speaker_names: vec![],
            }],
            tokens: vec![
                Span::new(0, 9),
                Span::new(10, 14),
                Span::new(15, 18),
                Span::new(19, 25),
                Span::new(26, 30),
            ],
            names: vec![],
        };
        let report = score(&[article]);
        assert_eq!(report.annotators.get("a").map(String::as_str), Some("ann1"));
        // Against the first annotator alone, the system is right on every role.
        assert_eq!(report.source.exact.f1, 100.0);
        assert_eq!(report.content.exact.f1, 100.0);
        let Some(agreement) = report.agreement else {
            panic!("two annotators give an agreement report");
        };
        assert_eq!((agreement.articles, agreement.annotator_pairs), (1, 2));
        assert_eq!(agreement.annotators.cue.exact.f1, 100.0);
        assert_eq!(agreement.annotators.source.exact.f1, 0.0);
        assert_eq!(agreement.annotators.content.exact.f1, 0.0);
        // Overlap: 2 of the 3 content words shared, each way.
        assert!((agreement.annotators.content.overlap.f1 - 80.0).abs() < 1e-9);
        // The system against both: the source is right once of the two times it is given.
        assert!((agreement.system.source.exact.precision - 50.0).abs() < 1e-9);
        assert_eq!(agreement.system.source.exact.recall, 100.0);
        assert_eq!(agreement.system.cue.exact.f1, 100.0);
        assert_eq!(agreement.system.content.exact.f1, 50.0);
    }
}
