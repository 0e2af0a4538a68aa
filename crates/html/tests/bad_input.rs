//! Bad and hostile pages: each gives a clear error or a notice, never a panic.

use newsgraph_html::{extract, extract_article, HtmlError, DEFAULT_MAX_BYTES};
use proptest::prelude::*;

fn story(paragraphs: usize) -> String {
    let mut body = String::new();
    for i in 0..paragraphs {
        body.push_str(&format!(
            "<p>Paragraph {i}: the council met on Tuesday to discuss the flood defences along the river, and residents asked why the work had been delayed for a second year running.</p>\n"
        ));
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Flood defences delayed - Valley Times</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>Flood defences delayed</h1>{body}</article><footer>Valley Times, all rights reserved</footer></body></html>"
    )
}

#[test]
fn a_good_page_gives_text_paragraphs_and_metadata() {
    let url = "https://valley.example/2024/02/03/flood-defences";
    let article = extract_article(
        story(4).as_bytes(),
        Some(url),
        Some("text/html; charset=utf-8"),
    )
    .unwrap();
    assert_eq!(article.title.as_deref(), Some("Flood defences delayed"));
    assert_eq!(article.published.as_deref(), Some("2024-02-03"));
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(article.url.as_deref(), Some(url));
    assert_eq!(
        article.id,
        newsgraph_core::article_id(&article.text, Some(url))
    );
    assert!(article.text.contains("Paragraph 3: the council met"));
    assert!(!article.text.contains("all rights reserved"));
    assert!(article.paragraphs.len() >= 4);
    for span in &article.paragraphs {
        let paragraph = &article.text[span.start..span.end];
        assert!(!paragraph.is_empty() && !paragraph.contains("\n\n"));
    }
    assert!(
        article.notices.iter().any(|n| n.contains("URL")),
        "{:?}",
        article.notices
    );
}

#[test]
fn html_without_a_body_is_no_text() {
    let page = b"<html><head><title>Only a head</title><meta name=\"description\" content=\"x\"></head></html>";
    let error = extract(page, None, None).unwrap_err();
    assert!(matches!(error, HtmlError::NoText(_)), "{error}");
    assert!(error.to_string().starts_with("no main text found"));
}

#[test]
fn fifty_megabyte_single_line_page_is_refused_up_front() {
    let mut page = b"<html><body><p>".to_vec();
    page.resize(50 * 1024 * 1024, b'a');
    page.extend_from_slice(b"</p></body></html>");
    let start = std::time::Instant::now();
    let error = extract(&page, Some("https://big.example/"), None).unwrap_err();
    assert_eq!(
        error,
        HtmlError::TooLarge {
            size: page.len(),
            limit: DEFAULT_MAX_BYTES
        }
    );
    assert!(error.to_string().contains("over the"));
    // Refused before any parsing: far below a second even in a debug build.
    assert!(start.elapsed().as_secs() < 5);
}

#[test]
fn a_long_single_line_page_under_the_limit_is_read() {
    let sentence = "The river rose overnight and crews worked until dawn to hold it back. ";
    let line = sentence.repeat(20_000); // about 1.4 MB on one line
    let page = format!("<html><body><article><p>{line}</p></article></body></html>");
    let article = extract_article(page.as_bytes(), None, None).unwrap();
    assert!(article.text.len() > 1_000_000);
    assert_eq!(article.paragraphs.len(), 1);
}

#[test]
fn binary_served_as_html_is_not_html() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    let error = extract(png, None, Some("text/html")).unwrap_err();
    assert_eq!(error, HtmlError::NotHtml("the bytes are PNG image".into()));

    let mut noise = Vec::new();
    let mut state = 7u32;
    for _ in 0..4096 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        noise.push((state >> 16) as u8);
    }
    let error = extract(&noise, None, Some("text/html")).unwrap_err();
    assert!(matches!(error, HtmlError::NotHtml(_)), "{error}");

    let plain = b"Just a line of text, no markup at all.";
    assert!(matches!(
        extract(plain, None, None),
        Err(HtmlError::NotHtml(_))
    ));
    assert_eq!(extract(b"  \n ", None, None), Err(HtmlError::Empty));
}

#[test]
fn wrong_declared_charset_is_overruled_and_reported() {
    // Windows-1252 bytes served as UTF-8.
    let page = story(3).replace("council", "Stadtr\u{e4}te in K\u{f6}ln und M\u{fc}nchen");
    // The page also says <meta charset="utf-8">: the declaration is wrong twice.
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let bytes = bytes.into_owned();
    let article = extract_article(&bytes, None, Some("text/html; charset=utf-8")).unwrap();
    assert!(
        article.text.contains("Stadträte in Köln und München"),
        "{}",
        &article.text[..200]
    );
    assert!(
        article
            .notices
            .iter()
            .any(|n| n.contains("does not match the bytes")),
        "{:?}",
        article.notices
    );
}

#[test]
fn mojibake_is_reported_or_repaired() {
    let page = story(3).replace(
        "council",
        "caf\u{c3}\u{a9} owners\u{e2}\u{20ac}\u{2122} caf\u{c3}\u{a9}",
    );
    let article = extract_article(page.as_bytes(), None, None).unwrap();
    assert!(
        article.notices.iter().any(|n| n.contains("mojibake")),
        "{:?}",
        article.notices
    );
    assert!(
        article.text.contains("café owners’ café"),
        "{}",
        &article.text[..120]
    );
}

#[test]
fn broken_and_unclosed_html_still_gives_text() {
    let page = "<html><head><title>Broken page</title><body><div class=content><p>First paragraph of the story that is long enough to count as the main text of this page, with detail after detail.<p>Second paragraph, also never closed, with <b>bold <i>nested</b> tags</i> in the wrong order and a trailing <a href='x";
    let article = extract_article(page.as_bytes(), None, None).unwrap();
    assert!(article.text.contains("First paragraph of the story"));
    assert!(article.text.contains("Second paragraph, also never closed"));
    assert!(article.paragraphs.len() >= 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = extract_article(&bytes, Some("https://x.example/a"), Some("text/html"));
    }

    #[test]
    fn arbitrary_text_in_markup_never_panics(text in "\\PC{0,600}", charset in "[a-z0-9-]{0,12}") {
        let page = format!("<html><head><meta charset=\"{charset}\"></head><body><p>{text}</p><p>{text}</p></body></html>");
        if let Ok(article) = extract_article(page.as_bytes(), None, None) {
            for span in &article.paragraphs {
                prop_assert!(article.text.is_char_boundary(span.start));
                prop_assert!(article.text.is_char_boundary(span.end));
            }
        }
    }
}
