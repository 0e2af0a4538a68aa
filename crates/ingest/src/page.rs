//! Raw pages: what WARC records, fetches and feeds yield before HTML extraction.

/// A web page as captured: where it came from and its bytes, not yet extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The input it came from (a WARC file, a feed, a URL named on the command line): the
    /// article's origin.
    pub input: String,
    /// The page's URL (`WARC-Target-URI`, the URL after redirects).
    pub url: Option<String>,
    /// When it was archived or fetched (ISO 8601 date-time).
    pub captured: Option<String>,
    /// The HTTP `Content-Type` (with its charset parameter) when known.
    pub content_type: Option<String>,
    /// The payload, with transfer and content codings undone.
    pub bytes: Vec<u8>,
    /// Where in the input, for error records: `record 3 (byte 1234)`.
    pub location: Option<String>,
}

use newsgraph_core::{Article, InputError, InputErrorKind, Origin};

use crate::ReadItem;

/// Extract a page's article (main text and metadata) with its capture data: `url`,
/// `captured`, origin; the id is recomputed from the text and URL. The error is the kind and
/// reason for the record.
pub(crate) fn extract_page(page: &Page) -> Result<Article, (InputErrorKind, String)> {
    match newsgraph_html::extract_article(
        &page.bytes,
        page.url.as_deref(),
        page.content_type.as_deref(),
    ) {
        Ok(mut article) => {
            if page.url.is_some() {
                article.url = page.url.clone();
            }
            if page.captured.is_some() {
                article.captured = page.captured.clone();
            }
            article.origin = Some(Origin::new(page.input.clone(), None));
            article.refresh_id();
            Ok(article)
        }
        Err(error) => Err((html_error_kind(&error), error.to_string())),
    }
}

/// The article of a page, or the error record naming the input, the place in it and the
/// URL.
pub fn page_to_item(page: Page) -> ReadItem {
    match extract_page(&page) {
        Ok(article) => ReadItem::Article(article),
        Err((kind, reason)) => {
            let mut context = Vec::new();
            if let Some(location) = &page.location {
                context.push(location.as_str());
            }
            if let Some(url) = &page.url {
                context.push(url.as_str());
            }
            let reason = if context.is_empty() {
                reason
            } else {
                format!("{}: {reason}", context.join(": "))
            };
            ReadItem::Error(InputError::new(page.input, None, kind, reason))
        }
    }
}

/// The article of an HTML fragment (a feed item's embedded content).
pub(crate) fn html_fragment_article(
    fragment: &str,
    url: Option<&str>,
) -> Result<Article, (InputErrorKind, String)> {
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><article>{fragment}</article></body></html>"
    );
    newsgraph_html::extract_article(page.as_bytes(), url, Some("text/html; charset=utf-8"))
        .map_err(|error| (html_error_kind(&error), error.to_string()))
}

/// The record kind of an extraction failure.
fn html_error_kind(error: &newsgraph_html::HtmlError) -> InputErrorKind {
    use newsgraph_html::HtmlError;
    match error {
        HtmlError::Empty | HtmlError::NoText(_) => InputErrorKind::Empty,
        HtmlError::TooLarge { .. } => InputErrorKind::TooLarge,
        HtmlError::NotHtml(_) | HtmlError::Extractor(_) => InputErrorKind::Binary,
    }
}
