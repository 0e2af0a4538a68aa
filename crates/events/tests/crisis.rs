//! A crisis report written by us, coded end to end through the pipeline with the shipped
//! models: every event's type, mode, actors and place.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Pipeline};
use newsgraph_core::{Actor, Article, Document, Event, EventMode};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| common::load_pipeline(AnalyzeOptions::default()))
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

const CRISIS: &str = "N'DJAMENA, Chad - The regional bloc threatened military intervention in Chad on Sunday after the junta sought help from a Russian private military company.\n\n\
The sanctions imposed by the bloc closed the borders with Cameroon and Niger.\n\n\
A mediation team from the African Union was denied entry at the airport in N'Djamena on Saturday.\n\n\
General Amina Okafor, one of the coup leaders, met a representative of the Russian military company in Niamey on Monday.\n\n\
Police did not arrest the protesters.\n\n\
\"The army will attack the rebels,\" the general said.\n";

/// One line per event: type, CAMEO, mode, source and target codes, place, the linked quote's
/// content, trigger.
fn line(document: &Document, e: &Event) -> String {
    format!(
        "{} {} {:?} [{}] [{}] {} {} {}",
        e.event_type,
        e.cameo.as_deref().unwrap_or(""),
        e.mode,
        code(&e.source),
        code(&e.target),
        e.place
            .and_then(|p| document.places.get(p))
            .map_or("-", |p| p.text.as_str()),
        e.quote
            .and_then(|q| document.quotes.get(q))
            .map_or("-".to_string(), |q| q.content_text.clone()),
        document.evidence(e.trigger),
    )
}

#[test]
fn the_crisis_report_is_coded_event_by_event() {
    let document = analyze(CRISIS);
    assert!(document.layers.iter().any(|l| l == "events"));
    let got: Vec<String> = document.events.iter().map(|e| line(&document, e)).collect();
    let expected = [
        // The threat is the event; the threatened act refines its code (138).
        "THREATEN 138 Asserted [IGO IGO] [TCD] N'DJAMENA - threatened",
        // "the junta" is domestic: it takes the dateline's country.
        "REQUEST 023 Asserted [TCD GOV MIL] [RUS PMC] N'DJAMENA - sought help",
        "SANCTION 163 Asserted [IGO IGO] [] N'DJAMENA - imposed",
        // The sanctions stand for the bloc that imposed them; one event per country.
        "COERCE 172 Asserted [IGO IGO] [CMR] N'DJAMENA - closed the borders",
        "COERCE 172 Asserted [IGO IGO] [NER] N'DJAMENA - closed the borders",
        // Passive without an agent: the team from the African Union is the target.
        "REJECT 120 Asserted [] [AU IGO] N'Djamena - denied entry",
        // A title gives the sector, the dateline the country; the place is the meeting's.
        "CONSULT 040 Asserted [TCD MIL] [RUS PMC] Niamey - met",
        "COERCE 173 Negated [TCD COP] [CVL OPP] N'DJAMENA - arrest",
        // Inside a quote, and only announced.
        "ASSAULT 190 Future [TCD MIL] [TCD REB] N'DJAMENA \"The army will attack the rebels,\" attack",
    ];
    assert_eq!(got, expected, "\n got {got:#?}");
    let okafor = document.events[6].source.as_ref().expect("a source");
    assert_eq!(okafor.text, "General Amina Okafor");
    assert!(okafor.entity.is_some(), "the general is a named entity");
    // Intensity and quad class follow the CAMEO code.
    let threat = &document.events[0];
    assert!(threat.intensity <= -6.0);
    assert_eq!(threat.quad_class, newsgraph_core::QuadClass::VerbalConflict);
    assert_eq!(
        document.events[1].quad_class,
        newsgraph_core::QuadClass::VerbalCooperation
    );
    // Every span points into the text.
    for (label, span) in document.cited_spans() {
        assert!(span.slice(&document.article.text).is_some(), "{label}");
    }
    for e in &document.events {
        assert!(e.evidence.contains(&e.trigger));
        let _ = describe(&document, e);
    }
}

#[test]
fn the_shipped_example_codes_the_threat_and_the_request() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/chad.txt"),
    )
    .expect("examples/chad.txt");
    let body = text.split("\n\n").skip(1).collect::<Vec<_>>().join("\n\n");
    let document = analyze(&body);
    let got: Vec<String> = document.events.iter().map(|e| line(&document, e)).collect();
    assert!(
        got.iter()
            .any(|g| g.starts_with("THREATEN 138 Asserted [IGO IGO]")),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|g| g.starts_with("REQUEST 023 Asserted [TCD GOV MIL] [RUS PMC]")),
        "{got:#?}"
    );
    let _ = EventMode::Asserted;
}

/// The events of one sentence as "TYPE MODE [source] [target]".
fn events_of(text: &str) -> Vec<String> {
    let document = analyze(text);
    document
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {:?} [{}] [{}]",
                e.event_type,
                e.mode,
                code(&e.source),
                code(&e.target)
            )
        })
        .collect()
}

#[test]
fn passive_with_by_gives_the_agent_as_source() {
    assert_eq!(
        events_of("The rebels were attacked by the army near the border."),
        ["ASSAULT Asserted [MIL] [REB]"]
    );
}

#[test]
fn passive_without_by_codes_agentless_arrests_only() {
    assert_eq!(
        events_of("Twenty protesters were arrested in Kano on Tuesday."),
        ["COERCE Asserted [] [CVL OPP]"]
    );
    // An attack needs its attacker.
    assert!(events_of("The village was attacked on Tuesday.").is_empty());
}

#[test]
fn negation_and_denial_are_modes() {
    assert_eq!(
        events_of("The army did not attack the rebels."),
        ["ASSAULT Negated [MIL] [REB]"]
    );
    assert_eq!(
        events_of("The army denied attacking the village."),
        ["ASSAULT Denied [MIL] []"]
    );
    assert_eq!(
        events_of("The government may impose a curfew in Kano."),
        ["COERCE Hypothetical [GOV] []"]
    );
}

#[test]
fn coordination_gives_one_event_per_actor() {
    assert_eq!(
        events_of("France and Germany imposed sanctions on Russia."),
        [
            "SANCTION Asserted [FRA] [RUS]",
            "SANCTION Asserted [DEU] [RUS]"
        ]
    );
    assert_eq!(
        events_of("Kenyan police arrested two journalists and a student."),
        [
            "COERCE Asserted [KEN COP] [MED]",
            "COERCE Asserted [KEN COP] [EDU]"
        ]
    );
    // Symmetric events without a target: each with the other.
    assert_eq!(
        events_of("Chad and Niger signed an agreement."),
        ["AGREE Asserted [TCD] [NER]", "AGREE Asserted [NER] [TCD]"]
    );
}

#[test]
fn relative_clauses_and_control_find_the_subject() {
    assert_eq!(
        events_of("The rebels, who attacked the army on Monday, fled."),
        ["ASSAULT Asserted [REB] [MIL]"]
    );
    assert_eq!(
        events_of("The junta decided to seek help from Russia."),
        ["REQUEST Asserted [GOV MIL] [RUS]"]
    );
}

#[test]
fn light_verbs_and_nominal_targets() {
    assert_eq!(
        events_of("The Sudanese army launched an attack on the rebels."),
        ["ASSAULT Asserted [SDN MIL] [REB]"]
    );
    assert_eq!(
        events_of("Mali held talks with Algerian officials."),
        ["CONSULT Asserted [MLI] [DZA GOV]"]
    );
    // The condemned attack stands for its agent.
    assert_eq!(
        events_of("The French attack on the rebels was condemned by Mali."),
        ["ACCUSE Asserted [MLI] [FRA]"]
    );
}

#[test]
fn nominal_events_need_an_agent() {
    assert_eq!(
        events_of("Russian airstrikes on the rebels continued."),
        ["ASSAULT Asserted [RUS] [REB]"]
    );
    assert!(events_of("The attack continued for hours.").is_empty());
}

#[test]
fn nothing_is_coded_without_a_predicate() {
    assert!(events_of("The weather in Nairobi was mild and the markets were calm.").is_empty());
}
