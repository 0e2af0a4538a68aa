//! The analysis pipeline with the shipped models, shared by the events test files.

use std::path::Path;

use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};

/// A pipeline over the models in the repository's `models/`; panics (failing the test) when
/// one is missing.
pub fn load_pipeline(options: AnalyzeOptions) -> Pipeline {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let (models, missing) = Models::load_dir(&dir).expect("the shipped models load");
    assert!(missing.is_empty(), "missing models: {missing:?}");
    Pipeline::with_models(options, models)
}
