//! The OpenAPI 3.1 document of the API, written by hand next to the routes it describes
//! (a test checks that every documented path answers and every route is documented).

use serde_json::{json, Value};

use crate::{DEFAULT_MAX_BODY, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_BYTES, MAX_SEARCH_CHARS};

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn string_query(name: &str, description: &str) -> Value {
    query(
        name,
        description,
        json!({ "type": "string", "maxLength": MAX_SEARCH_CHARS }),
    )
}

fn date_query(name: &str, description: &str) -> Value {
    query(
        name,
        description,
        json!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
    )
}

fn paging() -> [Value; 2] {
    [
        query(
            "limit",
            &format!("Items per page (default 20, capped at {MAX_LIMIT})."),
            json!({ "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20 }),
        ),
        query(
            "offset",
            "Items to skip: the previous page's `next_offset`.",
            json!({ "type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0 }),
        ),
    ]
}

fn path_param(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": schema })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error_ref() -> Value {
    json!({ "$ref": "#/components/responses/Error" })
}

fn paged(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["items", "limit", "offset"],
        "properties": {
            "items": { "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } },
            "limit": { "type": "integer" },
            "offset": { "type": "integer" },
            "next_offset": { "type": ["integer", "null"], "description": "Offset of the next page; null on the last page." }
        }
    })
}

fn get(summary: &str, parameters: Vec<Value>, response: Value, errors: &[u16]) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert("200".into(), response);
    for code in errors {
        responses.insert(code.to_string(), error_ref());
    }
    json!({ "get": { "summary": summary, "parameters": parameters, "responses": responses } })
}

fn obj(properties: Value) -> Value {
    json!({ "type": "object", "properties": properties })
}

/// The OpenAPI document served at `/api/openapi.json`.
pub fn openapi() -> Value {
    let [limit, offset] = paging();
    let paging = || vec![limit.clone(), offset.clone()];
    let with_paging = |mut v: Vec<Value>| {
        v.extend(paging());
        v
    };
    let schema = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "newsgraph API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!(
                "Read-only JSON API over a newsgraph knowledge store (POST /api/ingest only with --allow-ingest). \
                 Every error is JSON: {{\"error\": {{\"status\", \"message\"}}}}. Limits: query strings up to {MAX_QUERY_BYTES} bytes (414 beyond), \
                 text parameters up to {MAX_SEARCH_CHARS} characters, request bodies up to {DEFAULT_MAX_BODY} bytes by default (413 beyond). \
                 Spans are UTF-8 byte offsets into the article text."
            ),
            "license": { "name": "Apache-2.0" }
        },
        "paths": {
            "/api/health": get("Server status, store backend and row counts", vec![],
                ok("Status", obj(json!({
                    "status": { "type": "string" }, "version": { "type": "string" },
                    "backend": { "type": "string", "enum": ["sqlite", "postgres"] },
                    "ingest": { "type": "boolean" }, "counts": { "type": "object" }
                }))), &[500]),
            "/api/openapi.json": get("This document", vec![], ok("OpenAPI 3.1", json!({ "type": "object" })), &[]),
            "/api/search": get("Full-text search over articles and quotes",
                with_paging(vec![
                    json!({ "name": "q", "in": "query", "required": true, "description": "Words that must all occur; \"…\" for a phrase.", "schema": { "type": "string", "maxLength": MAX_SEARCH_CHARS } }),
                    query("kind", "What to search.", json!({ "type": "string", "enum": ["all", "articles", "quotes"], "default": "all" })),
                ]),
                ok("Hits, best first", paged("SearchHit")), &[400, 414, 500]),
            "/api/articles/{id}": get("An article with its analysis (entities, mentions, quotes, places, times, events) and byte spans",
                vec![
                    path_param("id", "Article id.", json!({ "type": "string", "maxLength": 128 })),
                    query("tokens", "Include the tokens (tags, lemmas, dependency heads).", json!({ "type": "boolean", "default": false })),
                ],
                ok("The article", obj(json!({
                    "article": schema("ArticleSummary"),
                    "document": { "type": "object", "description": "The newsgraph Document (docs/schema.md); tokens empty unless tokens=true." },
                    "quotes": { "type": "array", "items": schema("QuoteRow") }
                }))), &[400, 404, 500]),
            "/api/entities": get("Cross-article entities matching a name or alias (all when no name), most mentioned first",
                with_paging(vec![string_query("name", "A name or alias.")]),
                ok("Entities", paged("EntitySummary")), &[400, 414, 500]),
            "/api/entities/{id}": get("An entity with aliases, articles, quotes, events and co-occurring entities",
                vec![path_param("id", "Entity id.", json!({ "type": "integer" }))],
                ok("The entity", schema("EntityDetail")), &[400, 404, 500]),
            "/api/events": get("Coded events (each report, or merged events), filtered",
                with_paging(vec![
                    string_query("actor", "Part of a source or target actor's name, or a country code."),
                    string_query("type", "PLOVER type (PROTEST) or CAMEO code prefix (14)."),
                    date_query("since", "Earliest date."),
                    date_query("until", "Latest date."),
                    string_query("place", "Part of the place name, or its country code."),
                    query("merged", "One row per merged event.", json!({ "type": "boolean", "default": false })),
                ]),
                ok("Events", paged("EventRow")), &[400, 414, 500]),
            "/api/quotes": get("Quotes, filtered by speaker, article or entity",
                with_paging(vec![
                    string_query("speaker", "Part of the speaker's name or source expression."),
                    string_query("article", "Only this article's quotes."),
                    query("entity", "Only quotes resolved to this entity.", json!({ "type": "integer" })),
                ]),
                ok("Quotes", paged("QuoteRow")), &[400, 414, 500]),
            "/api/stories": get("Story clusters, largest first",
                with_paging(vec![
                    date_query("since", "Stories active on or after this date."),
                    date_query("until", "Stories active on or before this date."),
                    query("min_articles", "Only stories with at least this many articles.", json!({ "type": "integer", "minimum": 0 })),
                ]),
                ok("Stories", paged("StorySummary")), &[400, 414, 500]),
            "/api/stories/{id}": get("A story and its articles in publication order",
                with_paging(vec![path_param("id", "Story id.", json!({ "type": "integer" }))]),
                ok("The story", obj(json!({
                    "story": { "oneOf": [schema("StorySummary"), { "type": "null" }] },
                    "articles": paged("ArticleSummary")
                }))), &[400, 404, 500]),
            "/api/ingest": {
                "post": {
                    "summary": "Analyse and store one article (only when the server runs with --allow-ingest)",
                    "requestBody": {
                        "required": true,
                        "content": {
                            "application/json": { "schema": {
                                "type": "object", "required": ["text"], "additionalProperties": false,
                                "properties": {
                                    "text": { "type": "string" }, "title": { "type": "string" },
                                    "source": { "type": "string" }, "published": { "type": "string" },
                                    "url": { "type": "string" }
                                }
                            } },
                            "text/plain": { "schema": { "type": "string" } }
                        }
                    },
                    "responses": {
                        "201": ok("Stored", obj(json!({ "id": { "type": "string" }, "report": { "type": "object" } }))),
                        "200": ok("Already stored", obj(json!({ "id": { "type": "string" }, "report": { "type": "object" } }))),
                        "400": error_ref(), "403": error_ref(), "413": error_ref(), "415": error_ref(), "500": error_ref()
                    }
                }
            }
        },
        "components": {
            "responses": {
                "Error": {
                    "description": "An error",
                    "content": { "application/json": { "schema": schema("Error") } }
                }
            },
            "schemas": {
                "Error": obj(json!({ "error": obj(json!({ "status": { "type": "integer" }, "message": { "type": "string" } })) })),
                "ArticleSummary": obj(json!({
                    "id": { "type": "string" }, "title": { "type": "string" }, "source": { "type": "string" },
                    "published": { "type": "string" }, "url": { "type": "string" }, "story": { "type": "integer" },
                    "duplicate_of": { "type": "string" }, "input": { "type": "string" }
                })),
                "SearchHit": obj(json!({
                    "kind": { "type": "string", "enum": ["article", "quote"] }, "article": schema("ArticleSummary"),
                    "quote": { "type": "integer" }, "speaker": { "type": "string" },
                    "snippet": { "type": "string", "description": "Matches in […]." }, "score": { "type": "number" }
                })),
                "EntitySummary": obj(json!({
                    "id": { "type": "integer" }, "name": { "type": "string" }, "type": { "type": "string" },
                    "mentions": { "type": "integer" }, "articles": { "type": "integer" },
                    "aliases": { "type": "array", "items": { "type": "string" } }
                })),
                "EntityDetail": obj(json!({
                    "entity": schema("EntitySummary"),
                    "articles": { "type": "array", "items": schema("ArticleSummary") },
                    "quotes": { "type": "array", "items": schema("QuoteRow") },
                    "events": { "type": "array", "items": schema("EventRow") },
                    "cooccurring": { "type": "array", "description": "[entity, shared articles] pairs.",
                        "items": { "type": "array", "prefixItems": [schema("EntitySummary"), { "type": "integer" }] } }
                })),
                "EventRow": obj(json!({
                    "article_id": { "type": "string" }, "index": { "type": "integer" }, "type": { "type": "string" },
                    "cameo": { "type": ["string", "null"] }, "mode": { "type": "string" },
                    "source": { "type": ["string", "null"] }, "source_country": { "type": ["string", "null"] },
                    "target": { "type": ["string", "null"] }, "target_country": { "type": ["string", "null"] },
                    "place": { "type": ["string", "null"] }, "place_country": { "type": ["string", "null"] },
                    "lat": { "type": ["number", "null"] }, "lon": { "type": ["number", "null"] },
                    "date": { "type": ["string", "null"] }, "intensity": { "type": "number" },
                    "quad_class": { "type": "string" }, "evidence": { "type": "string" }, "confidence": { "type": "number" },
                    "cluster": { "type": "integer" }, "num_mentions": { "type": "integer" },
                    "num_articles": { "type": "integer" }, "num_sources": { "type": "integer" },
                    "url": { "type": ["string", "null"] }, "outlet": { "type": ["string", "null"] },
                    "published": { "type": ["string", "null"] }
                })),
                "QuoteRow": obj(json!({
                    "article_id": { "type": "string" }, "index": { "type": "integer" }, "kind": { "type": "string" },
                    "content": { "type": "string" }, "speaker": { "type": ["string", "null"] },
                    "speaker_entity": { "type": ["integer", "null"] }, "source": { "type": ["string", "null"] },
                    "cue": { "type": ["string", "null"] }, "title": { "type": ["string", "null"] },
                    "published": { "type": ["string", "null"] }
                })),
                "StorySummary": obj(json!({
                    "id": { "type": "integer" }, "label": { "type": "string" }, "articles": { "type": "integer" },
                    "first": { "type": ["string", "null"] }, "last": { "type": ["string", "null"] },
                    "terms": { "type": "array", "items": { "type": "string" } }
                }))
            }
        }
    })
}
