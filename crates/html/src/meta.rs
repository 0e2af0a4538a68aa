//! Page metadata: title, authors, dates, canonical URL, site name, language, description.
//!
//! Sources, strongest first: JSON-LD (`application/ld+json`, the only script content ever
//! read), OpenGraph / `article:*` / Dublin Core / other `<meta>` tags, `itemprop`
//! microdata, `<time datetime>`, visible date lines, then the URL path. Dates inside other
//! scripts are never used.

use serde_json::Value;
use trafilatura::dom::{Document, NodeId};

use crate::markup;

use crate::{dates, title};

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    /// Where `published` came from (`json-ld`, `meta`, `time`, `text`, `url`).
    pub published_from: Option<&'static str>,
    pub modified: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
}

/// `<meta>` keys for the publication date, best first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "og:published_time",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "article.published",
    "published-date",
    "release_date",
    "date",
    "dc.date",
    "dcterms.date",
    "created",
    "creation_date",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "uploaddate",
    "datecreated",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "modified_time",
    "last-modified",
    "lastmod",
    "dc.date.modified",
    "dcterms.modified",
    "revised",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "byl",
    "twitter:creator",
];

/// JSON-LD `@type`s that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "report",
    "liveblogposting",
    "posting",
    "socialmediaposting",
    "discussionforumposting",
    "medicalwebpage",
    "review",
    "recipe",
    "creativework",
];

#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    description: Option<String>,
    language: Option<String>,
    /// Fallbacks from non-article objects (WebPage, WebSite).
    page_published: Option<String>,
    page_modified: Option<String>,
    site_name: Option<String>,
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(text: String) -> Option<String> {
    let text = clean(&text);
    (!text.is_empty()).then_some(text)
}

fn types_of(object: &serde_json::Map<String, Value>) -> Vec<String> {
    match object.get("@type") {
        Some(Value::String(t)) => vec![t.to_ascii_lowercase()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn string_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => non_empty(s.clone()),
        Value::Array(items) => items.iter().find_map(|v| string_of(Some(v))),
        Value::Object(o) => string_of(o.get("name")).or_else(|| string_of(o.get("@value"))),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn names_of(value: Option<&Value>, out: &mut Vec<String>) {
    match value {
        Some(Value::String(s)) => {
            for name in split_authors(s) {
                out.push(name);
            }
        }
        Some(Value::Array(items)) => {
            for item in items {
                names_of(Some(item), out);
            }
        }
        Some(Value::Object(o)) => {
            if let Some(name) = string_of(o.get("name")) {
                if let Some(name) = clean_author(&name) {
                    out.push(name);
                }
            }
        }
        _ => {}
    }
}

fn visit_json_ld(value: &Value, found: &mut JsonLd, depth: usize) {
    if depth > 16 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                visit_json_ld(item, found, depth + 1);
            }
        }
        Value::Object(object) => {
            let types = types_of(object);
            let is_article = types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
            if is_article {
                if found.headline.is_none() {
                    found.headline =
                        string_of(object.get("headline")).or_else(|| string_of(object.get("name")));
                }
                if found.published.is_none() {
                    found.published = string_of(object.get("datePublished"))
                        .or_else(|| string_of(object.get("dateCreated")))
                        .and_then(|d| dates::normalize(&d));
                }
                if found.modified.is_none() {
                    found.modified =
                        string_of(object.get("dateModified")).and_then(|d| dates::normalize(&d));
                }
                if found.authors.is_empty() {
                    names_of(object.get("author"), &mut found.authors);
                    if found.authors.is_empty() {
                        names_of(object.get("creator"), &mut found.authors);
                    }
                }
                if found.publisher.is_none() {
                    found.publisher = object.get("publisher").and_then(|p| match p {
                        Value::Object(o) => string_of(o.get("name")),
                        Value::String(s) => non_empty(s.clone()),
                        _ => None,
                    });
                }
                if found.description.is_none() {
                    found.description = string_of(object.get("description"));
                }
                if found.language.is_none() {
                    found.language = string_of(object.get("inLanguage"));
                }
            } else {
                if found.page_published.is_none() {
                    found.page_published = string_of(object.get("datePublished"))
                        .or_else(|| string_of(object.get("uploadDate")))
                        .or_else(|| string_of(object.get("dateCreated")))
                        .and_then(|d| dates::normalize(&d));
                }
                if found.page_modified.is_none() {
                    found.page_modified =
                        string_of(object.get("dateModified")).and_then(|d| dates::normalize(&d));
                }
                if types
                    .iter()
                    .any(|t| t == "website" || t == "organization" || t == "newsmediaorganization")
                    && found.site_name.is_none()
                {
                    found.site_name = string_of(object.get("name"));
                }
            }
            for (key, child) in object {
                if matches!(
                    key.as_str(),
                    "@graph" | "mainEntity" | "mainEntityOfPage" | "itemListElement" | "hasPart"
                ) {
                    visit_json_ld(child, found, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn json_ld(doc: &Document) -> JsonLd {
    let mut found = JsonLd::default();
    for id in doc.scripts_with_type(&["application/ld+json"]) {
        let raw = doc.text_content(id);
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_end_matches("//]]>")
            .trim();
        if raw.len() > 2_000_000 {
            continue;
        }
        if let Ok(value) = serde_json::from_str::<Value>(raw) {
            visit_json_ld(&value, &mut found, 0);
        }
    }
    found
}

/// All `<meta>` tags as (lower-cased key, content), keyed by `property`, `name`,
/// `itemprop` or `http-equiv`.
fn meta_tags(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for id in doc.get_elements_by_tag_name(doc.root(), "meta") {
        let Some(content) = doc.get_attribute(id, "content") else {
            continue;
        };
        let content = clean(&content);
        if content.is_empty() {
            continue;
        }
        for attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = doc.get_attribute(id, attr) {
                out.push((key.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    out
}

fn meta_value<'a>(metas: &'a [(String, String)], key: &str) -> Option<&'a str> {
    metas
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn first_meta_date(metas: &[(String, String)], keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|key| meta_value(metas, key).and_then(dates::normalize))
}

/// Split a credit line into names: "Ann Lee and Bo Chan", "Ann Lee; Bo Chan", "Von Ann Lee
/// und Bo Chan".
pub fn split_authors(line: &str) -> Vec<String> {
    let line = clean(line);
    let mut names = Vec::new();
    let mut rest = line.as_str();
    for prefix in [
        "By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por ", "Autor: ", "Author: ",
        "Text: ",
    ] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped;
            break;
        }
    }
    let normalised = rest
        .replace(" and ", ";")
        .replace(" und ", ";")
        .replace(" & ", ";")
        .replace(" et ", ";")
        .replace('|', ";");
    for part in normalised.split(';') {
        if let Some(name) = clean_author(part) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// A plausible person or credit name, or `None` (URLs, e-mail, long sentences, empties).
fn clean_author(raw: &str) -> Option<String> {
    let name = clean(raw);
    let name = name
        .trim_matches(|c: char| c == ',' || c == '-' || c == '|' || c == '·' || c.is_whitespace())
        .to_string();
    let lower = name.to_lowercase();
    if name.is_empty()
        || name.len() > 80
        || name.split_whitespace().count() > 6
        || lower.contains("http")
        || lower.contains("www.")
        || lower.contains('@')
        || lower.contains('/')
        || name.chars().all(|c| !c.is_alphabetic())
        || [
            "admin",
            "administrator",
            "redaktion",
            "editor",
            "staff",
            "unknown",
            "null",
        ]
        .contains(&lower.as_str())
    {
        return None;
    }
    Some(name)
}

/// Does any ancestor of `id` (or itself) carry a class or id naming a date line?
fn looks_like_date_holder(doc: &Document, id: NodeId) -> bool {
    let class = doc
        .get_attribute(id, "class")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let ident = doc
        .get_attribute(id, "id")
        .unwrap_or_default()
        .to_ascii_lowercase();
    [
        "date", "time", "posted", "publish", "byline", "meta", "datum", "created",
    ]
    .iter()
    .any(|word| class.contains(word) || ident.contains(word))
}

fn is_in_skipped(doc: &Document, mut id: NodeId) -> bool {
    for _ in 0..64 {
        let tag = doc.tag_name(id).to_ascii_lowercase();
        if matches!(
            tag.as_str(),
            "script" | "style" | "noscript" | "template" | "footer" | "aside" | "nav"
        ) {
            return true;
        }
        let class = doc
            .get_attribute(id, "class")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if class.contains("comment")
            || class.contains("sidebar")
            || class.contains("related")
            || class.contains("widget")
        {
            return true;
        }
        match doc.parent(id) {
            Some(parent) => id = parent,
            None => return false,
        }
    }
    false
}

fn published_from_markup(doc: &Document, candidates: &markup::Candidates) -> Option<String> {
    // Microdata and the HTML5 publication markers (the rules of `markup`, strongest first).
    for rule in &candidates.date_markup {
        for &id in rule {
            let value = doc
                .get_attribute(id, "datetime")
                .or_else(|| doc.get_attribute(id, "content"))
                .or_else(|| doc.get_attribute(id, "title"))
                .unwrap_or_else(|| doc.text_content(id));
            if let Some(date) = dates::normalize(&value).or_else(|| dates::find_in_text(&value)) {
                return Some(date);
            }
        }
    }
    // The first <time datetime> outside comments, sidebars and footers.
    for id in doc
        .get_elements_by_tag_name(doc.root(), "time")
        .into_iter()
        .filter(|&id| doc.get_attribute(id, "datetime").is_some())
        .take(20)
    {
        if is_in_skipped(doc, id) {
            continue;
        }
        if let Some(date) = doc
            .get_attribute(id, "datetime")
            .and_then(|v| dates::normalize(&v))
        {
            return Some(date);
        }
    }
    None
}

/// A visible date line: an element whose class or id names a date, with a short text.
fn published_from_text(doc: &Document, candidates: &markup::Candidates) -> Option<String> {
    for &id in &candidates.date_lines {
        if is_in_skipped(doc, id) || !looks_like_date_holder(doc, id) {
            continue;
        }
        let text = doc.text_content(id);
        if text.len() > 300 {
            continue;
        }
        if let Some(date) = dates::find_in_text(&text) {
            return Some(date);
        }
    }
    None
}

/// Visible text of the body (never script, style or template content), up to `limit` bytes.
fn visible_text(doc: &Document, id: NodeId, out: &mut String, limit: usize, depth: usize) {
    if out.len() >= limit || depth > 200 {
        return;
    }
    if doc.is_text(id) {
        out.push_str(&doc.text_content(id));
        out.push(' ');
        return;
    }
    if doc.is_element(id)
        && matches!(
            doc.tag_name(id).to_ascii_lowercase().as_str(),
            "script" | "style" | "noscript" | "template" | "head" | "svg" | "select" | "option"
        )
    {
        return;
    }
    for child in doc.child_nodes(id) {
        visible_text(doc, child, out, limit, depth + 1);
    }
}

/// The first date written in the page's visible text.
fn published_from_body(doc: &Document) -> Option<String> {
    let body = doc.body()?;
    let mut text = String::new();
    visible_text(doc, body, &mut text, 200_000, 0);
    dates::find_in_long_text(&text)
}

fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Ok(absolute) = url::Url::parse(href) {
        return matches!(absolute.scheme(), "http" | "https").then(|| absolute.to_string());
    }
    let base = url::Url::parse(base?).ok()?;
    base.join(href).ok().map(|u| u.to_string())
}

fn normalize_language(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    let tag = tag.split([',', ';', ' ']).next().unwrap_or("").trim();
    let valid = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    valid.then(|| {
        let mut parts = tag.split('-');
        let primary = parts.next().unwrap_or("").to_ascii_lowercase();
        let mut out = primary;
        for part in parts {
            out.push('-');
            if part.len() == 2 {
                out.push_str(&part.to_ascii_uppercase());
            } else {
                out.push_str(part);
            }
        }
        out
    })
}

/// Read the page's metadata. `url` is where the page came from, if known.
pub fn page_meta(doc: &Document, url: Option<&str>) -> PageMeta {
    let metas = meta_tags(doc);
    let ld = json_ld(doc);
    // Date and author markup, found in one walk when the first source needs it.
    let markup_candidates = std::cell::OnceCell::new();
    let candidates = || markup_candidates.get_or_init(|| markup::find(doc));

    let site_name = meta_value(&metas, "og:site_name")
        .map(clean)
        .or_else(|| ld.publisher.clone())
        .or_else(|| ld.site_name.clone())
        .or_else(|| meta_value(&metas, "application-name").map(clean))
        .filter(|s| !s.is_empty());

    let title = title::page_title(
        doc,
        &title::TitleSources {
            json_ld: ld.headline.as_deref(),
            meta: meta_value(&metas, "og:title")
                .or_else(|| meta_value(&metas, "twitter:title"))
                .or_else(|| meta_value(&metas, "dc.title")),
            site_name: site_name.as_deref(),
            url,
        },
    );

    // Authors.
    let mut authors = ld.authors.clone();
    if authors.is_empty() {
        for key in AUTHOR_KEYS {
            if let Some(value) = meta_value(&metas, key) {
                let names = split_authors(value);
                if !names.is_empty() {
                    authors = names;
                    break;
                }
            }
        }
    }
    if authors.is_empty() {
        for rule in &candidates().authors {
            for &id in rule.iter().take(5) {
                if is_in_skipped(doc, id) {
                    continue;
                }
                let text = doc.text_content(id);
                if text.len() > 120 {
                    continue;
                }
                let names = split_authors(&text);
                if !names.is_empty() {
                    authors = names;
                    break;
                }
            }
            if !authors.is_empty() {
                break;
            }
        }
    }

    // Dates. A complete date in the URL path is the site's own record of the publication
    // day (in its time zone): it wins unless a stronger source agrees with it and adds the time.
    // Sources in order of strength, evaluated lazily (the body-text scans are the costly ones).
    let sources: [(&dyn Fn() -> Option<String>, &'static str); 6] = [
        (&|| ld.published.clone(), "json-ld"),
        (&|| first_meta_date(&metas, PUBLISHED_KEYS), "meta"),
        (&|| published_from_markup(doc, candidates()), "time"),
        (&|| ld.page_published.clone(), "json-ld"),
        (&|| published_from_text(doc, candidates()), "text"),
        (&|| published_from_body(doc), "body text"),
    ];
    let url_date = url.and_then(dates::from_url);
    let (published, published_from) = match &url_date {
        // Only the structured sources can add a time to the URL's day.
        Some(day) => sources[..4]
            .iter()
            .find_map(|(source, from)| {
                source()
                    .filter(|d| d.starts_with(day.as_str()))
                    .map(|d| (Some(d), Some(*from)))
            })
            .unwrap_or((Some(day.clone()), Some("url"))),
        None => sources
            .iter()
            .find_map(|(source, from)| source().map(|d| (Some(d), Some(*from))))
            .unwrap_or((None, None)),
    };
    let modified = ld
        .modified
        .clone()
        .or_else(|| first_meta_date(&metas, MODIFIED_KEYS))
        .or_else(|| ld.page_modified.clone());

    let canonical_url = doc
        .get_elements_by_tag_name(doc.root(), "link")
        .into_iter()
        .filter(|&id| {
            doc.get_attribute(id, "rel").is_some_and(|rel| {
                rel.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            })
        })
        .find_map(|id| doc.get_attribute(id, "href"))
        .and_then(|href| resolve(url, &href))
        .or_else(|| meta_value(&metas, "og:url").and_then(|href| resolve(url, href)));

    let language = doc
        .children(doc.root())
        .into_iter()
        .filter(|&id| doc.tag_name(id) == "html")
        .find_map(|id| {
            doc.get_attribute(id, "lang")
                .or_else(|| doc.get_attribute(id, "xml:lang"))
        })
        .and_then(|l| normalize_language(&l))
        .or_else(|| meta_value(&metas, "content-language").and_then(normalize_language))
        .or_else(|| meta_value(&metas, "language").and_then(normalize_language))
        .or_else(|| meta_value(&metas, "dc.language").and_then(normalize_language))
        .or_else(|| ld.language.as_deref().and_then(normalize_language))
        .or_else(|| meta_value(&metas, "og:locale").and_then(normalize_language));

    let description = meta_value(&metas, "description")
        .or_else(|| meta_value(&metas, "og:description"))
        .or_else(|| meta_value(&metas, "twitter:description"))
        .map(clean)
        .or_else(|| ld.description.clone())
        .filter(|d| !d.is_empty());

    PageMeta {
        title,
        authors,
        published,
        published_from,
        modified,
        canonical_url,
        site_name,
        language,
        description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str, url: Option<&str>) -> PageMeta {
        page_meta(&Document::parse(html), url)
    }

    #[test]
    fn json_ld_wins_and_scripts_are_never_read() {
        let page = r#"<html lang="en_GB"><head><title>Quake hits coast | Daily Planet</title>
            <meta property="og:site_name" content="Daily Planet">
            <script>var published = "2001-01-01";</script>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Daily Planet"},{"@type":"NewsArticle","headline":"Quake hits coast","datePublished":"2024-03-14T09:30:00+01:00","dateModified":"2024-03-15T10:00:00Z","author":[{"@type":"Person","name":"Lois Lane"},{"@type":"Person","name":"Clark Kent"}]}]}</script>
            <link rel="canonical" href="/news/quake"></head><body><h1>Quake hits coast</h1></body></html>"#;
        let meta = meta_of(page, Some("https://planet.example/news/quake?ref=x"));
        assert_eq!(meta.title.as_deref(), Some("Quake hits coast"));
        assert_eq!(meta.published.as_deref(), Some("2024-03-14T09:30:00+01:00"));
        assert_eq!(meta.modified.as_deref(), Some("2024-03-15T10:00:00Z"));
        assert_eq!(meta.authors, ["Lois Lane", "Clark Kent"]);
        assert_eq!(
            meta.canonical_url.as_deref(),
            Some("https://planet.example/news/quake")
        );
        assert_eq!(meta.site_name.as_deref(), Some("Daily Planet"));
        assert_eq!(meta.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn meta_tags_time_and_url_fallbacks() {
        let page = r#"<html><head><title>Floods - The Gazette</title><meta property="og:site_name" content="The Gazette"><meta name="author" content="By Ann Lee and Bo Chan">
            <meta name="description" content="  Rivers   rose. "></head><body><article><p>Text</p><time datetime="2023-07-02">2 July</time></article></body></html>"#;
        let meta = meta_of(page, None);
        assert_eq!(meta.title.as_deref(), Some("Floods"));
        assert_eq!(meta.authors, ["Ann Lee", "Bo Chan"]);
        assert_eq!(meta.published.as_deref(), Some("2023-07-02"));
        assert_eq!(meta.published_from, Some("time"));
        assert_eq!(meta.description.as_deref(), Some("Rivers rose."));

        let bare = meta_of(
            "<html><body><p>Hi</p></body></html>",
            Some("https://x.example/2022/11/05/story/"),
        );
        assert_eq!(bare.published.as_deref(), Some("2022-11-05"));
        assert_eq!(bare.published_from, Some("url"));
    }

    #[test]
    fn a_kicker_in_the_heading_is_not_the_title() {
        let page = r#"<html><head><meta property="og:title" content="Harbour reopens after the storm | Coast News">
            </head><body><h1><span>Weather</span> Harbour reopens after the storm</h1></body></html>"#;
        let meta = meta_of(page, Some("https://coastnews.example/harbour"));
        assert_eq!(
            meta.title.as_deref(),
            Some("Harbour reopens after the storm")
        );
        // A heading that only shares a word with the metadata stays the title.
        let page = r#"<html><head><meta property="og:title" content="Storm">
            </head><body><h1>Storm closes the harbour</h1></body></html>"#;
        assert_eq!(
            meta_of(page, None).title.as_deref(),
            Some("Storm closes the harbour")
        );
    }

    #[test]
    fn date_in_a_script_is_ignored() {
        let page = r#"<html><body><script>window.date = "2019-05-05"; document.write('<time datetime="2019-05-05">')</script><p>No date here.</p></body></html>"#;
        assert_eq!(meta_of(page, None).published, None);
    }
}
