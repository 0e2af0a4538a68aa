//! Whatever the bytes, the WARC and feed readers never panic, always end, and name the input
//! in every error.

mod support;

use newsgraph_ingest::feed::parse_feed;
use newsgraph_ingest::warc::{WarcItem, WarcPages, WarcRecords};
use newsgraph_ingest::FeedItems;
use proptest::prelude::*;
use support::warc::{gzip, html_page, response, WarcRecord as Rec};

/// A valid small archive: a request and a response per URL.
fn archive() -> Vec<Rec> {
    let mut records = Vec::new();
    for i in 0..3 {
        let uri = format!("https://news.example/{i}");
        records.push(Rec::new(
            "request",
            Some(&uri),
            "application/http; msgtype=request",
            format!("GET /{i} HTTP/1.1\r\n\r\n").into_bytes(),
        ));
        records.push(Rec::new(
            "response",
            Some(&uri),
            "application/http; msgtype=response",
            response(200, "text/html", &[], &html_page("T", "Body text.")),
        ));
    }
    records
}

fn plain() -> Vec<u8> {
    archive().iter().flat_map(Rec::to_bytes).collect()
}

fn per_record() -> Vec<u8> {
    archive().iter().flat_map(|r| gzip(&r.to_bytes())).collect()
}

/// Read everything; the reader must end well before `limit` items.
fn read_all(bytes: &[u8]) -> Vec<WarcItem> {
    let items: Vec<WarcItem> = WarcPages::new(bytes, "p.warc", 1 << 20)
        .take(10_000)
        .collect();
    assert!(items.len() < 10_000, "the reader did not end");
    for item in &items {
        match item {
            WarcItem::Page(page) => assert_eq!(page.input, "p.warc"),
            WarcItem::Error(error) => {
                assert_eq!(error.input, "p.warc");
                assert!(error.reason.starts_with("record "), "{}", error.reason);
            }
        }
    }
    let records = WarcRecords::new(bytes, 1 << 20).take(10_000).count();
    assert!(records < 10_000);
    items
}

/// Damage: flip some bytes, cut, or splice.
fn damaged(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    (
        prop::collection::vec((0..len, any::<u8>()), 0..6),
        0..=len,
        prop::collection::vec(any::<u8>(), 0..20),
    )
        .prop_map(move |(flips, cut, junk)| {
            let mut bytes = base.clone();
            for (at, value) in flips {
                bytes[at] = value;
            }
            bytes.truncate(cut.max(1));
            bytes.extend_from_slice(&junk);
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_all(&bytes);
        let mut with_header = b"WARC/1.1\r\nContent-Length: 5\r\nWARC-Type: response\r\n\r\n".to_vec();
        with_header.extend_from_slice(&bytes);
        read_all(&with_header);
    }

    #[test]
    fn damaged_plain_archives(bytes in damaged(plain())) {
        read_all(&bytes);
    }

    #[test]
    fn damaged_compressed_archives(bytes in damaged(per_record())) {
        read_all(&bytes);
    }

    #[test]
    fn damaged_whole_file_gzip(bytes in damaged(gzip(&plain()))) {
        read_all(&bytes);
    }

    #[test]
    fn truncated_archives_keep_the_records_before_the_cut(cut in 0usize..4000) {
        let bytes = per_record();
        let cut = cut.min(bytes.len());
        let items = read_all(&bytes[..cut]);
        // Every whole member before the cut is read.
        let mut end = 0;
        let mut whole_pages = 0;
        for record in archive() {
            end += gzip(&record.to_bytes()).len();
            if end <= cut && record.warc_type == "response" {
                whole_pages += 1;
            }
        }
        let pages = items.iter().filter(|i| matches!(i, WarcItem::Page(_))).count();
        prop_assert!(pages >= whole_pages, "{pages} < {whole_pages}");
    }

    #[test]
    fn arbitrary_feeds_never_panic(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..400),
            "<rss version=\"2.0\"><channel>[<>a-z/\"= ]{0,200}".prop_map(String::into_bytes),
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">[<>a-z/\"= &;]{0,200}".prop_map(String::into_bytes),
            "\\{\"version\":\"https://jsonfeed.org/version/1.1\",[\\[\\]{}a-z:\", ]{0,200}".prop_map(String::into_bytes),
        ]
    ) {
        let _ = parse_feed(&bytes, Some("https://news.example/feed"));
        let items: Vec<_> = FeedItems::new(&bytes, "f.xml", None, None).take(1000).collect();
        prop_assert!(!items.is_empty(), "a feed always gives at least one item or error");
    }
}
