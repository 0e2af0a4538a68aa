//! What the store's queries take and return: plain serde types, shared by the CLI, the
//! exports and (later) the HTTP API.

use serde::{Deserialize, Serialize};

/// What one [`crate::Store::ingest`] call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Articles stored by this call.
    pub articles_added: u64,
    /// Articles skipped because they were already stored (or repeated in the batch).
    pub already_stored: u64,
    /// Input errors recorded for the first time.
    pub errors_added: u64,
    /// Rows inserted into any table (0 when everything was already there).
    pub rows_added: u64,
    /// Stories opened by this call.
    pub stories_created: u64,
}

impl std::ops::AddAssign for IngestReport {
    fn add_assign(&mut self, other: IngestReport) {
        self.articles_added += other.articles_added;
        self.already_stored += other.already_stored;
        self.errors_added += other.errors_added;
        self.rows_added += other.rows_added;
        self.stories_created += other.stories_created;
    }
}

/// Row counts, table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub articles: u64,
    pub documents: u64,
    pub mentions: u64,
    pub entities: u64,
    pub resolved_entities: u64,
    pub entity_aliases: u64,
    pub quotes: u64,
    pub places: u64,
    pub times: u64,
    pub events: u64,
    pub event_clusters: u64,
    pub stories: u64,
    pub input_errors: u64,
}

impl Counts {
    /// All rows together.
    pub fn total(&self) -> u64 {
        self.articles
            + self.documents
            + self.mentions
            + self.entities
            + self.resolved_entities
            + self.entity_aliases
            + self.quotes
            + self.places
            + self.times
            + self.events
            + self.event_clusters
            + self.stories
            + self.input_errors
    }
}

/// A page of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub limit: u64,
    pub offset: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: 50,
            offset: 0,
        }
    }
}

impl Page {
    pub fn first(limit: u64) -> Self {
        Page { limit, offset: 0 }
    }
}

/// An article's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// Where it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

/// A full-text query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Words (all must occur; `"…"` groups a phrase).
    pub text: String,
    /// Search article texts.
    pub articles: bool,
    /// Search quotes.
    pub quotes: bool,
    pub page: Page,
}

impl SearchQuery {
    pub fn new(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            articles: true,
            quotes: true,
            page: Page::default(),
        }
    }
}

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Article,
    Quote,
}

/// One search hit: an article or a quote, with a snippet (matches in `[…]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: HitKind,
    pub article: ArticleSummary,
    /// The quote's index in its document, for quote hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    pub snippet: String,
    /// Relevance; higher is better (comparable within a backend and kind only).
    pub score: f64,
}

/// A cross-article entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySummary {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    pub mentions: u64,
    pub articles: u64,
    pub aliases: Vec<String>,
}

/// A cross-article entity with what is known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityDetail {
    pub entity: EntitySummary,
    pub articles: Vec<ArticleSummary>,
    pub quotes: Vec<QuoteRow>,
    pub events: Vec<EventRow>,
    /// Entities named in the same articles, with the number of shared articles.
    pub cooccurring: Vec<(EntitySummary, u64)>,
}

/// Event filters; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFilter {
    /// Part of a source or target actor's name, key or country code.
    pub actor: Option<String>,
    /// PLOVER type (`PROTEST`) or CAMEO code prefix (`14`).
    pub event_type: Option<String>,
    /// Earliest date, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Latest date, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Part of the place name, or its country code.
    pub place: Option<String>,
    pub page: Page,
}

/// One event report (or, from [`crate::Store::merged_events`], one merged event shown
/// through its first report), with its merged event's counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub article_id: String,
    pub index: u64,
    #[serde(rename = "type")]
    pub event_type: String,
    pub cameo: Option<String>,
    pub mode: String,
    pub source: Option<String>,
    pub source_country: Option<String>,
    pub source_sectors: Option<String>,
    pub target: Option<String>,
    pub target_country: Option<String>,
    pub target_sectors: Option<String>,
    pub place: Option<String>,
    pub place_country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The event's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub intensity: f64,
    pub quad_class: String,
    pub evidence: String,
    pub confidence: f64,
    /// The merged event (event cluster) and its counts.
    pub cluster: i64,
    pub num_mentions: u64,
    pub num_articles: u64,
    pub num_sources: u64,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

/// Quote filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteFilter {
    /// Part of the speaker's name (the resolved entity's name or aliases, or the source
    /// expression).
    pub speaker: Option<String>,
    /// Only this article's quotes.
    pub article: Option<String>,
    /// Only quotes resolved to this entity.
    pub entity: Option<i64>,
    pub page: Page,
}

/// One quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRow {
    pub article_id: String,
    pub index: u64,
    pub kind: String,
    pub content: String,
    pub speaker: Option<String>,
    pub speaker_entity: Option<i64>,
    /// The source expression as written ("two officials").
    pub source: Option<String>,
    pub cue: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
}

/// Story filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryFilter {
    /// Only this story.
    pub id: Option<i64>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Only stories with at least this many articles.
    pub min_articles: u64,
    pub page: Page,
}

/// One story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: i64,
    pub label: String,
    pub articles: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Its heaviest words.
    pub terms: Vec<String>,
}

/// The actor network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Network {
    pub nodes: Vec<EntitySummary>,
    pub edges: Vec<NetworkEdge>,
}

/// An edge of the actor network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkEdge {
    pub source: i64,
    pub target: i64,
    /// `cooccurrence` (undirected; weight: shared articles) or `event` (directed, source
    /// actor to target actor; weight: merged events).
    pub kind: String,
    /// For event edges, the event types, comma-separated.
    pub label: Option<String>,
    pub weight: u64,
}
