//! Readers for the PETRARCH/TABARI dictionary formats: verbs (synsets, verb blocks, patterns),
//! actors (names, synonyms, date-restricted codes), agents (`~` codes, substitution markers,
//! plurals) and discards (sentence and story).
//!
//! A line the reader cannot use is skipped with a [`DictWarning`] naming the file and line;
//! only a file that cannot be read is an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A dictionary file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PetrarchError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: no PETRARCH {kind} dictionary found (a file whose name contains \"{kind}\")", dir.display())]
    Missing { dir: PathBuf, kind: &'static str },
}

/// A line skipped while reading a dictionary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DictWarning {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A literal word, upper case.
    Word(String),
    /// A synset by name (`&CURRENCY`): any of its phrases.
    Synset(String),
    /// `$`: the source is the actor that follows.
    Source,
    /// `+`: the target is the actor that follows.
    Target,
    /// `^`: any one word.
    Skip,
    /// `%`: the subject is a compound whose members act on each other.
    Compound,
}

/// An element and whether it must follow the previous one (or the verb) with no word between
/// (`_` in the dictionary) rather than allowing words between (a space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub element: Element,
    pub adjacent: bool,
}

/// `- PRE * POST [code]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The elements before the verb, nearest the verb first; `adjacent` is about the gap
    /// towards the verb.
    pub pre: Vec<Step>,
    /// The elements after the verb, in text order.
    pub post: Vec<Step>,
    /// `None` for the null code `---`.
    pub code: Option<Code>,
    /// `+++`: the pattern matches but codes what the verb codes without it.
    pub inherits: bool,
    pub line: usize,
}

/// An event code, with the optional code of the reverse direction (`[032:033]`: the source
/// does 032 to the target and the target 033 to the source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub primary: String,
    pub reverse: Option<String>,
}

/// A `--- NAME [code] ---` block: its verbs share its patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    pub name: String,
    pub code: Option<Code>,
    pub patterns: Vec<Pattern>,
}

/// One form of a verb: the word the parser tags as the verb, the words that must stand right
/// before and after it (multi-word verbs), its code when it differs from the block's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    pub word: String,
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub code: Option<Option<Code>>,
    pub block: usize,
}

#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    /// Synset name (with `&`) → phrases (words, upper case).
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    pub blocks: Vec<VerbBlock>,
    /// Verb word → its forms (multi-word forms first).
    pub forms: HashMap<String, Vec<VerbForm>>,
}

/// When a dated actor code applies (dates as `yyyymmdd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    Always,
    Before(u32),
    After(u32),
    Between(u32, u32),
}

impl Validity {
    pub fn holds(self, date: u32) -> bool {
        match self {
            Validity::Always => true,
            Validity::Before(d) => date < d,
            Validity::After(d) => date >= d,
            Validity::Between(a, b) => a <= date && date <= b,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub validity: Validity,
}

/// A named actor: its words (upper case) and codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    pub words: Vec<String>,
    pub codes: Vec<DatedCode>,
}

impl ActorEntry {
    /// The code on `date` (`yyyymmdd`): the first restricted code that holds, else the first
    /// unrestricted one; without a date, the first unrestricted code.
    pub fn code_on(&self, date: Option<u32>) -> Option<&str> {
        if let Some(d) = date {
            if let Some(c) = self
                .codes
                .iter()
                .find(|c| c.validity != Validity::Always && c.validity.holds(d))
            {
                return Some(&c.code);
            }
        }
        self.codes
            .iter()
            .find(|c| c.validity == Validity::Always)
            .or_else(|| self.codes.first())
            .map(|c| c.code.as_str())
    }
}

/// An agent: `~GOV` is added after the actor's code, `NGO~` before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    pub words: Vec<String>,
    pub code: String,
    pub before_actor: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    pub words: Vec<String>,
    /// `+`: the whole story is discarded, not only the sentence.
    pub story: bool,
}

/// The four dictionaries, with the lines skipped while reading them.
#[derive(Debug, Clone, Default)]
pub struct PetrarchDictionaries {
    pub verbs: VerbDictionary,
    pub actors: Vec<ActorEntry>,
    pub agents: Vec<AgentEntry>,
    pub discards: Vec<Discard>,
    pub warnings: Vec<DictWarning>,
}

impl PetrarchDictionaries {
    /// Read the four files (the discards are optional).
    pub fn load(
        verbs: &Path,
        actors: &Path,
        agents: &Path,
        discards: Option<&Path>,
    ) -> Result<Self, PetrarchError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|source| PetrarchError::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        let name = |p: &Path| p.display().to_string();
        let mut warnings = Vec::new();
        let verbs_dict = parse_verbs(&read(verbs)?, &name(verbs), &mut warnings);
        let actors_dict = parse_actors(&read(actors)?, &name(actors), &mut warnings);
        let agents_dict = parse_agents(&read(agents)?, &name(agents), &mut warnings);
        let discards_dict = match discards {
            Some(p) => parse_discards(&read(p)?),
            None => Vec::new(),
        };
        Ok(PetrarchDictionaries {
            verbs: verbs_dict,
            actors: actors_dict,
            agents: agents_dict,
            discards: discards_dict,
            warnings,
        })
    }

    /// Read the dictionaries of a directory: the files whose names contain "verbs", "actors",
    /// "agents" and (optionally) "discards".
    pub fn load_dir(dir: &Path) -> Result<Self, PetrarchError> {
        let entries = std::fs::read_dir(dir).map_err(|source| PetrarchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let find = |kind: &'static str| {
            files
                .iter()
                .find(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.to_ascii_lowercase().contains(kind))
                })
                .cloned()
        };
        let missing = |kind| PetrarchError::Missing {
            dir: dir.to_path_buf(),
            kind,
        };
        let verbs = find("verbs").ok_or_else(|| missing("verbs"))?;
        let actors = find("actors").ok_or_else(|| missing("actors"))?;
        let agents = find("agents").ok_or_else(|| missing("agents"))?;
        let discards = find("discards");
        Self::load(&verbs, &actors, &agents, discards.as_deref())
    }
}

/// A line without its comments: `<!-- -->` on one line, and `#` to the end.
fn strip_line(raw: &str) -> &str {
    let line = match raw.find('#') {
        Some(at) => &raw[..at],
        None => raw,
    };
    line.trim()
}

/// Iterate over the useful lines of a dictionary: (1-based line number, text), skipping
/// comments (`#`, `<!-- ... -->` across lines) and blank lines.
fn lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut rest = raw.to_string();
        let mut kept = String::new();
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = rest[end + 3..].to_string();
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        rest = rest[start + 4..].to_string();
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(&rest);
                        break;
                    }
                }
            }
        }
        let line = strip_line(&kept);
        // `<! -- ... -->` and other markup lines.
        if !line.is_empty() && !line.starts_with("<!") {
            out.push((i + 1, line.to_string()));
        }
    }
    out
}

/// The text inside the first `[...]` and what precedes it; `None` without brackets.
fn bracket(line: &str) -> Option<(&str, &str)> {
    let start = line.find('[')?;
    let end = line[start..].find(']')? + start;
    Some((&line[..start], line[start + 1..end].trim()))
}

/// `030:030` → primary and reverse; `---` (or an empty or placeholder code) → `None`.
fn parse_code(text: &str) -> Option<Code> {
    let text = text.trim();
    let mut parts = text.splitn(2, ':');
    let primary = parts.next().unwrap_or("").trim();
    let reverse = parts.next().map(str::trim);
    // Placeholders (`---`, `+++`) and codes that are not alphanumeric (`025?`) code nothing.
    let null = |c: &str| c.is_empty() || !c.chars().all(|ch| ch.is_ascii_alphanumeric());
    if null(primary) {
        return None;
    }
    Some(Code {
        primary: primary.to_string(),
        reverse: reverse.filter(|r| !null(r)).map(str::to_string),
    })
}

fn upper_words(text: &str) -> Vec<String> {
    text.replace('_', " ")
        .split_whitespace()
        .map(str::to_uppercase)
        .collect()
}

/// The regular forms PETRARCH generates for a verb without `{...}`: -S, -ED, -ING.
fn regular_forms(stem: &str) -> Vec<String> {
    let mut out = vec![stem.to_string()];
    if stem.ends_with('S') || stem.ends_with('X') || stem.ends_with('Z') {
        out.push(format!("{stem}ES"));
    } else if let Some(base) = stem.strip_suffix('Y') {
        out.push(format!("{base}IES"));
    } else {
        out.push(format!("{stem}S"));
    }
    if stem.ends_with('E') {
        out.push(format!("{stem}D"));
    } else {
        out.push(format!("{stem}ED"));
    }
    let bytes = stem.as_bytes();
    let before_e = bytes.len().checked_sub(2).and_then(|i| bytes.get(i));
    match before_e {
        Some(c) if stem.ends_with('E') && !b"AEIOU".contains(c) => {
            out.push(format!("{}ING", &stem[..stem.len() - 1]));
        }
        _ => out.push(format!("{stem}ING")),
    }
    out
}

/// A verb phrase `KLM_NOP_+RST` → (before, verb, after); a single word is the verb.
fn split_verb_phrase(phrase: &str) -> Option<(Vec<String>, String, Vec<String>)> {
    let phrase = phrase.trim().trim_end_matches('_');
    if phrase.is_empty() {
        return None;
    }
    let words: Vec<&str> = phrase.split('_').filter(|w| !w.is_empty()).collect();
    if words.len() == 1 {
        let w = words[0].trim_start_matches('+').to_uppercase();
        return (!w.is_empty()).then(|| (Vec::new(), w, Vec::new()));
    }
    let at = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let verb = words[at].trim_start_matches('+').to_uppercase();
    if verb.is_empty() {
        return None;
    }
    let before = words[..at].iter().map(|w| w.to_uppercase()).collect();
    let after = words[at + 1..].iter().map(|w| w.to_uppercase()).collect();
    Some((before, verb, after))
}

/// Parse the elements of one side of a pattern. `leading_adjacent`: whether the first
/// element is joined to what precedes it (the verb, for the post side).
fn parse_side(text: &str) -> Result<Vec<(Element, bool)>, String> {
    // Tokens with the connector before them: '_' joins, ' ' allows gaps.
    let mut out = Vec::new();
    let mut joined = false;
    let mut word = String::new();
    let flush = |word: &mut String, joined: bool, out: &mut Vec<(Element, bool)>| {
        if word.is_empty() {
            return Ok(());
        }
        let element = match word.as_str() {
            "$" => Element::Source,
            "+" => Element::Target,
            "^" => Element::Skip,
            "%" => Element::Compound,
            w if w.starts_with('&') => Element::Synset(w.trim_end_matches('_').to_uppercase()),
            w if w.contains(['{', '}', '(', ')', '|']) => {
                return Err(format!("unsupported pattern element {w:?}"))
            }
            w => Element::Word(w.to_uppercase()),
        };
        out.push((element, joined));
        word.clear();
        Ok(())
    };
    for c in text.chars() {
        match c {
            '_' => {
                flush(&mut word, joined, &mut out)?;
                joined = true;
            }
            c if c.is_whitespace() => {
                flush(&mut word, joined, &mut out)?;
                joined = false;
            }
            c => word.push(c),
        }
    }
    flush(&mut word, joined, &mut out)?;
    Ok(out)
}

/// `- PRE * POST [code]` (the leading `-` removed).
fn parse_pattern(body: &str, line: usize) -> Result<Pattern, String> {
    let (text, code) = match bracket(body) {
        Some((text, code)) => (text, code),
        None => return Err("pattern without a [code]".to_string()),
    };
    let Some(star) = text.find('*') else {
        return Err("pattern without the verb (*)".to_string());
    };
    let pre_text = &text[..star];
    let post_text = &text[star + 1..];
    // `IN_*` joins the last pre element to the verb; `*_OUT` the first post element.
    let pre_joined = pre_text.ends_with('_');
    let post_joined = post_text.starts_with('_');
    let pre = parse_side(pre_text.trim_end_matches('_'))?;
    let post = parse_side(post_text.trim_start_matches('_'))?;
    // Pre: nearest the verb first; a step's `adjacent` is about the gap towards the verb,
    // which is the joined flag of the element after it in text order.
    let mut pre_steps = Vec::new();
    for i in (0..pre.len()).rev() {
        let adjacent = if i + 1 == pre.len() {
            pre_joined
        } else {
            pre[i + 1].1
        };
        pre_steps.push(Step {
            element: pre[i].0.clone(),
            adjacent,
        });
    }
    let post_steps = post
        .into_iter()
        .enumerate()
        .map(|(i, (element, joined))| Step {
            // After the verb, `%` marks where the (possibly compound) target stands.
            element: match element {
                Element::Compound => Element::Target,
                e => e,
            },
            adjacent: if i == 0 { post_joined } else { joined },
        })
        .collect();
    Ok(Pattern {
        pre: pre_steps,
        post: post_steps,
        code: parse_code(code),
        inherits: code.trim() == "+++",
        line,
    })
}

/// Read a verbs dictionary.
pub fn parse_verbs(text: &str, file: &str, warnings: &mut Vec<DictWarning>) -> VerbDictionary {
    let mut dict = VerbDictionary::default();
    let mut warn = |line: usize, message: String| {
        warnings.push(DictWarning {
            file: file.to_string(),
            line,
            message,
        })
    };
    let mut synset: Option<String> = None;
    let mut block: Option<usize> = None;
    for (n, line) in lines(text) {
        if let Some(rest) = line.strip_prefix("---") {
            // --- NAME [code] ---
            let inner = rest.trim_end_matches('-').trim();
            let (name, code) = match bracket(inner) {
                Some((name, code)) => (name.trim(), parse_code(code)),
                None => (inner, None),
            };
            dict.blocks.push(VerbBlock {
                name: name.trim_end_matches('_').to_uppercase(),
                code,
                patterns: Vec::new(),
            });
            block = Some(dict.blocks.len() - 1);
            synset = None;
            continue;
        }
        if line.starts_with('&') {
            let name = line
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('_')
                .to_uppercase();
            dict.synsets.entry(name.clone()).or_default();
            synset = Some(name);
            block = None;
            continue;
        }
        if let Some(member) = line.strip_prefix('+') {
            if let Some(name) = &synset {
                let words = upper_words(member);
                if words.is_empty() {
                    warn(n, "empty synset member".to_string());
                } else {
                    dict.synsets.entry(name.clone()).or_default().push(words);
                }
                continue;
            }
            // A `+` line inside a verb block is a multi-word verb (`+BREAK_DOWN`).
        }
        if let Some(body) = line.strip_prefix('-') {
            let Some(b) = block else {
                warn(n, "pattern outside a verb block".to_string());
                continue;
            };
            match parse_pattern(body, n) {
                Ok(p) => dict.blocks[b].patterns.push(p),
                Err(e) => warn(n, e),
            }
            continue;
        }
        let Some(b) = block else {
            warn(n, format!("line outside a verb block or synset: {line:?}"));
            continue;
        };
        // A verb: PRIMARY {FORMS} [code]
        let (head, code) = match bracket(&line) {
            Some((head, code)) => (head.to_string(), Some(parse_code(code))),
            None => (line.clone(), None),
        };
        let (main, irregular) = match (head.find('{'), head.find('}')) {
            (Some(a), Some(z)) if a < z => (
                head[..a].trim().to_string(),
                Some(head[a + 1..z].to_string()),
            ),
            (Some(_), _) => {
                warn(n, "missing '}'".to_string());
                continue;
            }
            _ => (head.trim().to_string(), None),
        };
        let mut phrases: Vec<String> = Vec::new();
        let Some((before, verb, after)) = split_verb_phrase(&main) else {
            warn(n, "empty verb".to_string());
            continue;
        };
        match &irregular {
            Some(forms) => {
                phrases.push(main.clone());
                phrases.extend(forms.split_whitespace().map(str::to_string));
            }
            None => {
                for form in regular_forms(&verb) {
                    let mut words = before.clone();
                    words.push(format!("+{form}"));
                    words.extend(after.iter().cloned());
                    phrases.push(words.join("_"));
                }
            }
        }
        for phrase in phrases {
            let Some((before, word, after)) = split_verb_phrase(&phrase) else {
                continue;
            };
            let form = VerbForm {
                word: word.clone(),
                before,
                after,
                code: code.clone(),
                block: b,
            };
            let list = dict.forms.entry(word).or_default();
            if !list.contains(&form) {
                list.push(form);
            }
        }
    }
    // Multi-word forms are tried before single words.
    for list in dict.forms.values_mut() {
        list.sort_by_key(|f| std::cmp::Reverse(f.before.len() + f.after.len()));
    }
    dict
}

/// `yymmdd` (years up to 30 are 20yy) or `yyyymmdd` → `yyyymmdd`.
pub fn parse_date(text: &str) -> Option<u32> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != text.trim().len() {
        return None;
    }
    match digits.len() {
        6 => {
            let yy: u32 = digits[..2].parse().ok()?;
            let rest: u32 = digits[2..].parse().ok()?;
            let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            Some(year * 10_000 + rest)
        }
        8 => digits.parse().ok(),
        _ => None,
    }
}

/// `CODE`, `CODE <date`, `CODE >date`, `CODE date-date`.
fn parse_dated_code(inner: &str) -> Result<DatedCode, String> {
    let inner = inner.trim();
    let mut parts = inner.splitn(2, char::is_whitespace);
    let code = parts.next().unwrap_or("").trim().to_uppercase();
    if code.is_empty() {
        return Err("empty actor code".to_string());
    }
    let rest: String = parts
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bad = || format!("unreadable date restriction {rest:?}");
    let validity = if rest.is_empty() {
        Validity::Always
    } else if let Some(d) = rest.strip_prefix('<') {
        Validity::Before(parse_date(d).ok_or_else(bad)?)
    } else if let Some(d) = rest.strip_prefix('>') {
        Validity::After(parse_date(d).ok_or_else(bad)?)
    } else if let Some((a, b)) = rest.split_once('-') {
        Validity::Between(
            parse_date(a).ok_or_else(bad)?,
            parse_date(b).ok_or_else(bad)?,
        )
    } else {
        return Err(bad());
    };
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '#' | '/'))
    {
        return Err(format!("unreadable actor code {code:?}"));
    }
    Ok(DatedCode { code, validity })
}

/// Read an actors dictionary: `NAME [CODE]`, `+SYNONYM` lines, and `[CODE date]` lines that
/// belong to the names above them.
pub fn parse_actors(text: &str, file: &str, warnings: &mut Vec<DictWarning>) -> Vec<ActorEntry> {
    let mut out = Vec::new();
    let mut names: Vec<Vec<String>> = Vec::new();
    let mut codes: Vec<DatedCode> = Vec::new();
    let mut first_line = 0;
    let mut flush = |names: &mut Vec<Vec<String>>,
                     codes: &mut Vec<DatedCode>,
                     line: usize,
                     warnings: &mut Vec<DictWarning>| {
        if !names.is_empty() && codes.is_empty() {
            warnings.push(DictWarning {
                file: file.to_string(),
                line,
                message: "actor without a code".to_string(),
            });
        }
        if !codes.is_empty() {
            for words in names.drain(..) {
                out.push(ActorEntry {
                    words,
                    codes: codes.clone(),
                });
            }
        }
        names.clear();
        codes.clear();
    };
    for (n, line) in lines(text) {
        let (head, code) = match bracket(&line) {
            Some((head, code)) => (head.trim().to_string(), Some(code.to_string())),
            None => (line.clone(), None),
        };
        if let Some(syn) = head.strip_prefix('+') {
            let words = upper_words(syn);
            if !words.is_empty() {
                names.push(words);
            }
        } else if !head.is_empty() {
            flush(&mut names, &mut codes, first_line, warnings);
            first_line = n;
            let words = upper_words(&head);
            names.push(words);
        }
        if let Some(code) = code {
            match parse_dated_code(&code) {
                Ok(c) => codes.push(c),
                Err(e) => warnings.push(DictWarning {
                    file: file.to_string(),
                    line: n,
                    message: e,
                }),
            }
        }
    }
    flush(&mut names, &mut codes, first_line, warnings);
    out
}

/// The regular plural of an agent phrase (of its last word).
fn agent_plural(phrase: &str) -> String {
    if let Some(base) = phrase.strip_suffix('Y') {
        format!("{base}IES")
    } else if phrase.ends_with('S') {
        format!("{phrase}ES")
    } else {
        format!("{phrase}S")
    }
}

/// Read an agents dictionary: `PHRASE {plural} [~CODE]` or `[CODE~]`, and substitution
/// sets `!NAME! = A, B`.
pub fn parse_agents(text: &str, file: &str, warnings: &mut Vec<DictWarning>) -> Vec<AgentEntry> {
    let mut out = Vec::new();
    let mut markers: HashMap<String, Vec<String>> = HashMap::new();
    let mut warn = |line: usize, message: String| {
        warnings.push(DictWarning {
            file: file.to_string(),
            line,
            message,
        })
    };
    for (n, line) in lines(text) {
        if line.contains('!') && line.contains('=') && !line.contains('[') {
            let mut parts = line.splitn(3, '!');
            let _ = parts.next();
            let name = parts.next().unwrap_or("").trim().to_uppercase();
            let values = parts
                .next()
                .and_then(|r| r.split_once('='))
                .map(|(_, v)| v)
                .unwrap_or("");
            if name.is_empty() {
                warn(n, "substitution marker without a name".to_string());
                continue;
            }
            markers.insert(
                name,
                values
                    .split(',')
                    .map(|v| v.trim().to_uppercase())
                    .filter(|v| !v.is_empty())
                    .collect(),
            );
            continue;
        }
        let Some((head, code)) = bracket(&line) else {
            warn(n, "agent without a [code]".to_string());
            continue;
        };
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let (code, before_actor) = if let Some(c) = code.strip_prefix('~') {
            (c.to_uppercase(), false)
        } else if let Some(c) = code.strip_suffix('~') {
            (c.to_uppercase(), true)
        } else {
            warn(n, format!("agent code {code:?} without '~'"));
            continue;
        };
        if code.is_empty() {
            warn(n, "empty agent code".to_string());
            continue;
        }
        let head = head.trim();
        let (phrase, plural) = match (head.find('{'), head.find('}')) {
            (Some(a), Some(z)) if a < z => (
                head[..a].trim().to_uppercase(),
                Some(head[a + 1..z].trim().to_uppercase()),
            ),
            (Some(_), _) => {
                warn(n, "missing '}'".to_string());
                continue;
            }
            _ => (head.to_uppercase(), None),
        };
        if phrase.is_empty() {
            warn(n, "empty agent".to_string());
            continue;
        }
        let mut phrases: Vec<String> = Vec::new();
        if phrase.contains('!') {
            let mut parts = phrase.splitn(3, '!');
            let pre = parts.next().unwrap_or("");
            let name = parts.next().unwrap_or("");
            let post = parts.next().unwrap_or("");
            match markers.get(name) {
                Some(values) => {
                    for v in values {
                        phrases.push(format!("{pre}{v}{post}"));
                    }
                }
                None => {
                    warn(n, format!("substitution marker !{name}! not defined"));
                    continue;
                }
            }
        } else {
            phrases.push(phrase.clone());
            match plural {
                Some(p) if !p.is_empty() => phrases.push(p),
                Some(_) => {}
                None => phrases.push(agent_plural(&phrase)),
            }
        }
        for p in phrases {
            let words = upper_words(&p);
            if !words.is_empty() {
                out.push(AgentEntry {
                    words,
                    code: code.clone(),
                    before_actor,
                });
            }
        }
    }
    out
}

/// Read a discards dictionary: one phrase a line, `+` for story discards.
pub fn parse_discards(text: &str) -> Vec<Discard> {
    lines(text)
        .into_iter()
        .filter_map(|(_, line)| {
            let (story, phrase) = match line.strip_prefix('+') {
                Some(p) => (true, p),
                None => (false, line.as_str()),
            };
            let words = upper_words(phrase);
            (!words.is_empty()).then_some(Discard { words, story })
        })
        .collect()
}
