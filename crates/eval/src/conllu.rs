//! A reader for CoNLL-U, the Universal Dependencies treebank format.
//!
//! The reader keeps everything a later stage may need: document and paragraph structure
//! (`# newdoc`, `# newpar`), sentence metadata (`# sent_id`, `# text` and any other
//! `# key = value` comment), multiword tokens (`1-2`), empty nodes (`8.1`) and all ten
//! columns of every word, with `FEATS` and `MISC` parsed into key/value pairs.
//!
//! ```
//! use newsgraph_eval::conllu;
//!
//! let source = "# newdoc id = d1\n# text = Hi there.\n\
//!               1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\
//!               2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\tSpaceAfter=No\n\
//!               3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
//! let documents = conllu::parse_str(source, "example").unwrap();
//! let sentence = &documents[0].paragraphs[0].sentences[0];
//! assert_eq!(sentence.text.as_deref(), Some("Hi there."));
//! assert_eq!(sentence.words[1].head, Some(1));
//! assert!(!sentence.words[1].space_after());
//! ```

use std::fmt;
use std::fs;
use std::path::Path;

/// Why a CoNLL-U file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line does not follow the format.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file (or the name given to `parse_str`).
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One document: the sentences between two `# newdoc` comments, grouped by paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The `# newdoc id = …` value, if the document was introduced by one with an id.
    pub id: Option<String>,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
}

impl Document {
    /// All sentences of the document in order.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.paragraphs.iter().flat_map(|p| p.sentences.iter())
    }
}

/// One paragraph: the sentences between two `# newpar` comments (or document starts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The `# newpar id = …` value, if any.
    pub id: Option<String>,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// One sentence with its metadata, words, multiword tokens and empty nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// `# sent_id = …`.
    pub id: Option<String>,
    /// `# text = …`: the raw sentence.
    pub text: Option<String>,
    /// Every `# key = value` (or bare `# comment`) line in order, including `sent_id`, `text`,
    /// `newdoc` and `newpar`; a bare comment has an empty value.
    pub metadata: Vec<(String, String)>,
    /// The syntactic words, ids `1..=n` in order (`words[i].id == i + 1`).
    pub words: Vec<Word>,
    /// Multiword tokens (`3-4 don't`), in order.
    pub multiword_tokens: Vec<MultiwordToken>,
    /// Empty nodes of enhanced dependencies (`8.1`), in order.
    pub empty_nodes: Vec<EmptyNode>,
    /// 1-based line number of the sentence's first line in the file.
    pub line: usize,
}

impl Sentence {
    /// The value of the metadata comment `key`, if present.
    pub fn metadata_value(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The surface tokens of the sentence: each multiword token once, and every word that is
    /// not part of a multiword token.
    pub fn surface_tokens(&self) -> Vec<SurfaceToken<'_>> {
        let mut tokens = Vec::with_capacity(self.words.len());
        let mut multiword = self.multiword_tokens.iter().peekable();
        let mut index = 0;
        while index < self.words.len() {
            let id = index + 1;
            if let Some(mwt) = multiword.next_if(|m| m.first <= id) {
                if mwt.first == id && mwt.last >= id {
                    let last = mwt.last.min(self.words.len());
                    tokens.push(SurfaceToken {
                        form: &mwt.form,
                        words: index..last,
                        space_after: mwt.space_after(),
                        multiword: Some(mwt),
                    });
                    index = last;
                    continue;
                }
                // A multiword token that does not start at a word boundary we are at: skip it.
                continue;
            }
            let word = &self.words[index];
            tokens.push(SurfaceToken {
                form: &word.form,
                words: index..index + 1,
                space_after: word.space_after(),
                multiword: None,
            });
            index += 1;
        }
        tokens
    }
}

/// A token as written in the text: a multiword token or a plain word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceToken<'s> {
    /// The form as written in the text.
    pub form: &'s str,
    /// Index range into `Sentence::words` of the words it contains.
    pub words: std::ops::Range<usize>,
    /// Whether whitespace follows the token (`SpaceAfter=No` absent).
    pub space_after: bool,
    /// The multiword token, when this surface token is one.
    pub multiword: Option<&'s MultiwordToken>,
}

/// A syntactic word: one regular CoNLL-U line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// 1-based position in the sentence.
    pub id: usize,
    /// FORM: the word as it appears (for a multiword token's word, its syntactic form).
    pub form: String,
    /// LEMMA, `_` when absent.
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Language-specific POS tag (Penn Treebank for English), `_` when absent.
    pub xpos: String,
    /// Morphological features in file order, `[]` for `_`.
    pub feats: Vec<(String, String)>,
    /// Head word id, `Some(0)` for the root, `None` when `_`.
    pub head: Option<usize>,
    /// Universal dependency relation (`nsubj`, `obl:tmod`, …), `_` when absent.
    pub deprel: String,
    /// Enhanced dependencies as written (`4:nsubj|6:nsubj`), `_` when absent.
    pub deps: String,
    /// MISC column entries (`SpaceAfter=No` …); entries without `=` have an empty value.
    pub misc: Vec<(String, String)>,
}

impl Word {
    /// The value of feature `name`, if present.
    pub fn feature(&self, name: &str) -> Option<&str> {
        find_value(&self.feats, name)
    }

    /// The value of MISC entry `name`, if present.
    pub fn misc_value(&self, name: &str) -> Option<&str> {
        find_value(&self.misc, name)
    }

    /// Whether whitespace follows the word (no `SpaceAfter=No`).
    pub fn space_after(&self) -> bool {
        self.misc_value("SpaceAfter") != Some("No")
    }
}

/// A multiword token line (`3-4  don't`): a surface form covering several words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word id (inclusive).
    pub first: usize,
    /// Last word id (inclusive).
    pub last: usize,
    /// The surface form ("don't").
    pub form: String,
    /// MISC column entries (`SpaceAfter=No` …).
    pub misc: Vec<(String, String)>,
}

impl MultiwordToken {
    /// Whether whitespace follows the token (no `SpaceAfter=No`).
    pub fn space_after(&self) -> bool {
        find_value(&self.misc, "SpaceAfter") != Some("No")
    }
}

/// An empty node (`8.1`), used by enhanced dependencies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmptyNode {
    /// The word id it follows (8 in `8.1`).
    pub after: usize,
    /// The sub-index (1 in `8.1`).
    pub index: usize,
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Language-specific POS tag.
    pub xpos: String,
    /// Morphological features.
    pub feats: Vec<(String, String)>,
    /// Enhanced dependencies as written.
    pub deps: String,
    /// MISC column entries.
    pub misc: Vec<(String, String)>,
}

fn find_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Read and parse a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Document>, ConlluError> {
    let source = fs::read_to_string(path).map_err(|source| ConlluError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_str(&source, &path.display().to_string())
}

/// Parse CoNLL-U text. `source_name` names the input in error messages.
///
/// A `# newdoc` comment starts a new document and a `# newpar` comment a new paragraph;
/// sentences before any of them go to a first document (or paragraph) without id.
pub fn parse_str(source: &str, source_name: &str) -> Result<Vec<Document>, ConlluError> {
    let mut parser = Parser {
        source_name,
        documents: Vec::new(),
        sentence: Sentence::default(),
        in_sentence: false,
        newdoc: None,
        newpar: None,
    };
    let mut line_number = 0;
    for line in source.lines() {
        line_number += 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        parser.line(line, line_number)?;
    }
    parser.finish_sentence(line_number + 1)?;
    Ok(parser.documents)
}

struct Parser<'n> {
    source_name: &'n str,
    documents: Vec<Document>,
    sentence: Sentence,
    in_sentence: bool,
    /// A `# newdoc` seen for the sentence being read (`Some(None)` = without id).
    newdoc: Option<Option<String>>,
    newpar: Option<Option<String>>,
}

impl Parser<'_> {
    fn error(&self, line: usize, message: impl fmt::Display) -> ConlluError {
        ConlluError::Format {
            path: self.source_name.to_string(),
            line,
            message: message.to_string(),
        }
    }

    fn line(&mut self, line: &str, number: usize) -> Result<(), ConlluError> {
        if line.trim().is_empty() {
            return self.finish_sentence(number);
        }
        if !self.in_sentence {
            self.in_sentence = true;
            self.sentence.line = number;
        }
        if let Some(comment) = line.strip_prefix('#') {
            self.comment(comment);
            return Ok(());
        }
        self.token_line(line, number)
    }

    fn comment(&mut self, comment: &str) {
        let comment = comment.trim();
        let (key, value) = match comment.split_once('=') {
            Some((key, value)) => (key.trim(), value.trim()),
            None => (comment, ""),
        };
        let id = (!value.is_empty()).then(|| value.to_string());
        match key {
            "newdoc" | "newdoc id" => self.newdoc = Some(id),
            "newpar" | "newpar id" => self.newpar = Some(id),
            "sent_id" => self.sentence.id = Some(value.to_string()),
            // `# text = …` keeps the text exactly, spaces included, after the `= `.
            "text" => {
                let raw = comment.split_once('=').map_or("", |(_, v)| v);
                let raw = raw.strip_prefix(' ').unwrap_or(raw);
                self.sentence.text = Some(raw.to_string());
            }
            _ => {}
        }
        self.sentence
            .metadata
            .push((key.to_string(), value.to_string()));
    }

    fn token_line(&mut self, line: &str, number: usize) -> Result<(), ConlluError> {
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(self.error(
                number,
                format_args!("expected 10 tab-separated columns, found {}", columns.len()),
            ));
        }
        let id = columns[0];
        if let Some((first, last)) = id.split_once('-') {
            let first = self.parse_id(first, number)?;
            let last = self.parse_id(last, number)?;
            if last < first {
                return Err(self.error(number, format_args!("bad multiword range {id}")));
            }
            self.sentence.multiword_tokens.push(MultiwordToken {
                first,
                last,
                form: columns[1].to_string(),
                misc: parse_pairs(columns[9]),
            });
        } else if let Some((after, index)) = id.split_once('.') {
            let after = self.parse_id(after, number)?;
            let index = self.parse_id(index, number)?;
            self.sentence.empty_nodes.push(EmptyNode {
                after,
                index,
                form: columns[1].to_string(),
                lemma: columns[2].to_string(),
                upos: columns[3].to_string(),
                xpos: columns[4].to_string(),
                feats: parse_pairs(columns[5]),
                deps: columns[8].to_string(),
                misc: parse_pairs(columns[9]),
            });
        } else {
            let id = self.parse_id(id, number)?;
            let expected = self.sentence.words.len() + 1;
            if id != expected {
                return Err(self.error(
                    number,
                    format_args!("word id {id} out of sequence (expected {expected})"),
                ));
            }
            let head = match columns[6] {
                "_" => None,
                head => Some(self.parse_id(head, number)?),
            };
            self.sentence.words.push(Word {
                id,
                form: columns[1].to_string(),
                lemma: columns[2].to_string(),
                upos: columns[3].to_string(),
                xpos: columns[4].to_string(),
                feats: parse_pairs(columns[5]),
                head,
                deprel: columns[7].to_string(),
                deps: columns[8].to_string(),
                misc: parse_pairs(columns[9]),
            });
        }
        Ok(())
    }

    fn parse_id(&self, text: &str, line: usize) -> Result<usize, ConlluError> {
        text.parse()
            .map_err(|_| self.error(line, format_args!("bad id or head {text:?}")))
    }

    fn finish_sentence(&mut self, line: usize) -> Result<(), ConlluError> {
        if !self.in_sentence {
            return Ok(());
        }
        self.in_sentence = false;
        let sentence = std::mem::take(&mut self.sentence);
        if sentence.words.is_empty() {
            return Err(self.error(
                line,
                format_args!("sentence starting at line {} has no words", sentence.line),
            ));
        }
        if let Some(mwt) = sentence
            .multiword_tokens
            .iter()
            .find(|m| m.first == 0 || m.last > sentence.words.len())
        {
            return Err(self.error(
                sentence.line,
                format_args!(
                    "multiword token {}-{} outside the sentence's {} words",
                    mwt.first,
                    mwt.last,
                    sentence.words.len()
                ),
            ));
        }
        if let Some(id) = self.newdoc.take() {
            self.documents.push(Document {
                id,
                paragraphs: Vec::new(),
            });
        }
        if self.documents.is_empty() {
            self.documents.push(Document::default());
        }
        let newpar = self.newpar.take();
        let Some(document) = self.documents.last_mut() else {
            return Ok(());
        };
        if let Some(id) = newpar {
            document.paragraphs.push(Paragraph {
                id,
                sentences: Vec::new(),
            });
        }
        if document.paragraphs.is_empty() {
            document.paragraphs.push(Paragraph::default());
        }
        if let Some(paragraph) = document.paragraphs.last_mut() {
            paragraph.sentences.push(sentence);
        }
        Ok(())
    }
}

/// Parse `A=1|B=2` (or `_`) into pairs; an entry without `=` gets an empty value.
fn parse_pairs(column: &str) -> Vec<(String, String)> {
    if column == "_" || column.is_empty() {
        return Vec::new();
    }
    column
        .split('|')
        .map(|entry| match entry.split_once('=') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (entry.to_string(), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# newdoc id = doc-a
# newpar id = doc-a-p1
# sent_id = doc-a-1
# text = We can't stop.
1\tWe\twe\tPRON\tPRP\tCase=Nom|Number=Plur\t4\tnsubj\t4:nsubj\t_
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_
2\tca\tcan\tAUX\tMD\tVerbForm=Fin\t4\taux\t4:aux\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_
4\tstop\tstop\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_

# sent_id = doc-a-2
# text = Fine
1\tFine\tfine\tADJ\tJJ\tDegree=Pos\t0\troot\t0:root\t_
1.1\tis\tbe\tAUX\tVBZ\t_\t_\t_\t1:cop\t_

# newdoc id = doc-b
# sent_id = doc-b-1
# text = Bye
1\tBye\tbye\tINTJ\tUH\t_\t0\troot\t0:root\t_
";

    #[test]
    fn reads_documents_paragraphs_and_sentences() {
        let documents = parse_str(SAMPLE, "sample").unwrap();
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].id.as_deref(), Some("doc-a"));
        assert_eq!(documents[0].paragraphs.len(), 1);
        assert_eq!(documents[0].paragraphs[0].id.as_deref(), Some("doc-a-p1"));
        assert_eq!(documents[0].sentences().count(), 2);
        assert_eq!(documents[1].paragraphs.len(), 1);
        assert_eq!(documents[1].paragraphs[0].id, None);
    }

    #[test]
    fn reads_words_features_and_heads() {
        let documents = parse_str(SAMPLE, "sample").unwrap();
        let sentence = &documents[0].paragraphs[0].sentences[0];
        assert_eq!(sentence.id.as_deref(), Some("doc-a-1"));
        assert_eq!(sentence.text.as_deref(), Some("We can't stop."));
        assert_eq!(sentence.line, 1);
        assert_eq!(sentence.words.len(), 5);
        let we = &sentence.words[0];
        assert_eq!(
            (we.form.as_str(), we.upos.as_str(), we.head),
            ("We", "PRON", Some(4))
        );
        assert_eq!(we.feature("Number"), Some("Plur"));
        assert_eq!(sentence.words[3].head, Some(0));
        assert!(!sentence.words[3].space_after());
        assert_eq!(sentence.multiword_tokens.len(), 1);
        let second = &documents[0].paragraphs[0].sentences[1];
        assert_eq!(second.empty_nodes.len(), 1);
        assert_eq!(
            (second.empty_nodes[0].after, second.empty_nodes[0].index),
            (1, 1)
        );
    }

    #[test]
    fn surface_tokens_merge_multiword_tokens() {
        let documents = parse_str(SAMPLE, "sample").unwrap();
        let sentence = &documents[0].paragraphs[0].sentences[0];
        let forms: Vec<&str> = sentence.surface_tokens().iter().map(|t| t.form).collect();
        assert_eq!(forms, ["We", "can't", "stop", "."]);
        let tokens = sentence.surface_tokens();
        assert_eq!(tokens[1].words, 1..3);
        assert!(tokens[1].multiword.is_some());
        assert!(!tokens[2].space_after);
    }

    #[test]
    fn errors_name_file_and_line() {
        let broken = "# text = x\n1\tx\tx\tX\n";
        let error = parse_str(broken, "broken.conllu").unwrap_err();
        assert_eq!(
            error.to_string(),
            "broken.conllu:2: expected 10 tab-separated columns, found 4"
        );
        let out_of_order = "1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n3\tb\tb\tX\t_\t_\t1\tdep\t_\t_\n";
        let error = parse_str(out_of_order, "order.conllu").unwrap_err();
        assert!(error.to_string().starts_with("order.conllu:2:"), "{error}");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let error = read_file(Path::new("/nonexistent/x.conllu")).unwrap_err();
        assert!(matches!(error, ConlluError::Io { .. }));
        assert!(error.to_string().contains("/nonexistent/x.conllu"));
    }
}
