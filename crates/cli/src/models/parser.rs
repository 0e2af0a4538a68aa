//! `newsgraph train parser` and its evaluation (in progress).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{EvalOutput, TrainArgs};

pub fn train(_args: &TrainArgs) -> Result<ExitCode> {
    bail!("training the parser is not built yet")
}

pub fn evaluate(_gold: &Path, _models: &Path) -> Result<EvalOutput> {
    bail!("evaluating the parser is not built yet")
}
