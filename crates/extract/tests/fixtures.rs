//! The quote layer on short articles we wrote ourselves (tests/fixtures/articles.txt), with
//! the shipped models: direct-quote speaker precision over the set, and specific layouts.

use std::path::Path;
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};
use newsgraph_core::{Article, Document, QuoteKind, SpeakerResolution};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let (models, missing) = Models::load_dir(&dir).expect("the shipped models load");
        assert!(missing.is_empty(), "missing models: {missing:?}");
        Pipeline::with_models(AnalyzeOptions::default(), models)
    })
}

struct Fixture {
    name: String,
    text: String,
    /// (piece of the quote, expected speaker or None for "no speaker").
    expected: Vec<(String, Option<String>)>,
}

fn fixtures() -> Vec<Fixture> {
    let raw = include_str!("fixtures/articles.txt");
    let mut out: Vec<Fixture> = Vec::new();
    for line in raw.lines() {
        if let Some(name) = line.strip_prefix("=== ") {
            out.push(Fixture {
                name: name.trim().to_string(),
                text: String::new(),
                expected: Vec::new(),
            });
        } else if let Some(expect) = line.strip_prefix(">> ") {
            let (piece, speaker) = expect.split_once(" = ").expect("an expectation");
            let speaker = speaker.trim();
            let fixture = out.last_mut().expect("an article before expectations");
            fixture.expected.push((
                piece.trim().to_string(),
                (speaker != "-").then(|| speaker.to_string()),
            ));
        } else if let Some(fixture) = out.last_mut() {
            fixture.text.push_str(line);
            fixture.text.push('\n');
        }
    }
    for fixture in &mut out {
        fixture.text = fixture.text.trim().to_string();
    }
    out
}

fn analyze(text: &str) -> Document {
    pipeline().analyze(Article::from_text(text))
}

fn speaker_name(document: &Document, speaker: Option<usize>) -> Option<String> {
    let entity = document.entities.get(speaker?)?;
    Some(
        std::iter::once(entity.name.as_str())
            .chain(entity.aliases.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" | "),
    )
}

#[test]
fn direct_quote_speaker_precision() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 30, "{} fixtures", fixtures.len());
    let (mut attributed, mut correct, mut expected_speakers, mut found) = (0, 0, 0, 0);
    let mut errors = Vec::new();
    for fixture in &fixtures {
        let document = analyze(&fixture.text);
        expected_speakers += fixture.expected.iter().filter(|e| e.1.is_some()).count();
        for quote in document
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
        {
            let expectation = fixture
                .expected
                .iter()
                .find(|(piece, _)| quote.content_text.contains(piece.as_str()));
            let Some(name) = speaker_name(&document, quote.speaker) else {
                continue;
            };
            attributed += 1;
            let right = expectation
                .and_then(|(_, speaker)| speaker.as_deref())
                .is_some_and(|speaker| name.to_lowercase().contains(&speaker.to_lowercase()));
            if right {
                correct += 1;
                found += 1;
            } else {
                errors.push(format!(
                    "{}: {:?} attributed to {name}, expected {:?}",
                    fixture.name,
                    quote.content_text,
                    expectation.map(|e| &e.1)
                ));
            }
        }
    }
    let precision = correct as f64 / attributed.max(1) as f64;
    let recall = found as f64 / expected_speakers.max(1) as f64;
    eprintln!(
        "direct-quote speakers: precision {precision:.3} ({correct}/{attributed}), recall {recall:.3} ({found}/{expected_speakers})"
    );
    for error in &errors {
        eprintln!("  {error}");
    }
    assert!(precision >= 0.95, "precision {precision:.3}: {errors:#?}");
    assert!(recall >= 0.6, "recall {recall:.3}");
}

fn fixture(name: &str) -> Document {
    let fixture = fixtures()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"));
    analyze(&fixture.text)
}

#[test]
fn scare_quotes_are_kept_and_flagged() {
    let document = fixture("scare-quote");
    let scare: Vec<_> = document
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Scare)
        .collect();
    assert_eq!(scare.len(), 1, "{:#?}", document.quotes);
    assert_eq!(scare[0].content_text, "\"terrorists\"");
    assert!(scare[0].speaker.is_none());
    // "called the protesters “terrorists”" is still reported speech, not a mixed quote.
    assert!(!document.quotes.iter().any(|q| q.kind == QuoteKind::Mixed));
}

#[test]
fn partial_quotes_make_mixed_attributions() {
    let document = fixture("partial-quote-mixed");
    let mixed = document
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Mixed)
        .unwrap_or_else(|| panic!("no mixed quote: {:#?}", document.quotes));
    assert!(mixed.content_text.contains("\"another Mogadishu\""));
    assert_eq!(document.evidence(mixed.cue.expect("a cue")), "vowed");
    assert!(speaker_name(&document, mixed.speaker).is_some_and(|n| n.contains("Musa")));
    assert!(!document.quotes.iter().any(|q| q.kind == QuoteKind::Scare));
}

#[test]
fn quotes_continue_across_paragraphs() {
    let document = fixture("three-paragraph-quote");
    let direct: Vec<_> = document
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .collect();
    assert_eq!(direct.len(), 1, "{:#?}", document.quotes);
    assert!(direct[0]
        .content_text
        .starts_with("\"The evidence is clear."));
    assert!(direct[0].content_text.ends_with("ten years,\""));
    assert!(direct[0].sentences.1 > direct[0].sentences.0);
    assert!(document.warnings.is_empty(), "{:?}", document.warnings);
}

#[test]
fn unbalanced_marks_warn_and_do_not_fail() {
    let document = fixture("unbalanced-mark");
    assert!(
        document.warnings.iter().any(|w| w.layer == "quotes"),
        "{:?}",
        document.warnings
    );
    assert!(document.layers.iter().any(|l| l == "quotes"));
    for (label, span) in document.cited_spans() {
        assert!(span.slice(&document.article.text).is_some(), "{label}");
    }
}

#[test]
fn pronouns_resolve_only_when_unambiguous() {
    let document = fixture("ambiguous-pronoun");
    let quote = &document.quotes[0];
    assert_eq!(quote.speaker, None);
    assert_eq!(quote.speaker_resolution, SpeakerResolution::Unresolved);

    let document = fixture("pronoun-after-quote");
    let quote = &document.quotes[0];
    assert_eq!(quote.speaker_resolution, SpeakerResolution::Pronoun);
    assert!(speaker_name(&document, quote.speaker).is_some_and(|n| n.contains("Hale")));
}

#[test]
fn role_nouns_and_titles_find_the_person() {
    let document = fixture("role-noun-speaker");
    let quote = &document.quotes[0];
    assert_eq!(quote.speaker_resolution, SpeakerResolution::Alias);
    assert!(speaker_name(&document, quote.speaker).is_some_and(|n| n.contains("Okafor")));

    let document = fixture("title-surname-later");
    let quote = document
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Direct)
        .expect("the colonel's quote");
    let speaker = quote.speaker.expect("a speaker");
    let entity = &document.entities[speaker];
    assert!(entity.name.contains("James Ruto"), "{entity:?}");
    assert!(entity.mentions.len() >= 2);
}

#[test]
fn unresolved_sources_say_so() {
    let document = fixture("state-television-unresolved");
    let quote = &document.quotes[0];
    assert_eq!(quote.speaker, None);
    assert_eq!(
        document.evidence(quote.source.expect("a source")),
        "state television"
    );
    assert_eq!(quote.speaker_resolution, SpeakerResolution::Unresolved);
}

#[test]
fn anonymous_sources_have_sourcing() {
    let document = fixture("officials-anonymity");
    let quote = &document.quotes[0];
    let sourcing = quote.sourcing.as_ref().expect("sourcing");
    assert!(sourcing.anonymous);
    assert_eq!(sourcing.count, Some(2));
    assert_eq!(sourcing.groups[0].kind, "official");
}

#[test]
fn quotes_without_cue_have_no_speaker() {
    let document = fixture("quote-without-attribution");
    let quote = document
        .quotes
        .iter()
        .find(|q| q.content_text.contains("Bread"))
        .expect("the chant");
    assert_eq!(quote.kind, QuoteKind::Direct);
    assert_eq!(quote.speaker, None);
    assert_eq!(quote.speaker_resolution, SpeakerResolution::None);
    assert!(quote.cue.is_none());
}

#[test]
fn mentions_link_to_entities() {
    let document = fixture("she-added-after-named");
    let entity = document
        .entities
        .iter()
        .find(|e| e.name == "Lucy Mwangi")
        .expect("Lucy Mwangi");
    assert!(entity.aliases.contains(&"Mwangi".to_string()), "{entity:?}");
    for &m in &entity.mentions {
        assert_eq!(document.mentions[m].entity, Some(entity.index));
    }
}

#[test]
fn a_dateline_is_not_part_of_what_was_said() {
    let text = "KHARTOUM, Sudan - The army closed the bridges over the Nile on Friday, \
                according to two residents.";
    let document = analyze(text);
    let quote = document
        .quotes
        .iter()
        .find(|q| q.content_text.contains("bridges"))
        .expect("the attributed clause");
    assert!(
        quote.content_text.starts_with("The army"),
        "{:?}",
        quote.content_text
    );
}

#[test]
fn transcript_speaker_labels_are_cues() {
    let document = fixture("transcript-speaker-labels");
    let answer = document
        .quotes
        .iter()
        .find(|q| q.content_text.contains("I will not resign"))
        .unwrap_or_else(|| panic!("no attribution for the answer: {:#?}", document.quotes));
    assert_eq!(document.evidence(answer.cue.expect("a cue")), ":");
    assert_eq!(
        document.evidence(answer.source.expect("a source")),
        "OKAFOR"
    );
    let question = document
        .quotes
        .iter()
        .find(|q| q.content_text.contains("Will the minister resign"))
        .unwrap_or_else(|| panic!("no attribution for the question: {:#?}", document.quotes));
    assert_eq!(
        document.evidence(question.source.expect("a source")),
        "HOST"
    );
    // A turn runs to the end of its paragraph, or to the next label within it.
    assert_eq!(
        answer.content_text,
        "No, I will not resign. The report cleared me of any wrongdoing. I will stay in office \
         until the election"
    );
    let thanks = document
        .quotes
        .iter()
        .find(|q| q.content_text.starts_with("Thank you, minister"))
        .unwrap_or_else(|| panic!("no attribution for the thanks: {:#?}", document.quotes));
    assert_eq!(thanks.content_text, "Thank you, minister");
}

/// (cue, source, content) of each attribution, as text.
fn attributions(document: &Document) -> Vec<(String, String, String)> {
    document
        .quotes
        .iter()
        .filter_map(|q| {
            let cue = document.evidence(q.cue?).to_string();
            let source = q
                .source
                .map_or(String::new(), |s| document.evidence(s).to_string());
            Some((cue, source, q.content_text.clone()))
        })
        .collect()
}

#[test]
fn reported_events_are_not_cues() {
    let document = analyze(
        "The regional bloc threatened military intervention; the junta sought help from a \
         Russian private military company, according to an analyst; the meeting was confirmed \
         by two Chadian officials and a Western diplomat; 'We will never become another \
         Somalia,' the general said.",
    );
    let found = attributions(&document);
    assert!(
        !found.iter().any(|(cue, _, _)| cue == "sought"),
        "the reported event is a cue: {found:#?}"
    );
    let according = found
        .iter()
        .find(|(cue, _, _)| cue == "according to")
        .unwrap_or_else(|| panic!("no \"according to\": {found:#?}"));
    assert_eq!(according.1, "an analyst");
    assert_eq!(
        according.2,
        "the junta sought help from a Russian private military company"
    );
    let confirmed = found
        .iter()
        .find(|(cue, _, _)| cue.contains("confirmed"))
        .unwrap_or_else(|| panic!("no \"confirmed by\": {found:#?}"));
    assert_eq!(confirmed.1, "two Chadian officials and a Western diplomat");
    assert_eq!(confirmed.2, "the meeting");
    let said = found
        .iter()
        .find(|(cue, _, _)| cue == "said")
        .unwrap_or_else(|| panic!("no \"said\": {found:#?}"));
    assert_eq!(said.1, "the general");
    assert!(said.2.contains("another Somalia"), "{said:?}");
    assert!(
        !said.2.contains("junta"),
        "content past a semicolon: {said:?}"
    );

    // Withheld, not denied as a claim; a denial of a claim stays a cue.
    let document = analyze(
        "A mediation team from the African Union was denied entry at the airport on Saturday. \
         The border guards refused the reporters a visa.",
    );
    let found = attributions(&document);
    assert!(
        !found
            .iter()
            .any(|(cue, _, _)| cue.contains("denied") || cue.contains("refused")),
        "{found:#?}"
    );
    let document =
        analyze("The interior minister denied that the border guards had turned the team away.");
    let found = attributions(&document);
    assert!(
        found.iter().any(|(cue, source, content)| cue == "denied"
            && source == "The interior minister"
            && content.starts_with("that the border guards")),
        "{found:#?}"
    );
}

/// The source of the attribution whose content holds `piece`, as text.
fn source_of(document: &Document, piece: &str) -> Option<String> {
    let quote = document
        .quotes
        .iter()
        .find(|q| q.content_text.contains(piece))?;
    Some(document.evidence(quote.source?).to_string())
}

#[test]
fn sources_keep_their_titles_and_drop_times() {
    let document =
        analyze("Opposition presidential candidate Maria Lopez said the election had been stolen.");
    assert_eq!(
        source_of(&document, "stolen").as_deref(),
        Some("Opposition presidential candidate Maria Lopez"),
        "{:#?}",
        document.quotes
    );
    let document =
        analyze("The town council on Friday said that the bridge would stay closed until spring.");
    assert_eq!(
        source_of(&document, "bridge").as_deref(),
        Some("The town council"),
        "{:#?}",
        document.quotes
    );
    // No adverb and conjunction the parse hung on the subject.
    let document =
        analyze("Prices kept rising even after the central bank said that inflation had peaked.");
    assert_eq!(
        source_of(&document, "inflation").as_deref(),
        Some("the central bank"),
        "{:#?}",
        document.quotes
    );
    // A possessive time is part of the name of what spoke.
    let document = analyze("Thursday's report said that the dam was safe.");
    assert_eq!(
        source_of(&document, "dam").as_deref(),
        Some("Thursday's report"),
        "{:#?}",
        document.quotes
    );
}

#[test]
fn speakers_with_an_of_phrase_an_age_or_a_party() {
    let document = fixture("speakers-with-of-phrase-age-or-party");
    let speaker_of = |piece: &str| {
        let quote = document
            .quotes
            .iter()
            .find(|q| q.content_text.contains(piece))
            .unwrap_or_else(|| panic!("no quote with {piece:?}: {:#?}", document.quotes));
        (
            quote.source.map(|s| document.evidence(s).to_string()),
            speaker_name(&document, quote.speaker),
        )
    };
    let (source, speaker) = speaker_of("least bad outcome");
    assert_eq!(source.as_deref(), Some("Mr. Tomas Berg of the River Trust"));
    assert!(speaker.is_some_and(|s| s.contains("Berg")));
    let (source, _) = speaker_of("never seen water");
    assert_eq!(source.as_deref(), Some("Ms. Ingrid Lund, 82,"));
    let (source, speaker) = speaker_of("did not believe the figures");
    assert_eq!(source.as_deref(), Some("Sen. Alma Ruiz (D-Ore.)"));
    assert!(speaker.is_some_and(|s| s.contains("Ruiz")));
}

#[test]
fn reported_clauses_start_at_that() {
    let document = analyze(
        "The minister said on Monday that talks would resume. The mayor said during a \
         visit to the harbour that the market would reopen in May.",
    );
    let found = attributions(&document);
    let contents: Vec<&str> = found
        .iter()
        .filter(|(cue, _, _)| cue == "said")
        .map(|(_, _, content)| content.as_str())
        .collect();
    assert_eq!(
        contents,
        [
            "that talks would resume",
            "that the market would reopen in May"
        ]
    );
}

#[test]
fn whom_a_statement_was_told_to_is_not_what_was_told() {
    let document = analyze(
        "The mayor told a meeting of shop owners on Friday that the market would reopen in \
         May. The minister told reporters that the bridge had been retaken.",
    );
    let found = attributions(&document);
    let told: Vec<&str> = found
        .iter()
        .filter(|(cue, _, _)| cue == "told")
        .map(|(_, _, content)| content.as_str())
        .collect();
    assert_eq!(
        told,
        [
            "that the market would reopen in May",
            "that the bridge had been retaken"
        ]
    );
}
