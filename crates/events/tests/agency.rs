//! Agencies and actor roles, through the pipeline with the shipped models, on sentences
//! written by us.

mod common;

use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Pipeline};
use newsgraph_core::{Article, Document, EventMode};
use newsgraph_events::{agencies, Agency, AgencyKind, Options};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| common::load_pipeline(AnalyzeOptions { tokens: true }))
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
fn a_statement_by_a_title_the_parse_left_out_of_the_source() {
    // Lower-case news copy: the parse gives the name alone as the source; the title before it
    // says who speaks.
    let found = police_agencies(
        "police commissioner v k gupta said 10 persons sustained injuries in the firing.",
    );
    assert!(
        found
            .iter()
            .any(|a| a.lemma == "say" && a.actor.text.contains("commissioner")),
        "{found:?}"
    );
    // A name with no title before it speaks for nobody coded.
    let found = police_agencies("v k gupta said 10 persons sustained injuries in the accident.");
    assert!(!found.iter().any(|a| a.lemma == "say"), "{found:?}");
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

#[test]
fn a_noun_for_what_police_did() {
    let found = police_agencies("Two traders were wounded in police firing near the market.");
    assert!(
        found
            .iter()
            .any(|a| a.lemma == "firing" && a.kind == AgencyKind::Nominal),
        "{found:?}"
    );
    let found = police_agencies("The leaders left the town under police escort on Monday.");
    assert!(found.iter().any(|a| a.lemma == "escort"), "{found:?}");
    // A noun for no action: the police station did nothing.
    let found = police_agencies("The traders gathered outside the police station.");
    assert!(
        found.iter().all(|a| a.kind != AgencyKind::Nominal),
        "{found:?}"
    );
}

#[test]
fn an_agentless_police_measure_implies_the_police() {
    let found = police_agencies("Security has been tightened across the district.");
    assert!(
        found.iter().any(|a| a.lemma == "tighten"
            && a.kind == AgencyKind::Implied
            && a.mode == EventMode::Asserted),
        "{found:?}"
    );
    let found = police_agencies("A case was registered against the shopkeeper.");
    assert!(found.iter().any(|a| a.lemma == "register"), "{found:?}");
    // Not a police measure: the rules, not security, were tightened; the army was deployed.
    let found = police_agencies("The rules have been tightened this year.");
    assert!(found.is_empty(), "{found:?}");
    let found = police_agencies("The army was deployed in the town.");
    assert!(
        found.iter().all(|a| a.kind != AgencyKind::Implied),
        "{found:?}"
    );
}

#[test]
fn a_statement_whose_source_the_parse_missed() {
    // All lower case, the parse leaves the source of "said" unattached.
    let found = police_agencies(
        "meanwhile, ten marchers were stopped at the railway station, superintendent of police (south) r k verma said.",
    );
    assert!(found.iter().any(|a| a.lemma == "say"), "{found:?}");
}

#[test]
fn police_put_on_alert_act() {
    let found = police_agencies("The police were put on high alert in the district.");
    assert!(found.iter().any(|a| a.lemma == "put"), "{found:?}");
    let found = police_agencies("Security has been enhanced around the temple.");
    assert!(found.iter().any(|a| a.lemma == "enhance"), "{found:?}");
}

#[test]
fn law_enforcement_activities_without_an_agent() {
    let implied = |text: &str| {
        police_agencies(text)
            .into_iter()
            .filter(|a| a.kind == AgencyKind::Implied && a.mode == EventMode::Asserted)
            .collect::<Vec<_>>()
    };
    let found = implied("A flag march was held in the old city on Friday.");
    assert!(found.iter().any(|a| a.lemma == "flag march"), "{found:?}");
    let found = implied("Several arrests were made after the clashes.");
    assert!(found.iter().any(|a| a.lemma == "arrest"), "{found:?}");
    let found = implied("Tear gas shells were lobbed to break up the crowd.");
    assert!(!found.is_empty(), "{found:?}");
    let found = implied("Fifty persons were held and a large number of weapons were seized.");
    assert!(
        found.iter().any(|a| a.lemma == "seize") && found.iter().any(|a| a.lemma == "hold"),
        "{found:?}"
    );
    // Lower case, with the subject parsed as a verb or attached elsewhere.
    let found = implied("patrolling in the lanes of the old city has also been intensified.");
    assert!(found.iter().any(|a| a.lemma == "intensify"), "{found:?}");
    let found = implied("the two men were later sent to the district jail.");
    assert!(found.iter().any(|a| a.lemma == "send"), "{found:?}");
    assert!(implied("the two men were later sent to the district hospital.").is_empty());
    // Not the police's: no arrests at all, an arrest warrant, the army's flag march, a
    // meeting held, a town seized.
    assert!(implied("No arrests have been made so far.").is_empty());
    assert!(implied("The court issued an arrest warrant for the leader.").is_empty());
    let found = police_agencies("The army conducted a flag march in the town on Thursday.");
    assert!(found.is_empty(), "{found:?}");
    assert!(implied("A meeting was held in the town hall.").is_empty());
    assert!(implied("The town was seized on Monday.").is_empty());
    assert!(implied("The opposition demanded the arrest of the leaders.").is_empty());
}

#[test]
fn forces_sent_somewhere_are_on_duty() {
    let found =
        police_agencies("The district administration has deployed six companies of paramilitary forces in the city.");
    assert!(
        found
            .iter()
            .any(|a| a.kind == AgencyKind::Deployed && a.lemma == "deploy"),
        "{found:?}"
    );
    let found =
        police_agencies("About 150 armed policemen were posted by the state at the airport.");
    assert!(
        found.iter().any(|a| a.kind == AgencyKind::Deployed),
        "{found:?}"
    );
    // Troops are not police; the government sent a letter, not forces.
    assert!(police_agencies("The government deployed army troops in the city.").is_empty());
    assert!(
        police_agencies("The government sent a letter to the police.")
            .iter()
            .all(|a| a.kind != AgencyKind::Deployed)
    );
}

#[test]
fn indian_police_bodies_are_police() {
    let found = police_agencies("A senior IPS officer questioned the shopkeepers on Monday.");
    assert!(found.iter().any(|a| a.lemma == "question"), "{found:?}");
    let found = police_agencies("The CID interrogated the two suspects for six hours.");
    assert!(found.iter().any(|a| a.lemma == "interrogate"), "{found:?}");
    // A civil servant of the IAS is not police.
    assert!(police_agencies("A senior IAS officer questioned the shopkeepers.").is_empty());
}

#[test]
fn police_read_off_the_words_of_lower_case_copy() {
    // A dateline in lower case throws the parse; the police still fired.
    let found = police_agencies(
        "rampur: police fired at a stone-throwing crowd near the bus stand on monday.",
    );
    assert!(
        found
            .iter()
            .any(|a| a.lemma == "fire" && a.mode == EventMode::Asserted),
        "{found:?}"
    );
    let found =
        police_agencies("the police had to lathi-charge the protesters outside the collectorate.");
    assert!(!found.is_empty(), "{found:?}");
    // Standing by is no action.
    let found = police_agencies("the police stood by as the shops burned.");
    assert!(found.iter().all(|a| a.lemma != "stand"), "{found:?}");
}

#[test]
fn police_on_duty_and_told_to_act() {
    let found = police_agencies("the police were present at the gate for three hours.");
    assert!(found.iter().any(|a| a.lemma == "present"), "{found:?}");
    let found = police_agencies(
        "the city police have been directed to stop all vehicles entering the town.",
    );
    assert!(!found.is_empty(), "{found:?}");
    // Present near a police station is no police presence.
    let found = police_agencies(
        "the boy, a native of a village near the police station, was present at the wedding.",
    );
    assert!(found.iter().all(|a| a.lemma != "present"), "{found:?}");
}

#[test]
fn complaints_lodged_with_the_police() {
    let found = police_agencies("A complaint was lodged with the local police on Friday.");
    assert!(found.iter().any(|a| a.lemma == "lodge"), "{found:?}");
}

#[test]
fn security_measures_in_place_imply_the_police() {
    let implied = |text: &str| -> Vec<Agency> {
        police_agencies(text)
            .into_iter()
            .filter(|a| a.kind == AgencyKind::Implied)
            .collect()
    };
    let found = implied(
        "The district administration has made elaborate security arrangements around the shrine.",
    );
    assert!(found.iter().any(|a| a.lemma == "arrangement"), "{found:?}");
    let found = implied("The procession passed off peacefully amid tight security.");
    assert!(found.iter().any(|a| a.lemma == "security"), "{found:?}");
    // The army's measure, and a measure withdrawn, are no police work.
    assert!(implied("The army tightened security around its camp.").is_empty());
    assert!(
        implied("The leaders demanded the withdrawal of the security arrangements.").is_empty()
    );
    // Evidence: the measure's own words.
    let document = analyze("The procession passed off peacefully amid tight security.");
    for a in agencies(&document, &Options::default()) {
        if a.kind == AgencyKind::Implied {
            assert_eq!(document.evidence(a.predicate), "security");
        }
    }
}

#[test]
fn rounds_fired_without_an_agent_are_the_police() {
    let found = police_agencies("Five rounds were fired in the air to disperse the crowd.");
    assert!(
        found
            .iter()
            .any(|a| a.kind == AgencyKind::Implied && a.lemma == "fire"),
        "{found:?}"
    );
    let found = police_agencies("Two persons were injured in the firing.");
    assert!(found.iter().any(|a| a.lemma == "firing"), "{found:?}");
}

#[test]
fn police_from_a_house_in_a_capital_are_police() {
    // The capital in the "from" phrase makes no government of the police.
    let found = police_agencies("he was taken away by the police from his house in delhi.");
    assert!(!found.is_empty(), "{found:?}");
    // Not protected: no protection given.
    let found = police_agencies("the residents say they are not protected by police.");
    assert!(
        found
            .iter()
            .all(|a| a.lemma != "protect" || a.mode == EventMode::Negated),
        "{found:?}"
    );
}
