//! Beam search over transition sequences (Zhang & Clark 2008; Zhang & Nivre 2011): the
//! `width` best partial parses by summed transition scores are kept at every step. Parses
//! that are finished (empty buffer) stay in the beam unchanged and compete with the others.
//!
//! Training uses the same search (see `train`): the sequence the model ranks first is compared
//! with the best gold sequence, and the perceptron is updated where the gold sequence is
//! furthest behind the beam (max-violation, Huang, Fayong & Guo 2012).

use super::transition::{State, LEFT, RIGHT};

/// "Stay": a finished item carried into the next beam.
const STAY: u8 = 4;

/// One partial parse.
#[derive(Debug, Default)]
pub(crate) struct Item {
    pub state: State,
    pub score: f64,
    /// The transitions made and their labels (0 for SHIFT and REDUCE).
    pub history: Vec<(u8, u16)>,
    /// Whether the item is on the gold sequence (training only).
    pub gold: bool,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: f64,
    item: u32,
    transition: u8,
}

/// The beam and its reused buffers.
#[derive(Debug, Default)]
pub(crate) struct Beam {
    pub items: Vec<Item>,
    spare: Vec<Item>,
    candidates: Vec<Candidate>,
    pub features: Vec<u64>,
}

impl Beam {
    /// Start a sentence of `n` words: one item, the initial state.
    pub fn reset(&mut self, n: usize) {
        self.spare.append(&mut self.items);
        let mut item = self.spare.pop().unwrap_or_default();
        item.state.reset(n);
        item.score = 0.0;
        item.history.clear();
        item.gold = true;
        self.items.push(item);
    }

    pub fn finished(&self) -> bool {
        self.items.iter().all(|item| item.state.terminal())
    }

    /// The best item (the beam is kept sorted, best first).
    pub fn best(&self) -> Option<&Item> {
        self.items.first()
    }

    /// One step: expand every unfinished item by its valid transitions and keep the `width`
    /// best (ties: the earlier item, then the lower transition, so the search is
    /// deterministic). `score(state, features)` scores the four transitions of a state
    /// (`features` is a scratch buffer); transitions that are the only valid one score 0.
    /// `label(state, head, dep, gold)` labels a new arc (`gold`: the new item is on the gold
    /// sequence). `gold_transition` is the gold sequence's next transition (training only).
    pub fn step(
        &mut self,
        width: usize,
        mut score: impl FnMut(&State, &mut Vec<u64>) -> [f64; 4],
        mut label: impl FnMut(&State, u32, u32, bool) -> u16,
        gold_transition: Option<usize>,
    ) {
        self.candidates.clear();
        for (i, item) in self.items.iter().enumerate() {
            let valid = item.state.valid();
            if valid == 0 {
                self.candidates.push(Candidate {
                    score: item.score,
                    item: i as u32,
                    transition: STAY,
                });
                continue;
            }
            if valid.count_ones() == 1 {
                self.candidates.push(Candidate {
                    score: item.score,
                    item: i as u32,
                    transition: valid.trailing_zeros() as u8,
                });
                continue;
            }
            let scores = score(&item.state, &mut self.features);
            for (t, &s) in scores.iter().enumerate() {
                if valid & (1 << t) != 0 {
                    self.candidates.push(Candidate {
                        score: item.score + s,
                        item: i as u32,
                        transition: t as u8,
                    });
                }
            }
        }
        // Best first; the sort is stable, so ties keep the order above.
        self.candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        self.candidates.truncate(width.max(1));

        let old = std::mem::take(&mut self.items);
        for c in &self.candidates {
            let parent = &old[c.item as usize];
            let mut item = self.spare.pop().unwrap_or_default();
            item.state.copy_from(&parent.state);
            item.history.clone_from(&parent.history);
            item.score = c.score;
            if c.transition == STAY {
                item.gold = parent.gold;
                self.items.push(item);
                continue;
            }
            let t = usize::from(c.transition);
            item.gold = parent.gold && gold_transition == Some(t);
            let l = match t {
                LEFT => label(&item.state, item.state.b0(), item.state.s0(), item.gold),
                RIGHT => label(&item.state, item.state.s0(), item.state.b0(), item.gold),
                _ => 0,
            };
            item.state.apply(t, l);
            item.history.push((c.transition, l));
            self.items.push(item);
        }
        self.spare.extend(old);
    }
}
