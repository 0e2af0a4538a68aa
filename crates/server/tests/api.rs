//! The HTTP API against a SQLite store filled with analysed fixture articles, through
//! `tower::ServiceExt::oneshot` (no sockets).

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use newsgraph_server::{router, AppState, ServerConfig, StorePool, MAX_LIMIT};
use serde_json::Value;
use tower::ServiceExt;

struct App {
    router: Router,
    _dir: tempfile::TempDir,
}

fn app_with(config: ServerConfig) -> App {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("store.db");
    common::fill_store(&path);
    let pool = StorePool::open(path.to_str().expect("utf-8 path"), 2).expect("pool");
    App {
        router: router(AppState::new(pool, config)),
        _dir: dir,
    }
}

fn app() -> App {
    app_with(ServerConfig::default())
}

async fn send(app: &App, request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let response = app.router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .expect("body");
    (status, content_type, body.to_vec())
}

async fn get(app: &App, uri: &str) -> (StatusCode, Value) {
    let request = Request::get(uri).body(Body::empty()).expect("request");
    let (status, content_type, body) = send(app, request).await;
    assert!(
        content_type.starts_with("application/json"),
        "{uri}: {status} with content type {content_type:?}"
    );
    let json = serde_json::from_slice(&body).expect("JSON body");
    (status, json)
}

async fn get_ok(app: &App, uri: &str) -> Value {
    let (status, json) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {json}");
    json
}

/// A 4xx answer with the JSON error shape.
async fn get_error(app: &App, uri: &str, expected: StatusCode) -> String {
    let (status, json) = get(app, uri).await;
    assert_eq!(status, expected, "{uri}: {json}");
    assert_eq!(json["error"]["status"], expected.as_u16(), "{json}");
    let message = json["error"]["message"]
        .as_str()
        .expect("message")
        .to_string();
    assert!(!message.is_empty());
    message
}

fn id_of(title_part: &str) -> String {
    common::documents()
        .iter()
        .find(|d| {
            d.article
                .title
                .as_deref()
                .is_some_and(|t| t.contains(title_part))
        })
        .map(|d| d.article.id.clone())
        .expect("fixture article")
}

#[tokio::test]
async fn health_reports_the_store() {
    let app = app();
    let json = get_ok(&app, "/api/health").await;
    assert_eq!(json["status"], "ok");
    assert_eq!(json["backend"], "sqlite");
    assert_eq!(json["ingest"], false);
    assert_eq!(json["counts"]["articles"], 3);
    assert_eq!(json["counts"]["events"], 2);
}

#[tokio::test]
async fn search_finds_articles_and_quotes_with_paging() {
    let app = app();
    let json = get_ok(&app, "/api/search?q=flood%20relief").await;
    let items = json["items"].as_array().expect("items");
    let titles: Vec<&str> = items
        .iter()
        .filter(|h| h["kind"] == "article")
        .filter_map(|h| h["article"]["title"].as_str())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("flood relief")),
        "{titles:?}"
    );
    assert!(!titles.iter().any(|t| t.contains("Nairobi")), "{titles:?}");

    let json = get_ok(&app, "/api/search?q=engineers&kind=quotes").await;
    let items = json["items"].as_array().expect("items");
    assert!(!items.is_empty(), "{json}");
    assert!(items.iter().all(|h| h["kind"] == "quote"), "{json}");

    // Pages: limit 1 gives one hit and the next offset; limits above the cap are capped.
    let json = get_ok(&app, "/api/search?q=flood&kind=articles&limit=1").await;
    assert_eq!(json["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["next_offset"], 1);
    let second = get_ok(&app, "/api/search?q=flood&kind=articles&limit=1&offset=1").await;
    assert_ne!(
        json["items"][0]["article"]["id"],
        second["items"][0]["article"]["id"]
    );
    let json = get_ok(&app, "/api/search?q=flood&limit=100000").await;
    assert_eq!(json["limit"], MAX_LIMIT);
    assert_eq!(json["next_offset"], Value::Null);
}

#[tokio::test]
async fn article_has_its_analysis_with_exact_spans() {
    let app = app();
    let id = id_of("flood relief");
    let json = get_ok(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(json["article"]["id"], id.as_str());
    let document = &json["document"];
    let text = document["article"]["text"].as_str().expect("text");
    assert_eq!(text, common::FLOODS);
    let mentions = document["mentions"].as_array().expect("mentions");
    assert!(!mentions.is_empty());
    for item in mentions
        .iter()
        .chain(document["places"].as_array().expect("places"))
    {
        let (start, end) = (item["span"]["start"].as_u64(), item["span"]["end"].as_u64());
        let (start, end) = (start.expect("start") as usize, end.expect("end") as usize);
        assert_eq!(
            &text[start..end],
            item["text"].as_str().expect("text"),
            "{item}"
        );
    }
    assert!(
        mentions.iter().any(|m| m["text"] == "Bola Tinubu"),
        "{mentions:?}"
    );
    let quotes = document["quotes"].as_array().expect("quotes");
    let direct: Vec<&str> = quotes
        .iter()
        .filter(|q| q["kind"] == "direct")
        .map(|q| {
            let span = &q["content"];
            let start = span["start"].as_u64().expect("start") as usize;
            let end = span["end"].as_u64().expect("end") as usize;
            &text[start..end]
        })
        .collect();
    assert!(
        direct.iter().any(|q| q.contains("We will send engineers")),
        "{direct:?}"
    );
    let event = &document["events"][0];
    assert_eq!(event["type"], "CONSULT");
    let trigger = &event["trigger"];
    let (start, end) = (
        trigger["start"].as_u64().expect("start"),
        trigger["end"].as_u64().expect("end"),
    );
    assert_eq!(&text[start as usize..end as usize], "met");
    // Stored quotes come along with their resolved speakers.
    assert!(!json["quotes"].as_array().expect("quotes").is_empty());
    // Tokens only on request.
    assert!(
        document["tokens"].as_array().is_none_or(Vec::is_empty),
        "{}",
        document["tokens"]
    );
    let json = get_ok(&app, &format!("/api/articles/{id}?tokens=true")).await;
    assert!(json["document"]["tokens"]
        .as_array()
        .is_some_and(|t| t.len() > 20));

    get_error(
        &app,
        "/api/articles/0000000000000000",
        StatusCode::NOT_FOUND,
    )
    .await;
    get_error(&app, "/api/articles/not%20an%20id", StatusCode::BAD_REQUEST).await;
    get_error(
        &app,
        &format!("/api/articles/{}", "a".repeat(200)),
        StatusCode::BAD_REQUEST,
    )
    .await;
}

#[tokio::test]
async fn entities_resolve_across_articles() {
    let app = app();
    let json = get_ok(&app, "/api/entities?name=Tinubu").await;
    let first = &json["items"][0];
    assert!(
        first["name"].as_str().is_some_and(|n| n.contains("Tinubu")),
        "{json}"
    );
    assert_eq!(first["articles"], 2, "{json}");
    let id = first["id"].as_i64().expect("id");
    let detail = get_ok(&app, &format!("/api/entities/{id}")).await;
    assert_eq!(detail["entity"]["id"], id);
    assert_eq!(detail["articles"].as_array().map(Vec::len), Some(2));
    let cooccurring: Vec<&str> = detail["cooccurring"]
        .as_array()
        .expect("cooccurring")
        .iter()
        .filter_map(|pair| pair[0]["name"].as_str())
        .collect();
    assert!(
        cooccurring.iter().any(|n| n.contains("Amherd")),
        "{cooccurring:?}"
    );
    assert!(
        !cooccurring.iter().any(|n| n.contains("Odinga")),
        "{cooccurring:?}"
    );

    let all = get_ok(&app, "/api/entities?limit=2").await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(all["next_offset"], 2);
    get_error(&app, "/api/entities/999999", StatusCode::NOT_FOUND).await;
    get_error(&app, "/api/entities/tinubu", StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn events_filter_by_actor_type_date_and_place() {
    let app = app();
    let all = get_ok(&app, "/api/events").await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2), "{all}");
    let protest = get_ok(&app, "/api/events?type=PROTEST").await;
    let items = protest["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{protest}");
    assert_eq!(items[0]["place"], "Nairobi");
    assert!((items[0]["lat"].as_f64().expect("lat") + 1.29).abs() < 1e-6);
    let by_actor = get_ok(&app, "/api/events?actor=Amherd").await;
    assert_eq!(by_actor["items"][0]["type"], "CONSULT", "{by_actor}");
    assert_eq!(by_actor["items"].as_array().map(Vec::len), Some(1));
    let by_place = get_ok(&app, "/api/events?place=KEN").await;
    assert_eq!(by_place["items"][0]["type"], "PROTEST", "{by_place}");
    let late = get_ok(&app, "/api/events?since=2026-03-18").await;
    assert_eq!(late["items"].as_array().map(Vec::len), Some(1), "{late}");
    let none = get_ok(&app, "/api/events?until=2026-01-01").await;
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0), "{none}");
    let merged = get_ok(&app, "/api/events?merged=true").await;
    assert_eq!(merged["items"].as_array().map(Vec::len), Some(2));

    get_error(
        &app,
        "/api/events?since=2026-13-01",
        StatusCode::BAD_REQUEST,
    )
    .await;
    get_error(&app, "/api/events?since=yesterday", StatusCode::BAD_REQUEST).await;
    get_error(&app, "/api/events?merged=perhaps", StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn quotes_and_stories() {
    let app = app();
    let quotes = get_ok(&app, "/api/quotes?speaker=Tinubu").await;
    let contents: Vec<&str> = quotes["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|q| q["content"].as_str())
        .collect();
    assert!(
        contents.iter().any(|c| c.contains("Every state")),
        "{quotes}"
    );
    assert!(
        !contents.iter().any(|c| c.contains("engineers")),
        "{contents:?}"
    );

    let stories = get_ok(&app, "/api/stories").await;
    let items = stories["items"].as_array().expect("items");
    let total: u64 = items.iter().filter_map(|s| s["articles"].as_u64()).sum();
    assert_eq!(total, 3, "{stories}");
    let id = items[0]["id"].as_i64().expect("id");
    let story = get_ok(&app, &format!("/api/stories/{id}")).await;
    assert_eq!(story["story"]["id"], id);
    assert_eq!(
        story["articles"]["items"].as_array().map(Vec::len),
        items[0]["articles"].as_u64().map(|n| n as usize)
    );
    get_error(&app, "/api/stories/424242", StatusCode::NOT_FOUND).await;
    get_error(
        &app,
        "/api/stories?min_articles=-1",
        StatusCode::BAD_REQUEST,
    )
    .await;
}

#[tokio::test]
async fn malformed_and_oversized_requests_get_json_errors() {
    let app = app();
    let message = get_error(&app, "/api/search", StatusCode::BAD_REQUEST).await;
    assert!(message.contains("q"), "{message}");
    get_error(&app, "/api/search?q=%20%20", StatusCode::BAD_REQUEST).await;
    get_error(
        &app,
        "/api/search?q=flood&kind=videos",
        StatusCode::BAD_REQUEST,
    )
    .await;
    get_error(
        &app,
        "/api/search?q=flood&limit=many",
        StatusCode::BAD_REQUEST,
    )
    .await;
    get_error(
        &app,
        "/api/search?q=flood&offset=99999999999",
        StatusCode::BAD_REQUEST,
    )
    .await;
    get_error(
        &app,
        &format!("/api/search?q={}", "w".repeat(600)),
        StatusCode::BAD_REQUEST,
    )
    .await;
    get_error(&app, "/api/search?q=a%00b", StatusCode::BAD_REQUEST).await;
    let long = format!("/api/search?q=flood&pad={}", "x".repeat(5000));
    get_error(&app, &long, StatusCode::URI_TOO_LONG).await;
    get_error(&app, "/api/nothing-here", StatusCode::NOT_FOUND).await;
    // Wrong method: 405, still JSON.
    let request = Request::delete("/api/search?q=x")
        .body(Body::empty())
        .expect("request");
    let (status, content_type, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(content_type.starts_with("application/json"));
    let json: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(json["error"]["status"], 405);
}

fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .expect("request")
}

async fn post_json(app: &App, request: Request<Body>) -> (StatusCode, Value) {
    let (status, content_type, body) = send(app, request).await;
    assert!(
        content_type.starts_with("application/json"),
        "{status} {content_type}"
    );
    (status, serde_json::from_slice(&body).expect("JSON"))
}

#[tokio::test]
async fn ingest_is_refused_when_read_only() {
    let app = app();
    let (status, json) = post_json(&app, post("/api/ingest", "text/plain", "Some news.")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(json["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("--allow-ingest")));
}

#[tokio::test]
async fn ingest_analyses_and_stores_within_limits() {
    let app = app_with(ServerConfig {
        ingest: Some(Arc::new(common::analyze)),
        max_body: 2048,
    });
    let text = "Finance minister Ngozi Okonjo-Iweala announced new tariffs in Lagos on Friday.";
    let (status, json) =
        post_json(&app, post("/api/ingest", "text/plain; charset=utf-8", text)).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(json["report"]["articles_added"], 1);
    let id = json["id"].as_str().expect("id").to_string();
    let article = get_ok(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(article["document"]["article"]["text"], text);
    // The same article again adds nothing.
    let (status, json) = post_json(&app, post("/api/ingest", "text/plain", text)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["report"]["articles_added"], 0);

    let body = serde_json::json!({"text": "Okonjo-Iweala left Lagos for Geneva.", "title": "Trade chief travels", "published": "2026-03-20"});
    let (status, json) = post_json(
        &app,
        post("/api/ingest", "application/json", body.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    let health = get_ok(&app, "/api/health").await;
    assert_eq!(health["counts"]["articles"], 5);

    let cases: [(Request<Body>, StatusCode); 6] = [
        (
            post("/api/ingest", "text/plain", "x".repeat(4096)),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            post("/api/ingest", "application/json", "{\"text\": "),
            StatusCode::BAD_REQUEST,
        ),
        (
            post("/api/ingest", "application/json", "{\"body\": \"x\"}"),
            StatusCode::BAD_REQUEST,
        ),
        (
            post("/api/ingest", "text/plain", "   "),
            StatusCode::BAD_REQUEST,
        ),
        (
            post("/api/ingest", "text/plain", vec![0xff, 0xfe, 0x41]),
            StatusCode::BAD_REQUEST,
        ),
        (
            post("/api/ingest", "image/png", "x"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (request, expected) in cases {
        let (status, json) = post_json(&app, request).await;
        assert_eq!(status, expected, "{json}");
        assert_eq!(json["error"]["status"], expected.as_u16());
    }
    let health = get_ok(&app, "/api/health").await;
    assert_eq!(health["counts"]["articles"], 5);
}

#[tokio::test]
async fn openapi_documents_every_route() {
    let app = app();
    let spec = get_ok(&app, "/api/openapi.json").await;
    assert!(spec["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.")));
    let paths = spec["paths"].as_object().expect("paths");
    let article = id_of("Nairobi");
    let entity = get_ok(&app, "/api/entities?limit=1").await["items"][0]["id"].clone();
    let story = get_ok(&app, "/api/stories?limit=1").await["items"][0]["id"].clone();
    for (path, operations) in paths {
        let uri = match path.as_str() {
            "/api/articles/{id}" => format!("/api/articles/{article}"),
            "/api/entities/{id}" => format!("/api/entities/{entity}"),
            "/api/stories/{id}" => format!("/api/stories/{story}"),
            "/api/search" => "/api/search?q=tax".to_string(),
            other => other.to_string(),
        };
        assert!(!uri.contains('{'), "undocumented parameter in {path}");
        if operations.get("get").is_some() {
            let (status, json) = get(&app, &uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}: {json}");
        } else {
            // POST-only routes exist (a GET is 405, not 404).
            let (status, _) = get(&app, &uri).await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        }
    }
    for route in [
        "/api/health",
        "/api/search",
        "/api/articles/{id}",
        "/api/entities",
        "/api/entities/{id}",
        "/api/events",
        "/api/quotes",
        "/api/stories",
        "/api/stories/{id}",
        "/api/ingest",
        "/api/openapi.json",
    ] {
        assert!(
            paths.contains_key(route),
            "{route} is not in the OpenAPI document"
        );
    }
}

#[tokio::test]
async fn the_ui_is_served() {
    let app = app();
    let (status, content_type, body) = send(
        &app,
        Request::get("/").body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    let html = String::from_utf8(body).expect("utf-8");
    assert!(html.contains("/app.js") && html.contains("search-form"));
    let (status, content_type, body) = send(
        &app,
        Request::get("/app.js")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/javascript"));
    assert!(String::from_utf8_lossy(&body).contains("TextEncoder"));
    let (_, content_type, body) = send(
        &app,
        Request::get("/world.json")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(content_type.starts_with("application/json"));
    let world: Value = serde_json::from_slice(&body).expect("world JSON");
    let countries = world["countries"].as_array().expect("countries");
    assert!(countries.len() > 150, "{} countries", countries.len());
    assert!(countries.iter().any(|c| c["name"] == "Kenya"));
}
