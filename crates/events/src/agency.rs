//! Agency: who did something, whether or not the event dictionaries code what they did.
//!
//! The coder codes only the predicates in our dictionaries. Some questions are wider — "did the
//! police do anything?" — and need every action of an actor: the subject of an active verb,
//! the agent of a passive one ("was picked up by police"), the agent of a verb through control,
//! coordination or a relative clause (the coder's own argument rules), and the source of a
//! quote ("police said", "according to police"). Stative verbs ("be", "have", "seem") and
//! failing ("failed to act") are not actions. Each agency carries the mode the coder would give
//! the verb, so a caller can keep what was done apart from what was not, might be or will be.

use newsgraph_core::{Actor, Document, EventMode, Span};

use crate::actors::{code_actor, sectors_of};
use crate::coder::{mode_of, verbal_arguments, Ctx, Predicate};
use crate::dict::{dictionaries, ModeHow};
use crate::{Options, Tok};

/// Verbs that state what an agent is, has or lacks, not what it did.
const NOT_ACTIONS: [&str; 11] = [
    "be", "have", "become", "seem", "appear", "remain", "fail", "lack", "get", "look", "belong",
];

/// How the agent acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyKind {
    /// The agent of a verb.
    Act,
    /// The source of a quote.
    Statement,
    /// The actor behind a noun for what it does, as its modifier, possessor or "of"/"by"
    /// dependent ("police firing", "under police escort", "intervention of the police").
    Nominal,
    /// The agent a measure implies when none is written: an agentless passive of a verb that
    /// only one kind of actor performs ("security has been tightened", "a case was
    /// registered"); or the actor behind a noun for a law-enforcement activity written
    /// without one ("patrolling was intensified", "tear gas shells"). The actor is that
    /// sector, spanning the verb or noun (the evidence), with no text.
    Implied,
    /// Forces sent, posted or called in somewhere, whoever sent them: the object of
    /// "deployed", "stationed", "rushed" ("the administration deployed paramilitary forces").
    Deployed,
}

/// Nouns for what an actor does (lemmas), acted when a coded actor modifies or possesses them.
const ACTION_NOUNS: [&str; 34] = [
    "firing",
    "fire",
    "escort",
    "protection",
    "intervention",
    "action",
    "raid",
    "custody",
    "remand",
    "crackdown",
    "patrol",
    "patrolling",
    "deployment",
    "bandobast",
    "bandobust",
    "cordon",
    "vigil",
    "lathi-charge",
    "lathicharge",
    "atrocity",
    "excess",
    "search",
    "investigation",
    "probe",
    "operation",
    "presence",
    "picket",
    "picketing",
    "guard",
    "interrogation",
    "questioning",
    "encounter",
    "bullet",
    "verification",
];

/// Measures only police take in news: a verb lemma whose agentless passive implies the police,
/// with the passive subjects it takes (any subject when empty).
const POLICE_MEASURES: &[(&str, &[&str])] = &[
    ("deploy", &[]),
    ("position", &FORCES),
    ("station", &FORCES),
    ("rush", &FORCES),
    ("put", &FORCES),
    ("alert", &FORCES),
    ("mobilise", &FORCES),
    ("mobilize", &FORCES),
    ("recall", &FORCES),
    ("requisition", &FORCES),
    ("tighten", &SECURITY),
    ("intensify", &SECURITY),
    ("step", &SECURITY),
    ("beef", &SECURITY),
    ("strengthen", &SECURITY),
    ("heighten", &SECURITY),
    ("increase", &SECURITY),
    ("enhance", &SECURITY),
    ("reinforce", &SECURITY),
    ("augment", &SECURITY),
    ("register", &["case", "fir", "offence", "complaint"]),
    ("disperse", &[]),
    ("lathi-charge", &[]),
    ("lathicharge", &[]),
    ("cordon", &[]),
    (
        "seal",
        &[
            "area", "locality", "border", "road", "village", "colony", "street", "lane",
        ],
    ),
    ("escort", &[]),
    ("patrol", &[]),
    ("interrogate", &[]),
    (
        "question",
        &[
            "he", "she", "they", "man", "woman", "person", "suspect", "accused", "youth", "people",
        ],
    ),
    ("lob", &["shell", "canister", "teargas", "tear-gas"]),
    // "five rounds were fired in the air".
    ("fire", &["round"]),
    // Seizures and detentions written without their agent ("weapons were seized", "fifty
    // persons were held", "the youths were rounded up").
    ("seize", &SEIZED),
    ("confiscate", &SEIZED),
    ("impound", &SEIZED),
    ("apprehend", &[]),
    ("nab", &[]),
    ("round", &[]),
    ("hold", &DETAINEES),
    ("deport", &[]),
    ("extern", &[]),
    ("barricade", &[]),
    ("frisk", &[]),
    ("keep", &["watch", "vigil", "surveillance"]),
    ("maintain", &["watch", "vigil", "surveillance"]),
    ("pick", &DETAINEES),
];

/// What police seize: arms, contraband, cash and vehicles (not towns, which armies seize).
const SEIZED: [&str; 22] = [
    "weapon",
    "arm",
    "explosive",
    "bomb",
    "sword",
    "knife",
    "gun",
    "pistol",
    "revolver",
    "rifle",
    "ammunition",
    "cartridge",
    "drug",
    "cash",
    "liquor",
    "vehicle",
    "material",
    "document",
    "quantity",
    "trishul",
    "acid",
    "bottle",
];

/// Who is held or picked up when a passive "were held" is a detention, not a meeting.
const DETAINEES: [&str; 16] = [
    "person",
    "people",
    "man",
    "men",
    "woman",
    "youth",
    "youngster",
    "activist",
    "worker",
    "suspect",
    "accused",
    "miscreant",
    "rioter",
    "he",
    "they",
    "member",
];

/// Law-enforcement activities named by a noun (lemma, or compound "modifier head"): written
/// without an agent ("patrolling was intensified", "arrests were made", "a flag march was
/// held", "tear gas shells"), they imply the police.
const POLICE_ACTIVITIES: [&str; 14] = [
    "patrolling",
    "patrol",
    "flag march",
    "flag-march",
    "lathi-charge",
    "lathicharge",
    "lathi charge",
    "teargas",
    "tear-gas",
    "tear gas",
    "combing",
    "combing operation",
    "arrest",
    "nakabandi",
];

/// Words that ask for an activity rather than report it.
const DEMANDS: [&str; 14] = [
    "demand", "call", "seek", "urge", "ask", "want", "need", "plea", "request", "insist", "appeal",
    "press", "favour", "favor",
];

/// Verbs that put forces somewhere: the forces sent, posted or called in are on duty there,
/// whoever sent them ("the administration deployed six companies of paramilitary forces").
const DEPLOYING: [&str; 10] = [
    "deploy",
    "station",
    "post",
    "rush",
    "send",
    "dispatch",
    "despatch",
    "requisition",
    "position",
    "call",
];

/// Who is deployed: police and forces.
const FORCES: [&str; 14] = [
    "police",
    "policeman",
    "policemen",
    "cop",
    "force",
    "personnel",
    "reinforcement",
    "company",
    "contingent",
    "platoon",
    "jawan",
    "constable",
    "picket",
    "squad",
];

/// What "security" is in "security was tightened".
const SECURITY: [&str; 11] = [
    "security",
    "vigil",
    "patrolling",
    "patrol",
    "bandobast",
    "bandobust",
    "arrangement",
    "checking",
    "surveillance",
    "deployment",
    "picket",
];

/// Passive subjects that keep a deployment from being a police measure: the army's.
const NOT_POLICE: [&str; 6] = ["army", "military", "troop", "soldier", "navy", "column"];

/// An actor acting: the coded agent of a verb, or the coded source of a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    pub actor: Actor,
    pub kind: AgencyKind,
    /// The verb, or the quote's cue (its content when there is no cue).
    pub predicate: Span,
    /// The verb's lemma ("say" for a quote).
    pub lemma: String,
    /// Index into `Document::sentences` of the predicate.
    pub sentence: usize,
    pub mode: EventMode,
}

impl Agency {
    /// The agency of `actor` over the predicate at token `t` (its span and lemma).
    fn at_token(
        ctx: &Ctx<'_>,
        t: usize,
        actor: Actor,
        kind: AgencyKind,
        sentence: usize,
        mode: EventMode,
    ) -> Agency {
        Agency {
            actor,
            kind,
            predicate: ctx.tokens[t].span,
            lemma: ctx.lemma(t).to_string(),
            sentence,
            mode,
        }
    }
}

/// Every coded actor that acts in `document`: agents of verbs (one per verb and agent, in
/// text order), then sources of quotes. Returns nothing when the tokens carry no parse.
pub(crate) fn agencies(
    document: &Document,
    tokens: &[Tok<'_>],
    options: &Options<'_>,
) -> Vec<Agency> {
    if tokens.len() < document.sentences.last().map_or(0, |s| s.tokens.end)
        || !tokens.iter().any(|t| !t.deprel.is_empty())
    {
        return Vec::new();
    }
    let ctx = Ctx::new(document, tokens, options);
    let mut out = Vec::new();
    for sentence in &document.sentences {
        let range = sentence.tokens.clone();
        if range.end > tokens.len() || range.len() > 400 {
            continue;
        }
        for v in range {
            if !ctx.is_verb(v) || NOT_ACTIONS.contains(&ctx.lemma(v)) {
                continue;
            }
            let p = bare_predicate(v, false);
            let (sources, _) = verbal_arguments(&ctx, &p);
            if sources.is_empty() {
                continue;
            }
            let mode = mode_of(&ctx, &p);
            let predicate = tokens.get(v).map_or(Span::new(0, 0), |t| t.span);
            for actor in sources.into_iter().filter_map(|h| code_actor(&ctx, h)) {
                out.push(Agency {
                    actor,
                    kind: AgencyKind::Act,
                    predicate,
                    lemma: ctx.lemma(v).to_string(),
                    sentence: sentence.index,
                    mode,
                });
            }
        }
    }
    // Lower-case copy parses badly ("surat: police fired at the mob" with "police" an
    // apposition and "fired" its modifier): a police noun followed by its verb.
    for sentence in &document.sentences {
        let range = sentence.tokens.clone();
        if range.end > tokens.len() || range.len() > 400 {
            continue;
        }
        for k in range.clone() {
            let found = police_then_verb(&ctx, k, range.end, sentence.index)
                .or_else(|| police_by_agent(&ctx, k, range.start, range.end, sentence.index));
            if let Some(agency) = found {
                let known = out
                    .iter()
                    .any(|a| a.predicate == agency.predicate && a.kind == AgencyKind::Act);
                if !known {
                    out.push(agency);
                }
            }
        }
    }
    for sentence in &document.sentences {
        let range = sentence.tokens.clone();
        if range.end > tokens.len() || range.len() > 400 {
            continue;
        }
        for k in range {
            nominal_agencies(&ctx, k, sentence.index, &mut out);
            implied_agency(&ctx, k, sentence.index, &mut out);
            implied_activity(&ctx, k, sentence.index, &mut out);
            security_measure(&ctx, k, sentence.index, &mut out);
            deployed_forces(&ctx, k, sentence.index, &mut out);
            police_on_duty(&ctx, k, sentence.index, &mut out);
            police_directed(&ctx, k, sentence.index, &mut out);
            police_receiving(&ctx, k, sentence.index, &mut out);
        }
    }
    for quote in &document.quotes {
        let Some(source) = quote.source else {
            if let Some(agency) = cue_neighbour_source(&ctx, quote.cue, quote.sentences.0) {
                out.push(agency);
            }
            continue;
        };
        let mut inside = tokens_in(&ctx, source);
        let coded = phrase_head(&ctx, &inside)
            .and_then(|head| code_actor(&ctx, head))
            .filter(|a| a.country.is_some() || !a.sectors.is_empty());
        // A source the parse cut up ("director-general of police rk pandit"): what its words
        // name, with the title written before it when the parse left that out ("police
        // commissioner v k gupta said" with the source "gupta").
        let mut source = source;
        if let (None, Some(&first)) = (&coded, inside.first()) {
            let mut title = title_before(&ctx, first);
            if !title.is_empty() {
                title.extend_from_slice(&inside);
                inside = title;
                source = ctx.span_of(&inside);
            }
        }
        let Some(actor) = coded.or_else(|| {
            let sectors = sectors_of(&ctx, &inside);
            (!sectors.is_empty()).then(|| Actor {
                span: source,
                text: ctx.text_of(source).to_string(),
                entity: ctx.entity_at(source),
                country: None,
                sectors,
            })
        }) else {
            continue;
        };
        out.push(Agency {
            actor,
            kind: AgencyKind::Statement,
            predicate: quote.cue.unwrap_or(quote.content),
            lemma: "say".to_string(),
            sentence: quote.sentences.0,
            mode: EventMode::Asserted,
        });
    }
    out
}

/// Coded actors modifying a noun for what they do: "police firing", "the police's
/// intervention", "intervention of the police", "under police escort".
fn nominal_agencies(ctx: &Ctx<'_>, n: usize, sentence: usize, out: &mut Vec<Agency>) {
    if !ACTION_NOUNS.contains(&ctx.lemma(n)) || ctx.tokens[n].upos == "VERB" {
        return;
    }
    // "lack of police action": an action missing is none.
    let missing = ctx.tokens[n]
        .head
        .is_some_and(|h| matches!(ctx.lemma(h), "lack" | "absence" | "dearth" | "want"));
    if missing {
        return;
    }
    let p = noun_predicate(n);
    let mut mode = None;
    for &c in ctx.children(n) {
        let by = match ctx.deprel(c) {
            "compound" | "nmod:poss" => true,
            "nmod" => matches!(ctx.case_of(c), Some("of" | "by")),
            _ => false,
        };
        if !by {
            continue;
        }
        let Some(actor) =
            code_actor(ctx, c).filter(|a| a.country.is_some() || !a.sectors.is_empty())
        else {
            continue;
        };
        let mode = *mode.get_or_insert_with(|| mode_of(ctx, &p));
        out.push(Agency::at_token(
            ctx,
            n,
            actor,
            AgencyKind::Nominal,
            sentence,
            mode,
        ));
    }
}

fn noun_predicate(token: usize) -> Predicate {
    bare_predicate(token, true)
}

/// A predicate outside the dictionaries: no code, no argument frame of its own.
fn bare_predicate(token: usize, nominal: bool) -> Predicate {
    Predicate {
        token,
        extra: None,
        code: String::new(),
        entry_targets: Vec::new(),
        act: false,
        agentless: false,
        passive_source: false,
        nominal,
        complement: None,
    }
}

/// The police implied by an agentless passive police measure ("patrolling has been
/// intensified", "a case was registered", "additional forces were deployed").
fn implied_agency(ctx: &Ctx<'_>, v: usize, sentence: usize, out: &mut Vec<Agency>) {
    if !ctx.is_verb(v) || !ctx.is_passive(v) {
        return;
    }
    let lemma = ctx.lemma(v);
    // "were sent to jail", "was taken into custody": whoever is sent there.
    let to_jail = matches!(lemma, "send" | "take" | "put" | "remand" | "lodge")
        && ctx.children(v).iter().any(|&c| {
            ctx.deprel(c) == "obl"
                && matches!(
                    ctx.lemma(c),
                    "jail" | "custody" | "lock-up" | "lockup" | "prison" | "bar"
                )
        });
    let subjects: &[&str] = match POLICE_MEASURES.iter().find(|(l, _)| *l == lemma) {
        Some((_, subjects)) => subjects,
        None if to_jail => &[],
        None => return,
    };
    // The passive subject, or the noun a reduced participle modifies.
    let mut subject = ctx
        .children(v)
        .iter()
        .copied()
        .find(|&c| ctx.deprel(c) == "nsubj:pass")
        .or_else(|| {
            matches!(ctx.deprel(v), "acl" | "amod")
                .then_some(ctx.tokens[v].head)
                .flatten()
        });
    let word_fits = |s: usize| subjects.contains(&ctx.lemma(s)) || subjects.contains(&ctx.lower(s));
    // "a large number of weapons": the counted noun.
    let fits = |s: usize| {
        word_fits(s)
            || ctx
                .children(s)
                .iter()
                .any(|&c| ctx.deprel(c) == "nmod" && ctx.case_of(c) == Some("of") && word_fits(c))
    };
    // "were held", "were picked up": a detention only as a full passive ("some of them
    // held placards" is no reduced passive).
    if matches!(lemma, "hold" | "pick")
        && !ctx.children(v).iter().any(|&c| ctx.deprel(c) == "aux:pass")
    {
        return;
    }
    // Lower-case text parses badly: a subject the parse attached elsewhere ("patrolling ...
    // has been intensified" with "patrolling" taken for a verb, "security ... has been
    // beefed up" under "said") is the nearest listed word before the verb (at most 14 tokens back), with no other
    // verb between them (for the security measures and seizures only).
    let loose = subjects.contains(&"security") || subjects.contains(&"weapon");
    if loose && !subject.is_some_and(fits) {
        let range = ctx
            .document
            .sentences
            .get(sentence)
            .map_or(0..0, |s| s.tokens.clone());
        subject = (range.start..v)
            .rev()
            .take(14)
            .take_while(|&k| !ctx.is_verb(k) || ctx.lower(k) == "patrolling")
            .find(|&k| fits(k));
    }
    if !subjects.is_empty() && !subject.is_some_and(fits) {
        return;
    }
    // "the army was deployed", "army jawans were deployed".
    let army = subject.is_some_and(|s| {
        std::iter::once(s)
            .chain(ctx.children(s).iter().copied())
            .any(|k| NOT_POLICE.contains(&ctx.lemma(k)))
    });
    if army {
        return;
    }
    let mut p = noun_predicate(v);
    p.nominal = false;
    let (sources, _) = verbal_arguments(ctx, &p);
    let by_agent = ctx.children(v).iter().any(|&c| {
        matches!(ctx.deprel(c), "obl:agent")
            || (ctx.deprel(c) == "obl" && ctx.case_of(c) == Some("by"))
    });
    if !sources.is_empty() || by_agent {
        return;
    }
    out.push(implied_police(
        ctx.tokens[v].span,
        lemma.to_string(),
        sentence,
        mode_of(ctx, &p),
    ));
}

/// The police implied by a measure or activity at `span` that names no actor: the actor and
/// the predicate are the same words.
fn implied_police(span: Span, lemma: String, sentence: usize, mode: EventMode) -> Agency {
    Agency {
        actor: Actor {
            span,
            text: String::new(),
            entity: None,
            country: None,
            sectors: vec!["COP".to_string()],
        },
        kind: AgencyKind::Implied,
        predicate: span,
        lemma,
        sentence,
        mode,
    }
}

/// The source of a quote the parse left without one, from the words next to its cue: the
/// phrase between the previous comma and the cue ("..., superintendent of police b l soni
/// said"), else the one after it ("..., said a police officer"), or after "according to".
fn cue_neighbour_source(ctx: &Ctx<'_>, cue: Option<Span>, sentence: usize) -> Option<Agency> {
    let cue = cue?;
    let cue_tokens = tokens_in(ctx, cue);
    let (&first, &last) = (cue_tokens.first()?, cue_tokens.last()?);
    let stop = |k: usize| {
        let t = &ctx.tokens[k];
        (t.upos == "PUNCT" && !matches!(ctx.lower(k), "(" | ")" | "-")) || ctx.lemma(k) == "that"
    };
    let same_sentence = |k: usize| {
        ctx.document
            .sentences
            .get(sentence)
            .is_some_and(|s| s.tokens.contains(&k))
    };
    let mut before: Vec<usize> = (0..first)
        .rev()
        .take_while(|&k| same_sentence(k) && !stop(k))
        .take(12)
        .collect();
    before.reverse();
    let after = |from: usize| -> Vec<usize> {
        (from..ctx.tokens.len())
            .take_while(|&k| same_sentence(k) && !stop(k))
            .take(12)
            .collect()
    };
    let according = ctx.lemma(first) == "accord" || ctx.lower(first) == "according";
    let inside = if according {
        let to = if ctx.lower(last) == "to" {
            last + 1
        } else {
            last + 2
        };
        after(to)
    } else if before.is_empty() {
        after(last + 1)
    } else {
        before
    };
    let sectors = sectors_of(ctx, &inside);
    if sectors.is_empty() {
        return None;
    }
    let span = ctx.span_of(&inside);
    Some(Agency {
        actor: Actor {
            span,
            text: ctx.text_of(span).to_string(),
            entity: ctx.entity_at(span),
            country: None,
            sectors,
        },
        kind: AgencyKind::Statement,
        predicate: cue,
        lemma: "say".to_string(),
        sentence,
        mode: EventMode::Asserted,
    })
}

/// The title written right before a name at `first`, as tokens in text order: the run of
/// nouns, proper nouns, adjectives and initials (with "of" and a parenthesised aside between them)
/// ending next to it in the same sentence, at most 10 tokens: "additional director general
/// of police (law and order)" before "a k mitra". Empty when there is none.
fn title_before(ctx: &Ctx<'_>, first: usize) -> Vec<usize> {
    let sentence = ctx
        .document
        .sentences
        .iter()
        .find(|s| s.tokens.contains(&first));
    let Some(range) = sentence.map(|s| s.tokens.clone()) else {
        return Vec::new();
    };
    if range.end > ctx.tokens.len() {
        return Vec::new();
    }
    let same_sentence = |k: usize| range.contains(&k);
    // Initials ("v k gupta") count whatever their tag.
    let initial = |k: usize| {
        let text = ctx.tokens[k].text.trim_end_matches('.');
        text.chars().count() == 1 && text.chars().all(char::is_alphabetic)
    };
    let nominal = |k: usize| matches!(ctx.tokens[k].upos, "NOUN" | "PROPN" | "ADJ") || initial(k);
    let mut run: Vec<usize> = Vec::new();
    let mut k = first;
    while k > 0 && run.len() < 10 {
        let before = k - 1;
        if !same_sentence(before) {
            break;
        }
        if ctx.tokens[before].text == ")" {
            // An aside: back to its opening parenthesis, if it is near.
            let open = (before.saturating_sub(6)..before)
                .rev()
                .find(|&j| ctx.tokens[j].text == "(" && same_sentence(j));
            let Some(open) = open else { break };
            run.extend((open..=before).rev());
            k = open;
        } else if nominal(before) || ctx.lower(before) == "of" {
            run.push(before);
            k = before;
        } else {
            break;
        }
    }
    // The title starts with a word of it, not with "of" or an aside.
    while run
        .last()
        .is_some_and(|&k| !nominal(k) || ctx.tokens[k].text == "(")
    {
        run.pop();
    }
    run.reverse();
    run
}

/// The tokens inside `span`, in text order.
fn tokens_in(ctx: &Ctx<'_>, span: Span) -> Vec<usize> {
    let first = ctx.tokens.partition_point(|t| t.span.end <= span.start);
    (first..ctx.tokens.len())
        .take_while(|&k| ctx.tokens[k].span.start < span.end)
        .collect()
}

/// The syntactic head of `inside` (a phrase's tokens): the first whose head lies outside it.
fn phrase_head(ctx: &Ctx<'_>, inside: &[usize]) -> Option<usize> {
    let within = |h: Option<usize>| h.is_some_and(|h| inside.contains(&h));
    inside
        .iter()
        .copied()
        .find(|&k| !within(ctx.tokens[k].head) && ctx.tokens[k].upos != "PUNCT")
}

/// The police implied by a noun for a law-enforcement activity that names no agent: no
/// possessor, "by"/"of" phrase or modifier that codes as an actor, and no coded subject of
/// the verb it is the object or subject of ("the army conducted a flag march" is the army's).
/// "lack of patrolling" is no activity; "arrest warrant" is a warrant.
fn implied_activity(ctx: &Ctx<'_>, n: usize, sentence: usize, out: &mut Vec<Agency>) {
    let tok = &ctx.tokens[n];
    if !matches!(tok.upos, "NOUN" | "PROPN") || matches!(ctx.deprel(n), "compound" | "amod") {
        return;
    }
    let lemma = ctx.lemma(n);
    let modifier = ctx
        .children(n)
        .iter()
        .copied()
        .filter(|&c| ctx.deprel(c) == "compound" && c < n)
        .max();
    let compound = modifier.map(|c| format!("{} {}", ctx.lemma(c), lemma));
    let known = |w: &str| POLICE_ACTIVITIES.contains(&w);
    let named = compound.as_deref().is_some_and(known) || known(lemma);
    // "tear gas shells", "teargas canisters": the activity is the modifier.
    let gas = matches!(lemma, "shell" | "canister" | "grenade")
        && modifier.is_some_and(|c| known(ctx.lemma(c)) || ctx.lemma(c) == "gas");
    // "injured in the firing": a firing already told of, with no agent, is the police's
    // (a mob's or a gunman's is written with its agent).
    let firing = lemma == "firing"
        && matches!(ctx.case_of(n), Some("in" | "during"))
        && ctx
            .children(n)
            .iter()
            .any(|&c| ctx.deprel(c) == "det" && ctx.lower(c) == "the")
        && !ctx
            .children(n)
            .iter()
            .any(|&c| matches!(ctx.deprel(c), "amod" | "compound" | "nmod" | "nmod:poss"));
    if !(named || gas || firing) {
        return;
    }
    // "arrest" alone is the verb's job unless it is a plural or a noun with an "of" phrase
    // ("arrests were made", "the arrest of the leader"): "arrest" as a count noun.
    if lemma == "arrest" && compound.is_none() {
        let plural = ctx.lower(n).ends_with('s');
        let of = ctx
            .children(n)
            .iter()
            .any(|&c| ctx.deprel(c) == "nmod" && ctx.case_of(c) == Some("of"));
        if !(plural || of) {
            return;
        }
    }
    let missing = ctx
        .head(n)
        .is_some_and(|h| matches!(ctx.lemma(h), "lack" | "absence" | "dearth" | "want"));
    if missing {
        return;
    }
    // An agent of the noun itself.
    let agent = ctx.children(n).iter().any(|&c| {
        let by = match ctx.deprel(c) {
            "compound" | "nmod:poss" | "amod" => true,
            "nmod" => matches!(ctx.case_of(c), Some("by")),
            _ => false,
        };
        by && code_actor(ctx, c).is_some()
    });
    if agent {
        return;
    }
    // The subject of the verb it belongs to: "the army held flag marches", "forces
    // intensified patrolling" (a police subject is an act of its own).
    if let Some(h) = ctx.head(n) {
        if matches!(ctx.deprel(n), "obj" | "nsubj" | "obl") {
            // An administration or government ordering it ("the district administration
            // has intensified patrolling") leaves the work to the police.
            let subject = ctx
                .children(h)
                .iter()
                .copied()
                .filter(|&c| matches!(ctx.deprel(c), "nsubj" | "obl:agent"))
                .find_map(|c| code_actor(ctx, c));
            if subject.is_some_and(|a| a.sectors.iter().all(|s| s != "GOV")) {
                return;
            }
        }
    }
    // Asked for, not done: "demanded the arrest of", "the need for combing operations".
    let mut at = n;
    for _ in 0..3 {
        let Some(h) = ctx.head(at) else { break };
        if DEMANDS.contains(&ctx.lemma(h)) {
            return;
        }
        if !matches!(ctx.deprel(at), "obj" | "nmod" | "obl" | "conj" | "xcomp") {
            break;
        }
        at = h;
    }
    let p = noun_predicate(n);
    // The mode of the activity: its own, else that of the verb it is the object or subject
    // of ("no arrests were made", "patrolling will be intensified").
    let mut mode = mode_of(ctx, &p);
    if mode == EventMode::Asserted {
        if let Some(h) = ctx.head(n).filter(|&h| ctx.is_verb(h)) {
            mode = mode_of(ctx, &bare_predicate(h, false));
        }
    }
    let lemma = compound
        .filter(|c| known(c))
        .unwrap_or_else(|| lemma.to_string());
    out.push(implied_police(tok.span, lemma, sentence, mode));
}

/// Police forces sent, posted or called in: the object of an active "deployed", "stationed",
/// "rushed" (the passive is [`implied_agency`]'s), or the passive subject when an agent is
/// written ("policemen were deployed by the state").
fn deployed_forces(ctx: &Ctx<'_>, v: usize, sentence: usize, out: &mut Vec<Agency>) {
    if !ctx.is_verb(v) || !DEPLOYING.contains(&ctx.lemma(v)) {
        return;
    }
    // "called in", not "called for" or "called it off".
    if ctx.lemma(v) == "call"
        && !ctx
            .children(v)
            .iter()
            .any(|&c| ctx.deprel(c) == "compound:prt" && ctx.lemma(c) == "in")
    {
        return;
    }
    let rel = if ctx.is_passive(v) {
        "nsubj:pass"
    } else {
        "obj"
    };
    let p = bare_predicate(v, false);
    let mut mode = None;
    for &c in ctx.children(v) {
        if ctx.deprel(c) != rel {
            continue;
        }
        // "six companies of paramilitary forces": the forces are the "of" dependent.
        let mut heads = vec![c];
        heads.extend(
            ctx.children(c)
                .iter()
                .copied()
                .filter(|&k| ctx.deprel(k) == "nmod" && ctx.case_of(k) == Some("of")),
        );
        let Some(actor) = heads
            .into_iter()
            .find_map(|h| code_actor(ctx, h).filter(|a| a.sectors.iter().any(|s| s == "COP")))
        else {
            continue;
        };
        let mode = *mode.get_or_insert_with(|| mode_of(ctx, &p));
        out.push(Agency::at_token(
            ctx,
            v,
            actor,
            AgencyKind::Deployed,
            sentence,
            mode,
        ));
    }
}

/// Words for the police themselves (lemmas), not for a post or a place of theirs: the police
/// and the Indian armed police forces by their initials (not "RAF" or "PAC", which elsewhere
/// are an air force and a political committee).
const POLICE_WORDS: [&str; 14] = [
    "police",
    "policeman",
    "policemen",
    "policewoman",
    "cop",
    "constable",
    "constabulary",
    "crpf",
    "srp",
    "srpf",
    "bsf",
    "rpf",
    "cisf",
    "grp",
];

/// Members of a police body named right before them: "police officials", "crpf personnel".
const POLICE_MEMBERS: [&str; 8] = [
    "official",
    "officer",
    "personnel",
    "force",
    "jawan",
    "man",
    "men",
    "chief",
];

/// Verbs of standing by, which say where the police were, not what they did ("the police
/// stood by", "police standing near the gate"), with the past forms a lemmatiser may leave.
const STANDING: [&str; 6] = ["stand", "stood", "sit", "sat", "twiddle", "watch"];

/// Words that may stand between a subject and its verb: auxiliaries, "to", negation and
/// adverbs ("the police had to", "police have either", "cops will not").
fn between_subject_and_verb(ctx: &Ctx<'_>, k: usize) -> bool {
    matches!(ctx.tokens[k].upos, "AUX" | "ADV" | "PART")
        || matches!(
            ctx.lemma(k),
            "be" | "have" | "do" | "to" | "either" | "not" | "also" | "then"
        )
}

/// The police as the subject of the verb that follows them, read off the words when the parse
/// missed it: a police noun (not a modifier, as in "police station", nor a possessor), then
/// at most four auxiliaries, adverbs or "to", then an active verb that is an action. A passive
/// ("police were attacked") or an adjective ("police were present") is no such verb.
fn police_then_verb(ctx: &Ctx<'_>, n: usize, end: usize, sentence: usize) -> Option<Agency> {
    let police =
        |k: usize| POLICE_WORDS.contains(&ctx.lemma(k)) || POLICE_WORDS.contains(&ctx.lower(k));
    let member = POLICE_MEMBERS.contains(&ctx.lemma(n)) && n > 0 && police(n - 1);
    if !(police(n) || member)
        || !matches!(ctx.tokens[n].upos, "NOUN" | "PROPN")
        || matches!(ctx.deprel(n), "compound" | "amod" | "nmod:poss")
    {
        return None;
    }
    let mut v = n + 1;
    let mut be = false;
    let mut mode = None;
    let dicts = dictionaries();
    while v < end && v <= n + 4 && between_subject_and_verb(ctx, v) {
        let lower = ctx.lower(v);
        be |= ctx.lemma(v) == "be";
        if matches!(lower, "not" | "n't" | "never") {
            mode = Some(EventMode::Negated);
        } else if let Some((m, ModeHow::Aux)) = dicts.modes.get(lower) {
            mode = mode.or(Some(*m));
        }
        v += 1;
    }
    // "could be seen patrolling": what they were seen doing.
    if be
        && v + 1 < end
        && matches!(ctx.lemma(v), "see" | "spot" | "find")
        && ctx.tokens[v + 1].xpos == "VBG"
    {
        v += 1;
        be = false;
    }
    // "had to lathi-charge the activists", with the verb taken for a noun.
    let lathi = matches!(
        ctx.lower(v),
        "lathi-charge" | "lathicharge" | "lathi-charged" | "lathicharged" | "lathi"
    );
    if lathi && v < end {
        return Some(police_agency(
            ctx,
            n,
            v,
            sentence,
            mode.unwrap_or(EventMode::Asserted),
        ));
    }
    if v >= end
        || !ctx.is_verb(v)
        || NOT_ACTIONS.contains(&ctx.lemma(v))
        || STANDING.contains(&ctx.lemma(v))
        || STANDING.contains(&ctx.lower(v))
    {
        return None;
    }
    let xpos = ctx.tokens[v].xpos;
    // "police were injured": the police suffered it.
    if be && xpos == "VBN" {
        return None;
    }
    // A verb form, not a word the tagger took for a verb in name only.
    if !matches!(xpos, "VBD" | "VBZ" | "VBP" | "VBN" | "VBG" | "VB") {
        return None;
    }
    let mode = mode.unwrap_or_else(|| mode_of(ctx, &bare_predicate(v, false)));
    Some(police_agency(ctx, n, v, sentence, mode))
}

/// The police as the agent of a passive, read off the words when the parse attached the "by"
/// phrase elsewhere ("were being shifted to vadodara by the police", with "vadodara" taken
/// for a verb): "by", at most three determiners, adjectives or nouns, a police word ending
/// the phrase, and a past participle at most eight words before "by" with no punctuation
/// between. A negation before the participle negates it ("are not protected by police").
fn police_by_agent(
    ctx: &Ctx<'_>,
    n: usize,
    start: usize,
    end: usize,
    sentence: usize,
) -> Option<Agency> {
    if !POLICE_WORDS.contains(&ctx.lemma(n)) && !POLICE_WORDS.contains(&ctx.lower(n)) {
        return None;
    }
    // "by the police station": the police word modifies the next noun.
    if n + 1 < end && matches!(ctx.tokens[n + 1].upos, "NOUN" | "PROPN") {
        return None;
    }
    let mut by = n;
    while by > start && by + 3 >= n {
        by -= 1;
        if ctx.lower(by) == "by" {
            break;
        }
        if !matches!(ctx.tokens[by].upos, "DET" | "ADJ" | "NOUN" | "PROPN") {
            return None;
        }
    }
    if ctx.lower(by) != "by" || by == n {
        return None;
    }
    let from = start.max(by.saturating_sub(8));
    let v = (from..by)
        .rev()
        .take_while(|&k| ctx.tokens[k].upos != "PUNCT")
        .find(|&k| ctx.tokens[k].xpos == "VBN")?;
    let negated = (start.max(v.saturating_sub(4))..v)
        .any(|k| matches!(ctx.lower(k), "not" | "n't" | "never"));
    let mode = if negated {
        EventMode::Negated
    } else {
        mode_of(ctx, &bare_predicate(v, false))
    };
    Some(police_agency(ctx, n, v, sentence, mode))
}

/// The police at `n` acting at `v`.
fn police_agency(ctx: &Ctx<'_>, n: usize, v: usize, sentence: usize, mode: EventMode) -> Agency {
    let span = ctx.tokens[n].span;
    Agency {
        actor: Actor {
            span,
            text: ctx.text_of(span).to_string(),
            entity: ctx.entity_at(span),
            country: None,
            sectors: vec!["COP".to_string()],
        },
        kind: AgencyKind::Act,
        predicate: ctx.tokens[v].span,
        lemma: ctx.lemma(v).to_string(),
        sentence,
        mode,
    }
}

/// The police among the `relation` dependents of `head`.
fn police_dependent(ctx: &Ctx<'_>, head: usize, relation: &str) -> Option<Actor> {
    ctx.children(head)
        .iter()
        .copied()
        .filter(|&c| ctx.deprel(c) == relation)
        .find_map(|c| police_actor(ctx, c))
}

/// The police actor of the phrase headed by `k`, if its own words code as police ("the
/// senior police officers", not "a boy from the police station area").
fn police_actor(ctx: &Ctx<'_>, k: usize) -> Option<Actor> {
    let own = sectors_of(ctx, &ctx.core_phrase(k));
    if !own.iter().any(|s| s == "COP") {
        return None;
    }
    code_actor(ctx, k).filter(|a| a.sectors.iter().any(|s| s == "COP"))
}

/// States of police on duty, said of a police subject: "the police were present", "police
/// are on alert", "policemen were on duty", "the police remained vigilant".
fn police_on_duty(ctx: &Ctx<'_>, k: usize, sentence: usize, out: &mut Vec<Agency>) {
    let lemma = ctx.lemma(k);
    let state = match ctx.tokens[k].upos {
        "ADJ" => matches!(lemma, "present" | "alert" | "vigilant" | "watchful"),
        "NOUN" => {
            matches!(lemma, "duty" | "alert" | "guard" | "vigil" | "standby")
                && matches!(ctx.case_of(k), Some("on"))
        }
        _ => false,
    };
    if !state {
        return;
    }
    let Some(actor) = police_dependent(ctx, k, "nsubj") else {
        return;
    };
    out.push(Agency::at_token(
        ctx,
        k,
        actor,
        AgencyKind::Act,
        sentence,
        mode_of(ctx, &bare_predicate(k, false)),
    ));
}

/// Verbs that give the police an order: "the police have been asked to remain vigilant",
/// "police were directed to take action".
const DIRECTING: [&str; 6] = ["ask", "direct", "instruct", "order", "tell", "advise"];

/// The police told to do something: the passive subject of a directive verb, agent of what
/// they are told to do (the complement, else the directive), in the mode of that.
fn police_directed(ctx: &Ctx<'_>, v: usize, sentence: usize, out: &mut Vec<Agency>) {
    if !ctx.is_verb(v) || !ctx.is_passive(v) || !DIRECTING.contains(&ctx.lemma(v)) {
        return;
    }
    let Some(actor) = police_dependent(ctx, v, "nsubj:pass") else {
        return;
    };
    let told = ctx
        .children(v)
        .iter()
        .copied()
        .find(|&c| ctx.deprel(c) == "xcomp")
        .unwrap_or(v);
    // "asked not to act", "were not told to": nothing ordered.
    let mode = match mode_of(ctx, &bare_predicate(v, false)) {
        EventMode::Asserted => mode_of(ctx, &bare_predicate(told, false)),
        m => m,
    };
    out.push(Agency::at_token(
        ctx,
        told,
        actor,
        AgencyKind::Act,
        sentence,
        mode,
    ));
}

/// The police receiving a complaint: "an FIR was lodged with the police", "filed a
/// complaint with the local police" (they register it).
fn police_receiving(ctx: &Ctx<'_>, v: usize, sentence: usize, out: &mut Vec<Agency>) {
    if !ctx.is_verb(v) || !matches!(ctx.lemma(v), "lodge" | "file" | "register") {
        return;
    }
    for &c in ctx.children(v) {
        if ctx.deprel(c) != "obl" || ctx.case_of(c) != Some("with") {
            continue;
        }
        if let Some(actor) = police_actor(ctx, c) {
            out.push(Agency::at_token(
                ctx,
                v,
                actor,
                AgencyKind::Act,
                sentence,
                mode_of(ctx, &bare_predicate(v, false)),
            ));
            return;
        }
    }
}

/// Words that make "security" a measure in place: "tight security", "elaborate security
/// arrangements" (modifiers), and what the measure is ("security arrangements", "a security
/// cordon").
const SECURITY_DEGREE: [&str; 16] = [
    "tight",
    "tighter",
    "heavy",
    "elaborate",
    "strict",
    "massive",
    "unprecedented",
    "adequate",
    "stringent",
    "extensive",
    "foolproof",
    "beefed-up",
    "tightened",
    "enhanced",
    "additional",
    "extra",
];
const SECURITY_MEASURES: [&str; 9] = [
    "arrangement",
    "measure",
    "cover",
    "blanket",
    "net",
    "cordon",
    "ring",
    "bandobast",
    "bandobust",
];

/// Verbs that undo or only weigh a measure: "withdraw the security arrangements", "review the
/// security".
const NOT_TAKING: [&str; 8] = [
    "withdraw",
    "relax",
    "review",
    "lift",
    "remove",
    "reduce",
    "discuss",
    "withdrawal",
];

/// Security as a measure in place, which the police carry out whoever ordered it: "amid
/// tight security", "the administration made elaborate security arrangements", "the
/// district administration has tightened security" (the army's, "the army tightened
/// security", is not police work).
fn security_measure(ctx: &Ctx<'_>, n: usize, sentence: usize, out: &mut Vec<Agency>) {
    if !ctx.is_noun(n) {
        return;
    }
    let lemma = ctx.lemma(n);
    let security = |k: usize| matches!(ctx.lemma(k), "security" | "vigil" | "surveillance");
    // The measure noun: "security" itself, or "arrangements" with a "security" compound.
    let measure = if security(n) {
        !matches!(ctx.deprel(n), "compound" | "amod")
    } else {
        SECURITY_MEASURES.contains(&lemma)
            && ctx
                .children(n)
                .iter()
                .any(|&c| matches!(ctx.deprel(c), "compound" | "amod") && security(c))
    };
    if !measure {
        return;
    }
    let degree = ctx.children(n).iter().any(|&c| {
        matches!(ctx.deprel(c), "amod" | "advmod") && SECURITY_DEGREE.contains(&ctx.lemma(c))
    });
    let head = ctx.head(n);
    // "tightened security", "security was stepped up": a measure taken.
    let taken = head.is_some_and(|h| {
        ctx.is_verb(h)
            && matches!(ctx.deprel(n), "obj" | "nsubj:pass")
            && POLICE_MEASURES
                .iter()
                .any(|(l, subjects)| *l == ctx.lemma(h) && subjects.contains(&"security"))
    });
    let named = !security(n); // "security arrangements", "a security cordon"
    if !(degree || taken || named) {
        return;
    }
    // Undone, weighed or asked for: no measure in place.
    let mut at = n;
    for _ in 0..3 {
        let Some(h) = ctx.head(at) else { break };
        if NOT_TAKING.contains(&ctx.lemma(h)) || DEMANDS.contains(&ctx.lemma(h)) {
            return;
        }
        if !matches!(ctx.deprel(at), "obj" | "nmod" | "obl" | "conj" | "xcomp") {
            break;
        }
        at = h;
    }
    // The army's measure, or one named by its own agent.
    if let Some(h) = head.filter(|&h| ctx.is_verb(h)) {
        let military = ctx
            .children(h)
            .iter()
            .copied()
            .filter(|&c| matches!(ctx.deprel(c), "nsubj" | "obl:agent"))
            .filter_map(|c| code_actor(ctx, c))
            .any(|a| !a.sectors.iter().any(|s| s == "COP" || s == "GOV"));
        if military {
            return;
        }
    }
    let mut mode = mode_of(ctx, &noun_predicate(n));
    if mode == EventMode::Asserted {
        if let Some(h) = head.filter(|&h| ctx.is_verb(h)) {
            mode = mode_of(ctx, &bare_predicate(h, false));
        }
    }
    out.push(implied_police(
        ctx.tokens[n].span,
        lemma.to_string(),
        sentence,
        mode,
    ));
}
