//! Tokenization and sentence-splitting evaluation against a UD treebank (`newsgraph eval
//! tokens`).
//!
//! For each CoNLL-U document the raw text is rebuilt from the `# text` lines: the sentences
//! of a paragraph (`# newpar`) are joined with a single space, and paragraphs with a blank
//! line (`"\n\n"`). Sentences without `# text` are rebuilt from their tokens and
//! `SpaceAfter=No`.
//!
//! Gold tokens are the syntactic words, located in that text by matching their forms in
//! order. A multiword token (`don't` = `do` + `n't`) whose words spell its surface form is
//! split into its words; one whose words do not (`won't` = `will` + `not` in some treebanks)
//! counts as a single gold token spanning the surface form.
//!
//! Scores:
//!
//! * tokens: precision, recall and F1 of exact (start, end) byte spans;
//! * sentence boundaries: precision, recall and F1 of sentence end offsets, compared per
//!   document as sets. Ends are trimmed of trailing whitespace, and every sentence counts,
//!   including the last one of each paragraph and document.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::conllu::{self, ConlluError, Sentence};
use crate::metrics::Prf;
use newsgraph_core::Span;

/// The outcome of a token and sentence evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenReport {
    /// The evaluated file.
    pub file: String,
    /// Documents (`# newdoc`) in the file.
    pub documents: usize,
    /// Paragraphs (`# newpar`) in the file.
    pub paragraphs: usize,
    /// Gold sentences.
    pub sentences: usize,
    /// Bytes of rebuilt text.
    pub bytes: usize,
    /// Gold tokens that could not be located in the rebuilt text (a treebank inconsistency);
    /// they still count as gold tokens.
    pub unaligned_tokens: usize,
    /// Exact token span match.
    pub tokens: Prf,
    /// Sentence end offsets.
    pub sentence_boundaries: Prf,
}

impl TokenReport {
    /// A plain-text table for humans.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.file);
        let _ = writeln!(
            out,
            "{} documents, {} paragraphs, {} sentences, {} bytes",
            self.documents, self.paragraphs, self.sentences, self.bytes
        );
        if self.unaligned_tokens > 0 {
            let _ = writeln!(
                out,
                "{} gold tokens not found in the text",
                self.unaligned_tokens
            );
        }
        let _ = writeln!(
            out,
            "{:<20} {:>8} {:>9} {:>8} {:>9} {:>7} {:>7}",
            "", "gold", "predicted", "correct", "precision", "recall", "F1"
        );
        for (name, prf) in [
            ("tokens", &self.tokens),
            ("sentence boundaries", &self.sentence_boundaries),
        ] {
            let _ = writeln!(
                out,
                "{:<20} {:>8} {:>9} {:>8} {:>9.2} {:>7.2} {:>7.2}",
                name, prf.gold, prf.predicted, prf.correct, prf.precision, prf.recall, prf.f1
            );
        }
        out
    }
}

/// One document rebuilt from a treebank: its raw text and gold segmentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldDocument {
    /// The `# newdoc id`.
    pub id: Option<String>,
    /// The rebuilt raw text.
    pub text: String,
    /// Gold token spans in text order.
    pub tokens: Vec<Span>,
    /// Byte offsets where gold sentences end (trimmed), ascending.
    pub sentence_ends: Vec<usize>,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// Number of gold sentences.
    pub sentences: usize,
    /// Gold tokens whose form could not be found in the text.
    pub unaligned_tokens: usize,
}

/// Where a prediction and the gold differ, for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Differences {
    /// Gold tokens not predicted.
    pub missed_tokens: Vec<Span>,
    /// Predicted tokens not in the gold.
    pub spurious_tokens: Vec<Span>,
    /// Gold sentence ends not predicted.
    pub missed_boundaries: Vec<usize>,
    /// Predicted sentence ends not in the gold.
    pub spurious_boundaries: Vec<usize>,
}

/// Evaluate `newsgraph_text::segment` on a CoNLL-U file.
pub fn evaluate_tokens(path: &Path) -> Result<TokenReport, ConlluError> {
    let documents = conllu::read_file(path)?;
    let gold: Vec<GoldDocument> = documents.iter().map(gold_document).collect();
    Ok(evaluate_documents(&path.display().to_string(), &gold))
}

/// Score `newsgraph_text::segment` on rebuilt documents.
pub fn evaluate_documents(file: &str, documents: &[GoldDocument]) -> TokenReport {
    let mut token_counts = (0, 0, 0);
    let mut boundary_counts = (0, 0, 0);
    let mut segmentation = newsgraph_text::Segmentation::default();
    for document in documents {
        newsgraph_text::segment_into(&document.text, &mut segmentation);
        let predicted_tokens: Vec<Span> = segmentation.tokens.iter().map(|t| t.span).collect();
        let predicted_ends = predicted_sentence_ends(&document.text, &segmentation);
        token_counts.0 += document.tokens.len();
        token_counts.1 += predicted_tokens.len();
        token_counts.2 += count_matches(&document.tokens, &predicted_tokens);
        boundary_counts.0 += document.sentence_ends.len();
        boundary_counts.1 += predicted_ends.len();
        boundary_counts.2 += count_matches(&document.sentence_ends, &predicted_ends);
    }
    TokenReport {
        file: file.to_string(),
        documents: documents.len(),
        paragraphs: documents.iter().map(|d| d.paragraphs).sum(),
        sentences: documents.iter().map(|d| d.sentences).sum(),
        bytes: documents.iter().map(|d| d.text.len()).sum(),
        unaligned_tokens: documents.iter().map(|d| d.unaligned_tokens).sum(),
        tokens: Prf::from_counts(token_counts.0, token_counts.1, token_counts.2),
        sentence_boundaries: Prf::from_counts(
            boundary_counts.0,
            boundary_counts.1,
            boundary_counts.2,
        ),
    }
}

/// Compare `newsgraph_text::segment` with the gold of one document.
pub fn differences(document: &GoldDocument) -> Differences {
    let segmentation = newsgraph_text::segment(&document.text);
    let predicted_tokens: Vec<Span> = segmentation.tokens.iter().map(|t| t.span).collect();
    let predicted_ends = predicted_sentence_ends(&document.text, &segmentation);
    let (missed_tokens, spurious_tokens) = set_differences(&document.tokens, &predicted_tokens);
    let (missed_boundaries, spurious_boundaries) =
        set_differences(&document.sentence_ends, &predicted_ends);
    Differences {
        missed_tokens,
        spurious_tokens,
        missed_boundaries,
        spurious_boundaries,
    }
}

fn predicted_sentence_ends(text: &str, segmentation: &newsgraph_text::Segmentation) -> Vec<usize> {
    let ends: BTreeSet<usize> = segmentation
        .sentences
        .iter()
        .map(|s| trimmed_end(text, s.span.start, s.span.end))
        .collect();
    ends.into_iter().collect()
}

/// `end` moved left over whitespace, not before `start`.
fn trimmed_end(text: &str, start: usize, end: usize) -> usize {
    text.get(start..end)
        .map_or(end, |slice| start + slice.trim_end().len())
}

/// Number of items present in both sorted lists (as sets).
fn count_matches<T: Ord + Copy>(gold: &[T], predicted: &[T]) -> usize {
    let gold: BTreeSet<T> = gold.iter().copied().collect();
    let predicted: BTreeSet<T> = predicted.iter().copied().collect();
    gold.intersection(&predicted).count()
}

fn set_differences<T: Ord + Copy>(gold: &[T], predicted: &[T]) -> (Vec<T>, Vec<T>) {
    let gold: BTreeSet<T> = gold.iter().copied().collect();
    let predicted: BTreeSet<T> = predicted.iter().copied().collect();
    (
        gold.difference(&predicted).copied().collect(),
        predicted.difference(&gold).copied().collect(),
    )
}

/// Rebuild a document's text and gold segmentation (see the module documentation).
pub fn gold_document(document: &conllu::Document) -> GoldDocument {
    let mut gold = GoldDocument {
        id: document.id.clone(),
        ..GoldDocument::default()
    };
    for paragraph in &document.paragraphs {
        if paragraph.sentences.is_empty() {
            continue;
        }
        if gold.paragraphs > 0 {
            gold.text.push_str("\n\n");
        }
        gold.paragraphs += 1;
        for (index, sentence) in paragraph.sentences.iter().enumerate() {
            if index > 0 {
                gold.text.push(' ');
            }
            let start = gold.text.len();
            match &sentence.text {
                Some(text) => gold.text.push_str(text),
                None => gold.text.push_str(&text_from_tokens(sentence)),
            }
            let end = gold.text.len();
            gold.unaligned_tokens +=
                align_sentence(sentence, &gold.text, start, end, &mut gold.tokens);
            gold.sentence_ends.push(trimmed_end(&gold.text, start, end));
            gold.sentences += 1;
        }
    }
    gold.sentence_ends.sort_unstable();
    gold.sentence_ends.dedup();
    gold
}

/// A sentence's text from its surface tokens and `SpaceAfter`.
fn text_from_tokens(sentence: &Sentence) -> String {
    let mut text = String::new();
    for token in sentence.surface_tokens() {
        text.push_str(token.form);
        if token.space_after {
            text.push(' ');
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// Locate the sentence's gold tokens in `text[start..end]`, appending their spans. Returns
/// the number of tokens that could not be located.
fn align_sentence(
    sentence: &Sentence,
    text: &str,
    start: usize,
    end: usize,
    spans: &mut Vec<Span>,
) -> usize {
    let mut unaligned = 0;
    let mut pos = start;
    for token in sentence.surface_tokens() {
        // Skip whitespace.
        let rest = &text[pos..end];
        pos += rest.len() - rest.trim_start().len();
        let rest = &text[pos..end];
        let found = if rest.starts_with(token.form) {
            Some(pos)
        } else {
            // Tolerate a treebank whose forms and text disagree slightly: look ahead a little.
            rest.find(token.form)
                .filter(|&offset| offset <= 8)
                .map(|offset| pos + offset)
        };
        let Some(token_start) = found else {
            unaligned += token.words.len();
            continue;
        };
        let token_end = token_start + token.form.len();
        let words = &sentence.words[token.words.clone()];
        let spelled: usize = words.iter().map(|w| w.form.len()).sum();
        let concatenates = words.len() > 1
            && spelled == token.form.len()
            && words
                .iter()
                .scan(token_start, |at, word| {
                    let matches = text.get(*at..*at + word.form.len()) == Some(word.form.as_str());
                    *at += word.form.len();
                    Some(matches)
                })
                .all(|m| m);
        if concatenates {
            let mut at = token_start;
            for word in words {
                spans.push(Span::new(at, at + word.form.len()));
                at += word.form.len();
            }
        } else {
            spans.push(Span::new(token_start, token_end));
        }
        pos = token_end;
    }
    unaligned
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two documents written for this test; the first has two paragraphs.
    const FIXTURE: &str = "\
# newdoc id = d1
# newpar id = d1-p1
# sent_id = d1-s1
# text = The mayor didn't come.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tmayor\tmayor\tNOUN\tNN\t_\t4\tnsubj\t_\t_
3-4\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_
3\tdid\tdo\tAUX\tVBD\t_\t5\taux\t_\t_
4\tn't\tnot\tPART\tRB\t_\t5\tadvmod\t_\t_
5\tcome\tcome\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# sent_id = d1-s2
# text = Rain fell.
1\tRain\train\tNOUN\tNN\t_\t2\tnsubj\t_\t_
2\tfell\tfall\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# newpar id = d1-p2
# sent_id = d1-s3
# text = Bye now
1\tBye\tbye\tINTJ\tUH\t_\t0\troot\t_\t_
2\tnow\tnow\tADV\tRB\t_\t1\tadvmod\t_\t_

# newdoc id = d2
# sent_id = d2-s1
# text = We won't.
1\tWe\twe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2-3\twon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
2\twill\twill\tAUX\tMD\t_\t0\troot\t_\t_
3\tnot\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

    fn gold() -> Vec<GoldDocument> {
        conllu::parse_str(FIXTURE, "fixture")
            .unwrap()
            .iter()
            .map(gold_document)
            .collect()
    }

    fn texts(document: &GoldDocument) -> Vec<&str> {
        document
            .tokens
            .iter()
            .map(|s| &document.text[s.start..s.end])
            .collect()
    }

    #[test]
    fn rebuilds_text_with_spaces_and_blank_lines() {
        let gold = gold();
        assert_eq!(gold[0].text, "The mayor didn't come. Rain fell.\n\nBye now");
        assert_eq!(gold[0].paragraphs, 2);
        assert_eq!(gold[0].sentences, 3);
        assert_eq!(gold[0].sentence_ends, vec![22, 33, 42]);
    }

    #[test]
    fn splits_concatenating_multiword_tokens_only() {
        let gold = gold();
        assert_eq!(
            texts(&gold[0]),
            ["The", "mayor", "did", "n't", "come", ".", "Rain", "fell", ".", "Bye", "now"]
        );
        // "won't" = will + not does not spell the surface form: one gold token.
        assert_eq!(gold[1].text, "We won't.");
        assert_eq!(texts(&gold[1]), ["We", "won't", "."]);
        assert_eq!(gold[1].unaligned_tokens, 0);
    }

    #[test]
    fn scores_the_segmenter() {
        let gold = gold();
        let report = evaluate_documents("fixture", &gold[..1]);
        assert_eq!(report.tokens.gold, 11);
        assert_eq!(report.tokens.correct, 11, "{report:?}");
        assert_eq!(report.sentence_boundaries.gold, 3);
        assert_eq!(report.sentence_boundaries.correct, 3);
        assert!((report.tokens.f1 - 100.0).abs() < 1e-9);
        let table = report.to_table();
        assert!(table.contains("sentence boundaries"), "{table}");
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["tokens"]["gold"], 11);
    }

    #[test]
    fn differences_list_errors() {
        let text = "Hello there.";
        let document = GoldDocument {
            text: text.to_string(),
            tokens: vec![Span::new(0, 11), Span::new(11, 12)],
            sentence_ends: vec![5, 12],
            ..GoldDocument::default()
        };
        let diff = differences(&document);
        assert_eq!(diff.missed_tokens, vec![Span::new(0, 11)]);
        assert_eq!(
            diff.spurious_tokens,
            vec![Span::new(0, 5), Span::new(6, 11)]
        );
        assert_eq!(diff.missed_boundaries, vec![5]);
        assert!(diff.spurious_boundaries.is_empty());
    }

    #[test]
    fn missing_file_is_an_error() {
        assert!(evaluate_tokens(Path::new("/nonexistent.conllu")).is_err());
    }
}
