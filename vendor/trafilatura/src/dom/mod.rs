// Port of go-trafilatura/internal/etree/

mod query;
mod serialize;
mod tree;

pub use ego_tree::NodeId;

use scraper::Node;
pub(crate) use tree::TrimmedLen;
pub(crate) use tree::MAX_TREE_DEPTH;

/// A parsed HTML document backed by an ego-tree.
///
/// Wraps `ego_tree::Tree<scraper::Node>` and adds text/tail semantics
/// (from Python's ElementTree / Go's etree package), mutable tree operations,
/// and CSS selector queries.
///
/// NodeId handles are stable as long as the node is not detached.
/// Detached nodes remain in the backing store (they're never freed), so
/// previously captured NodeIds remain valid but the node has no parent.
pub struct Document {
    pub(crate) tree: ego_tree::Tree<Node>,
}

/// newsgraph patch: `ExtractResult` carries a `Document`, so it needs these.
impl Clone for Document {
    fn clone(&self) -> Self {
        self.clone_document()
    }
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("nodes", &self.tree.values().count())
            .finish()
    }
}

impl Document {
    /// newsgraph patch: the underlying scraper tree, for walking it read-only.
    pub fn tree(&self) -> &ego_tree::Tree<Node> {
        &self.tree
    }

    /// Parse an HTML string into a mutable Document.
    /// Uses html5ever's browser-grade HTML parser (same as scraper).
    pub fn parse(html: &str) -> Self {
        let html_doc = scraper::Html::parse_document(html);
        Self {
            tree: html_doc.tree,
        }
    }

    /// newsgraph patch: an empty `<html><body></body></html>` page, copied from one parsed
    /// once per thread instead of parsed each time (the extractor builds one per candidate).
    pub fn empty_page() -> Self {
        thread_local! {
            static EMPTY_PAGE: Document = Document::parse("<html><body></body></html>");
        }
        EMPTY_PAGE.with(Document::clone_document)
    }

    /// newsgraph patch: the page as a parse of its `<html>` element's serialisation gives it
    /// (what the fallbacks were handed before: no doctype, hence quirks mode; nothing outside
    /// `<html>`; adjacent text nodes merged; no nodes detached by earlier pruning left in
    /// the arena, where `scraper::Html::select` would still see them), without serialising
    /// and parsing. None without an `<html>` element (its serialisation was empty).
    pub fn reparsed_html(&self) -> Option<scraper::Html> {
        let html = self
            .tree
            .root()
            .children()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name.local.as_ref() == "html"))?;
        let mut tree = ego_tree::Tree::with_capacity(Node::Document, self.tree.values().len());
        let root = tree.root().id();
        // (node to copy, parent of its copy)
        let mut stack = vec![(html.id(), root)];
        while let Some((source, parent)) = stack.pop() {
            let Some(node) = self.tree.get(source) else {
                continue;
            };
            let Some(mut parent_node) = tree.get_mut(parent) else {
                continue;
            };
            if let Node::Text(text) = node.value() {
                if let Some(mut last) = parent_node.last_child() {
                    if let Node::Text(previous) = last.value() {
                        previous.text.push_tendril(&text.text);
                        continue;
                    }
                }
            }
            let copy = parent_node.append(node.value().clone()).id();
            // Children pushed last-first, so that they are copied in order.
            let mut child = node.last_child();
            while let Some(current) = child {
                stack.push((current.id(), copy));
                child = current.prev_sibling();
            }
        }
        Some(scraper::Html {
            errors: Vec::new(),
            quirks_mode: html5ever::tree_builder::QuirksMode::Quirks,
            tree,
        })
    }

    /// Return the NodeId of the tree root (a Document node, not an Element).
    pub fn root(&self) -> NodeId {
        self.tree.root().id()
    }

    /// Return the NodeId of the `<body>` element, if present.
    pub fn body(&self) -> Option<NodeId> {
        // Walk: root → html → body
        let html_id = self
            .tree
            .root()
            .children()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name.local.as_ref() == "html"))?
            .id();

        self.tree
            .get(html_id)?
            .children()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name.local.as_ref() == "body"))
            .map(|n| n.id())
    }
}

#[cfg(test)]
mod reparse_tests {
    use super::Document;

    /// The tree handed over is the one a parse of the `<html>` element's serialisation gives.
    #[test]
    fn reparsed_form_matches_a_parse_of_the_serialisation() {
        for page in [
            "<!DOCTYPE html><!-- before --><html lang=en><head><title>T</title></head>\
             <body><p>One <b>two</b> three</p><div>a<span>b</span>c</div></body></html>",
            "<p>no doctype<table><tr><td>cell</td></tr></table>",
        ] {
            let mut doc = Document::parse(page);
            // Leave adjacent text nodes behind, as the extractor's pruning does.
            let spans = doc.get_elements_by_tag_name(doc.root(), "span");
            for id in spans {
                doc.remove(id, true);
            }
            let html_root = doc.get_elements_by_tag_name(doc.root(), "html")[0];
            let expected = scraper::Html::parse_document(&doc.outer_html(html_root));
            let reparsed = doc.reparsed_html().unwrap();
            assert_eq!(reparsed.quirks_mode, expected.quirks_mode);
            assert_eq!(reparsed.root_element().html(), expected.root_element().html());
            let texts = |html: &scraper::Html| {
                html.tree
                    .nodes()
                    .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(texts(&reparsed), texts(&expected), "{page}");
            assert_eq!(reparsed.tree.root().children().count(), 1);
        }
        assert!(Document::parse("<p>x</p>").reparsed_html().is_some());
    }
}
