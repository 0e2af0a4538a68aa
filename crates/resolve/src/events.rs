//! Events deduplicated across articles, with GDELT-style corroboration counts.
//!
//! Two reports describe the same event when they have the same type, the same source and
//! target actors, dates at most one day apart and the same place (an unknown date or place
//! matches any). Each merged event counts, as GDELT 2.0 does:
//!
//! * `NumMentions`: every report of it (an article mentioning it twice counts twice);
//! * `NumArticles`: distinct articles;
//! * `NumSources`: distinct sources — and, unlike GDELT, wire copies count as one: an article
//!   that is a duplicate of another (`article.duplicate_of`) counts as its original's source,
//!   so one agency story reprinted by ten outlets is one source, not ten.

use std::collections::{BTreeMap, BTreeSet};

use newsgraph_core::{Actor, Document, Event};
use serde::{Deserialize, Serialize};

use crate::names::{entity_key, normalize};

/// What identifies an event across articles.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventKey {
    pub event_type: String,
    /// Actor keys: the entity key when the actor is a named entity, else its country and
    /// sectors ("SDN GOV MIL"), else its normalised text; empty when absent.
    pub source: String,
    pub target: String,
    /// Place key: `geonames:ID`, else the normalised place name; empty when unknown.
    pub place: String,
    /// Days since 1970-01-01 of the event's date (its time expression, else the article's
    /// publication date).
    pub day: Option<i64>,
}

impl EventKey {
    /// Whether two keys denote the same event.
    pub fn matches(&self, other: &EventKey) -> bool {
        self.event_type == other.event_type
            && self.source == other.source
            && self.target == other.target
            && (self.place.is_empty() || other.place.is_empty() || self.place == other.place)
            && match (self.day, other.day) {
                (Some(a), Some(b)) => (a - b).abs() <= 1,
                _ => true,
            }
    }
}

/// The key of an actor of an event of `document`.
pub fn actor_key(document: &Document, actor: Option<&Actor>) -> String {
    let Some(actor) = actor else {
        return String::new();
    };
    if let Some(entity) = actor.entity.and_then(|i| document.entities.get(i)) {
        let key = entity_key(&entity.name, entity.entity_type);
        if !key.is_empty() {
            return key;
        }
    }
    if actor.country.is_some() || !actor.sectors.is_empty() {
        let mut parts: Vec<&str> = actor.country.iter().map(String::as_str).collect();
        parts.extend(actor.sectors.iter().map(String::as_str));
        return parts.join(" ");
    }
    normalize(&actor.text)
}

/// The cross-article key of an event of `document`, its actors keyed by [`actor_key`].
pub fn event_key(document: &Document, event: &Event) -> EventKey {
    event_key_with(document, event, &|actor| actor_key(document, Some(actor)))
}

/// The cross-article key of an event of `document`, its actors keyed by `actor` (the store
/// keys actors that are entities by their cross-article entity, so "Okafor" and "General
/// Musa Okafor" are one actor when resolution merged them).
pub fn event_key_with(
    document: &Document,
    event: &Event,
    actor: &dyn Fn(&Actor) -> String,
) -> EventKey {
    let place = event
        .place
        .and_then(|i| document.places.get(i))
        .map(|p| match p.geonames_id {
            Some(id) => format!("geonames:{id}"),
            None => normalize(p.name.as_deref().unwrap_or(&p.text)),
        })
        .unwrap_or_default();
    let day = event
        .time
        .and_then(|i| document.times.get(i))
        .and_then(|t| t.value.as_deref())
        .and_then(crate::day_number)
        .or_else(|| {
            document
                .article
                .published
                .as_deref()
                .and_then(crate::day_number)
        });
    EventKey {
        event_type: event.event_type.clone(),
        source: event.source.as_ref().map(actor).unwrap_or_default(),
        target: event.target.as_ref().map(actor).unwrap_or_default(),
        place,
        day,
    }
}

/// The source an article counts as: its outlet — or, for a duplicate, its original's (when
/// the original is known, else the original's id), so wire copies are one source.
pub fn source_key(
    article_id: &str,
    outlet: Option<&str>,
    duplicate_of: Option<&str>,
    outlet_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    match duplicate_of {
        Some(original) => outlet_of(original)
            .map(|o| normalize(&o))
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| format!("article:{original}")),
        None => outlet
            .map(normalize)
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| format!("article:{article_id}")),
    }
}

/// One report of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventReport {
    pub key: EventKey,
    pub article: String,
    /// From [`source_key`].
    pub source: String,
}

/// One event after deduplication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedEvent {
    /// The key of its first report.
    pub key: EventKey,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    pub num_mentions: u64,
    pub articles: BTreeSet<String>,
    pub sources: BTreeSet<String>,
}

impl MergedEvent {
    pub fn num_articles(&self) -> u64 {
        self.articles.len() as u64
    }

    pub fn num_sources(&self) -> u64 {
        self.sources.len() as u64
    }

    fn accepts(&self, key: &EventKey) -> bool {
        cluster_accepts(&self.key, self.first_day, self.last_day, key)
    }
}

/// Whether a report with `key` belongs to a merged event whose first report had `cluster`
/// as key and whose reports are dated `first_day` to `last_day`: same type, actors and
/// place (an unknown place matches any), and a date within a day of the event's dates.
pub fn cluster_accepts(
    cluster: &EventKey,
    first_day: Option<i64>,
    last_day: Option<i64>,
    key: &EventKey,
) -> bool {
    let near = match (key.day, first_day, last_day) {
        (Some(d), Some(first), Some(last)) => d >= first - 1 && d <= last + 1,
        _ => true,
    };
    let mut probe = cluster.clone();
    probe.day = None;
    near && probe.matches(key)
}

/// Merges reports into events, in the order they come.
#[derive(Debug, Clone, Default)]
pub struct EventDeduper {
    events: Vec<MergedEvent>,
    by_type: BTreeMap<(String, String, String), Vec<usize>>,
}

impl EventDeduper {
    pub fn new() -> Self {
        EventDeduper::default()
    }

    /// Add a report; returns the index of the event it was merged into.
    pub fn add(&mut self, report: EventReport) -> usize {
        let bucket = (
            report.key.event_type.clone(),
            report.key.source.clone(),
            report.key.target.clone(),
        );
        let found = self.by_type.get(&bucket).and_then(|ids| {
            ids.iter()
                .copied()
                .find(|&i| self.events[i].accepts(&report.key))
        });
        let index = match found {
            Some(i) => i,
            None => {
                self.events.push(MergedEvent {
                    key: report.key.clone(),
                    first_day: None,
                    last_day: None,
                    num_mentions: 0,
                    articles: BTreeSet::new(),
                    sources: BTreeSet::new(),
                });
                let i = self.events.len() - 1;
                self.by_type.entry(bucket).or_default().push(i);
                i
            }
        };
        let event = &mut self.events[index];
        event.num_mentions += 1;
        event.articles.insert(report.article);
        event.sources.insert(report.source);
        if let Some(day) = report.key.day {
            event.first_day = Some(event.first_day.map_or(day, |d| d.min(day)));
            event.last_day = Some(event.last_day.map_or(day, |d| d.max(day)));
        }
        if event.key.place.is_empty() && !report.key.place.is_empty() {
            event.key.place = report.key.place;
        }
        index
    }

    pub fn events(&self) -> &[MergedEvent] {
        &self.events
    }
}

/// Deduplicate the events of a set of documents: every event of every document, in order.
/// Wire copies are recognised through `article.duplicate_of` among these documents.
pub fn dedup_documents(documents: &[Document]) -> Vec<MergedEvent> {
    let outlets: BTreeMap<&str, Option<&str>> = documents
        .iter()
        .map(|d| (d.article.id.as_str(), d.article.source.as_deref()))
        .collect();
    let outlet_of = |id: &str| outlets.get(id).copied().flatten().map(str::to_string);
    let mut deduper = EventDeduper::new();
    for document in documents {
        let article = &document.article;
        let source = source_key(
            &article.id,
            article.source.as_deref(),
            article.duplicate_of.as_ref().map(|d| d.id.as_str()),
            &outlet_of,
        );
        for event in &document.events {
            deduper.add(EventReport {
                key: event_key(document, event),
                article: article.id.clone(),
                source: source.clone(),
            });
        }
    }
    deduper.events
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_core::{
        Article, DuplicateKind, DuplicateLink, EntityType, EventMode, Place, PlaceRole, QuadClass,
        Span, TimeExpression, TimeType,
    };

    fn actor(country: &str, sector: &str) -> Actor {
        Actor {
            span: Span::new(0, 4),
            text: "they".into(),
            entity: None,
            country: Some(country.into()),
            sectors: vec![sector.into()],
        }
    }

    /// A document from `source` published on `date`, with one event of `kind` between
    /// `source_country` and `target_country` at `place`, dated by a time expression `when`.
    fn document(
        text: &str,
        source: &str,
        date: &str,
        kind: &str,
        actors: (&str, &str),
        place: Option<&str>,
        when: Option<&str>,
    ) -> Document {
        let mut article = Article::from_text(text);
        article.source = Some(source.into());
        article.published = Some(date.into());
        let mut document = Document::new(article);
        if let Some(place) = place {
            document.places.push(Place {
                span: Span::new(0, 4),
                sentence: 0,
                text: place.into(),
                role: PlaceRole::Toponym,
                geonames_id: None,
                name: None,
                feature: None,
                country_alpha2: None,
                country_alpha3: None,
                admin1: None,
                lat: None,
                lon: None,
                confidence: 1.0,
            });
        }
        if let Some(when) = when {
            document.times.push(TimeExpression {
                span: Span::new(0, 4),
                sentence: 0,
                text: when.into(),
                time_type: TimeType::Date,
                value: Some(when.into()),
                anchor: None,
            });
        }
        document.events.push(Event {
            event_type: kind.into(),
            cameo: None,
            mode: EventMode::Asserted,
            source: Some(actor(actors.0, "GOV")),
            target: Some(actor(actors.1, "MIL")),
            place: place.map(|_| 0),
            time: when.map(|_| 0),
            trigger: Span::new(0, 4),
            evidence: Span::new(0, 4),
            sentence: 0,
            intensity: -6.0,
            quad_class: QuadClass::VerbalConflict,
            confidence: 0.9,
            quote: None,
        });
        document
    }

    #[test]
    fn reports_of_one_event_merge_with_counts() {
        let a = document(
            "Text a one.",
            "Reuters",
            "2026-03-15",
            "THREATEN",
            ("NGA", "TCD"),
            Some("N'Djamena"),
            None,
        );
        let b = document(
            "Text b two.",
            "BBC",
            "2026-03-16",
            "THREATEN",
            ("NGA", "TCD"),
            Some("N'Djamena"),
            None,
        );
        // Same event, dated a day later by its own time expression, place unknown.
        let c = document(
            "Text c three.",
            "Le Monde",
            "2026-03-20",
            "THREATEN",
            ("NGA", "TCD"),
            None,
            Some("2026-03-17"),
        );
        let merged = dedup_documents(&[a, b, c]);
        assert_eq!(merged.len(), 1);
        let event = &merged[0];
        assert_eq!(event.num_mentions, 3);
        assert_eq!(event.num_articles(), 3);
        assert_eq!(event.num_sources(), 3);
        assert_eq!(event.key.place, "ndjamena");
    }

    #[test]
    fn type_actors_dates_and_places_keep_events_apart() {
        let base = document(
            "Base text.",
            "Reuters",
            "2026-03-15",
            "THREATEN",
            ("NGA", "TCD"),
            Some("Abuja"),
            None,
        );
        let other_type = document(
            "Other type.",
            "BBC",
            "2026-03-15",
            "ASSAULT",
            ("NGA", "TCD"),
            Some("Abuja"),
            None,
        );
        let swapped = document(
            "Swapped.",
            "BBC",
            "2026-03-15",
            "THREATEN",
            ("TCD", "NGA"),
            Some("Abuja"),
            None,
        );
        let later = document(
            "Later.",
            "BBC",
            "2026-03-17",
            "THREATEN",
            ("NGA", "TCD"),
            Some("Abuja"),
            None,
        );
        let elsewhere = document(
            "Elsewhere.",
            "BBC",
            "2026-03-15",
            "THREATEN",
            ("NGA", "TCD"),
            Some("Lagos"),
            None,
        );
        let merged = dedup_documents(&[base, other_type, swapped, later, elsewhere]);
        assert_eq!(merged.len(), 5);
        assert!(merged.iter().all(|e| e.num_mentions == 1));
    }

    #[test]
    fn wire_copies_count_as_one_source() {
        let original = document(
            "Wire story.",
            "AP",
            "2026-03-15",
            "PROTEST",
            ("USA", "USA"),
            None,
            None,
        );
        let mut copies = Vec::new();
        for (i, outlet) in ["Daily A", "Daily B", "Daily C"].iter().enumerate() {
            let mut copy = document(
                &format!("Wire story copy {i}."),
                outlet,
                "2026-03-15",
                "PROTEST",
                ("USA", "USA"),
                None,
                None,
            );
            copy.article.duplicate_of = Some(DuplicateLink {
                id: original.article.id.clone(),
                kind: DuplicateKind::Near,
                similarity: 0.95,
            });
            copies.push(copy);
        }
        let independent = document(
            "Own reporting.",
            "Daily D",
            "2026-03-16",
            "PROTEST",
            ("USA", "USA"),
            None,
            None,
        );
        let mut documents = vec![original];
        documents.extend(copies);
        documents.push(independent);
        let merged = dedup_documents(&documents);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].num_articles(), 5);
        assert_eq!(merged[0].num_mentions, 5);
        // AP (and its three copies) plus Daily D.
        assert_eq!(merged[0].num_sources(), 2);
    }

    #[test]
    fn copies_of_an_unknown_original_share_one_source() {
        let outlet_of = |_: &str| None;
        let a = source_key("x1", Some("Daily A"), Some("orig"), &outlet_of);
        let b = source_key("x2", Some("Daily B"), Some("orig"), &outlet_of);
        assert_eq!(a, b);
        assert_eq!(source_key("x3", None, None, &outlet_of), "article:x3");
    }

    #[test]
    fn named_actors_key_on_their_entity() {
        let mut d = document(
            "Okafor threatened Chad.",
            "X",
            "2026-03-15",
            "THREATEN",
            ("NGA", "TCD"),
            None,
            None,
        );
        d.entities.push(newsgraph_core::Entity {
            index: 0,
            name: "General Musa Okafor".into(),
            entity_type: EntityType::Person,
            aliases: vec![],
            mentions: vec![],
            descriptors: vec![],
        });
        if let Some(source) = d.events[0].source.as_mut() {
            source.entity = Some(0);
        }
        let key = event_key(&d, &d.events[0]);
        assert_eq!(key.source, "musa okafor");
        assert_eq!(key.target, "TCD MIL");
        assert_eq!(key.day, crate::day_number("2026-03-15"));
    }
}
