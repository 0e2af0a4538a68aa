//! The text layer: normalisation that keeps a map back to original byte offsets, a tokenizer
//! following UD English conventions, and a sentence splitter for news layouts.
//!
//! Every span produced here is a byte range into the *original* text, on char boundaries.
//!
//! ```
//! use newsgraph_text::{segment, SentenceKind};
//!
//! let text = "KHARTOUM, Sudan - The U.S. didn't pay $2m to Gen. Okafor. He left.";
//! let segmentation = segment(text);
//! let words: Vec<&str> = segmentation.tokens[..12]
//!     .iter()
//!     .map(|t| &text[t.span.start..t.span.end])
//!     .collect();
//! assert_eq!(
//!     words,
//!     ["KHARTOUM", ",", "Sudan", "-", "The", "U.S.", "did", "n't", "pay", "$", "2", "m"]
//! );
//! assert_eq!(segmentation.sentences.len(), 2);
//! let dateline = segmentation.sentences[0].dateline.unwrap();
//! assert_eq!(&text[dateline.start..dateline.end], "KHARTOUM, Sudan -");
//! assert_eq!(segmentation.sentences[0].kind, SentenceKind::Body);
//! ```
//!
//! * [`segment`] / [`segment_into`]: tokens and sentences (their rules are listed on
//!   [`segment`]).
//! * [`normalize()`] / [`norm`]: NFKC plus quote, dash, invisible-character and whitespace
//!   folding, with an offset map back to the original.

mod chars;
mod lexicon;
pub mod normalize;
mod sentences;
mod tokenizer;

use std::ops::Range;

pub use newsgraph_core::{SentenceKind, Span, TokenKind};
pub use normalize::{norm, normalize, Normalized, OffsetMap};

/// A token as the text layer sees it: where it is and what shape it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextToken {
    /// Byte range in the original text.
    pub span: Span,
    /// Word, number, punctuation, URL, emoji…
    pub kind: TokenKind,
    /// Whether whitespace follows the token in the original text.
    pub space_after: bool,
}

/// A sentence as the text layer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSentence {
    /// Byte range in the original text, from its first token's start to its last token's
    /// end.
    pub span: Span,
    /// Token index range into `Segmentation::tokens`.
    pub tokens: Range<usize>,
    /// 0-based paragraph number; paragraphs are separated by blank lines.
    pub paragraph: usize,
    /// Body text, headline or list item.
    pub kind: SentenceKind,
    /// The dateline that opens the sentence ("KHARTOUM, Sudan -"), inside `span`.
    pub dateline: Option<Span>,
}

/// Tokens and sentences of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// All tokens in text order; they do not overlap and cover every non-whitespace char.
    pub tokens: Vec<TextToken>,
    /// All sentences in text order; their token ranges are contiguous and cover `tokens`.
    pub sentences: Vec<TextSentence>,
}

impl Segmentation {
    /// Empty both lists, keeping their memory.
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.sentences.clear();
    }
}

/// Tokenize and sentence-split `text`.
///
/// Tokens follow UD English-EWT: punctuation and clitics are split (`didn't` → `did n't`,
/// `Okafor's` → `Okafor 's`, `cannot` → `can not`), hyphens are tokens of their own except
/// after bound prefixes (`e-mail`), `$2m` is `$ 2 m`; URLs, e-mail addresses, handles,
/// hashtags, numbers (`1,200.5`, `10:30`, `9/11`), abbreviations (`U.S.`, `Gen.`, `J.`) and
/// emoji stay whole.
///
/// Sentences end at final punctuation (with the quotes and brackets that close after it)
/// before a token that can open a sentence, at blank lines (which also count paragraphs),
/// and at line breaks after short unpunctuated lines (headlines, list items). Headlines
/// and list items get their own [`SentenceKind`]; a dateline at the start of a line is
/// reported in [`TextSentence::dateline`].
pub fn segment(text: &str) -> Segmentation {
    let mut segmentation = Segmentation::default();
    segment_into(text, &mut segmentation);
    segmentation
}

/// [`segment`] into an existing [`Segmentation`], reusing its buffers (it is cleared first).
pub fn segment_into(text: &str, segmentation: &mut Segmentation) {
    segmentation.clear();
    tokenizer::tokenize(text, &mut segmentation.tokens);
    sentences::split(text, &mut segmentation.tokens, &mut segmentation.sentences);
}
