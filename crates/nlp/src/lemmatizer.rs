//! The lemmatizer: English suffix rules by Penn tag, and the exceptions learned from a treebank.
//!
//! A lemma is an *edit* of the word's normalised form (curly quotes and dashes mapped to
//! ASCII as in [`crate::shape::normalize_into`]): lowercase it or keep its case, cut a number
//! of characters off the end and append a string — or replace it outright (`was` → `be`).
//! Rules give the edit from the tag and the ending (`studies`/NNS → cut 3, add `y`); the
//! learned table maps a (lowercased form, tag) seen in training to the edit that was right
//! most often there, stored only where the rules would get it wrong.
//!
//! Conventions are UD English-EWT's: lemmas are lowercase except for proper nouns (`NNP`,
//! `NNPS`), which keep their case; plural proper nouns are made singular (`Americans` →
//! `American`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use newsgraph_ml::KeyMap;
use serde::{Deserialize, Serialize};

use crate::shape::{lowercase_into, normalize_into};

/// How an edit treats case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Case {
    /// Lowercase, then cut and append.
    Lower,
    /// Keep the case, then cut and append.
    Keep,
    /// Ignore the word: the lemma is the appended string.
    Replace,
}

/// An edit from a word to its lemma.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edit {
    pub case: Case,
    /// Characters cut off the end.
    pub cut: u16,
    /// Appended after the cut.
    pub add: String,
}

impl Edit {
    fn lower(cut: u16, add: &str) -> Edit {
        Edit {
            case: Case::Lower,
            cut,
            add: add.to_string(),
        }
    }

    fn keep(cut: u16, add: &str) -> Edit {
        Edit {
            case: Case::Keep,
            cut,
            add: add.to_string(),
        }
    }

    /// Apply to a normalised form.
    pub fn apply(&self, norm: &str, out: &mut String) {
        out.clear();
        match self.case {
            Case::Replace => {
                out.push_str(&self.add);
                return;
            }
            Case::Lower => lowercase_into(norm, out),
            Case::Keep => out.push_str(norm),
        }
        let cut = self.cut as usize;
        if cut > 0 {
            let keep = match out.char_indices().rev().nth(cut - 1) {
                Some((at, _)) => at,
                None => 0,
            };
            out.truncate(keep);
        }
        out.push_str(&self.add);
    }

    /// Whether applying it to `norm` gives `norm` back.
    fn is_identity_on(&self, norm: &str) -> bool {
        match self.case {
            Case::Replace => self.add == norm,
            Case::Lower => {
                self.cut == 0 && self.add.is_empty() && !norm.chars().any(char::is_uppercase)
            }
            Case::Keep => self.cut == 0 && self.add.is_empty(),
        }
    }

    /// The shortest edits turning `norm` into `lemma`, lowercasing or keeping case.
    fn between(norm: &str, lemma: &str) -> Edit {
        let mut lower = String::with_capacity(norm.len());
        lowercase_into(norm, &mut lower);
        let by_lower = Edit::diff(&lower, lemma, Case::Lower);
        let by_keep = Edit::diff(norm, lemma, Case::Keep);
        let cost = |e: &Edit| e.cut as usize + e.add.chars().count();
        if cost(&by_keep) < cost(&by_lower) {
            by_keep
        } else {
            by_lower
        }
    }

    fn diff(from: &str, to: &str, case: Case) -> Edit {
        let common = from
            .chars()
            .zip(to.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let from_len = from.chars().count();
        let add: String = to.chars().skip(common).collect();
        Edit {
            case,
            cut: (from_len - common).min(u16::MAX as usize) as u16,
            add,
        }
    }
}

/// What the rules do with a Penn tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleClass {
    /// Lowercase, nothing else.
    Plain,
    /// `NNP`: keep as is.
    ProperNoun,
    /// `NNPS`: singular, case kept.
    ProperPlural,
    /// `NNS`.
    Plural,
    /// `VBZ`.
    ThirdPerson,
    /// `VBD`, `VBN`.
    Past,
    /// `VBG`.
    Gerund,
    /// `JJR`, `RBR`.
    Comparative,
    /// `JJS`, `RBS`.
    Superlative,
    /// Numbers, symbols and punctuation: the form as is.
    Verbatim,
}

impl RuleClass {
    fn of(xpos: &str) -> RuleClass {
        match xpos {
            "NNP" => RuleClass::ProperNoun,
            "NNPS" => RuleClass::ProperPlural,
            "NNS" => RuleClass::Plural,
            "VBZ" => RuleClass::ThirdPerson,
            "VBD" | "VBN" => RuleClass::Past,
            "VBG" => RuleClass::Gerund,
            "JJR" | "RBR" => RuleClass::Comparative,
            "JJS" | "RBS" => RuleClass::Superlative,
            "CD" | "$" | "SYM" | "." | "," | ":" | "``" | "''" | "-LRB-" | "-RRB-" | "HYPH"
            | "NFP" | "ADD" => RuleClass::Verbatim,
            _ => RuleClass::Plain,
        }
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn is_consonant(b: u8) -> bool {
    b.is_ascii_lowercase() && !is_vowel(b)
}

/// Number of vowel groups (a rough syllable count) of an ASCII lowercase stem.
fn vowel_groups(stem: &[u8]) -> usize {
    let mut groups = 0;
    let mut in_vowel = false;
    for &b in stem {
        let v = is_vowel(b) || (b == b'y' && groups > 0);
        if v && !in_vowel {
            groups += 1;
        }
        in_vowel = v;
    }
    groups
}

/// Restore a stem after cutting `-ed`, `-ing`, `-er` or `-est` (all ASCII lowercase):
/// undouble a final consonant (`stopp` → `stop`), or add back a silent `e` (`hop` → `hope`,
/// `receiv` → `receive`). Returns (characters to cut from the stem, string to add).
fn restore_stem(stem: &[u8]) -> (u16, &'static str) {
    let n = stem.len();
    if n < 2 {
        return (0, "");
    }
    let (last, before) = (stem[n - 1], stem[n - 2]);
    if last == before && is_consonant(last) && !matches!(last, b'l' | b's' | b'z' | b'f') {
        return (1, "");
    }
    if !is_consonant(last) && last != b'u' {
        return (0, "");
    }
    // Endings that take a silent `e`.
    if matches!(last, b'v' | b'u')
        || (last == b'c' && before != b'i')
        || (last == b'z' && before != b'z')
        || (last == b'g' && matches!(before, b'n' | b'r' | b'd') && n > 3)
        || stem.ends_with(b"at") && n > 3 && is_consonant(stem[n - 3])
        || stem.ends_with(b"bl")
        || stem.ends_with(b"tl")
        || stem.ends_with(b"pl")
        || stem.ends_with(b"dl")
        || stem.ends_with(b"gl")
        || stem.ends_with(b"kl")
    {
        return (0, "e");
    }
    // A one-syllable stem ending consonant-vowel-consonant: `hop`, `us`, `mak`.
    if is_vowel(before)
        && !matches!(last, b'w' | b'x' | b'y')
        && (n == 2 || !is_vowel(stem[n - 3]))
        && vowel_groups(stem) == 1
    {
        return (0, "e");
    }
    (0, "")
}

/// The edit the rules give for a lowercased, normalised form with a rule class.
fn rule_edit(lower: &str, class: RuleClass) -> Edit {
    let bytes = lower.as_bytes();
    let n = bytes.len();
    let ascii = lower.is_ascii();
    match class {
        RuleClass::Plain => Edit::lower(0, ""),
        RuleClass::ProperNoun | RuleClass::Verbatim => Edit::keep(0, ""),
        RuleClass::ProperPlural => {
            let mut edit = plural_edit(lower);
            edit.case = Case::Keep;
            edit
        }
        RuleClass::Plural => plural_edit(lower),
        RuleClass::ThirdPerson => {
            if !ascii || n < 3 || !lower.ends_with('s') || lower.ends_with("ss") {
                Edit::lower(0, "")
            } else if lower.ends_with("ies") && n > 4 {
                Edit::lower(3, "y")
            } else if ["sses", "ches", "shes", "xes", "zzes", "oes"]
                .iter()
                .any(|e| lower.ends_with(e))
            {
                Edit::lower(2, "")
            } else {
                Edit::lower(1, "")
            }
        }
        RuleClass::Past => {
            if !ascii || n < 4 || !lower.ends_with("ed") {
                Edit::lower(0, "")
            } else if lower.ends_with("ied") && n > 4 {
                Edit::lower(3, "y")
            } else if lower.ends_with("eed") && n <= 5 {
                Edit::lower(1, "")
            } else {
                let (cut, add) = restore_stem(&bytes[..n - 2]);
                Edit::lower(2 + cut, add)
            }
        }
        RuleClass::Gerund => {
            if !ascii || n < 5 || !lower.ends_with("ing") {
                Edit::lower(0, "")
            } else if lower.ends_with("ying") && n == 5 {
                Edit::lower(4, "ie")
            } else {
                let (cut, add) = restore_stem(&bytes[..n - 3]);
                Edit::lower(3 + cut, add)
            }
        }
        RuleClass::Comparative => degree_edit(lower, "er"),
        RuleClass::Superlative => degree_edit(lower, "est"),
    }
}

fn plural_edit(lower: &str) -> Edit {
    let n = lower.len();
    if !lower.is_ascii() || n < 3 || !lower.ends_with('s') {
        return Edit::lower(0, "");
    }
    if lower.ends_with("ies") && n > 4 {
        Edit::lower(3, "y")
    } else if ["sses", "ches", "shes", "xes", "zzes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        Edit::lower(2, "")
    } else if ["ss", "us", "is", "'s"].iter().any(|e| lower.ends_with(e)) {
        Edit::lower(0, "")
    } else {
        Edit::lower(1, "")
    }
}

fn degree_edit(lower: &str, ending: &str) -> Edit {
    let n = lower.len();
    let e = ending.len();
    if !lower.is_ascii() || n < e + 3 || !lower.ends_with(ending) {
        return Edit::lower(0, "");
    }
    let stem = &lower.as_bytes()[..n - e];
    if stem.ends_with(b"i") {
        return Edit::lower(e as u16 + 1, "y");
    }
    let (cut, add) = restore_stem(stem);
    Edit::lower(e as u16 + cut, add)
}

fn exception_key(lower: &str, xpos: u16) -> u64 {
    newsgraph_ml::hash::feature(0x1E_44A, &[lower.as_bytes(), &xpos.to_le_bytes()])
}

/// The stored form of a [`Lemmatizer`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LemmatizerData {
    /// The distinct edits of the exceptions.
    pub edits: Vec<Edit>,
    /// (lowercased normalised form, XPOS id, edit index), sorted.
    pub exceptions: Vec<(String, u16, u32)>,
}

/// A lemmatizer for one tag set (the tagger's XPOS names).
#[derive(Debug, Clone)]
pub struct Lemmatizer {
    data: LemmatizerData,
    classes: Vec<RuleClass>,
    table: KeyMap<u32>,
}

/// One training example: a form, its XPOS id and its gold lemma.
pub struct LemmaExample<'a> {
    pub form: &'a str,
    pub xpos: u16,
    pub lemma: &'a str,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<(String, String)> =
        const { std::cell::RefCell::new((String::new(), String::new())) };
}

impl Lemmatizer {
    /// A lemmatizer from its stored data and the tag set it was trained with.
    pub fn new(data: LemmatizerData, xpos_names: &[String]) -> Lemmatizer {
        let classes = xpos_names.iter().map(|x| RuleClass::of(x)).collect();
        let mut table = KeyMap::default();
        for (form, xpos, edit) in &data.exceptions {
            if (*edit as usize) < data.edits.len() {
                table.insert(exception_key(form, *xpos), *edit);
            }
        }
        Lemmatizer {
            data,
            classes,
            table,
        }
    }

    /// Rules only, no exceptions.
    pub fn rules_only(xpos_names: &[String]) -> Lemmatizer {
        Lemmatizer::new(LemmatizerData::default(), xpos_names)
    }

    /// Learn the exceptions from examples: for every (lowercased form, tag) seen, the edit
    /// right most often, kept where it beats the rules.
    pub fn learn<'a>(
        xpos_names: &[String],
        examples: impl IntoIterator<Item = LemmaExample<'a>>,
    ) -> Lemmatizer {
        let rules = Lemmatizer::rules_only(xpos_names);
        // (lower form, xpos) → (normalised form, gold lemma) → count.
        let mut seen: BTreeMap<(String, u16), BTreeMap<(String, String), usize>> = BTreeMap::new();
        for example in examples {
            let mut norm = String::new();
            normalize_into(example.form, &mut norm);
            let mut lower = String::new();
            lowercase_into(&norm, &mut lower);
            let mut lemma = String::new();
            normalize_into(example.lemma, &mut lemma);
            *seen
                .entry((lower, example.xpos))
                .or_default()
                .entry((norm, lemma))
                .or_default() += 1;
        }
        let mut edits: BTreeMap<Edit, u32> = BTreeMap::new();
        let mut exceptions = Vec::new();
        let mut out = String::new();
        for ((lower, xpos), pairs) in &seen {
            // Candidate edits: each pair's own edit, and replacing by each lemma.
            let mut candidates: Vec<Edit> = Vec::new();
            for (norm, lemma) in pairs.keys() {
                candidates.push(Edit::between(norm, lemma));
                candidates.push(Edit {
                    case: Case::Replace,
                    cut: 0,
                    add: lemma.clone(),
                });
            }
            candidates.sort();
            candidates.dedup();
            let score = |edit: &Edit, out: &mut String| -> usize {
                pairs
                    .iter()
                    .filter(|((norm, lemma), _)| {
                        edit.apply(norm, out);
                        out == lemma
                    })
                    .map(|(_, count)| count)
                    .sum()
            };
            let rule_score: usize = pairs
                .iter()
                .filter(|((norm, lemma), _)| {
                    rules.lemma_of_norm(norm, *xpos, &mut out);
                    &out == lemma
                })
                .map(|(_, count)| count)
                .sum();
            // The best candidate; on ties the simplest (Lower < Keep < Replace, then shortest).
            let mut best: Option<(usize, &Edit)> = None;
            for candidate in &candidates {
                let s = score(candidate, &mut out);
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, candidate));
                }
            }
            if let Some((best_score, edit)) = best {
                if best_score > rule_score {
                    let next = edits.len() as u32;
                    let id = *edits.entry(edit.clone()).or_insert(next);
                    exceptions.push((lower.clone(), *xpos, id));
                }
            }
        }
        let mut ordered: Vec<(Edit, u32)> = edits.into_iter().collect();
        ordered.sort_by_key(|(_, id)| *id);
        let data = LemmatizerData {
            edits: ordered.into_iter().map(|(e, _)| e).collect(),
            exceptions,
        };
        Lemmatizer::new(data, xpos_names)
    }

    /// The stored form.
    pub fn data(&self) -> &LemmatizerData {
        &self.data
    }

    /// Number of learned exceptions.
    pub fn n_exceptions(&self) -> usize {
        self.data.exceptions.len()
    }

    fn class(&self, xpos: u16) -> RuleClass {
        self.classes
            .get(xpos as usize)
            .copied()
            .unwrap_or(RuleClass::Plain)
    }

    /// The edit for a normalised form and its lowercase.
    fn edit_for<'s>(&'s self, lower: &str, xpos: u16, rule: &'s mut Option<Edit>) -> &'s Edit {
        if !self.table.is_empty() {
            if let Some(&id) = self.table.get(&exception_key(lower, xpos)) {
                return &self.data.edits[id as usize];
            }
        }
        rule.insert(rule_edit(lower, self.class(xpos)))
    }

    fn lemma_of_norm(&self, norm: &str, xpos: u16, out: &mut String) {
        let mut lower = String::with_capacity(norm.len());
        lowercase_into(norm, &mut lower);
        let mut rule = None;
        let edit = self.edit_for(&lower, xpos, &mut rule);
        edit.apply(norm, out);
    }

    /// The lemma of `word` with XPOS id `xpos`; borrowed when it is the word itself.
    pub fn lemma<'w>(&self, word: &'w str, xpos: u16) -> Cow<'w, str> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let (norm, lower) = &mut *scratch;
                self.lemma_with(word, xpos, norm, lower)
            }
            Err(_) => self.lemma_with(word, xpos, &mut String::new(), &mut String::new()),
        })
    }

    fn lemma_with<'w>(
        &self,
        word: &'w str,
        xpos: u16,
        norm: &mut String,
        lower: &mut String,
    ) -> Cow<'w, str> {
        norm.clear();
        normalize_into(word, norm);
        lower.clear();
        lowercase_into(norm, lower);
        let mut rule = None;
        let edit = self.edit_for(lower, xpos, &mut rule);
        if norm.as_str() == word && edit.is_identity_on(word) {
            return Cow::Borrowed(word);
        }
        let mut out = String::with_capacity(word.len() + 4);
        edit.apply(norm, &mut out);
        if out == word {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags() -> Vec<String> {
        [
            "NN", "NNS", "NNP", "NNPS", "VB", "VBD", "VBN", "VBG", "VBZ", "JJ", "JJR", "JJS",
            "RBR", "PRP", "CD", "POS",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn id(tag: &str) -> u16 {
        tags().iter().position(|t| t == tag).unwrap() as u16
    }

    fn rules(word: &str, tag: &str) -> String {
        Lemmatizer::rules_only(&tags())
            .lemma(word, id(tag))
            .into_owned()
    }

    #[test]
    fn suffix_rules_by_tag() {
        let cases = [
            ("troops", "NNS", "troop"),
            ("studies", "NNS", "study"),
            ("boxes", "NNS", "box"),
            ("classes", "NNS", "class"),
            ("threatened", "VBD", "threaten"),
            ("stopped", "VBD", "stop"),
            ("hoped", "VBN", "hope"),
            ("received", "VBN", "receive"),
            ("studied", "VBD", "study"),
            ("related", "VBN", "relate"),
            ("walked", "VBD", "walk"),
            ("called", "VBN", "call"),
            ("making", "VBG", "make"),
            ("running", "VBG", "run"),
            ("talking", "VBG", "talk"),
            ("says", "VBZ", "say"),
            ("watches", "VBZ", "watch"),
            ("tries", "VBZ", "try"),
            ("bigger", "JJR", "big"),
            ("easier", "JJR", "easy"),
            ("largest", "JJS", "large"),
            ("Americans", "NNPS", "American"),
            ("Paris", "NNP", "Paris"),
            ("The", "NN", "the"),
            ("1,200", "CD", "1,200"),
        ];
        for (word, tag, lemma) in cases {
            assert_eq!(rules(word, tag), lemma, "{word}/{tag}");
        }
    }

    #[test]
    fn learned_exceptions_override_rules() {
        let examples = [
            ("sought", "VBD", "seek"),
            ("was", "VBD", "be"),
            ("Was", "VBD", "be"),
            ("children", "NNS", "child"),
            ("I", "PRP", "I"),
            ("i", "PRP", "I"),
            ("’s", "POS", "'s"),
            ("troops", "NNS", "troop"),
        ];
        let lemmatizer = Lemmatizer::learn(
            &tags(),
            examples.iter().map(|&(form, tag, lemma)| LemmaExample {
                form,
                xpos: id(tag),
                lemma,
            }),
        );
        for (form, tag, lemma) in examples {
            assert_eq!(lemmatizer.lemma(form, id(tag)), lemma, "{form}/{tag}");
        }
        assert_eq!(lemmatizer.lemma("SOUGHT", id("VBD")), "seek");
        // `troops` is right by the rules: no exception stored for it.
        assert!(!lemmatizer
            .data()
            .exceptions
            .iter()
            .any(|(f, _, _)| f == "troops"));
        assert!(matches!(
            lemmatizer.lemma("troops", id("NNS")),
            Cow::Owned(_)
        ));
        assert!(matches!(
            lemmatizer.lemma("troop", id("NN")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn odd_input_never_panics() {
        let lemmatizer = Lemmatizer::rules_only(&tags());
        for word in [
            "", "s", "ed", "ing", "ééés", "’", "ies", "xing", "🙂ed", "ZZZZING",
        ] {
            for tag in 0..20u16 {
                let _ = lemmatizer.lemma(word, tag);
            }
        }
    }
}
