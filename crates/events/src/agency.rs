//! Agency: who did something, whether or not the event dictionaries code what they did.
//!
//! The coder codes only the predicates in our dictionaries. Some questions are wider — "did the
//! police do anything?" — and need every action of an actor: the subject of an active verb,
//! the agent of a passive one ("was picked up by police"), the agent of a verb through control,
//! coordination or a relative clause (the coder's own argument rules), and the source of a
//! quote ("police said", "according to police"). Stative verbs ("be", "have", "seem") and
//! failing ("failed to act") are not actions. Each agency carries the mode the coder would give
//! the verb, so a caller can keep what was done apart from what was not, might be or will be.

use newsgraph_core::{Actor, Document, EventMode, Span};

use crate::actors::{code_actor, sectors_of};
use crate::coder::{mode_of, verbal_arguments, Ctx, Predicate};
use crate::{Options, Tok};

/// Verbs that state what an agent is, has or lacks, not what it did.
const NOT_ACTIONS: [&str; 11] = [
    "be", "have", "become", "seem", "appear", "remain", "fail", "lack", "get", "look", "belong",
];

/// How the agent acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyKind {
    /// The agent of a verb.
    Act,
    /// The source of a quote.
    Statement,
}

/// An actor acting: the coded agent of a verb, or the coded source of a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    pub actor: Actor,
    pub kind: AgencyKind,
    /// The verb, or the quote's cue (its content when there is no cue).
    pub predicate: Span,
    /// The verb's lemma ("say" for a quote).
    pub lemma: String,
    /// Index into `Document::sentences` of the predicate.
    pub sentence: usize,
    pub mode: EventMode,
}

/// Every coded actor that acts in `document`: agents of verbs (one per verb and agent, in
/// text order), then sources of quotes. Returns nothing when the tokens carry no parse.
pub(crate) fn agencies(
    document: &Document,
    tokens: &[Tok<'_>],
    options: &Options<'_>,
) -> Vec<Agency> {
    if tokens.len() < document.sentences.last().map_or(0, |s| s.tokens.end)
        || !tokens.iter().any(|t| !t.deprel.is_empty())
    {
        return Vec::new();
    }
    let ctx = Ctx::new(document, tokens, options);
    let mut out = Vec::new();
    for sentence in &document.sentences {
        let range = sentence.tokens.clone();
        if range.end > tokens.len() || range.len() > 400 {
            continue;
        }
        for v in range {
            if !ctx.is_verb(v) || NOT_ACTIONS.contains(&ctx.lemma(v)) {
                continue;
            }
            let p = Predicate {
                token: v,
                extra: None,
                code: String::new(),
                entry_targets: Vec::new(),
                act: false,
                agentless: false,
                passive_source: false,
                nominal: false,
                complement: None,
            };
            let (sources, _) = verbal_arguments(&ctx, &p);
            if sources.is_empty() {
                continue;
            }
            let mode = mode_of(&ctx, &p);
            let predicate = tokens.get(v).map_or(Span::new(0, 0), |t| t.span);
            for actor in sources.into_iter().filter_map(|h| code_actor(&ctx, h)) {
                out.push(Agency {
                    actor,
                    kind: AgencyKind::Act,
                    predicate,
                    lemma: ctx.lemma(v).to_string(),
                    sentence: sentence.index,
                    mode,
                });
            }
        }
    }
    for quote in &document.quotes {
        let Some(source) = quote.source else { continue };
        let inside = tokens_in(&ctx, source);
        let coded = phrase_head(&ctx, &inside)
            .and_then(|head| code_actor(&ctx, head))
            .filter(|a| a.country.is_some() || !a.sectors.is_empty());
        // A source the parse cut up ("director-general of police rk pandit"): what its words
        // name.
        let Some(actor) = coded.or_else(|| {
            let sectors = sectors_of(&ctx, &inside);
            (!sectors.is_empty()).then(|| Actor {
                span: source,
                text: ctx.text_of(source).to_string(),
                entity: ctx.entity_at(source),
                country: None,
                sectors,
            })
        }) else {
            continue;
        };
        out.push(Agency {
            actor,
            kind: AgencyKind::Statement,
            predicate: quote.cue.unwrap_or(quote.content),
            lemma: "say".to_string(),
            sentence: quote.sentences.0,
            mode: EventMode::Asserted,
        });
    }
    out
}

/// The tokens inside `span`, in text order.
fn tokens_in(ctx: &Ctx<'_>, span: Span) -> Vec<usize> {
    let first = ctx.tokens.partition_point(|t| t.span.end <= span.start);
    (first..ctx.tokens.len())
        .take_while(|&k| ctx.tokens[k].span.start < span.end)
        .collect()
}

/// The syntactic head of `inside` (a phrase's tokens): the first whose head lies outside it.
fn phrase_head(ctx: &Ctx<'_>, inside: &[usize]) -> Option<usize> {
    let within = |h: Option<usize>| h.is_some_and(|h| inside.contains(&h));
    inside
        .iter()
        .copied()
        .find(|&k| !within(ctx.tokens[k].head) && ctx.tokens[k].upos != "PUNCT")
}
