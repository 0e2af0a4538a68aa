//! The newsgraph knowledge store: analysed articles and what was resolved across them, kept
//! for search, queries and exports.
//!
//! One trait, [`Store`], with two backends behind it: SQLite (the embedded default: one
//! file, WAL journal, created on first use) and PostgreSQL (a shared server, for many
//! writers). [`open`] picks by the location: a `postgres://` or `postgresql://` URL, else a
//! file path. Both run the same SQL (written once, with `$1` parameters) over the same
//! schema, created and upgraded by versioned migrations (`migrations/<backend>/NNNN_*.sql`,
//! recorded in `schema_migrations`).
//!
//! # Ingest
//!
//! [`Store::ingest`] takes a batch of analysed documents (and the inputs that failed) and
//! writes it in one transaction: the article, its full analysis JSON, its mentions, entities,
//! quotes, places, times and events as rows, and the cross-article resolution
//! ([`newsgraph_resolve`]): entities merged with known ones, the article's story, events
//! merged with reports of the same event. Articles are keyed by their content id, so
//! ingesting the same article again adds nothing; a batch is all-or-nothing, so a process
//! killed mid-ingest leaves the store as it was after the last whole batch, and running the
//! same ingest again resumes from there with the same result as an uninterrupted run.
//! Writers are serialised (SQLite's write lock; a PostgreSQL advisory lock).

mod export;
mod ingest;
mod postgres;
mod query;
mod sql;
mod sqlite;
mod types;

pub use export::{export, CsvTable, ExportFormat, ExportOptions};
pub use types::*;

use newsgraph_core::{Document, InputError};

/// Where `newsgraph` keeps its store when `--db` is not given: this file in the current
/// directory.
pub const DEFAULT_DB: &str = "newsgraph.db";

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The knowledge store. Implemented by the SQLite and PostgreSQL backends; see the crate
/// documentation for what ingest guarantees.
pub trait Store: Send {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// The migrations applied, as `(version, name)`.
    fn migrations(&mut self) -> Result<Vec<(i64, String)>>;

    /// Which of these article ids are already stored (so a resumed ingest need not analyse
    /// them again).
    fn known_articles(&mut self, ids: &[String]) -> Result<std::collections::HashSet<String>>;

    /// Store a batch in one transaction: documents not yet stored, with their resolution,
    /// and input errors (one row per input and line; the first reason is kept).
    fn ingest(&mut self, documents: &[Document], errors: &[InputError]) -> Result<IngestReport>;

    /// Row counts of every table.
    fn counts(&mut self) -> Result<Counts>;

    /// One stored document, by article id.
    fn document(&mut self, id: &str) -> Result<Option<Document>>;

    /// Stored documents in ingest order, `limit` of them after position `after` (0 to
    /// start); each with its position, for paging.
    fn documents(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Document)>>;

    /// Article metadata by id.
    fn article(&mut self, id: &str) -> Result<Option<ArticleSummary>>;

    /// Full-text search over article titles and texts and over quotes.
    fn search(&mut self, query: &SearchQuery) -> Result<Vec<SearchHit>>;

    /// Cross-article entities whose name or an alias matches `name` (exact key matches
    /// first, then containing ones), most mentioned first.
    fn find_entities(&mut self, name: &str, page: Page) -> Result<Vec<EntitySummary>>;

    /// All cross-article entities, most mentioned first.
    fn list_entities(&mut self, page: Page) -> Result<Vec<EntitySummary>>;

    /// One cross-article entity with its aliases, articles, quotes, events and co-occurring
    /// entities.
    fn entity(&mut self, id: i64) -> Result<Option<EntityDetail>>;

    /// Events (each report, with its merged event's counts), filtered.
    fn events(&mut self, filter: &EventFilter) -> Result<Vec<EventRow>>;

    /// Merged events (one per event cluster) with their first report, filtered.
    fn merged_events(&mut self, filter: &EventFilter) -> Result<Vec<EventRow>>;

    /// Quotes, filtered by speaker.
    fn quotes(&mut self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>>;

    /// Stories, largest first.
    fn stories(&mut self, filter: &StoryFilter) -> Result<Vec<StorySummary>>;

    /// The articles of a story, in publication order.
    fn story_articles(&mut self, story: i64, page: Page) -> Result<Vec<ArticleSummary>>;

    /// The inputs that failed, most recent first.
    fn input_errors(&mut self, page: Page) -> Result<Vec<InputError>>;

    /// The actor network: people and organisations, with edges for co-occurrence in an
    /// article (weight: articles) and for events between them.
    fn network(&mut self, min_weight: u64) -> Result<Network>;
}

/// Open (creating or upgrading as needed) the store at `location`: a `postgres://` URL or a
/// SQLite file path.
pub fn open(location: &str) -> Result<Box<dyn Store>> {
    if is_postgres_url(location) {
        Ok(Box::new(open_postgres(location, None)?))
    } else {
        Ok(Box::new(open_sqlite(std::path::Path::new(location))?))
    }
}

/// Whether a `--db` value names a PostgreSQL server.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The SQLite store in `path` (created on first use, WAL journal).
pub fn open_sqlite(path: &std::path::Path) -> Result<SqliteStore> {
    sql::SqlStore::new(sqlite::SqliteConn::open(path)?)
}

/// The PostgreSQL store at `url`; with `schema`, in that schema (created when missing), so
/// several stores can share a database (the tests use one schema each).
pub fn open_postgres(url: &str, schema: Option<&str>) -> Result<PostgresStore> {
    sql::SqlStore::new(postgres::PgConn::connect(url, schema)?)
}

/// The SQLite backend.
pub type SqliteStore = sql::SqlStore<sqlite::SqliteConn>;
/// The PostgreSQL backend.
pub type PostgresStore = sql::SqlStore<postgres::PgConn>;

/// Drop a PostgreSQL schema and everything in it (for tests that made their own).
pub fn drop_postgres_schema(url: &str, schema: &str) -> Result<()> {
    postgres::drop_schema(url, schema)
}
