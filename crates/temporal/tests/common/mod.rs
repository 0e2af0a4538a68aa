//! Shared by the temporal integration tests: a text segmented into the spans and sentences an
//! [`Input`] borrows.

use std::ops::Range;

use newsgraph_core::Span;
use newsgraph_temporal::Input;

pub struct Segmented<'a> {
    pub text: &'a str,
    pub tokens: Vec<Span>,
    pub sentences: Vec<Range<usize>>,
}

impl<'a> Segmented<'a> {
    pub fn new(text: &'a str) -> Self {
        let segmentation = newsgraph_text::segment(text);
        Segmented {
            text,
            tokens: segmentation.tokens.iter().map(|t| t.span).collect(),
            sentences: segmentation
                .sentences
                .iter()
                .map(|s| s.tokens.clone())
                .collect(),
        }
    }

    pub fn input(&self) -> Input<'_> {
        Input {
            text: self.text,
            tokens: &self.tokens,
            sentences: &self.sentences,
        }
    }
}
