//! Actor coding: a noun phrase of the parse → entity, country and sectors.
//!
//! The phrase's words are read in order of preference — the head with its modifiers
//! (determiners, adjectives, compounds, flat names, possessors), then its appositions, then its
//! "of/from/in" dependents — and coded from, in this order: named actors (an extra lexicon,
//! then `data/events/actors.txt`), the country table (names → country; capitals → country +
//! GOV; demonyms → country), sector words (`data/events/sectors.txt`, two-word entries before
//! one-word ones, the head's own group before its dependents), and the titles and nationality
//! of the named entity the phrase mentions. A sector-only domestic actor ("the junta") takes the
//! dateline's country.

use newsgraph_core::{Actor, DescriptorKind, Document, Span};
use newsgraph_geo::countries;

use crate::coder::Ctx;
use crate::dict::{dictionaries, ActorLexicon};

/// Sectors that belong to one country: a bare "the junta" or "police" in a story datelined
/// from a country is that country's.
const DOMESTIC: [&str; 8] = ["GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "PTY"];

/// Role words whose sector is a default for when nothing names the body the role belongs to:
/// a "police official" is police, a "rebel leader" a rebel, an "official" government.
const MEMBERS: [&str; 9] = [
    "official",
    "officer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "commander",
    "general",
    "force",
];

/// Words that never make an actor on their own.
const PRONOUNS: [&str; 14] = [
    "it", "they", "he", "she", "we", "i", "you", "them", "him", "her", "us", "who", "which", "that",
];

/// The coded actor of the phrase headed by token `head`, or `None` when nothing in it can be
/// coded.
pub(crate) fn code_actor(ctx: &Ctx<'_>, head: usize) -> Option<Actor> {
    let tok = ctx.tokens.get(head)?;
    if PRONOUNS.contains(&ctx.lower(head)) || tok.upos == "PRON" || in_dateline(ctx, tok.span) {
        return None;
    }
    // Groups of token indices in order of preference.
    let core = ctx.core_phrase(head);
    let mut appos = Vec::new();
    let mut nmods = Vec::new();
    for &c in ctx.children(head) {
        match ctx.deprel(c) {
            "appos" => appos.extend(ctx.subtree_sorted(c)),
            "nmod" if ["of", "from", "in"].contains(&ctx.case_of(c).unwrap_or("")) => {
                nmods.extend(ctx.subtree_sorted(c))
            }
            _ => {}
        }
    }
    let groups = [&core, &appos, &nmods];

    let mut country: Option<String> = None;
    let mut sectors: Vec<String> = Vec::new();
    let dicts = dictionaries();
    // A capital says "government" only of a phrase whose own words name no sector: "police
    // from a house in Delhi" are police.
    let core_sectors = sectors_of(ctx, &core);

    // Named actors (extra lexicon first), country names, capitals and demonyms.
    for group in groups {
        if country.is_some() && !sectors.is_empty() {
            break;
        }
        let words: Vec<String> = group.iter().map(|&i| ctx.lower(i).to_string()).collect();
        // Named actors first, anywhere in the group (the extra lexicon before ours), so
        // "the Kuwait government" finds a lexicon's "Kuwait" before the country table does.
        let lexicons: [Option<&ActorLexicon>; 2] = [ctx.extra_actors, Some(&dicts.actors)];
        let named = lexicons
            .iter()
            .flatten()
            .find_map(|lex| (0..words.len()).find_map(|k| lex.match_at(&words, k)));
        if let Some((actor, _)) = named {
            // The first named actor of the phrase is the actor ("the European Union (EU)").
            if country.is_none() && sectors.is_empty() {
                country.clone_from(&actor.country);
                sectors.clone_from(&actor.sectors);
            } else if country.is_none() {
                country.clone_from(&actor.country);
            }
            break;
        }
        let mut k = 0;
        while k < words.len() {
            if let Some((iso3, capital, n)) = country_at(ctx, group, k) {
                if country.is_none() {
                    country = Some(iso3);
                    if capital && sectors.is_empty() && core_sectors.is_empty() {
                        sectors.push("GOV".to_string());
                    }
                }
                k += n;
                continue;
            }
            k += 1;
        }
    }

    // Sector words: the head's group first; a role's "of" dependent names whose role it is
    // ("the director general of police").
    for group in groups {
        if !sectors.is_empty() {
            break;
        }
        sectors = sectors_of(ctx, group);
    }
    if country.is_none() && only_roles(ctx, &core) && sectors_of(ctx, &core) == sectors {
        let body = sectors_of(ctx, &nmods);
        if !body.is_empty() {
            sectors = body;
        }
    }

    // The named entity the phrase mentions: its titles and nationality.
    let span = ctx.span_of(&core);
    let entity = ctx.entity_at(span);
    if let Some(entity) = entity.and_then(|e| ctx.document.entities.get(e)) {
        for d in &entity.descriptors {
            match d.kind {
                DescriptorKind::Nationality
                    if country.is_none() && countries().by_iso3(&d.value).is_some() =>
                {
                    country = Some(d.value.clone());
                }
                DescriptorKind::Title | DescriptorKind::Role if sectors.is_empty() => {
                    let value = d.value.to_lowercase();
                    let last = value.split_whitespace().last().unwrap_or("").to_string();
                    if let Some(s) = dicts
                        .sectors
                        .get(&value)
                        .or_else(|| dicts.sectors.get(&last))
                    {
                        sectors.clone_from(s);
                    }
                }
                _ => {}
            }
        }
    }

    if country.is_none()
        && !ctx.options.no_dateline_country
        && !sectors.is_empty()
        && sectors.iter().all(|s| DOMESTIC.contains(&s.as_str()))
    {
        country = ctx.dateline_country.clone();
    }
    if country.is_none() && sectors.first().is_some_and(|s| s == "IGO") {
        // An unnamed international organisation ("the regional bloc").
        country = Some("IGO".to_string());
    }
    if country.is_none() && sectors.is_empty() && entity.is_none() {
        return None;
    }
    Some(Actor {
        span,
        text: ctx.text_of(span).to_string(),
        entity,
        country,
        sectors,
    })
}

/// A country named at `group[k..]`: (ISO alpha-3, whether it is the capital, words used).
/// Names of up to four words ("Central African Republic"); one-word names need a capital
/// letter or a proper-noun tag, so "chad" in lower-case text is not Chad.
fn country_at(ctx: &Ctx<'_>, group: &[usize], k: usize) -> Option<(String, bool, usize)> {
    let table = countries();
    for n in (1..=4).rev() {
        let Some(slice) = group.get(k..k + n) else {
            continue;
        };
        // Contiguous tokens only.
        if slice.windows(2).any(|w| w[1] != w[0] + 1) {
            continue;
        }
        let first = slice[0];
        let proper = ctx.tokens[first]
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            || ctx.tokens[first].upos == "PROPN";
        if !proper {
            continue;
        }
        let name = slice
            .iter()
            .map(|&i| ctx.tokens[i].text)
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(c) = table.by_name(&name) {
            return Some((c.iso3.clone(), false, n));
        }
        if let Some(c) = table.by_capital(&name) {
            return Some((c.iso3.clone(), true, n));
        }
        if n == 1 {
            if let Some(c) = table.by_demonym(&name) {
                return Some((c.iso3.clone(), false, 1));
            }
        }
    }
    None
}

/// Sectors named by the words of a group: two-word entries ("coup leader", "private
/// military") before one-word ones, earlier matches on the head side first.
pub(crate) fn sectors_of(ctx: &Ctx<'_>, group: &[usize]) -> Vec<String> {
    let dicts = dictionaries();
    let lemmas: Vec<String> = group.iter().map(|&i| ctx.lemma(i).to_string()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut used = vec![false; lemmas.len()];
    for k in 0..lemmas.len().saturating_sub(1) {
        let pair = format!("{} {}", lemmas[k], lemmas[k + 1]);
        if let Some(s) = dicts.sectors.get(&pair) {
            used[k] = true;
            used[k + 1] = true;
            for x in s {
                if !out.contains(x) {
                    out.push(x.clone());
                }
            }
        }
    }
    // One-word entries: the head noun of the group wins; modifiers add what it lacks only
    // when the head has none ("police" in "police officers" is COP already).
    let mut single: Vec<(usize, &Vec<String>)> = Vec::new();
    for (k, lemma) in lemmas.iter().enumerate() {
        if used[k] {
            continue;
        }
        if let Some(s) = dicts.sectors.get(lemma.as_str()) {
            single.push((group[k], s));
        }
    }
    if out.is_empty() {
        // Prefer the rightmost (the head of an English noun phrase), unless it names a role
        // and a modifier names the body the role belongs to: "police officials" are police,
        // "rebel leaders" rebels.
        let body = single
            .iter()
            .rev()
            .find(|(i, _)| !MEMBERS.contains(&ctx.lemma(*i)));
        if let Some((_, s)) = body.or(single.last()) {
            out.extend(s.iter().cloned());
        }
    }
    out
}

/// Whether the sectors of `group` come only from role words ("the spokesman"), so that an
/// "of" dependent naming a body says whose role it is ("the spokesman of the state police").
fn only_roles(ctx: &Ctx<'_>, group: &[usize]) -> bool {
    let dicts = dictionaries();
    let mut any = false;
    for &i in group {
        if dicts.sectors.contains_key(ctx.lemma(i)) {
            if !MEMBERS.contains(&ctx.lemma(i)) {
                return false;
            }
            any = true;
        }
    }
    any
}

/// The document's dateline country, if its places layer found one.
pub(crate) fn dateline_country(document: &Document) -> Option<String> {
    document
        .places
        .iter()
        .find(|p| p.role == newsgraph_core::PlaceRole::Dateline)
        .and_then(|p| p.country_alpha3.clone())
}

/// An actor that codes as nothing: the phrase headed by `head`, when it is a noun or pronoun
/// ("fifty persons", "they"); for agentless events, whose patient is still worth naming.
pub(crate) fn plain_actor(ctx: &Ctx<'_>, head: usize) -> Option<Actor> {
    let tok = ctx.tokens.get(head)?;
    if in_dateline(ctx, tok.span) {
        return None;
    }
    if !matches!(tok.upos, "NOUN" | "PROPN" | "PRON" | "NUM" | "ADJ" | "X") {
        return None;
    }
    let span = ctx.span_of(&ctx.core_phrase(head));
    Some(Actor {
        span,
        text: ctx.text_of(span).to_string(),
        entity: ctx.entity_at(span),
        country: None,
        sectors: Vec::new(),
    })
}

/// Is `span` inside a sentence's dateline ("GENEVA —")? A dateline says where the story was
/// filed, never who acted, however the parse attaches it.
fn in_dateline(ctx: &Ctx<'_>, span: Span) -> bool {
    ctx.document
        .sentences
        .iter()
        .filter_map(|s| s.dateline)
        .any(|d| d.contains(&span))
}
