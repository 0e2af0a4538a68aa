//! Writing a batch: rows for each new document, then its cross-article resolution.

use std::collections::HashSet;

use newsgraph_core::{Document, EntityType, InputError};
use newsgraph_resolve::day_number;
use newsgraph_resolve::entities::{self, Candidate, EntityLookup, Resolution};
use newsgraph_resolve::events::{actor_key, cluster_accepts, event_key_with, source_key, EventKey};
use newsgraph_resolve::names::entity_key;
use newsgraph_resolve::stories::{Story, StoryConfig, StoryIndex};
use newsgraph_resolve::terms::article_terms;

use crate::sql::{now, Conn, Dialect, RowExt, SqlStore, Value};
use crate::types::IngestReport;
use crate::{Result, StoreError};

/// The entity type as stored (`PERSON`, `ORG`, `LOC`, `MISC`).
pub(crate) fn parse_entity_type(text: &str) -> EntityType {
    match text {
        "PERSON" => EntityType::Person,
        "ORG" => EntityType::Org,
        "LOC" => EntityType::Loc,
        _ => EntityType::Misc,
    }
}

fn snake<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The next free id of a table's integer column.
fn next_id<C: Conn>(conn: &mut C, table: &str, column: &str) -> Result<i64> {
    let rows = conn.query(&format!("SELECT MAX({column}) FROM {table}"), &[])?;
    Ok(rows.first().and_then(|r| r.int(0)).unwrap_or(0) + 1)
}

/// Entity lookups in the database, for the resolver.
struct Lookup<'a, C: Conn> {
    conn: &'a mut C,
    story: i64,
    error: Option<StoreError>,
}

impl<C: Conn> Lookup<'_, C> {
    fn candidates(&mut self, sql: &str, params: &[Value]) -> Vec<Candidate> {
        match self.conn.query(sql, params) {
            Ok(rows) => rows
                .iter()
                .map(|r| Candidate {
                    id: r.int(0).unwrap_or(0),
                    entity_type: parse_entity_type(&r.string(1)),
                    key: r.string(2),
                    mentions: r.uint(3),
                })
                .collect(),
            Err(error) => {
                self.error.get_or_insert(error);
                Vec::new()
            }
        }
    }
}

impl<C: Conn> EntityLookup for Lookup<'_, C> {
    fn by_alias(&mut self, key: &str, entity_type: EntityType) -> Vec<Candidate> {
        self.candidates(
            "SELECT DISTINCT r.id, r.type, r.key, r.mention_count
             FROM entity_aliases a JOIN resolved_entities r ON r.id = a.entity_id
             WHERE a.key = $1 AND a.type = $2 ORDER BY r.id",
            &[key.into(), entity_type.as_str().into()],
        )
    }

    fn story_people(&mut self) -> Vec<Candidate> {
        let story = self.story;
        self.candidates(
            "SELECT DISTINCT r.id, r.type, r.key, r.mention_count
             FROM articles a JOIN entities e ON e.article_id = a.id
             JOIN resolved_entities r ON r.id = e.resolved_id
             WHERE a.story_id = $1 AND r.type = 'PERSON' ORDER BY r.id",
            &[story.into()],
        )
    }
}

/// Ids handed out during a batch.
struct Next {
    seq: i64,
    entity: i64,
    cluster: i64,
}

impl<C: Conn> SqlStore<C> {
    /// The story index, loaded from the database when not cached.
    fn load_stories(&mut self) -> Result<()> {
        if self.stories.is_some() {
            return Ok(());
        }
        let documents = self
            .conn
            .query("SELECT value FROM meta WHERE key = 'story_documents'", &[])?
            .first()
            .and_then(|r| r.int(0))
            .unwrap_or(0);
        let df: Vec<(String, u64)> = self
            .conn
            .query("SELECT term, df FROM term_df", &[])?
            .iter()
            .map(|r| (r.string(0), r.uint(1)))
            .collect();
        let mut stories = Vec::new();
        for r in self.conn.query(
            "SELECT id, label, article_count, first_day, last_day, centroid FROM stories",
            &[],
        )? {
            stories.push(Story {
                id: r.int(0).unwrap_or(0),
                label: r.string(1),
                articles: r.uint(2),
                first_day: r.int(3),
                last_day: r.int(4),
                centroid: serde_json::from_str(&r.string(5))?,
            });
        }
        self.stories = Some(StoryIndex::restore(
            StoryConfig::default(),
            documents.max(0) as u64,
            df,
            stories,
        ));
        Ok(())
    }

    fn save_stories(&mut self, report: &mut IngestReport) -> Result<()> {
        let Some(index) = self.stories.as_mut() else {
            return Ok(());
        };
        let documents = index.documents();
        let (terms, stories) = index.take_dirty();
        for (term, df) in terms {
            self.conn.execute(
                "INSERT INTO term_df (term, df) VALUES ($1, $2)
                 ON CONFLICT (term) DO UPDATE SET df = excluded.df",
                &[term.into(), df.into()],
            )?;
        }
        for story in stories {
            let centroid = serde_json::to_string(&story.centroid)?;
            let params = [
                story.id.into(),
                story.label.into(),
                story.articles.into(),
                story.first_day.into(),
                story.last_day.into(),
                centroid.into(),
            ];
            let updated = self.conn.execute(
                "UPDATE stories SET label = $2, article_count = $3, first_day = $4,
                 last_day = $5, centroid = $6 WHERE id = $1",
                &params,
            )?;
            if updated == 0 {
                self.conn.execute(
                    "INSERT INTO stories (id, label, article_count, first_day, last_day, centroid)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &params,
                )?;
                report.rows_added += 1;
            }
        }
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('story_documents', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[documents.to_string().into()],
        )?;
        Ok(())
    }

    pub(crate) fn ingest_in_transaction(
        &mut self,
        documents: &[Document],
        errors: &[InputError],
    ) -> Result<IngestReport> {
        let mut report = IngestReport::default();
        self.load_stories()?;
        let ids: Vec<String> = documents.iter().map(|d| d.article.id.clone()).collect();
        let known = crate::Store::known_articles(self, &ids)?;
        let mut next = Next {
            seq: next_id(&mut self.conn, "articles", "seq")?,
            entity: next_id(&mut self.conn, "resolved_entities", "id")?,
            cluster: next_id(&mut self.conn, "event_clusters", "id")?,
        };
        let mut seen = HashSet::new();
        for document in documents {
            let id = &document.article.id;
            if known.contains(id) || !seen.insert(id.clone()) {
                report.already_stored += 1;
                continue;
            }
            self.insert_document(document, &mut next, &mut report)?;
            report.articles_added += 1;
        }
        for error in errors {
            let line = error
                .line
                .map_or(0, |l| i64::try_from(l).unwrap_or(i64::MAX));
            let added = self.conn.execute(
                "INSERT INTO input_errors (input, line, kind, reason, recorded_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (input, line) DO NOTHING",
                &[
                    error.input.as_str().into(),
                    line.into(),
                    snake(&error.kind).into(),
                    error.reason.as_str().into(),
                    now().into(),
                ],
            )?;
            report.errors_added += added;
            report.rows_added += added;
        }
        self.save_stories(&mut report)?;
        Ok(report)
    }

    fn insert_document(
        &mut self,
        document: &Document,
        next: &mut Next,
        report: &mut IngestReport,
    ) -> Result<()> {
        let article = &document.article;
        let id = article.id.as_str();
        let day = article.published.as_deref().and_then(day_number);

        // The story.
        let entity_terms: Vec<(String, usize)> = document
            .entities
            .iter()
            .map(|e| (entity_key(&e.name, e.entity_type), e.mentions.len()))
            .collect();
        let terms = article_terms(article.title.as_deref(), &article.text, &entity_terms);
        let join = match &article.duplicate_of {
            Some(link) => self
                .conn
                .query(
                    "SELECT story_id FROM articles WHERE id = $1",
                    &[link.id.as_str().into()],
                )?
                .first()
                .and_then(|r| r.int(0)),
            None => None,
        };
        let label = article
            .title
            .clone()
            .unwrap_or_else(|| opening_words(&article.text, 80));
        let index = self
            .stories
            .as_mut()
            .ok_or_else(|| StoreError::Invalid("story index not loaded".into()))?;
        let assignment = index.add(&terms, day, &label, join);
        if assignment.created {
            report.stories_created += 1;
        }
        let story = assignment.story;

        // The article and its analysis.
        let seq = next.seq;
        next.seq += 1;
        let (origin_input, origin_line) = match &article.origin {
            Some(o) => (Some(o.input.clone()), o.line.map(|l| l as i64)),
            None => (None, None),
        };
        self.conn.execute(
            "INSERT INTO articles (id, seq, url, source, title, byline, published, published_day,
             language, input, line, duplicate_of, duplicate_kind, story_id, text, ingested_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            &[
                id.into(),
                seq.into(),
                article.url.as_deref().into(),
                article.source.as_deref().into(),
                article.title.as_deref().into(),
                article.byline.as_deref().into(),
                article.published.as_deref().into(),
                day.into(),
                article.language.as_deref().into(),
                origin_input.into(),
                origin_line.into(),
                article.duplicate_of.as_ref().map(|d| d.id.as_str()).into(),
                article.duplicate_of.as_ref().map(|d| snake(&d.kind)).into(),
                story.into(),
                article.text.as_str().into(),
                now().into(),
            ],
        )?;
        self.conn.execute(
            "INSERT INTO documents (article_id, schema_version, json) VALUES ($1, $2, $3)",
            &[
                id.into(),
                document.schema_version.as_str().into(),
                serde_json::to_string(document)?.into(),
            ],
        )?;
        report.rows_added += 2;
        if self.conn.dialect() == Dialect::Sqlite {
            self.conn.execute(
                "INSERT INTO articles_fts (article_id, title, text) VALUES ($1, $2, $3)",
                &[
                    id.into(),
                    article.title.as_deref().into(),
                    article.text.as_str().into(),
                ],
            )?;
        }

        // Entities, merged across articles.
        let mut resolved: Vec<i64> = Vec::with_capacity(document.entities.len());
        let mut counted: HashSet<i64> = HashSet::new();
        for entity in &document.entities {
            let keys = entities::keys_of(entity);
            let mut lookup = Lookup {
                conn: &mut self.conn,
                story,
                error: None,
            };
            let resolution = entities::resolve(&keys, entity.entity_type, &mut lookup);
            if let Some(error) = lookup.error {
                return Err(error);
            }
            let entity_id = match resolution {
                Resolution::Existing(id) => id,
                Resolution::New => {
                    let new_id = next.entity;
                    next.entity += 1;
                    self.conn.execute(
                        "INSERT INTO resolved_entities (id, type, name, key, mention_count, article_count)
                         VALUES ($1, $2, $3, $4, 0, 0)",
                        &[
                            new_id.into(),
                            entity.entity_type.as_str().into(),
                            entity.name.as_str().into(),
                            keys.first().cloned().unwrap_or_default().into(),
                        ],
                    )?;
                    report.rows_added += 1;
                    new_id
                }
            };
            resolved.push(entity_id);
            let new_article = counted.insert(entity_id);
            self.conn.execute(
                "UPDATE resolved_entities SET mention_count = mention_count + $2,
                 article_count = article_count + $3 WHERE id = $1",
                &[
                    entity_id.into(),
                    entity.mentions.len().into(),
                    i64::from(new_article).into(),
                ],
            )?;
            // The fullest name becomes the entity's name.
            self.conn.execute(
                "UPDATE resolved_entities SET name = $2 WHERE id = $1 AND LENGTH(name) < LENGTH(CAST($2 AS TEXT))
                 AND type <> 'PERSON'",
                &[entity_id.into(), entity.name.as_str().into()],
            )?;
            let mut names: Vec<&str> = vec![entity.name.as_str()];
            names.extend(entity.aliases.iter().map(String::as_str));
            let mut done = HashSet::new();
            for name in names {
                if !done.insert(name) {
                    continue;
                }
                let key = entity_key(name, entity.entity_type);
                if key.is_empty() {
                    continue;
                }
                let updated = self.conn.execute(
                    "UPDATE entity_aliases SET count = count + 1 WHERE entity_id = $1 AND alias = $2",
                    &[entity_id.into(), name.into()],
                )?;
                if updated == 0 {
                    self.conn.execute(
                        "INSERT INTO entity_aliases (entity_id, alias, key, type, count)
                         VALUES ($1, $2, $3, $4, 1)",
                        &[
                            entity_id.into(),
                            name.into(),
                            key.into(),
                            entity.entity_type.as_str().into(),
                        ],
                    )?;
                    report.rows_added += 1;
                }
            }
            self.conn.execute(
                "INSERT INTO entities (article_id, idx, name, type, mention_count, resolved_id)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    id.into(),
                    entity.index.into(),
                    entity.name.as_str().into(),
                    entity.entity_type.as_str().into(),
                    entity.mentions.len().into(),
                    entity_id.into(),
                ],
            )?;
            report.rows_added += 1;
        }
        let resolved_of = |index: Option<usize>| index.and_then(|i| resolved.get(i).copied());

        for (i, mention) in document.mentions.iter().enumerate() {
            self.conn.execute(
                "INSERT INTO mentions (article_id, idx, sentence, start_byte, end_byte, text, type,
                 entity_idx, resolved_id, confidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    id.into(),
                    i.into(),
                    mention.sentence.into(),
                    mention.span.start.into(),
                    mention.span.end.into(),
                    mention.text.as_str().into(),
                    mention.entity_type.as_str().into(),
                    mention.entity.into(),
                    resolved_of(mention.entity).into(),
                    mention.confidence.into(),
                ],
            )?;
            report.rows_added += 1;
        }

        for (i, quote) in document.quotes.iter().enumerate() {
            let speaker_name = quote
                .speaker
                .and_then(|s| document.entities.get(s))
                .map(|e| e.name.clone());
            let source_text = quote.source.map(|s| document.evidence(s).to_string());
            self.conn.execute(
                "INSERT INTO quotes (article_id, idx, kind, content_start, content_end, content,
                 source_text, cue_text, speaker_idx, speaker_name, resolved_speaker, resolution,
                 confidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                &[
                    id.into(),
                    i.into(),
                    snake(&quote.kind).into(),
                    quote.content.start.into(),
                    quote.content.end.into(),
                    quote.content_text.as_str().into(),
                    source_text.clone().into(),
                    quote.cue.map(|s| document.evidence(s).to_string()).into(),
                    quote.speaker.into(),
                    speaker_name.clone().into(),
                    resolved_of(quote.speaker).into(),
                    snake(&quote.speaker_resolution).into(),
                    quote.confidence.into(),
                ],
            )?;
            report.rows_added += 1;
            if self.conn.dialect() == Dialect::Sqlite {
                self.conn.execute(
                    "INSERT INTO quotes_fts (article_id, idx, speaker, content) VALUES ($1, $2, $3, $4)",
                    &[
                        id.into(),
                        i.into(),
                        speaker_name.or(source_text).into(),
                        quote.content_text.as_str().into(),
                    ],
                )?;
            }
        }

        for (i, place) in document.places.iter().enumerate() {
            self.conn.execute(
                "INSERT INTO places (article_id, idx, sentence, start_byte, end_byte, text, role,
                 name, geonames_id, country, lat, lon)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    id.into(),
                    i.into(),
                    place.sentence.into(),
                    place.span.start.into(),
                    place.span.end.into(),
                    place.text.as_str().into(),
                    snake(&place.role).into(),
                    place.name.as_deref().into(),
                    place.geonames_id.into(),
                    place.country_alpha3.as_deref().into(),
                    place.lat.into(),
                    place.lon.into(),
                ],
            )?;
            report.rows_added += 1;
        }

        for (i, time) in document.times.iter().enumerate() {
            self.conn.execute(
                "INSERT INTO times (article_id, idx, sentence, start_byte, end_byte, text, type, value)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    id.into(),
                    i.into(),
                    time.sentence.into(),
                    time.span.start.into(),
                    time.span.end.into(),
                    time.text.as_str().into(),
                    snake(&time.time_type).into(),
                    time.value.as_deref().into(),
                ],
            )?;
            report.rows_added += 1;
        }

        if !document.events.is_empty() {
            let original_outlet = match &article.duplicate_of {
                Some(link) => self
                    .conn
                    .query(
                        "SELECT source FROM articles WHERE id = $1",
                        &[link.id.as_str().into()],
                    )?
                    .first()
                    .and_then(|r| r.text(0)),
                None => None,
            };
            let outlet_of = |_: &str| original_outlet.clone();
            let source = source_key(
                id,
                article.source.as_deref(),
                article.duplicate_of.as_ref().map(|d| d.id.as_str()),
                &outlet_of,
            );
            for (i, event) in document.events.iter().enumerate() {
                let key =
                    event_key_with(document, event, &|actor| match resolved_of(actor.entity) {
                        Some(entity) => format!("entity:{entity}"),
                        None => actor_key(document, Some(actor)),
                    });
                let cluster = self.event_cluster(&key, next, report)?;
                let place = event.place.and_then(|p| document.places.get(p));
                let actor_entity =
                    |a: Option<&newsgraph_core::Actor>| resolved_of(a.and_then(|a| a.entity));
                self.conn.execute(
                    "INSERT INTO events (article_id, idx, type, cameo, mode, source_text, source_key,
                     source_entity, source_country, source_sectors, target_text, target_key,
                     target_entity, target_country, target_sectors, place_idx, place_name,
                     place_country, lat, lon, day, intensity, quad_class, evidence_start,
                     evidence_end, evidence, confidence, cluster_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)",
                    &[
                        id.into(),
                        i.into(),
                        event.event_type.as_str().into(),
                        event.cameo.as_deref().into(),
                        snake(&event.mode).into(),
                        event.source.as_ref().map(|a| a.text.as_str()).into(),
                        key.source.as_str().into(),
                        actor_entity(event.source.as_ref()).into(),
                        event.source.as_ref().and_then(|a| a.country.as_deref()).into(),
                        event.source.as_ref().map(|a| a.sectors.join(" ")).into(),
                        event.target.as_ref().map(|a| a.text.as_str()).into(),
                        key.target.as_str().into(),
                        actor_entity(event.target.as_ref()).into(),
                        event.target.as_ref().and_then(|a| a.country.as_deref()).into(),
                        event.target.as_ref().map(|a| a.sectors.join(" ")).into(),
                        event.place.into(),
                        place.map(|p| p.name.clone().unwrap_or_else(|| p.text.clone())).into(),
                        place.and_then(|p| p.country_alpha3.as_deref()).into(),
                        place.and_then(|p| p.lat).into(),
                        place.and_then(|p| p.lon).into(),
                        key.day.into(),
                        event.intensity.into(),
                        snake(&event.quad_class).into(),
                        event.evidence.start.into(),
                        event.evidence.end.into(),
                        document.evidence(event.evidence).into(),
                        event.confidence.into(),
                        cluster.into(),
                    ],
                )?;
                report.rows_added += 1;
                self.conn.execute(
                    "INSERT INTO event_cluster_sources (cluster_id, source_key) VALUES ($1, $2)
                     ON CONFLICT (cluster_id, source_key) DO NOTHING",
                    &[cluster.into(), source.as_str().into()],
                )?;
                self.conn.execute(
                    "UPDATE event_clusters SET
                       num_mentions = num_mentions + 1,
                       num_articles = (SELECT COUNT(DISTINCT article_id) FROM events WHERE cluster_id = $1),
                       num_sources = (SELECT COUNT(*) FROM event_cluster_sources WHERE cluster_id = $1),
                       first_day = CASE WHEN CAST($2 AS BIGINT) IS NULL THEN first_day
                                        WHEN first_day IS NULL OR first_day > CAST($2 AS BIGINT)
                                        THEN CAST($2 AS BIGINT) ELSE first_day END,
                       last_day = CASE WHEN CAST($2 AS BIGINT) IS NULL THEN last_day
                                       WHEN last_day IS NULL OR last_day < CAST($2 AS BIGINT)
                                       THEN CAST($2 AS BIGINT) ELSE last_day END,
                       place_key = CASE WHEN place_key = '' THEN $3 ELSE place_key END
                     WHERE id = $1",
                    &[cluster.into(), key.day.into(), key.place.as_str().into()],
                )?;
            }
        }
        Ok(())
    }

    /// The merged event a report belongs to, created when there is none.
    fn event_cluster(
        &mut self,
        key: &EventKey,
        next: &mut Next,
        report: &mut IngestReport,
    ) -> Result<i64> {
        let rows = self.conn.query(
            "SELECT id, place_key, first_day, last_day FROM event_clusters
             WHERE type = $1 AND source_key = $2 AND target_key = $3 ORDER BY id",
            &[
                key.event_type.as_str().into(),
                key.source.as_str().into(),
                key.target.as_str().into(),
            ],
        )?;
        for row in &rows {
            let cluster_key = EventKey {
                place: row.string(1),
                ..key.clone()
            };
            if cluster_accepts(&cluster_key, row.int(2), row.int(3), key) {
                if let Some(id) = row.int(0) {
                    return Ok(id);
                }
            }
        }
        let id = next.cluster;
        next.cluster += 1;
        self.conn.execute(
            "INSERT INTO event_clusters (id, type, source_key, target_key, place_key, first_day,
             last_day, num_mentions, num_articles, num_sources) VALUES ($1, $2, $3, $4, $5, NULL, NULL, 0, 0, 0)",
            &[
                id.into(),
                key.event_type.as_str().into(),
                key.source.as_str().into(),
                key.target.as_str().into(),
                key.place.as_str().into(),
            ],
        )?;
        report.rows_added += 1;
        Ok(id)
    }
}

/// The first words of a text, at most `max` bytes, cut at a word boundary.
pub(crate) fn opening_words(text: &str, max: usize) -> String {
    let text = text.trim();
    let line = text.lines().next().unwrap_or("");
    if line.len() <= max {
        return line.to_string();
    }
    let mut end = max;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let cut = line[..end].rfind(' ').unwrap_or(end);
    format!("{}…", &line[..cut])
}
