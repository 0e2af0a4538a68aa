//! A borrowed view of one analysed token, as the rule layers (quotes, events) read it.

use std::borrow::Cow;

use crate::{Span, Token};

/// One token with its tags, lemma and parse, borrowed from the analysis (or from an output
/// [`Token`]): no allocation unless the lemma needed one. Head indices are document token
/// indices.
#[derive(Debug, Clone)]
pub struct TokenView<'a> {
    pub span: Span,
    pub text: &'a str,
    pub upos: &'a str,
    pub xpos: &'a str,
    pub lemma: Cow<'a, str>,
    /// Document token index of the syntactic head; `None` for the root.
    pub head: Option<usize>,
    pub deprel: &'a str,
}

impl<'a> TokenView<'a> {
    /// The view of an output token (`Document::tokens`); missing tags read as "", a missing
    /// lemma as the text.
    pub fn of(token: &'a Token) -> Self {
        TokenView {
            span: token.span,
            text: &token.text,
            upos: token.upos.as_deref().unwrap_or(""),
            xpos: token.xpos.as_deref().unwrap_or(""),
            lemma: Cow::Borrowed(token.lemma.as_deref().unwrap_or(&token.text)),
            head: token.head,
            deprel: token.deprel.as_deref().unwrap_or(""),
        }
    }
}
