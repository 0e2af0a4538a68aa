//! Coding with PETRARCH dictionaries over our dependency parse.
//!
//! For every verb of a sentence that the verbs dictionary lists (by its surface form, as
//! PETRARCH does), the patterns of its block are matched against the words before the verb
//! (the sentence up to the verb, nearest first) and after it (the verb's subtree): the
//! pattern with the most matched words wins, else the block's code. The source is the
//! subject (the `by` agent of a passive), the target the object, an oblique or a clausal
//! complement's subject, unless the pattern marks them (`$`, `+`). Actors are the longest
//! dictionary phrases in those noun phrases, combined with the agents found there
//! (`Arnor police` → `ARNCOP`); coordinated phrases give one event per member.

use std::collections::{HashMap, HashSet};

use newsgraph_core::{Actor, Document, Event, EventMode, Span};

use super::dict::{ActorEntry, AgentEntry, Element, Pattern, PetrarchDictionaries, Step};
use crate::dict::{dictionaries, quad_class};
use crate::Tok;

/// Longest phrase matches of the actors and agents dictionaries, indexed by first word.
/// Phrases are compared as their words split at hyphens and underscores, as the text's
/// tokens are ("Barad-dur" may be one token or three).
pub(crate) struct Index<'d> {
    actors: HashMap<String, Vec<(Vec<String>, &'d ActorEntry)>>,
    agents: HashMap<String, Vec<(Vec<String>, &'d AgentEntry)>>,
}

fn pieces(word: &str) -> impl Iterator<Item = &str> {
    word.split(['_', '-']).filter(|p| !p.is_empty())
}

fn normalised(words: &[String]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| pieces(w))
        .map(str::to_string)
        .collect()
}

impl<'d> Index<'d> {
    pub(crate) fn new(dicts: &'d PetrarchDictionaries) -> Self {
        let mut actors: HashMap<String, Vec<(Vec<String>, &ActorEntry)>> = HashMap::new();
        for a in &dicts.actors {
            let words = normalised(&a.words);
            if let Some(first) = words.first() {
                actors.entry(first.clone()).or_default().push((words, a));
            }
        }
        let mut agents: HashMap<String, Vec<(Vec<String>, &AgentEntry)>> = HashMap::new();
        for a in &dicts.agents {
            let words = normalised(&a.words);
            if let Some(first) = words.first() {
                agents.entry(first.clone()).or_default().push((words, a));
            }
        }
        Index { actors, agents }
    }
}

#[derive(Debug, Clone)]
enum MentionKind<'d> {
    Actor(String),
    Agent(&'d AgentEntry),
}

/// A dictionary phrase found in the sentence: document token range `[start, end)`.
#[derive(Debug, Clone)]
struct Mention<'d> {
    start: usize,
    end: usize,
    kind: MentionKind<'d>,
}

struct Sent<'a, 'd> {
    tokens: &'a [Tok<'a>],
    range: std::ops::Range<usize>,
    /// Upper-case words, indexed by document token.
    words: Vec<String>,
    children: Vec<Vec<usize>>,
    mentions: Vec<Mention<'d>>,
}

impl Sent<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.words
            .get(i.wrapping_sub(self.range.start))
            .map_or("", String::as_str)
    }

    fn deprel(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.deprel)
    }

    fn head(&self, i: usize) -> Option<usize> {
        let h = self.tokens.get(i)?.head?;
        (self.range.contains(&h) && h != i).then_some(h)
    }

    fn children(&self, i: usize) -> &[usize] {
        self.children
            .get(i.wrapping_sub(self.range.start))
            .map_or(&[], Vec::as_slice)
    }

    fn child(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.deprel(c)))
    }

    fn is_verb(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.upos == "VERB" || (t.xpos.starts_with("VB") && t.upos != "AUX")
    }

    fn is_nominal(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        matches!(t.upos, "NOUN" | "PROPN" | "PRON" | "NUM" | "ADJ" | "X")
            || t.xpos.starts_with("NN")
    }

    /// Tokens of the subtree of `i`, skipping the subtrees of children with the given
    /// relations, in text order.
    fn subtree(&self, i: usize, skip: &[&str]) -> Vec<usize> {
        let mut out = vec![i];
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            for &c in self.children(n) {
                if skip.iter().any(|s| rel_is(self.deprel(c), s)) {
                    continue;
                }
                out.push(c);
                stack.push(c);
            }
        }
        out.sort_unstable();
        out
    }

    /// A clause with its own subject or a finite verb.
    fn is_finite_clause(&self, v: usize) -> bool {
        matches!(self.tokens[v].xpos, "VBD" | "VBZ" | "VBP" | "MD")
            || self
                .children(v)
                .iter()
                .any(|&c| matches!(self.deprel(c), "nsubj" | "nsubj:pass"))
    }

    fn is_passive(&self, v: usize) -> bool {
        self.children(v)
            .iter()
            .any(|&c| matches!(self.deprel(c), "nsubj:pass" | "aux:pass"))
    }

    fn case_of(&self, i: usize) -> Option<String> {
        self.child(i, &["case"]).map(|c| self.word(c).to_string())
    }
}

/// `rel` is `base` or a subtype of it (`obl:tmod` is `obl`).
fn rel_is(rel: &str, base: &str) -> bool {
    rel == base || (rel.starts_with(base) && rel.as_bytes().get(base.len()) == Some(&b':'))
}

/// Clauses and side phrases that are not part of a noun phrase's actor.
const NOT_IN_NP: [&str; 8] = [
    "conj",
    "cc",
    "punct",
    "acl:relcl",
    "parataxis",
    "ccomp",
    "advcl",
    "dep",
];

/// `yyyy-mm-dd` or `yyyymmdd` → `yyyymmdd`.
pub fn date_number(date: &str) -> Option<u32> {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    digits.get(..8)?.parse().ok()
}

/// Code the sentences of `document` with PETRARCH dictionaries. `date` (`yyyymmdd`) picks
/// date-restricted actor codes; without it the article's publication date is used.
pub(crate) fn code(
    document: &Document,
    tokens: &[Tok<'_>],
    dicts: &PetrarchDictionaries,
    index: &Index<'_>,
    date: Option<u32>,
) -> Vec<Event> {
    if tokens.len() < document.sentences.last().map_or(0, |s| s.tokens.end)
        || !tokens.iter().any(|t| !t.deprel.is_empty())
    {
        return Vec::new();
    }
    let date = date.or_else(|| document.article.published.as_deref().and_then(date_number));
    let mut events = Vec::new();
    for sentence in &document.sentences {
        let range = sentence.tokens.clone();
        if range.end > tokens.len() || range.is_empty() || range.len() > 400 {
            continue;
        }
        let words: Vec<String> = tokens[range.clone()]
            .iter()
            .map(|t| t.text.to_uppercase())
            .collect();
        // Discards: a story discard drops every event of the document.
        let mut discard = false;
        for d in &dicts.discards {
            if contains_phrase(&words, &d.words) {
                if d.story {
                    return Vec::new();
                }
                discard = true;
            }
        }
        if discard {
            continue;
        }
        let mut children = vec![Vec::new(); range.len()];
        for i in range.clone() {
            if let Some(h) = tokens[i].head.filter(|h| range.contains(h) && *h != i) {
                children[h - range.start].push(i);
            }
        }
        let mentions = find_mentions(&words, range.start, index, date);
        let sent = Sent {
            tokens,
            range: range.clone(),
            words,
            children,
            mentions,
        };
        code_sentence(dicts, &sent, sentence.index, sentence.span, &mut events);
    }
    events
}

fn contains_phrase(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

/// Longest actor or agent phrase at each position, left to right. A token written with
/// underscores ("Dol_Amroth") counts as its words; a phrase must start and end at token
/// boundaries.
fn find_mentions<'d>(
    words: &[String],
    offset: usize,
    index: &Index<'d>,
    date: Option<u32>,
) -> Vec<Mention<'d>> {
    // (word, token, whether it starts the token, whether it ends it)
    let mut parts: Vec<(&str, usize, bool, bool)> = Vec::new();
    for (t, w) in words.iter().enumerate() {
        // A bare dash is no word: "Barad - dur" reads as BARAD DUR.
        let pieces: Vec<&str> = pieces(w).collect();
        let n = pieces.len();
        for (k, p) in pieces.into_iter().enumerate() {
            parts.push((p, t, k == 0, k + 1 == n));
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        if !parts[i].2 {
            i += 1;
            continue;
        }
        let fits = |p: &[String]| {
            p.len() + i <= parts.len()
                && parts[i..i + p.len()]
                    .iter()
                    .zip(p)
                    .all(|(part, w)| part.0 == w.as_str())
                && parts[i + p.len() - 1].3
        };
        let actor = index
            .actors
            .get(parts[i].0)
            .into_iter()
            .flatten()
            .filter(|(w, _)| fits(w))
            .filter_map(|(w, a)| a.code_on(date).map(|c| (w.len(), c)))
            .max_by_key(|(n, _)| *n);
        let agent = index
            .agents
            .get(parts[i].0)
            .into_iter()
            .flatten()
            .filter(|(w, _)| fits(w))
            .max_by_key(|(w, _)| w.len())
            .map(|(w, g)| (w.len(), *g));
        let (len, kind) = match (actor, agent) {
            (Some((n, _)), Some((m, g))) if m > n => (m, MentionKind::Agent(g)),
            (Some((n, c)), _) => (n, MentionKind::Actor(c.to_string())),
            (None, Some((m, g))) => (m, MentionKind::Agent(g)),
            (None, None) => {
                i += 1;
                continue;
            }
        };
        let len = len.max(1);
        let (first, last) = (parts[i].1, parts[i + len - 1].1);
        out.push(Mention {
            start: offset + first,
            end: offset + last + 1,
            kind,
        });
        i += len;
    }
    out
}

/// An actor found for a slot: its code and the tokens it spans.
#[derive(Debug, Clone)]
struct Coded {
    code: String,
    span: (usize, usize),
    /// The actor's own code, without agents; `None` for an agent alone.
    actor: Option<String>,
    /// The agents' codes that go before and after an actor's.
    agents: (String, String),
}

/// The actor codes of the noun phrase headed by `h` (not its conjuncts): the first actor,
/// with the agents of the phrase around it, and the actors coordinated with it inside the
/// phrase ("the ambassadors of Arnor and Gondor"); an agent alone gives `---` and the agent.
fn np_codes(sent: &Sent<'_, '_>, h: usize) -> Vec<Coded> {
    // The phrase's own conjuncts are other phrases; those of its dependents belong to it.
    let own_conjuncts: Vec<usize> = sent
        .children(h)
        .iter()
        .copied()
        .filter(|&c| is_coordination(sent.deprel(c)) || sent.deprel(c) == "cc")
        .collect();
    let excluded: HashSet<usize> = own_conjuncts
        .iter()
        .flat_map(|&c| sent.subtree(c, &[]))
        .collect();
    // A finite clause on the noun ("ties ..., a senior official said") is not part of it;
    // a participle is ("the roads leading into Mordor").
    let finite_clauses: HashSet<usize> = sent
        .subtree(h, &NOT_IN_NP[2..])
        .into_iter()
        .filter(|&t| t != h && rel_is(sent.deprel(t), "acl") && sent.is_finite_clause(t))
        .flat_map(|t| sent.subtree(t, &[]))
        .collect();
    let tokens: Vec<usize> = sent
        .subtree(h, &NOT_IN_NP[2..])
        .into_iter()
        .filter(|t| !excluded.contains(t) && !finite_clauses.contains(t))
        .collect();
    let set: HashSet<usize> = tokens.iter().copied().collect();
    let inside: Vec<&Mention<'_>> = sent
        .mentions
        .iter()
        .filter(|m| (m.start..m.end).all(|t| set.contains(&t)))
        .collect();
    let (mut before, mut after) = (String::new(), String::new());
    let mut actors: Vec<&Mention<'_>> = Vec::new();
    for m in &inside {
        match &m.kind {
            MentionKind::Agent(a) if a.before_actor => before.push_str(&a.code),
            MentionKind::Agent(a) => {
                if !after.contains(a.code.as_str()) {
                    after.push_str(&a.code)
                }
            }
            MentionKind::Actor(_) => actors.push(m),
        }
    }
    let span = (
        tokens.first().copied().unwrap_or(h),
        tokens.last().copied().unwrap_or(h) + 1,
    );
    if actors.is_empty() {
        if before.is_empty() && after.is_empty() {
            return Vec::new();
        }
        return vec![Coded {
            code: format!("{before}---{after}"),
            span,
            actor: None,
            agents: (before, after),
        }];
    }
    // The first actor and those coordinated with it.
    let mut chosen: Vec<&Mention<'_>> = vec![actors[0]];
    for m in &actors[1..] {
        let joined = (m.start..m.end).any(|t| {
            is_coordination(sent.deprel(t))
                && sent
                    .head(t)
                    .is_some_and(|hd| chosen.iter().any(|c| (c.start..c.end).contains(&hd)))
        });
        if joined {
            chosen.push(m);
        }
    }
    let mut out = Vec::new();
    for m in chosen {
        let MentionKind::Actor(codes) = &m.kind else {
            continue;
        };
        // `A/B/C`: the name stands for several actors.
        for code in codes.split('/').filter(|c| !c.is_empty()) {
            // With agents the actor is the phrase ("the Zalandian police"), else the name.
            let with_agents = !before.is_empty() || !after.is_empty();
            out.push(Coded {
                code: combine(&before, code, &after),
                span: if with_agents { span } else { (m.start, m.end) },
                actor: Some(code.to_string()),
                agents: (before.clone(), after.clone()),
            });
        }
    }
    out
}

/// `NGO~` agents, the actor, then `~GOV` agents the actor's code does not already carry.
fn combine(before: &str, actor: &str, after: &str) -> String {
    let mut code = format!("{before}{actor}");
    let sectors = actor.get(3..).unwrap_or("");
    let mut at = 0;
    while at < after.len() {
        let end = (at + 3).min(after.len());
        let chunk = after.get(at..end).unwrap_or("");
        if !sectors.contains(chunk) {
            code.push_str(chunk);
        }
        at = end;
    }
    code
}

/// The codes of a noun phrase and of the phrases coordinated with it.
fn compound_codes(sent: &Sent<'_, '_>, h: usize) -> Vec<Coded> {
    let mut out = np_codes(sent, h);
    let mut stack: Vec<usize> = vec![h];
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 32 {
            break;
        }
        for &c in sent.children(n) {
            if is_coordination(sent.deprel(c)) && sent.is_nominal(c) {
                out.extend(np_codes(sent, c));
                stack.push(c);
            }
        }
    }
    // An agent coordinated with named actors belongs to them ("lawmakers and officials in
    // A and B", "Danish media and government").
    let actors: Vec<String> =
        out.iter()
            .filter_map(|c| c.actor.clone())
            .fold(Vec::new(), |mut acc, a| {
                if !acc.contains(&a) {
                    acc.push(a);
                }
                acc
            });
    if !actors.is_empty() {
        let mut filled = Vec::new();
        for c in out {
            if c.actor.is_some() {
                filled.push(c);
                continue;
            }
            for a in &actors {
                filled.push(Coded {
                    code: combine(&c.agents.0, a, &c.agents.1),
                    span: c.span,
                    actor: Some(a.clone()),
                    agents: c.agents.clone(),
                });
            }
        }
        out = filled;
    }
    out.sort_by_key(|c| c.span.0);
    out
}

/// Whether `h` has coordinated nominal phrases.
fn is_compound(sent: &Sent<'_, '_>, h: usize) -> bool {
    sent.children(h)
        .iter()
        .any(|&c| is_coordination(sent.deprel(c)) && sent.is_nominal(c))
}

/// A `to`-infinitive adjunct ("vowed on Thursday to wage war"), which parsers attach as
/// `advcl` where the clause is the verb's complement.
fn infinitive_adjunct(sent: &Sent<'_, '_>, v: usize) -> bool {
    rel_is(sent.deprel(v), "advcl")
        && sent
            .children(v)
            .iter()
            .any(|&c| sent.deprel(c) == "mark" && sent.word(c) == "TO")
}

/// Coordination, and the `list` a parser may give a comma series ("A, the B, and C").
fn is_coordination(rel: &str) -> bool {
    rel_is(rel, "conj") || rel == "list"
}

/// Personal pronouns that stand for the subject of the clause above them ("Arnor said it
/// would ...").
const PRONOUNS: [&str; 6] = ["IT", "HE", "SHE", "THEY", "WE", "ITS"];

/// The subjects of verb `v` (a parser may attach each conjunct of a compound subject to the
/// verb), looking up through control and coordination, and from a personal pronoun to the
/// subject of the governing clause.
fn subjects(sent: &Sent<'_, '_>, v: usize) -> Vec<usize> {
    let mut at = v;
    for _ in 0..6 {
        let found: Vec<usize> = sent
            .children(at)
            .iter()
            .copied()
            .filter(|&c| matches!(sent.deprel(c), "nsubj" | "nsubj:pass"))
            .collect();
        let rel = sent.deprel(at);
        let Some(head) = sent.head(at) else {
            return found;
        };
        let pronoun = found.len() == 1 && PRONOUNS.contains(&sent.word(found[0]));
        if !found.is_empty() && !pronoun {
            return found;
        }
        if rel_is(rel, "xcomp")
            || rel_is(rel, "conj")
            || infinitive_adjunct(sent, at)
            || (pronoun && rel_is(rel, "ccomp"))
        {
            at = head;
        } else if rel_is(rel, "acl") && found.is_empty() {
            return vec![head];
        } else {
            return found;
        }
    }
    Vec::new()
}

/// The passive's agent (`by` phrase).
fn passive_agent(sent: &Sent<'_, '_>, v: usize) -> Option<usize> {
    let is_agent = |c: usize| {
        sent.deprel(c) == "obl:agent"
            || (matches!(sent.deprel(c), "obl" | "nmod")
                && sent.case_of(c).as_deref() == Some("BY"))
    };
    // Directly on the verb, or on an adverb of it ("opposed earlier by X").
    sent.children(v)
        .iter()
        .copied()
        .find(|&c| is_agent(c))
        .or_else(|| {
            sent.children(v)
                .iter()
                .filter(|&&c| matches!(sent.deprel(c), "advmod" | "xcomp"))
                .flat_map(|&c| sent.children(c).iter().copied())
                .find(|&c| is_agent(c))
        })
}

/// Prepositions of time: their phrases say when, not to whom.
const TIME_PREPOSITIONS: [&str; 6] = ["AFTER", "BEFORE", "DURING", "SINCE", "UNTIL", "AMID"];

/// Candidate target phrases of verb `v`, in order of preference.
fn target_heads(sent: &Sent<'_, '_>, v: usize, exclude: Option<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let kids = sent.children(v);
    for rels in [&["obj"][..], &["iobj"], &["obl"], &["nmod"]] {
        for &c in kids {
            if Some(c) != exclude
                && rels.iter().any(|r| rel_is(sent.deprel(c), r))
                && sent.deprel(c) != "obl:agent"
                && !rel_is(sent.deprel(c), "obl:tmod")
                && !sent
                    .case_of(c)
                    .is_some_and(|p| TIME_PREPOSITIONS.contains(&p.as_str()))
            {
                out.push(c);
            }
        }
    }
    // A complement clause: its object, or the subject of a finite one ("believes X can").
    for &c in kids {
        if rel_is(sent.deprel(c), "xcomp") || infinitive_adjunct(sent, c) {
            out.extend(target_heads(sent, c, exclude));
        } else if rel_is(sent.deprel(c), "ccomp") || rel_is(sent.deprel(c), "csubj") {
            // A clause that is the verb's complement (a parser may call it a clausal
            // subject of a passive: "expressed hopes that X could be drawn").
            if let Some(s) = sent.child(c, &["nsubj", "nsubj:pass"]) {
                out.push(s);
            }
            out.extend(target_heads(sent, c, exclude));
        }
    }
    out
}

/// A successful pattern match.
#[derive(Debug, Clone, Default)]
struct Matched {
    words: usize,
    consumed: Vec<usize>,
    source_at: Option<usize>,
    target_at: Option<usize>,
    compound: bool,
    /// `+` before the verb: the subject is the target (`- + * FROM $`).
    subject_is_target: bool,
}

/// Match `steps` against `seq` (document token indices, in matching order) from `pos`.
fn match_steps(
    sent: &Sent<'_, '_>,
    synsets: &HashMap<String, Vec<Vec<String>>>,
    steps: &[Step],
    seq: &[usize],
    pos: usize,
    reversed: bool,
    acc: &mut Matched,
) -> bool {
    let Some((step, rest)) = steps.split_first() else {
        return true;
    };
    match &step.element {
        Element::Source | Element::Target | Element::Compound => {
            let at = seq.get(pos).copied();
            match step.element {
                Element::Source => acc.source_at = at,
                Element::Target => acc.target_at = at,
                _ => acc.compound = true,
            }
            // A marker is zero-width: what follows keeps its own adjacency.
            return match_steps(sent, synsets, rest, seq, pos, reversed, acc);
        }
        _ => {}
    }
    let last_start = if step.adjacent {
        pos
    } else {
        seq.len().saturating_sub(1)
    };
    let mut start = pos;
    while start <= last_start && start < seq.len() {
        let phrases: Vec<Vec<&str>> = match &step.element {
            Element::Word(w) => vec![vec![w.as_str()]],
            Element::Skip => vec![vec![]],
            Element::Synset(name) => synsets
                .get(name)
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            let mut v: Vec<&str> = p.iter().map(String::as_str).collect();
                            if reversed {
                                v.reverse();
                            }
                            v
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        // Longest phrase first.
        let mut phrases = phrases;
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for phrase in &phrases {
            let len = if matches!(step.element, Element::Skip) {
                1
            } else {
                phrase.len()
            };
            let fits = seq.get(start..start + len).is_some_and(|window| {
                matches!(step.element, Element::Skip)
                    || window.iter().zip(phrase).all(|(&t, w)| sent.word(t) == *w)
            });
            if !fits {
                continue;
            }
            let saved = acc.clone();
            if !matches!(step.element, Element::Skip) {
                acc.words += len;
            }
            acc.consumed.extend(&seq[start..start + len]);
            if match_steps(sent, synsets, rest, seq, start + len, reversed, acc) {
                return true;
            }
            *acc = saved;
        }
        start += 1;
    }
    false
}

fn match_pattern(
    sent: &Sent<'_, '_>,
    synsets: &HashMap<String, Vec<Vec<String>>>,
    pattern: &Pattern,
    pre: &[usize],
    post: &[usize],
) -> Option<Matched> {
    let mut acc = Matched::default();
    if !match_steps(sent, synsets, &pattern.post, post, 0, false, &mut acc) {
        return None;
    }
    let mut pre_acc = Matched::default();
    if !match_steps(sent, synsets, &pattern.pre, pre, 0, true, &mut pre_acc) {
        return None;
    }
    acc.words += pre_acc.words;
    acc.consumed.extend(pre_acc.consumed);
    acc.compound |= pre_acc.compound;
    acc.subject_is_target = pattern.pre.iter().any(|s| s.element == Element::Target);
    Some(acc)
}

/// One coded verb, before nesting is resolved.
struct Candidate {
    verb: usize,
    trigger: Span,
    patterned: bool,
    negated: bool,
    events: Vec<(String, String, String, Span, Span)>,
}

const NEGATIONS: [&str; 4] = ["NOT", "N'T", "NEVER", "NO"];

fn code_sentence(
    dicts: &PetrarchDictionaries,
    sent: &Sent<'_, '_>,
    sentence: usize,
    sentence_span: Span,
    events: &mut Vec<Event>,
) {
    let verbs = &dicts.verbs;
    let mut candidates: Vec<Candidate> = Vec::new();
    for v in sent.range.clone() {
        if !sent.is_verb(v) {
            continue;
        }
        let Some(forms) = verbs.forms.get(sent.word(v)) else {
            continue;
        };
        // The first form whose particles stand around the verb.
        let form = forms.iter().find(|f| {
            let nb = f.before.len();
            let na = f.after.len();
            v >= sent.range.start + nb
                && v + na < sent.range.end
                && f.before
                    .iter()
                    .enumerate()
                    .all(|(k, w)| sent.word(v - nb + k) == w)
                && f.after
                    .iter()
                    .enumerate()
                    .all(|(k, w)| sent.word(v + 1 + k) == w)
        });
        let Some(form) = form else {
            continue;
        };
        let Some(block) = verbs.blocks.get(form.block) else {
            continue;
        };
        let first = v - form.before.len();
        let last = v + form.after.len();
        let pre: Vec<usize> = (sent.range.start..first).rev().collect();
        let post: Vec<usize> = sent
            .subtree(v, &[])
            .into_iter()
            .filter(|&t| t > last)
            .collect();
        let mut best: Option<(&Pattern, Matched)> = None;
        for p in &block.patterns {
            if let Some(m) = match_pattern(sent, &verbs.synsets, p, &pre, &post) {
                if best.as_ref().is_none_or(|(_, b)| m.words > b.words) {
                    best = Some((p, m));
                }
            }
        }
        let default_code = form.code.clone().unwrap_or_else(|| block.code.clone());
        let (code, matched) = match best {
            Some((p, m)) if p.inherits => (default_code, Some(m)),
            Some((p, m)) => (p.code.clone(), Some(m)),
            None => (default_code, None),
        };
        let Some(code) = code else {
            // The null code: the verb (or its matching pattern) codes nothing.
            continue;
        };
        let consumed: HashSet<usize> = matched
            .as_ref()
            .map(|m| m.consumed.iter().copied().collect())
            .unwrap_or_default();
        let negated = sent.children(v).iter().any(|&c| {
            sent.deprel(c) == "advmod"
                && NEGATIONS.contains(&sent.word(c))
                && !consumed.contains(&c)
        });
        // Source and target.
        let passive = sent.is_passive(v);
        let subjs = subjects(sent, v);
        // A passive with its agent ("was opposed by X") codes the agent acting on the
        // subject; without one, the subject stays the source, as PETRARCH does.
        let agent = if passive {
            passive_agent(sent, v)
        } else {
            None
        };
        let (source_heads, target_first) = match agent {
            Some(a) => (vec![a], subjs.first().copied()),
            None => (subjs, None),
        };
        let source_head = source_heads.first().copied();
        let marked = |at: Option<usize>| -> Vec<Coded> {
            let Some(at) = at else {
                return Vec::new();
            };
            sent.mentions
                .iter()
                .find(|m| m.start >= at && matches!(m.kind, MentionKind::Actor(_)))
                .map(|m| {
                    let h = (m.start..m.end)
                        .find(|&t| {
                            sent.head(t)
                                .is_none_or(|hd| !(m.start..m.end).contains(&hd))
                        })
                        .unwrap_or(m.start);
                    let codes = compound_codes(sent, h);
                    if !codes.is_empty() {
                        return codes;
                    }
                    // A name the parser broke apart: the name alone.
                    let MentionKind::Actor(code) = &m.kind else {
                        return Vec::new();
                    };
                    code.split('/')
                        .filter(|c| !c.is_empty())
                        .map(|c| Coded {
                            code: c.to_string(),
                            span: (m.start, m.end),
                            actor: Some(c.to_string()),
                            agents: (String::new(), String::new()),
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let compound = matched.as_ref().is_some_and(|m| m.compound);
        let subject_codes: Vec<Coded> = source_heads
            .iter()
            .flat_map(|&s| compound_codes(sent, s))
            .collect();
        let subject_is_target = matched.as_ref().is_some_and(|m| m.subject_is_target);
        let mut sources = match matched.as_ref().and_then(|m| m.source_at) {
            Some(at) => marked(Some(at)),
            None if subject_is_target => Vec::new(),
            None => subject_codes.clone(),
        };
        let compound_subject =
            source_heads.len() > 1 || source_head.is_some_and(|s| is_compound(sent, s));
        if compound && !compound_subject {
            continue;
        }
        let mut targets: Vec<Coded> = match matched.as_ref().and_then(|m| m.target_at) {
            Some(at) => marked(Some(at)),
            None if subject_is_target => subject_codes,
            None => Vec::new(),
        };
        if targets.is_empty() && !compound {
            let mut heads: Vec<usize> = target_first.into_iter().collect();
            heads.extend(target_heads(sent, v, source_head));
            for h in heads {
                let codes = compound_codes(sent, h);
                if !codes.is_empty() {
                    targets = codes;
                    break;
                }
            }
        }
        sources.dedup_by(|a, b| a.code == b.code && a.span == b.span);
        let trigger = Span::new(sent.tokens[first].span.start, sent.tokens[last].span.end);
        let span_of = |c: &Coded| {
            Span::new(
                sent.tokens[c.span.0].span.start,
                sent.tokens[c.span.1 - 1].span.end,
            )
        };
        let mut out = Vec::new();
        if compound {
            // `%`: the members of the compound subject act on each other.
            for (i, s) in sources.iter().enumerate() {
                for (j, t) in sources.iter().enumerate() {
                    if i != j {
                        out.push((
                            s.code.clone(),
                            t.code.clone(),
                            code.primary.clone(),
                            span_of(s),
                            span_of(t),
                        ));
                    }
                }
            }
        } else {
            for s in &sources {
                for t in &targets {
                    if s.code == t.code {
                        continue;
                    }
                    out.push((
                        s.code.clone(),
                        t.code.clone(),
                        code.primary.clone(),
                        span_of(s),
                        span_of(t),
                    ));
                    if let Some(r) = &code.reverse {
                        out.push((
                            t.code.clone(),
                            s.code.clone(),
                            r.clone(),
                            span_of(t),
                            span_of(s),
                        ));
                    }
                }
            }
        }
        candidates.push(Candidate {
            verb: v,
            trigger,
            patterned: matched.is_some(),
            negated,
            events: out,
        });
    }
    // Nesting: a verb whose complement clause is coded gives way to it, unless its own
    // pattern matched or it has an object of its own (object control: "urged X to ...").
    let coded: HashSet<usize> = candidates
        .iter()
        .filter(|c| !c.events.is_empty())
        .map(|c| c.verb)
        .collect();
    let mut dropped: HashSet<usize> = HashSet::new();
    for c in &candidates {
        for &k in sent.children(c.verb) {
            let rel = sent.deprel(k);
            let control = rel_is(rel, "xcomp") || infinitive_adjunct(sent, k);
            if !(control || rel_is(rel, "ccomp")) || !coded.contains(&k) {
                continue;
            }
            let has_object = sent.child(c.verb, &["obj", "iobj"]).is_some();
            if c.patterned || (control && has_object) {
                dropped.insert(k);
            } else {
                dropped.insert(c.verb);
            }
        }
    }
    for c in candidates {
        if dropped.contains(&c.verb) {
            continue;
        }
        for (s, t, code, s_span, t_span) in c.events {
            events.push(make_event(
                &code,
                s,
                t,
                s_span,
                t_span,
                c.trigger,
                sentence_span,
                sentence,
                c.negated,
            ));
        }
    }
}

/// An actor from a PETRARCH code: concatenating `country` and `sectors` gives the code back.
fn actor(code: &str, span: Span, text: String) -> Actor {
    let upper = code.to_ascii_uppercase();
    let chunks: Vec<String> = upper
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let (country, sectors) = match chunks.split_first() {
        Some((first, rest)) if first != "IGO" && first != "NGO" => {
            (Some(first.clone()), rest.to_vec())
        }
        _ => (None, chunks),
    };
    Actor {
        span,
        text,
        entity: None,
        country,
        sectors,
    }
}

#[allow(clippy::too_many_arguments)]
fn make_event(
    code: &str,
    source: String,
    target: String,
    source_span: Span,
    target_span: Span,
    trigger: Span,
    evidence: Span,
    sentence: usize,
    negated: bool,
) -> Event {
    let cameo = dictionaries();
    let found = [
        Some(code.to_string()),
        code.get(..3).map(str::to_string),
        code.get(..2).map(|r| format!("{r}0")),
    ]
    .into_iter()
    .flatten()
    .find_map(|c| cameo.cameo.get(&c));
    let root = code.get(..2).unwrap_or(code);
    Event {
        event_type: found.map_or("OTHER", |c| c.plover).to_string(),
        cameo: Some(code.to_string()),
        mode: if negated {
            EventMode::Negated
        } else {
            EventMode::Asserted
        },
        source: Some(actor(&source, source_span, String::new())),
        target: Some(actor(&target, target_span, String::new())),
        place: None,
        time: None,
        trigger,
        evidence,
        sentence,
        intensity: found.map_or(0.0, |c| c.intensity),
        quad_class: quad_class(root),
        quote: None,
        confidence: 0.8,
    }
}
