//! Named-entity evaluation on CoNLL-2003-style column files, compatible with `conlleval`.
//!
//! # Input format
//!
//! One token per line, whitespace-separated columns (`WORD POS CHUNK NER` in CoNLL-2003, but any
//! number of columns works); blank lines separate sentences and `-DOCSTART-` lines separate
//! documents. The first column is the word and the **last** column is the gold tag. With
//! `predicted_column` the file is in conlleval's own `WORD … GOLD PREDICTED` layout instead: the
//! second-to-last column is the gold tag and the last is the prediction. Every token line of a
//! file must have the same number of columns (as conlleval requires); `-DOCSTART-` lines are
//! exempt.
//!
//! # Entities
//!
//! Tags are split at their first `-` into a prefix and a type (`I-ORG` → `I`, `ORG`; `O` → `O`,
//! no type) and turned into entity spans with conlleval's `startOfChunk` / `endOfChunk` rules.
//! Those rules read IOB1 (an `I-X` after `O` or after another type starts an entity; `B-X` only
//! splits adjacent entities of one type), IOB2 (`B-X` always starts an entity) and IOE alike, so
//! no scheme detection is needed and a prediction in IOB2 scores against IOB1 gold without
//! conversion. One documented extension makes BIOES/IOBES read correctly as well: an `S-X` tag is
//! an entity of its own, and a `B-X` right after an `E-X` starts a new one. Plain conlleval merges
//! those; the extension changes nothing for IOB1, IOB2 or IOE input, which never mixes `B`/`S`
//! with `E`.
//!
//! # Scores
//!
//! An entity counts as correct only when its type and both boundaries match a gold entity. The
//! report has precision, recall and F1 overall and per type (as percentages, see
//! [`Prf::from_counts`]) and conlleval's token accuracy. One difference from conlleval's printout:
//! conlleval counts each `-DOCSTART-` line as an `O`/`O` token, which inflates its token count and
//! accuracy slightly; here only sentence tokens are counted. Entity counts are the same.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

use crate::metrics::Prf;

/// The first column of a line that starts a new document.
pub const DOCSTART: &str = "-DOCSTART-";

/// Everything that can go wrong reading a column file, converting spans or scoring.
#[derive(Debug, Error)]
pub enum NerEvalError {
    /// The file could not be read (or is not UTF-8).
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A token line has fewer columns than the layout needs.
    #[error("{name}:{line}: expected at least {expected} columns, found {found}")]
    TooFewColumns {
        name: String,
        line: usize,
        expected: usize,
        found: usize,
    },
    /// A token line has a different number of columns from the first token line.
    #[error("{name}:{line}: expected {expected} columns (as on line {first_line}), found {found}")]
    InconsistentColumns {
        name: String,
        line: usize,
        expected: usize,
        found: usize,
        first_line: usize,
    },
    /// Gold and prediction have different numbers of sentences.
    #[error("gold has {gold} sentences but the prediction has {predicted}")]
    SentenceCountMismatch { gold: usize, predicted: usize },
    /// A sentence has different numbers of gold and predicted tags.
    #[error("sentence {sentence}: gold has {gold} tags but the prediction has {predicted}")]
    TagCountMismatch {
        /// 0-based index of the sentence.
        sentence: usize,
        gold: usize,
        predicted: usize,
    },
    /// An entity span is empty (`start >= end`).
    #[error("entity span {start}..{end} is empty")]
    EmptySpan { start: usize, end: usize },
    /// An entity span reaches past the end of its sentence.
    #[error("entity span {start}..{end} is out of bounds for a sentence of {len} tokens")]
    SpanOutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    /// An entity span has an empty type label.
    #[error("entity span {start}..{end} has an empty type label")]
    EmptyLabel { start: usize, end: usize },
    /// Two entity spans share a token.
    #[error("entity spans {first:?} and {second:?} overlap")]
    OverlappingSpans {
        first: Range<usize>,
        second: Range<usize>,
    },
}

/// One sentence of a column file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NerSentence {
    /// 1-based line of the sentence's first token in the file.
    pub line: usize,
    /// The words (first column).
    pub tokens: Vec<String>,
    /// Gold tags, one per token.
    pub gold: Vec<String>,
    /// Predicted tags, one per token, when the file was read with `predicted_column`.
    pub predicted: Option<Vec<String>>,
}

/// One document: the sentences after a `-DOCSTART-` line (or before the first one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NerDocument {
    /// 1-based line of the `-DOCSTART-` line; `None` for sentences that precede any (or for a
    /// file without `-DOCSTART-` lines, which is one document).
    pub line: Option<usize>,
    pub sentences: Vec<NerSentence>,
}

/// An entity: a half-open token range within a sentence, and its type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EntitySpan {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token.
    pub end: usize,
    /// The entity type (`PER`, `ORG`, …); empty for tags without a type.
    pub label: String,
}

impl EntitySpan {
    /// The token range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Reads a column file (see the [module docs](self) for the layout). With `predicted_column`,
/// the last column is read as the prediction and the second-to-last as gold.
pub fn read_conll(path: &Path, predicted_column: bool) -> Result<Vec<NerDocument>, NerEvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| NerEvalError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_conll(&text, &path.display().to_string(), predicted_column)
}

/// Parses column-file text; `name` names the source in error messages (`name:line: …`).
pub fn parse_conll(
    text: &str,
    name: &str,
    predicted_column: bool,
) -> Result<Vec<NerDocument>, NerEvalError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut documents = Vec::new();
    let mut document = NerDocument::default();
    let mut sentence: Option<NerSentence> = None;
    // Column count of the first token line, and that line.
    let mut width: Option<(usize, usize)> = None;

    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fields: Vec<&str> = raw.split_whitespace().collect();
        let Some(&first) = fields.first() else {
            document.sentences.extend(sentence.take());
            continue;
        };
        if first == DOCSTART {
            document.sentences.extend(sentence.take());
            if document.line.is_some() || !document.sentences.is_empty() {
                documents.push(std::mem::take(&mut document));
            }
            document.line = Some(line);
            continue;
        }

        let too_few = || NerEvalError::TooFewColumns {
            name: name.to_owned(),
            line,
            expected: if predicted_column { 3 } else { 2 },
            found: fields.len(),
        };
        let (word, gold, predicted) = if predicted_column {
            match fields.as_slice() {
                [word, .., gold, predicted] => (*word, *gold, Some(*predicted)),
                _ => return Err(too_few()),
            }
        } else {
            match fields.as_slice() {
                [word, .., gold] => (*word, *gold, None),
                _ => return Err(too_few()),
            }
        };
        match width {
            None => width = Some((fields.len(), line)),
            Some((expected, first_line)) if expected != fields.len() => {
                return Err(NerEvalError::InconsistentColumns {
                    name: name.to_owned(),
                    line,
                    expected,
                    found: fields.len(),
                    first_line,
                })
            }
            Some(_) => {}
        }

        let current = sentence.get_or_insert_with(|| NerSentence {
            line,
            tokens: Vec::new(),
            gold: Vec::new(),
            predicted: predicted_column.then(Vec::new),
        });
        current.tokens.push(word.to_owned());
        current.gold.push(gold.to_owned());
        if let (Some(tags), Some(tag)) = (current.predicted.as_mut(), predicted) {
            tags.push(tag.to_owned());
        }
    }
    document.sentences.extend(sentence.take());
    if document.line.is_some() || !document.sentences.is_empty() {
        documents.push(document);
    }
    Ok(documents)
}

/// All sentences of `documents`, in order.
pub fn sentences(documents: &[NerDocument]) -> impl Iterator<Item = &NerSentence> + '_ {
    documents.iter().flat_map(|d| d.sentences.iter())
}

/// The gold tags of every sentence, in order, ready for [`score`].
pub fn gold_tags(documents: &[NerDocument]) -> Vec<Vec<String>> {
    sentences(documents).map(|s| s.gold.clone()).collect()
}

/// Gold and predicted tags of every sentence, ready for [`score`]. A sentence without a
/// prediction (the file was read without `predicted_column`) gets an empty prediction, which
/// [`score`] rejects as a tag-count mismatch.
pub fn gold_and_predicted(documents: &[NerDocument]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    sentences(documents)
        .map(|s| (s.gold.clone(), s.predicted.clone().unwrap_or_default()))
        .unzip()
}

/// A tag split conlleval-style at its first `-` into prefix and type; a tag without `-` is all
/// prefix with an empty type.
fn split_tag(tag: &str) -> (&str, &str) {
    tag.split_once('-').unwrap_or((tag, ""))
}

/// conlleval's `endOfChunk`: whether an entity open at `prev` ends before `cur`, plus the BIOES
/// extension (see the module docs).
fn chunk_ends((prev, prev_type): (&str, &str), (tag, ty): (&str, &str)) -> bool {
    let conlleval = matches!(
        (prev, tag),
        ("B", "B") | ("B", "O") | ("I", "B") | ("I", "O") | ("E", "E") | ("E", "I") | ("E", "O")
    ) || (prev != "O" && prev != "." && prev_type != ty)
        || prev == "]"
        || prev == "[";
    let bioes = prev == "S" || tag == "S" || (prev == "E" && tag == "B");
    conlleval || bioes
}

/// conlleval's `startOfChunk`: whether an entity starts at `cur`, plus the BIOES extension.
fn chunk_starts((prev, prev_type): (&str, &str), (tag, ty): (&str, &str)) -> bool {
    let conlleval = matches!(
        (prev, tag),
        ("B", "B") | ("I", "B") | ("O", "B") | ("O", "I") | ("E", "E") | ("E", "I") | ("O", "E")
    ) || (tag != "O" && tag != "." && prev_type != ty)
        || tag == "["
        || tag == "]";
    let bioes = tag == "S"
        || (prev == "E" && tag == "B")
        || (prev == "S" && matches!(tag, "B" | "I" | "E"));
    conlleval || bioes
}

/// The entities of one sentence's tags, in order, by conlleval's chunk rules (IOB1, IOB2, IOE
/// and BIOES all read correctly). Sentences are independent: the tag before the first token is
/// `O`, as conlleval treats the blank line between sentences.
pub fn spans_from_tags<T: AsRef<str>>(tags: &[T]) -> Vec<EntitySpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut prev = ("O", "");
    for (i, tag) in tags.iter().enumerate() {
        let cur = split_tag(tag.as_ref());
        if open.is_some() && chunk_ends(prev, cur) {
            if let Some((start, label)) = open.take() {
                spans.push(EntitySpan {
                    start,
                    end: i,
                    label: label.to_owned(),
                });
            }
        }
        if chunk_starts(prev, cur) {
            // conlleval can start a chunk without ending the previous one (after a `.` tag);
            // it counts one chunk per start, so close the open one here.
            if let Some((start, label)) = open.take() {
                spans.push(EntitySpan {
                    start,
                    end: i,
                    label: label.to_owned(),
                });
            }
            open = Some((i, cur.1));
        }
        prev = cur;
    }
    if let Some((start, label)) = open {
        spans.push(EntitySpan {
            start,
            end: tags.len(),
            label: label.to_owned(),
        });
    }
    spans
}

/// IOB2 tags for a sentence of `len` tokens from entity spans (token ranges with their type),
/// so that a recognizer that outputs spans can be [`score`]d. Spans may come in any order but
/// must be non-empty, in bounds, typed and non-overlapping. For many sentences:
/// `spans.iter().zip(lens).map(|(s, n)| tags_from_spans(n, s)).collect::<Result<Vec<_>, _>>()`.
pub fn tags_from_spans<L: AsRef<str>>(
    len: usize,
    spans: &[(Range<usize>, L)],
) -> Result<Vec<String>, NerEvalError> {
    let mut sorted: Vec<(&Range<usize>, &str)> =
        spans.iter().map(|(r, l)| (r, l.as_ref())).collect();
    sorted.sort_by_key(|(r, _)| (r.start, r.end));
    let mut tags = vec!["O".to_owned(); len];
    let mut previous: Option<&Range<usize>> = None;
    for (range, label) in sorted {
        let (start, end) = (range.start, range.end);
        if start >= end {
            return Err(NerEvalError::EmptySpan { start, end });
        }
        if end > len {
            return Err(NerEvalError::SpanOutOfBounds { start, end, len });
        }
        if label.is_empty() {
            return Err(NerEvalError::EmptyLabel { start, end });
        }
        if let Some(prev) = previous.filter(|p| p.end > start) {
            return Err(NerEvalError::OverlappingSpans {
                first: prev.clone(),
                second: range.clone(),
            });
        }
        for (offset, tag) in tags[start..end].iter_mut().enumerate() {
            let prefix = if offset == 0 { "B" } else { "I" };
            *tag = format!("{prefix}-{label}");
        }
        previous = Some(range);
    }
    Ok(tags)
}

/// The result of [`score`]: entity-level scores overall and per type, and token accuracy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerReport {
    /// Sentences scored.
    pub sentences: usize,
    /// Tokens scored (conlleval also counts `-DOCSTART-` lines; see the module docs).
    pub tokens: usize,
    /// Tokens whose predicted tag equals the gold tag.
    pub correct_tags: usize,
    /// `correct_tags` as a percentage of `tokens` (0 when there are none).
    pub accuracy: f64,
    /// Entity scores over all types (`gold`/`predicted`/`correct` are entity counts).
    pub overall: Prf,
    /// Entity scores per type that occurs in gold or prediction, by type name.
    pub per_type: BTreeMap<String, Prf>,
}

/// Scores predicted tags against gold tags, sentence by sentence. Both must have the same
/// number of sentences and, per sentence, of tags. Tags can be in any scheme the chunk rules
/// read (gold and prediction need not share one).
pub fn score<G: AsRef<str>, P: AsRef<str>>(
    gold: &[Vec<G>],
    predicted: &[Vec<P>],
) -> Result<NerReport, NerEvalError> {
    if gold.len() != predicted.len() {
        return Err(NerEvalError::SentenceCountMismatch {
            gold: gold.len(),
            predicted: predicted.len(),
        });
    }
    // Per type: [gold, predicted, correct].
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut tokens = 0;
    let mut correct_tags = 0;
    for (sentence, (gold_tags, predicted_tags)) in gold.iter().zip(predicted).enumerate() {
        if gold_tags.len() != predicted_tags.len() {
            return Err(NerEvalError::TagCountMismatch {
                sentence,
                gold: gold_tags.len(),
                predicted: predicted_tags.len(),
            });
        }
        tokens += gold_tags.len();
        correct_tags += gold_tags
            .iter()
            .zip(predicted_tags)
            .filter(|(g, p)| split_tag(g.as_ref()) == split_tag(p.as_ref()))
            .count();

        let gold_spans = spans_from_tags(gold_tags);
        let predicted_spans = spans_from_tags(predicted_tags);
        for span in &gold_spans {
            counts.entry(span.label.clone()).or_default()[0] += 1;
        }
        for span in &predicted_spans {
            counts.entry(span.label.clone()).or_default()[1] += 1;
        }
        // Both lists are sorted and non-overlapping: merge them.
        let (mut g, mut p) = (
            gold_spans.iter().peekable(),
            predicted_spans.iter().peekable(),
        );
        while let (Some(a), Some(b)) = (g.peek(), p.peek()) {
            match a.cmp(b) {
                std::cmp::Ordering::Less => {
                    g.next();
                }
                std::cmp::Ordering::Greater => {
                    p.next();
                }
                std::cmp::Ordering::Equal => {
                    counts.entry(a.label.clone()).or_default()[2] += 1;
                    g.next();
                    p.next();
                }
            }
        }
    }

    let total = counts.values().fold([0; 3], |acc, c| {
        [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2]]
    });
    Ok(NerReport {
        sentences: gold.len(),
        tokens,
        correct_tags,
        accuracy: if tokens == 0 {
            0.0
        } else {
            100.0 * correct_tags as f64 / tokens as f64
        },
        overall: Prf::from_counts(total[0], total[1], total[2]),
        per_type: counts
            .into_iter()
            .map(|(label, [g, p, c])| (label, Prf::from_counts(g, p, c)))
            .collect(),
    })
}

/// Scores the prediction column of documents read with `predicted_column`.
pub fn score_documents(documents: &[NerDocument]) -> Result<NerReport, NerEvalError> {
    let (gold, predicted) = gold_and_predicted(documents);
    score(&gold, &predicted)
}

impl NerReport {
    /// A human-readable table: conlleval's two summary lines, then one aligned row per entity
    /// type and one for all types.
    pub fn to_table(&self) -> String {
        let o = &self.overall;
        let mut out = format!(
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n\
             accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}\n\n",
            self.tokens, o.gold, o.predicted, o.correct, self.accuracy, o.precision, o.recall, o.f1
        );
        let label = |l: &str| {
            if l.is_empty() {
                "(untyped)".to_owned()
            } else {
                l.to_owned()
            }
        };
        let rows: Vec<(String, &Prf)> = self
            .per_type
            .iter()
            .map(|(l, prf)| (label(l), prf))
            .chain(std::iter::once(("overall".to_owned(), o)))
            .collect();
        let type_width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0).max(4);
        let count_width = o.gold.max(o.predicted).to_string().len().max(7);
        out.push_str(&format!(
            "{:<type_width$}  {:>9}  {:>6}  {:>6}  {:>count_width$}  {:>count_width$}  {:>count_width$}\n",
            "type", "precision", "recall", "F1", "gold", "found", "correct"
        ));
        for (l, prf) in rows {
            out.push_str(&format!(
                "{:<type_width$}  {:>9.2}  {:>6.2}  {:>6.2}  {:>count_width$}  {:>count_width$}  {:>count_width$}\n",
                l, prf.precision, prf.recall, prf.f1, prf.gold, prf.predicted, prf.correct
            ));
        }
        out
    }
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_table())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    fn span(start: usize, end: usize, label: &str) -> EntitySpan {
        EntitySpan {
            start,
            end,
            label: label.to_owned(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-2
    }

    #[test]
    fn iob1_and_iob2_give_the_same_spans() {
        // "Maria Lopez met Jan Kowalski Anna Berg in Lisbon with Acme Corp"
        let iob1 = tags("I-PER I-PER O I-PER I-PER B-PER I-PER O I-LOC O I-ORG I-ORG");
        let iob2 = tags("B-PER I-PER O B-PER I-PER B-PER I-PER O B-LOC O B-ORG I-ORG");
        let expected = vec![
            span(0, 2, "PER"),
            span(3, 5, "PER"),
            span(5, 7, "PER"),
            span(8, 9, "LOC"),
            span(10, 12, "ORG"),
        ];
        assert_eq!(spans_from_tags(&iob1), expected);
        assert_eq!(spans_from_tags(&iob2), expected);
        let report = score(&[iob1], &[iob2]).unwrap();
        assert_eq!(report.overall.correct, 5);
        assert!(close(report.overall.f1, 100.0));
    }

    #[test]
    fn i_after_o_starts_an_entity() {
        assert_eq!(spans_from_tags(&tags("O I-ORG")), vec![span(1, 2, "ORG")]);
        // At the start of a sentence too.
        assert_eq!(spans_from_tags(&tags("I-ORG O")), vec![span(0, 1, "ORG")]);
    }

    #[test]
    fn b_after_i_of_the_same_type_starts_a_new_entity() {
        assert_eq!(
            spans_from_tags(&tags("I-LOC I-LOC B-LOC")),
            vec![span(0, 2, "LOC"), span(2, 3, "LOC")]
        );
    }

    #[test]
    fn type_change_inside_i_run_splits() {
        assert_eq!(
            spans_from_tags(&tags("I-MISC I-PER I-PER")),
            vec![span(0, 1, "MISC"), span(1, 3, "PER")]
        );
    }

    #[test]
    fn bioes_reads_correctly() {
        assert_eq!(
            spans_from_tags(&tags("S-PER S-PER B-ORG E-ORG B-ORG I-ORG E-ORG O")),
            vec![
                span(0, 1, "PER"),
                span(1, 2, "PER"),
                span(2, 4, "ORG"),
                span(4, 7, "ORG")
            ]
        );
    }

    #[test]
    fn hand_computed_scores() {
        // Gold: PER 0..2, LOC 3..4, ORG 5..7. Prediction: PER 0..2 (right), LOC 3..4 (right),
        // ORG 5..6 (wrong boundary).
        let gold = vec![tags("B-PER I-PER O B-LOC O B-ORG I-ORG")];
        let predicted = vec![tags("B-PER I-PER O B-LOC O B-ORG O")];
        let report = score(&gold, &predicted).unwrap();
        let o = report.overall;
        assert_eq!((o.gold, o.predicted, o.correct), (3, 3, 2));
        assert!(close(o.precision, 66.67));
        assert!(close(o.recall, 66.67));
        assert!(close(o.f1, 66.67));
        assert_eq!(report.tokens, 7);
        assert_eq!(report.correct_tags, 6);
        assert!(close(report.accuracy, 600.0 / 7.0));
        let org = report.per_type["ORG"];
        assert_eq!((org.gold, org.predicted, org.correct), (1, 1, 0));
        assert!(close(report.per_type["PER"].f1, 100.0));
    }

    #[test]
    fn type_mismatch_is_wrong() {
        let report = score(&[tags("B-ORG I-ORG O")], &[tags("B-LOC I-LOC O")]).unwrap();
        assert_eq!(report.overall.correct, 0);
        assert_eq!(report.per_type["ORG"].gold, 1);
        assert_eq!(report.per_type["ORG"].predicted, 0);
        assert_eq!(report.per_type["LOC"].predicted, 1);
        assert_eq!(report.overall.f1, 0.0);
    }

    #[test]
    fn boundary_mismatch_is_wrong() {
        // Too long, too short, and split in two.
        let gold = vec![
            tags("B-PER O O"),
            tags("B-PER I-PER O"),
            tags("B-PER I-PER"),
        ];
        let predicted = vec![
            tags("B-PER I-PER O"),
            tags("B-PER O O"),
            tags("B-PER B-PER"),
        ];
        let report = score(&gold, &predicted).unwrap();
        assert_eq!(report.overall.gold, 3);
        assert_eq!(report.overall.predicted, 4);
        assert_eq!(report.overall.correct, 0);
    }

    #[test]
    fn entities_end_at_sentence_boundaries() {
        // As one sentence these tags would be a single entity.
        let two = vec![tags("I-PER"), tags("I-PER")];
        assert_eq!(score(&two, &two).unwrap().overall.gold, 2);
        assert_eq!(spans_from_tags(&tags("I-PER I-PER")).len(), 1);
    }

    #[test]
    fn mismatched_lengths_are_errors() {
        let err = score(&[tags("O O")], &[tags("O")]).unwrap_err();
        assert!(matches!(
            err,
            NerEvalError::TagCountMismatch {
                sentence: 0,
                gold: 2,
                predicted: 1
            }
        ));
        let err = score(&[tags("O")], &Vec::<Vec<String>>::new()).unwrap_err();
        assert!(matches!(err, NerEvalError::SentenceCountMismatch { .. }));
    }

    const SAMPLE: &str = "\
-DOCSTART- -X- -X- O

Ada NNP B-NP I-PER
Quill NNP I-NP I-PER
visited VBD B-VP O
Oslo NNP B-NP I-LOC
. . O O

Kestrel NNP B-NP I-ORG
Labs NNPS I-NP I-ORG
grew VBD B-VP O

-DOCSTART- -X- -X- O

Tuesday NNP B-NP O
";

    #[test]
    fn reads_documents_and_sentences() {
        let docs = parse_conll(SAMPLE, "sample", false).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].line, Some(1));
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[1].sentences.len(), 1);
        let first = &docs[0].sentences[0];
        assert_eq!(first.line, 3);
        assert_eq!(first.tokens, tags("Ada Quill visited Oslo ."));
        assert_eq!(first.gold, tags("I-PER I-PER O I-LOC O"));
        assert_eq!(first.predicted, None);
        assert_eq!(docs[1].sentences[0].tokens, tags("Tuesday"));

        let gold = gold_tags(&docs);
        let report = score(&gold, &gold).unwrap();
        assert_eq!(report.sentences, 3);
        assert_eq!(report.tokens, 9);
        assert_eq!(report.overall.gold, 3);
        assert!(close(report.overall.f1, 100.0));
        assert!(close(report.accuracy, 100.0));
    }

    #[test]
    fn docstart_without_blank_line_and_leading_sentences() {
        let text = "Ada I-PER\n-DOCSTART- O\nOslo I-LOC\n\n\n-DOCSTART- O\n-DOCSTART- O\n";
        let docs = parse_conll(text, "t", false).unwrap();
        assert_eq!(docs.len(), 4);
        assert_eq!(docs[0].line, None);
        assert_eq!(docs[0].sentences[0].tokens, tags("Ada"));
        assert_eq!(docs[1].line, Some(2));
        assert_eq!(docs[1].sentences[0].gold, tags("I-LOC"));
        assert!(docs[2].sentences.is_empty());
        assert!(docs[3].sentences.is_empty());
        // No -DOCSTART- at all: one document; CRLF line ends are fine.
        let docs = parse_conll("Ada I-PER\r\n\r\nOslo I-LOC\r\n", "t", false).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].sentences.len(), 2);
        assert!(parse_conll("", "t", false).unwrap().is_empty());
    }

    #[test]
    fn reads_the_prediction_column() {
        let text = "Ada NNP I-PER B-PER\nQuill NNP I-PER I-PER\nsang VBD O B-ORG\n";
        let docs = parse_conll(text, "t", true).unwrap();
        let s = &docs[0].sentences[0];
        assert_eq!(s.gold, tags("I-PER I-PER O"));
        assert_eq!(s.predicted, Some(tags("B-PER I-PER B-ORG")));
        let report = score_documents(&docs).unwrap();
        assert_eq!(report.overall.gold, 1);
        assert_eq!(report.overall.predicted, 2);
        assert_eq!(report.overall.correct, 1);
        // Without predictions, scoring the documents is a length error.
        let docs = parse_conll(text, "t", false).unwrap();
        assert!(matches!(
            score_documents(&docs),
            Err(NerEvalError::TagCountMismatch { .. })
        ));
    }

    #[test]
    fn column_errors_name_file_and_line() {
        let err = parse_conll("Ada I-PER\n\nOslo\n", "dev.iob1", false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "dev.iob1:3: expected at least 2 columns, found 1"
        );
        let err = parse_conll("Ada I-PER O\n", "x", true);
        assert!(err.is_ok());
        let err = parse_conll("Ada I-PER\n", "x", true).unwrap_err();
        assert_eq!(err.to_string(), "x:1: expected at least 3 columns, found 2");
        let err = parse_conll("Ada NNP I-PER\nOslo I-LOC\n", "x", false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x:2: expected 3 columns (as on line 1), found 2"
        );
        let err = read_conll(Path::new("/nonexistent/dev.iob1"), false).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/dev.iob1: "));
    }

    #[test]
    fn spans_to_iob2_tags() {
        let spans = vec![(4..5, "LOC"), (0..2, "PER"), (2..3, "PER")];
        let t = tags_from_spans(6, &spans).unwrap();
        assert_eq!(t, tags("B-PER I-PER B-PER O B-LOC O"));
        assert_eq!(
            spans_from_tags(&t),
            vec![span(0, 2, "PER"), span(2, 3, "PER"), span(4, 5, "LOC")]
        );
        assert_eq!(tags_from_spans::<&str>(2, &[]).unwrap(), tags("O O"));
        assert!(matches!(
            tags_from_spans(3, &[(1..4, "PER")]),
            Err(NerEvalError::SpanOutOfBounds { len: 3, .. })
        ));
        assert!(matches!(
            tags_from_spans(3, &[(1..1, "PER")]),
            Err(NerEvalError::EmptySpan { .. })
        ));
        assert!(matches!(
            tags_from_spans(3, &[(0..1, "")]),
            Err(NerEvalError::EmptyLabel { .. })
        ));
        assert!(matches!(
            tags_from_spans(3, &[(1..3, "PER"), (0..2, "ORG")]),
            Err(NerEvalError::OverlappingSpans { .. })
        ));
    }

    #[test]
    fn table_lists_types_and_overall() {
        let gold = vec![tags("B-PER O B-LOC B-ORG I-ORG B-MISC")];
        let report = score(&gold, &gold).unwrap();
        let table = report.to_table();
        assert!(
            table.starts_with("processed 6 tokens with 4 phrases; found: 4 phrases; correct: 4.\n")
        );
        let rows: Vec<&str> = table.lines().skip(3).collect();
        let names: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.split_whitespace().next())
            .collect();
        assert_eq!(names, ["type", "LOC", "MISC", "ORG", "PER", "overall"]);
        // Aligned: every row has the same width.
        assert!(rows.iter().all(|r| r.len() == rows[0].len()));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["overall"]["f1"], 100.0);
        assert_eq!(json["per_type"]["ORG"]["gold"], 1);
    }

    /// Gold against itself on the CoNLL-2003 dev set. Run with
    /// `cargo test -p newsgraph-eval ner -- --ignored` (data directory from `NEWSGRAPH_DATA`,
    /// default `/work/shared/data`).
    #[test]
    #[ignore = "needs the CoNLL-2003 gold data"]
    fn conll2003_dev_against_itself() {
        let data = std::env::var("NEWSGRAPH_DATA").unwrap_or_else(|_| "/work/shared/data".into());
        let path = Path::new(&data).join("conll2003/dev.iob1");
        let docs = read_conll(&path, false).unwrap();
        let gold = gold_tags(&docs);
        let report = score(&gold, &gold).unwrap();
        println!("{} documents\n{}", docs.len(), report.to_table());
        assert_eq!(report.overall.gold, 5942);
        assert_eq!(report.overall.correct, 5942);
        assert!(close(report.overall.f1, 100.0));
    }
}
