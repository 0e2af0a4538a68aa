//! The elements the metadata reader looks at for dates and authors, found in one walk of the
//! page.
//!
//! Each rule is the CSS selector written beside it, matched as the `selectors` crate matches it
//! in a no-quirks HTML document: class names and attribute values case-sensitive (except `rel`,
//! which HTML compares ignoring ASCII case), `~=` on whitespace-separated words, `*=` on
//! substrings. One walk with plain attribute tests replaces a selector pass per rule (twelve
//! walks of every element); the lists come out in document order, as the passes gave them.

use scraper::node::Element;
use scraper::Node;
use trafilatura::dom::{Document, NodeId};

/// Depth below which the extractor's selector queries stop, kept for the same results.
const MAX_DEPTH: usize = 500;

/// Date markup, strongest first.
pub(crate) const DATE_RULES: usize = 6;
/// Author markup, strongest first.
pub(crate) const AUTHOR_RULES: usize = 5;

/// Elements that may hold a date on a visible line; at most this many are read.
const DATE_LINE_LIMIT: usize = 200;

#[derive(Default)]
pub(crate) struct Candidates {
    /// Per date rule, the matching elements in document order.
    pub date_markup: [Vec<NodeId>; DATE_RULES],
    /// Elements whose class or id names a date, a byline or page information.
    pub date_lines: Vec<NodeId>,
    /// Per author rule, the matching elements in document order.
    pub authors: [Vec<NodeId>; AUTHOR_RULES],
}

/// Class words that put a `<time>` inside them on the date rule 4.
const TIME_CONTAINER_CLASSES: &[&str] = &["published", "entry-date", "post-date", "date"];

/// Walk the page once and sort its elements into the candidate lists.
pub(crate) fn find(doc: &Document) -> Candidates {
    let tree = doc.tree();
    let mut found = Candidates::default();
    // Ancestor state along the current path: (node, depth, inside a time container,
    // inside itemprop=author, inside class author).
    let mut stack = vec![(tree.root().id(), 0usize, Inside::default())];
    while let Some((id, depth, inside)) = stack.pop() {
        if depth >= MAX_DEPTH {
            continue;
        }
        let Some(node) = tree.get(id) else {
            continue;
        };
        let mut below = inside;
        if let Node::Element(element) = node.value() {
            classify(element, id, inside, &mut found);
            below = Inside {
                time_container: inside.time_container
                    || has_any_class(element, TIME_CONTAINER_CLASSES),
                itemprop_author: inside.itemprop_author
                    || element.attr("itemprop") == Some("author"),
                class_author: inside.class_author || element.has_class_exact("author"),
            };
        }
        // Children pushed last-first so that they are visited in document order.
        let mut child = node.last_child();
        while let Some(current) = child {
            stack.push((current.id(), depth + 1, below));
            child = current.prev_sibling();
        }
    }
    found
}

#[derive(Clone, Copy, Default)]
struct Inside {
    time_container: bool,
    itemprop_author: bool,
    class_author: bool,
}

fn classify(element: &Element, id: NodeId, inside: Inside, found: &mut Candidates) {
    let name = element.name();
    let itemprop = element.attr("itemprop");
    let has_title = element.attr("title").is_some();

    // [itemprop=datePublished]
    if itemprop == Some("datePublished") {
        found.date_markup[0].push(id);
    }
    // [itemprop=dateCreated], [itemprop=uploadDate]
    if matches!(itemprop, Some("dateCreated" | "uploadDate")) {
        found.date_markup[1].push(id);
    }
    // [property~='dc:date'], [property~='dc:created'], [property~='dcterms:created'],
    // [property~='article:published_time']
    if element.attr("property").is_some_and(|property| {
        html_words(property).any(|word| {
            matches!(
                word,
                "dc:date" | "dc:created" | "dcterms:created" | "article:published_time"
            )
        })
    }) {
        found.date_markup[2].push(id);
    }
    if name == "time" {
        // time[pubdate]
        if element.attr("pubdate").is_some() {
            found.date_markup[3].push(id);
        }
        // time.published, time.entry-date, time.post-date, time.date, .published time,
        // .entry-date time, .post-date time, .date time
        if has_any_class(element, TIME_CONTAINER_CLASSES) || inside.time_container {
            found.date_markup[4].push(id);
        }
    }
    // abbr.published, .published[title], .updated[title]
    let published = element.has_class_exact("published");
    if (name == "abbr" && published)
        || (has_title && (published || element.has_class_exact("updated")))
    {
        found.date_markup[5].push(id);
    }

    // [class*=date], [class*=Date], [id*=date], [class*=time], [class*=posted],
    // [class*=publish], [class*=byline], [class*=meta], [class*=datum], [class*=Datum],
    // [class*=submitted], [class*=updated], [class*=info], [id*=lastmod], [class*=category],
    // [class*=author]
    if found.date_lines.len() < DATE_LINE_LIMIT {
        let class = element.attr("class").unwrap_or("");
        let ident = element.attr("id").unwrap_or("");
        let class_names = [
            "date",
            "Date",
            "time",
            "posted",
            "publish",
            "byline",
            "meta",
            "datum",
            "Datum",
            "submitted",
            "updated",
            "info",
            "category",
            "author",
        ];
        let by_class =
            element.attr("class").is_some() && class_names.iter().any(|word| class.contains(word));
        let by_id =
            element.attr("id").is_some() && (ident.contains("date") || ident.contains("lastmod"));
        if by_class || by_id {
            found.date_lines.push(id);
        }
    }

    // [itemprop=author] [itemprop=name]
    if inside.itemprop_author && itemprop == Some("name") {
        found.authors[0].push(id);
    }
    // [itemprop=author]
    if itemprop == Some("author") {
        found.authors[1].push(id);
    }
    // a[rel=author]
    if name == "a"
        && element
            .attr("rel")
            .is_some_and(|rel| rel.eq_ignore_ascii_case("author"))
    {
        found.authors[2].push(id);
    }
    // .author-name, .byline-name, .author .name, .entry-author-name, .post-author-name
    if has_any_class(
        element,
        &[
            "author-name",
            "byline-name",
            "entry-author-name",
            "post-author-name",
        ],
    ) || (inside.class_author && element.has_class_exact("name"))
    {
        found.authors[3].push(id);
    }
    // .author, .byline, .autor, .article-author, .post-author, .entry-author
    if has_any_class(
        element,
        &[
            "author",
            "byline",
            "autor",
            "article-author",
            "post-author",
            "entry-author",
        ],
    ) {
        found.authors[4].push(id);
    }
}

/// Words of an attribute value split on HTML whitespace, as `~=` and class selectors split
/// them.
fn html_words(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(['\t', '\n', '\x0c', '\r', ' '])
        .filter(|word| !word.is_empty())
}

fn has_any_class(element: &Element, names: &[&str]) -> bool {
    element
        .attr("class")
        .is_some_and(|class| html_words(class).any(|word| names.contains(&word)))
}

trait ExactClass {
    fn has_class_exact(&self, name: &str) -> bool;
}

impl ExactClass for Element {
    fn has_class_exact(&self, name: &str) -> bool {
        self.attr("class")
            .is_some_and(|class| html_words(class).any(|word| word == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same elements as the CSS selectors the rules are written from.
    #[test]
    fn rules_match_what_their_css_selectors_match() {
        let page = r#"<html><body>
            <div class="meta"><span itemprop="datePublished" content="2024-01-02">x</span>
            <span itemprop="dateCreated">y</span><meta property="og:x dc:date"></div>
            <time pubdate datetime="2024-01-02">z</time><div class="date"><p><time>t</time></p></div>
            <time class="Date">not date rule 4</time><abbr class="published" title="2024">a</abbr>
            <p class="updated" title="t">u</p><p class="updated">no title</p>
            <div id="lastmodified">l</div><p class="Datum">d</p>
            <div itemprop="author"><span itemprop="name">Ann Lee</span></div>
            <a rel="AUTHOR" href="/ann">Ann</a><a rel="author me">not exact</a>
            <div class="author"><b class="name">Bo</b></div><p class="post-author-name">Cy</p>
            <p class="byline x">By Di</p><p class="Byline">case differs</p>
            </body></html>"#;
        let doc = Document::parse(page);
        let found = find(&doc);
        let css = [
            "[itemprop=datePublished]",
            "[itemprop=dateCreated], [itemprop=uploadDate]",
            "[property~='dc:date'], [property~='dc:created'], [property~='dcterms:created'], [property~='article:published_time']",
            "time[pubdate]",
            "time.published, time.entry-date, time.post-date, time.date, .published time, .entry-date time, .post-date time, .date time",
            "abbr.published, .published[title], .updated[title]",
        ];
        for (rule, selector) in css.iter().enumerate() {
            assert_eq!(
                found.date_markup[rule],
                doc.query_selector_all(doc.root(), selector),
                "{selector}"
            );
        }
        let lines = "[class*=date], [class*=Date], [id*=date], [class*=time], [class*=posted], [class*=publish], [class*=byline], [class*=meta], [class*=datum], [class*=Datum], [class*=submitted], [class*=updated], [class*=info], [id*=lastmod], [class*=category], [class*=author]";
        assert_eq!(found.date_lines, doc.query_selector_all(doc.root(), lines));
        let authors = [
            "[itemprop=author] [itemprop=name]",
            "[itemprop=author]",
            "a[rel=author]",
            ".author-name, .byline-name, .author .name, .entry-author-name, .post-author-name",
            ".author, .byline, .autor, .article-author, .post-author, .entry-author",
        ];
        for (rule, selector) in authors.iter().enumerate() {
            assert_eq!(
                found.authors[rule],
                doc.query_selector_all(doc.root(), selector),
                "{selector}"
            );
        }
        // Every list found something, so the comparisons above were not of empty lists.
        assert!(found.date_markup.iter().all(|list| !list.is_empty()));
        assert!(found.authors.iter().all(|list| !list.is_empty()));
    }
}
