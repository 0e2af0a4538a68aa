//! The coder: predicates, their arguments and modes, over the dependency parse.

use std::collections::HashSet;

use newsgraph_core::{Actor, Document, Event, EventMode, PlaceRole, Span};

use crate::actors::{code_actor, dateline_country, plain_actor};
use crate::dict::{dictionaries, dictionary_lemma, ModeHow, Slot, VerbEntry};
use crate::{ActorLexicon, Options, Tok};

/// At most this many actors on each side of one predicate (coordination).
const MAX_CONJUNCTS: usize = 4;

/// Verbs whose object noun is an event carried out by the subject ("announced sanctions on",
/// "carried out raids"): the noun is coded with the verb's subject as its source.
const SUPPORT_VERBS: [&str; 21] = [
    "announce",
    "carry",
    "conduct",
    "stage",
    "order",
    "approve",
    "authorize",
    "authorise",
    "begin",
    "start",
    "launch",
    "continue",
    "mount",
    "unleash",
    "declare",
    "step",
    "hold",
    "make",
    "intensify",
    "resort",
    "undertake",
];

/// Codes whose coordinated subjects act on each other when there is no target ("Chad and
/// Niger agreed", "the two leaders met").
const SYMMETRIC: [&str; 11] = [
    "030", "040", "041", "044", "046", "057", "060", "061", "062", "064", "190",
];

/// The analysed document as the coder reads it.
pub(crate) struct Ctx<'a> {
    pub document: &'a Document,
    pub tokens: &'a [Tok<'a>],
    pub options: &'a Options<'a>,
    pub extra_actors: Option<&'a ActorLexicon>,
    pub dateline_country: Option<String>,
    lower: Vec<String>,
    lemma: Vec<String>,
    children: Vec<Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        document: &'a Document,
        tokens: &'a [Tok<'a>],
        options: &'a Options<'a>,
    ) -> Self {
        let n = tokens.len();
        let mut children = vec![Vec::new(); n];
        for (i, t) in tokens.iter().enumerate() {
            if let Some(h) = t.head.filter(|&h| h < n && h != i) {
                children[h].push(i);
            }
        }
        Ctx {
            document,
            tokens,
            options,
            extra_actors: options.extra_actors,
            dateline_country: dateline_country(document),
            lower: tokens.iter().map(|t| t.text.to_lowercase()).collect(),
            lemma: tokens
                .iter()
                .map(|t| {
                    let lemma = t.lemma.to_lowercase();
                    let word = t.text.to_lowercase();
                    dictionary_lemma(dictionaries(), &word, &lemma)
                })
                .collect(),
            children,
        }
    }

    pub fn lower(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", String::as_str)
    }

    pub fn lemma(&self, i: usize) -> &str {
        self.lemma.get(i).map_or("", String::as_str)
    }

    pub fn deprel(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.deprel)
    }

    fn upos(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.upos)
    }

    fn xpos(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.xpos)
    }

    pub(crate) fn head(&self, i: usize) -> Option<usize> {
        self.tokens
            .get(i)?
            .head
            .filter(|&h| h < self.tokens.len() && h != i)
    }

    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map_or(&[], Vec::as_slice)
    }

    fn child_with(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.deprel(c)))
    }

    /// The preposition (lemma of the `case` child) of a nominal dependent.
    pub fn case_of(&self, i: usize) -> Option<&str> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| self.deprel(c) == "case" && self.lemma(c) != "'s")
            .map(|c| self.lemma(c))
    }

    /// Every token under `i` (including it), in text order, cycle-safe.
    pub fn subtree_sorted(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        let mut seen = HashSet::new();
        while let Some(t) = stack.pop() {
            if !seen.insert(t) || out.len() > 200 {
                continue;
            }
            out.push(t);
            stack.extend(self.children(t).iter().copied());
        }
        out.sort_unstable();
        out
    }

    /// The head noun with its determiners, modifiers, compounds, flat names and possessors.
    pub fn core_phrase(&self, head: usize) -> Vec<usize> {
        let mut out = vec![head];
        for &c in self.children(head) {
            match self.deprel(c) {
                "det" | "amod" | "compound" | "flat" | "flat:name" | "nmod:poss" | "nummod"
                | "det:predet" | "fixed" => out.extend(self.subtree_sorted(c)),
                "case" if self.lemma(c) == "'s" => out.push(c),
                _ => {}
            }
        }
        // A name the parse split ("Tony" with "Blair" attached elsewhere) stays whole: the
        // recogniser's mention around the head is part of the phrase.
        if let Some(head_span) = self.tokens.get(head).map(|t| t.span) {
            if let Some(mention) = self
                .document
                .mentions
                .iter()
                .find(|m| m.span.contains(&head_span))
            {
                let first = self
                    .tokens
                    .partition_point(|t| t.span.end <= mention.span.start);
                out.extend(
                    (first..self.tokens.len())
                        .take_while(|&k| self.tokens[k].span.start < mention.span.end),
                );
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn span_of(&self, tokens: &[usize]) -> Span {
        let first = tokens.iter().min().and_then(|&i| self.tokens.get(i));
        let last = tokens.iter().max().and_then(|&i| self.tokens.get(i));
        match (first, last) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end.max(a.span.start)),
            _ => Span::new(0, 0),
        }
    }

    pub fn text_of(&self, span: Span) -> &str {
        span.slice(&self.document.article.text).unwrap_or("")
    }

    /// The entity of a mention overlapping `span`.
    pub fn entity_at(&self, span: Span) -> Option<usize> {
        self.document
            .mentions
            .iter()
            .find(|m| m.span.overlaps(&span) && span.contains(&m.span))
            .or_else(|| {
                self.document
                    .mentions
                    .iter()
                    .find(|m| m.span.overlaps(&span))
            })
            .and_then(|m| m.entity)
    }

    pub(crate) fn is_verb(&self, i: usize) -> bool {
        self.upos(i) == "VERB" || (self.xpos(i).starts_with("VB") && self.upos(i) != "AUX")
    }

    pub(crate) fn is_noun(&self, i: usize) -> bool {
        matches!(self.upos(i), "NOUN" | "PROPN") || self.xpos(i).starts_with("NN")
    }

    pub(crate) fn is_passive(&self, v: usize) -> bool {
        self.children(v)
            .iter()
            .any(|&c| matches!(self.deprel(c), "nsubj:pass" | "aux:pass" | "csubj:pass"))
            || (self.xpos(v) == "VBN" && matches!(self.deprel(v), "acl" | "amod"))
    }
}

/// A predicate found in a sentence.
pub(crate) struct Predicate {
    /// The trigger token (verb or noun).
    pub(crate) token: usize,
    /// The light-verb object noun or particle, part of the trigger.
    pub(crate) extra: Option<usize>,
    pub(crate) code: String,
    pub(crate) entry_targets: Vec<Slot>,
    pub(crate) act: bool,
    pub(crate) agentless: bool,
    /// The passive subject is the source ("police were deployed").
    pub(crate) passive_source: bool,
    pub(crate) nominal: bool,
    /// The event complement of an act ("intervention" in "threatened intervention").
    pub(crate) complement: Option<usize>,
}

pub(crate) fn code(document: &Document, tokens: &[Tok<'_>], options: &Options<'_>) -> Vec<Event> {
    if tokens.len() < document.sentences.last().map_or(0, |s| s.tokens.end)
        || !tokens.iter().any(|t| !t.deprel.is_empty())
    {
        return Vec::new();
    }
    let ctx = Ctx::new(document, tokens, options);
    let mut events = Vec::new();
    for sentence in &document.sentences {
        let range = sentence.tokens.clone();
        if range.end > tokens.len() || range.len() > 400 {
            continue;
        }
        code_sentence(&ctx, sentence.index, range, &mut events);
    }
    events
}

fn code_sentence(
    ctx: &Ctx<'_>,
    sentence: usize,
    range: std::ops::Range<usize>,
    events: &mut Vec<Event>,
) {
    let dicts = dictionaries();
    let mut predicates: Vec<Predicate> = Vec::new();
    // Nouns used by a verbal predicate (light-verb objects, act complements).
    let mut consumed: HashSet<usize> = HashSet::new();

    for v in range.clone() {
        if !ctx.is_verb(v) {
            continue;
        }
        let Some(entries) = dicts.verbs.get(ctx.lemma(v)) else {
            continue;
        };
        if let Some((entry, extra)) = best_verb_entry(ctx, v, entries) {
            if let Some(x) = extra {
                consumed.insert(x);
            }
            predicates.push(Predicate {
                token: v,
                extra,
                code: entry.code.clone(),
                entry_targets: entry.targets.clone(),
                act: entry.act,
                agentless: entry.agentless,
                passive_source: entry.passive_source,
                nominal: false,
                complement: None,
            });
        }
    }
    // Act complements are part of their act.
    let mut refined: Vec<(usize, String, Option<usize>)> = Vec::new();
    for (k, p) in predicates.iter().enumerate() {
        if !p.act {
            continue;
        }
        if let Some((complement, code)) = act_complement(ctx, p.token, &predicates) {
            refined.push((k, refine(&p.code, &code), Some(complement)));
        }
    }
    let mut dropped: HashSet<usize> = HashSet::new();
    for (k, code, complement) in refined {
        if let Some(c) = complement {
            consumed.insert(c);
            if let Some(j) = predicates.iter().position(|q| q.token == c) {
                dropped.insert(j);
            }
        }
        if let Some(p) = predicates.get_mut(k) {
            p.code = code;
            p.complement = complement;
        }
    }
    // Nominal predicates.
    for n in range.clone() {
        if consumed.contains(&n) || !ctx.is_noun(n) {
            continue;
        }
        let lemma = ctx.lemma(n);
        let compound = ctx
            .children(n)
            .iter()
            .find(|&&c| ctx.deprel(c) == "compound")
            .map(|&c| format!("{} {}", ctx.lemma(c), lemma));
        let entry = compound
            .as_deref()
            .and_then(|c| dicts.nouns.get(c))
            .or_else(|| dicts.nouns.get(lemma));
        let Some(entry) = entry else { continue };
        // The object of a coded verb belongs to it.
        if let Some(h) = ctx.head(n) {
            if matches!(ctx.deprel(n), "obj" | "nsubj:pass" | "xcomp")
                && predicates.iter().any(|p| p.token == h && !p.nominal)
            {
                continue;
            }
        }
        predicates.push(Predicate {
            token: n,
            extra: None,
            code: entry.code.clone(),
            entry_targets: entry.targets.iter().cloned().map(Slot::Prep).collect(),
            act: false,
            agentless: false,
            passive_source: false,
            nominal: true,
            complement: None,
        });
    }

    let mut seen: HashSet<(String, String, String, usize)> = HashSet::new();
    for (k, p) in predicates.iter().enumerate() {
        if dropped.contains(&k) {
            continue;
        }
        let Some(cameo) = dicts.cameo.get(&p.code) else {
            continue;
        };
        let (sources, targets) = if p.nominal {
            nominal_arguments(ctx, p)
        } else {
            verbal_arguments(ctx, p)
        };
        let sources: Vec<Actor> = sources
            .into_iter()
            .filter_map(|h| code_actor(ctx, h))
            .collect();
        // Agentless coding is for the passive ("were arrested"), where no agent is expressed
        // at all; an unresolved pronoun subject is not the same thing.
        let agentless = p.agentless && ctx.is_passive(p.token);
        let targets: Vec<Actor> = targets
            .into_iter()
            .filter_map(|h| {
                code_actor(ctx, h).or_else(|| {
                    // An agentless event names its patient even when it codes as nothing
                    // ("fifty persons were arrested").
                    (agentless && sources.is_empty())
                        .then(|| plain_actor(ctx, h))
                        .flatten()
                })
            })
            .collect();
        // An event noun as the target stands for its agent: "condemned an attack by X".
        if sources.is_empty()
            && !(agentless
                && (!targets.is_empty()
                    // "... were arrested" whose subject the parse lost.
                    || !p.nominal
                    // "arrests were made": the event noun is all there is.
                    || (p.entry_targets.is_empty() && p.extra.is_some_and(|x| ctx.is_noun(x)))))
        {
            continue;
        }
        // With no one on either side, only an arrest is still a fact worth a record ("arrests
        // were made", "… were arrested" whose subject the parse lost); "was denied entry"
        // with the subject lost names no one.
        if sources.is_empty() && targets.is_empty() && cameo.code != "173" {
            continue;
        }
        let mode = mode_of(ctx, p);
        let trigger = trigger_span(ctx, p);
        let source_options: Vec<Option<&Actor>> = if sources.is_empty() {
            vec![None]
        } else {
            sources.iter().map(Some).collect()
        };
        let target_options: Vec<Option<&Actor>> = if targets.is_empty() {
            vec![None]
        } else {
            targets.iter().map(Some).collect()
        };
        let mut pairs: Vec<(Option<&Actor>, Option<&Actor>)> = Vec::new();
        if targets.is_empty() && sources.len() >= 2 && SYMMETRIC.contains(&cameo.code.as_str()) {
            // "France and Chad agreed": each with the other.
            for (i, a) in sources.iter().enumerate() {
                for (j, b) in sources.iter().enumerate() {
                    if i != j {
                        pairs.push((Some(a), Some(b)));
                    }
                }
            }
        } else {
            for source in &source_options {
                for target in &target_options {
                    pairs.push((*source, *target));
                }
            }
        }
        let all_actors: Vec<&Actor> = sources.iter().chain(targets.iter()).collect();
        for (source, target) in &pairs {
            {
                if let (Some(s), Some(t)) = (source, target) {
                    if s.span == t.span || (s.span.overlaps(&t.span)) {
                        continue;
                    }
                }
                let key = (
                    cameo.plover.to_string(),
                    source.map(actor_key).unwrap_or_default(),
                    target.map(actor_key).unwrap_or_default(),
                    p.token,
                );
                if !seen.insert(key) {
                    continue;
                }
                let mut evidence = trigger;
                for a in source.iter().chain(target.iter()) {
                    evidence = evidence.cover(a.span);
                }
                let evidence = clause_span(ctx, p.token, evidence);
                let coded = |a: &Option<&Actor>| {
                    a.is_some_and(|a| a.country.is_some() || !a.sectors.is_empty())
                };
                let confidence = match (coded(source), coded(target)) {
                    (true, true) => 0.9,
                    (true, false) | (false, true) => 0.7,
                    _ => 0.5,
                };
                events.push(Event {
                    event_type: cameo.plover.to_string(),
                    cameo: Some(cameo.code.clone()),
                    mode,
                    source: source.cloned(),
                    target: target.cloned(),
                    place: place_of(ctx, sentence, evidence, &all_actors),
                    time: time_of(ctx, sentence),
                    trigger,
                    evidence,
                    sentence,
                    intensity: cameo.intensity,
                    quad_class: cameo.quad_class(),
                    quote: quote_of(ctx, trigger),
                    confidence,
                });
            }
        }
    }
}

fn actor_key(a: &Actor) -> String {
    format!(
        "{}{}{}",
        a.country.as_deref().unwrap_or(""),
        a.sectors.join(""),
        a.span.start
    )
}

/// The entry that fits verb `v` best, with the light-verb noun or particle it used: a
/// light-verb entry whose noun is the object, then a particle entry, then the bare verb.
fn best_verb_entry<'e>(
    ctx: &Ctx<'_>,
    v: usize,
    entries: &'e [VerbEntry],
) -> Option<(&'e VerbEntry, Option<usize>)> {
    let mut best: Option<(&VerbEntry, Option<usize>, u8)> = None;
    for entry in entries {
        let particle_ok = match &entry.particle {
            // "called off" is not "called".
            None if ctx
                .children(v)
                .iter()
                .any(|&c| ctx.deprel(c) == "compound:prt") =>
            {
                None
            }
            None => Some(None),
            Some(p) => ctx
                .children(v)
                .iter()
                .copied()
                .find(|&c| {
                    ctx.lemma(c) == p.as_str()
                        && matches!(
                            ctx.deprel(c),
                            "compound:prt" | "advmod" | "xcomp" | "obl" | "amod" | "case" | "mark"
                        )
                })
                .or_else(|| {
                    // A prepositional verb: "called for sanctions", "asked for help".
                    ctx.children(v).iter().copied().find_map(|c| {
                        if !matches!(ctx.deprel(c), "obl" | "obj") {
                            return None;
                        }
                        ctx.children(c)
                            .iter()
                            .copied()
                            .find(|&k| ctx.deprel(k) == "case" && ctx.lemma(k) == p.as_str())
                    })
                })
                .or_else(|| {
                    // "shot dead" tagged oddly: the next token.
                    (ctx.lower(v + 1) == p.as_str()).then_some(v + 1)
                })
                .map(Some),
        };
        let Some(particle) = particle_ok else {
            continue;
        };
        let noun_ok = match &entry.noun {
            None => Some(None),
            Some(noun) => light_noun(ctx, v, noun).map(Some),
        };
        let Some(noun) = noun_ok else {
            continue;
        };
        let score = u8::from(noun.is_some()) * 2 + u8::from(particle.is_some());
        if best.is_none_or(|(_, _, s)| score > s) {
            best = Some((entry, noun.or(particle), score));
        }
    }
    best.map(|(e, x, _)| (e, x))
}

/// The light-verb object noun `noun` of verb `v`: its object (or passive subject, or the noun
/// a participle modifies), or a prepositional dependent ("went on strike", "took into
/// custody").
fn light_noun(ctx: &Ctx<'_>, v: usize, noun: &str) -> Option<usize> {
    let matches = |i: usize| {
        let lemma = ctx.lemma(i);
        lemma == noun || ctx.lower(i) == noun || lemma.strip_suffix('s') == Some(noun)
    };
    if let Some(c) = ctx.children(v).iter().copied().find(|&c| {
        matches!(
            ctx.deprel(c),
            "obj" | "nsubj:pass" | "obl" | "xcomp" | "iobj"
        ) && matches(c)
    }) {
        return Some(c);
    }
    if ctx.deprel(v).starts_with("acl") {
        if let Some(h) = ctx.head(v).filter(|&h| matches(h)) {
            return Some(h);
        }
    }
    // "held talks" mis-parsed with "talks" as a compound or the object of a conjunct.
    None
}

/// The event complement of an act verb: an xcomp/ccomp verb, or an object noun, that is itself
/// a trigger; returns it with its code.
fn act_complement(ctx: &Ctx<'_>, v: usize, predicates: &[Predicate]) -> Option<(usize, String)> {
    let dicts = dictionaries();
    for &c in ctx.children(v) {
        match ctx.deprel(c) {
            "xcomp" | "ccomp" => {
                if let Some(p) = predicates.iter().find(|p| p.token == c) {
                    return Some((c, p.code.clone()));
                }
            }
            "obj" | "obl" => {
                let lemma = ctx.lemma(c);
                if let Some(n) = dicts.nouns.get(lemma) {
                    return Some((c, n.code.clone()));
                }
                // "called for the release of" / "sought help": the noun's own nmod.
                if lemma == "release" {
                    return Some((c, "0841".to_string()));
                }
            }
            _ => {}
        }
    }
    None
}

/// The code of an act refined by the code of its complement.
fn refine(act: &str, complement: &str) -> String {
    let root = complement.get(..2).unwrap_or("");
    let refined = match act.get(..2).unwrap_or("") {
        "13" => match root {
            "15" | "18" | "19" | "20" => "138",
            "16" => "1312",
            "17" => "137",
            _ => "130",
        },
        "02" => match root {
            "07" => "023",
            "04" => "026",
            "06" => "021",
            "05" => "022",
            "08" => "025",
            _ => "020",
        },
        "10" => match root {
            "07" => "103",
            "04" => "106",
            "08" => {
                if complement == "0841" {
                    "1053"
                } else {
                    "105"
                }
            }
            _ => "100",
        },
        "03" => match root {
            "06" => "031",
            "05" => "032",
            "07" => "033",
            "04" => "036",
            _ => "030",
        },
        "12" => match root {
            "06" => "121",
            "07" => "122",
            "08" => "124",
            "04" => {
                if complement == "045" {
                    "126"
                } else {
                    "125"
                }
            }
            _ => "120",
        },
        _ => act,
    };
    refined.to_string()
}

/// Heads of the source and target phrases of a verbal predicate.
pub(crate) fn verbal_arguments(ctx: &Ctx<'_>, p: &Predicate) -> (Vec<usize>, Vec<usize>) {
    let v = p.token;
    let passive = ctx.is_passive(v);
    let mut source: Option<usize> = None;
    let mut patient: Option<usize> = None;
    for &c in ctx.children(v) {
        match ctx.deprel(c) {
            "nsubj" if !passive => source = Some(c),
            "nsubj" | "nsubj:pass" => patient = Some(c),
            "obl:agent" => source = Some(c),
            "obl" if passive && ctx.case_of(c) == Some("by") => source = Some(c),
            _ => {}
        }
    }
    let deprel = ctx.deprel(v);
    // A participle modifying a noun: "the sanctions imposed by the bloc", "troops attacking".
    if deprel == "acl" || (deprel == "amod" && passive) {
        if let Some(h) = ctx.head(v) {
            if passive || ctx.xpos(v) == "VBN" {
                patient = patient.or(Some(h));
            } else {
                source = source.or(Some(h));
            }
        }
    }
    // A relative clause: the relative pronoun stands for the modified noun.
    if deprel == "acl:relcl" {
        if let Some(h) = ctx.head(v) {
            let rel = |x: Option<usize>| {
                x.is_some_and(|x| matches!(ctx.lower(x), "who" | "which" | "that"))
            };
            // "4 policemen killed": a clause with neither subject nor relative pronoun nor
            // object is a reduced passive participle the parse took for a relative clause;
            // the noun is its patient.
            let reduced = source.is_none()
                && !passive
                && matches!(ctx.xpos(v), "VBD" | "VBN")
                && !ctx
                    .children(v)
                    .iter()
                    .any(|&c| matches!(ctx.deprel(c), "obj" | "nsubj" | "ccomp" | "xcomp"));
            if reduced {
                patient = patient.or(Some(h));
            } else if source.is_none() && !passive || rel(source) {
                source = Some(h);
            } else if passive && (patient.is_none() || rel(patient)) {
                patient = Some(h);
            }
        }
    }
    // Control and coordination: "the junta sought to ...", "attacked and seized ...".
    if source.is_none() && !passive {
        source = inherited_subject(ctx, v);
    }
    // Passive without an agent: the agent of an event noun ("killed in police firing").
    if source.is_none() && passive {
        for &c in ctx.children(v) {
            if ctx.deprel(c) == "obl" && matches!(ctx.case_of(c), Some("in" | "during")) {
                if let Some(a) = noun_agent(ctx, c) {
                    source = Some(a);
                }
            }
        }
    }
    // A passive conjunct without a subject shares its first conjunct's ("the men, who fled,
    // were arrested" parsed as a coordination).
    if passive && patient.is_none() && deprel == "conj" {
        if let Some(h) = ctx.head(v) {
            patient = if ctx.is_noun(h) {
                Some(h)
            } else {
                ctx.child_with(h, &["nsubj:pass", "nsubj"])
            };
        }
    }
    if source.is_none() && passive && p.passive_source {
        source = patient.take();
    }
    // A subject that is itself an event noun: "the sanctions closed the borders" → its agent.
    if let Some(s) = source {
        if dictionaries().nouns.contains_key(ctx.lemma(s)) {
            source = noun_agent(ctx, s);
        }
    }

    let mut target: Option<usize> = None;
    for slot in &p.entry_targets {
        let found = match slot {
            Slot::Obj => {
                if passive {
                    patient
                } else {
                    ctx.child_with(v, &["obj"])
                        .filter(|&o| Some(o) != p.extra && Some(o) != p.complement)
                }
            }
            Slot::Iobj => {
                if passive {
                    patient
                } else {
                    ctx.child_with(v, &["iobj"])
                }
            }
            Slot::Prep(prep) => prep_dependent(ctx, v, prep)
                .or_else(|| p.extra.and_then(|x| prep_dependent(ctx, x, prep))),
        };
        if found.is_some() {
            target = found;
            break;
        }
    }
    // A target that is an event noun stands for its agent: "condemned an attack by X".
    if let Some(t) = target {
        if dictionaries().nouns.contains_key(ctx.lemma(t)) {
            if let Some(a) = noun_agent(ctx, t) {
                target = Some(a);
            }
        }
    }
    // An act's target may sit on its complement: "threatened intervention in Chad".
    if target.is_none() && p.act {
        if let Some(c) = ctx
            .children(v)
            .iter()
            .copied()
            .find(|&c| matches!(ctx.deprel(c), "obj" | "xcomp" | "ccomp"))
        {
            for prep in ["in", "against", "on", "with", "to"] {
                if let Some(t) = prep_dependent(ctx, c, prep) {
                    target = Some(t);
                    break;
                }
            }
            if target.is_none() && ctx.deprel(c) == "xcomp" {
                target = ctx.child_with(c, &["obj"]);
            }
        }
    }
    (conjuncts(ctx, source), conjuncts(ctx, target))
}

/// The subject a verb without one shares: the governing verb's for xcomp (control), the first
/// conjunct's for a coordinated verb, the modified clause's for a participial adverbial.
fn inherited_subject(ctx: &Ctx<'_>, v: usize) -> Option<usize> {
    let mut at = v;
    for _ in 0..4 {
        let rel = ctx.deprel(at);
        let head = ctx.head(at)?;
        if !matches!(rel, "xcomp" | "conj") {
            return None;
        }
        if rel == "xcomp" {
            // "urged X to attack", "forcing the police to open fire": the object controls
            // the complement; "the police were forced to fire": the passive subject does.
            if let Some(o) = ctx.child_with(head, &["obj", "nsubj:pass"]) {
                return Some(o);
            }
        }
        if let Some(s) = ctx.child_with(head, &["nsubj"]) {
            if ctx.is_passive(head) {
                return None;
            }
            return Some(s);
        }
        if ctx.deprel(head) == "acl:relcl" {
            return ctx.head(head);
        }
        at = head;
    }
    None
}

/// The dependent of `head` introduced by preposition `prep` (obl or nmod).
fn prep_dependent(ctx: &Ctx<'_>, head: usize, prep: &str) -> Option<usize> {
    ctx.children(head).iter().copied().find(|&c| {
        matches!(ctx.deprel(c), "obl" | "nmod" | "obl:agent") && ctx.case_of(c) == Some(prep)
    })
}

/// The agent of an event noun: a "by" phrase, a possessor, a country or demonym adjective, or
/// a compound modifier; through a participle ("the sanctions imposed by the bloc").
fn noun_agent(ctx: &Ctx<'_>, n: usize) -> Option<usize> {
    for &c in ctx.children(n) {
        match ctx.deprel(c) {
            "nmod" | "nmod:agent" if ctx.case_of(c) == Some("by") => return Some(c),
            "nmod:poss" => return Some(c),
            _ => {}
        }
    }
    for &c in ctx.children(n) {
        if ctx.deprel(c) == "acl" {
            if let Some(a) = ctx.children(c).iter().copied().find(|&a| {
                ctx.deprel(a) == "obl:agent"
                    || (ctx.deprel(a) == "obl" && ctx.case_of(a) == Some("by"))
            }) {
                return Some(a);
            }
        }
    }
    // "Russian airstrikes", "police firing": a modifier that codes as an actor. The modifier
    // itself is the actor's head.
    ctx.children(n)
        .iter()
        .copied()
        .find(|&c| matches!(ctx.deprel(c), "amod" | "compound") && code_actor(ctx, c).is_some())
}

/// Heads of the source and target of a nominal predicate.
fn nominal_arguments(ctx: &Ctx<'_>, p: &Predicate) -> (Vec<usize>, Vec<usize>) {
    let n = p.token;
    let mut source = noun_agent(ctx, n);
    // "the bloc announced sanctions on Chad": the subject of a support verb.
    let supported =
        ctx.deprel(n) == "obj" || (ctx.deprel(n) == "obl" && ctx.case_of(n) == Some("to"));
    if source.is_none() && supported {
        if let Some(h) = ctx.head(n) {
            if SUPPORT_VERBS.contains(&ctx.lemma(h)) {
                source = ctx
                    .child_with(h, &["nsubj"])
                    .or_else(|| inherited_subject(ctx, h));
            }
        }
    }
    let mut target = None;
    for slot in &p.entry_targets {
        if let Slot::Prep(prep) = slot {
            let found = prep_dependent(ctx, n, prep).or_else(|| {
                // "sanctions on Chad" attached to the support verb.
                ctx.head(n)
                    .filter(|_| ctx.deprel(n) == "obj")
                    .and_then(|h| prep_dependent(ctx, h, prep))
            });
            if found.is_some() {
                target = found;
                break;
            }
        }
    }
    (conjuncts(ctx, source), conjuncts(ctx, target))
}

/// A phrase head and its conjuncts ("Chad and Niger").
fn conjuncts(ctx: &Ctx<'_>, head: Option<usize>) -> Vec<usize> {
    let Some(h) = head else {
        return Vec::new();
    };
    let mut out = vec![h];
    for &c in ctx.children(h) {
        if ctx.deprel(c) == "conj" && out.len() < MAX_CONJUNCTS {
            out.push(c);
        }
    }
    out
}

/// The mode of a predicate. Negation wins, then denial, then hypothetical, then future.
pub(crate) fn mode_of(ctx: &Ctx<'_>, p: &Predicate) -> EventMode {
    let dicts = dictionaries();
    let mut modes: Vec<EventMode> = Vec::new();
    let mut looks = vec![p.token];
    if let Some(x) = p.extra {
        looks.push(x);
    }
    for &t in &looks {
        for &c in ctx.children(t) {
            let lemma = ctx.lemma(c);
            let lower = ctx.lower(c);
            match ctx.deprel(c) {
                "advmod" | "neg" if matches!(lower, "not" | "n't" | "never") => {
                    modes.push(EventMode::Negated)
                }
                "det" if matches!(lower, "no") => modes.push(EventMode::Negated),
                // "nobody was arrested", "arrested no one".
                "nsubj" | "nsubj:pass" | "obj"
                    if matches!(lower, "nobody" | "none" | "nothing" | "noone") =>
                {
                    modes.push(EventMode::Negated)
                }
                "aux" | "aux:pass" => {
                    if let Some((m, ModeHow::Aux)) =
                        dicts.modes.get(lower).or(dicts.modes.get(lemma))
                    {
                        modes.push(*m);
                    }
                }
                "mark" => {
                    if let Some((m, ModeHow::Mark)) = dicts.modes.get(lower) {
                        modes.push(*m);
                    }
                }
                "amod" | "compound" => {
                    if let Some((m, ModeHow::Mod)) = dicts.modes.get(lower) {
                        modes.push(*m);
                    }
                }
                _ => {}
            }
        }
    }
    // An infinitive that modifies a noun or adjective ("orders to arrest anyone", "free to
    // arrest us", "likely to attack") states no event.
    if !p.nominal
        && ctx
            .children(p.token)
            .iter()
            .any(|&c| ctx.deprel(c) == "mark" && ctx.lower(c) == "to")
    {
        let head_is_nominal = ctx
            .head(p.token)
            .is_some_and(|h| matches!(ctx.upos(h), "NOUN" | "ADJ" | "PROPN"));
        if matches!(ctx.deprel(p.token), "acl" | "advcl") || head_is_nominal {
            modes.push(EventMode::Hypothetical);
        }
    }
    // Governing words: "plans to attack", "denied attacking", "is about to restore".
    let mut at = p.token;
    for _ in 0..3 {
        let rel = ctx.deprel(at);
        let Some(h) = ctx.head(at) else { break };
        if !matches!(rel, "xcomp" | "ccomp" | "advcl" | "obj" | "acl" | "nmod") {
            break;
        }
        let lemma = ctx.lemma(h);
        if let Some((m, ModeHow::Gov)) = dicts.modes.get(lemma) {
            modes.push(*m);
        }
        // The governor's own negation or modal: "did not plan to", "will seek to".
        for &c in ctx.children(h) {
            let lower = ctx.lower(c);
            if matches!(ctx.deprel(c), "advmod" | "neg")
                && matches!(lower, "not" | "n't" | "never")
                && rel == "xcomp"
            {
                modes.push(EventMode::Negated);
            }
            if ctx.deprel(c) == "aux" && rel == "xcomp" {
                if let Some((m, ModeHow::Aux)) = dicts.modes.get(lower) {
                    modes.push(*m);
                }
            }
        }
        if rel != "xcomp" && !(rel == "ccomp" && lemma == "deny") {
            break;
        }
        at = h;
    }
    for m in [
        EventMode::Negated,
        EventMode::Denied,
        EventMode::Hypothetical,
        EventMode::Future,
        EventMode::Threatened,
        EventMode::Requested,
    ] {
        if modes.contains(&m) {
            return m;
        }
    }
    EventMode::Asserted
}

/// The trigger: the verb (with an adjacent particle or light-verb noun) or the noun.
fn trigger_span(ctx: &Ctx<'_>, p: &Predicate) -> Span {
    let span = ctx.tokens.get(p.token).map_or(Span::new(0, 0), |t| t.span);
    match p.extra.and_then(|x| ctx.tokens.get(x).map(|t| (x, t.span))) {
        Some((x, s)) if x > p.token && x <= p.token + 4 => span.cover(s),
        _ => span,
    }
}

/// The evidence: the predicate's clause, at least covering `inner`, within the sentence.
fn clause_span(ctx: &Ctx<'_>, token: usize, inner: Span) -> Span {
    let mut span = inner;
    let sub = ctx.subtree_sorted(token);
    let words: Vec<usize> = sub
        .into_iter()
        .filter(|&i| ctx.upos(i) != "PUNCT")
        .collect();
    if let (Some(&a), Some(&b)) = (words.first(), words.last()) {
        if let (Some(ta), Some(tb)) = (ctx.tokens.get(a), ctx.tokens.get(b)) {
            span = span.cover(Span::new(ta.span.start, tb.span.end));
        }
    }
    span
}

/// The place of an event: a toponym of its clause outside its actors (one naming a city or
/// region before one naming a country), else the dateline.
fn place_of(ctx: &Ctx<'_>, sentence: usize, clause: Span, actors: &[&Actor]) -> Option<usize> {
    let in_actor = |span: &Span| actors.iter().any(|a| a.span.overlaps(span));
    let places = &ctx.document.places;
    let candidates: Vec<usize> = places
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.sentence == sentence
                && p.role == PlaceRole::Toponym
                && clause.contains(&p.span)
                && !in_actor(&p.span)
        })
        .map(|(i, _)| i)
        .collect();
    let is_country = |i: usize| {
        places[i]
            .feature
            .as_deref()
            .is_some_and(|f| f.starts_with("A.PCL") || f.starts_with("PCL"))
    };
    candidates
        .iter()
        .copied()
        .find(|&i| !is_country(i))
        .or_else(|| candidates.first().copied())
        .or_else(|| places.iter().position(|p| p.role == PlaceRole::Dateline))
}

/// The date of an event: the first dated time expression of its sentence; `None` means the
/// publication date.
fn time_of(ctx: &Ctx<'_>, sentence: usize) -> Option<usize> {
    ctx.document.times.iter().position(|t| {
        t.sentence == sentence
            && t.time_type == newsgraph_core::TimeType::Date
            && t.value.as_deref().is_some_and(|v| v.len() >= 4)
    })
}

/// The quote whose content contains the trigger.
fn quote_of(ctx: &Ctx<'_>, trigger: Span) -> Option<usize> {
    ctx.document
        .quotes
        .iter()
        .position(|q| q.content.contains(&trigger))
}
