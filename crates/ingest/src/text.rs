//! Whole-text articles: one file (or stream) is one article.

use std::io::Read;

use newsgraph_core::{article_id, Article, InputError, InputErrorKind, Origin};

use crate::decode::{decode_text, describe_io_error, stream_too_large_reason};
use crate::header::split_header;
use crate::ReadItem;

/// Read one plain-text article from `reader`: at most `max_bytes` bytes are accepted (one
/// more is read to tell), decoded (see the crate docs), and an optional header is split off.
/// `input` names the source in the article's origin or the error record.
pub fn read_text<R: Read>(reader: R, input: &str, max_bytes: u64) -> ReadItem {
    let mut bytes = Vec::new();
    if let Err(error) = reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return ReadItem::Error(InputError::new(
            input,
            None,
            InputErrorKind::Io,
            format!("read error: {}", describe_io_error(&error)),
        ));
    }
    if u64::try_from(bytes.len()).map_or(true, |len| len > max_bytes) {
        return ReadItem::Error(InputError::new(
            input,
            None,
            InputErrorKind::TooLarge,
            stream_too_large_reason("input", max_bytes),
        ));
    }
    article_from_bytes(bytes, input)
}

/// Decode `bytes` and build the article, or the error record saying why not.
pub(crate) fn article_from_bytes(bytes: Vec<u8>, input: &str) -> ReadItem {
    let mut text = match decode_text(bytes) {
        Ok(text) => text,
        Err(error) => {
            return ReadItem::Error(InputError::new(
                input,
                None,
                error.kind(),
                error.to_string(),
            ))
        }
    };
    let (header, body_start) = split_header(&text);
    text.replace_range(..body_start, "");
    if text.trim().is_empty() {
        return ReadItem::Error(InputError::new(
            input,
            None,
            InputErrorKind::Empty,
            "no article text after the header",
        ));
    }
    ReadItem::Article(Article {
        id: article_id(&text, header.url.as_deref()),
        url: header.url,
        source: header.source,
        title: header.title,
        byline: header.byline,
        published: header.published,
        language: header.language,
        text,
        origin: Some(Origin::new(input, None)),
        ..Article::default()
    })
}
