//! A read-only view of an analysed document for the quote layer: tokens with their tags and
//! parse, children lists, sentence membership and direct-quote membership.

use std::borrow::Cow;

use newsgraph_core::{Document, Span};

use super::marks::MarkedQuote;

/// One token as the quote layer reads it: borrowed text and tags, no allocation unless the
/// lemma needs one.
pub use newsgraph_core::TokenView as Tok;

/// The analysed document as the quote layer reads it.
pub struct Context<'d> {
    pub text: &'d str,
    pub document: &'d Document,
    pub tokens: Vec<Tok<'d>>,
    lower: Vec<Cow<'d, str>>,
    /// Children of each token: `child_list[child_start[i]..child_start[i + 1]]`.
    child_start: Vec<u32>,
    child_list: Vec<u32>,
    /// Sentence index of each token.
    sentence_of: Vec<usize>,
    /// Index into `quotes` of the direct quote each token lies in.
    quote_of: Vec<Option<usize>>,
    pub quotes: Vec<MarkedQuote>,
}

const EMPTY: &str = "";

impl<'d> Context<'d> {
    /// Build the view from `Document::tokens`; `quotes` are the document's direct quotes (see
    /// [`super::marks`]).
    pub fn new(document: &'d Document, quotes: Vec<MarkedQuote>) -> Self {
        let tokens = document.tokens.iter().map(Tok::of).collect();
        Self::with_tokens(document, tokens, quotes)
    }

    /// Build the view from tokens the caller already has (the pipeline's tags and parse).
    pub fn with_tokens(
        document: &'d Document,
        tokens: Vec<Tok<'d>>,
        quotes: Vec<MarkedQuote>,
    ) -> Self {
        let n = tokens.len();
        let lower = tokens
            .iter()
            .map(|t| {
                if t.text.chars().any(char::is_uppercase) {
                    Cow::Owned(t.text.to_lowercase())
                } else {
                    Cow::Borrowed(t.text)
                }
            })
            .collect();
        let mut counts = vec![0u32; n + 1];
        for (i, token) in tokens.iter().enumerate() {
            if let Some(h) = token.head.filter(|&h| h < n && h != i) {
                counts[h + 1] += 1;
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let child_start = counts.clone();
        let mut fill = counts;
        let mut child_list = vec![0u32; child_start.get(n).copied().unwrap_or(0) as usize];
        for (i, token) in tokens.iter().enumerate() {
            if let Some(h) = token.head.filter(|&h| h < n && h != i) {
                child_list[fill[h] as usize] = i as u32;
                fill[h] += 1;
            }
        }
        let mut sentence_of = vec![usize::MAX; n];
        for sentence in &document.sentences {
            for i in sentence.tokens.clone() {
                if let Some(slot) = sentence_of.get_mut(i) {
                    *slot = sentence.index;
                }
            }
        }
        let mut quote_of = vec![None; n];
        let mut q = 0;
        for (i, token) in tokens.iter().enumerate() {
            while q < quotes.len() && quotes[q].span.end <= token.span.start {
                q += 1;
            }
            if q < quotes.len() && quotes[q].span.contains(&token.span) {
                quote_of[i] = Some(q);
            }
        }
        Context {
            text: &document.article.text,
            document,
            tokens,
            lower,
            child_start,
            child_list,
            sentence_of,
            quote_of,
            quotes,
        }
    }

    /// Whether the tokens carry a dependency parse.
    pub fn parsed(&self) -> bool {
        self.tokens.iter().any(|t| !t.deprel.is_empty())
    }

    /// Token index ranges of the sentences.
    pub fn sentences(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let n = self.tokens.len();
        self.document
            .sentences
            .iter()
            .map(move |s| s.tokens.start.min(n)..s.tokens.end.min(n))
    }

    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentence_of.get(i).copied().unwrap_or(usize::MAX)
    }

    pub fn same_sentence(&self, i: usize, j: usize) -> bool {
        self.sentence_of(i) == self.sentence_of(j)
    }

    pub fn lower(&self, i: usize) -> &str {
        self.lower.get(i).map_or(EMPTY, |w| w.as_ref())
    }

    pub fn lemma(&self, i: usize) -> &str {
        self.tokens.get(i).map_or(EMPTY, |t| t.lemma.as_ref())
    }

    pub fn upos(&self, i: usize) -> &str {
        self.tokens.get(i).map_or(EMPTY, |t| t.upos)
    }

    pub fn xpos(&self, i: usize) -> &str {
        self.tokens.get(i).map_or(EMPTY, |t| t.xpos)
    }

    pub fn deprel(&self, i: usize) -> &str {
        self.tokens.get(i).map_or(EMPTY, |t| t.deprel)
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.tokens
            .get(i)
            .and_then(|t| t.head)
            .filter(|&h| h < self.tokens.len() && h != i)
    }

    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let start = self.child_start.get(i).copied().unwrap_or(0) as usize;
        let end = self.child_start.get(i + 1).copied().unwrap_or(0) as usize;
        self.child_list
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .map(|&c| c as usize)
    }

    pub fn span(&self, i: usize) -> Span {
        self.tokens.get(i).map(|t| t.span).unwrap_or_default()
    }

    /// Whether token `i` lies inside a direct quote (marks included).
    pub fn in_quote(&self, i: usize) -> bool {
        self.quote_of(i).is_some()
    }

    pub fn quote_of(&self, i: usize) -> Option<usize> {
        self.quote_of.get(i).copied().flatten()
    }

    /// Whether a direct quote ends within three tokens before `i`, and whether one starts
    /// within three tokens after it, in the same sentence or next to it.
    pub fn quote_near(&self, i: usize) -> (bool, bool) {
        let n = self.tokens.len();
        let left = (i.saturating_sub(3)..i).any(|j| self.quote_of(j).is_some());
        let right = (i + 1..(i + 4).min(n)).any(|j| self.quote_of(j).is_some());
        (left && !self.in_quote(i), right && !self.in_quote(i))
    }

    /// Whether token `i` can be (part of) a cue: content words, prepositions and the colon
    /// start one; determiners, names, pronouns and numbers only continue one ("said in a
    /// statement").
    pub fn candidate(&self, i: usize, continuing: bool) -> bool {
        match self.upos(i) {
            "PUNCT" => self.lower(i) == ":",
            "PROPN" | "PRON" | "NUM" | "SYM" | "CCONJ" | "INTJ" | "X" | "DET" => continuing,
            _ => true,
        }
    }

    /// The subtree of `i` as a token range (the cover of the tokens under it), within its
    /// sentence.
    pub fn subtree(&self, i: usize) -> (usize, usize) {
        let mut lo = i;
        let mut hi = i;
        let mut stack = vec![i];
        let mut steps = 0;
        while let Some(t) = stack.pop() {
            steps += 1;
            if steps > self.tokens.len() + 1 {
                break;
            }
            lo = lo.min(t);
            hi = hi.max(t);
            stack.extend(self.children(t));
        }
        (lo, hi + 1)
    }

    /// Whether `ancestor` dominates `i` (or is `i`).
    pub fn dominates(&self, ancestor: usize, mut i: usize) -> bool {
        for _ in 0..self.tokens.len() + 1 {
            if i == ancestor {
                return true;
            }
            match self.head(i) {
                Some(h) => i = h,
                None => return false,
            }
        }
        false
    }

    /// Byte span of the token range `[a, b)`.
    pub fn range_span(&self, a: usize, b: usize) -> Span {
        if b <= a {
            return self.span(a);
        }
        Span::new(self.span(a).start, self.span(b - 1).end)
    }
}

/// A weekday, a day relative to today, a part of a day or a week (lower case): the words of
/// "on Friday", "in the morning", "last week".
pub(crate) fn day_or_part_of_day(word: &str) -> bool {
    matches!(
        word,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "week"
            | "weekend"
    )
}
