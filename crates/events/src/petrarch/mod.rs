//! Event coding with PETRARCH/TABARI-format dictionaries (the Phoenix/CAMEO dictionaries
//! analysts already have): verbs with synsets and patterns, actors with date-restricted
//! codes, agents and discards, read at run time ([`PetrarchDictionaries`]) and applied to the
//! dependency parse of an analysed [`Document`] ([`PetrarchCoder`]).
//!
//! The events carry the dictionaries' codes as they are: `cameo` is the verb code (`064`,
//! `1717`), and an actor's `country` followed by its `sectors` spells the actor code
//! (`ARN` + `GOV`, `IGO` + `COP` + `ITP`).

mod coder;
pub mod dict;

use newsgraph_core::{Document, Event};

pub use coder::date_number;
pub use dict::{
    ActorEntry, AgentEntry, Code, DatedCode, DictWarning, Discard, Element, Pattern,
    PetrarchDictionaries, PetrarchError, Step, Validity, VerbBlock, VerbDictionary, VerbForm,
};

use crate::Tok;

/// A coder over loaded dictionaries (indexes them once).
pub struct PetrarchCoder<'d> {
    dicts: &'d PetrarchDictionaries,
    index: coder::Index<'d>,
}

impl<'d> PetrarchCoder<'d> {
    pub fn new(dicts: &'d PetrarchDictionaries) -> Self {
        PetrarchCoder {
            dicts,
            index: coder::Index::new(dicts),
        }
    }

    /// Code a document whose `tokens` were output with their tags and parse. `date`
    /// (`yyyymmdd`) resolves date-restricted actor codes; `None` uses the article's
    /// publication date. Returns nothing when the tokens carry no parse.
    pub fn code_document(&self, document: &Document, date: Option<u32>) -> Vec<Event> {
        let tokens: Vec<Tok<'_>> = document.tokens.iter().map(Tok::of).collect();
        self.code_events(document, &tokens, date)
    }

    /// Code a document reading the tokens from `tokens` (one per document token).
    pub fn code_events(
        &self,
        document: &Document,
        tokens: &[Tok<'_>],
        date: Option<u32>,
    ) -> Vec<Event> {
        let mut events = coder::code(document, tokens, self.dicts, &self.index, date);
        for e in &mut events {
            for a in [e.source.as_mut(), e.target.as_mut()].into_iter().flatten() {
                a.text = document.evidence(a.span).to_string();
            }
        }
        events
    }
}
