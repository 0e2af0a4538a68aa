//! PETRARCH-format dictionaries: the readers on small dictionaries written by us
//! (`tests/fixtures/petrarch/`), and coding sentences written by us through the pipeline with
//! the shipped models.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Pipeline};
use newsgraph_core::{Actor, Article, Document, Event, EventMode};
use newsgraph_events::petrarch::{
    Element, PetrarchCoder, PetrarchDictionaries, PetrarchError, Step, Validity,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petrarch")
}

fn dicts() -> &'static PetrarchDictionaries {
    static DICTS: OnceLock<PetrarchDictionaries> = OnceLock::new();
    DICTS.get_or_init(|| match PetrarchDictionaries::load_dir(&fixtures()) {
        Ok(d) => d,
        Err(e) => panic!("the test dictionaries load: {e}"),
    })
}

fn warned(file: &str, line: usize) -> bool {
    dicts()
        .warnings
        .iter()
        .any(|w| w.file.ends_with(file) && w.line == line)
}

// ---------------------------------------------------------------- readers

#[test]
fn synsets_are_read_with_their_phrases() {
    let synsets = &dicts().verbs.synsets;
    let crops = &synsets["&CROPS"];
    assert_eq!(crops.len(), 3);
    assert!(crops.contains(&vec!["SPRING".to_string(), "BARLEY".to_string()]));
    // A trailing '_' on a member or a label is dropped.
    assert!(crops.contains(&vec!["RYE".to_string()]));
    assert!(synsets.contains_key("&FLOWERY"));
}

#[test]
fn verb_forms_regular_irregular_and_multi_word() {
    let forms = &dicts().verbs.forms;
    for w in ["PRAISE", "PRAISES", "PRAISED", "PRAISING"] {
        assert!(forms.contains_key(w), "{w} generated");
    }
    // Irregular forms replace the generated ones and carry the verb's own code.
    assert!(forms.contains_key("LAUDED"));
    let lauded = &forms["LAUDED"][0];
    assert_eq!(
        lauded.code.clone().flatten().map(|c| c.primary),
        Some("052".to_string())
    );
    assert!(!forms.contains_key("SHIPED"));
    assert!(forms.contains_key("SHIPPED"));
    // `+SEAL_OFF`: the verb is SEAL..., OFF must follow it.
    let sealed = &forms["SEALED"][0];
    assert_eq!(sealed.after, vec!["OFF".to_string()]);
    assert!(sealed.before.is_empty());
    let block = &dicts().verbs.blocks[sealed.block];
    assert_eq!(
        block.code.as_ref().map(|c| c.primary.as_str()),
        Some("1721")
    );
}

#[test]
fn split_codes_give_the_reverse_direction() {
    let ship = &dicts().verbs.blocks[dicts().verbs.forms["SHIP"][0].block];
    let code = ship
        .code
        .as_ref()
        .map(|c| (c.primary.as_str(), c.reverse.as_deref()));
    assert_eq!(code, Some(("071", Some("072"))));
}

#[test]
fn patterns_keep_order_synsets_and_adjacency() {
    let praise = &dicts().verbs.blocks[dicts().verbs.forms["PRAISE"][0].block];
    let flowery = &praise.patterns[0];
    assert!(flowery.pre.is_empty());
    assert_eq!(
        flowery.post,
        vec![
            Step {
                element: Element::Synset("&FLOWERY".into()),
                adjacent: false
            },
            Step {
                element: Element::Word("WORDS".into()),
                adjacent: false
            },
        ]
    );
    assert_eq!(
        flowery.code.as_ref().map(|c| c.primary.as_str()),
        Some("053")
    );
    // `* FOR_COURAGE`: FOR may come later, COURAGE right after it.
    let courage = &praise.patterns[1];
    assert_eq!(
        courage.post.iter().map(|s| s.adjacent).collect::<Vec<_>>(),
        vec![false, true]
    );
    let visit = &dicts().verbs.blocks[dicts().verbs.forms["VISIT"][0].block];
    assert_eq!(visit.patterns[0].pre[0].element, Element::Compound);
    // `NOT_*`: NOT right before the verb.
    assert_eq!(
        visit.patterns[1].pre,
        vec![Step {
            element: Element::Word("NOT".into()),
            adjacent: true
        }]
    );
}

#[test]
fn malformed_verb_lines_are_skipped_with_a_warning() {
    // The BROKEN block of test.verbs.txt: lines 34 (no code), 35 (no code), 36 (no '}').
    assert!(warned("test.verbs.txt", 34));
    assert!(warned("test.verbs.txt", 35));
    assert!(warned("test.verbs.txt", 36));
    // The good pattern after them is read; the block's null code codes nothing.
    let broken = dicts()
        .verbs
        .blocks
        .iter()
        .find(|b| b.name == "BROKEN")
        .map(|b| (b.code.is_none(), b.patterns.len()));
    assert_eq!(broken, Some((true, 1)));
}

#[test]
fn actors_synonyms_and_codes_on_later_lines() {
    let find = |w: &[&str]| {
        dicts()
            .actors
            .iter()
            .find(|a| a.words.iter().map(String::as_str).eq(w.iter().copied()))
    };
    assert_eq!(
        find(&["ZALANDIAN"]).and_then(|a| a.code_on(None)),
        Some("ZAL")
    );
    assert_eq!(
        find(&["VORNA", "REPUBLIC"]).and_then(|a| a.code_on(None)),
        Some("VRN")
    );
    assert_eq!(
        find(&["KESTRELS"]).and_then(|a| a.code_on(None)),
        Some("KSI")
    );
}

#[test]
fn date_restricted_actor_codes() {
    let otto = dicts()
        .actors
        .iter()
        .find(|a| a.words == ["PRINCE", "OTTO"])
        .map(|a| a.codes.iter().map(|c| c.validity).collect::<Vec<_>>());
    assert_eq!(
        otto,
        Some(vec![
            Validity::Before(19_900_101),
            Validity::Between(19_900_101, 19_991_231),
            Validity::After(20_000_101),
        ])
    );
    let otto = dicts()
        .actors
        .iter()
        .find(|a| a.words == ["PRINCE", "OTTO"]);
    let on = |d| otto.and_then(|a| a.code_on(Some(d)));
    assert_eq!(on(19_850_101), Some("OTT"));
    assert_eq!(on(19_950_101), Some("OTTGOV"));
    assert_eq!(on(20_050_101), Some("OTTREB"));
}

#[test]
fn malformed_actor_lines_are_skipped_with_a_warning() {
    // BADCODE's date restriction cannot be read; NOCODE_AT_ALL has no code.
    assert!(warned("test.actors.txt", 17));
    assert!(warned("test.actors.txt", 18));
    assert!(!dicts()
        .actors
        .iter()
        .any(|a| a.words == ["NOCODE", "AT", "ALL"]));
}

#[test]
fn agents_plurals_substitutions_and_placement() {
    let agent = |w: &[&str]| {
        dicts()
            .agents
            .iter()
            .find(|a| a.words.iter().map(String::as_str).eq(w.iter().copied()))
            .map(|a| (a.code.as_str(), a.before_actor))
    };
    assert_eq!(agent(&["GOVERNMENTS"]), Some(("GOV", false)));
    assert_eq!(agent(&["AGENCIES"]), Some(("AGY", false)));
    assert_eq!(agent(&["FERRIES"]), Some(("FRY", false)));
    // `{}`: no plural.
    assert_eq!(agent(&["POLICES"]), None);
    assert_eq!(agent(&["POLICE"]), Some(("COP", false)));
    // `NGO~` goes before the actor's code.
    assert_eq!(agent(&["RELIEF", "GROUP"]), Some(("NGO", true)));
    // `!SHIPPER!` substitution.
    assert_eq!(agent(&["HARBOURBOATMEN"]), Some(("SHP", false)));
    assert!(warned("test.agents.txt", 11));
    assert!(warned("test.agents.txt", 12));
}

#[test]
fn discards_sentence_and_story() {
    let d: Vec<(String, bool)> = dicts()
        .discards
        .iter()
        .map(|d| (d.words.join(" "), d.story))
        .collect();
    assert_eq!(
        d,
        vec![
            ("CHESS TOURNAMENT".to_string(), false),
            ("LOTTERY DRAW".to_string(), true)
        ]
    );
}

#[test]
fn a_directory_without_dictionaries_is_an_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert!(matches!(
        PetrarchDictionaries::load_dir(&dir),
        Err(PetrarchError::Missing { .. })
    ));
    let missing = fixtures().join("no.such.verbs.txt");
    let err = PetrarchDictionaries::load(&missing, &missing, &missing, None);
    match err {
        Err(PetrarchError::Io { path, .. }) => assert_eq!(path, missing),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- coding

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| common::load_pipeline(AnalyzeOptions { tokens: true }))
}

fn analyze(text: &str, date: &str) -> Document {
    let mut article = Article::from_text(text);
    article.published = Some(date.to_string());
    pipeline().analyze(article)
}

fn code(a: Option<&Actor>) -> String {
    a.map(|a| {
        format!(
            "{}{}",
            a.country.as_deref().unwrap_or(""),
            a.sectors.concat()
        )
    })
    .unwrap_or_default()
}

fn events_on(text: &str, date: &str) -> (Document, Vec<Event>) {
    let document = analyze(text, date);
    let events = PetrarchCoder::new(dicts()).code_document(&document, None);
    (document, events)
}

/// `SOURCE TARGET CODE` of the asserted events.
fn coded(text: &str) -> Vec<String> {
    coded_on(text, "2020-01-01")
}

fn coded_on(text: &str, date: &str) -> Vec<String> {
    let (_, events) = events_on(text, date);
    let mut out: Vec<String> = events
        .iter()
        .filter(|e| e.mode == EventMode::Asserted)
        .map(|e| {
            format!(
                "{} {} {}",
                code(e.source.as_ref()),
                code(e.target.as_ref()),
                e.cameo.as_deref().unwrap_or("")
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_verb_codes_subject_and_object_with_byte_spans() {
    let text = "Zalandia praised Tellur on Monday.";
    let (document, events) = events_on(text, "2020-01-01");
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.cameo.as_deref(), Some("051"));
    assert_eq!(document.evidence(e.trigger), "praised");
    let source = e.source.as_ref().map(|a| document.evidence(a.span));
    let target = e.target.as_ref().map(|a| document.evidence(a.span));
    assert_eq!(source, Some("Zalandia"));
    assert_eq!(target, Some("Tellur"));
    assert_eq!(code(e.source.as_ref()), "ZAL");
    assert_eq!(code(e.target.as_ref()), "TEL");
}

#[test]
fn the_most_specific_pattern_wins() {
    assert_eq!(coded("Zalandia lauded Tellur."), vec!["ZAL TEL 052"]);
    assert_eq!(
        coded("Zalandia lauded Tellur for courage."),
        vec!["ZAL TEL 054"]
    );
    assert_eq!(
        coded("Zalandia praised Tellur with very kind words."),
        vec!["ZAL TEL 053"]
    );
}

#[test]
fn synset_phrases_and_split_codes() {
    assert_eq!(
        coded("Zalandia shipped spring barley to Tellur."),
        vec!["ZAL TEL 073"]
    );
    // No pattern: the block's split code gives both directions.
    assert_eq!(
        coded("Zalandia shipped machines to Tellur."),
        vec!["TEL ZAL 072", "ZAL TEL 071"]
    );
}

#[test]
fn multi_word_verbs_need_their_particle() {
    assert_eq!(
        coded("Zalandia sealed off the border of Tellur."),
        vec!["ZAL TEL 1721"]
    );
    assert!(coded("Zalandia sealed the letter to Tellur.").is_empty());
}

#[test]
fn an_actor_with_agents_spans_its_phrase() {
    let (document, events) = events_on(
        "The Zalandian police praised the government of Tellur.",
        "2020-01-01",
    );
    let spans: Vec<(&str, &str)> = events
        .iter()
        .filter_map(|e| Some((e.source.as_ref()?, e.target.as_ref()?)))
        .map(|(s, t)| (document.evidence(s.span), document.evidence(t.span)))
        .collect();
    assert_eq!(
        spans,
        vec![("The Zalandian police", "the government of Tellur")]
    );
}

#[test]
fn actors_and_agents_combine() {
    assert_eq!(
        coded("The Zalandian police praised the government of Tellur."),
        vec!["ZALCOP TELGOV 051"]
    );
    assert_eq!(
        coded("A relief group from Zalandia praised Tellur."),
        vec!["NGOZAL TEL 051"]
    );
}

#[test]
fn compound_actors_give_one_event_each() {
    assert_eq!(
        coded("Zalandia and Tellur praised Old Maro."),
        vec!["TEL MAR 051", "ZAL MAR 051"]
    );
    assert_eq!(
        coded("Old Maro praised Zalandia and Tellur."),
        vec!["MAR TEL 051", "MAR ZAL 051"]
    );
}

#[test]
fn date_restricted_codes_follow_the_article_date() {
    let text = "Prince Otto praised Zalandia.";
    assert_eq!(coded_on(text, "1985-06-01"), vec!["OTT ZAL 051"]);
    assert_eq!(coded_on(text, "1995-06-01"), vec!["OTTGOV ZAL 051"]);
    assert_eq!(coded_on(text, "2005-06-01"), vec!["OTTREB ZAL 051"]);
}

#[test]
fn discards_drop_the_sentence_or_the_story() {
    assert!(coded("Zalandia praised Tellur at the chess tournament.").is_empty());
    let story = "Zalandia praised Tellur. Old Maro praised Zalandia.";
    assert_eq!(coded(story).len(), 2);
    let discarded = "Zalandia praised Tellur. The lottery draw was held on Monday.";
    assert!(coded(discarded).is_empty());
}

#[test]
fn negation_is_not_asserted_unless_a_pattern_codes_it() {
    let (_, events) = events_on("Zalandia did not praise Tellur.", "2020-01-01");
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e.mode == EventMode::Negated));
    // VISIT has `NOT_* [099]`: the pattern codes the negated verb.
    assert_eq!(coded("Zalandia did not visit Tellur."), vec!["ZAL TEL 099"]);
}

#[test]
fn a_passive_with_its_agent_turns_around() {
    assert_eq!(
        coded("Tellur was praised by Zalandia."),
        vec!["ZAL TEL 051"]
    );
}

#[test]
fn a_reported_clause_is_coded_with_its_own_actors() {
    assert_eq!(
        coded("Old Maro said that Zalandia praised Tellur."),
        vec!["ZAL TEL 051"]
    );
}

#[test]
fn markers_before_the_verb_and_inherited_codes() {
    // `+ * FROM $`: the subject is the target, the actor after FROM the source.
    assert_eq!(
        coded("Tellur was rescued from Zalandia."),
        vec!["ZAL TEL 067"]
    );
    // `* SWIFTLY [+++]` matches and codes the block's 066, beating the bare `* [069]`.
    assert_eq!(
        coded("Zalandia rescued Tellur swiftly."),
        vec!["ZAL TEL 066"]
    );
    assert_eq!(coded("Zalandia rescued Tellur."), vec!["ZAL TEL 069"]);
}

mod arbitrary {
    use newsgraph_events::petrarch::dict::{
        parse_actors, parse_agents, parse_discards, parse_verbs,
    };
    use proptest::prelude::*;

    use super::*;

    /// Lines built from the dictionaries' own punctuation, to reach the readers' corners.
    fn dictionary_text() -> impl Strategy<Value = String> {
        proptest::collection::vec("[-+&!%$^*_{}\\[\\]~<>#: A-Z0-9]{0,30}|\\PC{0,20}", 0..20)
            .prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn readers_never_panic(text in dictionary_text()) {
            let mut warnings = Vec::new();
            let verbs = parse_verbs(&text, "x.verbs", &mut warnings);
            let _ = parse_actors(&text, "x.actors", &mut warnings);
            let _ = parse_agents(&text, "x.agents", &mut warnings);
            let _ = parse_discards(&text);
            // Every form points at a block.
            for forms in verbs.forms.values() {
                prop_assert!(forms.iter().all(|f| f.block < verbs.blocks.len()));
            }
        }

        #[test]
        fn coding_arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let (document, events) = events_on(&text, "2020-01-01");
            for e in &events {
                prop_assert!(e.trigger.slice(&document.article.text).is_some());
                for a in [e.source.as_ref(), e.target.as_ref()].into_iter().flatten() {
                    prop_assert!(a.span.slice(&document.article.text).is_some());
                }
            }
        }
    }
}
