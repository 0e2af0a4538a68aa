//! The sentence splitter: runs over the tokens with the layout of the text around them.
//!
//! A sentence ends
//!
//! * at a blank line (which also starts a new paragraph);
//! * at a single line break after final punctuation or after a short line (a headline, a
//!   list item, a signature), and before a list marker (`-`, `*`, `•`, `1.`, `2)`, `a.`); a
//!   line break inside hard-wrapped prose does not end one;
//! * after `.`, `!`, `?`, `...`, `…` (and their CJK, Arabic and Devanagari kin), together
//!   with the closing quotes and brackets attached to them (`."`, `?)`, `.''`). A
//!   lower-case word after them still starts a new sentence ("… grow up? india?"), except
//!   after a closing quote ("'Why?' he asked") or an ellipsis ("wait... what"); a spaced
//!   ellipsis (`. . .`) or a run (`? ? ?`) ends only once; the period of a list number
//!   (`3. The third point`) ends nothing;
//! * after an abbreviation that kept its period (`U.S.`, `Inc.`, `etc.`) only when a typical
//!   sentence opener follows ("… in the U.S. He said"); after a title (`Dr.`, `St.`) only
//!   before a pronoun or article ("21st St. It is"); never after an initial (`J.`). When it
//!   does end the sentence, the period becomes a token of its own (`U.S` `.`), as in UD;
//! * after an emoticon or emoji followed by a capitalised word (":) Thanks"), and after the
//!   comma of a letter's closing ("Thanks, Anne").
//!
//! Sentences are [`SentenceKind::ListItem`] when they open a list line, [`SentenceKind::Headline`] when
//! they fill a line of their own without final punctuation, else [`SentenceKind::Body`]; a
//! body sentence opening a line may carry a dateline ("KHARTOUM, Sudan -",
//! "WASHINGTON (Reuters) -").

use crate::chars::{
    char_at, is_bullet, is_closing, is_dash, is_line_break, is_opening, is_sentence_terminal,
};
use crate::lexicon::{self, Abbreviation};
use crate::{SentenceKind, Span, TextSentence, TextToken, TokenKind};

/// Lines shorter than this (in bytes) that lack final punctuation end their sentence at the
/// line break: headlines, list lines, addresses. Longer ones are taken as hard-wrapped prose.
const SHORT_LINE: usize = 50;

/// Append the sentences of `text`, whose tokens are `tokens`, to `sentences`.
///
/// An abbreviation whose period also ends the sentence ("… and so on, etc.") is split
/// into the word and a final `.`, as UD English does.
pub(crate) fn split(text: &str, tokens: &mut Vec<TextToken>, sentences: &mut Vec<TextSentence>) {
    let first_sentence = sentences.len();
    let mut split_periods = Vec::new();
    let mut splitter = Splitter {
        text,
        tokens: &tokens[..],
        sentences,
        split_periods: &mut split_periods,
        start: 0,
        paragraph: 0,
        line_start: 0,
        sentence_at_line_start: true,
        list_item: false,
    };
    splitter.run();
    if !split_periods.is_empty() {
        split_final_periods(tokens, &mut sentences[first_sentence..], &split_periods);
    }
}

/// Split the final period off the tokens at `indices` (ascending), shifting the sentences'
/// token ranges.
fn split_final_periods(
    tokens: &mut Vec<TextToken>,
    sentences: &mut [TextSentence],
    indices: &[usize],
) {
    let old_len = tokens.len();
    let placeholder = TextToken {
        span: Span::default(),
        kind: TokenKind::Punct,
        space_after: false,
    };
    tokens.resize(old_len + indices.len(), placeholder);
    let mut write = tokens.len();
    let mut pending = indices.len();
    for read in (0..old_len).rev() {
        let token = tokens[read];
        if pending > 0 && indices[pending - 1] == read {
            pending -= 1;
            let period_start = token.span.end - 1;
            write -= 1;
            tokens[write] = TextToken {
                span: Span {
                    start: period_start,
                    end: token.span.end,
                },
                kind: TokenKind::Punct,
                space_after: token.space_after,
            };
            write -= 1;
            tokens[write] = TextToken {
                span: Span {
                    start: token.span.start,
                    end: period_start,
                },
                kind: token.kind,
                space_after: false,
            };
        } else {
            write -= 1;
            tokens[write] = token;
        }
    }
    let shift = |index: usize| index + indices.partition_point(|&i| i < index);
    for sentence in sentences {
        sentence.tokens = shift(sentence.tokens.start)..shift(sentence.tokens.end);
    }
}

/// Why a sentence was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    Terminal,
    LineBreak,
    Paragraph,
    ListStart,
    End,
}

struct Splitter<'t, 'o> {
    text: &'t str,
    tokens: &'t [TextToken],
    sentences: &'o mut Vec<TextSentence>,
    /// Abbreviation tokens whose period ends their sentence, ascending.
    split_periods: &'o mut Vec<usize>,
    /// First token of the sentence being built.
    start: usize,
    paragraph: usize,
    /// Byte offset of the first token on the current line.
    line_start: usize,
    /// Whether the sentence being built started at the beginning of a line.
    sentence_at_line_start: bool,
    /// Whether the current line is a list item.
    list_item: bool,
}

impl Splitter<'_, '_> {
    fn run(&mut self) {
        let count = self.tokens.len();
        if count == 0 {
            return;
        }
        self.line_start = self.tokens[0].span.start;
        self.list_item = self.is_list_marker(0);
        let mut i = 0;
        while i < count {
            if i > 0 {
                let breaks = self.line_breaks_before(i);
                if breaks >= 2 {
                    self.close(i, Close::Paragraph);
                    self.paragraph += 1;
                    self.start_line(i);
                } else if breaks == 1 {
                    if self.is_list_marker(i) {
                        self.close(i, Close::ListStart);
                    } else if self.line_break_ends_sentence(i) {
                        self.close(i, Close::LineBreak);
                    }
                    self.start_line(i);
                }
            }
            if let Some(end) = self.boundary_after(i) {
                self.close(end, Close::Terminal);
                i = end;
                continue;
            }
            i += 1;
        }
        self.close(count, Close::End);
    }

    fn text_of(&self, index: usize) -> &str {
        let span = self.tokens[index].span;
        self.text.get(span.start..span.end).unwrap_or("")
    }

    fn first_char(&self, index: usize) -> char {
        self.text_of(index).chars().next().unwrap_or(' ')
    }

    fn start_line(&mut self, index: usize) {
        self.line_start = self.tokens[index].span.start;
        self.list_item = self.is_list_marker(index);
        if self.start == index {
            self.sentence_at_line_start = true;
        }
    }

    /// Line breaks in the whitespace before token `index`: 0, 1, or 2 for a blank line.
    #[inline(always)]
    fn line_breaks_before(&self, index: usize) -> usize {
        let from = self.tokens[index - 1].span.end;
        let to = self.tokens[index].span.start;
        if to == from || (to == from + 1 && self.text.as_bytes()[from] == b' ') {
            return 0; // adjacent, or one space: the common case
        }
        self.count_line_breaks(from, to)
    }

    /// Line breaks in `text[from..to]`, counted up to 2.
    #[inline(never)]
    fn count_line_breaks(&self, from: usize, to: usize) -> usize {
        let gap = &self.text.as_bytes()[from..to];
        let mut breaks = 0;
        let mut pos = 0;
        while pos < gap.len() && breaks < 2 {
            let b = gap[pos];
            if b < 0x80 {
                let lone_carriage_return = b == b'\r' && gap.get(pos + 1) != Some(&b'\n');
                if matches!(b, b'\n' | 0x0b | 0x0c) || lone_carriage_return {
                    breaks += 1;
                }
                pos += 1;
            } else {
                let (c, n) = char_at(self.text, from + pos);
                if c == '\u{2029}' {
                    breaks += 2;
                } else if is_line_break(c) {
                    breaks += 1;
                }
                pos += n;
            }
        }
        breaks.min(2)
    }

    /// Whether a single line break before token `index` ends the sentence.
    fn line_break_ends_sentence(&self, index: usize) -> bool {
        let previous = index - 1;
        if self.is_terminal(previous) {
            return true;
        }
        if self.first_char(index).is_lowercase() {
            return false;
        }
        let line_length = self.tokens[previous].span.end - self.line_start;
        line_length < SHORT_LINE
    }

    /// Whether token `index`, at the start of a line, opens a list item: a bullet
    /// (`-`, `*`, `•`), a number or letter with `.` or `)` (`1.`, `2)`, `a.`).
    fn is_list_marker(&self, index: usize) -> bool {
        let token = self.tokens[index];
        if index + 1 >= self.tokens.len() {
            return false;
        }
        let text = self.text_of(index);
        let mut chars = text.chars();
        let (Some(first), second) = (chars.next(), chars.next()) else {
            return false;
        };
        if token.space_after && second.is_none() && is_bullet(first) {
            return true;
        }
        if token.space_after && text.len() == 2 && first.is_ascii_lowercase() && second == Some('.')
        {
            return true;
        }
        token.kind == TokenKind::Number
            && text.len() <= 3
            && text.bytes().all(|b| b.is_ascii_digit())
            && self.next_is_attached_marker(index)
    }

    /// Whether token `index + 1` is a `.` or `)` attached to token `index` and followed by
    /// whitespace (the "1." of a numbered list).
    fn next_is_attached_marker(&self, index: usize) -> bool {
        let next = index + 1;
        let Some(token) = self.tokens.get(next) else {
            return false;
        };
        token.span.start == self.tokens[index].span.end
            && token.space_after
            && matches!(self.text_of(next), "." | ")")
    }

    /// Whether token `index` is sentence-final punctuation (`.`, `?!`, `...`, `。`).
    fn is_terminal(&self, index: usize) -> bool {
        let span = self.tokens[index].span;
        let bytes = &self.text.as_bytes()[span.start..span.end];
        match bytes.first() {
            None => false,
            Some(&b) if b < 0x80 => bytes.iter().all(|b| matches!(b, b'.' | b'!' | b'?')),
            Some(_) => self.text_of(index).chars().all(is_sentence_terminal),
        }
    }

    /// If a sentence ends with token `index` (and the closers attached to it), the index of
    /// the token after it.
    fn boundary_after(&self, index: usize) -> Option<usize> {
        let token = self.tokens[index];
        // Fast path: words and numbers end in a letter or digit (emoji and non-ASCII
        // punctuation end in a non-ASCII byte).
        if self.text.as_bytes()[token.span.end - 1].is_ascii_alphanumeric()
            && token.kind != TokenKind::Emoji
        {
            return None;
        }
        if token.kind == TokenKind::Emoji {
            // ":) Then …"
            let next = index + 1;
            return (next < self.tokens.len()
                && self.first_char(next).is_uppercase()
                && self.tokens[next].span.start > token.span.end)
                .then_some(next);
        }
        let text = self.text_of(index);
        if text == "," {
            return self.valediction_end(index);
        }
        let terminal = self.is_terminal(index);
        let abbreviation = !terminal && self.is_abbreviation_with_period(index);
        if !terminal && !abbreviation {
            return None;
        }
        let next = self.skip_closers(index + 1);
        if next >= self.tokens.len() {
            return None;
        }
        if self.line_breaks_before(next) > 0 {
            // Final punctuation before a line break ends the sentence; after an
            // abbreviation ("Dr.\nSmith") the line-break rules decide.
            return terminal.then_some(next);
        }
        if terminal && self.is_list_number_period(index) {
            return None; // "3. The third aspect"
        }
        let ends = if terminal {
            self.terminal_ends_sentence(index, text, next)
        } else {
            self.abbreviation_ends_sentence(text, next)
        };
        ends.then_some(next)
    }

    /// Whether final punctuation `text` (token `index`) ends the sentence before token `next`.
    fn terminal_ends_sentence(&self, index: usize, text: &str, next: usize) -> bool {
        let all_dots = |t: &str| !t.is_empty() && t.bytes().all(|b| b == b'.');
        let follows_terminal = index > self.start && self.is_terminal(index - 1);
        if self.is_terminal(next) {
            // "local. . . . Next": the spaced ellipsis opens the next sentence; "? ? ?":
            // the last one decides.
            return text == "." && !follows_terminal && all_dots(self.text_of(next));
        }
        if all_dots(text) && follows_terminal {
            return false; // inside a spaced ellipsis
        }
        if self.starts_like_a_sentence(next) {
            return true;
        }
        let ellipsis = text.len() > 1 && all_dots(text) || text.starts_with('\u{2026}');
        let attached = self.tokens[next].span.start == self.tokens[next - 1].span.end;
        if ellipsis && attached {
            return false; // "wait...What"
        }
        if !ellipsis && is_opening(self.first_char(next)) && self.text_of(next).len() <= 3 {
            return true; // "… one hour. (you can take breaks)"
        }
        if self.first_char(next).is_lowercase() {
            // "… up? india?" ends; "'Why?' he asked" and "wait... what" do not.
            let closed_by_quote = next > index + 1;
            return !closed_by_quote && !ellipsis;
        }
        self.can_start_sentence(next)
    }

    /// The comma of a letter's closing ("Thanks, Anne", "Best regards, Dale") ends a
    /// sentence made of the valediction alone when a name follows.
    fn valediction_end(&self, comma: usize) -> Option<usize> {
        let words = comma - self.start;
        let next = comma + 1;
        if !(1..=2).contains(&words)
            || next >= self.tokens.len()
            || !self.first_char(next).is_uppercase()
        {
            return None;
        }
        let first = self.text_of(self.start).as_bytes();
        let last = self.text_of(comma - 1).as_bytes();
        let first = first.to_ascii_lowercase();
        let last = last.to_ascii_lowercase();
        let is_valediction = if words == 1 {
            lexicon::is_valediction(&first)
        } else {
            matches!(
                (first.as_slice(), last.as_slice()),
                (
                    b"best" | b"kind" | b"warm" | b"warmest",
                    b"regards" | b"wishes"
                ) | (b"many" | b"with", b"thanks")
                    | (b"thank", b"you")
                    | (b"yours", b"truly" | b"sincerely")
            )
        };
        is_valediction.then_some(next)
    }

    /// Tokens that open a sentence whatever their case: URLs, e-mail addresses, handles.
    fn starts_like_a_sentence(&self, index: usize) -> bool {
        matches!(
            self.tokens[index].kind,
            TokenKind::Url | TokenKind::Email | TokenKind::Handle | TokenKind::Hashtag
        )
    }

    /// Whether the `.` at `index` follows a list number that opens the sentence ("2. The
    /// second point", "*3.").
    fn is_list_number_period(&self, index: usize) -> bool {
        if self.text_of(index) != "." || index == 0 || index <= self.start {
            return false;
        }
        let number = index - 1;
        let number_text = self.text_of(number);
        number - self.start <= 2
            && self.tokens[number].span.end == self.tokens[index].span.start
            && (1..=3).contains(&number_text.len())
            && number_text.bytes().all(|b| b.is_ascii_digit())
            && (self.start..number).all(|i| {
                let t = self.text_of(i);
                t.chars().count() == 1 && t.chars().all(|c| !c.is_alphanumeric())
            })
    }

    /// Skip closing quotes and brackets attached to the previous token.
    fn skip_closers(&self, mut index: usize) -> usize {
        while index < self.tokens.len() && self.is_attached_closer(index) {
            index += 1;
        }
        index
    }

    /// Whether token `index` is a closing quote or bracket attached to the token before it.
    fn is_attached_closer(&self, index: usize) -> bool {
        if index == 0 || self.tokens[index].span.start != self.tokens[index - 1].span.end {
            return false;
        }
        let text = self.text_of(index);
        // ")", "\"", "''", "’’"
        !text.is_empty() && text.chars().count() <= 2 && text.chars().all(is_closing)
    }

    /// Whether token `index` is a word that kept a final period ("etc.", "U.S.", "J.").
    fn is_abbreviation_with_period(&self, index: usize) -> bool {
        let text = self.text_of(index);
        text.len() > 1
            && text.ends_with('.')
            && matches!(
                self.tokens[index].kind,
                TokenKind::Word | TokenKind::Number | TokenKind::Url
            )
            && !self.is_terminal(index)
    }

    /// Whether token `index` can open a sentence after final punctuation.
    fn can_start_sentence(&self, index: usize) -> bool {
        let c = self.first_char(index);
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphanumeric() {
            return true;
        }
        if is_opening(c) || is_dash(c) {
            return match self.tokens.get(index + 1) {
                Some(_) => !self.first_char(index + 1).is_lowercase(),
                None => true,
            };
        }
        !matches!(c, ',' | ';' | ':' | ')' | ']' | '}' | '%')
    }

    /// Whether an abbreviation that kept its period (`text`) also ends the sentence, given
    /// the next token.
    fn abbreviation_ends_sentence(&self, text: &str, next: usize) -> bool {
        let body = &text.as_bytes()[..text.len() - 1];
        let next_text = self.text_of(next).as_bytes();
        let next_first = self.first_char(next);
        if !next_first.is_uppercase() {
            // An opening quote before a capital: 'etc. "The …'
            return matches!(next_first, '"' | '\u{201C}' | '\'' | '\u{2018}')
                && self.can_start_sentence(next);
        }
        if text.chars().count() == 2 {
            return false; // an initial: "J. Smith"
        }
        if is_all_caps(self.text_of(next)) {
            return false; // capitals tell nothing in "FLED TO THE U.S. AND CANADA"
        }
        if body.contains(&b'.') {
            let lower = body.to_ascii_lowercase();
            if lower == b"a.m" || lower == b"p.m" {
                return !lexicon::is_time_continuation(next_text);
            }
            return lexicon::is_sentence_starter(next_text);
        }
        match lexicon::abbreviation(body) {
            // "… on 21st St. It was"
            Some(Abbreviation::Prenominal) => lexicon::is_strong_sentence_starter(next_text),
            Some(Abbreviation::Ordinary) => {
                body.eq_ignore_ascii_case(b"etc") || lexicon::is_sentence_starter(next_text)
            }
            None => lexicon::is_sentence_starter(next_text),
        }
    }

    fn close(&mut self, end: usize, reason: Close) {
        if self.start >= end {
            return;
        }
        let start = self.start;
        let span = Span {
            start: self.tokens[start].span.start,
            end: self.tokens[end - 1].span.end,
        };
        let kind = if self.list_item {
            SentenceKind::ListItem
        } else if matches!(
            reason,
            Close::LineBreak | Close::Paragraph | Close::ListStart
        ) && self.sentence_at_line_start
            && !self.is_terminal(end - 1)
            && self.text[span.start..span.end]
                .chars()
                .any(char::is_alphabetic)
        {
            SentenceKind::Headline
        } else {
            SentenceKind::Body
        };
        let dateline = if kind == SentenceKind::Body && self.sentence_at_line_start {
            self.dateline(start, end)
        } else {
            None
        };
        // An abbreviation that ends the sentence gives its period to the sentence.
        let mut last = end - 1;
        while last > start && self.is_attached_closer(last) {
            last -= 1;
        }
        if self.is_abbreviation_with_period(last) {
            self.split_periods.push(last);
        }
        self.sentences.push(TextSentence {
            span,
            tokens: start..end,
            paragraph: self.paragraph,
            kind,
            dateline,
        });
        self.start = end;
        self.sentence_at_line_start = false;
        // Only the sentence that opens a list line is the item; later ones on it are body text.
        self.list_item = false;
    }

    /// A dateline at the start of tokens `start..end`: "KHARTOUM, Sudan -",
    /// "WASHINGTON (Reuters) -", "New York (AP) —".
    fn dateline(&self, start: usize, end: usize) -> Option<Span> {
        let mut k = start;
        let mut capitalised_only = false;
        while k < end && k - start < 4 {
            let text = self.text_of(k);
            if is_all_caps(text) {
                k += 1;
            } else if self.is_capitalised_word(k) {
                capitalised_only = true;
                k += 1;
            } else {
                break;
            }
        }
        if k == start {
            return None;
        }
        if k < end && self.text_of(k) == "," {
            k += 1;
            let region_start = k;
            while k < end
                && k - region_start < 6
                && (self.is_capitalised_word(k)
                    || self.tokens[k].kind == TokenKind::Number
                    || is_all_caps(self.text_of(k))
                    || self.text_of(k) == ",")
            {
                k += 1;
            }
            if k == region_start {
                return None;
            }
        }
        let mut agency = false;
        if k + 2 < end
            && self.text_of(k) == "("
            && self.text_of(k + 2) == ")"
            && (lexicon::is_news_agency(self.text_of(k + 1).as_bytes())
                || self.is_capitalised_word(k + 1))
        {
            agency = true;
            k += 3;
        }
        if capitalised_only && !agency {
            return None;
        }
        let dash = k;
        if dash + 1 < end && self.is_dash_token(dash) {
            return Some(Span {
                start: self.tokens[start].span.start,
                end: self.tokens[dash].span.end,
            });
        }
        None
    }

    fn is_dash_token(&self, index: usize) -> bool {
        let text = self.text_of(index);
        self.tokens[index].space_after && !text.is_empty() && text.chars().all(is_dash)
    }

    fn is_capitalised_word(&self, index: usize) -> bool {
        self.tokens[index].kind == TokenKind::Word && self.first_char(index).is_uppercase()
    }
}

/// An upper-case word of two or more letters ("KHARTOUM", "ST.").
fn is_all_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        } else if !matches!(c, '.' | '\'' | '-') {
            return false;
        }
    }
    letters >= 2
}
