-- newsgraph store, PostgreSQL: articles and their analysis, cross-article resolution, search.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    seq           BIGINT NOT NULL UNIQUE,
    url           TEXT,
    source        TEXT,
    title         TEXT,
    byline        TEXT,
    published     TEXT,
    published_day BIGINT,
    language      TEXT,
    input         TEXT,
    line          BIGINT,
    duplicate_of  TEXT,
    duplicate_kind TEXT,
    story_id      BIGINT,
    text          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_published_day ON articles (published_day);

CREATE TABLE documents (
    article_id     TEXT PRIMARY KEY REFERENCES articles (id),
    schema_version TEXT NOT NULL,
    json           TEXT NOT NULL
);

CREATE TABLE resolved_entities (
    id            BIGINT PRIMARY KEY,
    type          TEXT NOT NULL,
    name          TEXT NOT NULL,
    key           TEXT NOT NULL,
    mention_count BIGINT NOT NULL DEFAULT 0,
    article_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX resolved_entities_key ON resolved_entities (key);

CREATE TABLE entity_aliases (
    entity_id BIGINT NOT NULL REFERENCES resolved_entities (id),
    alias     TEXT NOT NULL,
    key       TEXT NOT NULL,
    type      TEXT NOT NULL,
    count     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_key ON entity_aliases (key, type);

CREATE TABLE entities (
    article_id    TEXT NOT NULL REFERENCES articles (id),
    idx           BIGINT NOT NULL,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    mention_count BIGINT NOT NULL,
    resolved_id   BIGINT NOT NULL REFERENCES resolved_entities (id),
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX entities_resolved ON entities (resolved_id);

CREATE TABLE mentions (
    article_id  TEXT NOT NULL REFERENCES articles (id),
    idx         BIGINT NOT NULL,
    sentence    BIGINT NOT NULL,
    start_byte  BIGINT NOT NULL,
    end_byte    BIGINT NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    entity_idx  BIGINT,
    resolved_id BIGINT,
    confidence  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE quotes (
    article_id    TEXT NOT NULL REFERENCES articles (id),
    idx           BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    content_start BIGINT NOT NULL,
    content_end   BIGINT NOT NULL,
    content       TEXT NOT NULL,
    source_text   TEXT,
    cue_text      TEXT,
    speaker_idx   BIGINT,
    speaker_name  TEXT,
    resolved_speaker BIGINT,
    resolution    TEXT NOT NULL,
    confidence    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker ON quotes (resolved_speaker);

CREATE TABLE places (
    article_id   TEXT NOT NULL REFERENCES articles (id),
    idx          BIGINT NOT NULL,
    sentence     BIGINT NOT NULL,
    start_byte   BIGINT NOT NULL,
    end_byte     BIGINT NOT NULL,
    text         TEXT NOT NULL,
    role         TEXT NOT NULL,
    name         TEXT,
    geonames_id  BIGINT,
    country      TEXT,
    lat          DOUBLE PRECISION,
    lon          DOUBLE PRECISION,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles (id),
    idx        BIGINT NOT NULL,
    sentence   BIGINT NOT NULL,
    start_byte BIGINT NOT NULL,
    end_byte   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    value      TEXT,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE event_clusters (
    id           BIGINT PRIMARY KEY,
    type         TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    target_key   TEXT NOT NULL,
    place_key    TEXT NOT NULL,
    first_day    BIGINT,
    last_day     BIGINT,
    num_mentions BIGINT NOT NULL DEFAULT 0,
    num_articles BIGINT NOT NULL DEFAULT 0,
    num_sources  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX event_clusters_key ON event_clusters (type, source_key, target_key);

CREATE TABLE event_cluster_sources (
    cluster_id BIGINT NOT NULL REFERENCES event_clusters (id),
    source_key TEXT NOT NULL,
    PRIMARY KEY (cluster_id, source_key)
);

CREATE TABLE events (
    article_id     TEXT NOT NULL REFERENCES articles (id),
    idx            BIGINT NOT NULL,
    type           TEXT NOT NULL,
    cameo          TEXT,
    mode           TEXT NOT NULL,
    source_text    TEXT,
    source_key     TEXT NOT NULL,
    source_entity  BIGINT,
    source_country TEXT,
    source_sectors TEXT,
    target_text    TEXT,
    target_key     TEXT NOT NULL,
    target_entity  BIGINT,
    target_country TEXT,
    target_sectors TEXT,
    place_idx      BIGINT,
    place_name     TEXT,
    place_country  TEXT,
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    day            BIGINT,
    intensity      DOUBLE PRECISION NOT NULL,
    quad_class     TEXT NOT NULL,
    evidence_start BIGINT NOT NULL,
    evidence_end   BIGINT NOT NULL,
    evidence       TEXT NOT NULL,
    confidence     DOUBLE PRECISION NOT NULL,
    cluster_id     BIGINT NOT NULL REFERENCES event_clusters (id),
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX events_cluster ON events (cluster_id);
CREATE INDEX events_day ON events (day);

CREATE TABLE stories (
    id            BIGINT PRIMARY KEY,
    label         TEXT NOT NULL,
    article_count BIGINT NOT NULL,
    first_day     BIGINT,
    last_day      BIGINT,
    centroid      TEXT NOT NULL
);

CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   BIGINT NOT NULL
);

CREATE TABLE input_errors (
    input      TEXT NOT NULL,
    line       BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (input, line)
);

ALTER TABLE articles ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED;
CREATE INDEX articles_tsv ON articles USING GIN (tsv);
ALTER TABLE quotes ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(speaker_name, '') || ' ' || content)) STORED;
CREATE INDEX quotes_tsv ON quotes USING GIN (tsv);
