//! Feeds: RSS 2.0, Atom and JSON Feed from files and URLs; complete embedded content used,
//! teasers fetched from a local server, bad feeds reported.

mod support;

use std::fs;
use std::time::Duration;

use newsgraph_core::InputErrorKind;
use newsgraph_ingest::{read_inputs, FetchOptions, InputFormat, ReadItem, ReadOptions};
use support::server::{serve, Reply, Server};
use tempfile::TempDir;

/// About 190 words of story text.
fn long_story(topic: &str) -> String {
    let sentence = format!(
        "Officials said the {topic} would be reviewed by an independent panel before the end \
         of the year, and that residents could send their views to the council in writing. "
    );
    sentence.repeat(7)
}

const TEASER: &str = "The council met on Monday to discuss the budget…";

fn rss(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Gazette World</title>
  <link>{base}/</link>
  <language>en-gb</language>
  <item>
    <title>Bridge plan reviewed</title>
    <link>{base}/bridge</link>
    <pubDate>Sat, 14 Mar 2026 09:30:00 GMT</pubDate>
    <dc:creator>Ann Reporter</dc:creator>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>{story}</p><p>Final paragraph of the bridge story.</p>]]></content:encoded>
  </item>
  <item>
    <title>Budget talks</title>
    <link>{base}/budget</link>
    <pubDate>Sun, 15 Mar 2026 10:00:00 GMT</pubDate>
    <description>{teaser}</description>
  </item>
  <item>
    <title>Gone story</title>
    <link>{base}/gone</link>
    <description>Teaser only…</description>
  </item>
</channel>
</rss>"#,
        story = long_story("bridge plan"),
        teaser = TEASER,
    )
}

const BUDGET_PAGE: &str = "The council met on Monday to discuss the budget for the coming year. \
    Members argued for three hours over cuts to library services and road repairs before \
    agreeing to a compromise proposed by the finance committee.";

fn site() -> Server {
    serve(|path, base| {
        match path {
        "/feed.xml" => Reply::new(200, "application/rss+xml", rss(base)),
        "/feed-as-xml" => Reply::new(200, "text/xml", rss(base)),
        "/budget" => Reply::new(
            200,
            "text/html; charset=utf-8",
            // The page has no date of its own: the item's fills it.
            format!("<html><head><title>Budget talks</title></head><body><article><h1>Budget talks</h1><p>{BUDGET_PAGE}</p></article></body></html>"),
        ),
        "/broken.xml" => Reply::new(200, "application/rss+xml", "<rss><channel><item><title>x</titl></item></channel>"),
        _ => Reply::new(404, "text/html", "<html><body>Not found</body></html>"),
    }
    })
}

fn options() -> ReadOptions {
    ReadOptions {
        fetch: Some(FetchOptions {
            timeout: Duration::from_secs(2),
            ..FetchOptions::default()
        }),
        ..ReadOptions::default()
    }
}

fn reasons(items: &[ReadItem]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            ReadItem::Article(a) => format!("article {}", a.title.as_deref().unwrap_or("-")),
            ReadItem::Error(e) => format!("{:?} {}: {}", e.kind, e.input, e.reason),
        })
        .collect()
}

#[test]
fn rss_url_items_use_complete_content_or_are_fetched() {
    let server = site();
    let feed_url = server.url("/feed.xml");
    let items: Vec<ReadItem> = read_inputs(std::slice::from_ref(&feed_url), &options()).collect();
    let lines = reasons(&items);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert_eq!(lines[0], "article Bridge plan reviewed");
    assert_eq!(lines[1], "article Budget talks");
    assert_eq!(
        lines[2],
        format!(
            "Io {feed_url}: item 3 ({}): fetching the page: HTTP status 404",
            server.url("/gone")
        )
    );

    let ReadItem::Article(bridge) = &items[0] else {
        unreachable!()
    };
    assert!(bridge.text.contains("Final paragraph of the bridge story."));
    assert_eq!(bridge.url.as_deref(), Some(server.url("/bridge").as_str()));
    assert_eq!(bridge.published.as_deref(), Some("2026-03-14T09:30:00Z"));
    assert_eq!(bridge.authors, ["Ann Reporter"]);
    assert_eq!(bridge.byline.as_deref(), Some("Ann Reporter"));
    assert_eq!(bridge.site_name.as_deref(), Some("Gazette World"));
    assert_eq!(bridge.origin.as_ref().unwrap().input, feed_url);
    // Embedded content: no page was fetched for it.
    let fetched: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(fetched, ["/feed.xml", "/budget", "/gone"]);

    let ReadItem::Article(budget) = &items[1] else {
        unreachable!()
    };
    assert!(budget
        .text
        .contains("compromise proposed by the finance committee"));
    assert_eq!(budget.published.as_deref(), Some("2026-03-15T10:00:00Z"));
    assert!(budget.captured.is_some());
    assert_eq!(budget.url.as_deref(), Some(server.url("/budget").as_str()));
}

#[test]
fn a_feed_served_as_plain_xml_is_sniffed() {
    let server = site();
    let items: Vec<ReadItem> = read_inputs(&[server.url("/feed-as-xml")], &options()).collect();
    assert_eq!(items.len(), 3);
}

#[test]
fn invalid_xml_gives_one_error_and_the_run_goes_on() {
    let server = site();
    let dir = TempDir::new().unwrap();
    let broken = dir.path().join("broken.rss");
    fs::write(&broken, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</titl></item></channel></rss>").unwrap();
    let after = dir.path().join("after.txt");
    fs::write(&after, "A report that follows the broken feed.").unwrap();
    let inputs = vec![
        broken.to_string_lossy().into_owned(),
        server.url("/broken.xml"),
        after.to_string_lossy().into_owned(),
    ];
    let items: Vec<ReadItem> = read_inputs(&inputs, &options()).collect();
    let lines = reasons(&items);
    assert_eq!(items.len(), 3, "{lines:#?}");
    for (i, input) in inputs[..2].iter().enumerate() {
        let ReadItem::Error(error) = &items[i] else {
            panic!("{lines:?}")
        };
        assert_eq!(&error.input, input);
        assert!(error.reason.contains("invalid XML"), "{}", error.reason);
    }
    assert!(matches!(&items[2], ReadItem::Article(_)));
}

#[test]
fn atom_and_json_feed_files_without_fetching() {
    let dir = TempDir::new().unwrap();
    let story = long_story("harbour plan");
    let atom = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour News</title>
  <id>urn:x</id><updated>2026-03-14T09:30:00Z</updated>
  <entry>
    <title>Harbour plan</title>
    <id>urn:1</id>
    <link rel="alternate" href="https://harbour.example/plan"/>
    <published>2026-03-14T08:00:00Z</published>
    <updated>2026-03-14T09:30:00Z</updated>
    <author><name>Bo Writer</name></author>
    <content type="html">&lt;p&gt;{story}&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Teaser only</title>
    <id>urn:2</id>
    <updated>2026-03-14T09:30:00Z</updated>
    <summary>Just a teaser, read more</summary>
  </entry>
</feed>"#
    );
    fs::write(dir.path().join("a.atom"), atom).unwrap();
    let json = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Gazette",
        "items": [{
            "id": "1",
            "url": "https://json.example/1",
            "title": "Port reopens",
            "content_text": long_story("port reopening"),
            "date_published": "2026-03-16T07:00:00Z",
            "authors": [{"name": "Cy Editor"}]
        }]
    });
    fs::write(dir.path().join("b.json"), json.to_string()).unwrap();
    fs::write(
        dir.path().join("c.xml"),
        "<?xml version=\"1.0\"?><svg></svg>",
    )
    .unwrap();
    fs::write(dir.path().join("d.json"), "{\"not\": \"a feed\"}").unwrap();
    let options = ReadOptions {
        fetch: None,
        ..ReadOptions::default()
    };
    let items: Vec<ReadItem> =
        read_inputs(&[dir.path().to_string_lossy().into_owned()], &options).collect();
    let lines = reasons(&items);
    assert_eq!(lines.len(), 5, "{lines:#?}");
    let ReadItem::Article(plan) = &items[0] else {
        panic!("{lines:?}")
    };
    assert_eq!(plan.title.as_deref(), Some("Harbour plan"));
    assert_eq!(plan.published.as_deref(), Some("2026-03-14T08:00:00Z"));
    assert_eq!(plan.modified.as_deref(), Some("2026-03-14T09:30:00Z"));
    assert_eq!(plan.authors, ["Bo Writer"]);
    assert!(plan.text.contains("harbour plan would be reviewed"));
    // No link and no fetching: the teaser is kept, with a notice.
    let ReadItem::Article(teaser) = &items[1] else {
        panic!("{lines:?}")
    };
    assert!(
        teaser
            .notices
            .iter()
            .any(|n| n.contains("may be an excerpt")),
        "{:?}",
        teaser.notices
    );
    let ReadItem::Article(port) = &items[2] else {
        panic!("{lines:?}")
    };
    assert_eq!(port.url.as_deref(), Some("https://json.example/1"));
    assert_eq!(port.byline.as_deref(), Some("Cy Editor"));
    assert_eq!(port.site_name.as_deref(), Some("JSON Gazette"));
    assert!(items[3].is_skip() && items[4].is_skip(), "{lines:#?}");
    assert!(
        lines[3].contains("c.xml: a .xml file that is not a feed"),
        "{lines:?}"
    );

    // Forced: a .json file named explicitly.
    let forced = ReadOptions {
        format: Some(InputFormat::Feed),
        ..options.clone()
    };
    let path = dir.path().join("b.json").to_string_lossy().into_owned();
    let items: Vec<ReadItem> = read_inputs(&[path], &forced).collect();
    assert!(matches!(&items[..], [ReadItem::Article(_)]));
}

#[test]
fn empty_feeds_and_items_without_anything() {
    let dir = TempDir::new().unwrap();
    let empty = dir.path().join("empty.rss");
    fs::write(
        &empty,
        "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
    )
    .unwrap();
    let nothing = dir.path().join("nothing.rss");
    fs::write(&nothing, "<rss version=\"2.0\"><channel><title>T</title><item><title>Only a title</title></item></channel></rss>").unwrap();
    let inputs = vec![
        empty.to_string_lossy().into_owned(),
        nothing.to_string_lossy().into_owned(),
    ];
    let items: Vec<ReadItem> = read_inputs(&inputs, &options()).collect();
    let lines = reasons(&items);
    assert_eq!(items.len(), 2, "{lines:?}");
    assert_eq!(items[0].error_kind(), Some(InputErrorKind::Empty));
    assert!(lines[0].ends_with("the feed has no items"), "{lines:?}");
    assert!(
        lines[1].ends_with("item 1 (no link): the item has neither content nor a link"),
        "{lines:?}"
    );
}
