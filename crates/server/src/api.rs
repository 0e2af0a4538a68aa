//! The JSON API under `/api`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use newsgraph_core::{Article, Document};
use newsgraph_store::{
    ArticleSummary, EventFilter, Page, QuoteFilter, SearchQuery, StoryFilter, StorySummary,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::{AppState, MAX_LIMIT, MAX_OFFSET, MAX_SEARCH_CHARS};

/// Default page size.
const DEFAULT_LIMIT: u64 = 20;
/// Longest article id accepted in a path.
const MAX_ID_BYTES: usize = 128;

pub fn routes(max_body: usize) -> Router<AppState> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/search", get(search))
        .route("/api/articles/{id}", get(article))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/events", get(events))
        .route("/api/quotes", get(quotes))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/ingest", post(ingest))
        .layer(DefaultBodyLimit::max(max_body))
}

// ---------------------------------------------------------------------------------------
// Extractors that answer malformed input with a JSON 400

/// Query parameters; a malformed query string is a 400 with a JSON error.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Params(value)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

/// A path parameter; a malformed one is a 400 with a JSON error.
pub struct Id<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Id<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Id(value)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Validation

fn page(limit: Option<u64>, offset: Option<u64>) -> Result<Page, ApiError> {
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::bad_request(format!(
            "offset must be at most {MAX_OFFSET}"
        )));
    }
    let limit = limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    Ok(Page { limit, offset })
}

/// A text filter: trimmed, empty as absent, at most [`MAX_SEARCH_CHARS`] characters.
fn text(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let value = value.trim();
    if value.chars().count() > MAX_SEARCH_CHARS {
        return Err(ApiError::bad_request(format!(
            "{name} must be at most {MAX_SEARCH_CHARS} characters"
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!(
            "{name} must not contain control characters"
        )));
    }
    Ok((!value.is_empty()).then(|| value.to_string()))
}

/// A date filter: `YYYY-MM-DD`.
fn date(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(value) = text(name, value)? else {
        return Ok(None);
    };
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let valid = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && matches!(value[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(value[8..10].parse::<u8>(), Ok(1..=31));
    if valid {
        Ok(Some(value))
    } else {
        Err(ApiError::bad_request(format!(
            "{name} must be a date YYYY-MM-DD, not {value:?}"
        )))
    }
}

fn article_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty()
        || id.len() > MAX_ID_BYTES
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':')
    {
        return Err(ApiError::bad_request("malformed article id"));
    }
    Ok(())
}

/// A page of results.
#[derive(Debug, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub limit: u64,
    pub offset: u64,
    /// The offset of the next page, when this page was full.
    pub next_offset: Option<u64>,
}

impl<T> Paged<T> {
    fn new(items: Vec<T>, page: Page) -> Self {
        let next_offset = (items.len() as u64 >= page.limit).then_some(page.offset + page.limit);
        Paged {
            items,
            limit: page.limit,
            offset: page.offset,
            next_offset,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Handlers

async fn health(State(state): State<AppState>) -> Result<Response, ApiError> {
    let counts = state.with_store(|s| Ok(s.counts()?)).await?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "backend": state.pool.backend(),
        "ingest": state.config.ingest.is_some(),
        "counts": counts,
    }))
    .into_response())
}

async fn openapi() -> Json<serde_json::Value> {
    Json(crate::openapi())
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    /// `all` (default), `articles` or `quotes`.
    kind: Option<String>,
    limit: Option<u64>,
    offset: Option<u64>,
}

async fn search(
    State(state): State<AppState>,
    Params(p): Params<SearchParams>,
) -> Result<Response, ApiError> {
    let q = text("q", p.q)?.ok_or_else(|| ApiError::bad_request("q is required"))?;
    let (articles, quotes) = match p.kind.as_deref().unwrap_or("all") {
        "all" => (true, true),
        "articles" => (true, false),
        "quotes" => (false, true),
        other => {
            return Err(ApiError::bad_request(format!(
                "kind must be all, articles or quotes, not {other:?}"
            )))
        }
    };
    let page = page(p.limit, p.offset)?;
    let query = SearchQuery {
        text: q,
        articles,
        quotes,
        page,
    };
    let hits = state.with_store(move |s| Ok(s.search(&query)?)).await?;
    Ok(Json(Paged::new(hits, page)).into_response())
}

#[derive(Deserialize)]
struct ArticleParams {
    /// Include the tokens (tags, lemmas, heads); off by default, they are most of the size.
    tokens: Option<bool>,
}

/// An article: metadata, its analysis and its quotes as stored (with resolved speakers).
#[derive(Serialize)]
struct ArticleResponse {
    article: ArticleSummary,
    document: Document,
    quotes: Vec<newsgraph_store::QuoteRow>,
}

async fn article(
    State(state): State<AppState>,
    Id(id): Id<String>,
    Params(p): Params<ArticleParams>,
) -> Result<Response, ApiError> {
    article_id(&id)?;
    let with_tokens = p.tokens.unwrap_or(false);
    let response = state
        .with_store(move |s| {
            let Some(mut document) = s.document(&id)? else {
                return Err(ApiError::not_found(format!("no article {id}")));
            };
            if !with_tokens {
                document.tokens.clear();
            }
            let article = s.article(&id)?.unwrap_or_else(|| ArticleSummary {
                id: id.clone(),
                title: document.article.title.clone(),
                source: document.article.source.clone(),
                published: document.article.published.clone(),
                url: document.article.url.clone(),
                story: None,
                duplicate_of: None,
                input: None,
            });
            let quotes = s.quotes(&QuoteFilter {
                article: Some(id.clone()),
                page: Page {
                    limit: 10_000,
                    offset: 0,
                },
                ..QuoteFilter::default()
            })?;
            Ok(ArticleResponse {
                article,
                document,
                quotes,
            })
        })
        .await?;
    Ok(Json(response).into_response())
}

#[derive(Deserialize)]
struct EntitiesParams {
    name: Option<String>,
    limit: Option<u64>,
    offset: Option<u64>,
}

async fn entities(
    State(state): State<AppState>,
    Params(p): Params<EntitiesParams>,
) -> Result<Response, ApiError> {
    let name = text("name", p.name)?;
    let page = page(p.limit, p.offset)?;
    let items = state
        .with_store(move |s| {
            Ok(match &name {
                Some(name) => s.find_entities(name, page)?,
                None => s.list_entities(page)?,
            })
        })
        .await?;
    Ok(Json(Paged::new(items, page)).into_response())
}

async fn entity(State(state): State<AppState>, Id(id): Id<i64>) -> Result<Response, ApiError> {
    let detail = state
        .with_store(move |s| {
            s.entity(id)?
                .ok_or_else(|| ApiError::not_found(format!("no entity {id}")))
        })
        .await?;
    Ok(Json(detail).into_response())
}

#[derive(Deserialize)]
struct EventsParams {
    actor: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    since: Option<String>,
    until: Option<String>,
    place: Option<String>,
    /// One row per merged event.
    merged: Option<bool>,
    limit: Option<u64>,
    offset: Option<u64>,
}

async fn events(
    State(state): State<AppState>,
    Params(p): Params<EventsParams>,
) -> Result<Response, ApiError> {
    let page = page(p.limit, p.offset)?;
    let filter = EventFilter {
        actor: text("actor", p.actor)?,
        event_type: text("type", p.event_type)?,
        since: date("since", p.since)?,
        until: date("until", p.until)?,
        place: text("place", p.place)?,
        page,
    };
    let merged = p.merged.unwrap_or(false);
    let items = state
        .with_store(move |s| {
            Ok(if merged {
                s.merged_events(&filter)?
            } else {
                s.events(&filter)?
            })
        })
        .await?;
    Ok(Json(Paged::new(items, page)).into_response())
}

#[derive(Deserialize)]
struct QuotesParams {
    speaker: Option<String>,
    article: Option<String>,
    entity: Option<i64>,
    limit: Option<u64>,
    offset: Option<u64>,
}

async fn quotes(
    State(state): State<AppState>,
    Params(p): Params<QuotesParams>,
) -> Result<Response, ApiError> {
    let page = page(p.limit, p.offset)?;
    let article = text("article", p.article)?;
    if let Some(id) = &article {
        article_id(id)?;
    }
    let filter = QuoteFilter {
        speaker: text("speaker", p.speaker)?,
        article,
        entity: p.entity,
        page,
    };
    let items = state.with_store(move |s| Ok(s.quotes(&filter)?)).await?;
    Ok(Json(Paged::new(items, page)).into_response())
}

#[derive(Deserialize)]
struct StoriesParams {
    since: Option<String>,
    until: Option<String>,
    min_articles: Option<u64>,
    limit: Option<u64>,
    offset: Option<u64>,
}

async fn stories(
    State(state): State<AppState>,
    Params(p): Params<StoriesParams>,
) -> Result<Response, ApiError> {
    let page = page(p.limit, p.offset)?;
    let filter = StoryFilter {
        since: date("since", p.since)?,
        until: date("until", p.until)?,
        min_articles: p.min_articles.unwrap_or(0),
        page,
        id: None,
    };
    let items = state.with_store(move |s| Ok(s.stories(&filter)?)).await?;
    Ok(Json(Paged::new(items, page)).into_response())
}

#[derive(Deserialize)]
struct StoryParams {
    limit: Option<u64>,
    offset: Option<u64>,
}

/// A story and a page of its articles in publication order.
#[derive(Serialize)]
struct StoryResponse {
    story: Option<StorySummary>,
    articles: Paged<ArticleSummary>,
}

async fn story(
    State(state): State<AppState>,
    Id(id): Id<i64>,
    Params(p): Params<StoryParams>,
) -> Result<Response, ApiError> {
    let page = page(p.limit, p.offset)?;
    let response = state
        .with_store(move |s| {
            let articles = s.story_articles(id, page)?;
            let summary = s
                .stories(&StoryFilter {
                    id: Some(id),
                    page: Page {
                        limit: 1,
                        offset: 0,
                    },
                    ..StoryFilter::default()
                })?
                .into_iter()
                .next();
            if summary.is_none() && articles.is_empty() {
                return Err(ApiError::not_found(format!("no story {id}")));
            }
            Ok(StoryResponse {
                story: summary,
                articles: Paged::new(articles, page),
            })
        })
        .await?;
    Ok(Json(response).into_response())
}

/// `POST /api/ingest` as JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IngestRequest {
    text: String,
    title: Option<String>,
    source: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Some(analyzer) = state.config.ingest.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest is disabled: start the server with --allow-ingest",
        ));
    };
    let body = body.map_err(|r| ApiError::new(r.status(), r.body_text()))?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain")
        .to_ascii_lowercase();
    let request = if content_type.starts_with("application/json") {
        serde_json::from_slice::<IngestRequest>(&body)
            .map_err(|e| ApiError::bad_request(format!("malformed JSON article: {e}")))?
    } else if content_type.starts_with("text/plain") {
        let text = String::from_utf8(body.to_vec())
            .map_err(|_| ApiError::bad_request("the article text is not UTF-8"))?;
        IngestRequest {
            text,
            title: None,
            source: None,
            published: None,
            url: None,
        }
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send text/plain or application/json",
        ));
    };
    if request.text.trim().is_empty() {
        return Err(ApiError::bad_request("the article text is empty"));
    }
    let published = date("published", request.published.clone())
        .or_else(|_| text("published", request.published))?;
    let mut article = Article::from_text(request.text);
    article.title = text("title", request.title)?;
    article.source = text("source", request.source)?;
    article.url = text("url", request.url)?;
    article.published = published;
    article.refresh_id();
    let id = article.id.clone();
    // Analysis is CPU work of its own; the store connection is taken only to write.
    let document = tokio::task::spawn_blocking(move || analyzer(article))
        .await
        .map_err(|e| ApiError::internal(format!("analysis failed: {e}")))?;
    let report = state
        .with_store(move |s| Ok(s.ingest(&[document], &[])?))
        .await?;
    let status = if report.articles_added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(serde_json::json!({ "id": id, "report": report })),
    )
        .into_response())
}
