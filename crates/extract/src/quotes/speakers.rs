//! Speakers: entities within the article and the resolution of a source to one of them.
//!
//! Person and organisation mentions are grouped into entities: a full name, its surname alone
//! and title + surname ("Amina Okafor", "Okafor", "General Okafor") are one person; an
//! organisation is grouped by its name (case-insensitive, without a leading "the"). Titles
//! and role nouns around a person's mentions ("General", "the army spokesman") are kept as
//! descriptors and let a later "the general" or "the spokesman" find the person; a title or a
//! known first name gives a gender that lets "he" or "she" find the nearest compatible person.
//! When that is ambiguous the speaker stays unresolved.

use newsgraph_core::{Descriptor, DescriptorKind, Entity, EntityType, Span, SpeakerResolution};

use super::context::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Unknown,
    Male,
    Female,
}

/// Titles used before names, with their normalised form and the gender they imply.
fn title(word: &str) -> Option<(&'static str, Gender)> {
    let w = word.trim_end_matches('.').to_lowercase();
    let g = Gender::Unknown;
    Some(match w.as_str() {
        "mr" | "mister" => ("mr", Gender::Male),
        "mrs" => ("mrs", Gender::Female),
        "ms" | "miss" => ("ms", Gender::Female),
        "sir" | "lord" => (if w == "sir" { "sir" } else { "lord" }, Gender::Male),
        "lady" | "dame" => ("lady", Gender::Female),
        "king" => ("king", Gender::Male),
        "queen" => ("queen", Gender::Female),
        "prince" => ("prince", Gender::Male),
        "princess" => ("princess", Gender::Female),
        "gen" | "general" => ("general", g),
        "president" | "pres" => ("president", g),
        "minister" => ("minister", g),
        "secretary" => ("secretary", g),
        "senator" | "sen" => ("senator", g),
        "rep" | "representative" | "congressman" | "congresswoman" => ("representative", g),
        "gov" | "governor" => ("governor", g),
        "mayor" => ("mayor", g),
        "judge" | "justice" => ("judge", g),
        "dr" | "doctor" => ("doctor", g),
        "prof" | "professor" => ("professor", g),
        "col" | "colonel" => ("colonel", g),
        "capt" | "captain" => ("captain", g),
        "lt" | "lieutenant" => ("lieutenant", g),
        "sgt" | "sergeant" => ("sergeant", g),
        "adm" | "admiral" => ("admiral", g),
        "maj" | "major" => ("major", g),
        "cmdr" | "commander" => ("commander", g),
        "chancellor" => ("chancellor", g),
        "ambassador" => ("ambassador", g),
        "pope" => ("pope", Gender::Male),
        "bishop" => ("bishop", g),
        "rev" | "reverend" => ("reverend", g),
        "sheikh" => ("sheikh", Gender::Male),
        "chief" => ("chief", g),
        "inspector" => ("inspector", g),
        "detective" => ("detective", g),
        "officer" => ("officer", g),
        "coach" => ("coach", g),
        "premier" => ("premier", g),
        _ => return None,
    })
}

/// Role nouns that can stand for a person already named ("the spokesman said").
fn role_gender(word: &str) -> Option<Gender> {
    Some(match word {
        "spokesman" | "chairman" | "businessman" | "congressman" => Gender::Male,
        "spokeswoman" | "chairwoman" | "businesswoman" | "congresswoman" => Gender::Female,
        "spokesperson" | "chair" | "leader" | "official" | "analyst" | "expert" | "lawyer"
        | "attorney" | "economist" | "researcher" | "scientist" | "author" | "director"
        | "diplomat" | "envoy" | "commander" | "candidate" | "nominee" | "executive" | "ceo"
        | "founder" | "activist" | "prosecutor" | "negotiator" | "adviser" | "advisor" | "aide"
        | "strategist" | "pollster" | "historian" | "professor" | "general" | "president"
        | "minister" | "senator" | "governor" | "mayor" | "judge" | "doctor" | "colonel"
        | "captain" | "ambassador" | "secretary" | "premier" | "chancellor" | "coach"
        | "manager" | "chief" | "representative" | "lawmaker" | "legislator" | "sheriff"
        | "officer" | "detective" | "inspector" | "witness" | "victim" | "owner" | "teacher"
        | "student" | "driver" | "pilot" | "resident" => Gender::Unknown,
        _ => return None,
    })
}

/// A few common first names with their usual gender (conservative: only unambiguous ones).
fn first_name_gender(word: &str) -> Gender {
    const MALE: &[&str] = &[
        "john",
        "james",
        "robert",
        "michael",
        "william",
        "david",
        "richard",
        "joseph",
        "thomas",
        "charles",
        "christopher",
        "daniel",
        "matthew",
        "anthony",
        "mark",
        "donald",
        "steven",
        "paul",
        "andrew",
        "joshua",
        "kenneth",
        "kevin",
        "brian",
        "george",
        "timothy",
        "ronald",
        "edward",
        "jason",
        "jeffrey",
        "ryan",
        "jacob",
        "gary",
        "nicholas",
        "eric",
        "jonathan",
        "stephen",
        "larry",
        "justin",
        "scott",
        "brandon",
        "benjamin",
        "samuel",
        "gregory",
        "frank",
        "alexander",
        "raymond",
        "patrick",
        "jack",
        "dennis",
        "jerry",
        "tyler",
        "aaron",
        "jose",
        "adam",
        "henry",
        "nathan",
        "douglas",
        "zachary",
        "peter",
        "kyle",
        "walter",
        "ethan",
        "jeremy",
        "harold",
        "keith",
        "christian",
        "roger",
        "noah",
        "gerald",
        "carl",
        "terry",
        "sean",
        "austin",
        "arthur",
        "lawrence",
        "jesse",
        "dylan",
        "bryan",
        "joe",
        "jordan",
        "billy",
        "bruce",
        "albert",
        "willie",
        "gabriel",
        "logan",
        "alan",
        "juan",
        "wayne",
        "roy",
        "ralph",
        "randy",
        "eugene",
        "vincent",
        "russell",
        "elijah",
        "louis",
        "bobby",
        "philip",
        "johnny",
        "bernie",
        "barack",
        "mike",
        "bill",
        "ted",
        "marco",
        "rand",
        "chris",
        "jeb",
        "newt",
        "mitt",
        "vladimir",
        "ahmed",
        "mohammed",
        "muhammad",
        "ali",
        "omar",
        "ibrahim",
        "hassan",
        "abdullah",
        "emmanuel",
        "boris",
        "jean",
        "pierre",
        "francois",
        "angelo",
        "giuseppe",
        "hans",
        "klaus",
        "ivan",
        "sergei",
        "dmitry",
        "igor",
        "xi",
        "abdel",
        "mahmoud",
        "recep",
        "benjamin",
        "tim",
        "reince",
        "rudy",
        "rudolph",
        "kellyanne",
        "mitch",
        "harry",
        "tom",
        "jim",
        "bob",
        "dick",
        "ben",
        "sam",
        "nick",
        "tony",
        "steve",
        "dan",
        "matt",
        "jeff",
        "greg",
        "ron",
        "ed",
        "rick",
        "jon",
        "josh",
    ];
    const FEMALE: &[&str] = &[
        "mary",
        "patricia",
        "jennifer",
        "linda",
        "elizabeth",
        "barbara",
        "susan",
        "jessica",
        "sarah",
        "karen",
        "nancy",
        "lisa",
        "betty",
        "margaret",
        "sandra",
        "ashley",
        "kimberly",
        "emily",
        "donna",
        "michelle",
        "dorothy",
        "carol",
        "amanda",
        "melissa",
        "deborah",
        "stephanie",
        "rebecca",
        "sharon",
        "laura",
        "cynthia",
        "kathleen",
        "amy",
        "shirley",
        "angela",
        "helen",
        "anna",
        "brenda",
        "pamela",
        "nicole",
        "emma",
        "samantha",
        "katherine",
        "christine",
        "debra",
        "rachel",
        "catherine",
        "carolyn",
        "janet",
        "ruth",
        "maria",
        "heather",
        "diane",
        "virginia",
        "julie",
        "joyce",
        "victoria",
        "olivia",
        "kelly",
        "christina",
        "lauren",
        "joan",
        "evelyn",
        "judith",
        "megan",
        "cheryl",
        "andrea",
        "hannah",
        "martha",
        "jacqueline",
        "frances",
        "gloria",
        "ann",
        "teresa",
        "kathryn",
        "sara",
        "janice",
        "jean",
        "alice",
        "madison",
        "doris",
        "abigail",
        "julia",
        "judy",
        "grace",
        "denise",
        "amber",
        "marilyn",
        "beverly",
        "danielle",
        "theresa",
        "sophia",
        "marie",
        "diana",
        "brittany",
        "natalie",
        "isabella",
        "charlotte",
        "rose",
        "alexis",
        "kayla",
        "hillary",
        "huma",
        "kellyanne",
        "nikki",
        "sheryl",
        "condoleezza",
        "angela",
        "theresa",
        "marine",
        "amina",
        "fatima",
        "aisha",
        "ayesha",
        "leila",
        "sonia",
        "ursula",
        "christine",
        "jill",
        "melania",
        "ivanka",
        "michele",
        "carly",
        "elena",
        "valerie",
        "debbie",
        "hope",
        "sally",
        "kate",
        "liz",
        "susanne",
        "claire",
        "lucy",
    ];
    if FEMALE.contains(&word) && !MALE.contains(&word) {
        Gender::Female
    } else if MALE.contains(&word) && !FEMALE.contains(&word) {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

fn compatible(a: Gender, b: Gender) -> bool {
    a == Gender::Unknown || b == Gender::Unknown || a == b
}

/// Entities of the article and what the quote layer knows about them.
pub struct Speakers {
    pub entities: Vec<Entity>,
    /// For each mention of the document, its entity (persons and organisations only).
    pub mention_entity: Vec<Option<usize>>,
    gender: Vec<Gender>,
    /// Normalised role and title words of each entity.
    roles: Vec<Vec<String>>,
}

/// Name words of a mention: its words without titles and possessive endings.
fn name_words(text: &str) -> (Vec<String>, Vec<(&'static str, Gender)>) {
    let mut words = Vec::new();
    let mut titles = Vec::new();
    for raw in text.split_whitespace() {
        let w = raw
            .trim_end_matches("'s")
            .trim_end_matches("\u{2019}s")
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-');
        if w.is_empty() {
            continue;
        }
        if words.is_empty() {
            if let Some(t) = title(w) {
                titles.push(t);
                continue;
            }
        }
        words.push(w.trim_end_matches('.').to_lowercase());
    }
    (words, titles)
}

fn org_key(text: &str) -> String {
    let lower = text.to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    lower
        .trim_end_matches("'s")
        .trim_end_matches("\u{2019}s")
        .to_string()
}

impl Speakers {
    pub fn build(ctx: &Context<'_>) -> Self {
        let document = ctx.document;
        let mut entities: Vec<Entity> = Vec::new();
        let mut gender: Vec<Gender> = Vec::new();
        let mut roles: Vec<Vec<String>> = Vec::new();
        let mut words_of: Vec<Vec<String>> = Vec::new();
        let mut mention_entity = vec![None; document.mentions.len()];
        for (m, mention) in document.mentions.iter().enumerate() {
            let found = match mention.entity_type {
                EntityType::Person => {
                    let (words, titles) = name_words(&mention.text);
                    if words.is_empty() {
                        continue;
                    }
                    // Same name, or a surname (possibly with a title) of a fuller name.
                    let found = (0..entities.len()).rev().find(|&e| {
                        entities[e].entity_type == EntityType::Person
                            && (words_of[e] == words
                                || (words.len() == 1 && words_of[e].last() == words.last())
                                || (words_of[e].len() == 1
                                    && words.len() > 1
                                    && words.last() == words_of[e].last()))
                    });
                    let e = found.unwrap_or_else(|| {
                        entities.push(Entity {
                            index: entities.len(),
                            name: String::new(),
                            entity_type: EntityType::Person,
                            aliases: Vec::new(),
                            mentions: Vec::new(),
                            descriptors: Vec::new(),
                        });
                        gender.push(Gender::Unknown);
                        roles.push(Vec::new());
                        words_of.push(words.clone());
                        entities.len() - 1
                    });
                    if words.len() > words_of[e].len() {
                        words_of[e] = words.clone();
                    }
                    if words.len() > 1 && gender[e] == Gender::Unknown {
                        gender[e] = first_name_gender(&words[0]);
                    }
                    for (t, g) in titles {
                        if gender[e] == Gender::Unknown {
                            gender[e] = g;
                        }
                        if !roles[e].iter().any(|r| r == t) {
                            roles[e].push(t.to_string());
                        }
                    }
                    e
                }
                EntityType::Org => {
                    let key = org_key(&mention.text);
                    if key.is_empty() {
                        continue;
                    }
                    let found = (0..entities.len()).find(|&e| {
                        entities[e].entity_type == EntityType::Org
                            && (org_key(&entities[e].name) == key
                                || entities[e].aliases.iter().any(|a| org_key(a) == key))
                    });
                    found.unwrap_or_else(|| {
                        entities.push(Entity {
                            index: entities.len(),
                            name: String::new(),
                            entity_type: EntityType::Org,
                            aliases: Vec::new(),
                            mentions: Vec::new(),
                            descriptors: Vec::new(),
                        });
                        gender.push(Gender::Unknown);
                        roles.push(Vec::new());
                        words_of.push(vec![key]);
                        entities.len() - 1
                    })
                }
                _ => continue,
            };
            mention_entity[m] = Some(found);
            let entity = &mut entities[found];
            entity.mentions.push(m);
            let text = mention.text.trim().to_string();
            if text.len() > entity.name.len() {
                if !entity.name.is_empty() && !entity.aliases.contains(&entity.name) {
                    let old = std::mem::take(&mut entity.name);
                    entity.aliases.push(old);
                }
                entity.name = text;
            } else if text != entity.name && !entity.aliases.contains(&text) {
                entity.aliases.push(text);
            }
        }
        let mut speakers = Speakers {
            entities,
            mention_entity,
            gender,
            roles,
        };
        speakers.add_descriptors(ctx);
        speakers
    }

    /// Titles and role nouns before person mentions ("army spokesman John Doe", "General
    /// Okafor") and appositions after them ("Okafor, the army's spokesman").
    fn add_descriptors(&mut self, ctx: &Context<'_>) {
        let document = ctx.document;
        let mut t = 0;
        for (m, mention) in document.mentions.iter().enumerate() {
            let Some(e) = self.mention_entity[m] else {
                continue;
            };
            if self.entities[e].entity_type != EntityType::Person {
                continue;
            }
            while t < ctx.tokens.len() && ctx.span(t).end <= mention.span.start {
                t += 1;
            }
            // Title words inside the mention.
            let mut i = t;
            while i < ctx.tokens.len() && ctx.span(i).start < mention.span.end {
                if let Some((name, _)) = title(ctx.lower(i)) {
                    self.add_descriptor(e, DescriptorKind::Title, name, ctx.span(i));
                }
                i += 1;
            }
            // Role and title words right before it.
            let mut j = t;
            let mut steps = 0;
            while j > 0 && steps < 3 && ctx.same_sentence(j - 1, t) {
                j -= 1;
                steps += 1;
                let word = ctx.lower(j);
                if let Some((name, g)) = title(word) {
                    self.add_descriptor(e, DescriptorKind::Title, name, ctx.span(j));
                    if self.gender[e] == Gender::Unknown {
                        self.gender[e] = g;
                    }
                } else if let Some(g) = role_gender(word) {
                    self.add_descriptor(e, DescriptorKind::Role, word, ctx.span(j));
                    if self.gender[e] == Gender::Unknown {
                        self.gender[e] = g;
                    }
                } else if !matches!(ctx.upos(j), "NOUN" | "PROPN" | "ADJ") {
                    break;
                }
            }
            // Apposition: ", the army's spokesman".
            let last = i.saturating_sub(1);
            for c in ctx.children(last) {
                if ctx.deprel(c) == "appos" {
                    let word = ctx.lower(c);
                    if let Some(g) = role_gender(word).or(title(word).map(|(_, g)| g)) {
                        self.add_descriptor(e, DescriptorKind::Role, word, ctx.span(c));
                        if self.gender[e] == Gender::Unknown {
                            self.gender[e] = g;
                        }
                    }
                }
            }
        }
    }

    fn add_descriptor(&mut self, e: usize, kind: DescriptorKind, value: &str, span: Span) {
        let entity = &mut self.entities[e];
        if entity.descriptors.iter().any(|d| d.span == span) {
            return;
        }
        entity.descriptors.push(Descriptor {
            kind,
            value: value.to_string(),
            span,
        });
        if !self.roles[e].iter().any(|r| r == value) {
            self.roles[e].push(value.to_string());
        }
    }

    /// The entity of the PERSON/ORG mentions inside `span`: the one containing `head`'s byte
    /// span if any, else the first.
    fn entity_in(&self, ctx: &Context<'_>, span: Span, head: Option<usize>) -> Option<usize> {
        let mentions = &ctx.document.mentions;
        let inside: Vec<usize> = (0..mentions.len())
            .filter(|&m| span.contains(&mentions[m].span) && self.mention_entity[m].is_some())
            .collect();
        let head_span = head.map(|h| ctx.span(h));
        let pick = inside
            .iter()
            .copied()
            .find(|&m| head_span.is_some_and(|h| mentions[m].span.contains(&h)))
            .or_else(|| inside.first().copied())?;
        self.mention_entity[pick]
    }

    /// Resolve the source `[a, b)` (with syntactic head `head`) of a quote whose cue is at
    /// byte `at`; `previous` is the speaker of the previous quote, if any.
    pub fn resolve(
        &self,
        ctx: &Context<'_>,
        source: (usize, usize),
        head: Option<usize>,
        previous: Option<usize>,
    ) -> (Option<usize>, SpeakerResolution) {
        let span = ctx.range_span(source.0, source.1);
        if let Some(e) = self.entity_in(ctx, span, head) {
            return (Some(e), SpeakerResolution::Named);
        }
        let head = head.unwrap_or(source.1.saturating_sub(1));
        let word = ctx.lower(head);
        let pronoun = match word {
            "he" | "him" => Some(Gender::Male),
            "she" | "her" => Some(Gender::Female),
            _ => None,
        };
        if let Some(g) = pronoun {
            return match self.pronoun(ctx, span.start, g, previous) {
                Some(e) => (Some(e), SpeakerResolution::Pronoun),
                None => (None, SpeakerResolution::Unresolved),
            };
        }
        // "the general", "the spokesman", "the ministry".
        let definite = (source.0..head).any(|i| matches!(ctx.lower(i), "the" | "this" | "that"));
        if definite && source.1 - source.0 <= 4 {
            if let Some(e) = self.role(ctx, span.start, word) {
                return (Some(e), SpeakerResolution::Alias);
            }
        }
        (None, SpeakerResolution::Unresolved)
    }

    /// Mentions before byte `before`, nearest first, with their entity.
    fn preceding<'s>(
        &'s self,
        ctx: &'s Context<'_>,
        before: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        let mentions = &ctx.document.mentions;
        (0..mentions.len())
            .rev()
            .filter(move |&m| mentions[m].span.end <= before)
            .filter_map(move |m| self.mention_entity[m].map(|e| (m, e)))
    }

    fn pronoun(
        &self,
        ctx: &Context<'_>,
        at: usize,
        g: Gender,
        previous: Option<usize>,
    ) -> Option<usize> {
        let mentions = &ctx.document.mentions;
        let sentence_at = ctx
            .document
            .sentences
            .iter()
            .position(|s| s.span.end > at)
            .unwrap_or(0);
        let paragraph_at = ctx
            .document
            .sentences
            .get(sentence_at)
            .map_or(0, |s| s.paragraph);
        let person = |e: usize| {
            self.entities[e].entity_type == EntityType::Person && compatible(self.gender[e], g)
        };
        let mut window: Vec<usize> = Vec::new();
        for (m, e) in self.preceding(ctx, at) {
            let paragraph = ctx
                .document
                .sentences
                .get(mentions[m].sentence)
                .map_or(0, |s| s.paragraph);
            if paragraph + 1 < paragraph_at {
                break;
            }
            if person(e) && !window.contains(&e) {
                window.push(e);
            }
        }
        match window.len() {
            1 => return Some(window[0]),
            n if n > 1 => {
                // Several people nearby: the last speaker if among them, the nearest one only
                // when the genders tell them apart.
                if let Some(p) = previous.filter(|p| window.contains(p)) {
                    return Some(p);
                }
                let exact: Vec<usize> = window
                    .iter()
                    .copied()
                    .filter(|&e| self.gender[e] == g)
                    .collect();
                return (exact.len() == 1).then(|| exact[0]);
            }
            _ => {}
        }
        // Nobody nearby: the only compatible person before, or the last speaker.
        let mut before: Vec<usize> = Vec::new();
        for (_, e) in self.preceding(ctx, at) {
            if person(e) && !before.contains(&e) {
                before.push(e);
            }
        }
        if before.len() == 1 {
            return Some(before[0]);
        }
        previous.filter(|&p| person(p))
    }

    fn role(&self, ctx: &Context<'_>, at: usize, word: &str) -> Option<usize> {
        for (_, e) in self.preceding(ctx, at) {
            let entity = &self.entities[e];
            let matches = match entity.entity_type {
                EntityType::Person => self.roles[e].iter().any(|r| r == word),
                EntityType::Org => {
                    let lower = entity.name.to_lowercase();
                    lower.split_whitespace().any(|w| w == word)
                }
                _ => false,
            };
            if matches {
                return Some(e);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_stripped_from_names() {
        let (words, titles) = name_words("Gen. Amina Okafor");
        assert_eq!(words, vec!["amina", "okafor"]);
        assert_eq!(titles[0].0, "general");
        let (words, titles) = name_words("Mr Smith's");
        assert_eq!(words, vec!["smith"]);
        assert_eq!(titles[0].1, Gender::Male);
    }

    #[test]
    fn organisation_keys_ignore_the_article() {
        assert_eq!(org_key("the Ministry of Defence"), "ministry of defence");
        assert_eq!(org_key("Reuters"), "reuters");
    }
}
