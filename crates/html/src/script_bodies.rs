//! Script and style bodies dropped from a page before it is parsed.
//!
//! About 40% of a news page's bytes are inline JavaScript and CSS (24% and 16% on
//! trafilatura's benchmark pages), and the HTML tokenizer walks every one of them, yet nothing
//! downstream reads them: the extractor removes `<script>` and `<style>` elements, and the
//! metadata reader takes JSON-LD only. So the bodies are cut here, with the elements left in
//! place, empty. What is kept as written:
//!
//! - scripts whose `type` names JSON (JSON-LD, embedded data);
//! - a script whose body holds `<!--` (the tokenizer's escaped states could end it elsewhere);
//! - a body with no end tag (the tokenizer runs it to the end of the page);
//! - everything inside comments, `<title>` and `<textarea>`, where `<script` is only text.
//!
//! Where this scan sees an element end is where the HTML tokenizer ends it: at the first
//! `</script` or `</style` followed by whitespace, `/` or `>`, any letter case.

use std::borrow::Cow;

/// `html` without the bodies of its `<script>` (except JSON) and `<style>` elements.
pub(crate) fn drop_script_and_style_bodies(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[pos..]) {
        let start = pos + offset;
        let after = &bytes[start + 1..];
        if after.starts_with(b"!--") {
            pos = comment_end(bytes, start + 4);
            continue;
        }
        let Some((name, kind)) = [
            (&b"script"[..], Body::Script),
            (b"style", Body::Style),
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
            Body::Text => false,
        };
        if drop && !body.is_empty() {
            out.push_str(&html[copied..body_start]);
            copied = body_end;
        }
        pos = body_end + 2 + name.len();
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
    /// Text only (RCDATA): kept, skipped over.
    Text,
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
    fn script_tags_in_comments_titles_and_textareas_are_text() {
        for page in [
            "<!-- <script> --><p>Visible</p><!-- </script> -->",
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
