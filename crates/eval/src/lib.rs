//! Gold-format readers and metrics behind `newsgraph eval`.

pub mod clusters;
pub mod conllu;
pub mod geo;
pub mod metrics;
pub mod ner;
pub mod quotes;
pub mod timeml;
pub mod tokens;
