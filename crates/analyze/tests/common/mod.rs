//! What the pipeline's integration tests share: the models shipped in `models/`.
// Each test binary compiles this module and uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};

/// The shipped models in `models/`; every one of them must be there.
pub fn shipped_models() -> Models {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let (models, missing) = Models::load_dir(&dir).expect("the shipped models load");
    assert!(
        missing.is_empty(),
        "models missing from the repository: {missing:?}"
    );
    models
}

/// A pipeline over the shipped models that keeps tokens, loaded once per test binary.
pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE
        .get_or_init(|| Pipeline::with_models(AnalyzeOptions { tokens: true }, shipped_models()))
}
