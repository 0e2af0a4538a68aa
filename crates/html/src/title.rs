//! The page's headline, from its `<h1>`, JSON-LD `headline`, OpenGraph / Twitter / Dublin
//! Core title and `<title>`.
//!
//! A single `<h1>` is the headline as the reader sees it, except when it is the site's logo
//! (its name, or a link to the home page), when it wraps the headline in a kicker ("Dachzeile",
//! "roofline", `<small>`), or when it holds styles and scripts: those parts are left out. The
//! metadata titles and `<title>` lose the site's name ("Headline | Site", "Site - Headline").
//! HTML entities left encoded in metadata (`&#8216;`) are decoded.

use trafilatura::dom::{Document, NodeId};

/// Separators between a headline and the site's name in `<title>` and metadata titles.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " · ", " :: ", " » ", " › ", " // ", " • ", " ~ ", " : ",
];

/// Class or id words of the parts of a heading that are not the headline: kickers above it,
/// subtitles, labels.
const KICKER_WORDS: &[&str] = &[
    "kicker",
    "dachzeile",
    "roofline",
    "topline",
    "overline",
    "eyebrow",
    "subheadline",
    "subtitle",
    "supertitle",
    "pretitle",
    "spitzmarke",
    // A label or small print inside the heading ("topic-label", "h1small").
    "label",
    "small",
];

/// Class or id words of headings that are not the article's headline: the site's logo or
/// name, a section label, text for screen readers only.
const NOT_HEADLINE_WORDS: &[&str] = &[
    "logo",
    "site-title",
    "site-name",
    "sitename",
    "site_title",
    "brand",
    "sectionname",
    "section-name",
    "section-title",
];

/// Class words of text for screen readers only, never shown: a heading or a part of one.
const SCREEN_READER_WORDS: &[&str] = &[
    "sr-only",
    "screen-reader",
    "visually-hidden",
    "visuallyhidden",
    "show-for-sr",
    "element-invisible",
    "aural",
];

/// Elements whose text is never part of a heading as shown.
/// `<rt>` and `<rp>` are ruby annotations (readings above the characters), not the text.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "button", "select", "iframe", "rt", "rp",
];

/// Where the title may come from, besides the document's headings and `<title>`.
pub(crate) struct TitleSources<'a> {
    /// JSON-LD `headline` of the article object.
    pub json_ld: Option<&'a str>,
    /// `og:title`, else `twitter:title`, else `dc.title`.
    pub meta: Option<&'a str>,
    /// `og:site_name` or the JSON-LD publisher.
    pub site_name: Option<&'a str>,
    /// The page's URL, if known.
    pub url: Option<&'a str>,
}

/// Collapse whitespace; drop soft hyphens and zero-width characters.
fn clean(text: &str) -> String {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'
        )
    };
    if text.contains(invisible) {
        let visible: String = text.chars().filter(|&c| !invisible(c)).collect();
        return clean(&visible);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapse whitespace and decode HTML entities left in a metadata string.
fn clean_meta(text: &str) -> String {
    if text.contains('&') {
        clean(&html_escape::decode_html_entities(text))
    } else {
        clean(text)
    }
}

/// The page's headline, or `None` when it has no heading and no title.
pub(crate) fn page_title(doc: &Document, sources: &TitleSources) -> Option<String> {
    let site = SiteIdentity::new(sources.site_name, sources.url);
    let mut headings: Vec<String> = Vec::new();
    let mut logo = None;
    let metadata_titles: Vec<String> = [sources.json_ld, sources.meta]
        .into_iter()
        .flatten()
        .map(|t| squash(&clean_meta(t)))
        .filter(|t| !t.is_empty())
        .collect();
    let metadata_repeats = |heading: &str| {
        let heading = squash(heading);
        metadata_titles.is_empty() || metadata_titles.iter().any(|t| t.contains(&heading))
    };
    for id in doc.get_elements_by_tag_name(doc.root(), "h1") {
        let text = heading_text(doc, id);
        if text.is_empty() {
            continue;
        }
        // Some sites put the page's name in the breadcrumb trail as its <h1>; it is the
        // headline only when the article's own metadata headline repeats it.
        if in_breadcrumb(doc, id) && !metadata_repeats(&text) {
            continue;
        }
        let not_headline = {
            let words = class_words(doc, id);
            NOT_HEADLINE_WORDS.iter().any(|w| words.contains(w)) || is_screen_reader_only(doc, id)
        };
        if not_headline || site.names(&text) || links_home(doc, id, site.page.as_ref()) {
            logo.get_or_insert(text);
            continue;
        }
        // The same heading twice (a desktop and a mobile copy) is one heading.
        if headings.contains(&text) {
            continue;
        }
        headings.push(text);
        if headings.len() == 10 {
            break;
        }
    }
    // A logo heading names the site when the metadata does not.
    let site_name = sources.site_name.map(clean_meta).or(logo);
    let strip = |title: &str| {
        strip_site_name(
            &clean_meta(title),
            site_name.as_deref(),
            &headings,
            &site.host_labels,
        )
    };
    let title_tag = doc
        .get_elements_by_tag_name(doc.root(), "title")
        .first()
        .map(|&id| clean(&doc.text_content(id)))
        .filter(|t| !t.is_empty());
    let ld_title = sources.json_ld.map(strip);
    // A meta title whose markup left a quote unescaped (`content="Says "no""`) ends before
    // the quote; the `<title>` then holds the whole of it.
    let meta_title = sources.meta.map(strip).map(|meta| {
        let full = title_tag.as_deref().map(strip);
        match full {
            Some(full)
                if full.len() > meta.len()
                    && full.starts_with(meta.as_str())
                    && full[meta.len()..].trim_start().starts_with('"') =>
            {
                full
            }
            _ => meta,
        }
    });
    // One <h1> is the headline as shown. A heading that ends with the metadata's headline
    // after more words ("Kicker Headline", "1 March 2022 Headline") shows it with a kicker or
    // date line.
    let single_heading = (headings.len() == 1 && headings[0].chars().count() >= 3).then(|| {
        [&ld_title, &meta_title]
            .into_iter()
            .flatten()
            .find(|meta| headline_within(&headings[0], meta))
            .cloned()
            .unwrap_or_else(|| heading_without_site(&headings[0], site_name.as_deref(), &site))
    });
    // Several <h1>s: the one the page's titles repeat.
    let repeated_heading = || {
        let titles: Vec<String> = [sources.json_ld, sources.meta, title_tag.as_deref()]
            .into_iter()
            .flatten()
            .map(|t| clean_meta(t).to_lowercase())
            .collect();
        headings
            .iter()
            // Two words at least, or a long heading in a script written without spaces.
            .filter(|h| h.split_whitespace().count() >= 2 || h.chars().count() >= 8)
            .filter(|h| {
                let lower = h.to_lowercase();
                titles.iter().any(|t| t.contains(&lower))
            })
            .max_by_key(|h| h.len())
            .cloned()
    };
    single_heading
        .or_else(|| (headings.len() > 1).then(repeated_heading).flatten())
        .or(ld_title)
        .or(meta_title)
        .or_else(|| title_tag.as_deref().map(strip))
        .or_else(|| headings.first().cloned())
        .filter(|t| !t.is_empty())
}

/// A heading without a site name it ends with ("Headline | SITE.NET").
fn heading_without_site(heading: &str, site_name: Option<&str>, site: &SiteIdentity) -> String {
    for sep in TITLE_SEPARATORS {
        if let Some((head, last)) = heading.rsplit_once(sep) {
            let last = last.trim();
            let names_site = site.names(last)
                || site_name.is_some_and(|name| name.eq_ignore_ascii_case(last))
                || (last.contains('.') && !last.contains(' '));
            if !head.trim().is_empty() && names_site {
                return head.trim().to_string();
            }
        }
    }
    heading.to_string()
}

/// What names the site: its declared name and its host.
struct SiteIdentity {
    /// The page's URL, parsed once.
    page: Option<url::Url>,
    name: Option<String>,
    /// The host's labels without `www` and short labels (`www.spiegel.de` → `spiegel`).
    host_labels: Vec<String>,
    /// The whole host without `www`, letters and digits only (`jangrosserde`).
    host: Option<String>,
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl SiteIdentity {
    fn new(site_name: Option<&str>, url: Option<&str>) -> Self {
        let page = url
            .and_then(|u| url::Url::parse(u).ok())
            .map(archived_original);
        let host = page
            .as_ref()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        let host_labels = host
            .as_deref()
            .map(|host| {
                host.split('.')
                    .filter(|l| *l != "www" && l.len() > 2)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let host = host.map(|h| squash(h.strip_prefix("www.").unwrap_or(&h)));
        SiteIdentity {
            page,
            name: site_name.map(squash).filter(|s| !s.is_empty()),
            host_labels,
            host,
        }
    }

    /// Is this heading the site's name ("Gnaur", "jan-grosser.de", "SPIEGEL ONLINE" on
    /// spiegel.de)?
    fn names(&self, heading: &str) -> bool {
        let squashed = squash(heading);
        !squashed.is_empty()
            && (self.name.as_deref() == Some(squashed.as_str())
                || self.host.as_deref() == Some(squashed.as_str())
                || self
                    .host_labels
                    .iter()
                    .any(|label| squash(label) == squashed))
    }
}

/// Is the heading one link to the site's home page (a logo heading)?
fn links_home(doc: &Document, heading: NodeId, page: Option<&url::Url>) -> bool {
    let links = doc.get_elements_by_tag_name(heading, "a");
    let [link] = links.as_slice() else {
        return false;
    };
    if clean(&doc.text_content(*link)) != clean(&doc.text_content(heading)) {
        return false;
    }
    let Some(href) = doc.get_attribute(*link, "href") else {
        return false;
    };
    let href = href.trim();
    if matches!(
        href,
        "/" | "./" | "../" | "index.html" | "./index.html" | "../index.html" | "/index.html"
    ) {
        return true;
    }
    let Ok(target) = url::Url::parse(href).map(archived_original) else {
        return false;
    };
    // The home page of this host or of a domain above it (`wordpress.com` from
    // `en.blog.wordpress.com`).
    let same_site = match (page.and_then(url::Url::host_str), target.host_str()) {
        (Some(page), Some(target)) => {
            let page = page.strip_prefix("www.").unwrap_or(page);
            let target = target.strip_prefix("www.").unwrap_or(target);
            page == target
                || page
                    .strip_suffix(target)
                    .is_some_and(|sub| sub.ends_with('.'))
        }
        (None, _) => true,
        (Some(_), None) => false,
    };
    let logo_link = class_words(doc, *link).contains("logo");
    same_site && (logo_link || (matches!(target.path(), "" | "/") && target.query().is_none()))
}

/// The page a web archive's copy stands for: `https://web.archive.org/web/20080731095558/
/// http://www.example.de/` is `http://www.example.de/`; any other URL is itself.
fn archived_original(url: url::Url) -> url::Url {
    if url.host_str() != Some("web.archive.org") {
        return url;
    }
    let original = url
        .path()
        .strip_prefix("/web/")
        .and_then(|rest| rest.split_once('/'))
        .filter(|(stamp, _)| stamp.starts_with(|c: char| c.is_ascii_digit()))
        .and_then(|(_, original)| url::Url::parse(original).ok());
    original.unwrap_or(url)
}

fn class_words(doc: &Document, id: NodeId) -> String {
    let mut words = doc.class_name(id).to_lowercase();
    words.push(' ');
    words.push_str(&doc.id_attr(id).to_lowercase());
    words
}

fn is_screen_reader_only(doc: &Document, id: NodeId) -> bool {
    let words = class_words(doc, id);
    SCREEN_READER_WORDS.iter().any(|w| words.contains(w))
}

/// Is the heading inside a breadcrumb trail (the page's place in the site), within a few
/// levels?
fn in_breadcrumb(doc: &Document, heading: NodeId) -> bool {
    let mut node = heading;
    for _ in 0..6 {
        match doc.parent(node) {
            Some(parent) if doc.is_element(parent) => {
                if class_words(doc, parent).contains("breadcrumb") {
                    return true;
                }
                node = parent;
            }
            _ => return false,
        }
    }
    false
}

fn is_kicker(doc: &Document, id: NodeId) -> bool {
    let words = class_words(doc, id);
    KICKER_WORDS.iter().any(|kicker| words.contains(kicker))
}

/// Does this element, by class or `itemprop`, hold the headline itself?
fn is_headline_part(doc: &Document, id: NodeId) -> bool {
    doc.get_attribute(id, "itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("headline"))
        || class_words(doc, id)
            .split(|c: char| c.is_whitespace())
            .any(|word| {
                word == "headline" || word.ends_with("__headline") || word.ends_with("-headline")
            })
}

/// A heading's text as shown, without its kicker: the part marked as the headline when there
/// is one, else the visible text less kicker, style and script elements.
fn heading_text(doc: &Document, heading: NodeId) -> String {
    let part = doc
        .get_elements_by_tag_name(heading, "*")
        .into_iter()
        .find(|&id| is_headline_part(doc, id) && !is_kicker(doc, id));
    let root = part.unwrap_or(heading);
    let mut text = String::new();
    visible_text(doc, root, &mut text, true, 0);
    let text = without_date_line(trim_separators(&clean(&text))).to_string();
    if text.is_empty() {
        // Only a kicker: better the whole heading than nothing.
        let mut all = String::new();
        visible_text(doc, root, &mut all, false, 0);
        return clean(&all);
    }
    text
}

fn visible_text(doc: &Document, id: NodeId, out: &mut String, skip_kickers: bool, depth: usize) {
    if depth > 32 {
        return;
    }
    for child in doc.child_nodes(id) {
        if doc.is_text(child) {
            out.push_str(&doc.text_content(child));
            continue;
        }
        if !doc.is_element(child) {
            continue;
        }
        let tag = doc.tag_name(child).to_ascii_lowercase();
        if INVISIBLE.contains(&tag.as_str()) {
            continue;
        }
        if is_screen_reader_only(doc, child) {
            continue;
        }
        if skip_kickers && (tag == "small" || is_kicker(doc, child)) {
            out.push(' ');
            continue;
        }
        // Line breaks and blocks separate words even without whitespace in the markup.
        let block = matches!(tag.as_str(), "br" | "div" | "p" | "li" | "h2" | "h3");
        if block {
            out.push(' ');
        }
        visible_text(doc, child, out, skip_kickers, depth + 1);
        if block {
            out.push(' ');
        }
    }
}

/// Cut separators left at either end once a kicker or site name is gone (": Headline",
/// "Site -").
fn trim_separators(text: &str) -> &str {
    let separator =
        |c: char| c.is_whitespace() || matches!(c, ':' | '|' | '-' | '–' | '—' | '·' | '•' | '/');
    text.trim_matches(separator)
}

/// Cut a leading date line off a heading ("23.01.2022 - Headline", "2022-01-23: Headline").
fn without_date_line(text: &str) -> &str {
    let date_len = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '/' | '-')))
        .unwrap_or(text.len());
    let date = &text[..date_len];
    let digits = date.chars().filter(char::is_ascii_digit).count();
    let parts = date
        .split(['.', '/', '-'])
        .filter(|p| !p.is_empty())
        .count();
    let rest = &text[date_len..];
    let separated = rest.starts_with(|c: char| c.is_whitespace())
        && trim_separators(rest).len() + 2 < rest.len();
    if (6..=8).contains(&digits) && parts == 3 && separated {
        trim_separators(rest)
    } else {
        text
    }
}

/// Does `heading` end with `headline` (case-insensitive, at least three words) after more
/// words, at a word boundary?
fn headline_within(heading: &str, headline: &str) -> bool {
    let heading = heading.to_lowercase();
    let headline = headline.to_lowercase();
    headline.split_whitespace().count() >= 3
        && headline.len() < heading.len()
        && heading.strip_suffix(&headline).is_some_and(|rest| {
            // "Topic: Headline" reads as one headline; a kicker has no colon.
            rest.ends_with(|c: char| !c.is_alphanumeric()) && !rest.trim_end().ends_with(':')
        })
}

fn looks_like_site(part: &str, site_name: Option<&str>, hosts: &[String]) -> bool {
    let lower = part.to_lowercase();
    let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    site_name.is_some_and(|s| s.to_lowercase() == lower)
        // WordPress themes' default section label.
        || matches!(lower.as_str(), "blog archive" | "blog archiv")
        || hosts.iter().any(|h| {
            let h: String = h.chars().filter(|c| c.is_alphanumeric()).collect();
            !h.is_empty()
                && (squashed.contains(&h) || (squashed.len() >= 4 && h.contains(&squashed)))
        })
        || (lower.contains('.') && !lower.contains(' '))
}

/// Cut the site's name off a page title: "Headline | Site", "Site - Headline".
fn strip_site_name(
    title: &str,
    site_name: Option<&str>,
    headings: &[String],
    hosts: &[String],
) -> String {
    // "Site » Section » Headline" and "Headline | Section | Site" take more than one cut.
    let mut stripped = strip_site_name_raw(title, site_name, headings, hosts);
    for _ in 0..2 {
        let next = strip_site_name_raw(&stripped, site_name, headings, hosts);
        let front_cut = stripped.ends_with(next.as_str());
        let strong_back_cut = stripped
            .strip_prefix(next.as_str())
            .is_some_and(|rest| rest.starts_with(" | ") || rest.starts_with(" · "));
        if next.is_empty() || next == stripped || !(front_cut || strong_back_cut) {
            break;
        }
        stripped = next;
    }
    match trim_separators(&stripped) {
        "" => stripped,
        trimmed => trimmed.to_string(),
    }
}

fn strip_site_name_raw(
    title: &str,
    site_name: Option<&str>,
    headings: &[String],
    hosts: &[String],
) -> String {
    let title = clean(title);
    // A heading that is part of a composite title is the headline.
    if TITLE_SEPARATORS.iter().any(|sep| title.contains(sep)) {
        for heading in headings {
            if heading.chars().count() >= 4 && title.contains(heading.as_str()) {
                return heading.clone();
            }
        }
    }
    if let Some(site) = site_name {
        for sep in TITLE_SEPARATORS {
            if let Some(head) = title.strip_suffix(&format!("{sep}{site}")) {
                return head.trim().to_string();
            }
            if let Some(tail) = title.strip_prefix(&format!("{site}{sep}")) {
                return tail.trim().to_string();
            }
        }
    }
    for sep in TITLE_SEPARATORS {
        if let Some((first, rest)) = title.split_once(sep) {
            let (head, last) = title.rsplit_once(sep).unwrap_or((&title, ""));
            if looks_like_site(last, site_name, hosts) {
                return head.trim().to_string();
            }
            if looks_like_site(first, site_name, hosts) {
                return rest.trim().to_string();
            }
            // " | " and similar rarely occur inside headlines: cut a shorter last part. Dashes
            // and colons do ("Storm – a survivor's story"), so they are cut only when the
            // last part looks like a site's name (above).
            let weak = matches!(*sep, " - " | " – " | " — " | " : " | " ~ ");
            if !weak {
                // "Headline | Section | Site": the first part when it is the longest.
                let parts: Vec<&str> = title.split(sep).collect();
                let longest = parts.iter().map(|p| p.chars().count()).max().unwrap_or(0);
                if parts.len() > 2 && first.chars().count() == longest {
                    return first.trim().to_string();
                }
                if last.chars().count() < head.chars().count() {
                    return head.trim().to_string();
                }
            }
            break;
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_of(html: &str, url: Option<&str>) -> Option<String> {
        let doc = Document::parse(html);
        page_title(
            &doc,
            &TitleSources {
                json_ld: None,
                meta: None,
                site_name: None,
                url,
            },
        )
    }

    #[test]
    fn a_logo_heading_is_not_the_headline() {
        let page = r#"<html><head><title>Tide tables move online | Harbour Notes</title></head>
            <body><h1><a href="https://harbournotes.example/">Harbour Notes</a></h1>
            <h2 class="entry-title">Tide tables move online</h2><p>Text.</p></body></html>"#;
        assert_eq!(
            title_of(page, Some("https://harbournotes.example/2024/tides")).as_deref(),
            Some("Tide tables move online")
        );
        // The host's name as the only heading.
        let page = r#"<html><head><title>Ferry timetable changes</title></head>
            <body><h1>ferrywatch.example</h1><p>Text.</p></body></html>"#;
        assert_eq!(
            title_of(page, Some("https://www.ferrywatch.example/a")).as_deref(),
            Some("Ferry timetable changes")
        );
        // A heading that links elsewhere is a headline.
        let page = r#"<html><head><title>x</title></head><body>
            <h1><a href="https://harbournotes.example/2024/tides">Tide tables move online</a></h1>
            </body></html>"#;
        assert_eq!(
            title_of(page, Some("https://harbournotes.example/2024/tides")).as_deref(),
            Some("Tide tables move online")
        );
    }

    #[test]
    fn kickers_styles_and_line_breaks_in_the_heading() {
        let page = r#"<html><body><h1><span class="dachzeile">Leak</span>
            <span class="headline">Plans of the port authority published</span></h1></body></html>"#;
        assert_eq!(
            title_of(page, None).as_deref(),
            Some("Plans of the port authority published")
        );
        let page = r#"<html><body><h1><span class="roofline">Port </span>Cranes stand idle
            </h1></body></html>"#;
        assert_eq!(title_of(page, None).as_deref(), Some("Cranes stand idle"));
        let page = r#"<html><body><h1><style>.c{color:red}</style><span>Night ferry</span><br/>returns
            </h1></body></html>"#;
        assert_eq!(title_of(page, None).as_deref(), Some("Night ferry returns"));
        let page =
            r#"<html><body><h1><span class="kicker">Only a kicker</span></h1></body></html>"#;
        assert_eq!(title_of(page, None).as_deref(), Some("Only a kicker"));
    }

    #[test]
    fn hidden_labels_topic_labels_and_ruby_readings_are_not_shown_text() {
        let page = r#"<html><body><h1><span class="visuallyhidden">Headline:</span>
            Dredging starts in the outer harbour</h1></body></html>"#;
        assert_eq!(
            title_of(page, None).as_deref(),
            Some("Dredging starts in the outer harbour")
        );
        let page = r#"<html><body><h1><div class="topic-label">Ten years on</div>
            Lighthouse keeper retires</h1></body></html>"#;
        assert_eq!(
            title_of(page, None).as_deref(),
            Some("Lighthouse keeper retires")
        );
        let page = r#"<html><body><h1><span class="h1small">Port news</span>
            Pilot boats get new engines</h1></body></html>"#;
        assert_eq!(
            title_of(page, None).as_deref(),
            Some("Pilot boats get new engines")
        );
        // Ruby readings (<rt>) are not part of the text; a heading in a script without
        // spaces is matched against the page title by its length, not its word count.
        let page = "<html><head><title>Port News|新しい港ができました</title></head><body>\
            <h1 class=\"header\">Port News</h1>\
            <h1><ruby>新<rt>あたら</rt></ruby>しい港ができました</h1></body></html>";
        assert_eq!(
            title_of(page, None).as_deref(),
            Some("新しい港ができました")
        );
    }

    #[test]
    fn a_breadcrumb_heading_is_the_headline_only_when_the_metadata_repeats_it() {
        let page = r#"<html><body><nav class="breadcrumbs"><ol><li><a href="/">Home</a></li>
            <li><h1>Ferry fares: prices rise, says operator</h1></li></ol></nav></body></html>"#;
        let doc = Document::parse(page);
        let title = |meta| {
            page_title(
                &doc,
                &TitleSources {
                    json_ld: None,
                    meta: Some(meta),
                    site_name: None,
                    url: None,
                },
            )
        };
        assert_eq!(
            title("Operator raises ferry fares by a tenth").as_deref(),
            Some("Operator raises ferry fares by a tenth")
        );
        assert_eq!(
            title("Ferry fares: prices rise, says operator").as_deref(),
            Some("Ferry fares: prices rise, says operator")
        );
    }

    #[test]
    fn a_meta_title_cut_at_an_unescaped_quote_gives_way_to_the_page_title() {
        // `content="Mayor calls the plan "reckless""` ends at the second quote.
        let doc = Document::parse(
            r#"<html><head><title>Mayor calls the plan "reckless"</title></head><body></body></html>"#,
        );
        let title = page_title(
            &doc,
            &TitleSources {
                json_ld: None,
                meta: Some("Mayor calls the plan "),
                site_name: None,
                url: None,
            },
        );
        assert_eq!(title.as_deref(), Some(r#"Mayor calls the plan "reckless""#));
    }

    #[test]
    fn logo_links_to_a_parent_domain_or_through_a_web_archive_are_home_links() {
        let page = r#"<html><head><title>Rowing club wins | Harbour Notes</title></head>
            <body><h1><a href="https://web.archive.org/web/20100101000000/http://www.harbournotes.example/">Harbour Notes</a></h1>
            </body></html>"#;
        let archived =
            "https://web.archive.org/web/20100101000000/http://www.harbournotes.example/2009/rowing";
        assert_eq!(
            title_of(page, Some(archived)).as_deref(),
            Some("Rowing club wins")
        );
        let page = r#"<html><head><title>Rowing club wins</title></head>
            <body><h1><a class="brand-logo" href="https://notes.example/">Notes</a></h1></body></html>"#;
        assert_eq!(
            title_of(page, Some("https://en.blog.notes.example/2009/rowing")).as_deref(),
            Some("Rowing club wins")
        );
    }

    #[test]
    fn entities_left_in_metadata_are_decoded() {
        let doc = Document::parse("<html><head></head><body><p>x</p></body></html>");
        let title = page_title(
            &doc,
            &TitleSources {
                json_ld: Some("Record of the week: &#8216;Blue Dot&#8217; &amp; more"),
                meta: None,
                site_name: None,
                url: None,
            },
        );
        assert_eq!(
            title.as_deref(),
            Some("Record of the week: \u{2018}Blue Dot\u{2019} & more")
        );
    }

    #[test]
    fn site_names_are_cut_from_titles() {
        let hosts = vec!["gazette".to_string()];
        assert_eq!(
            strip_site_name("Floods | The Gazette", None, &[], &hosts),
            "Floods"
        );
        assert_eq!(
            strip_site_name("Storm – a survivor's story", None, &[], &hosts),
            "Storm – a survivor's story"
        );
        assert!(headline_within(
            "Interview Harbour reopens after the storm",
            "Harbour reopens after the storm"
        ));
        assert!(!headline_within("Stormy", "Storm"));
        // "Topic: Headline" is one headline, not a kicker and a headline.
        assert!(!headline_within(
            "Harbour fees: Harbour reopens after the storm",
            "Harbour reopens after the storm"
        ));
    }
}
