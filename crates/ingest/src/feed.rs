//! Feeds: RSS 0.9x / 1.0 / 2.0, Atom and JSON Feed (feed-rs), from a file or a URL.
//!
//! Each item becomes one article:
//!
//! * its **embedded content** (RSS `content:encoded`, Atom `content`, JSON Feed
//!   `content_html` / `content_text`, else the description / summary) is used when it is
//!   [complete](is_complete): at least [`MIN_COMPLETE_WORDS`] words and not ending in a
//!   truncation mark (`…`, `...`, `[…]`, `Read more`, `Continue reading`);
//! * otherwise the item's **page is fetched** and extracted; fetching needs
//!   [`ReadOptions::fetch`](crate::ReadOptions::fetch);
//! * when there is no link to fetch, incomplete content is used all the same, with a notice;
//! * the item's metadata (title, published and updated dates, authors, link, language) fills
//!   what the page does not say, and the feed's title stands in for the site name.
//!
//! A feed that does not parse gives one error record naming it and the reason; an item that
//! cannot become an article gives one error record naming the feed, the item (1-based
//! number) and its link.

use feed_rs::model::{Entry, Feed};
use newsgraph_core::{Article, InputError, InputErrorKind, Origin};

use crate::fetch::Fetcher;
use crate::page::{extract_page, html_fragment_article};
use crate::ReadItem;

/// Embedded content with fewer words than this is taken for a teaser.
pub const MIN_COMPLETE_WORDS: usize = 150;

/// Endings that mark an excerpt (compared lower-case, after trailing spaces and `»›→)]`).
const TRUNCATION_MARKS: &[&str] = &[
    "…",
    "...",
    "[…]",
    "[...]",
    "read more",
    "continue reading",
    "read the full story",
    "read full article",
    "the post appeared first on",
];

/// Whether embedded item text is the whole article, not a teaser; `text` is plain text.
pub fn is_complete(text: &str) -> bool {
    if text.split_whitespace().take(MIN_COMPLETE_WORDS).count() < MIN_COMPLETE_WORDS {
        return false;
    }
    let end = text
        .trim_end()
        .trim_end_matches(['»', '›', '→', ')', ']', ' ', '\u{a0}', '.', ':'])
        .to_lowercase();
    // `...` loses its dots above; look at the raw end too.
    let raw_end = text.trim_end().to_lowercase();
    !TRUNCATION_MARKS.iter().any(|mark| {
        let mark_core = mark.trim_end_matches(['.', ']']);
        raw_end.ends_with(mark) || (!mark_core.is_empty() && end.ends_with(mark_core))
    }) && !last_line_is_more_link(&raw_end)
}

/// `The post … appeared first on Site.` and similar one-line trailers.
fn last_line_is_more_link(text: &str) -> bool {
    let last = text.lines().last().unwrap_or("");
    last.contains("appeared first on") || last.starts_with("read more")
}

/// A feed item, as given by the feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// 1-based position in the feed.
    pub number: usize,
    pub title: Option<String>,
    pub link: Option<String>,
    /// ISO 8601 UTC.
    pub published: Option<String>,
    pub updated: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// The fullest embedded body: content, else summary.
    pub content: Option<String>,
    /// Whether `content` is HTML (else plain text).
    pub content_is_html: bool,
}

/// A parsed feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub language: Option<String>,
    pub items: Vec<FeedItem>,
}

/// Parse feed bytes (XML in any declared encoding, or JSON). `base_url` resolves relative
/// links.
pub fn parse_feed(bytes: &[u8], base_url: Option<&str>) -> Result<ParsedFeed, String> {
    let parser = feed_rs::parser::Builder::new().base_uri(base_url).build();
    let feed: Feed = parser.parse(bytes).map_err(|e| {
        // feed-rs reports some broken XML as a missing root: say what is broken.
        let is_xml = bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'<');
        match xml_problem(bytes) {
            Some(problem) if is_xml => format!("invalid XML: {problem}"),
            _ => describe_parse_error(&e),
        }
    })?;
    let language = feed.language.clone();
    let items = feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| item_of(i + 1, entry, base_url))
        .collect();
    Ok(ParsedFeed {
        title: feed
            .title
            .map(|t| clean_text(&t.content))
            .filter(|t| !t.is_empty()),
        language,
        items,
    })
}

/// Where well-formedness fails, if it does: unbalanced or mismatched tags, bad syntax.
fn xml_problem(bytes: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut depth = 0usize;
    let mut seen_root = false;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => {
                return if depth > 0 {
                    Some("the document ends inside an element".to_string())
                } else if !seen_root {
                    Some("no root element".to_string())
                } else {
                    None
                };
            }
            Ok(Event::Start(_)) => {
                depth += 1;
                seen_root = true;
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Empty(_)) => seen_root = true,
            Ok(_) => {}
            Err(error) => {
                return Some(format!("at byte {}: {error}", reader.error_position()));
            }
        }
    }
}

fn describe_parse_error(error: &feed_rs::parser::ParseFeedError) -> String {
    use feed_rs::parser::ParseFeedError;
    match error {
        ParseFeedError::ParseError(kind) => format!("not a feed: {kind}"),
        ParseFeedError::IoError(e) => format!("reading the feed: {e}"),
        ParseFeedError::JsonSerde(e) => format!("invalid JSON feed: {e}"),
        ParseFeedError::JsonUnsupportedVersion(v) => format!("unsupported JSON Feed version {v}"),
        ParseFeedError::XmlReader(e) => format!("invalid XML: {e}"),
    }
}

fn item_of(number: usize, entry: &Entry, base_url: Option<&str>) -> FeedItem {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|href| !href.is_empty())
        .map(|href| resolve(&href, base_url));
    let (content, content_is_html) = match (&entry.content, &entry.summary) {
        (Some(content), _)
            if content
                .body
                .as_deref()
                .is_some_and(|b| !b.trim().is_empty()) =>
        {
            (
                content.body.clone(),
                content.content_type.to_string().contains("html"),
            )
        }
        (_, Some(summary)) if !summary.content.trim().is_empty() => (
            Some(summary.content.clone()),
            summary.content_type.to_string().contains("html") || looks_like_html(&summary.content),
        ),
        _ => (None, false),
    };
    FeedItem {
        number,
        title: entry
            .title
            .as_ref()
            .map(|t| clean_text(&t.content))
            .filter(|t| !t.is_empty()),
        link,
        published: entry
            .published
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        updated: entry
            .updated
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        authors: entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref().map(clean_text))
            .filter(|n| !n.is_empty())
            .collect(),
        language: entry.language.clone(),
        content,
        content_is_html,
    }
}

/// Resolve a relative link against the feed's URL (feed-rs leaves RSS links as written).
fn resolve(href: &str, base: Option<&str>) -> String {
    if href.contains("://") {
        return href.to_string();
    }
    let Some(base) = base else {
        return href.to_string();
    };
    let Some(scheme_end) = base.find("://") else {
        return href.to_string();
    };
    let after = &base[scheme_end + 3..];
    let origin_end = after.find('/').map_or(base.len(), |i| scheme_end + 3 + i);
    if let Some(rest) = href.strip_prefix("//") {
        return format!("{}//{rest}", &base[..scheme_end + 1]);
    }
    if href.starts_with('/') {
        return format!("{}{href}", &base[..origin_end]);
    }
    let directory_end = base
        .rfind('/')
        .filter(|&i| i >= origin_end)
        .map_or(base.len(), |i| i + 1);
    let mut joined = base[..directory_end].to_string();
    if !joined.ends_with('/') {
        joined.push('/');
    }
    joined.push_str(href);
    joined
}

fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["<p", "<br", "<div", "<a ", "</"]
        .iter()
        .any(|t| lower.contains(t))
}

/// Entities decoded and whitespace collapsed, for titles and names.
fn clean_text(text: &str) -> String {
    let decoded = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The articles of a feed, one item at a time; pages are fetched as the iterator advances.
pub struct FeedItems {
    input: String,
    feed_title: Option<String>,
    feed_language: Option<String>,
    items: std::vec::IntoIter<FeedItem>,
    fetcher: Option<Fetcher>,
    /// A parse error, reported once.
    error: Option<InputError>,
}

impl FeedItems {
    /// Read the feed in `bytes`; `input` names it (file or URL), `base_url` is its URL when
    /// fetched. Items whose content is incomplete are fetched with `fetcher`, when given.
    pub fn new(
        bytes: &[u8],
        input: &str,
        base_url: Option<&str>,
        fetcher: Option<Fetcher>,
    ) -> Self {
        match parse_feed(bytes, base_url) {
            Ok(feed) => {
                let error = feed.items.is_empty().then(|| {
                    InputError::new(input, None, InputErrorKind::Empty, "the feed has no items")
                });
                FeedItems {
                    input: input.to_string(),
                    feed_title: feed.title,
                    feed_language: feed.language,
                    items: feed.items.into_iter(),
                    fetcher,
                    error,
                }
            }
            Err(reason) => FeedItems {
                input: input.to_string(),
                feed_title: None,
                feed_language: None,
                items: Vec::new().into_iter(),
                fetcher,
                error: Some(InputError::new(
                    input,
                    None,
                    InputErrorKind::MalformedJson,
                    reason,
                )),
            },
        }
    }

    fn item_error(
        &self,
        item: &FeedItem,
        kind: InputErrorKind,
        reason: impl std::fmt::Display,
    ) -> ReadItem {
        let link = item.link.as_deref().unwrap_or("no link");
        ReadItem::Error(InputError::new(
            self.input.clone(),
            None,
            kind,
            format!("item {} ({link}): {reason}", item.number),
        ))
    }

    fn read_item(&self, item: FeedItem) -> ReadItem {
        let embedded_text = item.content.as_deref().map(|c| {
            if item.content_is_html {
                strip_tags(c)
            } else {
                c.to_string()
            }
        });
        let complete = embedded_text.as_deref().is_some_and(is_complete);
        let result = if complete {
            self.embedded_article(&item, None)
        } else if let (Some(link), Some(fetcher)) = (&item.link, &self.fetcher) {
            match fetcher.fetch(link) {
                Ok(fetched) => {
                    let page = fetched.into_page(&self.input);
                    match extract_page(&page) {
                        Ok(article) => Ok(article),
                        Err((kind, reason)) => Err((kind, reason)),
                    }
                }
                Err(error) => Err((error.kind(), format!("fetching the page: {error}"))),
            }
        } else if item.content.is_some() {
            let why = if item.link.is_none() {
                "no link to fetch"
            } else {
                "fetching is off"
            };
            let words = embedded_text
                .as_deref()
                .map_or(0, |t| t.split_whitespace().count());
            self.embedded_article(
                &item,
                Some(format!(
                    "the feed item's content may be an excerpt ({words} words; {why})"
                )),
            )
        } else if item.link.is_some() {
            Err((
                InputErrorKind::Io,
                "the item has no content, and fetching is off".to_string(),
            ))
        } else {
            Err((
                InputErrorKind::Empty,
                "the item has neither content nor a link".to_string(),
            ))
        };
        match result {
            Ok(mut article) => {
                self.fill_gaps(&mut article, &item);
                ReadItem::Article(article)
            }
            Err((kind, reason)) => self.item_error(&item, kind, reason),
        }
    }

    /// The article made of the item's embedded content.
    fn embedded_article(
        &self,
        item: &FeedItem,
        notice: Option<String>,
    ) -> Result<Article, (InputErrorKind, String)> {
        let content = item.content.as_deref().unwrap_or("");
        let mut article = if item.content_is_html {
            html_fragment_article(content, item.link.as_deref())?
        } else {
            let mut article = Article::from_text(content.trim());
            article.url = item.link.clone();
            article
        };
        if article.text.trim().is_empty() {
            return Err((
                InputErrorKind::Empty,
                "the item's content holds no text".to_string(),
            ));
        }
        if let Some(notice) = notice {
            article.notices.push(notice);
        }
        Ok(article)
    }

    /// Item metadata fills what the article lacks.
    fn fill_gaps(&self, article: &mut Article, item: &FeedItem) {
        if article.title.is_none() {
            article.title = item.title.clone();
        }
        if article.published.is_none() {
            article.published = item.published.clone().or_else(|| item.updated.clone());
        }
        if article.modified.is_none() && item.updated != article.published {
            article.modified = item.updated.clone();
        }
        if article.authors.is_empty() {
            article.authors = item.authors.clone();
        }
        if article.byline.is_none() && !item.authors.is_empty() {
            article.byline = Some(item.authors.join(", "));
        }
        if article.language.is_none() {
            article.language = item.language.clone().or_else(|| self.feed_language.clone());
        }
        if article.url.is_none() {
            article.url = item.link.clone();
        }
        if article.site_name.is_none() {
            article.site_name = self.feed_title.clone();
        }
        article.origin = Some(Origin::new(self.input.clone(), None));
        article.refresh_id();
    }
}

impl Iterator for FeedItems {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        if let Some(error) = self.error.take() {
            return Some(ReadItem::Error(error));
        }
        let item = self.items.next()?;
        Some(self.read_item(item))
    }
}

/// Plain text of an HTML fragment, roughly: tags dropped, entities for spacing decoded. Used
/// only to count words and look at the ending.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&hellip;", "…")
        .replace("&#8230;", "…")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Whether bytes look like a feed: an `<rss`, `<feed` or `<rdf:RDF` root, or a JSON Feed.
pub fn sniff_feed(bytes: &[u8]) -> bool {
    let start = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(start).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        return text.contains("jsonfeed.org/version");
    }
    // The root element: the first tag that is not a declaration, comment or processing
    // instruction.
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        return rest.starts_with("rss") || rest.starts_with("feed") || rest.starts_with("rdf:rdf");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness() {
        let long = "word ".repeat(200);
        assert!(is_complete(&long));
        assert!(!is_complete("A short teaser."));
        assert!(!is_complete(&format!("{long}…")));
        assert!(!is_complete(&format!("{long} [...]")));
        assert!(!is_complete(&format!("{long} Read more »")));
        assert!(!is_complete(&format!("{long}\nContinue reading →")));
        assert!(!is_complete(&format!(
            "{long}\nThe post Floods appeared first on Example News."
        )));
        assert!(is_complete(&format!("{long} The end.")));
    }

    #[test]
    fn links_resolve_against_the_feed() {
        let base = Some("https://news.example/feeds/world.xml");
        assert_eq!(resolve("/a/1", base), "https://news.example/a/1");
        assert_eq!(resolve("b/2", base), "https://news.example/feeds/b/2");
        assert_eq!(resolve("//cdn.example/x", base), "https://cdn.example/x");
        assert_eq!(
            resolve("https://other.example/", base),
            "https://other.example/"
        );
        assert_eq!(
            resolve("/a", Some("http://h.example")),
            "http://h.example/a"
        );
        assert_eq!(resolve("/a", None), "/a");
    }

    #[test]
    fn xml_problems_are_located() {
        assert_eq!(xml_problem(b"<rss><channel/></rss>"), None);
        let problem = xml_problem(b"<rss><item><title>x</titl></item></rss>").unwrap();
        assert!(problem.starts_with("at byte 19: "), "{problem}");
        assert!(problem.contains("titl"), "{problem}");
        assert_eq!(
            xml_problem(b"<rss><channel>").as_deref(),
            Some("the document ends inside an element")
        );
        let error =
            parse_feed(b"<rss version=\"2.0\"><channel><item></chanel></rss>", None).unwrap_err();
        assert!(error.starts_with("invalid XML: at byte "), "{error}");
    }

    #[test]
    fn sniffing() {
        assert!(sniff_feed(
            b"<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"
        ));
        assert!(sniff_feed(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(sniff_feed(b"<rdf:RDF xmlns:rdf=\"x\">"));
        assert!(sniff_feed(
            b"{\"version\": \"https://jsonfeed.org/version/1.1\"}"
        ));
        assert!(!sniff_feed(b"{\"text\": \"x\"}"));
        assert!(!sniff_feed(b"<?xml version=\"1.0\"?><svg/>"));
        assert!(!sniff_feed(b"<!DOCTYPE html><html>"));
    }

    #[test]
    fn tags_are_stripped_for_counting() {
        assert_eq!(
            strip_tags("<p>One <b>two</b></p><p>three&hellip;</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["One", "two", "three…"]
        );
    }
}
