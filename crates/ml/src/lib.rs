//! Learners behind newsgraph's models, written for speed at inference:
//!
//! - [`hash`]: deterministic feature hashing (features are `u64` keys, never strings at run time);
//! - [`perceptron`]: a multi-class averaged perceptron whose trained form, [`LinearModel`], keeps
//!   each feature's class weights in one contiguous, quantised row behind an open-addressing
//!   table, so scoring a feature costs one probe and one cache line;
//! - [`model_file`]: the versioned, compressed model format whose readable header records the
//!   training data, command, date and dev scores;
//! - [`rng`]: a seeded generator for deterministic shuffles.

pub mod hash;
pub mod model_file;
pub mod perceptron;
pub mod prefetch;
pub mod rng;

pub use model_file::{ModelError, ModelHeader};
pub use perceptron::{KeyHasher, KeyMap, LinearModel, Trainer};
pub use prefetch::prefetch;
