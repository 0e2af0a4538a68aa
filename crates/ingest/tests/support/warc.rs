//! A small WARC writer for tests.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

/// One record to write.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    pub warc_type: String,
    pub uri: Option<String>,
    pub content_type: String,
    pub block: Vec<u8>,
    pub date: String,
    /// Write this Content-Length instead of the block's length.
    pub content_length_override: Option<u64>,
    pub omit_content_length: bool,
}

impl WarcRecord {
    pub fn new(warc_type: &str, uri: Option<&str>, content_type: &str, block: Vec<u8>) -> Self {
        WarcRecord {
            warc_type: warc_type.to_string(),
            uri: uri.map(str::to_string),
            content_type: content_type.to_string(),
            block,
            date: "2026-03-14T09:30:00Z".to_string(),
            content_length_override: None,
            omit_content_length: false,
        }
    }

    /// The record as WARC/1.1 bytes, with the trailing CRLF CRLF.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"WARC/1.1\r\n");
        out.extend_from_slice(format!("WARC-Type: {}\r\n", self.warc_type).as_bytes());
        out.extend_from_slice(format!("WARC-Date: {}\r\n", self.date).as_bytes());
        out.extend_from_slice(
            format!("WARC-Record-ID: <urn:uuid:{:032x}>\r\n", self.block.len()).as_bytes(),
        );
        if let Some(uri) = &self.uri {
            out.extend_from_slice(format!("WARC-Target-URI: {uri}\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Type: {}\r\n", self.content_type).as_bytes());
        if !self.omit_content_length {
            let length = self
                .content_length_override
                .unwrap_or(self.block.len() as u64);
            out.extend_from_slice(format!("Content-Length: {length}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }
}

/// An HTTP/1.1 response as archived.
pub fn response(status: u16, content_type: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Whatever\r\nContent-Type: {content_type}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A minimal HTML article page.
pub fn html_page(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
    .into_bytes()
}

/// One gzip member.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}
