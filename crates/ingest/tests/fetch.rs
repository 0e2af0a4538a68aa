//! Fetching, against a local HTTP server on 127.0.0.1 started inside each test.

mod support;

use std::io::Write;
use std::time::Duration;

use flate2::write::{GzEncoder, ZlibEncoder};
use flate2::Compression;
use newsgraph_core::InputErrorKind;
use newsgraph_ingest::fetch::{FetchError, FetchOptions, Fetcher, USER_AGENT};
use newsgraph_ingest::{read_inputs, ReadItem, ReadOptions};
use support::server::{serve, Reply, Server};
use support::warc::html_page;

const STORY: &str = "The coast road closed on Tuesday after floods swept away part of the \
    embankment, officials said. Engineers will inspect the damage this week and the road is \
    expected to stay closed until the end of the month, the council said in a statement.";

fn site() -> Server {
    serve(|path, base| match path {
        "/page" => Reply::new(
            200,
            "text/html; charset=utf-8",
            html_page("Coast road closed", STORY),
        ),
        "/r1" => Reply::redirect("/r2"),
        "/r2" => Reply::redirect(&format!("{base}/r3")),
        "/r3" => Reply::redirect("/page"),
        "/loop" => Reply::redirect("/loop"),
        p if p.starts_with("/chain/") => {
            let n: u32 = p["/chain/".len()..].parse().unwrap_or(0);
            if n == 0 {
                Reply::redirect("/page")
            } else {
                Reply::redirect(&format!("/chain/{}", n - 1))
            }
        }
        "/gzip" => Reply::new(200, "text/html", gzip(&html_page("Gz", STORY)))
            .header("Content-Encoding", "gzip"),
        "/deflate" => Reply::new(200, "text/html", zlib(&html_page("Df", STORY)))
            .header("Content-Encoding", "deflate"),
        "/bomb" => Reply::new(200, "text/html", gzip(&vec![b' '; 5_000_000]))
            .header("Content-Encoding", "gzip"),
        "/large" => Reply::new(200, "text/html", vec![b'a'; 3_000_000]),
        "/slow" => Reply {
            delay: Some(Duration::from_secs(3)),
            ..Reply::new(200, "text/html", html_page("Slow", STORY))
        },
        "/binary" => Reply::new(
            200,
            "text/html",
            (0..20_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect::<Vec<u8>>(),
        ),
        "/pdf" => Reply::new(200, "application/pdf", b"%PDF-1.4 ...".to_vec()),
        "/ftp" => Reply::redirect("ftp://news.example/file"),
        _ => Reply::new(404, "text/html", "<html><body>Not found</body></html>"),
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_millis(1_000),
        max_bytes: 1_000_000,
        ..FetchOptions::default()
    })
}

#[test]
fn fetches_a_page_with_an_honest_user_agent() {
    let server = site();
    let fetched = fetcher().fetch(&server.url("/page")).unwrap();
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.url, server.url("/page"));
    assert_eq!(
        fetched.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(fetched.bytes, html_page("Coast road closed", STORY));
    assert!(fetched.fetched_at.ends_with('Z'));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("user-agent"), Some(USER_AGENT));
    assert!(USER_AGENT.starts_with("newsgraph/0."));
    assert_eq!(requests[0].header("accept-encoding"), Some("gzip, deflate"));
}

#[test]
fn follows_a_redirect_chain_and_reports_the_final_url() {
    let server = site();
    let fetched = fetcher().fetch(&server.url("/r1")).unwrap();
    assert_eq!(fetched.url, server.url("/page"));
    assert_eq!(fetched.requested, server.url("/r1"));
    // Five redirects are allowed, six are not.
    assert!(fetcher().fetch(&server.url("/chain/4")).is_ok());
    assert_eq!(
        fetcher().fetch(&server.url("/chain/5")),
        Err(FetchError::TooManyRedirects(5))
    );
}

#[test]
fn a_redirect_loop_ends() {
    let server = site();
    let error = fetcher().fetch(&server.url("/loop")).unwrap_err();
    assert_eq!(error, FetchError::TooManyRedirects(5));
    assert_eq!(
        error.to_string(),
        "more than 5 redirects (a redirect loop?)"
    );
    assert_eq!(server.requests().len(), 6);
}

#[test]
fn gzip_and_deflate_bodies_are_decoded() {
    let server = site();
    assert_eq!(
        fetcher().fetch(&server.url("/gzip")).unwrap().bytes,
        html_page("Gz", STORY)
    );
    assert_eq!(
        fetcher().fetch(&server.url("/deflate")).unwrap().bytes,
        html_page("Df", STORY)
    );
}

#[test]
fn bodies_over_the_limit_stop_at_the_limit() {
    let server = site();
    let error = fetcher().fetch(&server.url("/large")).unwrap_err();
    assert_eq!(error, FetchError::TooLarge(1_000_000));
    assert_eq!(error.kind(), InputErrorKind::TooLarge);
    assert!(
        error.to_string().contains("stopped reading there"),
        "{error}"
    );
    // A small gzip body that inflates past the limit.
    let error = fetcher().fetch(&server.url("/bomb")).unwrap_err();
    assert!(
        matches!(&error, FetchError::Decoding(reason) if reason.contains("decompresses to more than")),
        "{error}"
    );
}

#[test]
fn slow_servers_time_out() {
    let server = site();
    let quick = Fetcher::new(FetchOptions {
        timeout: Duration::from_millis(300),
        ..FetchOptions::default()
    });
    let error = quick.fetch(&server.url("/slow")).unwrap_err();
    assert!(matches!(error, FetchError::Timeout(_)), "{error:?}");
    assert_eq!(error.kind(), InputErrorKind::Io);
}

#[test]
fn errors_say_what_happened() {
    let server = site();
    assert_eq!(
        fetcher().fetch(&server.url("/missing")),
        Err(FetchError::Status(404))
    );
    assert_eq!(
        fetcher().fetch("ftp://news.example/x"),
        Err(FetchError::Scheme)
    );
    assert!(fetcher().fetch(&server.url("/ftp")).is_err());
    // Nothing listens on a port just released.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = fetcher()
        .fetch(&format!("http://127.0.0.1:{port}/"))
        .unwrap_err();
    assert!(matches!(error, FetchError::Network(_)), "{error:?}");
}

fn options() -> ReadOptions {
    ReadOptions {
        fetch: Some(FetchOptions {
            timeout: Duration::from_millis(1_000),
            max_bytes: 1_000_000,
            ..FetchOptions::default()
        }),
        ..ReadOptions::default()
    }
}

#[test]
fn url_inputs_become_articles_or_error_records_in_order() {
    let server = site();
    let inputs: Vec<String> = ["/r1", "/missing", "/binary", "/pdf", "/gzip", "/large"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let items: Vec<ReadItem> = read_inputs(&inputs, &options()).collect();
    assert_eq!(items.len(), 6, "{items:#?}");
    let ReadItem::Article(article) = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert_eq!(article.url.as_deref(), Some(server.url("/page").as_str()));
    assert_eq!(article.title.as_deref(), Some("Coast road closed"));
    assert!(article
        .text
        .contains("floods swept away part of the embankment"));
    assert!(article
        .captured
        .as_deref()
        .is_some_and(|c| c.ends_with('Z')));
    assert_eq!(article.origin.as_ref().unwrap().input, inputs[0]);
    assert_eq!(article.language.as_deref(), Some("en"));
    let error = |i: usize| match &items[i] {
        ReadItem::Error(error) => error.clone(),
        other => panic!("item {i}: {other:?}"),
    };
    assert_eq!(error(1).input, inputs[1]);
    assert_eq!(error(1).reason, "fetching: HTTP status 404");
    // Binary served as text/html: an error record, not an article of garbage.
    assert_eq!(error(2).input, inputs[2]);
    assert_ne!(error(2).kind, InputErrorKind::Unsupported);
    assert_eq!(error(3).kind, InputErrorKind::Unsupported);
    assert_eq!(
        error(3).reason,
        "application/pdf, neither an HTML page nor a feed"
    );
    assert!(matches!(&items[4], ReadItem::Article(a) if a.title.as_deref() == Some("Gz")));
    assert_eq!(error(5).kind, InputErrorKind::TooLarge);
}

#[test]
fn fetching_can_be_turned_off() {
    let options = ReadOptions {
        fetch: None,
        ..ReadOptions::default()
    };
    let items: Vec<ReadItem> =
        read_inputs(&["http://127.0.0.1:9/page".to_string()], &options).collect();
    assert!(matches!(&items[..], [ReadItem::Error(e)] if e.reason == "fetching is off"));
}
