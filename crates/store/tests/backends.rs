//! One test suite, run against both backends: every check is a function of `&mut dyn Store`,
//! called once with a fresh SQLite file and once with a fresh PostgreSQL schema.
//!
//! PostgreSQL: `$NEWSGRAPH_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`).
//! When the server cannot be reached the PostgreSQL tests fail under CI (`CI=true`) and are
//! skipped with a notice otherwise.

use std::sync::atomic::{AtomicU32, Ordering};

use newsgraph_core::*;
use newsgraph_store::*;

// ---------------------------------------------------------------------------------------
// Backends

fn with_sqlite(check: fn(&mut dyn Store)) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested").join("test.db");
    let mut store = open_sqlite(&path).expect("open sqlite");
    check(&mut store);
    drop(store);
    // Reopening runs no migration twice and keeps the data.
    let mut again = open_sqlite(&path).expect("reopen sqlite");
    assert_eq!(again.migrations().expect("migrations").len(), 1);
}

fn postgres_url() -> String {
    std::env::var("NEWSGRAPH_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

static SCHEMA: AtomicU32 = AtomicU32::new(0);

fn with_postgres(check: fn(&mut dyn Store)) {
    let url = postgres_url();
    let schema = format!(
        "ng_test_{}_{}",
        std::process::id(),
        SCHEMA.fetch_add(1, Ordering::SeqCst)
    );
    let mut store = match open_postgres(&url, Some(&schema)) {
        Ok(store) => store,
        Err(error) => {
            if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
                panic!("PostgreSQL at {url} is required in CI: {error}");
            }
            eprintln!("notice: skipping a PostgreSQL test, server not reachable at {url}: {error}");
            return;
        }
    };
    struct Cleanup(String, String);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            let _ = drop_postgres_schema(&self.0, &self.1);
        }
    }
    let _cleanup = Cleanup(url.clone(), schema.clone());
    check(&mut store);
    drop(store);
    let mut again = open_postgres(&url, Some(&schema)).expect("reopen postgres");
    assert_eq!(again.migrations().expect("migrations").len(), 1);
}

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::with_sqlite(super::$name) })*
        }
        mod postgres {
            $(#[test] fn $name() { super::with_postgres(super::$name) })*
        }
    };
}

both_backends!(
    ingest_is_idempotent,
    entities_merge_across_articles,
    stories_group_articles_and_duplicates,
    events_merge_with_counts,
    search_finds_articles_and_quotes,
    queries_filter,
    input_errors_are_recorded,
    exports_have_their_structure,
);

// ---------------------------------------------------------------------------------------
// Documents written for these tests

/// A document builder: text, entities found by their names in the text.
struct Doc {
    document: Document,
}

impl Doc {
    fn new(text: &str, title: &str, source: &str, date: &str) -> Doc {
        let mut article = Article::from_text(text);
        article.title = Some(title.into());
        article.source = Some(source.into());
        article.published = Some(date.into());
        article.url = Some(format!("https://example.org/{}", &article.id[..8]));
        article.refresh_id();
        article.origin = Some(Origin::new("fixtures.jsonl", Some(1)));
        Doc {
            document: Document::new(article),
        }
    }

    fn span(&self, needle: &str, nth: usize) -> Span {
        let text = &self.document.article.text;
        let start = text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
        Span::new(start, start + needle.len())
    }

    /// An entity with a mention for each given form (each found in the text).
    fn entity(mut self, name: &str, t: EntityType, forms: &[&str]) -> Doc {
        let index = self.document.entities.len();
        let mut mentions = Vec::new();
        let mut aliases = Vec::new();
        for form in forms {
            let span = self.span(form, 0);
            mentions.push(self.document.mentions.len());
            self.document.mentions.push(Mention {
                span,
                sentence: 0,
                text: form.to_string(),
                entity_type: t,
                entity: Some(index),
                confidence: 0.9,
            });
            if *form != name && !aliases.contains(&form.to_string()) {
                aliases.push(form.to_string());
            }
        }
        self.document.entities.push(Entity {
            index,
            name: name.into(),
            entity_type: t,
            aliases,
            mentions,
            descriptors: Vec::new(),
        });
        self
    }

    fn quote(mut self, content: &str, speaker: Option<usize>, cue: &str) -> Doc {
        let content_span = self.span(content, 0);
        let cue = self.span(cue, 0);
        self.document.quotes.push(Quote {
            kind: QuoteKind::Direct,
            content: content_span,
            content_text: content.into(),
            cue: Some(cue),
            source: None,
            speaker,
            speaker_resolution: if speaker.is_some() {
                SpeakerResolution::Named
            } else {
                SpeakerResolution::None
            },
            sentences: (0, 0),
            sourcing: None,
            confidence: 0.8,
        });
        self
    }

    fn place(mut self, text: &str, country: &str, lat: f64, lon: f64) -> Doc {
        let span = self.span(text, 0);
        self.document.places.push(Place {
            span,
            sentence: 0,
            text: text.into(),
            role: PlaceRole::Toponym,
            geonames_id: None,
            name: Some(text.into()),
            feature: Some("P.PPLC".into()),
            country_alpha2: Some(country[..2].into()),
            country_alpha3: Some(country.into()),
            admin1: None,
            lat: Some(lat),
            lon: Some(lon),
            confidence: 0.9,
        });
        self
    }

    fn time(mut self, text: &str, value: &str) -> Doc {
        let span = self.span(text, 0);
        self.document.times.push(TimeExpression {
            span,
            sentence: 0,
            text: text.into(),
            time_type: TimeType::Date,
            value: Some(value.into()),
            anchor: None,
        });
        self
    }

    /// An event between two entities (by index), at place 0 and time 0 when present.
    fn event(
        mut self,
        kind: &str,
        cameo: &str,
        trigger: &str,
        source: usize,
        target: usize,
    ) -> Doc {
        let trigger = self.span(trigger, 0);
        let actor = |d: &Document, i: usize, country: &str, sector: &str| Actor {
            span: d.mentions[d.entities[i].mentions[0]].span,
            text: d.entities[i].name.clone(),
            entity: Some(i),
            country: Some(country.into()),
            sectors: vec![sector.into()],
        };
        let source = actor(&self.document, source, "NGA", "MIL");
        let target = actor(&self.document, target, "TCD", "GOV");
        let evidence = Span::new(0, self.document.article.text.len());
        self.document.events.push(Event {
            event_type: kind.into(),
            cameo: Some(cameo.into()),
            mode: EventMode::Asserted,
            source: Some(source),
            target: Some(target),
            place: (!self.document.places.is_empty()).then_some(0),
            time: (!self.document.times.is_empty()).then_some(0),
            trigger,
            evidence,
            sentence: 0,
            intensity: -7.0,
            quad_class: QuadClass::VerbalConflict,
            confidence: 0.7,
            quote: None,
        });
        self
    }

    fn duplicate_of(mut self, original: &Document) -> Doc {
        self.document.article.duplicate_of = Some(DuplicateLink {
            id: original.article.id.clone(),
            kind: DuplicateKind::Near,
            similarity: 0.93,
        });
        self
    }

    fn done(mut self) -> Document {
        self.document.layers = vec!["text".into(), "ner".into()];
        self.document
    }
}

const CHAD_1: &str = "General Musa Okafor threatened military intervention in Chad on Sunday, \
    speaking in Abuja. \"We will not stand by while N'Djamena burns,\" Okafor said. \
    The Economic Community of West African States backed the general's warning.";
const CHAD_2: &str = "Okafor repeated the threat of intervention in Chad at a summit in Abuja, \
    where ECOWAS leaders met. \"The junta has one week,\" Okafor told reporters.";
const CHAD_WIRE: &str = "General Musa Okafor threatened military intervention in Chad on Sunday, \
    speaking in Abuja, officials said. The Economic Community of West African States backed him.";
const RATES: &str = "The Bank of England raised interest rates to 4.5 percent on Thursday. \
    Governor Andrew Bailey said inflation remained too high. \"Prices are still rising,\" Bailey said.";
const CHELSEA: &str = "Chelsea beat Arsenal two-nil at Stamford Bridge on Saturday. \
    Striker Cole Palmer scored twice. Okafor, a fan from Lagos, celebrated.";

fn chad_1() -> Document {
    Doc::new(
        CHAD_1,
        "Okafor threatens intervention in Chad",
        "Example Wire",
        "2026-03-15",
    )
    .entity(
        "General Musa Okafor",
        EntityType::Person,
        &["General Musa Okafor", "Okafor"],
    )
    .entity("Chad", EntityType::Loc, &["Chad"])
    .entity(
        "Economic Community of West African States",
        EntityType::Org,
        &["Economic Community of West African States"],
    )
    .quote(
        "We will not stand by while N'Djamena burns,",
        Some(0),
        "said",
    )
    .place("Abuja", "NGA", 9.06, 7.49)
    .time("Sunday", "2026-03-15")
    .event("THREATEN", "138", "threatened", 0, 1)
    .done()
}

fn chad_2() -> Document {
    Doc::new(
        CHAD_2,
        "Okafor gives Chad junta a week",
        "Daily Planet",
        "2026-03-16",
    )
    .entity("Okafor", EntityType::Person, &["Okafor"])
    .entity("Chad", EntityType::Loc, &["Chad"])
    .entity("ECOWAS", EntityType::Org, &["ECOWAS"])
    .quote("The junta has one week,", Some(0), "told")
    .place("Abuja", "NGA", 9.06, 7.49)
    .event("THREATEN", "138", "threat", 0, 1)
    .done()
}

fn chad_wire(original: &Document) -> Document {
    Doc::new(
        CHAD_WIRE,
        "Nigerian general threatens Chad",
        "Morning Post",
        "2026-03-15",
    )
    .entity(
        "General Musa Okafor",
        EntityType::Person,
        &["General Musa Okafor"],
    )
    .entity("Chad", EntityType::Loc, &["Chad"])
    .place("Abuja", "NGA", 9.06, 7.49)
    .time("Sunday", "2026-03-15")
    .event("THREATEN", "138", "threatened", 0, 1)
    .duplicate_of(original)
    .done()
}

fn rates() -> Document {
    Doc::new(
        RATES,
        "Bank of England raises rates",
        "City Desk",
        "2026-03-16",
    )
    .entity("Bank of England", EntityType::Org, &["Bank of England"])
    .entity(
        "Andrew Bailey",
        EntityType::Person,
        &["Andrew Bailey", "Bailey"],
    )
    .quote("Prices are still rising,", Some(1), "said")
    .done()
}

fn chelsea() -> Document {
    Doc::new(
        CHELSEA,
        "Chelsea beat Arsenal",
        "Sports Daily",
        "2026-03-14",
    )
    .entity("Chelsea", EntityType::Org, &["Chelsea"])
    .entity("Arsenal", EntityType::Org, &["Arsenal"])
    .entity("Cole Palmer", EntityType::Person, &["Cole Palmer"])
    .entity("Okafor", EntityType::Person, &["Okafor"])
    .done()
}

/// The five articles, in ingest order.
fn corpus() -> Vec<Document> {
    let first = chad_1();
    let wire = chad_wire(&first);
    vec![first, chad_2(), wire, rates(), chelsea()]
}

fn errors() -> Vec<InputError> {
    vec![
        InputError::new(
            "bad.jsonl",
            Some(3),
            InputErrorKind::MalformedJson,
            "malformed JSON: expected value",
        ),
        InputError::new(
            "image.png",
            None,
            InputErrorKind::Binary,
            "binary file (NUL byte at offset 12)",
        ),
    ]
}

fn load(store: &mut dyn Store) -> IngestReport {
    let documents = corpus();
    let mut report = store.ingest(&documents[..2], &[]).expect("ingest");
    report += store.ingest(&documents[2..], &errors()).expect("ingest");
    report
}

// ---------------------------------------------------------------------------------------
// Checks

fn ingest_is_idempotent(store: &mut dyn Store) {
    let first = load(store);
    assert_eq!(first.articles_added, 5);
    assert_eq!(first.errors_added, 2);
    let counts = store.counts().expect("counts");
    assert_eq!(counts.articles, 5);
    assert_eq!(counts.documents, 5);
    assert_eq!(counts.entities, 14);
    assert_eq!(counts.quotes, 3);
    assert_eq!(counts.events, 3);
    assert_eq!(counts.input_errors, 2);
    assert_eq!(first.rows_added, counts.total());

    // Again, whole and in other batches: nothing added.
    let again = load(store);
    assert_eq!(again.articles_added, 0);
    assert_eq!(again.already_stored, 5);
    assert_eq!(again.rows_added, 0);
    let documents = corpus();
    let report = store.ingest(&documents, &errors()).expect("ingest");
    assert_eq!(report.rows_added, 0);
    assert_eq!(store.counts().expect("counts"), counts);

    // A batch repeating an article stores it once.
    let doubled = vec![rates(), rates()];
    assert_eq!(store.ingest(&doubled, &[]).expect("ingest").rows_added, 0);

    // What went in comes out.
    let stored = store
        .document(&documents[0].article.id)
        .expect("read")
        .expect("stored");
    assert_eq!(stored, documents[0]);
    let all = store.documents(0, 100).expect("documents");
    assert_eq!(all.len(), 5);
    assert_eq!(all[3].1.article.id, documents[3].article.id);
    let known = store
        .known_articles(&[documents[1].article.id.clone(), "0".repeat(32)])
        .expect("known");
    assert_eq!(known.len(), 1);
    assert!(store.document("nope").expect("read").is_none());
}

fn entity_named<'a>(entities: &'a [EntitySummary], name: &str) -> &'a EntitySummary {
    entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name} in {entities:?}"))
}

fn entities_merge_across_articles(store: &mut dyn Store) {
    load(store);
    // "General Musa Okafor" (chad 1, wire) and the bare "Okafor" of the same story (chad 2)
    // are one person; the Okafor of the football report is another story's, kept apart.
    let found = store
        .find_entities("Okafor", Page::default())
        .expect("find");
    let general = entity_named(&found, "General Musa Okafor");
    assert_eq!(general.entity_type, "PERSON");
    assert_eq!(general.articles, 3);
    assert_eq!(general.mentions, 4);
    assert!(general.aliases.contains(&"Okafor".to_string()));
    let okafors: Vec<&EntitySummary> = found.iter().filter(|e| e.name.contains("Okafor")).collect();
    assert_eq!(okafors.len(), 2, "{found:?}");

    // Name variants: "Musa Okafor" finds the general.
    let by_full = store
        .find_entities("musa okafor", Page::default())
        .expect("find");
    assert_eq!(by_full[0].id, general.id);

    // Chad, the place, across the three Chad articles.
    let chad = store.find_entities("Chad", Page::default()).expect("find");
    assert_eq!(chad[0].articles, 3);
    assert_eq!(chad[0].entity_type, "LOC");

    let detail = store.entity(general.id).expect("entity").expect("exists");
    assert_eq!(detail.articles.len(), 3);
    assert_eq!(detail.quotes.len(), 2);
    assert_eq!(detail.events.len(), 3);
    assert!(detail
        .cooccurring
        .iter()
        .any(|(e, n)| e.name == "Chad" && *n == 3));
    assert!(store.entity(999_999).expect("entity").is_none());

    let listed = store.list_entities(Page::first(100)).expect("list");
    assert_eq!(
        listed.len() as u64,
        store.counts().expect("counts").resolved_entities
    );
    assert_eq!(listed[0].id, general.id);
}

fn stories_group_articles_and_duplicates(store: &mut dyn Store) {
    load(store);
    let documents = corpus();
    let story_of = |store: &mut dyn Store, d: &Document| {
        store
            .article(&d.article.id)
            .expect("article")
            .expect("stored")
            .story
            .expect("story")
    };
    let chad = story_of(store, &documents[0]);
    assert_eq!(story_of(store, &documents[1]), chad);
    assert_eq!(
        story_of(store, &documents[2]),
        chad,
        "the wire copy joins its original"
    );
    assert_ne!(story_of(store, &documents[3]), chad);
    assert_ne!(story_of(store, &documents[4]), chad);
    let stories = store.stories(&StoryFilter::default()).expect("stories");
    assert_eq!(stories.len(), 3);
    assert_eq!(stories[0].id, chad);
    assert_eq!(stories[0].articles, 3);
    assert_eq!(stories[0].label, "Okafor threatens intervention in Chad");
    assert_eq!(stories[0].first.as_deref(), Some("2026-03-15"));
    assert_eq!(stories[0].last.as_deref(), Some("2026-03-16"));
    assert!(
        stories[0].terms.iter().any(|t| t == "intervention"),
        "{:?}",
        stories[0].terms
    );
    let members = store
        .story_articles(chad, Page::default())
        .expect("members");
    assert_eq!(members.len(), 3);
    assert_eq!(members[2].published.as_deref(), Some("2026-03-16"));
    let big = StoryFilter {
        min_articles: 2,
        ..StoryFilter::default()
    };
    assert_eq!(store.stories(&big).expect("stories").len(), 1);
    let late = StoryFilter {
        since: Some("2026-03-16".into()),
        ..StoryFilter::default()
    };
    assert_eq!(store.stories(&late).expect("stories").len(), 2);
    let one = StoryFilter {
        id: Some(chad),
        ..StoryFilter::default()
    };
    let found = store.stories(&one).expect("stories");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, chad);
    assert_eq!(found[0].articles, 3);
}

fn events_merge_with_counts(store: &mut dyn Store) {
    load(store);
    let merged = store
        .merged_events(&EventFilter::default())
        .expect("events");
    // Three reports of one threat: two outlets of their own, plus a wire copy of the first.
    assert_eq!(merged.len(), 1, "{merged:?}");
    let event = &merged[0];
    assert_eq!(event.num_mentions, 3);
    assert_eq!(event.num_articles, 3);
    assert_eq!(event.num_sources, 2);
    assert_eq!(event.event_type, "THREATEN");
    assert_eq!(event.date.as_deref(), Some("2026-03-15"));
    assert_eq!(event.source.as_deref(), Some("General Musa Okafor"));
    assert_eq!(store.counts().expect("counts").event_clusters, 1);
    let reports = store.events(&EventFilter::default()).expect("events");
    assert_eq!(reports.len(), 3);
    assert!(reports.iter().all(|r| r.cluster == event.cluster));
}

fn search_finds_articles_and_quotes(store: &mut dyn Store) {
    load(store);
    let hits = store
        .search(&SearchQuery::new("interest rates"))
        .expect("search");
    let articles: Vec<&SearchHit> = hits.iter().filter(|h| h.kind == HitKind::Article).collect();
    assert_eq!(articles.len(), 1);
    assert_eq!(
        articles[0].article.title.as_deref(),
        Some("Bank of England raises rates")
    );
    assert!(articles[0].snippet.contains('['), "{}", articles[0].snippet);

    let hits = store
        .search(&SearchQuery::new("junta week"))
        .expect("search");
    let quotes: Vec<&SearchHit> = hits.iter().filter(|h| h.kind == HitKind::Quote).collect();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].quote, Some(0));
    assert_eq!(quotes[0].speaker.as_deref(), Some("Okafor"));

    // Stemming: "threatens" finds "threatened"; odd syntax is no error.
    let hits = store
        .search(&SearchQuery::new("threatens"))
        .expect("search");
    assert!(hits.len() >= 2);
    for odd in [
        "\"unbalanced",
        "NEAR(",
        "*",
        "a:b",
        "'); DROP TABLE articles; --",
    ] {
        store
            .search(&SearchQuery::new(odd))
            .expect("odd query is no error");
    }
    assert_eq!(store.counts().expect("counts").articles, 5);
}

fn queries_filter(store: &mut dyn Store) {
    load(store);
    let events =
        |store: &mut dyn Store, filter: EventFilter| store.events(&filter).expect("events").len();
    assert_eq!(
        events(
            store,
            EventFilter {
                actor: Some("okafor".into()),
                ..Default::default()
            }
        ),
        3
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                actor: Some("TCD".into()),
                ..Default::default()
            }
        ),
        3
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                actor: Some("Bailey".into()),
                ..Default::default()
            }
        ),
        0
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                event_type: Some("threaten".into()),
                ..Default::default()
            }
        ),
        3
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                event_type: Some("13".into()),
                ..Default::default()
            }
        ),
        3
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                event_type: Some("PROTEST".into()),
                ..Default::default()
            }
        ),
        0
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                since: Some("2026-03-16".into()),
                ..Default::default()
            }
        ),
        1
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                until: Some("2026-03-15".into()),
                ..Default::default()
            }
        ),
        2
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                place: Some("abuja".into()),
                ..Default::default()
            }
        ),
        3
    );
    assert_eq!(
        events(
            store,
            EventFilter {
                place: Some("Lagos".into()),
                ..Default::default()
            }
        ),
        0
    );
    let bad = EventFilter {
        since: Some("last week".into()),
        ..Default::default()
    };
    assert!(store.events(&bad).is_err());
    let page = EventFilter {
        page: Page {
            limit: 2,
            offset: 2,
        },
        ..Default::default()
    };
    assert_eq!(events(store, page), 1);

    let quotes = store
        .quotes(&QuoteFilter {
            speaker: Some("Bailey".into()),
            ..Default::default()
        })
        .expect("quotes");
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].content, "Prices are still rising,");
    assert_eq!(quotes[0].speaker.as_deref(), Some("Andrew Bailey"));
    let okafor = store
        .quotes(&QuoteFilter {
            speaker: Some("musa okafor".into()),
            ..Default::default()
        })
        .expect("quotes");
    assert_eq!(
        okafor.len(),
        2,
        "quotes of the general, under either name: {okafor:?}"
    );
    assert_eq!(
        store.quotes(&QuoteFilter::default()).expect("quotes").len(),
        3
    );
}

fn input_errors_are_recorded(store: &mut dyn Store) {
    load(store);
    let errors = store.input_errors(Page::default()).expect("errors");
    assert_eq!(errors.len(), 2);
    let bad = errors
        .iter()
        .find(|e| e.input == "bad.jsonl")
        .expect("bad.jsonl");
    assert_eq!(bad.line, Some(3));
    assert_eq!(bad.kind, InputErrorKind::MalformedJson);
    let png = errors
        .iter()
        .find(|e| e.input == "image.png")
        .expect("image.png");
    assert_eq!(png.line, None);
    assert!(png.reason.contains("NUL byte"));
}

fn exported(store: &mut dyn Store, format: ExportFormat, table: CsvTable) -> (u64, String) {
    let mut out = Vec::new();
    let options = ExportOptions {
        format,
        table,
        min_weight: 1,
    };
    let n = export(store, &options, &mut out).expect("export");
    (n, String::from_utf8(out).expect("UTF-8"))
}

fn exports_have_their_structure(store: &mut dyn Store) {
    load(store);
    // JSONL: one stored document per line, in ingest order.
    let (n, jsonl) = exported(store, ExportFormat::Jsonl, CsvTable::Articles);
    assert_eq!(n, 5);
    let docs: Vec<Document> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("document"))
        .collect();
    assert_eq!(docs, corpus());

    // CSV: a header and a row per record; quoted fields survive commas and quotes.
    let (n, csv) = exported(store, ExportFormat::Csv, CsvTable::Quotes);
    assert_eq!(n, 3);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("article_id,index,kind,speaker"));
    assert!(lines
        .iter()
        .any(|l| l.contains("\"We will not stand by while N'Djamena burns,\"")));
    for table in [
        CsvTable::Articles,
        CsvTable::Entities,
        CsvTable::Events,
        CsvTable::Stories,
    ] {
        let (n, csv) = exported(store, ExportFormat::Csv, table);
        assert!(n > 0);
        assert_eq!(
            csv.split("\r\n").filter(|l| !l.is_empty()).count() as u64,
            n + 1
        );
    }

    // GDELT 2.0 events: one row per merged event, 61 tab-separated fields.
    let (n, gdelt) = exported(store, ExportFormat::GdeltEvents, CsvTable::Articles);
    assert_eq!(n, 1);
    let fields: Vec<&str> = gdelt.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields.len(), 61);
    assert_eq!(fields[1], "20260315"); // SQLDATE
    assert_eq!(fields[2], "202603"); // MonthYear
    assert_eq!(fields[5], "NGAMIL"); // Actor1Code
    assert_eq!(fields[6], "GENERAL MUSA OKAFOR"); // Actor1Name
    assert_eq!(fields[7], "NGA"); // Actor1CountryCode
    assert_eq!(fields[15], "TCDGOV"); // Actor2Code
    assert_eq!(fields[26], "138"); // EventCode
    assert_eq!(fields[28], "13"); // EventRootCode
    assert_eq!(fields[29], "3"); // QuadClass
    assert_eq!(fields[30], "-7.0"); // GoldsteinScale
    assert_eq!((fields[31], fields[32], fields[33]), ("3", "2", "3")); // mentions, sources, articles
    assert_eq!(fields[52], "Abuja"); // ActionGeo_FullName
    assert_eq!(fields[56], "9.06"); // ActionGeo_Lat
    assert!(fields[60].starts_with("https://example.org/")); // SOURCEURL

    // GKG 2.1: one row per article, 27 fields.
    let (n, gkg) = exported(store, ExportFormat::Gkg, CsvTable::Articles);
    assert_eq!(n, 5);
    let first: Vec<&str> = gkg.lines().next().expect("row").split('\t').collect();
    assert_eq!(first.len(), 27);
    assert_eq!(first[1], "20260315000000");
    assert_eq!(first[11], "General Musa Okafor"); // V1PERSONS
    assert!(first[12].starts_with("General Musa Okafor,0;")); // V2ENHANCEDPERSONS
    assert_eq!(first[13], "Economic Community of West African States"); // V1ORGANIZATIONS
    assert!(first[9].starts_with("4#Abuja#NG#")); // V1LOCATIONS
    assert!(first[22].contains("|We will not stand by")); // V2.1QUOTATIONS

    // PLOVER: one JSON object per event report.
    let (n, plover) = exported(store, ExportFormat::Plover, CsvTable::Articles);
    assert_eq!(n, 3);
    for line in plover.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        assert_eq!(v["event_type"], "THREATEN");
        assert_eq!(v["source_actor"]["country"], "NGA");
        assert_eq!(v["num_sources"], 2);
    }

    // The actor network: people and organisations named together (co-occurrence), and
    // event edges between actors (the general threatening Chad).
    let (_, graphml) = exported(store, ExportFormat::Graphml, CsvTable::Articles);
    assert!(graphml.starts_with("<?xml"));
    assert!(graphml.contains("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
    assert!(graphml.contains("<data key=\"name\">General Musa Okafor</data>"));
    assert!(graphml.contains("<data key=\"kind\">cooccurrence</data>"));
    assert!(graphml.trim_end().ends_with("</graphml>"));
    assert_eq!(
        graphml.matches("<node ").count(),
        graphml.matches("</node>").count()
    );
    let (_, gexf) = exported(store, ExportFormat::Gexf, CsvTable::Articles);
    assert!(gexf.contains("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">"));
    assert!(gexf.contains("label=\"General Musa Okafor\""));
    assert!(gexf.trim_end().ends_with("</gexf>"));
    let network = store.network(1).expect("network");
    assert_eq!(gexf.matches("<node ").count(), network.nodes.len());
    assert_eq!(gexf.matches("<edge ").count(), network.edges.len());
    let threat: Vec<&NetworkEdge> = network.edges.iter().filter(|e| e.kind == "event").collect();
    assert_eq!(threat.len(), 1);
    assert_eq!(threat[0].label.as_deref(), Some("THREATEN"));
    assert_eq!(threat[0].weight, 1);
    assert!(gexf.contains("type=\"directed\""));
    assert!(network.edges.iter().any(|e| e.kind == "cooccurrence"));
}
