//! The per-article analysis: `Pipeline::analyze(Article) -> Document`.
//!
//! `analyze` is pure and deterministic: no I/O, no global mutable state; whatever it needs
//! (models, gazetteers) is loaded once into the [`Pipeline`] and shared read-only, so callers
//! run it in parallel over articles (rayon) or in stateless workers.

use newsgraph_core::{Article, Document, Sentence, Span, Token};
use newsgraph_text::{Segmentation, TextToken};

/// Layer names recorded in `Document::layers`.
pub mod layer {
    /// Tokens and sentences.
    pub const TEXT: &str = "text";
}

/// What the pipeline puts into each document.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Output the token list (`Document::tokens`) with each token's text and tags. Off by
    /// default: it is the bulk of the output and most users want the facts.
    pub tokens: bool,
}

/// The analysis pipeline. Cheap to share across threads (`&Pipeline` is `Sync`).
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    options: AnalyzeOptions,
}

impl Pipeline {
    pub fn new(options: AnalyzeOptions) -> Self {
        Pipeline { options }
    }

    pub fn options(&self) -> &AnalyzeOptions {
        &self.options
    }

    /// Analyse one article.
    pub fn analyze(&self, article: Article) -> Document {
        let segmentation = newsgraph_text::segment(&article.text);
        let mut document = Document::new(article);
        fill_text_layer(&mut document, &segmentation, self.options.tokens);
        document
    }
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
    let norm = newsgraph_text::token_norm(original);
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
