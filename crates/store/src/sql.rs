//! What both backends share: values, the connection trait, migrations, and the store built
//! on them.

use std::collections::HashSet;

use newsgraph_core::{Document, InputError};
use newsgraph_resolve::stories::StoryIndex;

use crate::types::*;
use crate::{Result, Store, StoreError};

/// A SQL value, as both backends bind and return them.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Real(f) => Some(*f as i64),
            Value::Text(s) => s.parse().ok(),
            Value::Null => None,
        }
    }

    pub fn real(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Real(f) => Some(*f),
            Value::Text(s) => s.parse().ok(),
            Value::Null => None,
        }
    }

    pub fn text(&self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Real(f) => Some(f.to_string()),
            Value::Null => None,
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<u64> for Value {
    fn from(v: u64) -> Self {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<f32> for Value {
    fn from(v: f32) -> Self {
        Value::Real(f64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row.
pub type Row = Vec<Value>;

/// Column accessors that never panic: a missing column reads as NULL.
pub trait RowExt {
    fn int(&self, i: usize) -> Option<i64>;
    fn uint(&self, i: usize) -> u64;
    fn real(&self, i: usize) -> Option<f64>;
    fn text(&self, i: usize) -> Option<String>;
    fn string(&self, i: usize) -> String;
}

impl RowExt for Row {
    fn int(&self, i: usize) -> Option<i64> {
        self.get(i).and_then(Value::int)
    }
    fn uint(&self, i: usize) -> u64 {
        self.int(i).map_or(0, |v| u64::try_from(v).unwrap_or(0))
    }
    fn real(&self, i: usize) -> Option<f64> {
        self.get(i).and_then(Value::real)
    }
    fn text(&self, i: usize) -> Option<String> {
        self.get(i).and_then(Value::text)
    }
    fn string(&self, i: usize) -> String {
        self.text(i).unwrap_or_default()
    }
}

/// Which SQL the connection speaks, where the two differ (full-text search, DDL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A database connection: the few operations the store needs. SQL uses `$1`-style
/// parameters.
pub trait Conn: Send {
    fn dialect(&self) -> Dialect;
    /// Run statements without parameters or results.
    fn batch(&mut self, sql: &str) -> Result<()>;
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Start a write transaction that holds the store's write lock.
    fn begin_write(&mut self) -> Result<()>;
}

/// Migrations, by backend: (version, name, SQL).
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "init",
    include_str!("../migrations/sqlite/0001_init.sql"),
)];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "init",
    include_str!("../migrations/postgres/0001_init.sql"),
)];

/// The store over a connection: the one implementation of [`Store`], for both backends.
pub struct SqlStore<C: Conn> {
    pub(crate) conn: C,
    /// The story clusterer's state, loaded on the first ingest and kept in step with the
    /// database (dropped when a transaction fails).
    pub(crate) stories: Option<StoryIndex>,
}

impl<C: Conn> SqlStore<C> {
    pub fn new(conn: C) -> Result<Self> {
        let mut store = SqlStore {
            conn,
            stories: None,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let migrations = match self.conn.dialect() {
            Dialect::Sqlite => SQLITE_MIGRATIONS,
            Dialect::Postgres => POSTGRES_MIGRATIONS,
        };
        self.conn.begin_write()?;
        let result = (|| -> Result<()> {
            self.conn.batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL)",
            )?;
            let applied: HashSet<i64> = self
                .conn
                .query("SELECT version FROM schema_migrations", &[])?
                .iter()
                .filter_map(|r| r.int(0))
                .collect();
            for (version, name, sql) in migrations {
                if applied.contains(version) {
                    continue;
                }
                self.conn.batch(sql)?;
                self.conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    &[(*version).into(), (*name).into(), now().into()],
                )?;
            }
            Ok(())
        })();
        self.finish(result)
    }

    /// Commit when `result` is ok, else roll back (and forget cached state).
    pub(crate) fn finish<T>(&mut self, result: Result<T>) -> Result<T> {
        match result {
            Ok(value) => {
                if let Err(error) = self.conn.batch("COMMIT") {
                    self.stories = None;
                    let _ = self.conn.batch("ROLLBACK");
                    return Err(error);
                }
                Ok(value)
            }
            Err(error) => {
                self.stories = None;
                let _ = self.conn.batch("ROLLBACK");
                Err(error)
            }
        }
    }

    pub(crate) fn count(&mut self, table: &str) -> Result<u64> {
        let rows = self
            .conn
            .query(&format!("SELECT COUNT(*) FROM {table}"), &[])?;
        Ok(rows.first().map_or(0, |r| r.uint(0)))
    }
}

/// The current time, UTC, as ISO 8601.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        newsgraph_resolve::day_to_date(days),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

impl<C: Conn> Store for SqlStore<C> {
    fn backend(&self) -> &'static str {
        match self.conn.dialect() {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    fn migrations(&mut self) -> Result<Vec<(i64, String)>> {
        Ok(self
            .conn
            .query(
                "SELECT version, name FROM schema_migrations ORDER BY version",
                &[],
            )?
            .iter()
            .map(|r| (r.int(0).unwrap_or(0), r.string(1)))
            .collect())
    }

    fn known_articles(&mut self, ids: &[String]) -> Result<HashSet<String>> {
        let mut known = HashSet::new();
        for chunk in ids.chunks(200) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id FROM articles WHERE id IN ({})",
                placeholders.join(", ")
            );
            let params: Vec<Value> = chunk.iter().map(Value::from).collect();
            for row in self.conn.query(&sql, &params)? {
                known.insert(row.string(0));
            }
        }
        Ok(known)
    }

    fn ingest(&mut self, documents: &[Document], errors: &[InputError]) -> Result<IngestReport> {
        self.conn.begin_write()?;
        let result = self.ingest_in_transaction(documents, errors);
        self.finish(result)
    }

    fn counts(&mut self) -> Result<Counts> {
        Ok(Counts {
            articles: self.count("articles")?,
            documents: self.count("documents")?,
            mentions: self.count("mentions")?,
            entities: self.count("entities")?,
            resolved_entities: self.count("resolved_entities")?,
            entity_aliases: self.count("entity_aliases")?,
            quotes: self.count("quotes")?,
            places: self.count("places")?,
            times: self.count("times")?,
            events: self.count("events")?,
            event_clusters: self.count("event_clusters")?,
            stories: self.count("stories")?,
            input_errors: self.count("input_errors")?,
        })
    }

    fn document(&mut self, id: &str) -> Result<Option<Document>> {
        let rows = self.conn.query(
            "SELECT json FROM documents WHERE article_id = $1",
            &[id.into()],
        )?;
        match rows.first().and_then(|r| r.text(0)) {
            Some(json) => Ok(Some(serde_json::from_str(&json)?)),
            None => Ok(None),
        }
    }

    fn documents(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Document)>> {
        let rows = self.conn.query(
            "SELECT a.seq, d.json FROM articles a JOIN documents d ON d.article_id = a.id
             WHERE a.seq > $1 ORDER BY a.seq LIMIT $2",
            &[after.into(), limit.into()],
        )?;
        rows.iter()
            .map(|r| {
                let json = r.string(1);
                Ok((r.int(0).unwrap_or(0), serde_json::from_str(&json)?))
            })
            .collect()
    }

    fn article(&mut self, id: &str) -> Result<Option<ArticleSummary>> {
        self.article_summary(id)
    }

    fn search(&mut self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        self.search_text(query)
    }

    fn find_entities(&mut self, name: &str, page: Page) -> Result<Vec<EntitySummary>> {
        self.find_entities_by_name(name, page)
    }

    fn list_entities(&mut self, page: Page) -> Result<Vec<EntitySummary>> {
        self.all_entities(page)
    }

    fn entity(&mut self, id: i64) -> Result<Option<EntityDetail>> {
        self.entity_detail(id)
    }

    fn events(&mut self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        self.event_rows(filter, false)
    }

    fn merged_events(&mut self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        self.event_rows(filter, true)
    }

    fn quotes(&mut self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        self.quote_rows(filter)
    }

    fn stories(&mut self, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        self.story_rows(filter)
    }

    fn story_articles(&mut self, story: i64, page: Page) -> Result<Vec<ArticleSummary>> {
        self.story_article_rows(story, page)
    }

    fn input_errors(&mut self, page: Page) -> Result<Vec<InputError>> {
        let rows = self.conn.query(
            "SELECT input, line, kind, reason FROM input_errors
             ORDER BY recorded_at DESC, input, line LIMIT $1 OFFSET $2",
            &[page.limit.into(), page.offset.into()],
        )?;
        rows.iter()
            .map(|r| {
                let kind: newsgraph_core::InputErrorKind =
                    serde_json::from_value(serde_json::Value::String(r.string(2)))?;
                let line = r.int(1).filter(|&l| l > 0).map(|l| l as u64);
                Ok(InputError::new(r.string(0), line, kind, r.string(3)))
            })
            .collect()
    }

    fn network(&mut self, min_weight: u64) -> Result<Network> {
        self.network_graph(min_weight)
    }
}

impl From<std::fmt::Error> for StoreError {
    fn from(error: std::fmt::Error) -> Self {
        StoreError::Invalid(error.to_string())
    }
}
