//! The newsgraph schema.
//!
//! One set of serde types is the contract for JSON output, storage, the HTTP API and exports.
//! Every extracted item carries its evidence as [`Span`]s: byte offsets into
//! [`Article::text`], the original text as read. `docs/schema.md` documents the format with a
//! complete example, and a test checks that example against these types.

mod article;
mod document;
mod record;
mod span;
mod token_view;

pub use article::{article_id, Article, DuplicateKind, DuplicateLink, Origin};
pub use document::*;
pub use record::{ErrorRecord, InputError, InputErrorKind, Record};
pub use span::Span;
pub use token_view::TokenView;
