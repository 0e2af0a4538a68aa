//! The extracted content's HTML to plain text with paragraph structure: every block element
//! (`p`, `li`, headings, `blockquote`, table rows…) is a paragraph, inline elements join their
//! text as written, `<br>` is a line break inside a paragraph, whitespace runs are one space
//! (no-break spaces are kept).

use ego_tree::NodeRef;
use newsgraph_core::Span;
use scraper::{Html, Node};

/// Elements whose text never belongs to the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "button", "select", "option",
    "textarea", "input", "iframe", "object", "embed", "svg", "math", "canvas", "rt", "rp",
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
            // A no-break space is kept as written: it is text, not layout.
            if c.is_whitespace() && c != '\u{a0}' {
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
    paragraphs_of_tree(&Html::parse_fragment(html).tree)
}

/// The paragraphs of a parsed tree (the extractor's content), in order, whitespace-normalised.
pub fn paragraphs_of_tree(tree: &ego_tree::Tree<Node>) -> Vec<String> {
    let mut builder = Builder::default();
    walk(tree.root(), &mut builder, 0);
    builder.flush();
    builder.paragraphs
}

/// Headings that open the related-links, sharing, comment or newsletter part after an article
/// (lower case, matched at the start of a short paragraph), in the languages most news is in.
const TAIL_HEADINGS: &[&str] = &[
    "related",
    "read more",
    "read next",
    "read also",
    "more from",
    "more stories",
    "you might also like",
    "you may also like",
    "recommended",
    "leave a reply",
    "leave a comment",
    "comments",
    "share this",
    "about the author",
    "sponsored",
    "newsletter",
    "tags:",
    "weitere artikel",
    "siehe auch",
    "lesen sie auch",
    "lesen sie mehr",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "auch interessant",
    "ähnliche beiträge",
    "ähnliche artikel",
    "verwandte artikel",
    "empfohlene artikel",
    "kommentare",
    "kommentieren",
    "kommentar schreiben",
    "hinterlasse einen kommentar",
    "teilen mit",
    "teilen sie dies mit",
    "diesen artikel teilen",
    "videos zum thema",
    "entdecke weitere",
    "mehr aus",
    "top-themen",
    "meistgelesen",
    "schlagwörter",
    "kategorien",
    "zurück zur",
    "anzeige",
    "über den autor",
    "quellen:",
    "más información",
    "lee también",
    "leia também",
    "à lire aussi",
    "a lire aussi",
    "voir aussi",
    "schon gelesen",
    "auch lesen",
    "weitere themen",
    "weitere beiträge",
    "mehr themen",
    "zum weiterlesen",
    "weiterlesen",
    "empfohlene beiträge",
    "diese artikel könnten",
    "vorschau auf den nächsten artikel",
    "lust auf mehr",
    "zum newsletter",
    "more on this",
    "more news",
    "most read",
    "contenido relacionado",
    "más noticias",
    "le puede interesar",
    "noticias relacionadas",
    "à lire également",
    "sur le même sujet",
];

/// The first words of credit and copyright lines that close a page's text, never the
/// article's own: "© 2020 …", "Copyright: …", "Titelbild: …".
const CLOSING_LINES: &[&str] = &[
    "©",
    "(c) ",
    "copyright",
    "all rights reserved",
    "alle rechte vorbehalten",
    "titelbild:",
    "beitragsbild:",
    "bildnachweis:",
    "image credit:",
    "header image:",
    "letzte änderung",
    "last modified",
    "last updated",
];

/// Drop the tail that starts at a related-links / comments / sharing heading, when that
/// heading comes after the first 30% of the paragraphs.
pub fn cut_trailing_boilerplate(paragraphs: &mut Vec<String>) {
    let start = ((paragraphs.len() as f64 * 0.3) as usize).max(1);
    let cut = paragraphs
        .iter()
        .enumerate()
        .skip(start)
        .find_map(|(index, paragraph)| {
            let lower = paragraph.trim().to_lowercase();
            let lower = lower.trim_end_matches(':').trim();
            (lower.chars().count() <= 45 && TAIL_HEADINGS.iter().any(|h| lower.starts_with(h)))
                .then_some(index)
        });
    if let Some(index) = cut {
        paragraphs.truncate(index);
    }
    // Credit and copyright lines at the very end (never the only paragraph).
    while paragraphs.len() > 1 {
        let Some(last) = paragraphs.last() else {
            break;
        };
        let lower = last.trim().to_lowercase();
        let closing = lower.chars().count() <= 200
            && !lower.contains('\n')
            && CLOSING_LINES.iter().any(|start| lower.starts_with(start));
        if !closing {
            break;
        }
        paragraphs.pop();
    }
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

    #[test]
    fn ruby_annotations_are_not_text() {
        assert_eq!(
            paragraphs_of_fragment(
                "<p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて</p>"
            ),
            ["法律ができて"]
        );
    }

    #[test]
    fn related_links_tail_is_cut() {
        let mut paragraphs: Vec<String> = [
            "Lead.",
            "Body one.",
            "Body two.",
            "Read more:",
            "Other story",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cut_trailing_boilerplate(&mut paragraphs);
        assert_eq!(paragraphs, ["Lead.", "Body one.", "Body two."]);
        let mut early: Vec<String> = [
            "Comments are closed on this story, the editors said.",
            "Body.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cut_trailing_boilerplate(&mut early);
        assert_eq!(early.len(), 2);
    }

    #[test]
    fn closing_credit_and_copyright_lines_are_cut() {
        let mut paragraphs: Vec<String> = [
            "The ferry returns to the island on Monday.",
            "Harbour fees, the office said, stay as they are (© signs inside a story stay too).",
            "Titelbild: Harbour office",
            "© 2024 Coast News. All rights reserved.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cut_trailing_boilerplate(&mut paragraphs);
        assert_eq!(paragraphs.len(), 2);
        // A page that is only a copyright line keeps it: better flagged than empty.
        let mut only: Vec<String> = vec!["© 2024 Coast News".to_string()];
        cut_trailing_boilerplate(&mut only);
        assert_eq!(only.len(), 1);
    }
}
