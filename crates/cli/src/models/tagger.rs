//! `newsgraph train tagger` and its evaluation (in progress).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{EvalOutput, TrainArgs};

pub fn train(_args: &TrainArgs) -> Result<ExitCode> {
    bail!("training the tagger is not built yet")
}

pub fn evaluate(_gold: &Path, _models: &Path) -> Result<EvalOutput> {
    bail!("evaluating the tagger is not built yet")
}
