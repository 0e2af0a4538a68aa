//! The dictionaries under `data/events/`, compiled in and parsed once.
//!
//! Every parser returns a [`DictError`] naming the file and line of a malformed entry; the
//! shipped files are checked by tests, so [`dictionaries`] never meets one at run time (a
//! malformed line that slipped through is skipped, not a panic).

use std::collections::HashMap;
use std::sync::OnceLock;

use newsgraph_core::{EventMode, QuadClass};

use crate::DictError;

const CAMEO: &str = include_str!("../../../data/events/cameo.txt");
const VERBS: &str = include_str!("../../../data/events/verbs.txt");
const NOUNS: &str = include_str!("../../../data/events/nouns.txt");
const SECTORS: &str = include_str!("../../../data/events/sectors.txt");
const ACTORS: &str = include_str!("../../../data/events/actors.txt");
const MODES: &str = include_str!("../../../data/events/modes.txt");

/// The sixteen PLOVER event types.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// The sector codes an actor can carry.
pub const SECTORS_KNOWN: [&str; 15] = [
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "MED", "EDU", "BUS", "CVL", "IGO",
    "NGO", "PMC",
];

/// One CAMEO code: its PLOVER type, intensity and quad class.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    pub plover: &'static str,
    pub intensity: f32,
    pub name: String,
}

impl CameoCode {
    /// The two-digit root ("19" for "193").
    pub fn root(&self) -> &str {
        self.code.get(..2).unwrap_or(&self.code)
    }

    /// GDELT quad class by root: 02-04 verbal cooperation, 05-08 material cooperation,
    /// 10-13 verbal conflict, 14-20 material conflict.
    pub fn quad_class(&self) -> QuadClass {
        quad_class(self.root())
    }
}

/// The quad class of a two-digit CAMEO root.
pub fn quad_class(root: &str) -> QuadClass {
    match root.parse::<u32>().unwrap_or(0) {
        0..=4 => QuadClass::VerbalCooperation,
        5..=8 => QuadClass::MaterialCooperation,
        9..=13 => QuadClass::VerbalConflict,
        _ => QuadClass::MaterialConflict,
    }
}

/// Where a target is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Direct object (or the subject of the passive).
    Obj,
    /// Indirect object ("denied the team entry").
    Iobj,
    /// A dependent headed by this preposition.
    Prep(String),
}

/// A verbal predicate.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbEntry {
    pub lemma: String,
    /// Particle that must follow ("off" in "call off"), or the second word of a phrasal
    /// lemma ("dead" in "shoot dead").
    pub particle: Option<String>,
    /// Object noun lemma of a light-verb construction ("talk" in "hold talks").
    pub noun: Option<String>,
    pub code: String,
    pub targets: Vec<Slot>,
    /// A speech act refined by its complement.
    pub act: bool,
    /// Coded without a source when the target is known.
    pub agentless: bool,
    /// In the passive without an agent, the subject is the source ("police were deployed").
    pub passive_source: bool,
}

/// A nominal predicate.
#[derive(Debug, Clone, PartialEq)]
pub struct NounEntry {
    pub lemma: String,
    pub code: String,
    pub targets: Vec<String>,
}

/// A named actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedActor {
    /// Lower-case words of the name.
    pub words: Vec<String>,
    pub country: Option<String>,
    pub sectors: Vec<String>,
}

/// How a mode word applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeHow {
    Aux,
    Gov,
    Mod,
    Mark,
}

/// All dictionaries.
#[derive(Debug, Default)]
pub struct Dictionaries {
    pub cameo: HashMap<String, CameoCode>,
    /// Verb entries by lemma.
    pub verbs: HashMap<String, Vec<VerbEntry>>,
    pub nouns: HashMap<String, NounEntry>,
    /// Sector words: one word or two words joined by a space.
    pub sectors: HashMap<String, Vec<String>>,
    pub actors: ActorLexicon,
    pub modes: HashMap<String, (EventMode, ModeHow)>,
    /// Every word the dictionaries look up by lemma (verbs, nouns, light-verb nouns,
    /// particles, sector words), to repair a tagger lemma that misses them.
    pub known: std::collections::HashSet<String>,
}

/// Named actors, matched as whole lower-case word sequences.
#[derive(Debug, Default, Clone)]
pub struct ActorLexicon {
    /// Entries by their first word.
    pub by_first: HashMap<String, Vec<NamedActor>>,
    /// Entries whose last word may be a prefix of the text's word (PETRARCH-style stems).
    pub stems: bool,
}

impl ActorLexicon {
    pub fn insert(&mut self, actor: NamedActor) {
        if let Some(first) = actor.words.first() {
            self.by_first.entry(first.clone()).or_default().push(actor);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The longest entry matching `words` at `at`: (entry, number of words).
    pub fn match_at(&self, words: &[String], at: usize) -> Option<(&NamedActor, usize)> {
        let first = words.get(at)?;
        let mut best: Option<(&NamedActor, usize)> = None;
        let candidates = self.by_first.get(first.as_str());
        let stem_candidates = if self.stems {
            // A one-word stem entry ("argentin") can match a longer word.
            self.by_first
                .iter()
                .filter(|(k, _)| k.len() >= 4 && first.starts_with(k.as_str()) && *k != first)
                .flat_map(|(_, v)| v.iter())
                .collect::<Vec<_>>()
        } else {
            Vec::new()
        };
        for actor in candidates.into_iter().flatten().chain(stem_candidates) {
            let n = actor.words.len();
            let fits = (0..n).all(|k| {
                let (Some(w), Some(e)) = (words.get(at + k), actor.words.get(k)) else {
                    return false;
                };
                w == e || (self.stems && k + 1 == n && e.len() >= 4 && w.starts_with(e.as_str()))
            });
            if fits && best.is_none_or(|(_, m)| n > m) {
                best = Some((actor, n));
            }
        }
        best
    }
}

/// The dictionaries, parsed on first use. A malformed shipped line (which the tests rule out)
/// is skipped.
pub fn dictionaries() -> &'static Dictionaries {
    static DICTS: OnceLock<Dictionaries> = OnceLock::new();
    DICTS.get_or_init(|| parse_all(true).unwrap_or_default())
}

/// Parse every shipped dictionary; with `lenient`, malformed lines are skipped, else the first
/// one is an error.
pub fn parse_all(lenient: bool) -> Result<Dictionaries, DictError> {
    let cameo = parse_cameo(CAMEO, lenient)?;
    let verbs = parse_verbs(VERBS, &cameo, lenient)?;
    let nouns = parse_nouns(NOUNS, &cameo, lenient)?;
    let sectors = parse_sectors(SECTORS, lenient)?;
    let actors = parse_actors(ACTORS, lenient)?;
    let modes = parse_modes(MODES, lenient)?;
    let mut known = std::collections::HashSet::new();
    for entries in verbs.values() {
        for e in entries {
            known.insert(e.lemma.clone());
            known.extend(e.noun.iter().cloned());
            known.extend(e.particle.iter().cloned());
        }
    }
    for key in nouns.keys().chain(sectors.keys()) {
        known.extend(key.split_whitespace().map(str::to_string));
    }
    Ok(Dictionaries {
        cameo,
        verbs,
        nouns,
        sectors,
        actors,
        modes,
        known,
    })
}

/// The data lines of a file: (1-based line number, fields split on '|', trimmed), comments
/// and blank lines left out.
fn lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = match line.find('#') {
            Some(at) => &line[..at],
            None => line,
        };
        let line = line.trim();
        (!line.is_empty()).then(|| (i + 1, line.split('|').map(str::trim).collect()))
    })
}

fn err(file: &'static str, line: usize, message: impl Into<String>) -> DictError {
    DictError {
        file,
        line,
        message: message.into(),
    }
}

/// Collect entries, skipping (lenient) or returning the first error.
fn keep<T>(
    lenient: bool,
    result: Result<T, DictError>,
    mut push: impl FnMut(T),
) -> Result<(), DictError> {
    match result {
        Ok(value) => {
            push(value);
            Ok(())
        }
        Err(_) if lenient => Ok(()),
        Err(e) => Err(e),
    }
}

fn plover(name: &str) -> Option<&'static str> {
    PLOVER_TYPES.iter().copied().find(|t| *t == name)
}

fn parse_cameo(text: &str, lenient: bool) -> Result<HashMap<String, CameoCode>, DictError> {
    const FILE: &str = "cameo.txt";
    let mut map = HashMap::new();
    for (line, fields) in lines(text) {
        let entry = (|| {
            let [code, kind, intensity, name] = fields[..] else {
                return Err(err(FILE, line, "expected 4 fields"));
            };
            if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(FILE, line, format!("bad CAMEO code {code:?}")));
            }
            let plover = plover(kind).ok_or_else(|| err(FILE, line, "unknown PLOVER type"))?;
            let intensity: f32 = intensity
                .parse()
                .map_err(|_| err(FILE, line, "bad intensity"))?;
            if !(-10.0..=10.0).contains(&intensity) {
                return Err(err(FILE, line, "intensity outside -10..10"));
            }
            Ok(CameoCode {
                code: code.to_string(),
                plover,
                intensity,
                name: name.to_string(),
            })
        })();
        keep(lenient, entry, |c| {
            map.insert(c.code.clone(), c);
        })?;
    }
    Ok(map)
}

fn check_code(
    file: &'static str,
    line: usize,
    code: &str,
    cameo: &HashMap<String, CameoCode>,
) -> Result<String, DictError> {
    if cameo.contains_key(code) {
        Ok(code.to_string())
    } else {
        Err(err(
            file,
            line,
            format!("CAMEO code {code} not in cameo.txt"),
        ))
    }
}

fn parse_verbs(
    text: &str,
    cameo: &HashMap<String, CameoCode>,
    lenient: bool,
) -> Result<HashMap<String, Vec<VerbEntry>>, DictError> {
    const FILE: &str = "verbs.txt";
    let mut map: HashMap<String, Vec<VerbEntry>> = HashMap::new();
    for (line, fields) in lines(text) {
        let entry = (|| {
            if !(3..=4).contains(&fields.len()) {
                return Err(err(FILE, line, "expected 3 or 4 fields"));
            }
            let mut words = fields[0].split_whitespace();
            let lemma = words
                .next()
                .ok_or_else(|| err(FILE, line, "empty pattern"))?
                .to_lowercase();
            let mut particle = None;
            let mut noun = None;
            for word in words {
                if let Some(n) = word.strip_prefix('+') {
                    if n.is_empty() || noun.is_some() {
                        return Err(err(FILE, line, "bad object noun"));
                    }
                    noun = Some(n.to_lowercase());
                } else if particle.is_none() && noun.is_none() {
                    particle = Some(word.to_lowercase());
                } else if noun.is_some() {
                    // "go +on strike": a word after the noun belongs to it; keep the last.
                    noun = Some(word.to_lowercase());
                } else {
                    return Err(err(FILE, line, format!("unexpected word {word:?}")));
                }
            }
            let code = check_code(FILE, line, fields[1], cameo)?;
            let targets = parse_slots(fields[2]).ok_or_else(|| err(FILE, line, "bad slots"))?;
            let mut act = false;
            let mut agentless = false;
            let mut passive_source = false;
            if let Some(flags) = fields.get(3) {
                for flag in flags.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                    match flag {
                        "act" => act = true,
                        "agentless" => agentless = true,
                        "passive-source" => passive_source = true,
                        other => return Err(err(FILE, line, format!("unknown flag {other:?}"))),
                    }
                }
            }
            Ok(VerbEntry {
                lemma,
                particle,
                noun,
                code,
                targets,
                act,
                agentless,
                passive_source,
            })
        })();
        keep(lenient, entry, |e| {
            map.entry(e.lemma.clone()).or_default().push(e);
        })?;
    }
    Ok(map)
}

fn parse_slots(field: &str) -> Option<Vec<Slot>> {
    if field == "-" {
        return Some(Vec::new());
    }
    field
        .split(',')
        .map(str::trim)
        .map(|s| match s {
            "" => None,
            "obj" => Some(Slot::Obj),
            "iobj" => Some(Slot::Iobj),
            p if p.bytes().all(|b| b.is_ascii_lowercase()) => Some(Slot::Prep(p.to_string())),
            _ => None,
        })
        .collect()
}

fn parse_nouns(
    text: &str,
    cameo: &HashMap<String, CameoCode>,
    lenient: bool,
) -> Result<HashMap<String, NounEntry>, DictError> {
    const FILE: &str = "nouns.txt";
    let mut map = HashMap::new();
    for (line, fields) in lines(text) {
        let entry = (|| {
            let [lemma, code, targets] = fields[..] else {
                return Err(err(FILE, line, "expected 3 fields"));
            };
            if lemma.is_empty() {
                return Err(err(FILE, line, "empty noun"));
            }
            let code = check_code(FILE, line, code, cameo)?;
            let targets = if targets == "-" {
                Vec::new()
            } else {
                targets.split(',').map(|t| t.trim().to_string()).collect()
            };
            if targets.iter().any(|t| t.is_empty()) {
                return Err(err(FILE, line, "empty preposition"));
            }
            Ok(NounEntry {
                lemma: lemma.to_lowercase(),
                code,
                targets,
            })
        })();
        keep(lenient, entry, |e| {
            map.insert(e.lemma.clone(), e);
        })?;
    }
    Ok(map)
}

fn parse_sector_list(field: &str) -> Option<Vec<String>> {
    let sectors: Vec<String> = field.split_whitespace().map(str::to_string).collect();
    (!sectors.is_empty() && sectors.iter().all(|s| SECTORS_KNOWN.contains(&s.as_str())))
        .then_some(sectors)
}

fn parse_sectors(text: &str, lenient: bool) -> Result<HashMap<String, Vec<String>>, DictError> {
    const FILE: &str = "sectors.txt";
    let mut map = HashMap::new();
    for (line, fields) in lines(text) {
        let entry = (|| {
            let [word, sectors] = fields[..] else {
                return Err(err(FILE, line, "expected 2 fields"));
            };
            let words: Vec<&str> = word.split_whitespace().collect();
            if words.is_empty() || words.len() > 2 {
                return Err(err(FILE, line, "expected one or two words"));
            }
            let sectors =
                parse_sector_list(sectors).ok_or_else(|| err(FILE, line, "unknown sector"))?;
            Ok((words.join(" ").to_lowercase(), sectors))
        })();
        keep(lenient, entry, |(k, v)| {
            map.insert(k, v);
        })?;
    }
    Ok(map)
}

/// The lemma the dictionaries know for a lower-case `word` whose tagger lemma is `lemma`:
/// the tagger's when known, else a regular inflection stripped ("imposed" → "impose",
/// "sanctions" → "sanction", "shelling" stays), else the tagger's.
pub fn dictionary_lemma(dicts: &Dictionaries, word: &str, lemma: &str) -> String {
    if dicts.known.contains(lemma) || dicts.known.is_empty() {
        return lemma.to_string();
    }
    let mut candidates: Vec<String> = vec![word.to_string()];
    let cut = |suffix: &str| word.strip_suffix(suffix).filter(|s| s.len() >= 2);
    if let Some(stem) = cut("ies").or_else(|| cut("ied")) {
        candidates.push(format!("{stem}y"));
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = cut(suffix) {
            candidates.push(stem.to_string());
            candidates.push(format!("{stem}e"));
            // "shelled" → "shell" is above; "shipped" → "ship": an ASCII double consonant.
            let b = stem.as_bytes();
            if b.len() >= 3
                && b[b.len() - 1].is_ascii_alphabetic()
                && b[b.len() - 1] == b[b.len() - 2]
            {
                if let Some(single) = stem.get(..stem.len() - 1) {
                    candidates.push(single.to_string());
                }
            }
        }
    }
    candidates
        .into_iter()
        .find(|c| dicts.known.contains(c))
        .unwrap_or_else(|| lemma.to_string())
}

/// Split a name into lower-case words the way actor phrases are matched.
pub fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn parse_actors(text: &str, lenient: bool) -> Result<ActorLexicon, DictError> {
    const FILE: &str = "actors.txt";
    let mut lexicon = ActorLexicon::default();
    for (line, fields) in lines(text) {
        let entry = (|| {
            let [name, code, sectors] = fields[..] else {
                return Err(err(FILE, line, "expected 3 fields"));
            };
            let words = name_words(name);
            if words.is_empty() {
                return Err(err(FILE, line, "empty name"));
            }
            let country = match code {
                "-" => None,
                c if !c.is_empty() && c.bytes().all(|b| b.is_ascii_uppercase()) => {
                    Some(c.to_string())
                }
                _ => return Err(err(FILE, line, "bad code")),
            };
            let sectors =
                parse_sector_list(sectors).ok_or_else(|| err(FILE, line, "unknown sector"))?;
            Ok(NamedActor {
                words,
                country,
                sectors,
            })
        })();
        keep(lenient, entry, |a| lexicon.insert(a))?;
    }
    Ok(lexicon)
}

fn parse_modes(
    text: &str,
    lenient: bool,
) -> Result<HashMap<String, (EventMode, ModeHow)>, DictError> {
    const FILE: &str = "modes.txt";
    let mut map = HashMap::new();
    for (line, fields) in lines(text) {
        let entry = (|| {
            let [word, mode, how] = fields[..] else {
                return Err(err(FILE, line, "expected 3 fields"));
            };
            let mode = match mode {
                "future" => EventMode::Future,
                "hypothetical" => EventMode::Hypothetical,
                "denied" => EventMode::Denied,
                "negated" => EventMode::Negated,
                "threatened" => EventMode::Threatened,
                "requested" => EventMode::Requested,
                _ => return Err(err(FILE, line, "unknown mode")),
            };
            let how = match how {
                "aux" => ModeHow::Aux,
                "gov" => ModeHow::Gov,
                "mod" => ModeHow::Mod,
                "mark" => ModeHow::Mark,
                _ => return Err(err(FILE, line, "unknown placement")),
            };
            Ok((word.to_lowercase(), (mode, how)))
        })();
        keep(lenient, entry, |(k, v)| {
            map.insert(k, v);
        })?;
    }
    Ok(map)
}

/// Read a PETRARCH-style actor dictionary (`NAME_WORDS [CODE]`, `+ALIAS` lines, `#` and
/// `<!-- -->` comments, date-restricted codes) into a lexicon whose entries' codes are split
/// into a three-letter country and three-letter sectors. Used by the evaluation to add the
/// fictional countries of the PETRARCH validation suite; lines it cannot read are skipped.
pub fn parse_petrarch_actors(text: &str) -> ActorLexicon {
    let mut lexicon = ActorLexicon {
        stems: true,
        ..ActorLexicon::default()
    };
    let mut pending: Vec<Vec<String>> = Vec::new();
    let mut code: Option<String> = None;
    let flush =
        |pending: &mut Vec<Vec<String>>, code: &Option<String>, lexicon: &mut ActorLexicon| {
            if let Some(code) = code {
                for words in pending.drain(..) {
                    let (country, sectors) = split_code(code);
                    lexicon.insert(NamedActor {
                        words,
                        country,
                        sectors,
                    });
                }
            }
            pending.clear();
        };
    for raw in text.lines() {
        let line = match raw.find('#') {
            Some(at) => &raw[..at],
            None => raw,
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with("<!") || line.starts_with("-->") {
            continue;
        }
        if let Some(alias) = line.strip_prefix('+') {
            let words = name_words(alias.split('[').next().unwrap_or(""));
            if !words.is_empty() {
                if code.is_some() {
                    let (country, sectors) = split_code(code.as_deref().unwrap_or(""));
                    lexicon.insert(NamedActor {
                        words,
                        country,
                        sectors,
                    });
                } else {
                    pending.push(words);
                }
            }
            continue;
        }
        if line.starts_with('[') {
            // A date-restricted code of the previous name: the first one without a date
            // restriction is the default.
            if code.is_none() {
                if let Some(c) = bracket_code(line) {
                    code = Some(c);
                    flush(&mut pending, &code, &mut lexicon);
                }
            }
            continue;
        }
        // A new name.
        flush(&mut pending, &code, &mut lexicon);
        code = None;
        let name = line.split('[').next().unwrap_or("");
        let words = name_words(name);
        if words.is_empty() {
            continue;
        }
        pending.push(words);
        if line.contains('[') {
            if let Some(c) = bracket_code(line) {
                code = Some(c);
                flush(&mut pending, &code, &mut lexicon);
            }
        }
    }
    flush(&mut pending, &code, &mut lexicon);
    lexicon
}

/// The code inside the first `[...]` of a line, without date restrictions; `None` for
/// placeholder codes ("---", "+++").
fn bracket_code(line: &str) -> Option<String> {
    let start = line.find('[')? + 1;
    let end = start + line[start..].find(']')?;
    let code = line[start..end].split_whitespace().next()?;
    if line[start..end].contains('<') || line[start..end].contains('>') {
        // Date-restricted: usable only as a default when nothing else is given.
        let code = code.trim();
        return (code.len() >= 3 && code.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| code.to_ascii_uppercase());
    }
    (code.len() >= 3 && code.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| code.to_ascii_uppercase())
}

/// Split a CAMEO actor code into country (first three letters) and sectors (the following
/// three-letter groups): "DAGGOV" → ("DAG", ["GOV"]). A code that starts with a sector
/// ("IGO…", "NGO") has no country.
pub fn split_code(code: &str) -> (Option<String>, Vec<String>) {
    let code = code.trim().to_ascii_uppercase();
    let parts: Vec<String> = code
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    match parts.split_first() {
        Some((first, rest)) if SECTORS_KNOWN.contains(&first.as_str()) => {
            let mut sectors = vec![first.clone()];
            sectors.extend(rest.iter().cloned());
            (None, sectors)
        }
        Some((first, rest)) => (Some(first.clone()), rest.to_vec()),
        None => (None, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_dictionaries_parse_strictly() {
        let dicts = match parse_all(false) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert!(dicts.cameo.len() > 80);
        assert!(dicts.verbs.len() > 150);
        assert!(dicts.nouns.len() > 40);
        assert!(dicts.sectors.len() > 80);
        assert!(!dicts.actors.is_empty());
        assert!(dicts.modes.len() > 20);
        // The lenient parse used at run time sees the same entries.
        assert_eq!(dictionaries().verbs.len(), dicts.verbs.len());
    }

    #[test]
    fn malformed_lines_are_errors_with_their_line() {
        let cameo = parse_cameo("190 | ASSAULT | -10 | fight\n", false).unwrap_or_default();
        let e = parse_verbs("attack | 190 | obj\nhit | 999 | obj\n", &cameo, false);
        assert!(matches!(e, Err(DictError { line: 2, .. })), "{e:?}");
        assert!(parse_cameo("19x | ASSAULT | -10 | x", false).is_err());
        assert!(parse_cameo("190 | FIGHT | -10 | x", false).is_err());
        assert!(parse_sectors("army | ARMY", false).is_err());
        assert!(parse_modes("will | soon | aux", false).is_err());
        // Lenient parsing skips them.
        let verbs = parse_verbs("attack | 190 | obj\nhit | 999 | obj\n", &cameo, true);
        assert_eq!(verbs.map(|v| v.len()).ok(), Some(1));
    }

    #[test]
    fn codes_split_into_country_and_sectors() {
        assert_eq!(
            split_code("DAGGOV"),
            (Some("DAG".into()), vec!["GOV".into()])
        );
        assert_eq!(split_code("ARN"), (Some("ARN".into()), vec![]));
        assert_eq!(
            split_code("IGOUNO"),
            (None, vec!["IGO".into(), "UNO".into()])
        );
    }

    #[test]
    fn petrarch_style_actor_files_are_read() {
        let lexicon = parse_petrarch_actors(
            "<!-- x -->\nARNOR_  [ARN]\nDAGOLATH  [DAG]\n+TELEMAR\n\nGOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n",
        );
        let words = name_words("telemar said");
        let (actor, n) = lexicon.match_at(&words, 0).expect("alias found");
        assert_eq!((actor.country.as_deref(), n), (Some("DAG"), 1));
        assert!(lexicon.match_at(&name_words("smeagol"), 0).is_some());
        assert!(lexicon.match_at(&name_words("arnor"), 0).is_some());
    }
}
