//! The arc-eager transition system (Nivre 2003) with a dummy root at the bottom of the stack,
//! and its dynamic oracle (Goldberg & Nivre 2012).
//!
//! Nodes are numbered `0..=n`: 0 is the root, `1..=n` the words. The root can take one
//! dependent only (a RIGHT arc from the root is refused once it has one), so a sentence gets
//! one root word. Parsing ends when the buffer is empty; words left on the stack without a
//! head are then attached by [`State::finish`].

/// "No node".
pub(crate) const NO: u32 = u32::MAX;

pub(crate) const SHIFT: usize = 0;
pub(crate) const REDUCE: usize = 1;
pub(crate) const LEFT: usize = 2;
pub(crate) const RIGHT: usize = 3;

/// A parser configuration plus the bookkeeping the features read.
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    /// Front of the buffer; the buffer is empty when `i > n`.
    pub i: usize,
    pub head: Vec<u32>,
    pub label: Vec<u16>,
    /// Leftmost and second-leftmost, rightmost and second-rightmost dependents.
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    pub vl: Vec<u8>,
    pub vr: Vec<u8>,
    /// Sets of the labels of left and right dependents (bit `label % 64`).
    pub ls: Vec<u64>,
    pub rs: Vec<u64>,
    /// The root's dependent, once attached.
    pub root_child: u32,
}

impl State {
    /// Start parsing a sentence of `n` words (reusing the buffers).
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.i = 1;
        for v in [
            &mut self.head,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, NO);
        }
        self.label.clear();
        self.label.resize(n + 1, 0);
        self.vl.clear();
        self.vl.resize(n + 1, 0);
        self.vr.clear();
        self.vr.resize(n + 1, 0);
        self.ls.clear();
        self.ls.resize(n + 1, 0);
        self.rs.clear();
        self.rs.resize(n + 1, 0);
        self.root_child = NO;
    }

    /// Become a copy of `other`, reusing the buffers (the derived `clone_from` reallocates).
    pub fn copy_from(&mut self, other: &State) {
        self.n = other.n;
        self.i = other.i;
        self.root_child = other.root_child;
        self.stack.clone_from(&other.stack);
        self.head.clone_from(&other.head);
        self.label.clone_from(&other.label);
        self.lc1.clone_from(&other.lc1);
        self.lc2.clone_from(&other.lc2);
        self.rc1.clone_from(&other.rc1);
        self.rc2.clone_from(&other.rc2);
        self.vl.clone_from(&other.vl);
        self.vr.clone_from(&other.vr);
        self.ls.clone_from(&other.ls);
        self.rs.clone_from(&other.rs);
    }

    #[inline]
    pub fn terminal(&self) -> bool {
        self.i > self.n
    }

    #[inline]
    pub fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    #[inline]
    pub fn b0(&self) -> u32 {
        if self.i <= self.n {
            self.i as u32
        } else {
            NO
        }
    }

    /// Which transitions are allowed, as a bit set (`1 << SHIFT` …).
    #[inline]
    pub fn valid(&self) -> u8 {
        if self.terminal() {
            return 0;
        }
        let s0 = self.s0();
        let mut v = 1u8 << SHIFT;
        if s0 != 0 {
            if self.head[s0 as usize] != NO {
                v |= 1 << REDUCE;
            } else {
                v |= 1 << LEFT;
            }
            v |= 1 << RIGHT;
        } else if self.root_child == NO {
            v |= 1 << RIGHT;
        }
        v
    }

    fn attach(&mut self, head: u32, dep: u32, label: u16) {
        let (h, d) = (head as usize, dep as usize);
        self.head[d] = head;
        self.label[d] = label;
        if head == 0 {
            self.root_child = dep;
            return;
        }
        if dep < head {
            self.lc2[h] = self.lc1[h];
            self.lc1[h] = dep;
            self.vl[h] = self.vl[h].saturating_add(1);
            self.ls[h] |= 1 << (label % 64);
        } else {
            self.rc2[h] = self.rc1[h];
            self.rc1[h] = dep;
            self.vr[h] = self.vr[h].saturating_add(1);
            self.rs[h] |= 1 << (label % 64);
        }
    }

    /// Apply a valid transition (`label` is used by LEFT and RIGHT).
    pub fn apply(&mut self, transition: usize, label: u16) {
        match transition {
            SHIFT => {
                self.stack.push(self.i as u32);
                self.i += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            LEFT => {
                let s0 = self.s0();
                self.attach(self.i as u32, s0, label);
                self.stack.pop();
            }
            _ => {
                let s0 = self.s0();
                self.attach(s0, self.i as u32, label);
                self.stack.push(self.i as u32);
                self.i += 1;
            }
        }
    }

    /// The heads the parse ends without: the words left on the stack without a head, attached
    /// bottom-up. The first becomes the root's dependent if the root has none; each other one
    /// goes to the stack element below it (or to the root's dependent when that is the root),
    /// which keeps the tree projective. `label_for(state, head, dep)` names the new arcs that
    /// do not hang from the root.
    pub fn finish(&mut self, root_label: u16, mut label_for: impl FnMut(&State, u32, u32) -> u16) {
        // Every headless word is on the stack: words leave it only by LEFT (which gives them a
        // head) or REDUCE (which needs one), and the buffer is empty.
        self.i = self.n + 1;
        for k in 1..self.stack.len() {
            let x = self.stack[k];
            if self.head[x as usize] != NO {
                continue;
            }
            if self.root_child == NO {
                self.attach(0, x, root_label);
                continue;
            }
            let below = self.stack[k - 1];
            let head = if below == 0 { self.root_child } else { below };
            let label = label_for(self, head, x);
            self.attach(head, x, label);
        }
    }

    /// Whether `k` is on the stack (linear; training only).
    fn on_stack(&self, k: u32) -> bool {
        self.stack.contains(&k)
    }

    /// The dynamic-oracle cost of each transition (number of gold arcs it makes unreachable),
    /// for a projective gold tree `gold[d]` (heads, 0 = root, `gold[0]` unused). Invalid
    /// transitions get `u32::MAX`.
    pub fn costs(&self, gold: &[u32]) -> [u32; 4] {
        let mut costs = [u32::MAX; 4];
        let valid = self.valid();
        if valid == 0 {
            return costs;
        }
        let n = self.n;
        let s = self.s0();
        let b = self.i as u32;
        let in_buffer = |k: u32| k != NO && (k as usize) >= self.i && (k as usize) <= n;
        // Gold dependents of `x` in the buffer (from `from` on).
        let deps_in_buffer = |x: u32, from: usize| (from..=n).filter(|&k| gold[k] == x).count();
        // A gold arc from the root is reachable only while the root has no dependent.
        let head_reachable_on_stack =
            |h: u32| (h != 0 || self.root_child == NO) && (h == 0 || self.on_stack(h));
        // Gold dependents of `x` among the headless words on the stack.
        let headless_deps_on_stack = |x: u32| {
            self.stack
                .iter()
                .filter(|&&k| k != 0 && self.head[k as usize] == NO && gold[k as usize] == x)
                .count()
        };
        if valid & (1 << SHIFT) != 0 {
            let g = gold[b as usize];
            let mut c = usize::from(g != NO && head_reachable_on_stack(g));
            c += headless_deps_on_stack(b);
            costs[SHIFT] = c as u32;
        }
        if valid & (1 << REDUCE) != 0 {
            costs[REDUCE] = deps_in_buffer(s, self.i) as u32;
        }
        if valid & (1 << LEFT) != 0 {
            let g = gold[s as usize];
            let mut c = usize::from(g != b && in_buffer(g));
            c += deps_in_buffer(s, self.i);
            costs[LEFT] = c as u32;
        }
        if valid & (1 << RIGHT) != 0 {
            let g = gold[b as usize];
            let mut c =
                usize::from(g != s && g != NO && (in_buffer(g) || head_reachable_on_stack(g)));
            c += headless_deps_on_stack(b);
            costs[RIGHT] = c as u32;
        }
        costs
    }
}

/// Make a gold tree projective by lifting: while some arc is non-projective, the shortest one
/// is re-attached to its head's head. `heads[d]` for `d` in `1..=n` (0 = root); `heads[0]`
/// unused. Returns whether anything changed. Trees with cycles or bad heads are left alone
/// (the caller checks [`is_tree`] first).
pub(crate) fn projectivize(heads: &mut [u32]) -> bool {
    let n = heads.len().saturating_sub(1);
    let mut changed = false;
    for _ in 0..n * n + 1 {
        let mut worst: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d] as usize;
            if !arc_is_projective(heads, h, d) {
                let len = h.abs_diff(d);
                if worst.is_none_or(|(_, l)| len < l) {
                    worst = Some((d, len));
                }
            }
        }
        let Some((d, _)) = worst else {
            return changed;
        };
        let h = heads[d] as usize;
        if h == 0 {
            return changed;
        }
        heads[d] = heads[h];
        changed = true;
    }
    changed
}

/// Whether every word strictly between `h` and `d` descends from `h`.
fn arc_is_projective(heads: &[u32], h: usize, d: usize) -> bool {
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).all(|k| {
        let mut x = k;
        for _ in 0..heads.len() {
            if x == h {
                return true;
            }
            if x == 0 {
                return h == 0;
            }
            x = heads[x] as usize;
        }
        false
    })
}

/// Whether `heads` (`heads[0]` unused) is a tree over `0..=n` with exactly one root word.
pub(crate) fn is_tree(heads: &[u32]) -> bool {
    let n = heads.len().saturating_sub(1);
    let mut roots = 0;
    for d in 1..=n {
        let h = heads[d] as usize;
        if h > n || h == d {
            return false;
        }
        if h == 0 {
            roots += 1;
        }
        let mut x = d;
        let mut steps = 0;
        while x != 0 {
            x = heads[x] as usize;
            steps += 1;
            if steps > n {
                return false;
            }
        }
    }
    roots == 1 || n == 0
}

/// The static oracle's transition sequence for a projective gold tree (used in tests): at each
/// step the first zero-cost transition in the order LEFT, RIGHT, REDUCE, SHIFT.
#[cfg(test)]
pub(crate) fn static_sequence(gold: &[u32]) -> Vec<usize> {
    let mut state = State::default();
    state.reset(gold.len() - 1);
    let mut out = Vec::new();
    while !state.terminal() {
        let costs = state.costs(gold);
        let t = [LEFT, RIGHT, REDUCE, SHIFT]
            .into_iter()
            .find(|&t| costs[t] == 0)
            .expect("a zero-cost transition exists for a projective tree");
        out.push(t);
        state.apply(t, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "The cat sat on the mat ." → heads (1-based, 0 = root).
    const SAT: [u32; 8] = [0, 2, 3, 0, 6, 6, 3, 3];

    fn run(gold: &[u32]) -> State {
        let mut state = State::default();
        state.reset(gold.len() - 1);
        for t in static_sequence(gold) {
            state.apply(t, 0);
        }
        state.finish(0, |_, _, _| 0);
        state
    }

    #[test]
    fn oracle_reproduces_projective_trees() {
        let trees: [&[u32]; 5] = [
            &SAT,
            &[0, 0],
            &[0, 2, 0, 2, 5, 3, 2],
            &[0, 0, 1, 2, 3, 4, 5],
            &[0, 6, 6, 6, 6, 6, 0],
        ];
        for gold in trees {
            assert!(is_tree(gold));
            let state = run(gold);
            assert_eq!(&state.head[1..], &gold[1..], "{gold:?}");
        }
    }

    #[test]
    fn gold_transitions_cost_nothing_and_wrong_ones_do() {
        let mut state = State::default();
        state.reset(SAT.len() - 1);
        for t in static_sequence(&SAT) {
            let costs = state.costs(&SAT);
            assert_eq!(costs[t], 0);
            state.apply(t, 0);
        }
        state.reset(SAT.len() - 1);
        // "The" first: SHIFT is gold (it waits for "cat"); RIGHT(root → The) loses its arc.
        let costs = state.costs(&SAT);
        assert_eq!(costs[SHIFT], 0);
        assert!(costs[RIGHT] > 0);
        assert_eq!(costs[LEFT], u32::MAX);
    }

    #[test]
    fn a_zero_cost_transition_exists_after_mistakes() {
        // Follow arbitrary valid transitions: some transition always stays at zero cost.
        let gold = [0u32, 2, 0, 4, 2, 2, 7, 5, 2];
        for seed in 0..50u32 {
            let mut state = State::default();
            state.reset(gold.len() - 1);
            let mut x = seed;
            while !state.terminal() {
                let costs = state.costs(&gold);
                assert!(costs.contains(&0), "{seed}: {costs:?} {state:?}");
                let valid = state.valid();
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let options: Vec<usize> = (0..4).filter(|t| valid & (1 << t) != 0).collect();
                state.apply(options[(x >> 16) as usize % options.len()], 0);
            }
            state.finish(0, |_, _, _| 0);
            let heads: Vec<u32> = state.head.clone();
            let mut check = heads.clone();
            check[0] = 0;
            assert!(is_tree(&check), "{heads:?}");
        }
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // 1 → 3 crosses 2 → 4.
        let mut heads = vec![0u32, 0, 1, 1, 2];
        heads[2] = 1;
        heads[3] = 1;
        heads[4] = 2;
        assert!(is_tree(&heads));
        let mut crossing = vec![0u32, 0, 4, 1, 1];
        assert!(!(1..=4).all(|d| arc_is_projective(&crossing, crossing[d] as usize, d)));
        assert!(projectivize(&mut crossing));
        assert!((1..=4).all(|d| arc_is_projective(&crossing, crossing[d] as usize, d)));
        assert!(is_tree(&crossing));
    }
}
