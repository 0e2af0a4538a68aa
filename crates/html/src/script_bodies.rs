//! Script, style, inline SVG and comment bodies dropped from a page before it is parsed.
//!
//! About 40% of a news page's bytes are inline JavaScript and CSS (24% and 16% on
//! trafilatura's benchmark pages), and another 5% inline SVG icons, and the HTML tokenizer
//! and tree builder walk every one of them, yet nothing downstream reads them: the extractor
//! removes `<script>`, `<style>` and `<svg>` elements, and the metadata reader takes JSON-LD
//! only. HTML comments (2% of the bytes, and the tokenizer's slowest states) are removed
//! by every reader too. So the bodies are cut here, with the elements and comments left in
//! place, empty. What is kept as written:
//!
//! - scripts whose `type` names JSON (JSON-LD, embedded data);
//! - a script whose body holds `<!--` (the tokenizer's escaped states could end it elsewhere);
//! - an SVG body holding anything but SVG drawing elements and comments: an HTML tag such as
//!   `<p>` or `<div>` ends the SVG element where it stands, and a nested `<svg>` would move
//!   the end;
//! - a body with no end tag (the tokenizer runs it to the end of the page);
//! - everything inside comments, `<title>` and `<textarea>`, where `<script` is only text.
//!
//! Where this scan sees an element end is where the HTML tokenizer ends it: at the first
//! `</script` or `</style` followed by whitespace, `/` or `>`, any letter case.

use std::borrow::Cow;

/// `html` without the bodies of its `<script>` (except JSON), `<style>` and drawing-only
/// `<svg>` elements.
pub(crate) fn drop_script_and_style_bodies(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Sized for the whole page once: the cut bodies are a fraction of it.
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[pos..]) {
        let start = pos + offset;
        let after = &bytes[start + 1..];
        if after.starts_with(b"!--") {
            pos = comment_end(bytes, start + 4);
            // The comment's text goes too; the comment stays, empty.
            let closer = if bytes[..pos].ends_with(b"--!>") {
                4
            } else if bytes[..pos].ends_with(b"-->") {
                3
            } else {
                // Unterminated: the comment runs to the end of the page, as it is.
                pos - start
            };
            let body_end = pos - closer;
            if body_end > start + 4 {
                out.push_str(&html[copied..start + 4]);
                copied = body_end;
            }
            continue;
        }
        let Some((name, kind)) = [
            (&b"script"[..], Body::Script),
            (b"style", Body::Style),
            (b"svg", Body::Svg),
            (b"title", Body::Text),
            (b"textarea", Body::Text),
        ]
        .into_iter()
        .find(|(name, _)| tag_name_is(after, name)) else {
            pos = start + 1;
            continue;
        };
        let Some(open_end) = start_tag_end(bytes, start + 1 + name.len()) else {
            break;
        };
        let body_start = open_end + 1;
        let Some(body_end) = end_tag(bytes, body_start, name) else {
            break;
        };
        let body = &bytes[body_start..body_end];
        let attributes = &bytes[start + 1 + name.len()..open_end];
        let drop = match kind {
            Body::Style => true,
            Body::Script => {
                !contains_ignore_case(attributes, b"json")
                    && memchr::memmem::find(body, b"<!--").is_none()
            }
            Body::Svg => drawing_only(body),
            Body::Text => false,
        };
        if drop && !body.is_empty() {
            out.push_str(&html[copied..body_start]);
            copied = body_end;
        }
        pos = match kind {
            // A kept SVG body is markup: scanned on.
            Body::Svg if !drop => body_start,
            _ => body_end + 2 + name.len(),
        };
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[derive(Clone, Copy)]
enum Body {
    Script,
    Style,
    /// Foreign content: dropped when it only draws.
    Svg,
    /// Text only (RCDATA): kept, skipped over.
    Text,
}

/// SVG elements that draw or describe a drawing; none of them ends foreign content.
const DRAWING_ELEMENTS: &[&[u8]] = &[
    b"a",
    b"animate",
    b"animatemotion",
    b"animatetransform",
    b"circle",
    b"clippath",
    b"defs",
    b"desc",
    b"ellipse",
    b"g",
    b"image",
    b"line",
    b"lineargradient",
    b"marker",
    b"mask",
    b"metadata",
    b"path",
    b"pattern",
    b"polygon",
    b"polyline",
    b"radialgradient",
    b"rect",
    b"set",
    b"stop",
    b"symbol",
    b"text",
    b"textpath",
    b"title",
    b"tspan",
    b"use",
    b"view",
];

/// Does an SVG body hold only drawing elements (start or end tags) and comments? A filter
/// primitive (`<feGaussianBlur>` …) counts as drawing.
fn drawing_only(body: &[u8]) -> bool {
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(b'<', &body[pos..]) {
        let start = pos + offset;
        let rest = &body[start + 1..];
        if rest.starts_with(b"!--") {
            pos = comment_end(body, start + 4);
            continue;
        }
        let name_start = usize::from(rest.first() == Some(&b'/'));
        let name_len = rest[name_start..]
            .iter()
            .position(|&byte| is_tag_name_end(byte))
            .unwrap_or(rest.len() - name_start);
        let name = &rest[name_start..name_start + name_len];
        let drawing = DRAWING_ELEMENTS
            .iter()
            .any(|element| name.eq_ignore_ascii_case(element))
            || (name.len() > 2 && name[..2].eq_ignore_ascii_case(b"fe"));
        if !drawing {
            return false;
        }
        pos = start + 1;
    }
    true
}

fn is_tag_name_end(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
}

/// Does `after` (the bytes after `<`) start with the tag `name`, any case, and end there?
fn tag_name_is(after: &[u8], name: &[u8]) -> bool {
    after.len() > name.len()
        && after[..name.len()].eq_ignore_ascii_case(name)
        && is_tag_name_end(after[name.len()])
}

/// The position of the `>` that ends a start tag whose attributes begin at `from`; quoted
/// attribute values may hold `>`.
fn start_tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut last_significant = 0u8;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'>' => return Some(i),
            b'"' | b'\'' if last_significant == b'=' => {
                let close = memchr::memchr(byte, &bytes[i + 1..])?;
                i += close + 2;
                last_significant = byte;
                continue;
            }
            b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' => {}
            _ => last_significant = byte,
        }
        i += 1;
    }
    None
}

/// The position of the `<` of the first `</name` end tag at or after `from`.
fn end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut pos = from;
    while let Some(offset) = memchr::memmem::find(&bytes[pos..], b"</") {
        let start = pos + offset;
        if tag_name_is(&bytes[start + 2..], name) {
            return Some(start);
        }
        pos = start + 2;
    }
    None
}

/// Where scanning goes on after a comment whose text starts at `from` (after `<!--`): after
/// its `-->` or `--!>`, at once for the abrupt `<!-->` and `<!--->`, or at the end.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut pos = 0;
    while let Some(offset) = memchr::memmem::find(&rest[pos..], b"--") {
        let dashes = pos + offset;
        let tail = &rest[dashes + 2..];
        if tail.starts_with(b">") {
            return from + dashes + 3;
        }
        if tail.starts_with(b"!>") {
            return from + dashes + 4;
        }
        pos = dashes + 1;
    }
    bytes.len()
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::drop_script_and_style_bodies as drop;

    #[test]
    fn script_and_style_bodies_are_dropped_and_their_elements_kept() {
        assert_eq!(
            drop("<head><STYLE media=\"a>b\">p{color:red}</style ><script>if (a < b) x();</SCRIPT></head><p>Text</p>"),
            "<head><STYLE media=\"a>b\"></style ><script></SCRIPT></head><p>Text</p>"
        );
        // The first `</script` ends the element, as the tokenizer has it.
        assert_eq!(
            drop("<script>document.write('<script>1</script>'); y()</script><p>z</p>"),
            "<script></script>'); y()</script><p>z</p>"
        );
    }

    #[test]
    fn drawing_only_svg_bodies_are_dropped() {
        assert_eq!(
            drop(
                r#"<a href="/"><svg viewBox="0 0 9 9"><title>Home</title><!-- icon --><g><path d="M0 0"/></g><feBlend/></svg>Home</a>"#
            ),
            r#"<a href="/"><svg viewBox="0 0 9 9"></svg>Home</a>"#
        );
        assert_eq!(
            drop("<SVG><circle r=1></circle></Svg ><style>x</style>"),
            "<SVG></Svg ><style></style>"
        );
    }

    #[test]
    fn svg_bodies_that_are_not_only_drawing_are_kept_and_scanned() {
        for page in [
            // An HTML tag ends foreign content: the paragraph is page text.
            "<svg><path/><p>Page text</p></svg>",
            "<svg><foreignObject><div>x</div></foreignObject></svg>",
            "<svg><path/>",
        ] {
            assert_eq!(drop(page), page);
        }
        assert_eq!(
            drop("<svg><svg><path/></svg><path/></svg>"),
            "<svg><svg></svg><path/></svg>",
            "the first end tag is the inner SVG's: only that one is dropped"
        );
        assert_eq!(
            drop("<svg><p>a</p><style>b</style></svg>"),
            "<svg><p>a</p><style></style></svg>",
            "a kept SVG body is scanned for scripts and styles"
        );
    }

    #[test]
    fn json_escaped_and_unterminated_scripts_are_kept() {
        for page in [
            r#"<script type="application/ld+json">{"headline":"Storm"}</script>"#,
            "<script><!-- document.write('<script></script>') --></script>",
            "<p>a</p><script>var unterminated = 1;",
            "<script>x</scripts>",
        ] {
            assert_eq!(drop(page), page);
        }
    }

    #[test]
    fn comment_texts_are_dropped_and_comments_kept() {
        assert_eq!(
            drop("<!-- <script> --><p>Visible</p><!--[if IE]><p>old</p><![endif]--!><!---->"),
            "<!----><p>Visible</p><!----!><!---->"
        );
        for page in ["<!-->x", "<!--->x", "<p>a</p><!-- unterminated"] {
            assert_eq!(drop(page), page);
        }
    }

    #[test]
    fn script_tags_in_comments_titles_and_textareas_are_text() {
        assert_eq!(
            drop("<!-- <script> --><p>Visible</p><!-- </script> -->"),
            "<!----><p>Visible</p><!---->"
        );
        for page in [
            "<title>Why <script> tags block rendering</title><p>Visible</p>",
            "<textarea><style></textarea><p>Visible</p>",
        ] {
            assert_eq!(drop(page), page);
        }
        assert_eq!(
            drop("<!--><script>x</script>"),
            "<!--><script></script>",
            "an abrupt comment ends at once"
        );
        assert_eq!(
            drop("<title>a</title><style>b</style>"),
            "<title>a</title><style></style>"
        );
    }
}
