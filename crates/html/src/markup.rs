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
            if element.attrs.is_empty() {
                // Only the rules on a bare element's ancestors can match it.
                if inside.time_container && element.name() == "time" {
                    found.date_markup[4].push(id);
                }
            } else {
                let attributes = Attributes::of(element);
                classify(element.name(), &attributes, id, inside, &mut found);
                below = inside_below(&attributes, inside);
            }
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

/// The attributes the rules read, looked up in one pass over the element's attributes.
#[derive(Default)]
struct Attributes<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    itemprop: Option<&'a str>,
    property: Option<&'a str>,
    rel: Option<&'a str>,
    title: bool,
    pubdate: bool,
    /// Class words the rules test, found in one pass over the class value.
    classes: ClassWords,
}

#[derive(Default, Clone, Copy)]
struct ClassWords {
    time_container: bool,
    author: bool,
    published: bool,
    updated: bool,
}

impl<'a> Attributes<'a> {
    fn of(element: &'a Element) -> Self {
        let mut found = Attributes::default();
        for (name, value) in element.attrs() {
            match name {
                "class" => found.class = Some(value),
                "id" => found.id = Some(value),
                "itemprop" => found.itemprop = Some(value),
                "property" => found.property = Some(value),
                "rel" => found.rel = Some(value),
                "title" => found.title = true,
                "pubdate" => found.pubdate = true,
                _ => {}
            }
        }
        if let Some(class) = found.class {
            for word in html_words(class) {
                let classes = &mut found.classes;
                classes.time_container |= TIME_CONTAINER_CLASSES.contains(&word);
                classes.author |= word == "author";
                classes.published |= word == "published";
                classes.updated |= word == "updated";
            }
        }
        found
    }
}

/// Where an element's rules leave state for its descendants.
fn inside_below(attributes: &Attributes, inside: Inside) -> Inside {
    Inside {
        time_container: inside.time_container || attributes.classes.time_container,
        itemprop_author: inside.itemprop_author || attributes.itemprop == Some("author"),
        class_author: inside.class_author || attributes.classes.author,
    }
}

fn classify(
    name: &str,
    attributes: &Attributes,
    id: NodeId,
    inside: Inside,
    found: &mut Candidates,
) {
    let itemprop = attributes.itemprop;

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
    if attributes.property.is_some_and(|property| {
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
        if attributes.pubdate {
            found.date_markup[3].push(id);
        }
        // time.published, time.entry-date, time.post-date, time.date, .published time,
        // .entry-date time, .post-date time, .date time
        if attributes.classes.time_container || inside.time_container {
            found.date_markup[4].push(id);
        }
    }
    // abbr.published, .published[title], .updated[title]
    let published = attributes.classes.published;
    if (name == "abbr" && published)
        || (attributes.title && (published || attributes.classes.updated))
    {
        found.date_markup[5].push(id);
    }

    // [class*=date], [class*=Date], [id*=date], [class*=time], [class*=posted],
    // [class*=publish], [class*=byline], [class*=meta], [class*=datum], [class*=Datum],
    // [class*=submitted], [class*=updated], [class*=info], [id*=lastmod], [class*=category],
    // [class*=author]
    if found.date_lines.len() < DATE_LINE_LIMIT {
        let by_class = attributes
            .class
            .is_some_and(|class| DATE_LINE_CLASS_PARTS.is_match(class));
        let by_id = attributes
            .id
            .is_some_and(|ident| ident.contains("date") || ident.contains("lastmod"));
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
        && attributes
            .rel
            .is_some_and(|rel| rel.eq_ignore_ascii_case("author"))
    {
        found.authors[2].push(id);
    }
    let Some(class) = attributes.class else {
        return;
    };
    let mut words = html_words(class);
    // .author-name, .byline-name, .author .name, .entry-author-name, .post-author-name
    if words.clone().any(|word| {
        matches!(
            word,
            "author-name" | "byline-name" | "entry-author-name" | "post-author-name"
        ) || (inside.class_author && word == "name")
    }) {
        found.authors[3].push(id);
    }
    // .author, .byline, .autor, .article-author, .post-author, .entry-author
    if words.any(|word| {
        matches!(
            word,
            "author" | "byline" | "autor" | "article-author" | "post-author" | "entry-author"
        )
    }) {
        found.authors[4].push(id);
    }
}

/// `[class*=…]` parts of the date-line rule, found in one pass over a class value.
static DATE_LINE_CLASS_PARTS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new([
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
        ])
        .unwrap_or_else(|error| unreachable!("literal patterns always build: {error}"))
    });

/// Words of an attribute value split on HTML whitespace, as `~=` and class selectors split
/// them.
fn html_words(value: &str) -> impl Iterator<Item = &str> + Clone {
    value
        .split(['\t', '\n', '\x0c', '\r', ' '])
        .filter(|word| !word.is_empty())
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
