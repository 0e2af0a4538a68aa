//! Feature extraction: Zhang & Nivre (2011)-style templates for the transitions, and arc
//! features for the labeller. Every feature is a `u64` key hashed from a template id and a few
//! `u64` parts (word and tag hashes, labels, distances), written into a reused buffer.

use super::transition::{State, NO};

/// What the features know of a token: hashes of its normalised form, its tag pair (UPOS and
/// XPOS) and its suffix.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Token {
    pub w: u64,
    pub p: u64,
    /// The UPOS tag alone: coarser than `p`, and right more often when tags are predicted.
    pub u: u64,
    pub suffix: u64,
    /// The word's cluster at the coarse and the fine level (its UPOS hash when it has none).
    pub cs: u64,
    pub cw: u64,
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const K3: u64 = 0xFF51_AFD7_ED55_8CCD;

/// The key of template `t` over `parts`.
#[inline(always)]
fn key<const N: usize>(t: u64, parts: [u64; N]) -> u64 {
    let mut h = (t ^ 0x5851_F42D_4C95_7F2D).wrapping_mul(K1);
    for p in parts {
        h = (h.rotate_left(27) ^ p).wrapping_mul(K2);
    }
    h = (h ^ (h >> 32)).wrapping_mul(K3);
    h ^ (h >> 29)
}

/// Hash of a token's text part (word, tag): the same on every platform.
pub(crate) fn hash_bytes(kind: u64, bytes: &[u8]) -> u64 {
    let mut h = (kind ^ 0x2545_F491_4F6C_DD1D).wrapping_mul(K1);
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(27) ^ u64::from_le_bytes(word)).wrapping_mul(K2);
    }
    h = (h ^ bytes.len() as u64).wrapping_mul(K3);
    h ^ (h >> 31)
}

/// Parts for absent positions and for the root.
const NONE_W: u64 = 0x1111;
const NONE_P: u64 = 0x2222;
const ROOT_W: u64 = 0x3333;
const ROOT_P: u64 = 0x4444;
const NONE_L: u64 = 0x5555;

/// The token table of a sentence: index 0 is the root.
pub(crate) fn root_token() -> Token {
    Token {
        w: ROOT_W,
        p: ROOT_P,
        u: ROOT_P,
        suffix: ROOT_W,
        cs: ROOT_P,
        cw: ROOT_W,
    }
}

#[inline]
fn distance(a: u32, b: u32) -> u64 {
    match a.abs_diff(b) {
        d @ 0..=4 => u64::from(d),
        5..=6 => 5,
        7..=9 => 6,
        10..=14 => 7,
        _ => 8,
    }
}

struct View<'a> {
    s: &'a State,
    t: &'a [Token],
}

impl View<'_> {
    #[inline]
    fn w(&self, x: u32) -> u64 {
        if x == NO {
            NONE_W
        } else {
            self.t[x as usize].w
        }
    }
    #[inline]
    fn p(&self, x: u32) -> u64 {
        if x == NO {
            NONE_P
        } else {
            self.t[x as usize].p
        }
    }
    #[inline]
    fn u(&self, x: u32) -> u64 {
        if x == NO {
            NONE_P
        } else {
            self.t[x as usize].u
        }
    }
    #[inline]
    fn cs(&self, x: u32) -> u64 {
        if x == NO {
            NONE_P
        } else {
            self.t[x as usize].cs
        }
    }
    #[inline]
    fn cw(&self, x: u32) -> u64 {
        if x == NO {
            NONE_W
        } else {
            self.t[x as usize].cw
        }
    }
    #[inline]
    fn suffix(&self, x: u32) -> u64 {
        if x == NO {
            NONE_W
        } else {
            self.t[x as usize].suffix
        }
    }
    /// The label of the arc into `x`, if it has one.
    #[inline]
    fn l(&self, x: u32) -> u64 {
        if x == NO || x == 0 || self.s.head[x as usize] == NO {
            NONE_L
        } else {
            u64::from(self.s.label[x as usize])
        }
    }
    #[inline]
    fn get(&self, v: &[u32], x: u32) -> u32 {
        if x == NO {
            NO
        } else {
            v[x as usize]
        }
    }
    /// The token at `x + delta` if inside the sentence (0 counts as the root).
    #[inline]
    fn offset(&self, x: u32, delta: i64) -> u32 {
        if x == NO {
            return NO;
        }
        let y = i64::from(x) + delta;
        if y < 0 || y > self.s.n as i64 {
            NO
        } else {
            y as u32
        }
    }
}

/// The features of the transition decision in `state`, into `out` (cleared first).
pub(crate) fn transition_features(
    state: &State,
    tokens: &[Token],
    clustered: bool,
    out: &mut Vec<u64>,
) {
    out.clear();
    let v = View {
        s: state,
        t: tokens,
    };
    let s0 = state.s0();
    let b0 = state.b0();
    let n1 = v.offset(b0, 1);
    let n2 = v.offset(b0, 2);
    let s1 = if state.stack.len() >= 2 {
        state.stack[state.stack.len() - 2]
    } else {
        NO
    };
    let s0h = v.get(&state.head, s0);
    let s0h2 = v.get(&state.head, s0h);
    let s0l = v.get(&state.lc1, s0);
    let s0l2 = v.get(&state.lc2, s0);
    let s0r = v.get(&state.rc1, s0);
    let s0r2 = v.get(&state.rc2, s0);
    let n0l = v.get(&state.lc1, b0);
    let n0l2 = v.get(&state.lc2, b0);

    let (s0w, s0p) = (v.w(s0), v.p(s0));
    let (n0w, n0p) = (v.w(b0), v.p(b0));
    let (n1w, n1p) = (v.w(n1), v.p(n1));
    let (n2w, n2p) = (v.w(n2), v.p(n2));
    let d = if b0 == NO { 99 } else { distance(s0, b0) };
    let s0vl = u64::from(state.vl[s0 as usize]);
    let s0vr = u64::from(state.vr[s0 as usize]);
    let n0vl = if b0 == NO {
        99
    } else {
        u64::from(state.vl[b0 as usize])
    };
    let s0sl = state.ls[s0 as usize];
    let s0sr = state.rs[s0 as usize];
    let n0sl = if b0 == NO { 0 } else { state.ls[b0 as usize] };

    let mut f = |k: u64| out.push(k);
    // Single words.
    f(key(1, [s0w, s0p]));
    f(key(2, [s0w]));
    f(key(3, [s0p]));
    f(key(4, [n0w, n0p]));
    f(key(5, [n0w]));
    f(key(6, [n0p]));
    f(key(7, [n1w, n1p]));
    f(key(8, [n1w]));
    f(key(9, [n1p]));
    f(key(10, [n2w, n2p]));
    f(key(11, [n2w]));
    f(key(12, [n2p]));
    // Word pairs.
    f(key(13, [s0w, s0p, n0w, n0p]));
    f(key(14, [s0w, s0p, n0w]));
    f(key(15, [s0w, n0w, n0p]));
    f(key(16, [s0w, s0p, n0p]));
    f(key(17, [s0p, n0w, n0p]));
    f(key(18, [s0w, n0w]));
    f(key(19, [s0p, n0p]));
    f(key(20, [n0p, n1p]));
    // Three words.
    f(key(21, [n0p, n1p, n2p]));
    f(key(22, [s0p, n0p, n1p]));
    f(key(23, [v.p(s0h), s0p, n0p]));
    f(key(24, [s0p, v.p(s0l), n0p]));
    f(key(25, [s0p, v.p(s0r), n0p]));
    f(key(26, [s0p, n0p, v.p(n0l)]));
    // Distance.
    f(key(27, [s0w, d]));
    f(key(28, [s0p, d]));
    f(key(29, [n0w, d]));
    f(key(30, [n0p, d]));
    f(key(31, [s0w, n0w, d]));
    f(key(32, [s0p, n0p, d]));
    // Valency.
    f(key(33, [s0w, s0vr]));
    f(key(34, [s0p, s0vr]));
    f(key(35, [s0w, s0vl]));
    f(key(36, [s0p, s0vl]));
    f(key(37, [n0w, n0vl]));
    f(key(38, [n0p, n0vl]));
    // Second-order unigrams.
    f(key(39, [v.w(s0h)]));
    f(key(40, [v.p(s0h)]));
    f(key(41, [v.l(s0)]));
    f(key(42, [v.w(s0l)]));
    f(key(43, [v.p(s0l)]));
    f(key(44, [v.l(s0l)]));
    f(key(45, [v.w(s0r)]));
    f(key(46, [v.p(s0r)]));
    f(key(47, [v.l(s0r)]));
    f(key(48, [v.w(n0l)]));
    f(key(49, [v.p(n0l)]));
    f(key(50, [v.l(n0l)]));
    // Third order.
    f(key(51, [v.w(s0h2)]));
    f(key(52, [v.p(s0h2)]));
    f(key(53, [v.l(s0h)]));
    f(key(54, [v.w(s0l2)]));
    f(key(55, [v.p(s0l2)]));
    f(key(56, [v.l(s0l2)]));
    f(key(57, [v.w(s0r2)]));
    f(key(58, [v.p(s0r2)]));
    f(key(59, [v.l(s0r2)]));
    f(key(60, [v.w(n0l2)]));
    f(key(61, [v.p(n0l2)]));
    f(key(62, [v.l(n0l2)]));
    f(key(63, [s0p, v.p(s0l), v.p(s0l2)]));
    f(key(64, [s0p, v.p(s0r), v.p(s0r2)]));
    f(key(65, [s0p, v.p(s0h), v.p(s0h2)]));
    f(key(66, [n0p, v.p(n0l), v.p(n0l2)]));
    // Label sets.
    f(key(67, [s0w, s0sr]));
    f(key(68, [s0p, s0sr]));
    f(key(69, [s0w, s0sl]));
    f(key(70, [s0p, s0sl]));
    f(key(71, [n0w, n0sl]));
    f(key(72, [n0p, n0sl]));
    // Extensions: the second stack item, neighbours, the root's state, a bias.
    f(key(73, [v.w(s1)]));
    f(key(74, [v.p(s1)]));
    f(key(75, [v.p(s1), s0p, n0p]));
    f(key(76, [s0p, v.p(v.offset(s0, 1)), n0p]));
    f(key(77, [s0p, v.p(v.offset(b0, -1)), n0p]));
    f(key(78, [u64::from(state.root_child == NO), s0p, n0p]));
    f(key(79, [v.l(s0), s0p, n0p]));
    f(key(80, [v.suffix(b0), s0p]));
    f(key(81, [0]));
    // Word pairs in the buffer, wider context.
    let n3 = v.offset(b0, 3);
    f(key(91, [n0w, n1w]));
    f(key(92, [n0p, n1w]));
    f(key(93, [n0w, n1p]));
    f(key(94, [n1p, n2p, v.p(n3)]));
    f(key(95, [v.p(v.offset(s0, -1)), s0p, n0p]));
    f(key(96, [v.w(v.offset(b0, -1)), n0p]));
    f(key(97, [v.p(s1), s0p]));
    f(key(98, [v.w(s1), s0w]));
    f(key(99, [v.p(s1), n0p]));
    f(key(100, [s0w, v.l(s0l), v.l(s0r)]));
    f(key(101, [v.w(s0h), n0w]));
    f(key(102, [s0p, n0p, n1p, n2p]));
    f(key(103, [v.suffix(s0), n0p]));
    // Coarse tags (UPOS alone).
    let (s0u, n0u, n1u) = (v.u(s0), v.u(b0), v.u(n1));
    f(key(104, [s0u, n0u]));
    f(key(105, [s0u, n0u, n1u]));
    f(key(106, [s0w, n0u]));
    f(key(107, [s0u, n0w]));
    f(key(108, [v.u(s1), s0u, n0u]));
    f(key(109, [s0u, v.u(s0h), n0u]));
    f(key(110, [n0u, n1u, v.u(n2)]));
    f(key(111, [s0u, v.u(s0l), n0u]));
    f(key(112, [s0u, v.u(s0r), n0u]));
    f(key(113, [s0u, n0u, v.u(n0l)]));
    f(key(114, [s0u, n0u, d]));
    f(key(115, [s0w, s0u, n0w, n0u]));
    f(key(116, [v.u(s1), s0u]));
    f(key(117, [s0u, n0u, n1u, v.u(n2)]));
    f(key(118, [v.u(v.offset(b0, -1)), s0u, n0u]));
    f(key(119, [v.l(s0), s0u, n0u]));
    f(key(120, [n0w, n0u, n1u]));
    if !clustered {
        return;
    }
    // Word clusters (Koo et al. 2008): the coarse level in place of tags, the fine one in
    // place of words.
    let (s0c, n0c, n1c) = (v.cs(s0), v.cs(b0), v.cs(n1));
    let (s0cw, n0cw) = (v.cw(s0), v.cw(b0));
    f(key(150, [s0cw]));
    f(key(151, [n0cw]));
    f(key(152, [v.cw(n1)]));
    f(key(153, [s0c, n0c]));
    f(key(154, [s0cw, n0p]));
    f(key(155, [s0p, n0cw]));
    f(key(156, [s0cw, n0cw]));
    f(key(157, [s0c, n0c, n1c]));
    f(key(158, [v.cs(s0h), s0c, n0c]));
    f(key(159, [s0c, v.cs(s0l), n0c]));
    f(key(160, [s0c, v.cs(s0r), n0c]));
    f(key(161, [s0c, n0c, v.cs(n0l)]));
    f(key(162, [v.cs(s1), s0c, n0c]));
    f(key(163, [s0c, n0c, d]));
    f(key(164, [s0cw, n0w]));
    f(key(165, [s0w, n0cw]));
    f(key(166, [v.cw(s0h), n0cw]));
    f(key(167, [n0c, n1c, v.cs(n2)]));
    f(key(168, [s0c, n0p]));
    f(key(169, [s0p, n0c]));
    f(key(170, [s0cw, s0p, n0cw, n0p]));
    f(key(171, [v.cw(s0l), v.cw(s0r), s0c]));
}

/// The features of the label of a new arc `head → dep` in `state`, into `out` (cleared first).
pub(crate) fn label_features(
    state: &State,
    tokens: &[Token],
    clustered: bool,
    head: u32,
    dep: u32,
    out: &mut Vec<u64>,
) {
    out.clear();
    let v = View {
        s: state,
        t: tokens,
    };
    let dir = u64::from(dep > head);
    let (hw, hp) = (v.w(head), v.p(head));
    let (dw, dp) = (v.w(dep), v.p(dep));
    let dist = distance(head, dep);
    let hh = v.get(&state.head, head);
    let mut f = |k: u64| out.push(k);
    f(key(101, [dir, hw]));
    f(key(102, [dir, hp]));
    f(key(103, [dir, dw]));
    f(key(104, [dir, dp]));
    f(key(105, [dir, hw, dp]));
    f(key(106, [dir, hp, dw]));
    f(key(107, [dir, hp, dp]));
    f(key(108, [dir, hw, dw]));
    f(key(109, [dir, hp, dp, dist]));
    f(key(110, [dir, dw, dist]));
    f(key(
        111,
        [dir, dp, v.p(v.offset(dep, -1)), v.p(v.offset(dep, 1))],
    ));
    f(key(
        112,
        [dir, hp, v.p(v.offset(head, -1)), v.p(v.offset(head, 1))],
    ));
    f(key(113, [dir, dp, v.l(v.get(&state.lc1, dep))]));
    f(key(114, [dir, dp, v.l(v.get(&state.rc1, dep))]));
    f(key(115, [dir, dp, state.ls[dep as usize]]));
    f(key(
        116,
        [dir, hp, state.ls[head as usize], state.rs[head as usize]],
    ));
    f(key(117, [dir, hp, v.l(head)]));
    f(key(118, [dir, v.p(hh), hp, dp]));
    f(key(119, [dir, dw, hp, v.l(head)]));
    f(key(120, [dir, 0]));
    f(key(121, [dir, dp, v.l(v.get(&state.rc1, head))]));
    f(key(122, [dir, dp, v.l(v.get(&state.lc1, head))]));
    f(key(123, [dir, v.suffix(dep), hp]));
    f(key(124, [dir, dp, v.w(v.offset(dep, 1))]));
    f(key(
        125,
        [
            dp,
            u64::from(state.vl[dep as usize]),
            u64::from(state.vr[dep as usize]),
        ],
    ));
    f(key(126, [dir, hp, dp, v.l(v.get(&state.lc1, dep))]));
    f(key(127, [dir, dw, v.w(v.get(&state.lc1, dep))]));
    f(key(128, [dir, v.suffix(dep), dp]));
    // Lexical context.
    f(key(129, [dir, dw, v.w(v.offset(dep, -1))]));
    f(key(130, [dir, v.suffix(head), dp]));
    f(key(131, [dir, hw, dp, dist]));
    f(key(132, [dir, dp, v.w(v.get(&state.rc1, head))]));
    f(key(133, [dir, dw, v.p(v.offset(dep, 1))]));
    f(key(134, [dir, hp, dw, dist]));
    f(key(135, [dir, v.p(state.b0()), v.p(state.s0()), dp]));
    // The dependent's own dependents: its case marker, conjunction or mark ("in", "of",
    // "that", "to", "and") and possessive ending decide many labels.
    let dl = v.get(&state.lc1, dep);
    let dr = v.get(&state.rc1, dep);
    f(key(136, [dir, hp, dp, v.w(dl)]));
    f(key(137, [dir, dp, v.w(dr)]));
    f(key(138, [dir, hw, v.w(dl)]));
    f(key(139, [dir, hp, dp, v.l(dl), v.l(dr)]));
    // Coarse tags (UPOS alone).
    let (hu, du) = (v.u(head), v.u(dep));
    f(key(140, [dir, hu, du]));
    f(key(141, [dir, hu, du, dist]));
    f(key(142, [dir, hu, dw]));
    f(key(143, [dir, hw, du]));
    f(key(
        144,
        [dir, du, v.u(v.offset(dep, -1)), v.u(v.offset(dep, 1))],
    ));
    if !clustered {
        return;
    }
    let (hc, dc) = (v.cs(head), v.cs(dep));
    let (hcw, dcw) = (v.cw(head), v.cw(dep));
    f(key(150, [dir, hcw]));
    f(key(151, [dir, dcw]));
    f(key(152, [dir, hc, dc]));
    f(key(153, [dir, hcw, dp]));
    f(key(154, [dir, hp, dcw]));
    f(key(155, [dir, hc, dc, dist]));
    f(key(156, [dir, hcw, dcw]));
    f(key(157, [dir, dcw, v.w(dl)]));
    f(key(158, [dir, hc, dcw]));
    f(key(159, [dir, hcw, dc]));
}
