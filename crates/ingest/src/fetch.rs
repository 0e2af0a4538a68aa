//! Fetching pages over HTTP(S): a blocking client with timeouts, a body size limit, bounded
//! redirects, gzip / deflate, and an honest User-Agent.

use std::io::Read;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use newsgraph_core::InputErrorKind;
use thiserror::Error;
use ureq::ResponseExt;

use crate::decode::human_size;
use crate::page::Page;
use crate::warc::decode_content;

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "newsgraph/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/newsgraph)"
);

/// How pages are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Time to resolve and connect (TCP and TLS). Default 10 s.
    pub connect_timeout: Duration,
    /// Time for the whole exchange, redirects and body included. Default 30 s.
    pub timeout: Duration,
    /// Largest body, in bytes, before and after decompression. Default 10 MiB.
    pub max_bytes: u64,
    /// Most redirects followed. Default 5.
    pub max_redirects: u32,
    pub user_agent: String,
}

/// The default body limit for fetched pages.
pub const DEFAULT_FETCH_MAX_BYTES: u64 = 10 * 1024 * 1024;

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: DEFAULT_FETCH_MAX_BYTES,
            max_redirects: 5,
            user_agent: USER_AGENT.to_string(),
        }
    }
}

/// Why a fetch failed. `Display` is the reason written into the error record.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FetchError {
    #[error("not an http or https URL")]
    Scheme,
    #[error("malformed URL: {0}")]
    BadUrl(String),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("more than {0} redirects (a redirect loop?)")]
    TooManyRedirects(u32),
    #[error("timed out ({0})")]
    Timeout(String),
    #[error("the body is larger than the {} limit; stopped reading there", human_size(*.0))]
    TooLarge(u64),
    #[error("{0}")]
    Decoding(String),
    #[error("{0}")]
    Network(String),
}

impl FetchError {
    /// The error kind of the record for this failure.
    pub fn kind(&self) -> InputErrorKind {
        match self {
            FetchError::TooLarge(_) => InputErrorKind::TooLarge,
            FetchError::Scheme => InputErrorKind::Unsupported,
            FetchError::Decoding(_) => InputErrorKind::Binary,
            _ => InputErrorKind::Io,
        }
    }
}

/// A fetched response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL asked for.
    pub requested: String,
    /// The URL answered, after redirects.
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    /// The body, content coding undone.
    pub bytes: Vec<u8>,
    /// When the response came (ISO 8601, UTC).
    pub fetched_at: String,
}

impl Fetched {
    /// The response as a page of `input`.
    pub fn into_page(self, input: &str) -> Page {
        Page {
            input: input.to_string(),
            url: Some(self.url),
            captured: Some(self.fetched_at),
            content_type: self.content_type,
            bytes: self.bytes,
            location: None,
        }
    }
}

/// A blocking HTTP client; cheap to clone (connections are pooled and shared).
#[derive(Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.timeout))
            .max_redirects(options.max_redirects)
            .max_redirects_will_error(true)
            .http_status_as_error(true)
            .user_agent(options.user_agent.as_str())
            .accept_encoding("gzip, deflate")
            .build()
            .into();
        Fetcher { agent, options }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// GET `url` (http or https only) and read its body up to the size limit.
    pub fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let url = url.trim();
        if !is_http_url(url) {
            return Err(FetchError::Scheme);
        }
        let mut response = self
            .agent
            .get(url)
            .header("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,*/*;q=0.8")
            .call()
            .map_err(|e| self.error(e))?;
        let status = response.status().as_u16();
        let final_url = response.get_uri().to_string();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type");
        let encoding = header("content-encoding");
        let limit = self.options.max_bytes;
        let mut bytes = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| self.io_error(&e))?;
        if bytes.len() as u64 > limit {
            return Err(FetchError::TooLarge(limit));
        }
        if let Some(encoding) = encoding {
            bytes = decode_content(&encoding, bytes, limit).map_err(FetchError::Decoding)?;
        }
        Ok(Fetched {
            requested: url.to_string(),
            url: final_url,
            status,
            content_type,
            bytes,
            fetched_at: utc_now(),
        })
    }

    fn error(&self, error: ureq::Error) -> FetchError {
        match error {
            ureq::Error::StatusCode(status) => FetchError::Status(status),
            ureq::Error::TooManyRedirects => {
                FetchError::TooManyRedirects(self.options.max_redirects)
            }
            ureq::Error::Timeout(which) => FetchError::Timeout(format!(
                "{which}; limits: connect {}, total {}",
                seconds(self.options.connect_timeout),
                seconds(self.options.timeout)
            )),
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge(self.options.max_bytes),
            ureq::Error::BadUri(uri) => FetchError::BadUrl(uri),
            ureq::Error::Io(io) => self.io_error(&io),
            ureq::Error::HostNotFound => FetchError::Network("host not found".to_string()),
            ureq::Error::ConnectionFailed => FetchError::Network("connection failed".to_string()),
            ureq::Error::RedirectFailed => {
                FetchError::Network("redirect to a URL that cannot be followed".to_string())
            }
            other => FetchError::Network(other.to_string()),
        }
    }

    fn io_error(&self, error: &std::io::Error) -> FetchError {
        // ureq reports its own errors through io::Error while a body is read.
        if let Some(inner) = error.get_ref() {
            if let Some(ureq_error) = inner.downcast_ref::<ureq::Error>() {
                return self.error(clone_ureq_error(ureq_error));
            }
        }
        match error.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                FetchError::Timeout(format!(
                    "reading the response; limits: connect {}, total {}",
                    seconds(self.options.connect_timeout),
                    seconds(self.options.timeout)
                ))
            }
            _ => FetchError::Network(error.to_string()),
        }
    }
}

/// The variants of a ureq error that matter here, rebuilt (ureq errors do not clone).
fn clone_ureq_error(error: &ureq::Error) -> ureq::Error {
    match error {
        ureq::Error::Timeout(which) => ureq::Error::Timeout(*which),
        ureq::Error::BodyExceedsLimit(n) => ureq::Error::BodyExceedsLimit(*n),
        ureq::Error::StatusCode(s) => ureq::Error::StatusCode(*s),
        ureq::Error::TooManyRedirects => ureq::Error::TooManyRedirects,
        ureq::Error::ConnectionFailed => ureq::Error::ConnectionFailed,
        ureq::Error::HostNotFound => ureq::Error::HostNotFound,
        other => ureq::Error::BadUri(other.to_string()),
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// Whether `input` is an `http://` or `https://` URL (scheme case-insensitive).
pub fn is_http_url(input: &str) -> bool {
    let lower: String = input
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The current time as ISO 8601 UTC, to the second: `2026-03-14T09:30:00Z`.
pub(crate) fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso_from_unix(seconds)
}

pub(crate) fn iso_from_unix(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_from_unix(1_773_480_600), "2026-03-14T09:30:00Z");
        assert!(utc_now().ends_with('Z'));
    }

    #[test]
    fn http_urls() {
        assert!(is_http_url("http://example.org/a"));
        assert!(is_http_url("HTTPS://example.org"));
        assert!(!is_http_url("ftp://example.org"));
        assert!(!is_http_url("example.org"));
        assert!(!is_http_url("htt"));
    }

    #[test]
    fn other_schemes_are_refused() {
        let fetcher = Fetcher::new(FetchOptions::default());
        assert_eq!(fetcher.fetch("file:///etc/passwd"), Err(FetchError::Scheme));
        assert!(USER_AGENT.starts_with("newsgraph/"));
    }
}
