//! Political event coding: who did what to whom, where and when, as PLOVER events with CAMEO
//! codes, read off the dependency parse of an analysed [`Document`].
//!
//! [`code_events`] is pure and deterministic. For every predicate in a sentence — a verb
//! ("threatened", "was denied entry"), a light-verb construction ("held talks with") or an
//! event noun ("the sanctions imposed by the bloc") — it looks the predicate up in our
//! dictionaries (`data/events/`, see [`dict`]), finds the source and target through the parse
//! (active and passive voice, coordination, relative clauses, control verbs), codes each actor
//! (country ISO alpha-3 plus sectors, see [`actors`]), decides the mode (asserted, future,
//! hypothetical, negated, denied) and attaches the sentence's place and time. Precision comes
//! before recall: a predicate without a coded actor is not coded.
//!
//! The policy is written down in `docs/events.md`.

use newsgraph_core::{Document, Event};

mod actors;
mod agency;
mod coder;
pub mod dict;
pub mod petrarch;

pub use agency::{Agency, AgencyKind};
pub use dict::{dictionaries, parse_petrarch_actors, split_code, ActorLexicon, Dictionaries};

/// A malformed dictionary line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("data/events/{file}:{line}: {message}")]
pub struct DictError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// One token as the coder reads it: text, tags, lemma and parse (document token indices).
pub use newsgraph_core::TokenView as Tok;

/// What the coder may use besides the shipped dictionaries.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options<'a> {
    /// More named actors, consulted before ours (the evaluation adds the PETRARCH validation
    /// suite's fictional countries this way).
    pub extra_actors: Option<&'a ActorLexicon>,
    /// Give sector-only domestic actors ("the junta") the dateline's country. On by default
    /// in [`code_document`] and the pipeline.
    pub no_dateline_country: bool,
}

/// Code the events of `document`, reading the tokens from `tokens` (one per document token,
/// with tags and parse). Returns nothing when the tokens carry no parse.
pub fn code_events(document: &Document, tokens: &[Tok<'_>], options: &Options<'_>) -> Vec<Event> {
    coder::code(document, tokens, options)
}

/// Code the events of a document whose `tokens` were output with their tags and parse.
pub fn code_document(document: &Document, options: &Options<'_>) -> Vec<Event> {
    let tokens: Vec<Tok<'_>> = document.tokens.iter().map(Tok::of).collect();
    code_events(document, &tokens, options)
}

/// Every coded actor that acts in a document whose `tokens` were output with their tags and
/// parse, whether or not the dictionaries code the act: agents of verbs and sources of quotes
/// (see [`Agency`]).
pub fn agencies(document: &Document, options: &Options<'_>) -> Vec<Agency> {
    let tokens: Vec<Tok<'_>> = document.tokens.iter().map(Tok::of).collect();
    agency::agencies(document, &tokens, options)
}
