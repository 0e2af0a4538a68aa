//! Bytes to text: BOM, then the HTTP charset, then `<meta charset>` in the first bytes, then
//! detection; a declaration the bytes contradict is overruled (and said so), and text that
//! looks like UTF-8 read as Windows-1252 ("Ã©", "â€™") is reported and, when the whole page
//! round-trips, repaired.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta charset>` declaration. The HTML standard
/// says 1024; pages with long comments or scripts before the declaration are common, so more.
const META_PRESCAN_BYTES: usize = 4096;

/// Where the encoding used came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    Bom,
    HttpHeader,
    MetaTag,
    /// No declaration: the bytes were valid UTF-8 or the detector chose.
    Detected,
    /// A declaration was present but the bytes contradicted it.
    DetectedOverDeclared,
}

/// The decoded page.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding used (`UTF-8`, `windows-1252`, `Shift_JIS`).
    pub encoding: &'static str,
    pub source: EncodingSource,
    /// Problems met: a wrong declaration, undecodable bytes, mojibake.
    pub notices: Vec<String>,
}

/// The `charset` parameter of a Content-Type header value, if any.
pub fn charset_from_content_type(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("charset") {
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!value.is_empty()).then_some(value)
        } else {
            None
        }
    })
}

fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    // A page cannot really be UTF-16 once we are reading ASCII-compatible markup from it
    // (the BOM case is handled before); the HTML standard maps such declarations to UTF-8.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    if encoding == encoding_rs::REPLACEMENT {
        return None;
    }
    Some(encoding)
}

/// The charset declared by a `<meta charset=…>` or `<meta http-equiv="content-type"
/// content="…; charset=…">` in the first [`META_PRESCAN_BYTES`] bytes.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &head[at..]) {
        let start = at + offset;
        at = start + 1;
        let rest = &head[start + 1..];
        if rest.len() < 5 || !rest[..4].eq_ignore_ascii_case(b"meta") {
            continue;
        }
        let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        let tag = String::from_utf8_lossy(&rest[4..end]).to_ascii_lowercase();
        if let Some(value) = attribute(&tag, "charset") {
            if !value.is_empty() {
                return Some(value.to_string());
            }
        }
        let is_content_type =
            attribute(&tag, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
        if is_content_type {
            if let Some(content) = attribute(&tag, "content") {
                if let Some(pos) = content.find("charset") {
                    let value = content[pos + "charset".len()..]
                        .trim_start()
                        .strip_prefix('=')
                        .unwrap_or("")
                        .trim()
                        .trim_matches(|c| c == '"' || c == '\'');
                    let value: String = value
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != ';' && *c != '"')
                        .collect();
                    if !value.is_empty() {
                        return Some(value);
                    }
                }
            }
        }
    }
    None
}

/// The value of attribute `name` in a lower-cased tag body (`charset="utf-8" name=x`),
/// read attribute by attribute so that text inside another attribute's value never matches.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        let name_start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
        {
            at += 1;
        }
        let attr_name = &tag[name_start..at];
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = "";
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            match bytes.get(at) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let value_start = at + 1;
                    let value_end = tag[value_start..]
                        .find(quote as char)
                        .map_or(tag.len(), |p| value_start + p);
                    value = &tag[value_start..value_end];
                    at = (value_end + 1).min(tag.len());
                }
                _ => {
                    let value_start = at;
                    while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>'
                    {
                        at += 1;
                    }
                    value = &tag[value_start..at];
                }
            }
        }
        if attr_name == name {
            return Some(value.trim());
        }
        if attr_name.is_empty() {
            at += 1;
        }
    }
    None
}

fn has_non_ascii(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b >= 0x80)
}

fn detect(bytes: &[u8], tld: Option<&[u8]>) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(tld, chardetng::Utf8Detection::Allow)
}

/// The top-level domain of a URL, as chardetng wants it (`de`, `jp`).
fn tld_of(url: Option<&str>) -> Option<String> {
    let url = url?;
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?;
    let host = host.split(':').next()?;
    let tld = host.rsplit('.').next()?.to_ascii_lowercase();
    (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())).then_some(tld)
}

/// Decode `bytes` to UTF-8 text following BOM → HTTP charset → meta charset → detection.
pub fn decode(bytes: &[u8], content_type: Option<&str>, url: Option<&str>) -> Decoded {
    let mut notices = Vec::new();
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            notices.push(format!(
                "{} bytes that are not valid {} after its byte-order mark were replaced with U+FFFD",
                count_replacements(&text),
                encoding.name()
            ));
        }
        let mut decoded = Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            source: EncodingSource::Bom,
            notices,
        };
        check_mojibake(&mut decoded);
        return decoded;
    }

    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|label| (label.to_string(), "the HTTP Content-Type header"))
        .or_else(|| meta_charset(bytes).map(|label| (label, "a <meta> tag")));
    let tld = tld_of(url);
    let tld = tld.as_deref().map(str::as_bytes);

    let mut decoded = match declared {
        Some((label, from)) => match label_to_encoding(&label) {
            Some(encoding) => decode_declared(bytes, encoding, &label, from, tld, &mut notices),
            None => {
                notices.push(format!(
                    "unknown charset {label:?} declared in {from}; the encoding was detected"
                ));
                decode_detected(
                    bytes,
                    tld,
                    EncodingSource::DetectedOverDeclared,
                    &mut notices,
                )
            }
        },
        None => decode_detected(bytes, tld, EncodingSource::Detected, &mut notices),
    };
    decoded.notices = notices;
    check_mojibake(&mut decoded);
    decoded
}

fn source_for(from: &str) -> EncodingSource {
    if from.starts_with("the HTTP") {
        EncodingSource::HttpHeader
    } else {
        EncodingSource::MetaTag
    }
}

fn decode_declared(
    bytes: &[u8],
    encoding: &'static Encoding,
    label: &str,
    from: &str,
    tld: Option<&[u8]>,
    notices: &mut Vec<String>,
) -> Decoded {
    if encoding == UTF_8 {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Decoded {
                text: text.to_string(),
                encoding: UTF_8.name(),
                source: source_for(from),
                notices: Vec::new(),
            };
        }
        let invalid = invalid_utf8_sequences(bytes);
        if mostly_utf8(bytes, invalid) {
            let text = String::from_utf8_lossy(bytes).into_owned();
            notices.push(format!(
                "{invalid} invalid UTF-8 sequences in a page declared {label:?} (in {from}) were replaced with U+FFFD"
            ));
            return Decoded {
                text,
                encoding: UTF_8.name(),
                source: source_for(from),
                notices: Vec::new(),
            };
        }
        // Declared UTF-8 but the bytes are not: detect among the legacy encodings.
        let guess = detect(bytes, tld);
        let (text, _, had_errors) = guess.decode(bytes);
        notices.push(format!(
            "declared charset {label:?} (in {from}) does not match the bytes ({invalid} invalid UTF-8 sequences); decoded as {} (detected)",
            guess.name()
        ));
        if had_errors {
            notices.push(format!(
                "{} undecodable bytes were replaced with U+FFFD",
                count_replacements(&text)
            ));
        }
        return Decoded {
            text: text.into_owned(),
            encoding: guess.name(),
            source: EncodingSource::DetectedOverDeclared,
            notices: Vec::new(),
        };
    }
    // A legacy declaration on bytes that are valid UTF-8 with non-ASCII text: the page is
    // UTF-8 (the most common wrong declaration on the web).
    if encoding.is_ascii_compatible() && has_non_ascii(bytes) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            notices.push(format!(
                "declared charset {label:?} (in {from}) does not match the bytes, which are valid UTF-8; decoded as UTF-8"
            ));
            return Decoded {
                text: text.to_string(),
                encoding: UTF_8.name(),
                source: EncodingSource::DetectedOverDeclared,
                notices: Vec::new(),
            };
        }
    }
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            source: source_for(from),
            notices: Vec::new(),
        },
        None => {
            let guess = detect(bytes, tld);
            let (text, _, had_errors) = guess.decode(bytes);
            notices.push(format!(
                "declared charset {label:?} (in {from}) does not match the bytes; decoded as {} (detected)",
                guess.name()
            ));
            if had_errors {
                notices.push(format!(
                    "{} undecodable bytes were replaced with U+FFFD",
                    count_replacements(&text)
                ));
            }
            Decoded {
                text: text.into_owned(),
                encoding: guess.name(),
                source: EncodingSource::DetectedOverDeclared,
                notices: Vec::new(),
            }
        }
    }
}

fn decode_detected(
    bytes: &[u8],
    tld: Option<&[u8]>,
    source: EncodingSource,
    notices: &mut Vec<String>,
) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            source,
            notices: Vec::new(),
        };
    }
    let invalid = invalid_utf8_sequences(bytes);
    if mostly_utf8(bytes, invalid) {
        notices.push(format!(
            "{invalid} invalid UTF-8 sequences in an otherwise UTF-8 page were replaced with U+FFFD"
        ));
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: UTF_8.name(),
            source,
            notices: Vec::new(),
        };
    }
    let guess = detect(bytes, tld);
    let (text, _, had_errors) = guess.decode(bytes);
    if had_errors {
        notices.push(format!(
            "{} bytes not valid in the detected encoding {} were replaced with U+FFFD",
            count_replacements(&text),
            guess.name()
        ));
    }
    Decoded {
        text: text.into_owned(),
        encoding: guess.name(),
        source,
        notices: Vec::new(),
    }
}

fn count_replacements(text: &str) -> usize {
    text.chars().filter(|&c| c == '\u{FFFD}').count()
}

/// Valid multi-byte UTF-8 sequences outnumber the invalid ones twenty to one: a UTF-8 page
/// with a few stray bytes, not a legacy-encoded one.
fn mostly_utf8(bytes: &[u8], invalid: usize) -> bool {
    let lead_bytes = bytes
        .iter()
        .filter(|&&b| (0xC2..=0xF4).contains(&b))
        .count();
    let valid = lead_bytes.saturating_sub(invalid);
    valid >= 20 * invalid.max(1)
}

fn invalid_utf8_sequences(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return count,
            Err(error) => {
                count += 1;
                let skip = error.valid_up_to() + error.error_len().unwrap_or(bytes.len());
                if skip >= bytes.len() {
                    return count;
                }
                bytes = &bytes[skip..];
            }
        }
    }
}

/// How many places in `text` look like UTF-8 decoded as Windows-1252 or Latin-1: a lead
/// character `Ã`/`Â`/`Å`/`Ä`/`Ã`… followed by a continuation-range character, or the three-byte
/// punctuation forms `â€™`, `â€œ`, `â€“`.
pub fn mojibake_count(text: &str) -> usize {
    // Every lead character is in U+00C0..=U+00FF, whose UTF-8 form starts with the byte 0xC3
    // (never a continuation byte, so always a character boundary): only those places are
    // looked at.
    memchr::memchr_iter(0xC3, text.as_bytes())
        .filter(|&at| {
            let mut chars = text[at..].chars();
            let (Some(c), Some(next)) = (chars.next(), chars.next()) else {
                return false;
            };
            // Lead bytes 0xC2..=0xC5, 0xCE, 0xD0, 0xD1 as Windows-1252 characters, then a
            // continuation byte ("Â " — a no-break space read as Windows-1252 — counts too);
            // or the three-byte punctuation forms starting "â€".
            let lead = matches!(c, 'Â' | 'Ã' | 'Ä' | 'Å' | 'Î' | 'Ð' | 'Ñ');
            (lead && is_continuation_as_1252(next)) || (c == 'â' && next == '€')
        })
        .count()
}

/// Is `c` what a UTF-8 continuation byte (0x80..=0xBF) becomes when read as Windows-1252?
fn is_continuation_as_1252(c: char) -> bool {
    matches!(
        c,
        '€' | '\u{81}'
            | '‚'
            | 'ƒ'
            | '„'
            | '…'
            | '†'
            | '‡'
            | 'ˆ'
            | '‰'
            | 'Š'
            | '‹'
            | 'Œ'
            | '\u{8d}'
            | 'Ž'
            | '\u{8f}'
            | '\u{90}'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '•'
            | '–'
            | '—'
            | '˜'
            | '™'
            | 'š'
            | '›'
            | 'œ'
            | '\u{9d}'
            | 'ž'
            | 'Ÿ'
            | '\u{a0}'..='\u{bf}'
    )
}

/// Report likely mojibake; repair it when the whole text round-trips through Windows-1252
/// back to valid UTF-8 and the repaired text has none left.
fn check_mojibake(decoded: &mut Decoded) {
    let count = mojibake_count(&decoded.text);
    if count < 2 {
        return;
    }
    if let Some(repaired) = repair_mojibake(&decoded.text) {
        if mojibake_count(&repaired) == 0 {
            decoded.notices.push(format!(
                "mojibake: {count} sequences of UTF-8 read as Windows-1252 (like \"Ã©\", \"â€™\"); the page decoded cleanly as UTF-8 after re-encoding, so it was repaired"
            ));
            decoded.text = repaired;
            return;
        }
    }
    decoded.notices.push(format!(
        "likely mojibake: {count} sequences of UTF-8 read as Windows-1252 (like \"Ã©\", \"â€™\"); kept as found"
    ));
}

/// Repair mojibake piece by piece, for text that mixes it with clean characters or was cut in
/// the middle of a sequence (sentence splits of a corpus read as Windows-1252): every run of
/// characters that are Windows-1252 bytes 0x80..=0xFF is re-encoded and decoded as UTF-8
/// where it is valid ("â€œ" → "“", "Ã©" → "é"); bytes that decode to nothing are kept as the
/// characters they were. "â€" before U+FFFD (a closing quote whose last byte was lost) is a
/// closing quote. Clean text, even with single accented letters ("Café"), comes back as is.
/// Only for text known to be mojibake: a run such as "Ã©" is repaired even when meant.
pub fn repair_mojibake_runs(text: &str) -> std::borrow::Cow<'_, str> {
    if mojibake_count(text) == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    let text = text.replace("â€\u{fffd}", "\u{201d}");
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        if run.is_empty() {
            return;
        }
        let bytes: Vec<u8> = run.iter().filter_map(|&c| high_1252_byte(c)).collect();
        let mut at = 0;
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            // Bytes before this chunk's invalid part stand for one character each.
            at += chunk.valid().len();
            for _ in chunk.invalid() {
                if let Some(&c) = run.get(at) {
                    out.push(c);
                }
                at += 1;
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if high_1252_byte(c).is_some() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    std::borrow::Cow::Owned(out)
}

/// The Windows-1252 byte 0x80..=0xFF that `c` is, if any (the five bytes Windows-1252 leaves
/// undefined read as the C1 controls of the same value).
fn high_1252_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return None;
    }
    if matches!(c, '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}') {
        return u8::try_from(u32::from(c)).ok();
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    match (unmappable, bytes.as_ref()) {
        (false, [b]) if *b >= 0x80 => Some(*b),
        _ => None,
    }
}

fn repair_mojibake(text: &str) -> Option<String> {
    let mut encoder = WINDOWS_1252.new_encoder();
    let mut bytes = Vec::with_capacity(text.len());
    bytes.resize(
        encoder.max_buffer_length_from_utf8_without_replacement(text.len())?,
        0,
    );
    let (result, _, written) = encoder.encode_from_utf8_without_replacement(text, &mut bytes, true);
    if !matches!(result, encoding_rs::EncoderResult::InputEmpty) {
        return None;
    }
    bytes.truncate(written);
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_runs_repaired_piece_by_piece() {
        // Written by us: quotes, an apostrophe and an accent read as Windows-1252, one
        // closing quote with its last byte lost, and a sequence cut at the end.
        let broken = "â€œwe are ready,â€\u{fffd} the officerâ€™s deputy said at the cafÃ© pujanâ€";
        assert_eq!(
            repair_mojibake_runs(broken),
            "\u{201c}we are ready,\u{201d} the officer\u{2019}s deputy said at the café pujanâ€"
        );
        assert_eq!(repair_mojibake_runs("Café in Zürich"), "Café in Zürich");
    }

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
    }

    #[test]
    fn meta_charset_forms() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"windows-1251\">").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            meta_charset(
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-2\">"
            )
            .as_deref(),
            Some("iso-8859-2")
        );
        assert_eq!(
            meta_charset(b"<meta name=\"x\" content=\"charset=no\">"),
            None
        );
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<p>Café</p>".as_bytes());
        let decoded = decode(&bytes, Some("text/html; charset=windows-1252"), None);
        assert_eq!(decoded.source, EncodingSource::Bom);
        assert_eq!(decoded.text, "<p>Café</p>");
    }

    #[test]
    fn http_charset_decodes_legacy_bytes() {
        let decoded = decode(
            b"<p>Caf\xe9</p>",
            Some("text/html; charset=iso-8859-1"),
            None,
        );
        assert_eq!(decoded.text, "<p>Café</p>");
        assert_eq!(decoded.source, EncodingSource::HttpHeader);
        assert!(decoded.notices.is_empty());
    }

    #[test]
    fn wrong_utf8_declaration_falls_back_to_detection() {
        let bytes = b"<meta charset=\"utf-8\"><p>Der B\xe4r lief \xfcber die Stra\xdfe und a\xdf K\xe4se.</p>";
        let decoded = decode(bytes, None, None);
        assert!(decoded.text.contains("Bär"), "{}", decoded.text);
        assert_eq!(decoded.source, EncodingSource::DetectedOverDeclared);
        assert!(decoded.notices[0].contains("does not match"));
    }

    #[test]
    fn stray_bytes_in_a_utf8_page_stay_utf8() {
        let mut bytes =
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><p>"
                .as_bytes()
                .to_vec();
        for _ in 0..30 {
            bytes.extend_from_slice("Grüße aus Köln. ".as_bytes());
        }
        bytes.extend_from_slice(b"bad \xe9 byte</p>");
        let decoded = decode(&bytes, None, None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("Grüße") && decoded.text.contains('\u{FFFD}'));
        assert!(
            decoded.notices[0].contains("1 invalid UTF-8 sequences"),
            "{:?}",
            decoded.notices
        );
    }

    #[test]
    fn wrong_legacy_declaration_on_utf8_bytes() {
        let bytes = "<meta charset=\"iso-8859-1\"><p>Der Bär lief über die Straße.</p>".as_bytes();
        let decoded = decode(bytes, None, None);
        assert!(decoded.text.contains("Bär"));
        assert!(decoded.notices[0].contains("valid UTF-8"));
    }

    #[test]
    fn mojibake_is_repaired_when_it_round_trips() {
        let text = "<p>CafÃ© and the crÃ¨me brÃ»lÃ©e, itâ€™s good.</p>";
        let decoded = decode(text.as_bytes(), None, None);
        assert_eq!(decoded.text, "<p>Café and the crème brûlée, it’s good.</p>");
        assert!(decoded.notices[0].contains("repaired"));
    }

    #[test]
    fn mixed_mojibake_is_reported_not_kept_silently() {
        let text = "<p>CafÃ© and crÃ¨me, but also 東京 which is real.</p>";
        let decoded = decode(text.as_bytes(), None, None);
        assert_eq!(decoded.text, text);
        assert!(decoded.notices[0].contains("likely mojibake"));
    }

    #[test]
    fn clean_text_has_no_mojibake() {
        assert_eq!(
            mojibake_count("Ägypten, Österreich, Århus, Ñandú — “quoted”"),
            0
        );
    }
}
