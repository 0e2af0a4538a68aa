//! Quotes and attribution: who said what, on whose authority.
//!
//! [`extract`] reads an analysed document (tokens with tags and parse, entity mentions) and
//! returns its quotes, the speaker entities and warnings:
//!
//! 1. [`marks`] finds the direct quotes from the quotation marks (continued paragraphs,
//!    unbalanced marks → a warning and a best-effort span).
//! 2. [`cues`] finds attribution cues with a perceptron trained on PolNeAR.
//! 3. [`attribution`] finds each cue's source and content through the parse.
//! 4. Direct quotes are tied to the nearest cue outside them in the same sentence, the
//!    sentence after ("“…” he said.") or a colon-ended sentence before; short quoted phrases
//!    that are not statements are kept as scare quotes, or make an indirect quote `mixed`.
//! 5. [`speakers`] groups person and organisation mentions into entities and resolves each
//!    source to one (names, surnames, titles, role nouns, pronouns); [`sourcing`] reads counts
//!    and kinds from anonymous source descriptions.
//!
//! Precision comes first: a quote whose speaker cannot be told with confidence keeps
//! `speaker: None` with its resolution status rather than a guess.

pub mod attribution;
pub mod context;
pub mod cues;
pub mod marks;
pub mod sourcing;
pub mod speakers;

use newsgraph_core::{Document, Entity, Quote, QuoteKind, Span, SpeakerResolution, Warning};

pub use context::{Context, Tok};
pub use cues::{score_cues, train_cues, CueExample, CueModel, MODEL_KIND};

use attribution::Attribution;
use marks::MarkedQuote;

/// What the quote layer adds to a document.
#[derive(Debug, Clone, Default)]
pub struct QuoteLayer {
    pub quotes: Vec<Quote>,
    /// Person and organisation entities (speakers and everyone else named).
    pub entities: Vec<Entity>,
    /// For each `Document::mentions` entry, its entity.
    pub mention_entities: Vec<Option<usize>>,
    pub warnings: Vec<Warning>,
}

impl QuoteLayer {
    /// Move the results into the document.
    pub fn apply(self, document: &mut Document) {
        for (mention, entity) in document.mentions.iter_mut().zip(self.mention_entities) {
            mention.entity = entity;
        }
        document.entities = self.entities;
        document.quotes = self.quotes;
        document.warnings.extend(self.warnings);
    }
}

/// Paragraph spans from the document's sentences.
pub fn paragraphs(document: &Document) -> Vec<Span> {
    let mut spans: Vec<(usize, Span)> = Vec::new();
    for sentence in &document.sentences {
        match spans.last_mut() {
            Some((p, span)) if *p == sentence.paragraph => *span = span.cover(sentence.span),
            _ => spans.push((sentence.paragraph, sentence.span)),
        }
    }
    if spans.is_empty() && !document.article.text.is_empty() {
        spans.push((0, Span::new(0, document.article.text.len())));
    }
    spans.into_iter().map(|(_, s)| s).collect()
}

/// The direct quotes of the document and the warnings about its marks.
pub fn direct_quotes(document: &Document) -> (Vec<MarkedQuote>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let quotes = marks::find_quotes(&document.article.text, &paragraphs(document), &mut warnings);
    (quotes, warnings)
}

/// Words inside a quote (letters or digits), to tell statements from scare quotes.
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A quoted phrase of at most three words that does not read as a statement: no sentence or
/// clause punctuation closing it inside the marks, and not opening its sentence.
fn is_scare(text: &str, span: Span, sentence_start: usize) -> bool {
    let quoted = span.slice(text).unwrap_or("");
    let inner = quoted.trim_matches(|c: char| !c.is_alphanumeric());
    if word_count(inner) > 3 || inner.contains(['.', '!', '?']) {
        return false;
    }
    let closing = quoted
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, ',' | '.' | '!' | '?'))
        .ends_with([',', '.', '!', '?']);
    let opens_sentence = text
        .get(sentence_start..span.start)
        .is_some_and(|before| before.trim().is_empty());
    !(closing && opens_sentence)
}

/// Run the quote layer on an analysed document. Without tokens (no tagger and parser) only
/// direct quotes are found, without cues or speakers.
pub fn extract(document: &Document, model: &CueModel) -> QuoteLayer {
    let (marked, warnings) = direct_quotes(document);
    let ctx = Context::new(document, marked);
    extract_in(ctx, warnings, model)
}

/// [`extract`] with tokens the caller already has (the pipeline passes its tags and parse
/// without building `Document::tokens`).
pub fn extract_with_tokens<'d>(
    document: &'d Document,
    tokens: Vec<Tok<'d>>,
    model: &CueModel,
) -> QuoteLayer {
    let (marked, warnings) = direct_quotes(document);
    let ctx = Context::with_tokens(document, tokens, marked);
    extract_in(ctx, warnings, model)
}

fn extract_in(ctx: Context<'_>, warnings: Vec<Warning>, model: &CueModel) -> QuoteLayer {
    let document = ctx.document;
    let text = document.article.text.as_str();
    let speakers = speakers::Speakers::build(&ctx);
    let parsed = ctx.parsed();

    let mut attributions: Vec<Attribution> = Vec::new();
    if parsed {
        for cue in model.predict(&ctx) {
            attributions.push(attribution::attribute(&ctx, cue));
        }
    }

    // Statement quotes and their cues.
    let sentence_start = |at: usize| {
        document
            .sentences
            .iter()
            .rfind(|s| s.span.start <= at)
            .map_or(0, |s| s.span.start)
    };
    let statement: Vec<bool> = ctx
        .quotes
        .iter()
        .map(|q| !is_scare(text, q.span, sentence_start(q.span.start)))
        .collect();
    let mut quote_cue: Vec<Option<usize>> = vec![None; ctx.quotes.len()];
    let token_range_of = |span: Span| -> Option<(usize, usize)> {
        let a = ctx.tokens.iter().position(|t| t.span.start >= span.start)?;
        let b = ctx.tokens[a..]
            .iter()
            .position(|t| t.span.end > span.end)
            .map_or(ctx.tokens.len(), |k| a + k);
        (a < b).then_some((a, b))
    };
    for (q, quote) in ctx.quotes.iter().enumerate() {
        if !statement[q] {
            continue;
        }
        let Some((qa, qb)) = token_range_of(quote.span) else {
            continue;
        };
        let first_sentence = ctx.sentence_of(qa);
        let last_sentence = ctx.sentence_of(qb - 1);
        let paragraph = |s: usize| document.sentences.get(s).map(|x| x.paragraph);
        let mut best: Option<(usize, usize)> = None;
        for (k, attribution) in attributions.iter().enumerate() {
            let (ca, cb) = attribution.cue;
            // A cue inside a quote reports the quoted speaker's own words, not this quote.
            if (ca..cb).any(|i| ctx.in_quote(i)) {
                continue;
            }
            let s = ctx.sentence_of(ca);
            let near = if s >= first_sentence && s <= last_sentence {
                true
            } else if s == last_sentence + 1 && ca >= qb {
                // "“…,” he said." split off as its own sentence: short and right after.
                let between = (qb..ca).all(|i| ctx.upos(i) == "PUNCT" || ca - qb <= 4);
                paragraph(s) == paragraph(last_sentence) && between && ca.saturating_sub(qb) <= 4
            } else if s + 1 == first_sentence && ca < qa {
                // "He said:" closing the sentence before.
                qa > 0 && ctx.lower(qa - 1) == ":" && cb <= qa
            } else {
                false
            };
            if !near {
                continue;
            }
            // Reported speech quoting a fragment ("says voter fraud “would be …”") is mixed:
            // a quote tied directly to a cue before it follows it at once (or after a colon).
            if cb <= qa
                && qa > 0
                && ctx.lower(qa - 1) != ":"
                && (cb..qa).any(|i| ctx.upos(i) != "PUNCT")
            {
                continue;
            }
            // Reported speech quoting a fragment ("said that, “…” against …") is mixed.
            if let Some((x, y)) = attribution.content {
                let outside = (x..y)
                    .filter(|&i| ctx.quote_of(i) != Some(q) && ctx.upos(i) != "PUNCT")
                    .count();
                let contains = ctx.range_span(x, y).contains(&quote.span);
                if contains && outside >= 2 {
                    continue;
                }
            }
            // No other quote between the cue and this one.
            let (lo, hi) = if cb <= qa { (cb, qa) } else { (qb, ca) };
            if (lo..hi).any(|i| {
                ctx.quote_of(i)
                    .is_some_and(|other| other != q && statement[other])
            }) {
                continue;
            }
            let distance = if cb <= qa {
                qa - cb
            } else {
                ca.saturating_sub(qb)
            };
            if best.is_none_or(|(_, d)| distance < d) {
                best = Some((k, distance));
            }
        }
        quote_cue[q] = best.map(|(k, _)| k);
    }
    // “…,” said Caddell. “…” — the second quote continues the first one's attribution.
    let mut last: Option<usize> = None;
    for q in 0..ctx.quotes.len() {
        if !statement[q] {
            continue;
        }
        if let (None, Some(p)) = (quote_cue[q], last) {
            let same_paragraph = {
                let para = |at: usize| {
                    document
                        .sentences
                        .iter()
                        .rfind(|s| s.span.start <= at)
                        .map(|s| s.paragraph)
                };
                para(ctx.quotes[p].span.start) == para(ctx.quotes[q].span.start)
            };
            // A signature dash ("“…” ― Name “…”") signs only the quote before it.
            let signature = |k: &usize| {
                let (ca, cb) = attributions[*k].cue;
                cb == ca + 1 && ctx.upos(ca) == "PUNCT" && ctx.lower(ca) != ":"
            };
            if let Some(k) = quote_cue[p].filter(|k| same_paragraph && !signature(k)) {
                let cue = ctx.span(attributions[k].cue.0);
                if ctx.quotes[p].span.end <= cue.start && cue.end <= ctx.quotes[q].span.start {
                    quote_cue[q] = Some(k);
                }
            }
        }
        last = Some(q);
    }

    let mut quotes: Vec<Quote> = Vec::new();
    let mut previous_speaker: Option<usize> = None;
    let sentences_of = |span: Span| -> (usize, usize) {
        let first = document
            .sentences
            .iter()
            .position(|s| s.span.end > span.start)
            .unwrap_or(0);
        let last = document
            .sentences
            .iter()
            .rposition(|s| s.span.start < span.end)
            .unwrap_or(first)
            .max(first);
        (first, last)
    };
    let resolve = |attribution: &Attribution, previous: &mut Option<usize>| {
        let Some(source) = attribution.source else {
            return (None, SpeakerResolution::None, None, None);
        };
        let (speaker, resolution) =
            speakers.resolve(&ctx, source, attribution.source_head, *previous);
        if speaker.is_some() {
            *previous = speaker;
        }
        let source_span = ctx.range_span(source.0, source.1);
        let sentence_end = document
            .sentences
            .get(ctx.sentence_of(source.0))
            .map_or(source_span.end, |s| s.span.end)
            .max(source_span.end);
        let rest = text.get(source_span.end..sentence_end).unwrap_or("");
        let sourcing = sourcing::parse_sourcing(
            source_span.slice(text).unwrap_or(""),
            source_span.start,
            rest,
            speaker.is_some(),
        );
        (speaker, resolution, Some(source_span), sourcing)
    };

    // Items in text order: direct quotes and indirect attributions.
    enum Item {
        Direct(usize),
        Indirect(usize),
    }
    let mut items: Vec<(usize, Item)> = Vec::new();
    let linked: Vec<bool> = (0..attributions.len())
        .map(|k| quote_cue.contains(&Some(k)))
        .collect();
    for (q, quote) in ctx.quotes.iter().enumerate() {
        items.push((quote.span.start, Item::Direct(q)));
    }
    for (k, attribution) in attributions.iter().enumerate() {
        if !linked[k] {
            items.push((ctx.span(attribution.cue.0).start, Item::Indirect(k)));
        }
    }
    items.sort_by_key(|(at, _)| *at);

    for (_, item) in items {
        match item {
            Item::Direct(q) => {
                let marked = ctx.quotes[q];
                let in_content = attributions.iter().any(|a| {
                    a.content
                        .is_some_and(|c| ctx.range_span(c.0, c.1).contains(&marked.span))
                });
                if !statement[q] {
                    let single_word = word_count(marked.span.slice(text).unwrap_or("")) == 1;
                    if in_content && !single_word {
                        continue; // part of a mixed attribution
                    }
                    quotes.push(Quote {
                        kind: QuoteKind::Scare,
                        content: marked.span,
                        content_text: marked.span.slice(text).unwrap_or("").to_string(),
                        cue: None,
                        source: None,
                        speaker: None,
                        speaker_resolution: SpeakerResolution::None,
                        sentences: sentences_of(marked.span),
                        sourcing: None,
                        confidence: 0.6,
                    });
                    continue;
                }
                let attribution = quote_cue[q].and_then(|k| attributions.get(k));
                let (speaker, resolution, source, sourcing) = match attribution {
                    Some(a) => resolve(a, &mut previous_speaker),
                    None => (None, SpeakerResolution::None, None, None),
                };
                let confidence = match (marked.closed, attribution.is_some()) {
                    (true, true) => 0.9,
                    (true, false) => 0.7,
                    (false, _) => 0.4,
                };
                quotes.push(Quote {
                    kind: QuoteKind::Direct,
                    content: marked.span,
                    content_text: marked.span.slice(text).unwrap_or("").to_string(),
                    cue: attribution.map(|a| ctx.range_span(a.cue.0, a.cue.1)),
                    source,
                    speaker,
                    speaker_resolution: resolution,
                    sentences: sentences_of(marked.span),
                    sourcing,
                    confidence,
                });
            }
            Item::Indirect(k) => {
                let attribution = &attributions[k];
                let Some((ca, cb)) = attribution.content else {
                    continue;
                };
                let mut content = ctx.range_span(ca, cb);
                // Keep quotation marks balanced: a content that starts or ends inside a
                // direct quote takes the whole quote.
                let cue = ctx.range_span(attribution.cue.0, attribution.cue.1);
                for marked in &ctx.quotes {
                    if marked.span.overlaps(&content)
                        && !content.contains(&marked.span)
                        && !marked.span.contains(&cue)
                    {
                        content = content.cover(marked.span);
                    }
                }
                // A dateline ("N'DJAMENA, Chad -") is not part of what was said.
                if let Some(dateline) = document
                    .sentences
                    .iter()
                    .filter_map(|s| s.dateline)
                    .find(|d| d.start <= content.start && content.start < d.end)
                {
                    let rest = text.get(dateline.end..content.end).unwrap_or("");
                    let skipped = rest.len()
                        - rest
                            .trim_start_matches(|c: char| {
                                c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':')
                            })
                            .len();
                    content = Span::new(dateline.end + skipped, content.end);
                    if content.is_empty() {
                        continue;
                    }
                }
                if content.overlaps(&cue) {
                    continue;
                }
                // A quoted fragment makes it mixed; a single scare-quoted word does not.
                let mixed = ctx.quotes.iter().any(|m| {
                    content.contains(&m.span) && word_count(m.span.slice(text).unwrap_or("")) > 1
                });
                let (speaker, resolution, source, sourcing) =
                    resolve(attribution, &mut previous_speaker);
                quotes.push(Quote {
                    kind: if mixed {
                        QuoteKind::Mixed
                    } else {
                        QuoteKind::Indirect
                    },
                    content,
                    content_text: content.slice(text).unwrap_or("").to_string(),
                    cue: Some(cue),
                    source,
                    speaker,
                    speaker_resolution: resolution,
                    sentences: sentences_of(content.cover(cue)),
                    sourcing,
                    confidence: 0.6,
                });
            }
        }
    }

    QuoteLayer {
        quotes,
        entities: speakers.entities,
        mention_entities: speakers.mention_entity,
        warnings,
    }
}
