//! Reading the store: search, entities, events, quotes, stories, the actor network.

use std::collections::{BTreeMap, BTreeSet};

use newsgraph_core::EntityType;
use newsgraph_resolve::names::{entity_key, normalize};
use newsgraph_resolve::stories::Story;
use newsgraph_resolve::{day_number, day_to_date};

use crate::sql::{Conn, Dialect, Row, RowExt, SqlStore, Value};
use crate::types::*;
use crate::{Result, StoreError};

/// Article columns, in the order [`article_from`] reads them.
const ARTICLE_COLUMNS: &str =
    "a.id, a.title, a.source, a.published, a.url, a.story_id, a.duplicate_of, a.input";
const ARTICLE_WIDTH: usize = 8;

fn article_from(row: &Row, at: usize) -> ArticleSummary {
    ArticleSummary {
        id: row.string(at),
        title: row.text(at + 1),
        source: row.text(at + 2),
        published: row.text(at + 3),
        url: row.text(at + 4),
        story: row.int(at + 5),
        duplicate_of: row.text(at + 6),
        input: row.text(at + 7),
    }
}

/// Numbered parameters for SQL built piece by piece.
#[derive(Default)]
struct Params(Vec<Value>);

impl Params {
    fn add(&mut self, value: impl Into<Value>) -> String {
        self.0.push(value.into());
        format!("${}", self.0.len())
    }
}

/// An FTS5 query from user text: every word must occur, `"…"` is a phrase; FTS5 operators
/// and syntax characters are quoted away, so no input makes a syntax error.
pub(crate) fn fts5_query(text: &str) -> String {
    let mut terms: Vec<String> = Vec::new();
    for (i, part) in text.split('"').enumerate() {
        let quoted = i % 2 == 1;
        let words: Vec<String> = part
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '_'))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| w.replace('"', ""))
            .collect();
        if quoted && !words.is_empty() {
            terms.push(format!("\"{}\"", words.join(" ")));
        } else {
            terms.extend(words.into_iter().map(|w| format!("\"{w}\"")));
        }
    }
    terms.join(" ")
}

fn like(text: &str) -> String {
    let escaped: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '%' | '_'))
        .collect();
    format!("%{}%", escaped.trim())
}

fn bad_date(what: &str, value: &str) -> StoreError {
    StoreError::Invalid(format!(
        "{what}: expected a date as YYYY-MM-DD, got {value:?}"
    ))
}

impl<C: Conn> SqlStore<C> {
    pub(crate) fn article_summary(&mut self, id: &str) -> Result<Option<ArticleSummary>> {
        let rows = self.conn.query(
            &format!("SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = $1"),
            &[id.into()],
        )?;
        Ok(rows.first().map(|r| article_from(r, 0)))
    }

    pub(crate) fn search_text(&mut self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        let dialect = self.conn.dialect();
        let text = match dialect {
            Dialect::Sqlite => fts5_query(&query.text),
            Dialect::Postgres => query.text.trim().to_string(),
        };
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let params = [
            text.into(),
            query.page.limit.into(),
            query.page.offset.into(),
        ];
        let mut hits = Vec::new();
        if query.articles {
            let sql = match dialect {
                Dialect::Sqlite => format!(
                    "SELECT {ARTICLE_COLUMNS}, snippet(articles_fts, 2, '[', ']', '…', 16),
                     -bm25(articles_fts)
                     FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id
                     WHERE articles_fts MATCH $1 ORDER BY bm25(articles_fts), a.seq
                     LIMIT $2 OFFSET $3"
                ),
                Dialect::Postgres => format!(
                    "SELECT {ARTICLE_COLUMNS},
                     ts_headline('english', a.text, q, 'StartSel=[, StopSel=], MaxWords=24, MinWords=12'),
                     ts_rank(a.tsv, q)
                     FROM articles a, websearch_to_tsquery('english', $1) q
                     WHERE a.tsv @@ q ORDER BY ts_rank(a.tsv, q) DESC, a.seq LIMIT $2 OFFSET $3"
                ),
            };
            for row in self.conn.query(&sql, &params)? {
                hits.push(SearchHit {
                    kind: HitKind::Article,
                    article: article_from(&row, 0),
                    quote: None,
                    speaker: None,
                    snippet: row.string(ARTICLE_WIDTH),
                    score: row.real(ARTICLE_WIDTH + 1).unwrap_or(0.0),
                });
            }
        }
        if query.quotes {
            let sql = match dialect {
                Dialect::Sqlite => format!(
                    "SELECT {ARTICLE_COLUMNS}, quotes_fts.idx, quotes_fts.speaker,
                     snippet(quotes_fts, 3, '[', ']', '…', 24), -bm25(quotes_fts)
                     FROM quotes_fts JOIN articles a ON a.id = quotes_fts.article_id
                     WHERE quotes_fts MATCH $1 ORDER BY bm25(quotes_fts), a.seq
                     LIMIT $2 OFFSET $3"
                ),
                Dialect::Postgres => format!(
                    "SELECT {ARTICLE_COLUMNS}, x.idx, coalesce(x.speaker_name, x.source_text),
                     ts_headline('english', x.content, q, 'StartSel=[, StopSel=], MaxWords=30, MinWords=12'),
                     ts_rank(x.tsv, q)
                     FROM quotes x JOIN articles a ON a.id = x.article_id,
                     websearch_to_tsquery('english', $1) q
                     WHERE x.tsv @@ q ORDER BY ts_rank(x.tsv, q) DESC, a.seq, x.idx LIMIT $2 OFFSET $3"
                ),
            };
            for row in self.conn.query(&sql, &params)? {
                hits.push(SearchHit {
                    kind: HitKind::Quote,
                    article: article_from(&row, 0),
                    quote: row.int(ARTICLE_WIDTH).map(|i| i.max(0) as u64),
                    speaker: row.text(ARTICLE_WIDTH + 1),
                    snippet: row.string(ARTICLE_WIDTH + 2),
                    score: row.real(ARTICLE_WIDTH + 3).unwrap_or(0.0),
                });
            }
        }
        Ok(hits)
    }

    fn entity_summaries(&mut self, rows: &[Row], with_aliases: bool) -> Result<Vec<EntitySummary>> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id = r.int(0).unwrap_or(0);
            let aliases = if with_aliases {
                self.conn
                    .query(
                        "SELECT alias FROM entity_aliases WHERE entity_id = $1 ORDER BY count DESC, alias",
                        &[id.into()],
                    )?
                    .iter()
                    .map(|a| a.string(0))
                    .collect()
            } else {
                Vec::new()
            };
            out.push(EntitySummary {
                id,
                name: r.string(1),
                entity_type: r.string(2),
                mentions: r.uint(3),
                articles: r.uint(4),
                aliases,
            });
        }
        Ok(out)
    }

    pub(crate) fn find_entities_by_name(
        &mut self,
        name: &str,
        page: Page,
    ) -> Result<Vec<EntitySummary>> {
        let norm = normalize(name);
        if norm.is_empty() {
            return Ok(Vec::new());
        }
        let person = entity_key(name, EntityType::Person);
        let exact = self.conn.query(
            "SELECT r.id, r.name, r.type, r.mention_count, r.article_count FROM resolved_entities r
             WHERE r.key IN ($1, $2) OR r.id IN (SELECT entity_id FROM entity_aliases WHERE key IN ($1, $2))
             ORDER BY r.mention_count DESC, r.id LIMIT $3 OFFSET $4",
            &[norm.as_str().into(), person.into(), page.limit.into(), page.offset.into()],
        )?;
        let rows = if exact.is_empty() {
            self.conn.query(
                "SELECT r.id, r.name, r.type, r.mention_count, r.article_count FROM resolved_entities r
                 WHERE r.id IN (SELECT entity_id FROM entity_aliases WHERE key LIKE $1)
                 ORDER BY r.mention_count DESC, r.id LIMIT $2 OFFSET $3",
                &[like(&norm).into(), page.limit.into(), page.offset.into()],
            )?
        } else {
            exact
        };
        self.entity_summaries(&rows, true)
    }

    pub(crate) fn all_entities(&mut self, page: Page) -> Result<Vec<EntitySummary>> {
        let rows = self.conn.query(
            "SELECT r.id, r.name, r.type, r.mention_count, r.article_count FROM resolved_entities r
             ORDER BY r.mention_count DESC, r.id LIMIT $1 OFFSET $2",
            &[page.limit.into(), page.offset.into()],
        )?;
        self.entity_summaries(&rows, true)
    }

    pub(crate) fn entity_detail(&mut self, id: i64) -> Result<Option<EntityDetail>> {
        let rows = self.conn.query(
            "SELECT r.id, r.name, r.type, r.mention_count, r.article_count FROM resolved_entities r WHERE r.id = $1",
            &[id.into()],
        )?;
        let Some(entity) = self.entity_summaries(&rows, true)?.into_iter().next() else {
            return Ok(None);
        };
        let articles = self
            .conn
            .query(
                &format!(
                    "SELECT {ARTICLE_COLUMNS} FROM articles a
                     WHERE a.id IN (SELECT article_id FROM entities WHERE resolved_id = $1)
                     ORDER BY (a.published_day IS NULL), a.published_day, a.seq LIMIT 200"
                ),
                &[id.into()],
            )?
            .iter()
            .map(|r| article_from(r, 0))
            .collect();
        let quotes = self.quote_rows(&QuoteFilter {
            entity: Some(id),
            page: Page::first(200),
            ..QuoteFilter::default()
        })?;
        let events = self.event_query(
            &EventFilter {
                page: Page::first(200),
                ..EventFilter::default()
            },
            false,
            Some(id),
        )?;
        let co_rows = self.conn.query(
            "SELECT r.id, r.name, r.type, r.mention_count, r.article_count,
                    COUNT(DISTINCT e2.article_id) AS shared
             FROM entities e1
             JOIN entities e2 ON e2.article_id = e1.article_id AND e2.resolved_id <> e1.resolved_id
             JOIN resolved_entities r ON r.id = e2.resolved_id
             WHERE e1.resolved_id = $1
             GROUP BY r.id, r.name, r.type, r.mention_count, r.article_count
             ORDER BY shared DESC, r.id LIMIT 25",
            &[id.into()],
        )?;
        let summaries = self.entity_summaries(&co_rows, false)?;
        let cooccurring = summaries
            .into_iter()
            .zip(co_rows.iter().map(|r| r.uint(5)))
            .collect();
        Ok(Some(EntityDetail {
            entity,
            articles,
            quotes,
            events,
            cooccurring,
        }))
    }

    pub(crate) fn event_rows(
        &mut self,
        filter: &EventFilter,
        merged: bool,
    ) -> Result<Vec<EventRow>> {
        self.event_query(filter, merged, None)
    }

    fn event_query(
        &mut self,
        filter: &EventFilter,
        merged: bool,
        entity: Option<i64>,
    ) -> Result<Vec<EventRow>> {
        let mut p = Params::default();
        let mut sql = String::from(
            "SELECT e.article_id, e.idx, e.type, e.cameo, e.mode, e.source_text, e.source_country,
                    e.source_sectors, e.target_text, e.target_country, e.target_sectors, e.place_name,
                    e.place_country, e.lat, e.lon, e.day, e.intensity, e.quad_class, e.evidence,
                    e.confidence, c.id, c.num_mentions, c.num_articles, c.num_sources, a.url,
                    a.source, a.published
             FROM events e JOIN event_clusters c ON c.id = e.cluster_id
             JOIN articles a ON a.id = e.article_id WHERE 1 = 1",
        );
        if let Some(actor) = filter.actor.as_deref().filter(|a| !a.trim().is_empty()) {
            let pattern = p.add(like(actor));
            let key = p.add(like(&normalize(actor)));
            let code = p.add(actor.trim().to_uppercase());
            sql.push_str(&format!(
                " AND (lower(coalesce(e.source_text, '')) LIKE {pattern}
                   OR lower(coalesce(e.target_text, '')) LIKE {pattern}
                   OR e.source_key LIKE {key} OR e.target_key LIKE {key}
                   OR coalesce(e.source_country, '') = {code} OR coalesce(e.target_country, '') = {code})"
            ));
        }
        if let Some(kind) = filter
            .event_type
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            let kind = kind.trim();
            let upper = p.add(kind.to_uppercase());
            let cameo = p.add(format!("{kind}%"));
            sql.push_str(&format!(
                " AND (e.type = {upper} OR coalesce(e.cameo, '') LIKE {cameo})"
            ));
        }
        if let Some(since) = filter.since.as_deref() {
            let day = day_number(since).ok_or_else(|| bad_date("since", since))?;
            sql.push_str(&format!(" AND e.day >= {}", p.add(day)));
        }
        if let Some(until) = filter.until.as_deref() {
            let day = day_number(until).ok_or_else(|| bad_date("until", until))?;
            sql.push_str(&format!(" AND e.day <= {}", p.add(day)));
        }
        if let Some(place) = filter.place.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = p.add(like(place));
            let code = p.add(place.trim().to_uppercase());
            sql.push_str(&format!(
                " AND (lower(coalesce(e.place_name, '')) LIKE {pattern} OR coalesce(e.place_country, '') = {code})"
            ));
        }
        if let Some(entity) = entity {
            let id = p.add(entity);
            sql.push_str(&format!(
                " AND (e.source_entity = {id} OR e.target_entity = {id})"
            ));
        }
        if merged {
            sql.push_str(
                " AND NOT EXISTS (SELECT 1 FROM events e2 JOIN articles a2 ON a2.id = e2.article_id
                   WHERE e2.cluster_id = e.cluster_id
                   AND (a2.seq < a.seq OR (a2.seq = a.seq AND e2.idx < e.idx)))",
            );
        }
        let limit = p.add(filter.page.limit);
        let offset = p.add(filter.page.offset);
        sql.push_str(&format!(
            " ORDER BY (e.day IS NULL), e.day DESC, a.seq, e.idx LIMIT {limit} OFFSET {offset}"
        ));
        let rows = self.conn.query(&sql, &p.0)?;
        Ok(rows
            .iter()
            .map(|r| EventRow {
                article_id: r.string(0),
                index: r.uint(1),
                event_type: r.string(2),
                cameo: r.text(3),
                mode: r.string(4),
                source: r.text(5),
                source_country: r.text(6),
                source_sectors: r.text(7).filter(|s| !s.is_empty()),
                target: r.text(8),
                target_country: r.text(9),
                target_sectors: r.text(10).filter(|s| !s.is_empty()),
                place: r.text(11),
                place_country: r.text(12),
                lat: r.real(13),
                lon: r.real(14),
                date: r.int(15).map(day_to_date),
                intensity: r.real(16).unwrap_or(0.0),
                quad_class: r.string(17),
                evidence: r.string(18),
                confidence: r.real(19).unwrap_or(0.0),
                cluster: r.int(20).unwrap_or(0),
                num_mentions: r.uint(21),
                num_articles: r.uint(22),
                num_sources: r.uint(23),
                url: r.text(24),
                outlet: r.text(25),
                published: r.text(26),
            })
            .collect())
    }

    pub(crate) fn quote_rows(&mut self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        let mut p = Params::default();
        let mut sql = String::from(
            "SELECT q.article_id, q.idx, q.kind, q.content, coalesce(r.name, q.speaker_name),
                    q.resolved_speaker, q.source_text, q.cue_text, a.title, a.published
             FROM quotes q JOIN articles a ON a.id = q.article_id
             LEFT JOIN resolved_entities r ON r.id = q.resolved_speaker WHERE 1 = 1",
        );
        if let Some(speaker) = filter.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
            let pattern = p.add(like(speaker));
            let key = p.add(like(&normalize(speaker)));
            sql.push_str(&format!(
                " AND (lower(coalesce(q.speaker_name, '')) LIKE {pattern}
                   OR lower(coalesce(q.source_text, '')) LIKE {pattern}
                   OR q.resolved_speaker IN (SELECT entity_id FROM entity_aliases WHERE key LIKE {key}))"
            ));
        }
        if let Some(article) = filter.article.as_deref() {
            sql.push_str(&format!(" AND q.article_id = {}", p.add(article)));
        }
        if let Some(entity) = filter.entity {
            sql.push_str(&format!(" AND q.resolved_speaker = {}", p.add(entity)));
        }
        let limit = p.add(filter.page.limit);
        let offset = p.add(filter.page.offset);
        sql.push_str(&format!(
            " ORDER BY a.seq, q.idx LIMIT {limit} OFFSET {offset}"
        ));
        Ok(self
            .conn
            .query(&sql, &p.0)?
            .iter()
            .map(|r| QuoteRow {
                article_id: r.string(0),
                index: r.uint(1),
                kind: r.string(2),
                content: r.string(3),
                speaker: r.text(4),
                speaker_entity: r.int(5),
                source: r.text(6),
                cue: r.text(7),
                title: r.text(8),
                published: r.text(9),
            })
            .collect())
    }

    pub(crate) fn story_rows(&mut self, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        let mut p = Params::default();
        let mut sql = format!(
            "SELECT id, label, article_count, first_day, last_day, centroid FROM stories
             WHERE article_count >= {}",
            p.add(filter.min_articles)
        );
        if let Some(id) = filter.id {
            sql.push_str(&format!(" AND id = {}", p.add(id)));
        }
        if let Some(since) = filter.since.as_deref() {
            let day = day_number(since).ok_or_else(|| bad_date("since", since))?;
            sql.push_str(&format!(" AND last_day >= {}", p.add(day)));
        }
        if let Some(until) = filter.until.as_deref() {
            let day = day_number(until).ok_or_else(|| bad_date("until", until))?;
            sql.push_str(&format!(" AND first_day <= {}", p.add(day)));
        }
        let limit = p.add(filter.page.limit);
        let offset = p.add(filter.page.offset);
        sql.push_str(&format!(
            " ORDER BY article_count DESC, id LIMIT {limit} OFFSET {offset}"
        ));
        let mut out = Vec::new();
        for r in self.conn.query(&sql, &p.0)? {
            let story = Story {
                id: r.int(0).unwrap_or(0),
                label: r.string(1),
                articles: r.uint(2),
                first_day: r.int(3),
                last_day: r.int(4),
                centroid: serde_json::from_str(&r.string(5))?,
            };
            out.push(StorySummary {
                id: story.id,
                terms: story.top_terms(8).into_iter().map(str::to_string).collect(),
                label: story.label,
                articles: story.articles,
                first: story.first_day.map(day_to_date),
                last: story.last_day.map(day_to_date),
            });
        }
        Ok(out)
    }

    pub(crate) fn story_article_rows(
        &mut self,
        story: i64,
        page: Page,
    ) -> Result<Vec<ArticleSummary>> {
        Ok(self
            .conn
            .query(
                &format!(
                    "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.story_id = $1
                     ORDER BY (a.published_day IS NULL), a.published_day, a.seq LIMIT $2 OFFSET $3"
                ),
                &[story.into(), page.limit.into(), page.offset.into()],
            )?
            .iter()
            .map(|r| article_from(r, 0))
            .collect())
    }

    pub(crate) fn network_graph(&mut self, min_weight: u64) -> Result<Network> {
        let mut edges = Vec::new();
        let mut ids: BTreeSet<i64> = BTreeSet::new();
        for r in self.conn.query(
            "SELECT e1.resolved_id, e2.resolved_id, COUNT(DISTINCT e1.article_id)
             FROM entities e1 JOIN entities e2
               ON e2.article_id = e1.article_id AND e1.resolved_id < e2.resolved_id
             WHERE e1.type IN ('PERSON', 'ORG') AND e2.type IN ('PERSON', 'ORG')
             GROUP BY e1.resolved_id, e2.resolved_id
             HAVING COUNT(DISTINCT e1.article_id) >= $1
             ORDER BY e1.resolved_id, e2.resolved_id",
            &[min_weight.max(1).into()],
        )? {
            let (Some(a), Some(b)) = (r.int(0), r.int(1)) else {
                continue;
            };
            ids.insert(a);
            ids.insert(b);
            edges.push(NetworkEdge {
                source: a,
                target: b,
                kind: "cooccurrence".into(),
                label: None,
                weight: r.uint(2),
            });
        }
        let mut event_edges: BTreeMap<(i64, i64), (BTreeSet<i64>, BTreeSet<String>)> =
            BTreeMap::new();
        for r in self.conn.query(
            "SELECT source_entity, target_entity, cluster_id, type FROM events
             WHERE source_entity IS NOT NULL AND target_entity IS NOT NULL",
            &[],
        )? {
            let (Some(a), Some(b)) = (r.int(0), r.int(1)) else {
                continue;
            };
            let entry = event_edges.entry((a, b)).or_default();
            entry.0.insert(r.int(2).unwrap_or(0));
            entry.1.insert(r.string(3));
        }
        for ((a, b), (clusters, types)) in event_edges {
            if (clusters.len() as u64) < min_weight.max(1) {
                continue;
            }
            ids.insert(a);
            ids.insert(b);
            edges.push(NetworkEdge {
                source: a,
                target: b,
                kind: "event".into(),
                label: Some(types.into_iter().collect::<Vec<_>>().join(",")),
                weight: clusters.len() as u64,
            });
        }
        let mut nodes = Vec::with_capacity(ids.len());
        for chunk in ids.iter().copied().collect::<Vec<_>>().chunks(200) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let rows = self.conn.query(
                &format!(
                    "SELECT r.id, r.name, r.type, r.mention_count, r.article_count
                     FROM resolved_entities r WHERE r.id IN ({}) ORDER BY r.id",
                    placeholders.join(", ")
                ),
                &chunk.iter().map(|&i| Value::Int(i)).collect::<Vec<_>>(),
            )?;
            nodes.extend(self.entity_summaries(&rows, false)?);
        }
        Ok(Network { nodes, edges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_queries_quote_every_word() {
        assert_eq!(fts5_query("floods Dover"), "\"floods\" \"Dover\"");
        assert_eq!(
            fts5_query("\"coast road\" NEAR( x"),
            "\"coast road\" \"NEAR\" \"x\""
        );
        assert_eq!(fts5_query("* ( ) : ^"), "");
        assert_eq!(fts5_query("\"unbalanced"), "\"unbalanced\"");
    }
}
