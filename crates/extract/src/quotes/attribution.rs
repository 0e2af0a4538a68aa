//! From a cue to its source and content, through the dependency parse.
//!
//! - The source is the cue verb's subject (`nsubj`), or its passive agent ("reported by X"),
//!   or the subject of the verb it is coordinated with ("… and added"), or the noun a
//!   participle modifies ("officials saying"); for "according to X" it is X.
//! - The content is the cue's clausal complement (`ccomp`, with its "that"), else a
//!   `parataxis` or `xcomp` child, else its object; when the cue hangs off the reported clause
//!   ("The bridge fell, officials said") it is that clause without the cue's own subtree.

use super::context::{day_or_part_of_day, Context};
use super::cues::speaker_label_colon;

/// Token ranges (`[start, end)`, document token indices) of one attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    pub cue: (usize, usize),
    /// The cue token the rest of the cue hangs from.
    pub cue_head: usize,
    pub source: Option<(usize, usize)>,
    /// The syntactic head of the source.
    pub source_head: Option<usize>,
    pub content: Option<(usize, usize)>,
}

fn is_punct(ctx: &Context<'_>, i: usize) -> bool {
    ctx.upos(i) == "PUNCT"
}

fn is_quote_mark(ctx: &Context<'_>, i: usize) -> bool {
    matches!(
        ctx.lower(i),
        "\"" | "\u{201c}" | "\u{201d}" | "\u{201e}" | "\u{ab}" | "\u{bb}" | "''" | "``"
    )
}

/// Trim punctuation (but not quote marks) from both ends of a range.
fn trim_punct(ctx: &Context<'_>, (mut a, mut b): (usize, usize)) -> Option<(usize, usize)> {
    while a < b && is_punct(ctx, a) && !is_quote_mark(ctx, a) {
        a += 1;
    }
    while b > a && is_punct(ctx, b - 1) && !is_quote_mark(ctx, b - 1) {
        b -= 1;
    }
    (a < b).then_some((a, b))
}

/// The source range from its head: the head's subtree, cut at a relative clause or
/// parenthetical that follows a name, and without a leading "by".
fn source_range(ctx: &Context<'_>, head: usize, cue: (usize, usize)) -> Option<(usize, usize)> {
    let (mut a, mut b) = ctx.subtree(head);
    // Never overlap the cue.
    if a < cue.1 && cue.0 < b {
        if head < cue.0 {
            b = b.min(cue.0);
        } else {
            a = a.max(cue.1);
        }
    }
    // No leading preposition or conjunction ("by X", "with experts", "as one adviser").
    // Nor a relative determiner or an adverb before such a word ("which state media", "even
    // after the FBI").
    let leading = |i: usize| {
        matches!(ctx.upos(i), "ADP" | "SCONJ")
            || matches!(ctx.lower(i), "to" | "which")
            || (ctx.upos(i) == "ADV" && i + 1 < head && matches!(ctx.upos(i + 1), "ADP" | "SCONJ"))
    };
    while a < b && a < head && leading(a) {
        a += 1;
    }
    trim_punct(ctx, (a, b))
}

/// PolNeAR's source extent: no words of a direct quote or leading quote marks (a parse that
/// hung the quote under the speaker), a bracket the source opens is closed ("Rep. Jim Jordan
/// (R-Ohio)"), and an appositive set off by commas keeps its closing comma ("Phil Smith, a
/// spokesman for the union,").
fn finish_source(
    ctx: &Context<'_>,
    (mut a, mut b): (usize, usize),
    head: Option<usize>,
    cue: (usize, usize),
) -> Option<(usize, usize)> {
    let first_kept = head.filter(|&h| a <= h && h < b).unwrap_or(a);
    if let Some(last_quoted) = (a..first_kept).rev().find(|&i| ctx.in_quote(i)) {
        a = last_quoted + 1;
    }
    while a < b && (is_punct(ctx, a) || ctx.in_quote(a)) && a < first_kept {
        a += 1;
    }
    if a >= b {
        return None;
    }
    if let Some(h) = head.filter(|&h| a <= h && h < b) {
        (a, b) = without_times(ctx, (a, b), h);
        a = with_title(ctx, a, h, cue);
    }
    let in_sentence = |i: usize| i < ctx.tokens.len() && ctx.same_sentence(i, a);
    let outside_cue = |i: usize| i < cue.0 || i >= cue.1;
    let opens = (a..b).filter(|&i| ctx.lower(i) == "(").count();
    let closes = (a..b).filter(|&i| ctx.lower(i) == ")").count();
    if opens > closes && in_sentence(b) && outside_cue(b) && ctx.lower(b) == ")" {
        b += 1;
    }
    let internal_comma = (a..b).any(|i| ctx.lower(i) == ",");
    if internal_comma && in_sentence(b) && outside_cue(b) && ctx.lower(b) == "," {
        b += 1;
    }
    Some((a, b))
}

/// A word that names a time: a weekday, a part of a day, a month, a unit of time, a year.
fn time_word(ctx: &Context<'_>, i: usize) -> bool {
    let w = ctx.lower(i);
    day_or_part_of_day(w)
        || matches!(
            w,
            "month"
                | "year"
                | "january"
                | "february"
                | "march"
                | "april"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
        )
        || (w.len() == 4 && w.starts_with(['1', '2']) && w.bytes().all(|c| c.is_ascii_digit()))
}

/// Words that open a time phrase ("on Friday", "this month", "last week", "in 2015").
fn time_opener(ctx: &Context<'_>, i: usize) -> bool {
    matches!(
        ctx.lower(i),
        "on" | "in" | "this" | "last" | "next" | "earlier" | "later" | "early" | "late" | "the"
    )
}

/// The source without a time phrase at either end that is not part of a name or a clause
/// inside it: "the Supreme Court this month", "federal prosecutors in April", "Last week
/// Stumpf" (PolNeAR's sources name who spoke, not when). A time inside a participle or
/// clause ("a poll released last week") stays.
fn without_times(ctx: &Context<'_>, (mut a, mut b): (usize, usize), head: usize) -> (usize, usize) {
    // Trailing.
    let mut j = b;
    while j > head + 1 && ctx.upos(j - 1) == "PUNCT" {
        j -= 1;
    }
    let end_of_time = j;
    while j > head + 1 && time_word(ctx, j - 1) {
        j -= 1;
    }
    if j < end_of_time {
        while j > head + 1 && time_opener(ctx, j - 1) {
            j -= 1;
        }
        let before = j - 1;
        // Not after a verb (a clause inside the source) or a comma (an apposition: "a close
        // aide in 2012").
        let clause_inside = (head..j).any(|k| matches!(ctx.upos(k), "VERB" | "AUX" | "PUNCT"));
        if !clause_inside && !matches!(ctx.upos(before), "ADP" | "DET" | "CCONJ") {
            b = j;
            while b > head + 1 && ctx.upos(b - 1) == "PUNCT" {
                b -= 1;
            }
        }
    }
    // Leading.
    let mut i = a;
    while i < head && time_opener(ctx, i) {
        i += 1;
    }
    let start_of_time = i;
    while i < head && time_word(ctx, i) {
        i += 1;
    }
    // Not a possessive ("Thursday's walk-ins").
    let possessive = i < head && matches!(ctx.lower(i), "'s" | "\u{2019}s" | "'" | "\u{2019}");
    if i > start_of_time && !possessive {
        while i < head && ctx.upos(i) == "PUNCT" {
            i += 1;
        }
        a = i;
    }
    (a, b)
}

/// The source with the title or description that the parse left out before its name:
/// "Democratic presidential nominee Hillary Clinton", "Former President Bill Clinton", when
/// those words open the sentence (or follow a comma or a conjunction) and run without a
/// break into the name.
fn with_title(ctx: &Context<'_>, a: usize, head: usize, cue: (usize, usize)) -> usize {
    if ctx.upos(head) != "PROPN" || !(a..=head).all(|k| ctx.upos(k) == "PROPN") {
        return a;
    }
    let mut i = a;
    while i > 0
        && ctx.same_sentence(i - 1, head)
        && !ctx.in_quote(i - 1)
        && !(cue.0..cue.1).contains(&(i - 1))
        && a - i < 6
        && (matches!(ctx.upos(i - 1), "ADJ" | "NOUN" | "PROPN")
            || (ctx.lower(i - 1) == "-" && i < a))
    {
        i -= 1;
    }
    let opens_sentence = |i: usize| i == 0 || !ctx.same_sentence(i - 1, head);
    // Without a noun ("Former", "Rival") only at the start of the sentence.
    if i == a || !((i..a).any(|k| ctx.upos(k) == "NOUN") || opens_sentence(i)) {
        return a;
    }
    if !opens_sentence(i) && ctx.upos(i - 1) == "DET" {
        i -= 1;
    }
    let opens = opens_sentence(i)
        || i == cue.1
        || matches!(
            ctx.lower(i - 1),
            "," | "and" | "but" | "while" | "as" | "\u{2014}" | "--"
        );
    if opens {
        i
    } else {
        a
    }
}

/// One to four name-like words (proper nouns, nouns, words in capitals) that open the
/// sentence of `colon` and end right before it, after an optional opening quote mark.
fn label_before(ctx: &Context<'_>, colon: usize) -> Option<(usize, usize)> {
    let sentence = ctx.sentence_of(colon);
    let mut a = colon;
    while a > 0 && ctx.sentence_of(a - 1) == sentence && colon - a < 4 {
        let text = ctx.tokens[a - 1].text;
        let name_like = matches!(ctx.upos(a - 1), "PROPN" | "NOUN")
            || (text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase));
        if !name_like || !text.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        a -= 1;
    }
    if a == colon {
        return None;
    }
    let opens = a == 0
        || ctx.sentence_of(a - 1) != sentence
        || (is_quote_mark(ctx, a - 1) && (a < 2 || ctx.sentence_of(a - 2) != sentence));
    opens.then_some((a, colon))
}

fn child_with(ctx: &Context<'_>, head: usize, rels: &[&str]) -> Option<usize> {
    rels.iter()
        .find_map(|rel| ctx.children(head).find(|&c| ctx.deprel(c) == *rel))
}

fn subject_of(ctx: &Context<'_>, verb: usize) -> Option<usize> {
    if let Some(s) = child_with(ctx, verb, &["nsubj"]) {
        return Some(s);
    }
    // Passive: the agent ("was reported by X").
    ctx.children(verb).find(|&c| {
        ctx.deprel(c) == "obl:agent"
            || (ctx.deprel(c) == "obl"
                && ctx
                    .children(c)
                    .any(|g| ctx.deprel(g) == "case" && ctx.lower(g) == "by"))
    })
}

/// Where the turn that a transcript's speaker label (the colon `colon`) opens ends: at the end
/// of its paragraph, or before the next sentence with a label of its own ("PENCE: Well, look,
/// … It's serious business. WALLACE: …").
fn turn_end(ctx: &Context<'_>, colon: usize) -> usize {
    let sentences = &ctx.document.sentences;
    let first = ctx.sentence_of(colon);
    let Some(paragraph) = sentences.get(first).map(|s| s.paragraph) else {
        return colon + 1;
    };
    let n = ctx.tokens.len();
    let mut end = colon + 1;
    for (k, sentence) in sentences.iter().enumerate().skip(first) {
        let range = sentence.tokens.start.min(n)..sentence.tokens.end.min(n);
        if sentence.paragraph != paragraph
            || (k != first && range.clone().any(|i| speaker_label_colon(ctx, i)))
        {
            break;
        }
        end = range.end;
    }
    end
}

/// Verbs whose object is the person addressed, not what was said ("told reporters that …").
fn addresses_someone(lemma: &str) -> bool {
    matches!(
        lemma,
        "tell" | "inform" | "assure" | "remind" | "notify" | "brief" | "warn" | "advise"
    )
}

/// Find source and content for the cue `[a, b)`.
pub fn attribute(ctx: &Context<'_>, cue: (usize, usize)) -> Attribution {
    let (a, b) = cue;
    let inside = |i: usize| a <= i && i < b;
    let cue_head = (a..b)
        .find(|&i| ctx.head(i).is_none_or(|h| !inside(h)))
        .unwrap_or(a);
    let mut attribution = Attribution {
        cue,
        cue_head,
        source: None,
        source_head: None,
        content: None,
    };
    // "according to X": the cue hangs off X as its case marker.
    let according = (a..b).any(|i| ctx.lower(i) == "according");
    if according || matches!(ctx.deprel(cue_head), "case" | "mark") {
        if let Some(x) = ctx.head(cue_head) {
            attribution.source_head = Some(x);
            attribution.source =
                source_range(ctx, x, cue).and_then(|range| finish_source(ctx, range, Some(x), cue));
            attribution.content = rest_of_sentence(ctx, &attribution);
        }
        return attribution;
    }
    if ctx.lower(cue_head) == ":" {
        // A colon introducing a quote: the source is the subject of the clause before it.
        if let Some(verb) = ctx.head(cue_head).filter(|&v| v < cue_head) {
            if let Some(s) = subject_of(ctx, verb) {
                attribution.source_head = Some(s);
                attribution.source = source_range(ctx, s, cue);
            }
        }
        if attribution.source.is_none() {
            // A label: "PENCE: Well, …", "Poll: Voters …" — a short name opening the
            // sentence is the source, the rest of the sentence the content.
            if let Some(label) = label_before(ctx, cue_head) {
                attribution.source_head = Some(label.1 - 1);
                attribution.source = Some(label);
                let sentence_end = ctx
                    .sentences()
                    .find(|r| r.contains(&cue_head))
                    .map_or(b, |r| r.end);
                let end = if speaker_label_colon(ctx, cue_head) {
                    turn_end(ctx, cue_head).max(sentence_end)
                } else {
                    sentence_end
                };
                attribution.content = trim_punct(ctx, (b, end));
            }
        }
        return attribution;
    }
    // The source.
    let mut verb = cue_head;
    let mut subject = subject_of(ctx, verb);
    let mut hops = 0;
    while subject.is_none() && hops < 3 && matches!(ctx.deprel(verb), "conj" | "xcomp" | "advcl") {
        let Some(h) = ctx.head(verb) else { break };
        verb = h;
        subject = subject_of(ctx, verb);
        hops += 1;
    }
    // "John Miller, the campaign's spokesman, said …" parsed with the name as the root and
    // the verb hanging off it (as a conjunct, too: "Sen. Jo Hale (R-Ga.) said …"): the name
    // is the subject.
    if subject.is_none() && matches!(ctx.deprel(cue_head), "parataxis" | "appos" | "conj") {
        subject = ctx.head(cue_head).filter(|&h| {
            h < a && matches!(ctx.upos(h), "PROPN" | "NOUN" | "PRON") && !ctx.in_quote(h)
        });
    }
    if subject.is_none() && ctx.deprel(cue_head).starts_with("acl") {
        if let Some(noun) = ctx.head(cue_head) {
            attribution.source_head = Some(noun);
            let (s, _) = ctx.subtree(noun);
            attribution.source = trim_punct(ctx, (s, noun + 1));
        }
    }
    if let Some(s) = subject {
        attribution.source_head = Some(s);
        attribution.source = source_range(ctx, s, cue);
    } else if attribution.source.is_none() {
        // "“…,” the general said" parsed without a subject (a tagger that took "general" for
        // an adjective, a parse that hung the name under the quote): the noun phrase between
        // the quote and the cue, with an "of" phrase or an appositive ("Mr. Moe of the Sierra
        // Club", "Mr. King, 82,").
        let mut start = a;
        while start > 0
            && !ctx.in_quote(start - 1)
            && (matches!(
                ctx.upos(start - 1),
                "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM"
            ) || matches!(ctx.lower(start - 1), "of" | ","))
        {
            start -= 1;
        }
        let quote_before = start > 0
            && (ctx.in_quote(start - 1)
                || (start > 1 && ctx.upos(start - 1) == "PUNCT" && ctx.in_quote(start - 2)));
        let before_cue = start < a
            && quote_before
            && (start..a).any(|i| matches!(ctx.upos(i), "NOUN" | "PROPN" | "ADJ"));
        if before_cue {
            // The head comes before an "of" phrase or an appositive.
            let head_end = (start..a)
                .find(|&i| matches!(ctx.lower(i), "of" | ","))
                .filter(|&i| i > start)
                .unwrap_or(a);
            attribution.source_head = Some(head_end - 1);
            attribution.source = Some((start, a));
        }
        // "“…,” said two officials who …" parsed without a subject: the noun phrase right
        // after a cue that follows a quote.
        let after_quote = !before_cue && (a.saturating_sub(2)..a).any(|i| ctx.in_quote(i));
        if after_quote {
            let sentence_end = ctx
                .sentences()
                .find(|r| r.contains(&a))
                .map_or(b, |r| r.end);
            let mut end = b;
            while end < sentence_end
                && !matches!(ctx.upos(end), "PUNCT" | "VERB" | "AUX" | "ADP")
                && !(ctx.upos(end) == "PRON" && end > b)
            {
                end += 1;
            }
            let nominal = (b..end)
                .rev()
                .find(|&i| matches!(ctx.upos(i), "NOUN" | "PROPN" | "PRON"));
            if let Some(head) = nominal {
                attribution.source_head = Some(head);
                attribution.source = trim_punct(ctx, (b, end));
            }
        }
    }
    // The content: the cue's complements (clause, object, infinitive), else the rest of the
    // sentence on the larger side of the cue and source.
    // A passive cue with its agent as the source ("the meeting was confirmed by two
    // officials") reports its subject.
    let by_agent = attribution
        .source_head
        .is_some_and(|s| ctx.head(s) == Some(cue_head) && ctx.deprel(s).starts_with("obl"));
    let mut cover: Option<(usize, usize)> = None;
    for c in ctx.children(cue_head) {
        let complement = matches!(
            ctx.deprel(c),
            "ccomp" | "parataxis" | "xcomp" | "obj" | "csubj"
        );
        if inside(c) || !complement || Some(c) == attribution.source_head {
            continue;
        }
        let (s, e) = ctx.subtree(c);
        cover = Some(cover.map_or((s, e), |(x, y)| (x.min(s), y.max(e))));
    }
    if cover.is_none() && by_agent {
        cover = ctx
            .children(cue_head)
            .find(|&c| ctx.deprel(c) == "nsubj:pass" && !inside(c))
            .map(|c| ctx.subtree(c));
    }
    // Never past a semicolon: the next part is another statement.
    let clause = clause_of(ctx, cue_head);
    // "told a meeting of shop owners on Friday that …": what was told is the that-clause
    // after the addressee, however the parse hung it.
    if let Some((s, _)) = cover.filter(|&(s, _)| s >= b && addresses_someone(ctx.lemma(cue_head))) {
        let that = (s + 1..clause.end)
            .find(|&i| ctx.lower(i) == "that" && ctx.deprel(i) == "mark" && !ctx.in_quote(i));
        if let Some(that) = that {
            cover = Some((that, clause.end));
        }
    }
    let cover = cover.and_then(|(s, e)| {
        let (s, e) = (s.max(clause.start), e.min(clause.end));
        (s < e).then_some((s, e))
    });
    attribution.content = cover
        .and_then(|range| trim_punct(ctx, range))
        .or_else(|| rest_of_sentence(ctx, &attribution));
    if let Some((x, y)) = attribution.content {
        // "said during a rally that …", "said on Monday that …" (however the parse hung the
        // clause): the clause starts at "that".
        if x >= b && matches!(ctx.upos(x), "ADP" | "ADV") {
            if let Some(that) = (x..y).find(|&i| ctx.lower(i) == "that" && ctx.deprel(i) == "mark")
            {
                attribution.content = trim_punct(ctx, (that, y));
            }
        }
    }
    attribution.source = attribution
        .source
        .and_then(|range| finish_source(ctx, range, attribution.source_head, cue));
    // Never let content and source overlap.
    if let (Some(content), Some(source)) = (attribution.content, attribution.source) {
        if content.0 < source.1 && source.0 < content.1 {
            attribution.content = if source.0 > content.0 {
                trim_punct(ctx, (content.0, source.0))
            } else {
                trim_punct(ctx, (source.1, content.1))
            };
        }
    }
    attribution
}

/// The part of the sentence of token `i` between semicolons outside quotes: "The bloc
/// threatened intervention; the junta sought help, according to an analyst; …" reports
/// separate statements in each part.
fn clause_of(ctx: &Context<'_>, i: usize) -> std::ops::Range<usize> {
    let sentence = ctx.sentences().find(|r| r.contains(&i)).unwrap_or(i..i + 1);
    let semicolon = |j: &usize| ctx.lower(*j) == ";" && !ctx.in_quote(*j);
    let start = (sentence.start..i)
        .rev()
        .find(semicolon)
        .map_or(sentence.start, |j| j + 1);
    let end = (i..sentence.end).find(semicolon).unwrap_or(sentence.end);
    start..end
}

/// The sentence of the cue (its part between semicolons) without the cue and the source: the
/// larger piece on either side.
fn rest_of_sentence(ctx: &Context<'_>, attribution: &Attribution) -> Option<(usize, usize)> {
    let (a, b) = attribution.cue;
    let sentence = clause_of(ctx, a);
    let (lo, hi) = match attribution.source {
        Some((s, e)) if e <= a + 3 || s >= b.saturating_sub(3) => (s.min(a), e.max(b)),
        _ => (a, b),
    };
    let before = trim_punct(ctx, (sentence.start, lo.max(sentence.start)));
    let after = trim_punct(ctx, (hi.min(sentence.end), sentence.end));
    match (before, after) {
        (Some(x), Some(y)) => Some(if x.1 - x.0 >= y.1 - y.0 { x } else { y }),
        (x, y) => x.or(y),
    }
}
