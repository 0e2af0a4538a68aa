//! Fixtures for the API and browser tests: three short news articles written for these
//! tests, analysed by the real pipeline (the models in `models/`), plus one hand-coded place
//! per article; the event coder's events are replaced by one hand-coded event per article
//! where the story has one, so that these tests check the API and the UI, not the coder
//! (crates/events has its own tests), and stored in a fresh SQLite store.
//!
//! Shared with `crates/cli/tests/browser.rs` through `#[path]`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};
use newsgraph_core::{
    Actor, Article, Document, Event, EventMode, Place, PlaceRole, QuadClass, Span,
};

/// Non-ASCII characters (dash, curly quotes, ü, ’) come before most spans on purpose: the UI
/// must convert UTF-8 byte offsets to JavaScript string indices.
pub const FLOODS: &str = "GENEVA — Swiss President Viola Amherd met Nigerian President \
Bola Tinubu in Zürich on Monday to discuss flood relief. “We will send engineers and money before \
the rains return,” Amherd said after the meeting. Tinubu thanked the Swiss government and \
said Nigeria would host a donors’ conference in Abuja in May.";

pub const DONORS: &str = "Nigeria’s President Bola Tinubu said on Tuesday that the donors’ \
conference on flood relief would open in Abuja on May 12. “Every state that lost homes will be \
heard,” Tinubu told reporters in Abuja. Swiss President Viola Amherd is expected to attend.";

pub const PROTEST: &str = "Protesters marched through central Nairobi on Wednesday against a \
proposed fuel tax. Police fired tear gas near parliament, witnesses said. Opposition leader Raila \
Odinga called the tax “a punishment for the poor.”";

/// The repository's models directory.
pub fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models")
}

pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let (models, missing) = Models::load_dir(&models_dir()).expect("models load");
        assert!(missing.is_empty(), "models missing: {missing:?}");
        Pipeline::with_models(AnalyzeOptions { tokens: true }, models)
    })
}

/// Analyse as `newsgraph ingest` does (entities grouped when the pipeline did not).
pub fn analyze(article: Article) -> Document {
    let mut document = pipeline().analyze(article);
    if document.entities.is_empty() && !document.mentions.is_empty() {
        document.entities = newsgraph_resolve::entities::group_mentions(&mut document.mentions);
    }
    document
}

fn article(text: &str, title: &str, source: &str, published: &str) -> Article {
    let mut article = Article::from_text(text);
    article.title = Some(title.into());
    article.source = Some(source.into());
    article.published = Some(published.into());
    article.url = Some(format!(
        "https://news.example/{}",
        title.to_lowercase().replace(' ', "-")
    ));
    article.refresh_id();
    article
}

fn span_of(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    Span::new(start, start + needle.len())
}

/// An actor for `name` as written in the text, linked to the entity of the mention there.
fn actor(document: &Document, name: &str, country: &str, sector: &str) -> Actor {
    let span = span_of(&document.article.text, name);
    let entity = document
        .mentions
        .iter()
        .find(|m| m.span.overlaps(&span))
        .and_then(|m| m.entity);
    Actor {
        span,
        text: name.into(),
        entity,
        country: Some(country.into()),
        sectors: vec![sector.into()],
    }
}

fn add_place(document: &mut Document, name: &str, iso3: &str, lat: f64, lon: f64) -> usize {
    let span = span_of(&document.article.text, name);
    document.places.push(Place {
        span,
        sentence: 0,
        text: name.into(),
        role: PlaceRole::Toponym,
        geonames_id: None,
        name: Some(name.into()),
        feature: Some("P.PPL".into()),
        country_alpha2: Some(iso3[..2].into()),
        country_alpha3: Some(iso3.into()),
        admin1: None,
        lat: Some(lat),
        lon: Some(lon),
        confidence: 0.9,
    });
    document.places.len() - 1
}

struct EventSpec<'a> {
    kind: &'a str,
    cameo: &'a str,
    trigger: &'a str,
    source: Actor,
    target: Option<Actor>,
    place: usize,
    quad: QuadClass,
    intensity: f32,
}

/// Replace the coder's events with one hand-coded event.
fn add_event(document: &mut Document, spec: EventSpec<'_>) {
    document.events.clear();
    let trigger = span_of(&document.article.text, spec.trigger);
    let sentence = document
        .sentences
        .iter()
        .position(|s| s.span.contains(&trigger))
        .unwrap_or(0);
    let evidence = document
        .sentences
        .get(sentence)
        .map(|s| s.span)
        .unwrap_or(trigger);
    document.events.push(Event {
        event_type: spec.kind.into(),
        cameo: Some(spec.cameo.into()),
        mode: EventMode::Asserted,
        source: Some(spec.source),
        target: spec.target,
        place: Some(spec.place),
        time: None,
        trigger,
        evidence,
        sentence,
        intensity: spec.intensity,
        quad_class: spec.quad,
        confidence: 0.8,
        quote: None,
    });
}

/// The three analysed documents, in ingest order.
pub fn corpus() -> Vec<Document> {
    let mut floods = analyze(article(
        FLOODS,
        "Swiss and Nigerian presidents discuss flood relief",
        "Example Wire",
        "2026-03-16",
    ));
    let place = add_place(&mut floods, "Zürich", "CHE", 47.37, 8.54);
    let source = actor(&floods, "Viola Amherd", "CHE", "GOV");
    let target = actor(&floods, "Bola Tinubu", "NGA", "GOV");
    add_event(
        &mut floods,
        EventSpec {
            kind: "CONSULT",
            cameo: "040",
            trigger: "met",
            source,
            target: Some(target),
            place,
            quad: QuadClass::VerbalCooperation,
            intensity: 1.0,
        },
    );

    let mut donors = analyze(article(
        DONORS,
        "Tinubu sets date for flood donors conference",
        "Daily Planet",
        "2026-03-17",
    ));
    add_place(&mut donors, "Abuja", "NGA", 9.06, 7.49);
    donors.events.clear();

    let mut protest = analyze(article(
        PROTEST,
        "Nairobi protest against fuel tax",
        "City Desk",
        "2026-03-18",
    ));
    let place = add_place(&mut protest, "Nairobi", "KEN", -1.29, 36.82);
    let source = actor(&protest, "Protesters", "KEN", "CVL");
    add_event(
        &mut protest,
        EventSpec {
            kind: "PROTEST",
            cameo: "141",
            trigger: "marched",
            source,
            target: None,
            place,
            quad: QuadClass::MaterialConflict,
            intensity: -6.5,
        },
    );
    vec![floods, donors, protest]
}

/// Documents analysed once per test binary.
pub fn documents() -> &'static [Document] {
    static DOCUMENTS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCUMENTS.get_or_init(corpus)
}

/// A new SQLite store at `path` holding the corpus.
pub fn fill_store(path: &Path) {
    let mut store = newsgraph_store::open_sqlite(path).expect("open store");
    use newsgraph_store::Store;
    let report = store.ingest(documents(), &[]).expect("ingest");
    assert_eq!(report.articles_added, 3);
}
