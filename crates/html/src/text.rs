//! The extracted content's HTML to plain text with paragraph structure: every block element
//! (`p`, `li`, headings, `blockquote`, table rows…) is a paragraph, inline elements join their
//! text as written, `<br>` is a line break inside a paragraph, whitespace runs are one space.

use ego_tree::NodeRef;
use newsgraph_core::Span;
use scraper::{Html, Node};

/// Elements whose text never belongs to the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "button", "select", "option",
    "textarea", "input", "iframe", "object", "embed", "svg", "math", "canvas",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "main",
    "hr",
    "address",
    "details",
    "summary",
    "form",
    "fieldset",
    "center",
    "body",
    "html",
    "quote",
    "list",
    "item",
    "head",
];

/// Maximum element depth walked; deeper content is flattened into its ancestor's text.
const MAX_DEPTH: usize = 256;

#[derive(Default)]
struct Builder {
    paragraphs: Vec<String>,
    current: String,
    pending_space: bool,
}

impl Builder {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.current.is_empty() && !self.current.ends_with('\n') {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.current.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        if !self.current.is_empty() && !self.current.ends_with('\n') {
            self.current.push('\n');
        }
        self.pending_space = false;
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn flush(&mut self) {
        let paragraph = self.current.trim();
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph.to_string());
        }
        self.current.clear();
        self.pending_space = false;
    }
}

fn walk(node: NodeRef<'_, Node>, builder: &mut Builder, depth: usize) {
    match node.value() {
        Node::Text(text) => builder.push_text(text),
        Node::Element(element) => {
            let name = element.name();
            if SKIPPED.contains(&name) {
                return;
            }
            if name == "br" {
                builder.line_break();
                return;
            }
            let is_cell = name == "td" || name == "th";
            let is_block = BLOCKS.contains(&name);
            if is_block {
                builder.flush();
            } else if is_cell {
                builder.space();
            }
            if depth < MAX_DEPTH {
                for child in node.children() {
                    walk(child, builder, depth + 1);
                }
            }
            if is_block {
                builder.flush();
            } else if is_cell {
                builder.space();
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                walk(child, builder, depth + 1);
            }
        }
        _ => {}
    }
}

/// The paragraphs of an HTML fragment, in order, whitespace-normalised.
pub fn paragraphs_of_fragment(html: &str) -> Vec<String> {
    let fragment = Html::parse_fragment(html);
    let mut builder = Builder::default();
    walk(fragment.tree.root(), &mut builder, 0);
    builder.flush();
    builder.paragraphs
}

/// Paragraphs joined by a blank line, with each paragraph's byte span in the joined text.
pub fn join_paragraphs(paragraphs: &[String]) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(paragraphs.iter().map(|p| p.len() + 2).sum());
    let mut spans = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(paragraph);
        spans.push(Span::new(start, text.len()));
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_inline_and_breaks() {
        let paragraphs = paragraphs_of_fragment(
            "<h1>Title</h1><p><strong>Moderator</strong>: Ann  Lee</p><ul><li>one</li><li>two<br>lines</li></ul><script>var x;</script><table><tr><td>a</td><td>b</td></tr></table>",
        );
        assert_eq!(
            paragraphs,
            ["Title", "Moderator: Ann Lee", "one", "two\nlines", "a b"]
        );
        let (text, spans) = join_paragraphs(&paragraphs);
        assert_eq!(&text[spans[1].start..spans[1].end], "Moderator: Ann Lee");
        assert_eq!(text.matches("\n\n").count(), 4);
    }
}
