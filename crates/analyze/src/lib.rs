//! The per-article analysis: `Pipeline::analyze(Article) -> Document`.
//!
//! `analyze` is pure and deterministic: no I/O, no global mutable state; whatever it needs
//! (models, gazetteers) is loaded once into the [`Pipeline`] and shared read-only, so callers
//! run it in parallel over articles (rayon) or in stateless workers.

use std::path::Path;

use newsgraph_core::{Article, Document, Mention, Sentence, Span, Token};
use newsgraph_nlp::ner::{EntitySpan, Recognizer};
use newsgraph_nlp::parser::{Arc, Parser};
use newsgraph_nlp::tagger::{PosTag, Tagger};
use newsgraph_nlp::NlpError;
use newsgraph_text::{Segmentation, TextToken};

/// Layer names recorded in `Document::layers`.
pub mod layer {
    /// Tokens and sentences.
    pub const TEXT: &str = "text";
    /// Part-of-speech tags and lemmas.
    pub const POS: &str = "pos";
    /// Dependency parse.
    pub const PARSE: &str = "parse";
    /// Named-entity mentions.
    pub const NER: &str = "ner";
}

/// The trained models the pipeline runs, each optional: a layer whose model is absent is not
/// run (and not listed in `Document::layers`).
#[derive(Default)]
pub struct Models {
    pub tagger: Option<Tagger>,
    pub parser: Option<Parser>,
    pub recognizer: Option<Recognizer>,
}

impl Models {
    pub const TAGGER_FILE: &'static str = "tagger.ngm";
    pub const PARSER_FILE: &'static str = "parser.ngm";
    pub const NER_FILE: &'static str = "ner.ngm";

    /// Load the models found in `dir`. Returns the models and the files that were missing;
    /// a file that exists but does not load is an error.
    pub fn load_dir(dir: &Path) -> Result<(Models, Vec<String>), NlpError> {
        let mut missing = Vec::new();
        let mut present = |name: &str| {
            let path = dir.join(name);
            if path.is_file() {
                Some(path)
            } else {
                missing.push(path.display().to_string());
                None
            }
        };
        let tagger = present(Self::TAGGER_FILE);
        let parser = present(Self::PARSER_FILE);
        let recognizer = present(Self::NER_FILE);
        let models = Models {
            tagger: tagger.as_deref().map(Tagger::load).transpose()?,
            parser: parser.as_deref().map(Parser::load).transpose()?,
            recognizer: recognizer.as_deref().map(Recognizer::load).transpose()?,
        };
        Ok((models, missing))
    }
}

/// What the pipeline puts into each document.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Output the token list (`Document::tokens`) with each token's text and tags. Off by
    /// default: it is the bulk of the output and most users want the facts.
    pub tokens: bool,
}

/// The analysis pipeline. Share it across threads by reference (`&Pipeline` is `Sync`).
#[derive(Default)]
pub struct Pipeline {
    options: AnalyzeOptions,
    models: Models,
}

impl Pipeline {
    /// A pipeline with the text layer only.
    pub fn new(options: AnalyzeOptions) -> Self {
        Pipeline {
            options,
            models: Models::default(),
        }
    }

    /// A pipeline running the given models after the text layer.
    pub fn with_models(options: AnalyzeOptions, models: Models) -> Self {
        Pipeline { options, models }
    }

    pub fn models(&self) -> &Models {
        &self.models
    }

    pub fn options(&self) -> &AnalyzeOptions {
        &self.options
    }

    /// Analyse one article.
    pub fn analyze(&self, article: Article) -> Document {
        let segmentation = newsgraph_text::segment(&article.text);
        let mut document = Document::new(article);
        fill_text_layer(&mut document, &segmentation, self.options.tokens);
        match non_english(&document.article) {
            // The models are English-only: keep the text layer, say what was skipped.
            Some(language) => self.skip_models(&mut document, &language),
            None => self.run_models(&mut document, &segmentation),
        }
        document
    }

    /// One warning for each model layer that would have run.
    fn skip_models(&self, document: &mut Document, language: &str) {
        let models = &self.models;
        let layers = [
            (layer::POS, models.tagger.is_some()),
            (
                layer::PARSE,
                models.tagger.is_some() && models.parser.is_some(),
            ),
            (layer::NER, models.recognizer.is_some()),
        ];
        for (name, would_run) in layers {
            if would_run {
                document.warnings.push(newsgraph_core::Warning {
                    layer: name.to_string(),
                    message: format!(
                        "skipped: article language is {language}, the models are English-only"
                    ),
                    span: None,
                });
            }
        }
    }

    fn run_models(&self, document: &mut Document, segmentation: &Segmentation) {
        let models = &self.models;
        if models.tagger.is_none() && models.parser.is_none() && models.recognizer.is_none() {
            return;
        }
        let text = document.article.text.as_str();
        let words: Vec<&str> = segmentation
            .tokens
            .iter()
            .map(|t| slice(text, t.span))
            .collect();
        let sentence_words = |s: &Sentence| &words[s.tokens.start..s.tokens.end.min(words.len())];

        // Tags for every token, sentence by sentence.
        let mut tags: Vec<PosTag> = Vec::new();
        if let Some(tagger) = &models.tagger {
            tags.reserve(words.len());
            let mut sentence_tags = Vec::new();
            for sentence in &document.sentences {
                tagger.tag(sentence_words(sentence), &mut sentence_tags);
                tags.extend_from_slice(&sentence_tags);
            }
            tags.resize(words.len(), PosTag::default());
            document.layers.push(layer::POS.to_string());
        }

        // Heads (document token indices) and labels.
        let mut arcs: Vec<Arc> = Vec::new();
        if let (Some(tagger), Some(parser)) = (&models.tagger, &models.parser) {
            let upos: Vec<&str> = tags.iter().map(|&t| tagger.upos_name(t)).collect();
            let xpos: Vec<&str> = tags.iter().map(|&t| tagger.xpos_name(t)).collect();
            arcs.reserve(words.len());
            let mut sentence_arcs = Vec::new();
            for sentence in &document.sentences {
                let range = sentence.tokens.start..sentence.tokens.end.min(words.len());
                parser.parse(
                    &words[range.clone()],
                    &upos[range.clone()],
                    &xpos[range.clone()],
                    &mut sentence_arcs,
                );
                arcs.extend(sentence_arcs.iter().map(|arc| Arc {
                    head: arc.head.map(|h| h + range.start as u32),
                    label: arc.label,
                }));
            }
            arcs.resize(words.len(), Arc::default());
            document.layers.push(layer::PARSE.to_string());
        }

        if self.options.tokens {
            for (i, token) in document.tokens.iter_mut().enumerate() {
                if let (Some(tagger), Some(&tag)) = (&models.tagger, tags.get(i)) {
                    token.upos = Some(tagger.upos_name(tag).to_string());
                    token.xpos = Some(tagger.xpos_name(tag).to_string());
                    token.lemma = Some(tagger.lemma(&token.text, tag).into_owned());
                }
                if let (Some(parser), Some(arc)) = (&models.parser, arcs.get(i)) {
                    token.head = arc.head.map(|h| h as usize);
                    token.deprel = Some(parser.label_name(arc.label).to_string());
                }
            }
        }

        if let Some(recognizer) = &models.recognizer {
            let sentences: Vec<Vec<&str>> = document
                .sentences
                .iter()
                .map(|s| sentence_words(s).to_vec())
                .collect();
            let mut spans: Vec<EntitySpan> = Vec::new();
            recognizer.recognize(&sentences, &mut spans);
            document.mentions = spans
                .iter()
                .filter_map(|entity| mention(document, segmentation, entity))
                .collect();
            document.layers.push(layer::NER.to_string());
        }
    }
}

/// The mention of a recognised entity, with its byte span; `None` if its token range does not
/// fit the sentence.
fn mention(
    document: &Document,
    segmentation: &Segmentation,
    entity: &EntitySpan,
) -> Option<Mention> {
    let sentence = document.sentences.get(entity.sentence)?;
    let mut first = sentence.tokens.start + entity.start;
    let mut last = sentence.tokens.start + entity.end.checked_sub(1)?;
    if entity.end <= entity.start || last >= sentence.tokens.end {
        return None;
    }
    // A name has a letter or a digit: tokens of punctuation and symbols at either edge are
    // not part of it, and a "name" made only of them is no mention at all.
    let wordlike = |i: usize| {
        segmentation.tokens.get(i).is_some_and(|t| {
            slice(&document.article.text, t.span)
                .chars()
                .any(char::is_alphanumeric)
        })
    };
    while first <= last && !wordlike(first) {
        first += 1;
    }
    while last > first && !wordlike(last) {
        last -= 1;
    }
    if first > last || !wordlike(first) {
        return None;
    }
    let span = Span::new(
        segmentation.tokens.get(first)?.span.start,
        segmentation.tokens.get(last)?.span.end,
    );
    Some(Mention {
        span,
        sentence: entity.sentence,
        text: slice(&document.article.text, span).to_string(),
        entity_type: entity.label,
        entity: None,
        confidence: entity.confidence,
    })
}

/// Counts of what one analysis produced, for benchmarks and summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalysisCounts {
    pub bytes: usize,
    pub tokens: usize,
    pub sentences: usize,
}

impl AnalysisCounts {
    pub fn of(document: &Document) -> Self {
        AnalysisCounts {
            bytes: document.article.text.len(),
            tokens: document
                .sentences
                .last()
                .map(|s| s.tokens.end)
                .unwrap_or_default(),
            sentences: document.sentences.len(),
        }
    }
}

fn fill_text_layer(document: &mut Document, segmentation: &Segmentation, with_tokens: bool) {
    let text = document.article.text.as_str();
    document.sentences = segmentation
        .sentences
        .iter()
        .enumerate()
        .map(|(index, s)| Sentence {
            index,
            span: s.span,
            paragraph: s.paragraph,
            kind: s.kind,
            dateline: s.dateline,
            tokens: s.tokens.clone(),
        })
        .collect();
    if with_tokens {
        document.tokens = segmentation
            .tokens
            .iter()
            .map(|t| output_token(text, t))
            .collect();
    }
    document.layers.push(layer::TEXT.to_string());
}

fn output_token(text: &str, token: &TextToken) -> Token {
    let original = slice(text, token.span);
    let norm = newsgraph_text::normalize::norm(original);
    Token {
        span: token.span,
        text: original.to_string(),
        norm: (norm != original).then(|| norm.into_owned()),
        kind: token.kind,
        space_after: token.space_after,
        upos: None,
        xpos: None,
        lemma: None,
        head: None,
        deprel: None,
    }
}

/// The article's language when it is set and not English (`en`, `en-GB`, `eng`).
fn non_english(article: &Article) -> Option<String> {
    let language = article.language.as_deref()?.trim();
    let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
    (!primary.is_empty() && primary != "en" && primary != "eng").then(|| language.to_string())
}

fn slice(text: &str, span: Span) -> &str {
    span.slice(text).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_span_points_into_the_text() {
        let article = Article::from_text(
            "KHARTOUM, Sudan - The army said on Sunday it had taken the bridge.\n\n\
             \u{201c}We will never become another Somalia,\u{201d} the general said.",
        );
        let document = Pipeline::new(AnalyzeOptions { tokens: true }).analyze(article);
        assert!(document.sentences.len() >= 2);
        assert!(!document.tokens.is_empty());
        for (label, span) in document.cited_spans() {
            assert!(
                span.slice(&document.article.text).is_some(),
                "{label} span {span:?} does not fit the text"
            );
        }
        for token in &document.tokens {
            assert_eq!(document.evidence(token.span), token.text);
        }
        assert_eq!(document.layers, vec!["text".to_string()]);
    }

    #[test]
    fn tokens_are_left_out_unless_asked_for() {
        let document = Pipeline::default().analyze(Article::from_text("The junta sought help."));
        assert!(document.tokens.is_empty());
        assert_eq!(document.sentences.len(), 1);
        assert_eq!(AnalysisCounts::of(&document).tokens, 5);
    }

    #[test]
    fn analysis_is_deterministic() {
        let text = "Gen. Okafor arrived in N'Djamena. He met two Chadian officials.";
        let pipeline = Pipeline::new(AnalyzeOptions { tokens: true });
        let a = pipeline.analyze(Article::from_text(text));
        let b = pipeline.analyze(Article::from_text(text));
        assert_eq!(a, b);
    }
}
