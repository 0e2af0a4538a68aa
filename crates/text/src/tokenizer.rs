//! The tokenizer: UD English (EWT) conventions, on bytes, without allocation per token.
//!
//! Text is cut at whitespace into chunks, and each chunk is read left to right:
//!
//! * URLs (`http://`, `https://`, `ftp://`, `www.`), e-mail addresses, `@handles` and
//!   `#hashtags` are single tokens;
//! * a word runs over letters, digits and marks, and over a connector only when UD keeps it
//!   inside the word: `.` before a letter or digit (`U.S`, `3.5`, `bbc.co.uk`), `,` inside
//!   digits (`1,200`), `:` between digits (`10:30`), `/` in dates (`3/8/00`) and short forms
//!   (`w/o`), `&` in short acronyms (`AT&T`), `-` after a bound prefix (`e-mail`,
//!   `non-violent`) or inside phone numbers; any other hyphen is its own token, as in EWT
//!   (`15-year` → `15 - year`);
//! * a final period stays on abbreviations (`Dr.`, `etc.`, `U.S.`, initials such as `J.`);
//! * clitics are split off: `n't`, `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m` (with `'`, `’` or
//!   a backtick), and UD's apostrophe-less contractions (`cannot` → `can not`, `gonna` →
//!   `gon na`, `dont` → `do nt`);
//! * units written against a number are split (`2m` → `2 m`, `$1.1bn` → `$ 1.1 bn`) while
//!   ordinals and decades stay (`21st`, `1990s`);
//! * runs of `.`, `!`, `?` (`...`, `?!`), of `-` (`--`) and of decorative symbols (`***`,
//!   `>>`) are one token; emoticons (`:)`) and emoji (with modifiers, ZWJ sequences and
//!   flags) are [`TokenKind::Emoji`]; every other punctuation mark or symbol is a token.

use crate::chars::{
    char_at, char_before, is_apostrophe, is_ascii_space, is_dash, is_emoji, is_emoji_modifier,
    is_regional_indicator, is_space_char, is_unicode_punctuation, is_word_char,
};
use crate::lexicon::{self, Abbreviation};
use crate::{Span, TextToken, TokenKind};

/// Append the tokens of `text` to `tokens`.
pub(crate) fn tokenize(text: &str, tokens: &mut Vec<TextToken>) {
    let mut tokenizer = Tokenizer {
        text,
        bytes: text.as_bytes(),
        tokens,
        no_email_before: 0,
    };
    tokenizer.run();
}

/// Emoticons recognised as tokens, longest first within each leading character.
const EMOTICONS: &[&[u8]] = &[
    b":-)", b":-(", b":-D", b":-P", b":-p", b":-/", b":'(", b":)", b":(", b":D", b":P", b":p",
    b":/", b":o", b":O", b":|", b":]", b":[", b":*", b";-)", b";)", b";D", b";P", b"=)", b"=(",
    b"=D", b"(:", b"^_^", b"^.^", b"^^", b"<3",
];

/// Byte classes for the chunk scan: most bytes are `PLAIN`.
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const AT: u8 = 2;
const NON_ASCII: u8 = 3;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b >= 0x80 {
            NON_ASCII
        } else if is_ascii_space(b as u8) {
            SPACE
        } else if b == b'@' as usize {
            AT
        } else {
            PLAIN
        };
        b += 1;
    }
    table
};

struct Tokenizer<'t, 'o> {
    text: &'t str,
    bytes: &'t [u8],
    tokens: &'o mut Vec<TextToken>,
    /// No e-mail address starts before this offset (a failed scan reached it), so scans are
    /// not repeated from every token of a long chunk.
    no_email_before: usize,
}

/// Whether a byte is an ASCII letter or digit.
#[inline]
fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Case-insensitive ASCII prefix test.
#[inline]
fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Number of leading ASCII digits.
#[inline]
fn digit_run(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Number of leading ASCII letters.
#[inline]
fn letter_run(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count()
}

/// Parse a short run of ASCII digits (at most 4) as a number.
fn small_number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')),
    )
}

impl Tokenizer<'_, '_> {
    fn run(&mut self) {
        let len = self.bytes.len();
        let mut pos = 0;
        while pos < len {
            let b = self.bytes[pos];
            if b < 0x80 {
                if is_ascii_space(b) {
                    pos += 1;
                    continue;
                }
            } else {
                let (c, n) = char_at(self.text, pos);
                if is_space_char(c) {
                    pos += n;
                    continue;
                }
            }
            let (end, has_at) = self.chunk_end(pos);
            self.chunk(pos, end, has_at);
            pos = end;
        }
    }

    /// End of the whitespace-free chunk starting at `pos`, and whether it contains an `@`.
    #[inline]
    fn chunk_end(&self, mut pos: usize) -> (usize, bool) {
        let len = self.bytes.len();
        let mut has_at = false;
        while pos < len {
            let class = BYTE_CLASS[usize::from(self.bytes[pos])];
            if class == PLAIN {
                pos += 1;
                continue;
            }
            if class == SPACE {
                break;
            }
            if class == AT {
                has_at = true;
                pos += 1;
                continue;
            }
            let (c, n) = char_at(self.text, pos);
            if is_space_char(c) {
                break;
            }
            pos += n;
        }
        (pos, has_at)
    }

    fn chunk(&mut self, start: usize, end: usize, has_at: bool) {
        let mut pos = start;
        while pos < end {
            let next = self.token_at(pos, end, has_at);
            pos = if next > pos {
                next
            } else {
                // Never stall: emit the char as a token of its own.
                let (c, n) = char_at(self.text, pos);
                self.emit(pos, pos + n, symbol_kind(c));
                pos + n
            };
        }
    }

    #[inline]
    fn emit(&mut self, start: usize, end: usize, kind: TokenKind) {
        let space_after = self.space_at(end);
        self.tokens.push(TextToken {
            span: Span { start, end },
            kind,
            space_after,
        });
    }

    /// Whether whitespace starts at byte `pos`.
    #[inline]
    fn space_at(&self, pos: usize) -> bool {
        match self.bytes.get(pos) {
            None => false,
            Some(&b) if b < 0x80 => is_ascii_space(b),
            Some(_) => is_space_char(char_at(self.text, pos).0),
        }
    }

    /// Whether a word character (letter, digit, mark) starts at `pos` (before `end`).
    #[inline]
    fn word_char_at(&self, pos: usize, end: usize) -> bool {
        if pos >= end {
            return false;
        }
        let b = self.bytes[pos];
        if b < 0x80 {
            is_alnum(b)
        } else {
            is_word_char(char_at(self.text, pos).0)
        }
    }

    /// Whether a letter starts at `pos` (before `end`).
    #[inline]
    fn letter_at(&self, pos: usize, end: usize) -> bool {
        if pos >= end {
            return false;
        }
        let b = self.bytes[pos];
        if b < 0x80 {
            b.is_ascii_alphabetic()
        } else {
            char_at(self.text, pos).0.is_alphabetic()
        }
    }

    /// Whether the char just before `pos` is a word character.
    #[inline]
    fn word_char_before(&self, pos: usize) -> bool {
        if pos == 0 {
            return false;
        }
        let b = self.bytes[pos - 1];
        if b < 0x80 {
            is_alnum(b)
        } else {
            char_before(self.text, pos).is_some_and(is_word_char)
        }
    }

    /// Length of an apostrophe (`'`, `` ` `` or `’`) at `pos`, if there is one.
    #[inline]
    fn apostrophe_len(&self, pos: usize) -> Option<usize> {
        match self.bytes.get(pos) {
            Some(b'\'' | b'`') => Some(1),
            Some(0xE2) if self.bytes[pos..].starts_with("\u{2019}".as_bytes()) => Some(3),
            _ => None,
        }
    }

    /// Read one or more tokens at `pos` and return the position after them.
    fn token_at(&mut self, pos: usize, end: usize, has_at: bool) -> usize {
        let b = self.bytes[pos];
        if b >= 0x80 {
            return self.non_ascii_token(pos, end);
        }
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => {
                if b.is_ascii_alphabetic() {
                    if let Some(word_end) = self.plain_word(pos, end) {
                        return word_end;
                    }
                }
                if let Some(url_end) = self.url_end(pos, end) {
                    self.emit(pos, url_end, TokenKind::Url);
                    return url_end;
                }
                if has_at && pos >= self.no_email_before {
                    if let Some((email_end, kind)) = self.email_end(pos, end) {
                        self.emit(pos, email_end, kind);
                        return email_end;
                    }
                }
                self.word(pos, end, false)
            }
            b'.' => {
                // ".04", ".doc" (but not ".They" after a missing space)
                let rest = &self.bytes[pos + 1..end];
                let letters = letter_run(rest);
                let leads_word = rest.first().is_some_and(u8::is_ascii_digit)
                    || (letters > 0
                        && !self.word_char_at(pos + 1 + letters, end)
                        && lexicon::is_web_suffix(&rest[..letters]));
                if leads_word && !self.word_char_before(pos) {
                    return self.word(pos, end, true);
                }
                self.terminal_run(pos, end)
            }
            b'!' | b'?' => self.terminal_run(pos, end),
            b'\'' | b'`' => self.apostrophe_token(pos, end, 1),
            b'#' => {
                if self.letter_at(pos + 1, end) {
                    let tag_end = self.skip_tag_chars(pos + 1, end);
                    self.emit(pos, tag_end, TokenKind::Hashtag);
                    tag_end
                } else {
                    self.same_byte_run(pos, end, TokenKind::Symbol)
                }
            }
            b'@' => {
                if pos + 1 < end
                    && (self.bytes[pos + 1].is_ascii_alphabetic() || self.bytes[pos + 1] == b'_')
                {
                    let mut handle_end = self.skip_tag_chars(pos + 1, end);
                    // "@example.com"
                    while handle_end + 1 < end
                        && self.bytes[handle_end] == b'.'
                        && is_alnum(self.bytes[handle_end + 1])
                    {
                        handle_end = self.skip_tag_chars(handle_end + 1, end);
                    }
                    self.emit(pos, handle_end, TokenKind::Handle);
                    handle_end
                } else {
                    self.emit(pos, pos + 1, TokenKind::Symbol);
                    pos + 1
                }
            }
            _ => {
                if let Some(len) = self.emoticon_at(pos, end) {
                    self.emit(pos, pos + len, TokenKind::Emoji);
                    return pos + len;
                }
                match b {
                    b'-' | b'*' | b'_' | b'=' | b'~' => {
                        // "--", "***", "=====", "=---": rules and dashes
                        let mut q = pos + 1;
                        while q < end && matches!(self.bytes[q], b'-' | b'*' | b'_' | b'=' | b'~') {
                            q += 1;
                        }
                        let kind = if b == b'=' || b == b'~' {
                            TokenKind::Symbol
                        } else {
                            TokenKind::Punct
                        };
                        self.emit(pos, q, kind);
                        q
                    }
                    b'+' if pos + 1 < end
                        && self.bytes[pos + 1].is_ascii_digit()
                        && !self.word_char_before(pos) =>
                    {
                        // +1, +44: a signed number
                        self.word(pos, end, true)
                    }
                    b'<' | b'>' | b'+' | b'^' | b'|' | b'$' | b'\\' | b'/' | b'%' | b'&' => {
                        let kind = if matches!(b, b'/' | b'\\') {
                            TokenKind::Punct
                        } else {
                            TokenKind::Symbol
                        };
                        self.same_byte_run(pos, end, kind)
                    }
                    _ => {
                        self.emit(pos, pos + 1, ascii_punct_kind(b));
                        pos + 1
                    }
                }
            }
        }
    }

    /// Fast path for the most common token: ASCII letters ending at whitespace or at
    /// punctuation that never joins a word (`,` `;` `)` `"` `!` `?` `]`). Returns `None` to
    /// leave anything else to the full rules.
    #[inline]
    fn plain_word(&mut self, pos: usize, end: usize) -> Option<usize> {
        let bytes = self.bytes;
        let mut q = pos + 1;
        while q < end && bytes[q].is_ascii_alphabetic() {
            q += 1;
        }
        if q < end && !matches!(bytes[q], b',' | b';' | b')' | b'"' | b'!' | b'?' | b']') {
            return None;
        }
        if lexicon::contraction_splits(&bytes[pos..q]).is_some() {
            return None;
        }
        self.emit(pos, q, TokenKind::Word);
        Some(q)
    }

    fn non_ascii_token(&mut self, pos: usize, end: usize) -> usize {
        let (c, n) = char_at(self.text, pos);
        if is_emoji(c) || is_regional_indicator(c) {
            return self.emoji(pos, end, c, n);
        }
        if is_word_char(c) {
            return self.word(pos, end, false);
        }
        if c == '\u{2018}' || c == '\u{2019}' {
            // ‘’ or ’’ written as a double quote
            let next = pos + n;
            if next < end {
                let (d, m) = char_at(self.text, next);
                if d == '\u{2018}' || d == '\u{2019}' {
                    self.emit(pos, next + m, TokenKind::Punct);
                    return next + m;
                }
            }
            if c == '\u{2019}' {
                return self.apostrophe_token(pos, end, n);
            }
        }
        if c == '\u{2026}' || is_dash(c) {
            // Runs of the same mark: "……", "——".
            let mut q = pos + n;
            while q < end && self.bytes[q..].starts_with(&self.bytes[pos..pos + n]) {
                q += n;
            }
            self.emit(pos, q, TokenKind::Punct);
            return q;
        }
        self.emit(pos, pos + n, symbol_kind(c));
        pos + n
    }

    fn emoji(&mut self, pos: usize, end: usize, first: char, first_len: usize) -> usize {
        let mut q = pos + first_len;
        if is_regional_indicator(first) {
            if q < end {
                let (c, n) = char_at(self.text, q);
                if is_regional_indicator(c) {
                    q += n;
                }
            }
            self.emit(pos, q, TokenKind::Emoji);
            return q;
        }
        while q < end {
            let (c, n) = char_at(self.text, q);
            if is_emoji_modifier(c) {
                q += n;
                continue;
            }
            if c == '\u{200D}' && q + n < end {
                let (joined, m) = char_at(self.text, q + n);
                if is_emoji(joined) {
                    q += n + m;
                    continue;
                }
            }
            break;
        }
        self.emit(pos, q, TokenKind::Emoji);
        q
    }

    /// A run of sentence punctuation: `.`, `...`, `?!`, `!!!`.
    fn terminal_run(&mut self, pos: usize, end: usize) -> usize {
        let dots = self.bytes[pos..end]
            .iter()
            .take_while(|&&b| b == b'.')
            .count();
        if dots >= 2 {
            // An ellipsis stands alone: "...?" → "..." "?"
            self.emit(pos, pos + dots, TokenKind::Punct);
            return pos + dots;
        }
        let mut q = pos + 1;
        while q < end && matches!(self.bytes[q], b'.' | b'!' | b'?') {
            q += 1;
        }
        self.emit(pos, q, TokenKind::Punct);
        q
    }

    fn same_byte_run(&mut self, pos: usize, end: usize, kind: TokenKind) -> usize {
        let b = self.bytes[pos];
        let mut q = pos + 1;
        while q < end && self.bytes[q] == b {
            q += 1;
        }
        self.emit(pos, q, kind);
        q
    }

    /// Letters, digits, marks and underscores of a hashtag or handle.
    fn skip_tag_chars(&self, mut pos: usize, end: usize) -> usize {
        while pos < end {
            let b = self.bytes[pos];
            if b < 0x80 {
                if is_alnum(b) || b == b'_' {
                    pos += 1;
                    continue;
                }
                break;
            }
            let (c, n) = char_at(self.text, pos);
            if !is_word_char(c) {
                break;
            }
            pos += n;
        }
        pos
    }

    fn emoticon_at(&self, pos: usize, end: usize) -> Option<usize> {
        let rest = &self.bytes[pos..end];
        let first = rest[0];
        if !matches!(first, b':' | b';' | b'=' | b'(' | b'^' | b'<') {
            return None;
        }
        EMOTICONS
            .iter()
            .filter(|e| e[0] == first && rest.starts_with(e))
            .map(|e| e.len())
            .find(|&len| !self.word_char_at(pos + len, end))
    }

    /// An apostrophe-led token: `'07`, `''`, a clitic written apart (`'s`), or a quote mark.
    fn apostrophe_token(&mut self, pos: usize, end: usize, width: usize) -> usize {
        let after = pos + width;
        let rest = &self.bytes[after..end];
        // '07, '90s
        let digits = digit_run(rest);
        if digits == 2 && !self.word_char_at(after + 2, end) {
            self.emit(pos, after + 2, TokenKind::Number);
            return after + 2;
        }
        if digits == 2 && rest.get(2) == Some(&b's') && !self.word_char_at(after + 3, end) {
            self.emit(pos, after + 3, TokenKind::Number);
            return after + 3;
        }
        // '' and `` as one quote token
        if width == 1 && rest.first() == Some(&self.bytes[pos]) {
            self.emit(pos, after + 1, TokenKind::Punct);
            return after + 1;
        }
        // A clitic written apart from its host: "U.S.'s", "FERC 's"
        let letters = letter_run(rest);
        if (1..=2).contains(&letters)
            && !self.word_char_at(after + letters, end)
            && pos > 0
            && is_clitic(&rest[..letters])
        {
            self.emit(pos, after + letters, TokenKind::Word);
            return after + letters;
        }
        self.emit(pos, after, TokenKind::Punct);
        after
    }

    /// End of a URL starting at `pos`, if one does.
    fn url_end(&self, pos: usize, end: usize) -> Option<usize> {
        let rest = &self.bytes[pos..end];
        let first = rest[0] | 0x20;
        if !matches!(first, b'h' | b'w' | b'f' | b'm') {
            return None;
        }
        let is_url = starts_with_ignore_case(rest, b"http://")
            || starts_with_ignore_case(rest, b"mailto:")
            || starts_with_ignore_case(rest, b"https://")
            || starts_with_ignore_case(rest, b"ftp://")
            || (starts_with_ignore_case(rest, b"www.") && rest.len() > 4 && is_alnum(rest[4]));
        if !is_url {
            return None;
        }
        let mut q = pos;
        let mut open_parens = 0usize;
        let mut open_brackets = 0usize;
        while q < end {
            let b = self.bytes[q];
            if b >= 0x80 {
                let (c, n) = char_at(self.text, q);
                if !is_word_char(c) {
                    break;
                }
                q += n;
                continue;
            }
            match b {
                b'<' | b'>' | b'"' => break,
                b'(' => open_parens += 1,
                b')' => {
                    if open_parens == 0 {
                        break;
                    }
                    open_parens -= 1;
                }
                b'[' => open_brackets += 1,
                b']' => {
                    if open_brackets == 0 {
                        break;
                    }
                    open_brackets -= 1;
                }
                _ => {}
            }
            q += 1;
        }
        while q > pos + 4
            && matches!(
                self.bytes[q - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\''
            )
        {
            q -= 1;
        }
        Some(q)
    }

    /// End and kind of an e-mail address (or `name@HOST` mail alias) starting at `pos`.
    fn email_end(&mut self, pos: usize, end: usize) -> Option<(usize, TokenKind)> {
        let bytes = self.bytes;
        let mut q = pos;
        while q < end
            && (is_alnum(bytes[q]) || matches!(bytes[q], b'.' | b'_' | b'%' | b'+' | b'-'))
        {
            q += 1;
        }
        if q >= end || bytes[q] != b'@' || q == pos {
            self.no_email_before = q;
            return None;
        }
        let domain_start = q + 1;
        let mut r = domain_start;
        let mut dots = 0;
        loop {
            let label_start = r;
            while r < end && (is_alnum(bytes[r]) || matches!(bytes[r], b'-' | b'_')) {
                r += 1;
            }
            if r == label_start {
                // An empty label: stop before the dot that led here.
                if r > domain_start {
                    r -= 1;
                    dots -= 1;
                }
                break;
            }
            if r + 1 < end && bytes[r] == b'.' && is_alnum(bytes[r + 1]) {
                r += 1;
                dots += 1;
                continue;
            }
            break;
        }
        if r <= domain_start {
            self.no_email_before = q;
            return None;
        }
        let kind = if dots > 0 {
            TokenKind::Email
        } else {
            TokenKind::Word
        };
        Some((r, kind))
    }

    /// Skip letters, digits and marks.
    #[inline]
    fn skip_word_chars(&self, mut pos: usize, end: usize) -> usize {
        while pos < end {
            let b = self.bytes[pos];
            if b < 0x80 {
                if is_alnum(b) {
                    pos += 1;
                    continue;
                }
                break;
            }
            let (c, n) = char_at(self.text, pos);
            if !is_word_char(c) {
                break;
            }
            pos += n;
        }
        pos
    }

    /// Read a word starting at `start`, emit its token(s) and return the position after it.
    /// When `prefixed`, the byte at `start` is a `.` or `+` that belongs to the word (".04",
    /// ".doc", "+44").
    fn word(&mut self, start: usize, end: usize, prefixed: bool) -> usize {
        let bytes = self.bytes;
        let mut q = if prefixed { start + 1 } else { start };
        let mut segment_start = q;
        let mut has_apostrophe = false;
        let mut inner_dots = 0usize;
        // Inside a kept digit chain such as a phone number or a date.
        let mut number_chain = false;
        loop {
            q = self.skip_word_chars(q, end);
            if q >= end {
                break;
            }
            let b = bytes[q];
            if b == b'/'
                && q == start + 1
                && (bytes[start] | 0x20) == b'w'
                && !self.slash_joins(segment_start, q, end)
            {
                // "w/" (with) is one token
                self.emit(start, q + 1, TokenKind::Word);
                return q + 1;
            }
            let joins = match b {
                b'.' => {
                    q + 1 < end
                        && is_alnum(bytes[q + 1])
                        && !self.splits_at_dot(segment_start, q, end, inner_dots)
                }
                b'\'' | b'`' => self.letter_at(q + 1, end) && q > segment_start,
                0xE2 => match self.apostrophe_len(q) {
                    Some(len) => self.letter_at(q + len, end) && q > segment_start,
                    None => false,
                },
                b'-' => {
                    if number_chain && q + 1 < end && bytes[q + 1].is_ascii_digit() {
                        true
                    } else {
                        match self.hyphen_joins(segment_start, q, end) {
                            HyphenJoin::Split => false,
                            HyphenJoin::Join => true,
                            HyphenJoin::NumberChain => {
                                number_chain = true;
                                true
                            }
                        }
                    }
                }
                b',' => {
                    q > segment_start
                        && bytes[q - 1].is_ascii_digit()
                        && digit_run(&bytes[q + 1..end]) == 3
                        && !bytes.get(q + 4).is_some_and(u8::is_ascii_alphanumeric)
                }
                b':' => {
                    q > segment_start
                        && bytes[q - 1].is_ascii_digit()
                        && q + 1 < end
                        && bytes[q + 1].is_ascii_digit()
                }
                b'/' => {
                    if number_chain && q + 1 < end && bytes[q + 1].is_ascii_digit() {
                        true
                    } else if self.slash_joins(segment_start, q, end) {
                        number_chain = bytes[q - 1].is_ascii_digit();
                        true
                    } else {
                        false
                    }
                }
                b'&' => {
                    let left = &bytes[segment_start..q];
                    let right = letter_run(&bytes[q + 1..end]);
                    (1..=3).contains(&left.len())
                        && left.iter().all(u8::is_ascii_alphabetic)
                        && (1..=3).contains(&right)
                        && !self.word_char_at(q + 1 + right, end)
                }
                b'_' => q + 1 < end && is_alnum(bytes[q + 1]),
                _ => false,
            };
            if !joins {
                break;
            }
            match b {
                b'.' => inner_dots += 1,
                b'\'' | b'`' | 0xE2 => has_apostrophe = true,
                _ => {}
            }
            q += if b == 0xE2 { 3 } else { 1 };
            segment_start = q;
        }
        let body_end = q;
        // A final period stays on abbreviations.
        let dots = bytes[q..end].iter().take_while(|&&b| b == b'.').count();
        if !prefixed && (dots == 1 || dots == 2) && self.keeps_period(start, body_end, inner_dots) {
            self.emit(start, q + 1, word_kind(&bytes[start..q + 1]));
            return q + 1;
        }
        if prefixed {
            self.emit(start, body_end, word_kind(&bytes[start..body_end]));
        } else {
            self.emit_word(start, body_end, has_apostrophe, inner_dots);
        }
        body_end
    }

    /// Whether a `.` between word characters at `dot` splits the word: "end.The" (a missing
    /// space between sentences), "Dr.Okafor"; but not "U.S", "3.5", "bbc.co.uk", "file.doc".
    fn splits_at_dot(
        &self,
        segment_start: usize,
        dot: usize,
        end: usize,
        inner_dots: usize,
    ) -> bool {
        let bytes = self.bytes;
        let left = &bytes[segment_start..dot];
        let right_len = letter_run(&bytes[dot + 1..end]);
        if right_len == 0 || left.is_empty() || !left.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        let right = &bytes[dot + 1..dot + 1 + right_len];
        if right[0].is_ascii_uppercase()
            && lexicon::abbreviation(left) == Some(Abbreviation::Prenominal)
        {
            return true;
        }
        let after_right = dot + 1 + right_len;
        let right_ends_word = !self.word_char_at(after_right, end);
        let chain_continues = bytes.get(after_right) == Some(&b'.')
            && after_right + 1 < end
            && is_alnum(bytes[after_right + 1]);
        inner_dots == 0
            && !chain_continues
            && left.len() >= 2
            && right_ends_word
            && !(right_len == 1 && bytes.get(dot + 2) == Some(&b'.'))
            && !lexicon::is_web_suffix(right)
    }

    fn hyphen_joins(&self, segment_start: usize, hyphen: usize, end: usize) -> HyphenJoin {
        let bytes = self.bytes;
        if hyphen == segment_start || !self.word_char_at(hyphen + 1, end) {
            return HyphenJoin::Split;
        }
        let left = &bytes[segment_start..hyphen];
        if left.iter().all(u8::is_ascii_digit) {
            // Phone numbers and numeric dates stay whole; ranges split ("5-10" → 5 - 10).
            let mut groups = [0usize; 4];
            let mut count = 0;
            let mut r = segment_start;
            while count < 4 {
                let len = digit_run(&bytes[r..end]);
                if len == 0 {
                    break;
                }
                groups[count] = len;
                count += 1;
                r += len;
                if r + 1 < end && bytes[r] == b'-' && bytes[r + 1].is_ascii_digit() {
                    r += 1;
                } else {
                    break;
                }
            }
            if self.word_char_at(r, end) && r < end && !bytes[r].is_ascii_digit() {
                // "3-D", "24-hour": not a number chain
                return HyphenJoin::Split;
            }
            let keep = match count {
                0 | 1 => false,
                2 => matches!((groups[0], groups[1]), (3, 4) | (5, 4) | (1, 4)),
                _ => true,
            };
            return if keep {
                HyphenJoin::NumberChain
            } else {
                HyphenJoin::Split
            };
        }
        if lexicon::is_hyphen_prefix(left) {
            return HyphenJoin::Join;
        }
        let right_len = letter_run(&bytes[hyphen + 1..end]);
        if right_len > 0
            && !self.word_char_at(hyphen + 1 + right_len, end)
            && lexicon::is_hyphen_suffix(&bytes[hyphen + 1..hyphen + 1 + right_len])
        {
            return HyphenJoin::Join;
        }
        HyphenJoin::Split
    }

    /// Whether a `/` joins: numeric dates (`9/11`, `3/8/00`) but not fractions (`1/2`), and
    /// short forms (`w/o`, `b/c`) but not alternatives (`and/or`).
    fn slash_joins(&self, segment_start: usize, slash: usize, end: usize) -> bool {
        let bytes = self.bytes;
        let left = &bytes[segment_start..slash];
        let rest = &bytes[slash + 1..end];
        if left.is_empty() {
            return false;
        }
        if left.iter().all(u8::is_ascii_digit) {
            let right = digit_run(rest);
            if right == 0 {
                return false;
            }
            let after = rest.get(right).copied();
            let digit_follows = rest.get(right + 1).is_some_and(u8::is_ascii_digit);
            if after == Some(b'/') && digit_follows {
                return true; // month/day/year
            }
            if after == Some(b'-') && digit_follows && left.len() == 3 && right == 3 {
                return true; // 503/464-7927
            }
            if self.word_char_at(slash + 1 + right, end) {
                return false;
            }
            let (Some(first), Some(second)) = (small_number(left), small_number(&rest[..right]))
            else {
                return false;
            };
            let is_fraction = first < second && second <= 10;
            return (1..=12).contains(&first) && (1..=31).contains(&second) && !is_fraction;
        }
        let right = letter_run(rest);
        left.len() == 1
            && left[0].is_ascii_alphabetic()
            && (1..=4).contains(&right)
            && !self.word_char_at(slash + 1 + right, end)
    }

    /// Whether the word `bytes[start..body_end]`, followed by a period, keeps the period.
    fn keeps_period(&self, start: usize, body_end: usize, inner_dots: usize) -> bool {
        let body = &self.bytes[start..body_end];
        if body.is_empty() {
            return false;
        }
        if inner_dots > 0 {
            // U.S. a.m. Ph.D. e.g.
            return body
                .split(|&b| b == b'.')
                .all(|s| (1..=2).contains(&s.len()) && s.iter().all(u8::is_ascii_alphabetic));
        }
        if body.len() <= 4 {
            // A single letter: an initial ("J.") or a list letter ("a.").
            let mut chars = self.text.get(start..body_end).unwrap_or("").chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return c.is_alphabetic();
            }
        }
        match lexicon::abbreviation(body) {
            None => false,
            Some(_) if takes_number(body) => {
                // "No. 5", "Vol. 2": only before a number.
                let after = &self.bytes[(body_end + 1).min(self.bytes.len())..];
                let gap = after.iter().take_while(|b| **b == b' ').count();
                after.get(gap).is_some_and(u8::is_ascii_digit)
            }
            Some(_) => true,
        }
    }

    /// Emit a word, splitting clitics, apostrophe-less contractions and units.
    fn emit_word(&mut self, start: usize, end: usize, has_apostrophe: bool, inner_dots: usize) {
        let body = &self.bytes[start..end];
        if has_apostrophe {
            if let Some(split) = self
                .clitic_split(start, end)
                .filter(|&split| !is_decade_plural(&self.bytes[start..end], split - start))
            {
                self.emit(start, split, word_kind(&self.bytes[start..split]));
                self.emit(split, end, TokenKind::Word);
                return;
            }
        }
        if let Some((first, second)) = lexicon::contraction_splits(body) {
            let mut cut = start;
            for next in [Some(start + first), second.map(|s| start + s), Some(end)]
                .into_iter()
                .flatten()
            {
                self.emit(cut, next, TokenKind::Word);
                cut = next;
            }
            return;
        }
        if body[0].is_ascii_digit() {
            // 2m → 2 m; 21st and 1990s stay.
            let number_len = body
                .iter()
                .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':'))
                .count();
            let letters = letter_run(&body[number_len..]);
            if letters > 0
                && number_len + letters == body.len()
                && body[number_len - 1].is_ascii_digit()
            {
                let suffix = &body[number_len..];
                if !lexicon::is_number_suffix(suffix) && lexicon::is_unit(suffix) {
                    self.emit(start, start + number_len, TokenKind::Number);
                    self.emit(start + number_len, end, TokenKind::Word);
                    return;
                }
            }
        }
        let kind = if inner_dots > 0 && is_domain(body) {
            TokenKind::Url
        } else {
            word_kind(body)
        };
        self.emit(start, end, kind);
    }

    /// Where a clitic starts in the word `start..end`: `n't`, `'s`, `'re`, `'ve`, `'ll`, `'d`,
    /// `'m` (any case, any apostrophe).
    fn clitic_split(&self, start: usize, end: usize) -> Option<usize> {
        let bytes = self.bytes;
        let apostrophe_ending_at = |pos: usize| -> Option<usize> {
            if pos > start && matches!(bytes[pos - 1], b'\'' | b'`') {
                Some(pos - 1)
            } else if pos >= start + 3 && &bytes[pos - 3..pos] == "\u{2019}".as_bytes() {
                Some(pos - 3)
            } else {
                None
            }
        };
        let last = bytes[end - 1].to_ascii_lowercase();
        // n't
        if last == b't' {
            if let Some(apostrophe) = apostrophe_ending_at(end - 1) {
                if apostrophe > start + 1 && bytes[apostrophe - 1].eq_ignore_ascii_case(&b'n') {
                    return Some(apostrophe - 1);
                }
            }
            return None;
        }
        if matches!(last, b's' | b'm' | b'd') {
            if let Some(apostrophe) = apostrophe_ending_at(end - 1) {
                if apostrophe > start {
                    return Some(apostrophe);
                }
            }
        }
        if end >= start + 3 {
            let pair = [
                bytes[end - 2].to_ascii_lowercase(),
                bytes[end - 1].to_ascii_lowercase(),
            ];
            if matches!(&pair, b"re" | b"ve" | b"ll") {
                if let Some(apostrophe) = apostrophe_ending_at(end - 2) {
                    if apostrophe > start {
                        return Some(apostrophe);
                    }
                }
            }
        }
        None
    }
}

/// What a hyphen inside a word does.
enum HyphenJoin {
    Split,
    Join,
    /// Joins, and the digit groups that follow join too (a phone number, a date).
    NumberChain,
}

/// Abbreviations that keep their period only before a number ("No. 5", "Fig. 3").
fn takes_number(body: &[u8]) -> bool {
    matches!(
        body.to_ascii_lowercase().as_slice(),
        b"no"
            | b"nos"
            | b"vol"
            | b"vols"
            | b"fig"
            | b"figs"
            | b"art"
            | b"arts"
            | b"sec"
            | b"ch"
            | b"chap"
            | b"pp"
            | b"op"
            | b"ed"
            | b"eds"
    )
}

/// "80's", "1990's": digits with `'s` are a plural, not a possessive clitic.
fn is_decade_plural(word: &[u8], split: usize) -> bool {
    word[..split].iter().all(u8::is_ascii_digit) && word.len() - split == 2
}

/// Clitics that can be written apart from their host ("U.S. 's").
fn is_clitic(letters: &[u8]) -> bool {
    matches!(
        letters.to_ascii_lowercase().as_slice(),
        b"s" | b"m" | b"d" | b"re" | b"ve" | b"ll"
    )
}

/// Whether a dotted word is a domain name ("bbc.co.uk", "example.com").
fn is_domain(body: &[u8]) -> bool {
    body.rsplit(|&b| b == b'.')
        .next()
        .is_some_and(lexicon::is_top_level_domain)
}

/// Kind of a word-like token by its bytes.
fn word_kind(token: &[u8]) -> TokenKind {
    let starts_with_digit = match token {
        [first, ..] if first.is_ascii_digit() => true,
        [b'.' | b'\'' | b'+', second, ..] => second.is_ascii_digit(),
        _ => false,
    };
    if !starts_with_digit {
        return TokenKind::Word;
    }
    let letters = token.iter().filter(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 {
        return TokenKind::Number;
    }
    let digits_end = token.len() - letter_run_back(token);
    if digits_end < token.len()
        && token[..digits_end].iter().all(|b| !b.is_ascii_alphabetic())
        && lexicon::is_number_suffix(&token[digits_end..])
    {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// Number of trailing ASCII letters.
fn letter_run_back(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count()
}

/// Kind of a single ASCII punctuation or symbol byte.
fn ascii_punct_kind(b: u8) -> TokenKind {
    match b {
        b'$' | b'%' | b'+' | b'<' | b'=' | b'>' | b'^' | b'|' | b'~' | b'#' | b'@' | b'&' => {
            TokenKind::Symbol
        }
        _ => TokenKind::Punct,
    }
}

/// Kind of a single non-word char.
fn symbol_kind(c: char) -> TokenKind {
    if c.is_ascii() {
        ascii_punct_kind(c as u8)
    } else if is_unicode_punctuation(c) || is_apostrophe(c) {
        TokenKind::Punct
    } else if is_emoji(c) {
        TokenKind::Emoji
    } else {
        TokenKind::Symbol
    }
}
