//! HTML news pages to [`Article`]s: main text with paragraph structure (byte spans into the
//! text), title, authors, publication and modification dates as ISO 8601, canonical URL, site
//! name, language and description, with every encoding problem met reported in `notices`.
//!
//! Main-text extraction uses the `trafilatura` crate (a Rust port of go-trafilatura), chosen
//! by measurement on trafilatura's own benchmark (see `docs/html-extraction.md`); its output
//! HTML is rendered to paragraphs here, and the metadata (JSON-LD, meta tags, `<time>`, URL
//! dates) is read here too. Dates are never taken from scripts other than JSON-LD.
//!
//! ```
//! let page = br#"<html lang="en"><head><title>Storm hits coast - Gazette</title>
//!   <meta property="article:published_time" content="2024-03-14T09:30:00Z"></head>
//!   <body><nav><a href="/">Home</a></nav><article><h1>Storm hits coast</h1>
//!   <p>A storm hit the coast on Thursday, officials said, cutting power to thousands of homes
//!   along the shore and closing the main road north for most of the day.</p>
//!   <p>Crews expected to restore power by Friday evening, the utility said in a statement.</p>
//!   </article></body></html>"#;
//! let article = newsgraph_html::extract_article(page, Some("https://gazette.example/storm"), None).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Storm hits coast"));
//! assert_eq!(article.published.as_deref(), Some("2024-03-14T09:30:00Z"));
//! assert!(article.text.contains("cutting power to thousands of homes"));
//! let first = article.paragraphs[0];
//! assert!(!article.text[first.start..first.end].contains("\n\n"));
//! ```

pub mod dates;
pub mod encoding;
mod markup;
pub mod meta;
mod script_bodies;
pub mod text;
mod title;

use std::panic::{catch_unwind, AssertUnwindSafe};

use newsgraph_core::{article_id, Article, Span};

pub use encoding::{Decoded, EncodingSource};
pub use meta::PageMeta;

/// Pages larger than this are refused ([`HtmlError::TooLarge`]); news pages are well under
/// it, and html5ever's memory grows with the page.
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    #[error("page is empty")]
    Empty,
    #[error("page is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("not HTML: {0}")]
    NotHtml(String),
    #[error("no main text found: {0}")]
    NoText(String),
    #[error("main-text extraction failed: {0}")]
    Extractor(String),
}

/// Extraction settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Largest page accepted, in bytes.
    pub max_bytes: usize,
    /// When the main extraction finds fewer characters than this, extract again with
    /// trafilatura's readability and jusText fallbacks (better recall on hard pages, about
    /// twice the time for those pages). 0 turns the second pass off; `usize::MAX` always uses it.
    pub fallback_below: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
            fallback_below: 1000,
        }
    }
}

/// Everything read from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Main text: paragraphs joined by a blank line.
    pub text: String,
    /// Each paragraph's byte span in `text`.
    pub paragraphs: Vec<Span>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    /// The encoding the page was decoded with (WHATWG name).
    pub encoding: &'static str,
    /// Problems met that did not stop extraction.
    pub notices: Vec<String>,
}

/// Known binary formats by their first bytes.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1F\x8B", "gzip data (decompress it first)"),
    (b"RIFF", "RIFF media (WebP, WAV, AVI)"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"BZh", "bzip2 data"),
    (b"\xFD7zXZ", "xz data"),
    (b"\x28\xB5\x2F\xFD", "zstd data"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"\x7FELF", "executable"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
];

/// Refuse bytes that are clearly not a page: known binary signatures, NUL bytes or many
/// control characters in the first kilobytes.
fn sniff_binary(bytes: &[u8]) -> Result<(), HtmlError> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(HtmlError::NotHtml(format!("the bytes are {what}")));
    }
    let utf16_bom = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if utf16_bom {
        return Ok(());
    }
    let head = &bytes[..bytes.len().min(4096)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if memchr::memchr(0, head).is_some() || controls * 20 > head.len() {
        return Err(HtmlError::NotHtml(format!(
            "binary data ({controls} control bytes in the first {} bytes)",
            head.len()
        )));
    }
    Ok(())
}

/// Extract the main text and metadata of an HTML page with the default [`Options`].
///
/// `bytes`: the raw page; `url`: where it came from, if known; `content_type`: the HTTP
/// Content-Type header, if any (for its charset).
pub fn extract(
    bytes: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
) -> Result<Extracted, HtmlError> {
    extract_with(bytes, url, content_type, &Options::default())
}

/// [`extract`] with explicit [`Options`].
pub fn extract_with(
    bytes: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
    options: &Options,
) -> Result<Extracted, HtmlError> {
    if bytes.len() > options.max_bytes {
        return Err(HtmlError::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(HtmlError::Empty);
    }
    sniff_binary(bytes)?;
    let decoded = encoding::decode(bytes, content_type, url);
    if !decoded.text.contains('<') {
        return Err(HtmlError::NotHtml("no markup in the page".into()));
    }
    let url = url.map(str::trim).filter(|u| !u.is_empty());

    let outcome = catch_unwind(AssertUnwindSafe(|| {
        run_extraction(&decoded.text, url, options)
    }));
    let (page_meta, content_html) = match outcome {
        Ok(result) => result?,
        Err(_) => {
            return Err(HtmlError::Extractor(
                "the main-text extractor panicked on this page".into(),
            ))
        }
    };
    let paragraphs = content_html;
    let (text, spans) = text::join_paragraphs(&paragraphs);
    if text.trim().is_empty() {
        return Err(HtmlError::NoText(
            "the page has no paragraph text outside boilerplate".into(),
        ));
    }
    let mut notices = decoded.notices;
    if page_meta.published_from == Some("url") {
        notices.push("publication date taken from the URL only".into());
    }
    Ok(Extracted {
        text,
        paragraphs: spans,
        title: page_meta.title,
        authors: page_meta.authors,
        published: page_meta.published,
        modified: page_meta.modified,
        canonical_url: page_meta.canonical_url,
        site_name: page_meta.site_name,
        language: page_meta.language,
        description: page_meta.description,
        encoding: decoded.encoding,
        notices,
    })
}

/// Parse, read the metadata, extract the main text; returns the metadata and paragraphs.
fn run_extraction(
    html: &str,
    url: Option<&str>,
    settings: &Options,
) -> Result<(PageMeta, Vec<String>), HtmlError> {
    // Script (but JSON-LD) and style bodies are never read: not parsing them saves about a
    // third of the parse.
    let doc = trafilatura::dom::Document::parse(&script_bodies::drop_script_and_style_bodies(html));
    let empty_body = doc.body().is_none_or(|body| {
        doc.children(body).is_empty() && doc.text_content(body).trim().is_empty()
    });
    if empty_body {
        return Err(HtmlError::NoText("the page has no body content".into()));
    }
    let page_meta = meta::page_meta(&doc, url);
    let paragraphs = if settings.fallback_below == usize::MAX {
        paragraphs_of(&trafilatura::extract_document(
            doc,
            &extractor_options(url, true),
        ))?
    } else {
        // Little or no text from the first pass: a second pass with the fallbacks (starting
        // from the first pass's state), kept when it finds more.
        let mut first = None;
        let (_, second) = trafilatura::extract_document_then_fallback(
            doc,
            &extractor_options(url, false),
            |result| {
                let paragraphs = paragraphs_of(result);
                let enough = paragraphs.as_ref().is_ok_and(|paragraphs| {
                    paragraphs.iter().map(|p| p.chars().count()).sum::<usize>()
                        >= settings.fallback_below
                });
                first = Some(paragraphs);
                !enough
            },
        );
        let first = first.unwrap_or_else(|| {
            Err(HtmlError::Extractor(
                "the extractor gave no first result".into(),
            ))
        });
        match second.as_ref().map(paragraphs_of) {
            None => first?,
            Some(second) => match (first, second) {
                (Ok(a), Ok(b)) if total_len(&b) > total_len(&a) => b,
                (Ok(a), _) => a,
                (Err(_), Ok(b)) => b,
                (Err(error), Err(_)) => return Err(error),
            },
        }
    };
    Ok((page_meta, paragraphs))
}

fn total_len(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(String::len).sum()
}

/// The extractor's settings: metadata is read by `meta`, so its own metadata pass is skipped.
fn extractor_options(url: Option<&str>, fallback: bool) -> trafilatura::Options {
    let options = trafilatura::Options::default()
        .with_exclude_comments(true)
        .with_skip_metadata(true)
        .with_content_tree(true)
        .with_fallback(fallback);
    match url.and_then(|u| url::Url::parse(u).ok()) {
        Some(parsed) => options.with_url(parsed),
        None => options,
    }
}

/// The paragraphs of an extractor result, trailing boilerplate cut.
fn paragraphs_of(
    result: &Result<trafilatura::ExtractResult, trafilatura::TrafilaturaError>,
) -> Result<Vec<String>, HtmlError> {
    match result {
        Ok(result) => {
            let mut paragraphs = match &result.content_tree {
                Some(tree) => text::paragraphs_of_tree(tree.tree()),
                None => text::paragraphs_of_fragment(&result.content_html),
            };
            text::cut_trailing_boilerplate(&mut paragraphs);
            Ok(paragraphs)
        }
        Err(trafilatura::TrafilaturaError::InsufficientContent { text_len, .. }) => Err(
            HtmlError::NoText(format!("only {text_len} characters of main text found")),
        ),
        Err(error) => Err(HtmlError::Extractor(error.to_string())),
    }
}

/// Extract a page as an [`Article`]: `text`, `paragraphs`, metadata, `url` and `id` =
/// [`article_id`]`(text, url)`. `byline` joins the authors with ", ".
pub fn extract_article(
    bytes: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
) -> Result<Article, HtmlError> {
    extract_article_with(bytes, url, content_type, &Options::default())
}

/// [`extract_article`] with explicit [`Options`].
pub fn extract_article_with(
    bytes: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
    options: &Options,
) -> Result<Article, HtmlError> {
    let extracted = extract_with(bytes, url, content_type, options)?;
    Ok(into_article(extracted, url))
}

/// Turn an [`Extracted`] page into an [`Article`].
pub fn into_article(extracted: Extracted, url: Option<&str>) -> Article {
    let url = url
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .or_else(|| extracted.canonical_url.clone());
    let byline = (!extracted.authors.is_empty()).then(|| extracted.authors.join(", "));
    let id = article_id(&extracted.text, url.as_deref());
    Article {
        id,
        url,
        source: extracted.site_name.clone(),
        title: extracted.title,
        byline,
        published: extracted.published,
        language: extracted.language,
        text: extracted.text,
        origin: None,
        authors: extracted.authors,
        modified: extracted.modified,
        canonical_url: extracted.canonical_url,
        site_name: extracted.site_name,
        description: extracted.description,
        captured: None,
        paragraphs: extracted.paragraphs,
        duplicate_of: None,
        notices: extracted.notices,
    }
}
