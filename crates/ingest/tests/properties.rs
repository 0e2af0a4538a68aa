//! Whatever the bytes, the readers never panic and account for every input.

use std::io::Cursor;

use newsgraph_core::InputErrorKind;
use newsgraph_ingest::{
    read_inputs, read_jsonl, read_stream, read_text, InputFormat, ReadItem, ReadOptions,
};
use proptest::prelude::*;
use tempfile::TempDir;

/// Bytes that are often text-like, with JSON punctuation, line breaks, BOMs and bad bytes.
fn input_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => any::<u8>().prop_map(|b| vec![b]),
        2 => "[a-z :{}\\[\\]\",]{0,12}".prop_map(String::into_bytes),
        1 => Just(b"{\"text\":\"Word.\"}".to_vec()),
        1 => Just(b"\r\n".to_vec()),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"Title: T\n".to_vec()),
        1 => Just(b"\xEF\xBB\xBF".to_vec()),
        1 => Just(b"\xFF\xFE".to_vec()),
        1 => Just(vec![0xD8, 0x00]),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn check_item(item: &ReadItem, input: &str) {
    match item {
        ReadItem::Article(article) => {
            assert!(!article.text.trim().is_empty());
            assert_eq!(article.id.len(), 32);
            assert_eq!(
                article.origin.as_ref().map(|o| o.input.as_str()),
                Some(input)
            );
        }
        ReadItem::Error(error) => {
            assert_eq!(error.input, input);
            assert!(!error.reason.is_empty());
            assert_ne!(error.kind, InputErrorKind::Unsupported);
        }
    }
}

proptest! {
    #[test]
    fn any_bytes_as_text_stream(bytes in input_bytes(), max_bytes in prop_oneof![Just(u64::MAX), 0u64..64]) {
        let item = read_text(Cursor::new(&bytes), "in", max_bytes);
        check_item(&item, "in");
    }

    #[test]
    fn any_bytes_as_jsonl_stream(bytes in input_bytes(), max_bytes in prop_oneof![Just(u64::MAX), 0u64..64]) {
        let items: Vec<ReadItem> = read_jsonl(Cursor::new(&bytes), "in", max_bytes).collect();
        prop_assert!(!items.is_empty());
        let line_count = bytes.split(|&b| b == b'\n').count() as u64;
        let mut last_line = 0;
        for item in &items {
            check_item(item, "in");
            let line = match item {
                ReadItem::Article(article) => article.origin.as_ref().and_then(|o| o.line),
                ReadItem::Error(error) => error.line,
            };
            if let Some(line) = line {
                // Line numbers are real and strictly increasing.
                prop_assert!(line > last_line && line <= line_count, "{line} of {line_count}");
                last_line = line;
            }
        }
    }

    #[test]
    fn any_bytes_on_standard_input(bytes in input_bytes()) {
        let items: Vec<ReadItem> =
            read_stream(Cursor::new(bytes), "-", &ReadOptions::default()).collect();
        prop_assert!(!items.is_empty());
        for item in &items {
            check_item(item, "-");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_as_txt_and_jsonl_files(bytes in input_bytes(), small_limit in any::<bool>()) {
        let dir = TempDir::new().unwrap();
        let txt = dir.path().join("a.txt");
        let jsonl = dir.path().join("b.jsonl");
        std::fs::write(&txt, &bytes).unwrap();
        std::fs::write(&jsonl, &bytes).unwrap();
        let options = ReadOptions {
            max_bytes: if small_limit { 16 } else { 1 << 20 },
            ..ReadOptions::default()
        };
        let txt_name = txt.to_string_lossy().into_owned();
        let jsonl_name = jsonl.to_string_lossy().into_owned();
        let txt_items: Vec<ReadItem> = read_inputs(std::slice::from_ref(&txt_name), &options).collect();
        prop_assert_eq!(txt_items.len(), 1);
        check_item(&txt_items[0], &txt_name);
        let jsonl_items: Vec<ReadItem> = read_inputs(std::slice::from_ref(&jsonl_name), &options).collect();
        prop_assert!(!jsonl_items.is_empty());
        for item in &jsonl_items {
            check_item(item, &jsonl_name);
        }
        // The directory holding both yields the items of both.
        let dir_name = dir.path().to_string_lossy().into_owned();
        let all: Vec<ReadItem> = read_inputs(&[dir_name], &options).collect();
        prop_assert_eq!(all.len(), 1 + jsonl_items.len());
        // Forcing either format never loses the input either.
        for format in [InputFormat::Text, InputFormat::Jsonl] {
            let forced = ReadOptions { format: Some(format), ..options.clone() };
            prop_assert!(read_inputs(std::slice::from_ref(&txt_name), &forced).next().is_some());
        }
    }
}
