-- newsgraph store, SQLite: articles and their analysis, cross-article resolution, search.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL UNIQUE,
    url           TEXT,
    source        TEXT,
    title         TEXT,
    byline        TEXT,
    published     TEXT,
    published_day INTEGER,
    language      TEXT,
    input         TEXT,
    line          INTEGER,
    duplicate_of  TEXT,
    duplicate_kind TEXT,
    story_id      INTEGER,
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
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL,
    name          TEXT NOT NULL,
    key           TEXT NOT NULL,
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX resolved_entities_key ON resolved_entities (key);

CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES resolved_entities (id),
    alias     TEXT NOT NULL,
    key       TEXT NOT NULL,
    type      TEXT NOT NULL,
    count     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_key ON entity_aliases (key, type);

CREATE TABLE entities (
    article_id    TEXT NOT NULL REFERENCES articles (id),
    idx           INTEGER NOT NULL,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    mention_count INTEGER NOT NULL,
    resolved_id   INTEGER NOT NULL REFERENCES resolved_entities (id),
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX entities_resolved ON entities (resolved_id);

CREATE TABLE mentions (
    article_id  TEXT NOT NULL REFERENCES articles (id),
    idx         INTEGER NOT NULL,
    sentence    INTEGER NOT NULL,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    entity_idx  INTEGER,
    resolved_id INTEGER,
    confidence  REAL NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE quotes (
    article_id    TEXT NOT NULL REFERENCES articles (id),
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end   INTEGER NOT NULL,
    content       TEXT NOT NULL,
    source_text   TEXT,
    cue_text      TEXT,
    speaker_idx   INTEGER,
    speaker_name  TEXT,
    resolved_speaker INTEGER,
    resolution    TEXT NOT NULL,
    confidence    REAL NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker ON quotes (resolved_speaker);

CREATE TABLE places (
    article_id   TEXT NOT NULL REFERENCES articles (id),
    idx          INTEGER NOT NULL,
    sentence     INTEGER NOT NULL,
    start_byte   INTEGER NOT NULL,
    end_byte     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    role         TEXT NOT NULL,
    name         TEXT,
    geonames_id  INTEGER,
    country      TEXT,
    lat          REAL,
    lon          REAL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles (id),
    idx        INTEGER NOT NULL,
    sentence   INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    value      TEXT,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE event_clusters (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    target_key   TEXT NOT NULL,
    place_key    TEXT NOT NULL,
    first_day    INTEGER,
    last_day     INTEGER,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    num_sources  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_clusters_key ON event_clusters (type, source_key, target_key);

CREATE TABLE event_cluster_sources (
    cluster_id INTEGER NOT NULL REFERENCES event_clusters (id),
    source_key TEXT NOT NULL,
    PRIMARY KEY (cluster_id, source_key)
);

CREATE TABLE events (
    article_id     TEXT NOT NULL REFERENCES articles (id),
    idx            INTEGER NOT NULL,
    type           TEXT NOT NULL,
    cameo          TEXT,
    mode           TEXT NOT NULL,
    source_text    TEXT,
    source_key     TEXT NOT NULL,
    source_entity  INTEGER,
    source_country TEXT,
    source_sectors TEXT,
    target_text    TEXT,
    target_key     TEXT NOT NULL,
    target_entity  INTEGER,
    target_country TEXT,
    target_sectors TEXT,
    place_idx      INTEGER,
    place_name     TEXT,
    place_country  TEXT,
    lat            REAL,
    lon            REAL,
    day            INTEGER,
    intensity      REAL NOT NULL,
    quad_class     TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    evidence       TEXT NOT NULL,
    confidence     REAL NOT NULL,
    cluster_id     INTEGER NOT NULL REFERENCES event_clusters (id),
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX events_cluster ON events (cluster_id);
CREATE INDEX events_day ON events (day);

CREATE TABLE stories (
    id            INTEGER PRIMARY KEY,
    label         TEXT NOT NULL,
    article_count INTEGER NOT NULL,
    first_day     INTEGER,
    last_day      INTEGER,
    centroid      TEXT NOT NULL
);

CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
);

CREATE TABLE input_errors (
    input      TEXT NOT NULL,
    line       INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (input, line)
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (article_id UNINDEXED, title, text, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE quotes_fts USING fts5 (article_id UNINDEXED, idx UNINDEXED, speaker, content, tokenize = 'porter unicode61 remove_diacritics 2');
