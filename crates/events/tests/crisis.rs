//! A crisis report written by us, coded end to end through the pipeline with the shipped
//! models: every event's type, mode, actors and place.

use std::path::Path;
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};
use newsgraph_core::{Actor, Article, Document, Event, EventMode};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let (models, missing) = Models::load_dir(&dir).expect("the shipped models load");
        assert!(missing.is_empty(), "missing models: {missing:?}");
        Pipeline::with_models(AnalyzeOptions::default(), models)
    })
}

fn analyze(text: &str) -> Document {
    let mut article = Article::from_text(text);
    article.published = Some("2026-03-16".to_string());
    pipeline().analyze(article)
}

/// "TCD GOV MIL", "IGO IGO", "" for no actor.
fn code(actor: &Option<Actor>) -> String {
    let Some(a) = actor else {
        return String::new();
    };
    let mut parts: Vec<&str> = a.country.iter().map(String::as_str).collect();
    parts.extend(a.sectors.iter().map(String::as_str));
    parts.join(" ")
}

fn describe(document: &Document, e: &Event) -> String {
    format!(
        "{} {} {:?} [{}] -> [{}] at {:?}: {:?}",
        e.event_type,
        e.cameo.as_deref().unwrap_or(""),
        e.mode,
        code(&e.source),
        code(&e.target),
        e.place
            .and_then(|p| document.places.get(p))
            .map(|p| p.text.as_str()),
        document.evidence(e.trigger),
    )
}

fn all(document: &Document) -> Vec<String> {
    document
        .events
        .iter()
        .map(|e| describe(document, e))
        .collect()
}

const CRISIS: &str = "N'DJAMENA, Chad - The regional bloc threatened military intervention in Chad on Sunday after the junta sought help from a Russian private military company.\n\n\
The sanctions imposed by the bloc closed the borders with Cameroon and Niger.\n\n\
A mediation team from the African Union was denied entry at the airport in N'Djamena on Saturday.\n\n\
General Amina Okafor, one of the coup leaders, met a representative of the Russian military company in Niamey on Monday.\n\n\
Police did not arrest the protesters.\n\n\
\"The army will attack the rebels,\" the general said.\n";

#[test]
fn the_crisis_report_is_coded_event_by_event() {
    let document = analyze(CRISIS);
    assert!(document.layers.iter().any(|l| l == "events"));
    let got = all(&document);
    let expected = [
        "THREATEN 138 Asserted [IGO IGO] -> [TCD] at Some(\"N'DJAMENA\"): \"threatened\"",
        "REQUEST 023 Asserted [TCD GOV MIL] -> [RUS PMC] at Some(\"N'DJAMENA\"): \"sought help\"",
    ];
    for e in expected {
        assert!(got.iter().any(|g| g == e), "missing {e}\n got {got:#?}");
    }
    // Every span points into the text.
    for (label, span) in document.cited_spans() {
        assert!(span.slice(&document.article.text).is_some(), "{label}");
    }
    let _ = EventMode::Asserted;
}
