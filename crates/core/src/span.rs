//! Byte spans into an article's original text: the evidence behind every fact.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into `Article::text`.
///
/// Offsets are UTF-8 byte offsets into the *original* text, never into a normalised copy,
/// so `&article.text[span.start..span.end]` is always the exact evidence. Both ends lie on
/// `char` boundaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`. If `end < start` the span is empty at `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers, or `None` if it does not fit `text` or splits a character.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// This span moved right by `offset` bytes.
    pub fn shifted(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_respects_char_boundaries() {
        let text = "Café au lait";
        assert_eq!(Span::new(0, 5).slice(text), Some("Café"));
        assert_eq!(Span::new(0, 4).slice(text), None, "4 splits the é");
        assert_eq!(Span::new(10, 40).slice(text), None);
    }

    #[test]
    fn reversed_bounds_give_an_empty_span() {
        let span = Span::new(7, 3);
        assert!(span.is_empty());
        assert_eq!(span.start, 7);
    }

    #[test]
    fn cover_overlap_contain() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(a.overlaps(&b));
        assert!(
            !a.overlaps(&Span::new(5, 6)),
            "half-open: touching is not overlapping"
        );
        assert!(Span::new(0, 10).contains(&b));
        assert!(!a.contains(&b));
    }
}
