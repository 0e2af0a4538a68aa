//! WARC reading on archives written here: plain, gzip per record, gzip whole file, and
//! damaged ones.

mod support;

use newsgraph_core::InputErrorKind;
use newsgraph_ingest::warc::{WarcItem, WarcPages, WarcProblem, WarcRecords};
use support::warc::{gzip, html_page, response, WarcRecord as Rec};

fn pages(bytes: &[u8]) -> Vec<WarcItem> {
    WarcPages::new(bytes, "test.warc", 1024 * 1024).collect()
}

fn summary(items: &[WarcItem]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            WarcItem::Page(page) => format!("page {}", page.url.as_deref().unwrap_or("-")),
            WarcItem::Error(error) => format!("{:?} {}", error.kind, error.reason),
        })
        .collect()
}

/// A small crawl: warcinfo, then request / response / metadata for three URLs, one of them
/// a redirect and one a PDF.
fn crawl() -> Vec<Rec> {
    vec![
        Rec::new(
            "warcinfo",
            None,
            "application/warc-fields",
            b"software: test\r\n".to_vec(),
        ),
        Rec::new(
            "request",
            Some("https://news.example/a"),
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n".to_vec(),
        ),
        Rec::new(
            "response",
            Some("https://news.example/a"),
            "application/http; msgtype=response",
            response(
                200,
                "text/html; charset=utf-8",
                &[],
                &html_page("Story A", "Body of A."),
            ),
        ),
        Rec::new(
            "metadata",
            Some("https://news.example/a"),
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n".to_vec(),
        ),
        Rec::new(
            "response",
            Some("https://news.example/old"),
            "application/http; msgtype=response",
            response(
                301,
                "text/html",
                &[("Location", "https://news.example/a")],
                b"",
            ),
        ),
        Rec::new(
            "response",
            Some("https://news.example/report.pdf"),
            "application/http; msgtype=response",
            response(200, "application/pdf", &[], b"%PDF-1.4 binary"),
        ),
        Rec::new(
            "response",
            Some("https://news.example/b"),
            "application/http; msgtype=response",
            response(200, "text/html", &[], &html_page("Story B", "Body of B.")),
        ),
    ]
}

fn plain(records: &[Rec]) -> Vec<u8> {
    records.iter().flat_map(Rec::to_bytes).collect()
}

fn gzip_per_record(records: &[Rec]) -> Vec<u8> {
    records.iter().flat_map(|r| gzip(&r.to_bytes())).collect()
}

const EXPECTED: [&str; 4] = [
    "page https://news.example/a",
    "Unsupported record 5 (byte OFFSET): https://news.example/old: HTTP status 301, not a page",
    "Unsupported record 6 (byte OFFSET): https://news.example/report.pdf: application/pdf, not HTML",
    "page https://news.example/b",
];

fn without_offsets(lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|line| match line.split_once(" (") {
            Some((head, rest)) if head.starts_with("Unsupported record") => {
                let tail = rest.split_once("): ").map_or("", |(_, t)| t);
                format!("{head} (byte OFFSET): {tail}")
            }
            _ => line,
        })
        .collect()
}

#[test]
fn plain_warc_pages_carry_uri_and_date() {
    let items = pages(&plain(&crawl()));
    assert_eq!(without_offsets(summary(&items)), EXPECTED);
    let WarcItem::Page(page) = &items[0] else {
        panic!("expected a page")
    };
    assert_eq!(page.input, "test.warc");
    assert_eq!(page.captured.as_deref(), Some("2026-03-14T09:30:00Z"));
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.bytes, html_page("Story A", "Body of A."));
    assert!(page
        .location
        .as_deref()
        .unwrap()
        .starts_with("record 3 (byte "));
}

#[test]
fn gzip_per_record_and_whole_file_read_the_same() {
    let plain_items = summary(&pages(&plain(&crawl())));
    let per_record = summary(&pages(&gzip_per_record(&crawl())));
    let whole = summary(&pages(&gzip(&plain(&crawl()))));
    assert_eq!(
        without_offsets(per_record.clone()),
        without_offsets(plain_items)
    );
    assert_eq!(without_offsets(whole), without_offsets(per_record.clone()));
    assert!(
        per_record[1].contains("gzip member at byte"),
        "{per_record:?}"
    );
}

#[test]
fn record_offsets_point_at_the_records() {
    let records = crawl();
    let bytes = plain(&records);
    let mut expected_offset = 0u64;
    let mut offsets = Vec::new();
    for record in &records {
        offsets.push(expected_offset);
        expected_offset += record.to_bytes().len() as u64;
    }
    let read: Vec<_> = WarcRecords::new(&bytes[..], u64::MAX)
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(read.len(), records.len());
    for (record, offset) in read.iter().zip(&offsets) {
        assert_eq!(record.place.offset, *offset);
    }
    assert_eq!(
        read[2].header("warc-target-uri"),
        Some("https://news.example/a")
    );
    assert_eq!(read[0].warc_type, "warcinfo");

    let gz = gzip_per_record(&records);
    let mut member_offset = 0u64;
    for (i, record) in WarcRecords::new(&gz[..], u64::MAX).enumerate() {
        let record = record.unwrap();
        assert_eq!(record.place.offset, member_offset, "record {}", i + 1);
        assert!(record.place.compressed);
        member_offset += gzip(&records[i].to_bytes()).len() as u64;
    }
}

#[test]
fn truncated_plain_record_is_reported_with_its_offset() {
    let records = crawl();
    let bytes = plain(&records);
    let cut = bytes.len() - 40;
    let items = pages(&bytes[..cut]);
    let last = summary(&items).pop().unwrap();
    let offset_of_last: usize = records[..6].iter().map(|r| r.to_bytes().len()).sum();
    assert!(
        last.starts_with(&format!(
            "Binary record 7 (byte {offset_of_last}): truncated record"
        )),
        "{last}"
    );
    assert!(last.contains("the file ends after"), "{last}");
    // The records before it are intact.
    assert_eq!(summary(&items)[0], "page https://news.example/a");
}

#[test]
fn truncated_gzip_member_in_the_middle_is_skipped_and_reading_goes_on() {
    let records = crawl();
    let mut bytes = Vec::new();
    let mut damaged_offset = 0;
    for (i, record) in records.iter().enumerate() {
        let member = gzip(&record.to_bytes());
        if i == 2 {
            // The response for /a: cut in half.
            damaged_offset = bytes.len();
            bytes.extend_from_slice(&member[..member.len() / 2]);
        } else {
            bytes.extend_from_slice(&member);
        }
    }
    let lines = summary(&pages(&bytes));
    assert!(
        lines[0].starts_with(&format!(
            "Binary record 3 (gzip member at byte {damaged_offset}"
        )),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("corrupt or truncated gzip data"),
        "{lines:?}"
    );
    // The rest is read: the metadata record is passed over, then 301, PDF and B.
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[3], "page https://news.example/b");
}

#[test]
fn truncated_gzip_at_the_end_of_the_file() {
    let bytes = gzip_per_record(&crawl());
    let items = pages(&bytes[..bytes.len() - 30]);
    let lines = summary(&items);
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("Binary record 7 (gzip member at byte"),
        "{last}"
    );
    assert!(
        last.contains("the file ends inside a gzip member"),
        "{last}"
    );
    let whole = gzip(&plain(&crawl()));
    let lines = summary(&pages(&whole[..whole.len() - 100]));
    assert!(lines.last().unwrap().contains("gzip"), "{lines:?}");
    assert_eq!(lines[0], "page https://news.example/a");
}

#[test]
fn record_shorter_than_its_member_claims_is_truncated_and_next_member_read() {
    let mut records = crawl();
    // Declare more content than the record holds: the member ends first.
    records[2].content_length_override = Some(records[2].block.len() as u64 + 500);
    let lines = summary(&pages(&gzip_per_record(&records)));
    assert!(
        lines[0].starts_with("Binary record 3 (gzip member"),
        "{lines:?}"
    );
    assert!(lines[0].contains("the gzip member ends after"), "{lines:?}");
    assert_eq!(lines.last().unwrap(), "page https://news.example/b");
}

#[test]
fn garbage_between_plain_records_is_reported_then_skipped() {
    let records = crawl();
    let mut bytes = plain(&records[..3]);
    bytes.extend_from_slice(b"this line is not a record\r\nnor is this\r\n");
    bytes.extend_from_slice(&plain(&records[3..]));
    let lines = summary(&pages(&bytes));
    assert_eq!(lines[0], "page https://news.example/a");
    assert!(lines[1].starts_with("Binary record 4 (byte "), "{lines:?}");
    assert!(lines[1].contains("not a WARC record"), "{lines:?}");
    assert_eq!(lines.last().unwrap(), "page https://news.example/b");
}

#[test]
fn missing_content_length_and_bad_http() {
    let mut records = crawl();
    records[2].omit_content_length = true;
    let lines = summary(&pages(&gzip_per_record(&records)));
    assert!(lines[0].contains("no Content-Length header"), "{lines:?}");
    assert_eq!(lines.last().unwrap(), "page https://news.example/b");

    let bad_http = vec![Rec::new(
        "response",
        Some("https://news.example/x"),
        "application/http; msgtype=response",
        b"<html>not an HTTP response</html>".to_vec(),
    )];
    let lines = summary(&pages(&plain(&bad_http)));
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("https://news.example/x: bad HTTP response"),
        "{lines:?}"
    );
}

#[test]
fn oversized_blocks_are_streamed_past() {
    let mut records = crawl();
    let big = html_page("Big", &"word ".repeat(50_000));
    records.insert(
        2,
        Rec::new(
            "response",
            Some("https://news.example/big"),
            "application/http; msgtype=response",
            response(200, "text/html", &[], &big),
        ),
    );
    let items: Vec<WarcItem> =
        WarcPages::new(&gzip_per_record(&records)[..], "t.warc.gz", 100_000).collect();
    let lines = summary(&items);
    assert!(lines[0].starts_with("TooLarge record 3"), "{lines:?}");
    assert!(
        lines[0].contains("https://news.example/big, over the"),
        "{lines:?}"
    );
    assert_eq!(lines[1], "page https://news.example/a");
    let WarcItem::Error(error) = &items[0] else {
        panic!()
    };
    assert_eq!(error.kind, InputErrorKind::TooLarge);
}

#[test]
fn http_codings_in_archived_responses_are_undone() {
    let body = html_page("Chunked", "Body.");
    let mut chunked = Vec::new();
    for piece in body.chunks(7) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let records = vec![
        Rec::new(
            "response",
            Some("https://news.example/chunked"),
            "application/http; msgtype=response",
            response(
                200,
                "text/html",
                &[("Transfer-Encoding", "chunked")],
                &chunked,
            ),
        ),
        Rec::new(
            "response",
            Some("https://news.example/gz"),
            "application/http; msgtype=response",
            response(
                200,
                "text/html",
                &[("Content-Encoding", "gzip")],
                &gzip(&body),
            ),
        ),
        Rec::new(
            "resource",
            Some("file:///saved.html"),
            "text/html",
            body.clone(),
        ),
    ];
    let items = pages(&plain(&records));
    assert_eq!(items.len(), 3);
    for item in items {
        let WarcItem::Page(page) = item else {
            panic!("{item:?}")
        };
        assert_eq!(page.bytes, body);
    }
}

#[test]
fn not_a_warc_at_all() {
    let items = pages(b"hello, this is a text file\nwith two lines\n");
    let lines = summary(&items);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("not a WARC record"), "{lines:?}");
    assert!(pages(b"").is_empty());
    let mut error_free = WarcRecords::new(&b"\r\n\r\n"[..], 10);
    assert!(error_free.next().is_none());
    let gz = gzip(b"definitely not warc");
    let lines = summary(&pages(&gz));
    assert!(lines[0].contains("not a WARC record"), "{lines:?}");
    let _ = WarcProblem::Io(String::new());
}
