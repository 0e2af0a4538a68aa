//! Precision, recall and F1 from counts.

use serde::{Deserialize, Serialize};

/// Counts of a set comparison between predicted and gold items, with the derived scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// Scores (as percentages, 0–100) from counts. Empty denominators give 0.
    pub fn from_counts(gold: usize, predicted: usize, correct: usize) -> Self {
        let ratio = |num: usize, den: usize| {
            if den == 0 {
                0.0
            } else {
                100.0 * num as f64 / den as f64
            }
        };
        let precision = ratio(correct, predicted);
        let recall = ratio(correct, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            gold,
            predicted,
            correct,
            precision,
            recall,
            f1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_from_counts() {
        let prf = Prf::from_counts(10, 8, 6);
        assert!((prf.precision - 75.0).abs() < 1e-9);
        assert!((prf.recall - 60.0).abs() < 1e-9);
        assert!((prf.f1 - 66.666_666_666).abs() < 1e-6);
    }

    #[test]
    fn empty_counts_score_zero() {
        let prf = Prf::from_counts(0, 0, 0);
        assert_eq!(prf.f1, 0.0);
    }
}
