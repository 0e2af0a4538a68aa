//! The readers end to end, on inputs written into temporary directories.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use newsgraph_core::{article_id, Article, InputError, InputErrorKind, Origin};
use newsgraph_ingest::{
    read_inputs, read_stream, InputFormat, ReadItem, ReadOptions, DEFAULT_MAX_BYTES,
};
use tempfile::TempDir;

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

fn read_all(inputs: &[String], options: &ReadOptions) -> Vec<ReadItem> {
    read_inputs(inputs, options).collect()
}

fn read_one(input: &str) -> ReadItem {
    let mut items = read_all(&[input.to_string()], &ReadOptions::default());
    assert_eq!(items.len(), 1, "{items:#?}");
    items.remove(0)
}

fn article(item: ReadItem) -> Article {
    match item {
        ReadItem::Article(article) => article,
        ReadItem::Error(error) => panic!("expected an article, got error: {error}"),
    }
}

fn error(item: ReadItem) -> InputError {
    match item {
        ReadItem::Error(error) => error,
        ReadItem::Article(article) => panic!("expected an error, got article {article:?}"),
    }
}

/// (input, line, kind or None for an article) for each item.
fn summary(items: &[ReadItem]) -> Vec<(String, Option<u64>, Option<InputErrorKind>)> {
    items
        .iter()
        .map(|item| match item {
            ReadItem::Article(article) => {
                let origin = article.origin.clone().unwrap();
                (origin.input, origin.line, None)
            }
            ReadItem::Error(error) => (error.input.clone(), error.line, Some(error.kind)),
        })
        .collect()
}

// --- text files ---------------------------------------------------------------------------

#[test]
fn text_file_with_header_keeps_body_exactly() {
    let dir = TempDir::new().unwrap();
    let body = "Harbour reopens after storm\n\nThe port authority said on Monday that  ships\ncould dock again.\n";
    let path = write(
        dir.path(),
        "a.txt",
        format!("title: Harbour reopens\nDate: Mon, 2 Mar 2026 08:00:00 +0000\nSOURCE: Example Herald\nUrl: https://example.org/harbour\nByline: Jo Reporter\nLanguage: en\n\n{body}"),
    );
    let article = article(read_one(&path));
    assert_eq!(article.text, body);
    assert_eq!(article.title.as_deref(), Some("Harbour reopens"));
    assert_eq!(article.published.as_deref(), Some("2026-03-02T08:00:00Z"));
    assert_eq!(article.source.as_deref(), Some("Example Herald"));
    assert_eq!(article.url.as_deref(), Some("https://example.org/harbour"));
    assert_eq!(article.byline.as_deref(), Some("Jo Reporter"));
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(article.origin, Some(Origin::new(path, None)));
    assert_eq!(
        article.id,
        article_id(body, Some("https://example.org/harbour"))
    );
}

#[test]
fn text_file_without_header_is_untouched_and_has_no_title() {
    let dir = TempDir::new().unwrap();
    let text = "Council approves budget\n\nThe council voted 7-2.\n";
    let path = write(dir.path(), "b.txt", text);
    let article = article(read_one(&path));
    assert_eq!(article.text, text);
    assert_eq!(article.title, None);
    assert_eq!(article.published, None);
}

#[test]
fn unparsable_date_is_kept_as_given() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "c.txt", "Date: 03/04/2026\n\nBody.");
    assert_eq!(
        article(read_one(&path)).published.as_deref(),
        Some("03/04/2026")
    );
}

#[test]
fn header_without_body_is_empty() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "h.txt", "Title: Nothing else\n\n");
    let error = error(read_one(&path));
    assert_eq!(error.kind, InputErrorKind::Empty);
    assert_eq!(error.reason, "no article text after the header");
}

#[test]
fn binary_file() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "bin.txt",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest",
    );
    let error = error(read_one(&path));
    assert_eq!(error.kind, InputErrorKind::Binary);
    assert_eq!(error.reason, "binary file (NUL byte at offset 5)");
    assert_eq!(error.input, path);
    assert_eq!(error.line, None);
}

#[test]
fn invalid_utf8_file() {
    let dir = TempDir::new().unwrap();
    // Latin-1 "café" on the second line.
    let path = write(dir.path(), "latin1.txt", b"Headline\ncaf\xE9 opens\n");
    let error = error(read_one(&path));
    assert_eq!(error.kind, InputErrorKind::InvalidUtf8);
    assert_eq!(error.reason, "invalid UTF-8 at byte 12 (line 2)");
}

#[test]
fn empty_and_whitespace_only_files() {
    let dir = TempDir::new().unwrap();
    let empty = write(dir.path(), "empty.txt", "");
    let blank = write(dir.path(), "blank.txt", " \n\t\r\n  ");
    let empty_error = error(read_one(&empty));
    assert_eq!(
        (empty_error.kind, empty_error.reason.as_str()),
        (InputErrorKind::Empty, "file is empty")
    );
    let blank_error = error(read_one(&blank));
    assert_eq!(
        (blank_error.kind, blank_error.reason.as_str()),
        (InputErrorKind::Empty, "file holds only whitespace")
    );
}

#[test]
fn too_large_file_then_the_rest_continues() {
    let dir = TempDir::new().unwrap();
    let big = write(dir.path(), "big.txt", "word ".repeat(600));
    let small = write(dir.path(), "small.txt", "Short report.");
    let options = ReadOptions {
        max_bytes: 2048,
        ..ReadOptions::default()
    };
    let items = read_all(&[big.clone(), small], &options);
    assert_eq!(items.len(), 2);
    let error = error(items[0].clone());
    assert_eq!(error.kind, InputErrorKind::TooLarge);
    assert_eq!(error.input, big);
    assert_eq!(
        error.reason,
        "file is 2.9 KiB, over the 2 KiB limit (--max-bytes)"
    );
    assert_eq!(article(items[1].clone()).text, "Short report.");
}

#[test]
fn file_exactly_at_the_limit_is_read() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "edge.txt", "abcdefghij");
    let options = ReadOptions {
        max_bytes: 10,
        ..ReadOptions::default()
    };
    let items = read_all(&[path], &options);
    assert_eq!(article(items[0].clone()).text, "abcdefghij");
}

#[test]
fn utf8_bom_is_stripped() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "bom.txt", b"\xEF\xBB\xBFTitle: T\n\nBody.\n");
    let article = article(read_one(&path));
    assert_eq!(article.title.as_deref(), Some("T"));
    assert_eq!(article.text, "Body.\n");
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[test]
fn utf16_text_file_is_decoded() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "wide.txt",
        utf16le("Title: Ünïcode\n\nBody — ok.\n"),
    );
    let article = article(read_one(&path));
    assert_eq!(article.title.as_deref(), Some("Ünïcode"));
    assert_eq!(article.text, "Body — ok.\n");
}

#[test]
fn id_is_stable_across_crlf_and_lf() {
    let dir = TempDir::new().unwrap();
    let lf = write(
        dir.path(),
        "lf.txt",
        "Title: Same\n\nLine one.\nLine two.\n",
    );
    let crlf = write(
        dir.path(),
        "crlf.txt",
        "Title: Same\r\n\r\nLine one.\r\nLine two.\r\n",
    );
    let lf_article = article(read_one(&lf));
    let crlf_article = article(read_one(&crlf));
    assert_eq!(crlf_article.text, "Line one.\r\nLine two.\r\n");
    assert_eq!(crlf_article.title.as_deref(), Some("Same"));
    assert_eq!(lf_article.id, crlf_article.id);
}

#[test]
fn explicitly_named_file_is_read_whatever_its_extension() {
    let dir = TempDir::new().unwrap();
    let notes = write(dir.path(), "notes.md", "A report in markdown.");
    let bare = write(dir.path(), "REPORT", "A report without extension.");
    assert_eq!(article(read_one(&notes)).text, "A report in markdown.");
    assert_eq!(article(read_one(&bare)).text, "A report without extension.");
}

#[test]
fn nonexistent_path_is_an_io_error_and_the_rest_continues() {
    let dir = TempDir::new().unwrap();
    let missing = dir
        .path()
        .join("missing.txt")
        .to_string_lossy()
        .into_owned();
    let present = write(dir.path(), "present.txt", "Here.");
    let items = read_all(&[missing.clone(), present], &ReadOptions::default());
    assert_eq!(items.len(), 2);
    let error = error(items[0].clone());
    assert_eq!(error.kind, InputErrorKind::Io);
    assert_eq!(error.input, missing);
    assert_eq!(error.reason, "no such file or directory");
    assert_eq!(
        error.to_string(),
        format!("{missing}: no such file or directory")
    );
    assert_eq!(article(items[1].clone()).text, "Here.");
}

// --- JSONL ---------------------------------------------------------------------------------

#[test]
fn jsonl_malformed_line_between_good_lines() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "feed.jsonl",
        "{\"text\":\"First.\",\"title\":\"One\",\"url\":\"https://example.org/1\",\"published\":\"2026-03-01\",\"source\":\"Wire\"}\n{\"text\": oops}\n\n{\"text\":\"Third.\"}\n",
    );
    let items = read_all(std::slice::from_ref(&path), &ReadOptions::default());
    assert_eq!(
        summary(&items),
        vec![
            (path.clone(), Some(1), None),
            (path.clone(), Some(2), Some(InputErrorKind::MalformedJson)),
            (path.clone(), Some(4), None),
        ]
    );
    let first = article(items[0].clone());
    assert_eq!(first.title.as_deref(), Some("One"));
    assert_eq!(first.url.as_deref(), Some("https://example.org/1"));
    assert_eq!(first.published.as_deref(), Some("2026-03-01"));
    assert_eq!(first.source.as_deref(), Some("Wire"));
    assert_eq!(
        first.id,
        article_id("First.", Some("https://example.org/1"))
    );
    let malformed = error(items[1].clone());
    assert_eq!(
        malformed.reason,
        "malformed JSON: expected value at column 10"
    );
    assert_eq!(
        malformed.to_string(),
        format!("{path}:2: malformed JSON: expected value at column 10")
    );
}

#[test]
fn jsonl_without_text_and_non_object() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "bad.jsonl",
        "{\"title\":\"No text\"}\n[\"a\"]\n\"just a string\"\n{\"text\":\"\"}\n{\"text\":\"ok\"}\n",
    );
    let items = read_all(&[path], &ReadOptions::default());
    let reasons: Vec<(Option<u64>, Option<InputErrorKind>, String)> = items
        .iter()
        .map(|item| match item {
            ReadItem::Article(a) => (a.origin.as_ref().unwrap().line, None, a.text.clone()),
            ReadItem::Error(e) => (e.line, Some(e.kind), e.reason.clone()),
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                Some(1),
                Some(InputErrorKind::MissingText),
                "no \"text\" field (nor \"body\" or \"content\")".to_string()
            ),
            (
                Some(2),
                Some(InputErrorKind::MalformedJson),
                "expected a JSON object, found an array".to_string()
            ),
            (
                Some(3),
                Some(InputErrorKind::MalformedJson),
                "expected a JSON object, found a string".to_string()
            ),
            (
                Some(4),
                Some(InputErrorKind::MissingText),
                "\"text\" is empty".to_string()
            ),
            (Some(5), None, "ok".to_string()),
        ]
    );
}

#[test]
fn jsonl_with_crlf_line_endings() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "crlf.ndjson",
        "{\"text\":\"One.\"}\r\n\r\n{\"text\":\"Two.\\r\\nLines.\"}\r\n",
    );
    let items = read_all(&[path], &ReadOptions::default());
    assert_eq!(items.len(), 2);
    let second = article(items[1].clone());
    assert_eq!(second.text, "Two.\r\nLines.");
    assert_eq!(second.origin.unwrap().line, Some(3));
    assert_eq!(second.id, article_id("Two.\nLines.", None));
}

#[test]
fn jsonl_long_line_and_invalid_utf8_line_are_skipped_with_line_numbers() {
    let dir = TempDir::new().unwrap();
    let long_line = format!("{{\"text\":\"{}\"}}", "x".repeat(200));
    let mut contents = Vec::new();
    contents.extend_from_slice(b"{\"text\":\"a\"}\n");
    contents.extend_from_slice(long_line.as_bytes());
    contents.extend_from_slice(b"\n{\"text\":\"caf\xE9\"}\n{\"text\":\"d\"}");
    let path = write(dir.path(), "mixed.jsonl", contents);
    let options = ReadOptions {
        max_bytes: 100,
        ..ReadOptions::default()
    };
    let items = read_all(std::slice::from_ref(&path), &options);
    assert_eq!(
        summary(&items),
        vec![
            (path.clone(), Some(1), None),
            (path.clone(), Some(2), Some(InputErrorKind::TooLarge)),
            (path.clone(), Some(3), Some(InputErrorKind::InvalidUtf8)),
            (path.clone(), Some(4), None),
        ]
    );
    assert_eq!(
        error(items[1].clone()).reason,
        "line is 211 bytes, over the 100-byte limit (--max-bytes)"
    );
    assert_eq!(
        error(items[2].clone()).reason,
        "invalid UTF-8 at byte 12 of the line"
    );
}

#[test]
fn empty_and_blank_jsonl_files_are_reported() {
    let dir = TempDir::new().unwrap();
    let empty = write(dir.path(), "empty.jsonl", "");
    let blank = write(dir.path(), "blank.jsonl", "\n  \r\n\n");
    let empty_error = error(read_one(&empty));
    assert_eq!(
        (empty_error.kind, empty_error.reason.as_str()),
        (InputErrorKind::Empty, "file is empty")
    );
    let blank_error = error(read_one(&blank));
    assert_eq!(
        (blank_error.kind, blank_error.reason.as_str()),
        (InputErrorKind::Empty, "file holds only blank lines")
    );
}

#[test]
fn binary_jsonl_file_gives_one_record() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "image.jsonl",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n\n\n",
    );
    let error = error(read_one(&path));
    assert_eq!(error.kind, InputErrorKind::Binary);
    assert_eq!(error.line, None);
}

#[test]
fn jsonl_bom_utf8_and_utf16() {
    let dir = TempDir::new().unwrap();
    let utf8 = write(dir.path(), "bom.jsonl", b"\xEF\xBB\xBF{\"text\":\"A.\"}\n");
    let utf16 = write(
        dir.path(),
        "wide.jsonl",
        utf16le("{\"text\":\"Ä.\"}\r\n{\"text\":\"B.\"}\n"),
    );
    assert_eq!(article(read_one(&utf8)).text, "A.");
    let items = read_all(&[utf16], &ReadOptions::default());
    assert_eq!(items.len(), 2);
    assert_eq!(article(items[0].clone()).text, "Ä.");
    assert_eq!(article(items[1].clone()).origin.unwrap().line, Some(2));
}

#[test]
fn forced_format_overrides_extension() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "feed.txt",
        "{\"text\":\"A.\"}\n{\"text\":\"B.\"}\n",
    );
    let jsonl = ReadOptions {
        format: Some(InputFormat::Jsonl),
        ..ReadOptions::default()
    };
    assert_eq!(read_all(std::slice::from_ref(&path), &jsonl).len(), 2);
    assert_eq!(read_all(&[path], &ReadOptions::default()).len(), 1);
}

// --- directories ---------------------------------------------------------------------------

#[test]
fn directory_recursion_order_skips_and_hidden_entries() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "c.txt", "C.");
    write(&root, "b/x.txt", "X.");
    write(&root, "a/z.txt", "Z.");
    write(
        &root,
        "a/y.jsonl",
        "{\"text\":\"Y1.\"}\n{\"text\":\"Y2.\"}\n",
    );
    write(&root, "a/deeper/w.TEXT", "W.");
    write(&root, "notes.md", "not an article");
    write(&root, "LICENSE", "not an article");
    write(&root, ".DS_Store", "junk");
    write(&root, ".git/HEAD", "ref: refs/heads/main");
    let root_name = root.to_string_lossy().into_owned();
    let items = read_all(std::slice::from_ref(&root_name), &ReadOptions::default());
    let join = |name: &str| root.join(name).to_string_lossy().into_owned();
    assert_eq!(
        summary(&items),
        vec![
            (join(".DS_Store"), None, Some(InputErrorKind::Unsupported)),
            (join("LICENSE"), None, Some(InputErrorKind::Unsupported)),
            (join("a/deeper/w.TEXT"), None, None),
            (join("a/y.jsonl"), Some(1), None),
            (join("a/y.jsonl"), Some(2), None),
            (join("a/z.txt"), None, None),
            (join("b/x.txt"), None, None),
            (join("c.txt"), None, None),
            (join("notes.md"), None, Some(InputErrorKind::Unsupported)),
        ]
    );
    assert!(items[0].is_skip() && !items[0].is_failure());
    assert_eq!(error(items[0].clone()).reason, "hidden file");
    assert_eq!(
        error(items[8].clone()).reason,
        "unsupported file type .md (directories are read for .txt, .text, .jsonl, .ndjson, .html, .htm, .warc, .warc.gz, .rss, .atom and feed .xml / .json files)"
    );
    assert_eq!(
        error(items[1].clone()).reason,
        "file has no extension (directories are read for .txt, .text, .jsonl, .ndjson, .html, .htm, .warc, .warc.gz, .rss, .atom and feed .xml / .json files)"
    );
    // Same order on a second read.
    assert_eq!(read_all(&[root_name], &ReadOptions::default()), items);
}

#[test]
fn forced_format_reads_every_file_in_a_directory() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "a.md", "Markdown report.");
    write(dir.path(), "b", "Bare report.");
    write(dir.path(), ".hidden.txt", "Hidden.");
    let options = ReadOptions {
        format: Some(InputFormat::Text),
        ..ReadOptions::default()
    };
    let items = read_all(&[dir.path().to_string_lossy().into_owned()], &options);
    let kinds: Vec<_> = items.iter().map(ReadItem::error_kind).collect();
    assert_eq!(
        kinds,
        vec![Some(InputErrorKind::Unsupported), None, None],
        "{items:#?}"
    );
}

#[test]
fn hidden_root_directory_given_explicitly_is_walked() {
    let dir = TempDir::new().unwrap();
    let root: PathBuf = dir.path().join(".corpus");
    write(&root, "a.txt", "A.");
    let items = read_all(
        &[root.to_string_lossy().into_owned()],
        &ReadOptions::default(),
    );
    assert_eq!(article(items[0].clone()).text, "A.");
}

#[test]
fn inputs_are_read_in_the_order_given() {
    let dir = TempDir::new().unwrap();
    let first = write(dir.path(), "z.txt", "Z.");
    let sub = dir.path().join("sub");
    write(&sub, "m.txt", "M.");
    let last = write(dir.path(), "a.jsonl", "{\"text\":\"A.\"}");
    let items = read_all(
        &[first, sub.to_string_lossy().into_owned(), last],
        &ReadOptions::default(),
    );
    let texts: Vec<String> = items.into_iter().map(|i| article(i).text).collect();
    assert_eq!(texts, vec!["Z.", "M.", "A."]);
}

#[test]
fn empty_directory_yields_nothing() {
    let dir = TempDir::new().unwrap();
    let items = read_all(
        &[dir.path().to_string_lossy().into_owned()],
        &ReadOptions::default(),
    );
    assert!(items.is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "a.txt", "A.");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let items = read_all(
        &[dir.path().to_string_lossy().into_owned()],
        &ReadOptions::default(),
    );
    assert_eq!(items.len(), 2, "{items:#?}");
    assert_eq!(article(items[0].clone()).text, "A.");
    assert_eq!(error(items[1].clone()).kind, InputErrorKind::Io);
}

// --- streams (standard input) --------------------------------------------------------------

fn stream(bytes: &[u8], options: &ReadOptions) -> Vec<ReadItem> {
    read_stream(Cursor::new(bytes.to_vec()), "-", options).collect()
}

#[test]
fn stream_of_text_is_one_article() {
    let items = stream(
        b"Title: Piped\n\nBody from a pipe.\n",
        &ReadOptions::default(),
    );
    assert_eq!(items.len(), 1);
    let article = article(items[0].clone());
    assert_eq!(article.title.as_deref(), Some("Piped"));
    assert_eq!(article.text, "Body from a pipe.\n");
    assert_eq!(article.origin, Some(Origin::new("-", None)));
}

#[test]
fn stream_starting_with_a_brace_is_jsonl() {
    let items = stream(
        b"\n{\"text\":\"A.\"}\n{\"text\":\"B.\"}\n",
        &ReadOptions::default(),
    );
    assert_eq!(
        summary(&items),
        vec![
            ("-".to_string(), Some(2), None),
            ("-".to_string(), Some(3), None)
        ]
    );
}

#[test]
fn stream_with_forced_format() {
    let text = ReadOptions {
        format: Some(InputFormat::Text),
        ..ReadOptions::default()
    };
    let items = stream(b"{\"text\":\"A.\"}\n", &text);
    assert_eq!(article(items[0].clone()).text, "{\"text\":\"A.\"}\n");
    let jsonl = ReadOptions {
        format: Some(InputFormat::Jsonl),
        ..ReadOptions::default()
    };
    let items = stream(b"not json\n", &jsonl);
    assert_eq!(error(items[0].clone()).kind, InputErrorKind::MalformedJson);
}

#[test]
fn stream_limits_and_bad_bytes() {
    let small = ReadOptions {
        max_bytes: 8,
        ..ReadOptions::default()
    };
    let too_large = error(stream(b"0123456789", &small)[0].clone());
    assert_eq!(too_large.kind, InputErrorKind::TooLarge);
    assert_eq!(
        too_large.reason,
        "input is over the 8-byte limit (--max-bytes)"
    );
    assert_eq!(
        article(stream(b"01234567", &small)[0].clone()).text,
        "01234567"
    );
    let empty = error(stream(b"", &ReadOptions::default())[0].clone());
    assert_eq!(
        (empty.input.as_str(), empty.kind),
        ("-", InputErrorKind::Empty)
    );
    let binary = error(stream(b"\x00\x01\x02", &ReadOptions::default())[0].clone());
    assert_eq!(binary.kind, InputErrorKind::Binary);
}

#[test]
fn default_limit_is_50_mib() {
    assert_eq!(ReadOptions::default().max_bytes, 50 * 1024 * 1024);
    assert_eq!(DEFAULT_MAX_BYTES, ReadOptions::default().max_bytes);
}
