//! Agencies and actor roles, through the pipeline with the shipped models, on sentences
//! written by us.

use std::path::Path;
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};
use newsgraph_core::{Article, Document, EventMode};
use newsgraph_events::{agencies, Agency, AgencyKind, Options};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let (models, missing) = Models::load_dir(&dir).expect("the shipped models load");
        assert!(missing.is_empty(), "missing models: {missing:?}");
        Pipeline::with_models(AnalyzeOptions { tokens: true }, models)
    })
}

fn analyze(text: &str) -> Document {
    pipeline().analyze(Article::from_text(text))
}

fn police(a: &Agency) -> bool {
    a.actor.sectors.iter().any(|s| s == "COP")
}

fn police_agencies(text: &str) -> Vec<Agency> {
    let document = analyze(text);
    agencies(&document, &Options::default())
        .into_iter()
        .filter(police)
        .collect()
}

#[test]
fn police_acting_outside_the_dictionaries() {
    // "question" is no event verb; "police officials" are police, not government.
    let found = police_agencies("Police officials questioned the shopkeepers on Monday.");
    assert!(
        found.iter().any(|a| a.lemma == "question"
            && a.kind == AgencyKind::Act
            && a.mode == EventMode::Asserted),
        "{found:?}"
    );
}

#[test]
fn the_agent_of_a_passive() {
    let found = police_agencies("The trader was escorted home by the police on Sunday.");
    assert!(found.iter().any(|a| a.lemma == "escort"), "{found:?}");
    // The patient of a passive acts in nothing.
    let found = police_agencies("The policemen were surrounded by the crowd.");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_police_statement() {
    let found = police_agencies("\"The roads are open again,\" a police spokesman said.");
    assert!(found.iter().any(|a| a.lemma == "say"), "{found:?}");
}

#[test]
fn what_police_did_not_do_is_negated() {
    let found = police_agencies("The police did not stop the marchers.");
    assert!(
        found
            .iter()
            .all(|a| a.lemma != "stop" || a.mode == EventMode::Negated),
        "{found:?}"
    );
    assert!(found.iter().any(|a| a.lemma == "stop"), "{found:?}");
}

#[test]
fn a_role_belongs_to_the_body_that_modifies_it() {
    let document = analyze("The rebel leader met the envoy in the capital.");
    let sources: Vec<Vec<String>> = document
        .events
        .iter()
        .filter_map(|e| e.source.as_ref().map(|s| s.sectors.clone()))
        .collect();
    assert!(sources.contains(&vec!["REB".to_string()]), "{sources:?}");
}

#[test]
fn a_reduced_passive_headline_names_the_victims() {
    // "Three policemen killed": the policemen were killed, they killed no one.
    let document = analyze("• Three policemen and two traders also killed.");
    assert!(
        !document.events.iter().any(|e| e
            .source
            .as_ref()
            .is_some_and(|s| s.sectors.iter().any(|x| x == "COP"))),
        "{:?}",
        document.events
    );
}
