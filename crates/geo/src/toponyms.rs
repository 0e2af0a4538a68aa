//! Toponym recognition and geocoding.
//!
//! Toponyms are the LOC mentions of the recogniser, the dateline, places at the head of an
//! institution's name ("Laurel County Sheriff's Office"), mentions the recogniser typed as an
//! organisation, person or other name whose text is a gazetteer place's own name (several
//! words, or one after a locative preposition: "Kanawha County", "in Lancaster"), streets and
//! numbered roads ("West 11th Street", "Highway 19"; left unresolved), and
//! capitalised proper-noun spans the recogniser missed whose name is safe to take from the
//! gazetteer alone (countries, continents, first-level divisions, towns of 100,000 people or
//! more). Demonyms ("Chadian") become places associated with their country. Location mentions
//! that are the surname of one of the article's people ("Obama", "Flores"), that follow a
//! personal title ("Ms. Odell"), that name a building or a day ("Mercy Memorial Hospital",
//! "St. Patrick's Day"), a bare direction ("North") or a disease ("West Nile virus") are no
//! places; a name the recogniser found as a location once is a place wherever else it typed it
//! as a person or organisation (one sense per article).
//!
//! Each toponym is resolved against the gazetteer by a score over its candidates: a prior from
//! the feature (countries and divisions before towns) and the population; agreement with the
//! countries and first-level divisions the article's other places resolve to (its dominant
//! countries and regions, and countries bordering them), and whether its country is among them
//! at all; spatial coherence, how many of the
//! other names are likely (under the previous pass's scores) to lie near the candidate or in
//! its division; and a qualifier that follows it ("Alexandria, Louisiana",
//! "KHARTOUM, Sudan"). The resolution is iterated twice, each pass reading the previous
//! pass's choices. A capital or country that is the subject of a speech or action verb
//! ("Washington warned") is a metonym.

use std::ops::Range;

use newsgraph_core::{EntityType, Mention, Place, PlaceRole, Span};
use newsgraph_temporal::TokenInfo;

use crate::countries::countries;
use crate::gazetteer::{distance_km, fold, gazetteer, Entry, Feature, Gazetteer};

/// What the place finder reads: the text, its tokens and sentences, and the recogniser's
/// mentions.
pub struct Input<'a> {
    pub text: &'a str,
    /// Byte spans of the tokens, in text order.
    pub tokens: &'a [Span],
    /// Token ranges of the sentences.
    pub sentences: &'a [Range<usize>],
    /// Named-entity mentions (LOC mentions become toponyms).
    pub mentions: &'a [Mention],
}

/// A place name's resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolution<'g> {
    pub entry: &'g Entry,
    /// Share of the resolution score the chosen candidate has, in `[0, 1]`.
    pub confidence: f32,
}

/// Words that, after a place name, make an organisation's name that of one of the place's
/// institutions ("Dublin City Council", "Ohio State University", "Gainesville Police").
const INSTITUTION_HEADS: &[&str] = &[
    "City",
    "County",
    "Council",
    "Police",
    "Sheriff",
    "Sheriff's",
    "Fire",
    "School",
    "Schools",
    "High",
    "Middle",
    "Elementary",
    "University",
    "College",
    "Community",
    "Hospital",
    "Medical",
    "Public",
    "Library",
    "Board",
    "Chamber",
    "Airport",
    "Township",
    "Town",
    "Village",
    "District",
    "Municipal",
    "Parish",
    "State",
    "Regional",
    "Historical",
    "Convention",
    "Port",
    "Zoo",
    "Museum",
    "Transit",
    "Housing",
    "Health",
    "Government",
    "Assembly",
    "Legislature",
    "Parliament",
    "Ministry",
    "Provincial",
    // Offices and officers of the place's government: "Kansas Department of
    // Transportation", "Fargo Mayor Dennis Walaker", "Los Angeles Superior Court".
    "Department",
    "Mayor",
    "Governor",
    "Court",
    "Superior",
    "Circuit",
    "Jail",
    "Detention",
    "Coroner",
    "Attorney",
    "Commission",
    "Commissioners",
    "Commissioner",
    "Clerk",
    "Courthouse",
    "Senate",
    "House",
    "Highway",
    "National",
    "Metropolitan",
    "Democrats",
    "Democratic",
    "Republicans",
    "Republican",
];
/// Words before "of" that make the name after it a place: "University of Toronto", "City of
/// Norfolk", "Governor of Krasnodar".
const OF_HEADS: &[&str] = &[
    "City",
    "Town",
    "Village",
    "Township",
    "County",
    "State",
    "Province",
    "Commonwealth",
    "Republic",
    "Kingdom",
    "University",
    "College",
    "Governor",
    "Mayor",
    "Port",
    "Bank",
    "Diocese",
    "Archdiocese",
    "Municipality",
    "Region",
];
/// Direction words that may precede the place in such a name ("Northeast Texas …").
const DIRECTION_WORDS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
    "Central",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
];
/// Titles before a person's name: a location mention after one (or starting with one) is a
/// person ("Ms. Odell").
const PERSONAL_TITLES: &[&str] = &[
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Miss",
    "Dr.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Sgt.",
    "Capt.",
    "Lt.",
    "Col.",
    "Gen.",
    "Rev.",
    "Prof.",
    "President",
];
/// Last words of the names of buildings and days, which the recogniser may take for places.
const FACILITY_WORDS: &[&str] = &[
    "House",
    "Hospital",
    "Center",
    "Centre",
    "Academy",
    "School",
    "Church",
    "Cathedral",
    "Mosque",
    "Temple",
    "Library",
    "Museum",
    "Hotel",
    "Restaurant",
    "Clinic",
    "Day",
];
/// A division named like one of the article's people stays a place when it has this many
/// people ("Georgia", "Washington"; not Uruguay's "Flores" in a story about Matthew Flores).
const PERSON_NAME_ADMIN1_POPULATION: u64 = 1_000_000;
/// Words after a place's name that make it a disease's ("West Nile virus").
const DISEASE_WORDS: &[&str] = &["virus", "fever", "disease", "flu", "encephalitis"];
/// Towns named at the head of an institution need this many people.
const INSTITUTION_TOWN_POPULATION: u64 = 20_000;

/// Is `place` (its words, and `surface` its text) a place whose institution the following
/// word `next` names? "Laurel County" before "Sheriff", "Dublin" before "City Council",
/// "Kansas City" before "Council" — but not "Laurel" before "County" nor "Dublin City" (an
/// Irish district) before "Council".
fn institution_place(
    gaz: &Gazetteer,
    table: &crate::countries::CountryTable,
    place: &[&str],
    next: &str,
    surface: &str,
) -> bool {
    if !(INSTITUTION_HEADS.contains(&next) || next == "of")
        || !place
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        || table.by_demonym(surface).is_some()
    {
        return false;
    }
    let Some((_, _, _, found)) = lookup_name(gaz, surface) else {
        return false;
    };
    let found: Vec<&Entry> = found.iter().filter_map(|&k| gaz.get(k)).collect();
    let is_town = |e: &&Entry| matches!(e.feature, Feature::Town | Feature::Capital);
    match next {
        // The division's own name goes on: "Laurel County", not "Laurel" + "County".
        "County" | "Parish" | "Township" => return false,
        // "Kansas City" is a city of its own name.
        "City" => {
            let mut with_city = surface.to_string();
            with_city.push_str(" City");
            let city = lookup_name(gaz, &with_city).is_some_and(|f| {
                f.3.iter()
                    .filter_map(|&k| gaz.get(k))
                    .any(|e| is_town(&e) && fold(&e.name) == fold(&with_city))
            });
            if city {
                return false;
            }
        }
        _ => {}
    }
    if place.last() == Some(&"City") {
        // By its own name: "Dublin City" is also another name of Dublin.
        return found.iter().any(|e| {
            is_town(e)
                && e.population >= INSTITUTION_TOWN_POPULATION
                && fold(&e.name) == fold(surface)
        });
    }
    found.iter().any(|e| {
        (!is_town(e) && e.feature != Feature::Continent)
            || (is_town(e) && e.population >= INSTITUTION_TOWN_POPULATION)
    })
}

/// Words that end a street's name ("Main Street").
const STREET_WORDS: &[&str] = &[
    "Street",
    "St.",
    "Avenue",
    "Ave.",
    "Road",
    "Rd.",
    "Drive",
    "Boulevard",
    "Blvd.",
    "Lane",
    "Parkway",
    "Pike",
    "Highway",
    "Freeway",
    "Expressway",
];
/// Words before a road's number ("Highway 19", "Interstate 45", "County Road 43").
const ROUTE_WORDS: &[&str] = &["Highway", "Interstate", "Route", "Road", "Hwy.", "Hwy"];

/// The streets and numbered roads among the tokens `range` of a sentence: a street word after
/// one to three capitalised words or ordinals ("West 11th Street"), or a route word and its
/// number ("State Highway 360"). A street word that starts the sentence or follows no name
/// ("the Road to Recovery") makes none.
fn streets<'t>(
    range: Range<usize>,
    token_text: &dyn Fn(usize) -> Option<&'t str>,
    tokens: &[Span],
) -> Vec<Span> {
    let name_word = |k: usize| {
        token_text(k).is_some_and(|w| {
            let capital = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '\'');
            let ordinal = w.len() > 2
                && w.chars().next().is_some_and(|c| c.is_ascii_digit())
                && ["st", "nd", "rd", "th"].iter().any(|s| w.ends_with(s));
            (capital || ordinal) && !STREET_WORDS.contains(&w)
        })
    };
    let number = |k: usize| {
        token_text(k).is_some_and(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_digit())
                && w.len() <= 4
                && w.chars().all(|c| c.is_ascii_alphanumeric())
        })
    };
    let mut out = Vec::new();
    let mut k = range.start;
    while k < range.end {
        let Some(word) = token_text(k) else {
            k += 1;
            continue;
        };
        // "Highway 19", "County Road 43": the route word, its number, and the names before.
        if ROUTE_WORDS.contains(&word) && k + 1 < range.end && number(k + 1) {
            let mut first = k;
            while first > range.start && k - first < 2 && name_word(first - 1) {
                first -= 1;
            }
            if word != "Road" || first < k {
                out.push(Span::new(tokens[first].start, tokens[k + 1].end));
                k += 2;
                continue;
            }
        }
        if STREET_WORDS.contains(&word) && k > range.start {
            let mut first = k;
            while first > range.start && k - first < 3 && name_word(first - 1) {
                first -= 1;
            }
            // "Boston Road" at the start of a sentence is as good; a lone street word is not.
            if first < k {
                out.push(Span::new(tokens[first].start, tokens[k].end));
            }
        }
        k += 1;
    }
    out
}

/// Words that end a second-level division's name ("Walker County").
const DIVISION_WORDS: &[&str] = &["County", "Parish", "Borough"];
/// Prepositions before a name that read it as a place ("lives in Lancaster").
const LOCATIVE_PREPOSITIONS: &[&str] = &["in", "near", "outside", "from", "In", "Near", "From"];

/// A recogniser's mention of another type than a location, in context.
struct MisTyped<'a> {
    surface: &'a str,
    entity_type: EntityType,
    /// The word before the mention.
    previous: &'a str,
    /// The other mentions of the same entity ("Glen Allen" then "Allen" is a person).
    others: &'a [&'a str],
}

/// Is a mention the recogniser typed as an organisation, person or other name a place? Its
/// text must be the main name of a gazetteer place (not an alternate name), not a demonym nor
/// an acronym; a name of several words needs no more ("Kanawha County", "Glen Allen"), one
/// word needs a locative preposition before it ("in Lancaster"). A person's name the
/// article also shortens or lengthens ("Glen Allen" … "Allen") stays a person.
fn mistyped_place(
    gaz: &Gazetteer,
    table: &crate::countries::CountryTable,
    mention: &MisTyped<'_>,
) -> bool {
    let surface = mention.surface;
    let words: Vec<&str> = surface.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase());
    if words.is_empty() || !capitalised || acronym || table.by_demonym(surface).is_some() {
        return false;
    }
    if mention.entity_type == EntityType::Person
        && mention.others.iter().any(|o| fold(o) != fold(surface))
    {
        return false;
    }
    let several = words.len() > 1;
    if !several && !LOCATIVE_PREPOSITIONS.contains(&mention.previous) {
        return false;
    }
    let folded = fold(surface);
    gaz.lookup_folded(&folded)
        .filter_map(|k| gaz.get(k))
        .any(|e| {
            fold(&e.name) == folded
                && matches!(
                    e.feature,
                    Feature::Country
                        | Feature::Admin1
                        | Feature::Admin2
                        | Feature::Capital
                        | Feature::Town
                        | Feature::Water
                )
        })
}

/// Towns the gazetteer alone may name (without the recogniser) need this many people.
const SAFE_TOWN_POPULATION: u64 = 100_000;
/// At most this many candidates (the most populous) are scored for one name.
const MAX_CANDIDATES: usize = 200;

/// Weights of the resolution score.
const W_POPULATION: f64 = 0.5;
const W_COUNTRY: f64 = 3.0;
/// A candidate in a country that another name of the article is in (or names), or a country
/// itself, gets this much: the article's countries by presence, beside their share.
const W_COUNTRY_NAMED: f64 = 2.5;
const W_ADMIN1: f64 = 3.0;
const W_ADMIN1_ANY: f64 = 2.0;
const W_QUALIFIER_COUNTRY: f64 = 3.0;
const W_QUALIFIER_ADMIN: f64 = 6.0;
const W_QUALIFIER_NEAR: f64 = 4.0;
const QUALIFIER_NEAR_KM: f64 = 150.0;
/// Votes of countries that border the candidate's country count this much (a town in the
/// Gaza Strip in a story about Israel and Egypt).
const W_NEIGHBOUR: f64 = 1.5;
/// Spatial coherence: `W_NEAR * ln(1 + n)` where `n` is the expected number of the other
/// names that are near the candidate (in its division, or about `NEAR_KM` away or closer).
const W_NEAR: f64 = 3.0;
const NEAR_KM: f64 = 50.0;
/// Where some place has the name as written, another place known by it under another name
/// (a former name, a translation: Beeville, Texas, was "Maryville") loses this much; a
/// division called without its generic term ("DeKalb" for DeKalb County) loses less.
const ALTERNATE_NAME_PENALTY: f64 = 6.0;
const SHORT_NAME_PENALTY: f64 = 2.5;
/// A place under another name escapes the penalty when it has this many times the people of
/// the largest place of the name as written.
const EXONYM_POPULATION_RATIO: u64 = 100;
/// The other names' places a candidate may be near: at most this many per name, each at least
/// this likely.
const LIKELY_PLACES: usize = 8;
const LIKELY_MIN_PROBABILITY: f64 = 0.02;
/// Rescoring passes over the article's toponyms.
const PASSES: usize = 2;

fn feature_prior(feature: Feature) -> f64 {
    match feature {
        Feature::Continent | Feature::Country => 4.0,
        Feature::Admin1 => 2.5,
        Feature::Capital => 3.0,
        Feature::Admin2 => 1.0,
        Feature::Town => 0.0,
        Feature::Region => 3.5,
        Feature::Water => 3.0,
    }
}

/// Verbs whose subject, when it is a capital or a country, stands for its government.
const METONYMY_VERBS: &[&str] = &[
    "accuse",
    "agree",
    "announce",
    "approve",
    "ask",
    "blame",
    "block",
    "call",
    "claim",
    "condemn",
    "criticise",
    "criticize",
    "decide",
    "declare",
    "demand",
    "deny",
    "dismiss",
    "expel",
    "impose",
    "insist",
    "lift",
    "negotiate",
    "offer",
    "order",
    "pledge",
    "promise",
    "propose",
    "protest",
    "recall",
    "refuse",
    "reject",
    "respond",
    "retaliate",
    "say",
    "sanction",
    "sign",
    "state",
    "suspend",
    "tell",
    "threaten",
    "urge",
    "veto",
    "vow",
    "want",
    "warn",
    "welcome",
];

struct Toponym {
    span: Span,
    sentence: usize,
    role: PlaceRole,
    /// Folded name looked up.
    query: String,
    candidates: Vec<u32>,
    /// The toponym that qualifies this one ("Louisiana" in "Alexandria, Louisiana").
    qualifier: Option<usize>,
    /// Token range of the span (for metonymy), when known.
    tokens: Option<Range<usize>>,
    /// A recogniser's confidence for spans it found.
    confidence: f32,
}

/// Find and geocode the places of a text.
pub fn find_places(input: &Input<'_>, info: &dyn TokenInfo) -> Vec<Place> {
    let gaz = gazetteer();
    let table = countries();
    let text = input.text;
    let token_text = |i: usize| input.tokens.get(i).and_then(|s| text.get(s.start..s.end));
    let sentence_of = |token: usize| {
        input
            .sentences
            .partition_point(|r| r.end <= token)
            .min(input.sentences.len().saturating_sub(1))
    };
    let first_token = |byte: usize| input.tokens.partition_point(|s| s.end <= byte);
    let token_range = |span: Span| {
        let first = first_token(span.start);
        let mut last = first;
        while last < input.tokens.len() && input.tokens[last].start < span.end {
            last += 1;
        }
        first..last
    };

    let mut toponyms: Vec<Toponym> = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    let overlaps = |taken: &[Span], span: Span| {
        taken
            .iter()
            .any(|t| t.start < span.end && span.start < t.end)
    };
    let push = |toponyms: &mut Vec<Toponym>,
                taken: &mut Vec<Span>,
                span: Span,
                role: PlaceRole,
                confidence: f32| {
        // "U.S." and "Calif." at a sentence's end, whose period the tokenizer split off.
        let span = abbreviation_period(text, span);
        let Some(surface) = text.get(span.start..span.end) else {
            return;
        };
        let (span, query, candidates) = match lookup_name(gaz, surface) {
            Some((trim_start, trim_end, query, candidates)) => (
                Span::new(span.start + trim_start, span.end - trim_end),
                query,
                candidates,
            ),
            None => (span, fold(surface), Vec::new()),
        };
        let tokens = token_range(span);
        taken.push(span);
        toponyms.push(Toponym {
            span,
            sentence: sentence_of(tokens.start),
            role,
            query,
            candidates,
            qualifier: None,
            tokens: Some(tokens),
            confidence,
        });
    };

    // The place at the head of an institution's name in these tokens ("Laurel County" in
    // "Laurel County Sheriff's Office"), or after "of" ("Toronto" in "University of
    // Toronto").
    let institution_prefix = |tokens: Range<usize>| -> Option<Span> {
        if tokens.len() < 2 {
            return None;
        }
        let words: Vec<&str> = tokens.clone().filter_map(token_text).collect();
        if words.len() != tokens.len() {
            return None;
        }
        let span_of = |a: usize, n: usize| {
            let (a, b) = (tokens.start + a, tokens.start + a + n - 1);
            Span::new(input.tokens[a].start, input.tokens[b].end)
        };
        let first = usize::from(words[0] == "The" || DIRECTION_WORDS.contains(&words[0]));
        let place_len = (1..=3)
            .rev()
            .filter(|n| first + n < words.len() && words[first + n] != "of")
            .find(|&n| {
                let place = &words[first..first + n];
                let span = span_of(first, n);
                text.get(span.start..span.end).is_some_and(|surface| {
                    institution_place(gaz, table, place, words[first + n], surface)
                })
            });
        if let Some(n) = place_len {
            return Some(span_of(first, n));
        }
        // "University of Toronto", "City of Norfolk", "Governor of the Krasnodar region".
        let of = words.iter().position(|w| *w == "of")?;
        if of == 0 || !OF_HEADS.contains(&words[of - 1]) {
            return None;
        }
        let mut start = of + 1 + usize::from(words.get(of + 1) == Some(&"the"));
        start += usize::from(
            words
                .get(start)
                .is_some_and(|w| DIRECTION_WORDS.contains(w)),
        );
        (1..=3)
            .rev()
            .filter(|n| start + n <= words.len())
            .find(|&n| {
                let place = &words[start..start + n];
                let span = span_of(start, n);
                text.get(span.start..span.end)
                    .is_some_and(|surface| institution_place(gaz, table, place, "of", surface))
            })
            .map(|n| span_of(start, n))
    };

    // The dateline: "KHARTOUM, Sudan (Reuters) -".
    if let Some((city, region)) = dateline(input) {
        push(&mut toponyms, &mut taken, city, PlaceRole::Dateline, 0.9);
        if let Some(region) = region {
            push(&mut toponyms, &mut taken, region, PlaceRole::Toponym, 0.9);
        }
    }

    // The names of the article's people, whole and their last word ("Barack Obama",
    // "Obama"): a location mention with one of these names is the person (unless it is a
    // country or division: "Georgia"). So is one after a personal title ("Ms. Odell"), and one
    // before a disease's word is the disease's name.
    let person_names: Vec<String> = input
        .mentions
        .iter()
        .filter(|m| {
            // A full name ("Barack Obama"), not a place the recogniser took for a person
            // ("Trenton", "Madison Twp., Trenton", "Glen Allen").
            let words = m.text.split_whitespace().count();
            m.entity_type == EntityType::Person
                && (2..=4).contains(&words)
                && !m.text.contains(',')
                && lookup_name(gaz, &m.text).is_none()
        })
        .flat_map(|m| {
            let last = m.text.split_whitespace().last().unwrap_or_default();
            [fold(&m.text), fold(last)]
        })
        .collect();
    let not_a_place = |mention: &Mention| -> bool {
        let previous = token_range(mention.span)
            .start
            .checked_sub(1)
            .and_then(token_text)
            .unwrap_or_default();
        let first = mention.text.split_whitespace().next().unwrap_or_default();
        if PERSONAL_TITLES.contains(&previous) || PERSONAL_TITLES.contains(&first) {
            return true;
        }
        // "West Nile virus", "Rift Valley fever": a disease named after a place; "the Obama
        // administration": a person's.
        let next = token_text(token_range(mention.span).end).unwrap_or_default();
        if DISEASE_WORDS.contains(&next) || next == "administration" {
            return true;
        }
        person_names.contains(&fold(&mention.text))
            && !lookup_name(gaz, &mention.text).is_some_and(|(_, _, _, found)| {
                found
                    .iter()
                    .filter_map(|&k| gaz.get(k))
                    .any(|e| match e.feature {
                        Feature::Country | Feature::Continent | Feature::Region => true,
                        Feature::Admin1 => e.population >= PERSON_NAME_ADMIN1_POPULATION,
                        _ => false,
                    })
            })
    };

    // The recogniser's locations, split at commas ("Alexandria, Louisiana"); organisations
    // that are a country's name ("Sudan" as a government) too.
    for mention in input.mentions {
        if overlaps(&taken, mention.span) {
            continue;
        }
        let is_loc = mention.entity_type == EntityType::Loc && !not_a_place(mention);
        let country_name = mention.entity_type == EntityType::Org
            && table.by_name(&mention.text).is_some()
            && table.by_demonym(&mention.text).is_none();
        if !is_loc && !country_name {
            continue;
        }
        let mut start = mention.span.start;
        let surface = &mention.text;
        for part in surface.split(',') {
            let part_start = start;
            start += part.len() + 1;
            let lead = part.len() - part.trim_start().len();
            let trimmed = part.trim();
            if trimmed.is_empty() || !trimmed.chars().any(char::is_alphabetic) {
                continue;
            }
            let span = Span::new(part_start + lead, part_start + lead + trimmed.len());
            if span.end > mention.span.end {
                continue;
            }
            // "Mount Pleasant High School": the place heading a facility's name the
            // recogniser took for a location.
            let known = text
                .get(span.start..span.end)
                .is_some_and(|part| lookup_name(gaz, part).is_some());
            let span = if known {
                span
            } else {
                institution_prefix(token_range(span)).unwrap_or(span)
            };
            // A building, a holiday or a bare direction is no place name ("Mercy Memorial
            // Hospital", "St. Patrick's Day", "North").
            let words: Vec<&str> = text
                .get(span.start..span.end)
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            // Known only as a small town ("White House", Tennessee) is not known enough.
            let place_named = text.get(span.start..span.end).is_some_and(|part| {
                lookup_name(gaz, part).is_some_and(|(_, _, query, found)| {
                    found.iter().filter_map(|&k| gaz.get(k)).any(|e| {
                        fold(&e.name) == query
                            && (e.feature.is_area() || e.population >= SAFE_TOWN_POPULATION)
                    })
                })
            });
            let facility = !place_named
                && words.len() > 1
                && words.last().is_some_and(|w| FACILITY_WORDS.contains(w));
            if facility || (words.len() == 1 && DIRECTION_WORDS.contains(&words[0])) {
                continue;
            }
            push(
                &mut toponyms,
                &mut taken,
                span,
                PlaceRole::Toponym,
                mention.confidence,
            );
        }
    }

    // Places named at the head of an institution's name: "Dublin City Council", "Laurel
    // County Sheriff's Office", "Northeast Texas Community College".
    for mention in input.mentions {
        if mention.entity_type != EntityType::Org || overlaps(&taken, mention.span) {
            continue;
        }
        if let Some(span) = institution_prefix(token_range(mention.span)) {
            push(&mut toponyms, &mut taken, span, PlaceRole::Toponym, 0.6);
        }
    }

    // Streets and roads: "Main Street", "West 11th Street", "Highway 19", "County Road 43".
    // The gazetteer has none; they stay unresolved.
    for sentence in input.sentences {
        for span in streets(
            sentence.start..sentence.end.min(input.tokens.len()),
            &token_text,
            input.tokens,
        ) {
            if !overlaps(&taken, span) {
                push(&mut toponyms, &mut taken, span, PlaceRole::Toponym, 0.5);
            }
        }
    }

    let loc_names: Vec<String> = input
        .mentions
        .iter()
        .filter(|m| m.entity_type == EntityType::Loc)
        .map(|m| fold(&m.text))
        .collect();
    // Place names the recogniser typed as something else ("Kanawha County" as an
    // organisation, "Glen Allen" as a person, "Lancaster" as a person in "lives in
    // Lancaster").
    for (m, mention) in input.mentions.iter().enumerate() {
        if mention.entity_type == EntityType::Loc || overlaps(&taken, mention.span) {
            continue;
        }
        let tokens = token_range(mention.span);
        if tokens.is_empty() {
            continue;
        }
        // "Walker" + "County" where the recogniser stopped short of the division's word.
        let mut span = mention.span;
        let next = token_text(tokens.end);
        if next.is_some_and(|w| DIVISION_WORDS.contains(&w)) {
            if let Some(s) = input.tokens.get(tokens.end) {
                span = Span::new(span.start, s.end);
            }
        }
        let Some(surface) = text.get(span.start..span.end) else {
            continue;
        };
        let previous = tokens
            .start
            .checked_sub(1)
            .and_then(token_text)
            .unwrap_or_default();
        let others: Vec<&str> = input
            .mentions
            .iter()
            .enumerate()
            .filter(|(o, other)| {
                *o != m && mention.entity.is_some() && other.entity == mention.entity
            })
            .map(|(_, other)| other.text.as_str())
            .collect();
        let reading = MisTyped {
            surface,
            entity_type: mention.entity_type,
            previous,
            others: &others,
        };
        // One sense per article: a name the recogniser also found as a location elsewhere
        // in the article ("Lancaster" as a person here, a location there), unless it is one
        // of the article's people's names.
        let folded = fold(surface);
        let located = loc_names.contains(&folded)
            && !person_names.contains(&folded)
            && table.by_demonym(surface).is_none()
            && lookup_name(gaz, surface).is_some_and(|(_, _, _, found)| {
                found
                    .iter()
                    .filter_map(|&k| gaz.get(k))
                    .any(|e| fold(&e.name) == folded)
            });
        if located || mistyped_place(gaz, table, &reading) {
            push(&mut toponyms, &mut taken, span, PlaceRole::Toponym, 0.5);
        }
    }

    // Proper-noun runs the recogniser missed, where the gazetteer alone is safe.
    let mention_spans: Vec<Span> = input.mentions.iter().map(|m| m.span).collect();
    for sentence in input.sentences {
        let mut i = sentence.start;
        while i < sentence.end.min(input.tokens.len()) {
            let capitalised = |k: usize| {
                token_text(k).is_some_and(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars()
                            .all(|c| c.is_alphabetic() || c == '.' || c == '\'')
                        && info.xpos(k).is_none_or(|x| x.starts_with("NNP"))
                })
            };
            if !capitalised(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < sentence.end && capitalised(j) {
                j += 1;
            }
            let run = Span::new(input.tokens[i].start, input.tokens[j - 1].end);
            let initial = i == sentence.start;
            let free = !overlaps(&taken, run) && !overlaps(&mention_spans, run);
            if free && j - i <= 4 {
                if let Some(surface) = text.get(run.start..run.end) {
                    let found = lookup_name(gaz, surface).map(|f| f.3).unwrap_or_default();
                    let safe = table.by_demonym(surface).is_none()
                        && found
                            .iter()
                            .filter_map(|&k| gaz.get(k))
                            .any(|e| match e.feature {
                                Feature::Country
                                | Feature::Continent
                                | Feature::Admin1
                                | Feature::Region
                                | Feature::Water => true,
                                Feature::Capital | Feature::Town => {
                                    !initial
                                        && e.population >= SAFE_TOWN_POPULATION
                                        && fold(&e.name) == fold(surface)
                                }
                                Feature::Admin2 => false,
                            });
                    if safe {
                        push(&mut toponyms, &mut taken, run, PlaceRole::Toponym, 0.6);
                    }
                }
            }
            i = j;
        }
    }

    // Demonyms: places associated with a country.
    let mut associated: Vec<(Span, usize, &crate::Country)> = Vec::new();
    for (k, span) in input.tokens.iter().enumerate() {
        if overlaps(&taken, *span) {
            continue;
        }
        let Some(word) = token_text(k) else { continue };
        if !word.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if let Some(country) = table.by_demonym(word) {
            associated.push((*span, sentence_of(k), country));
        }
    }

    link_qualifiers(text, &mut toponyms, gaz);
    let votes: Vec<&str> = associated.iter().map(|(_, _, c)| c.iso2.as_str()).collect();
    let chosen = resolve(gaz, &toponyms, &votes);

    let mut places: Vec<Place> = Vec::with_capacity(toponyms.len() + associated.len());
    for (toponym, resolution) in toponyms.iter().zip(&chosen) {
        let mut role = toponym.role;
        if let Some(r) = resolution {
            let capital_or_country = matches!(r.entry.feature, Feature::Capital | Feature::Country)
                || text
                    .get(toponym.span.start..toponym.span.end)
                    .and_then(|s| table.by_capital(s))
                    .is_some_and(|c| *c.iso2 == *r.entry.country);
            if role == PlaceRole::Toponym
                && capital_or_country
                && toponym
                    .tokens
                    .as_ref()
                    .is_some_and(|t| is_speaking_subject(t.clone(), info))
            {
                role = PlaceRole::Metonym;
            }
        }
        let surface = text
            .get(toponym.span.start..toponym.span.end)
            .unwrap_or_default();
        let mut place = place(
            gaz,
            toponym.span,
            toponym.sentence,
            surface,
            role,
            resolution,
        );
        if resolution.is_some() {
            place.confidence *= toponym.confidence.clamp(0.0, 1.0);
        } else {
            place.confidence = toponym.confidence.clamp(0.0, 1.0) * 0.5;
        }
        places.push(place);
    }
    for (span, sentence, country) in associated {
        let entry = gaz
            .lookup(&country.name)
            .filter_map(|k| gaz.get(k))
            .find(|e| e.feature == Feature::Country && *e.country == *country.iso2);
        let resolution = entry.map(|entry| Resolution {
            entry,
            confidence: 1.0,
        });
        let surface = text.get(span.start..span.end).unwrap_or_default();
        let mut place = place(
            gaz,
            span,
            sentence,
            surface,
            PlaceRole::Associated,
            &resolution,
        );
        if resolution.is_none() {
            place.country_alpha2 = Some(country.iso2.clone());
            place.country_alpha3 = Some(country.iso3.clone());
            place.confidence = 0.9;
        }
        places.push(place);
    }
    places.sort_by_key(|p| p.span);
    places
}

/// Resolve given place-name spans of a text (for scoring resolution on gold toponyms): the
/// same method as [`find_places`], with the given spans as the article's toponyms.
pub fn resolve_spans(text: &str, spans: &[Span]) -> Vec<Option<Resolution<'static>>> {
    let gaz = gazetteer();
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i]);
    let mut toponyms: Vec<Toponym> = order
        .iter()
        .map(|&i| {
            let span = spans[i];
            let surface = text.get(span.start..span.end).unwrap_or_default();
            let (query, candidates) = match lookup_name(gaz, surface) {
                Some((_, _, query, candidates)) => (query, candidates),
                None => (fold(surface), Vec::new()),
            };
            Toponym {
                span,
                sentence: 0,
                role: PlaceRole::Toponym,
                query,
                candidates,
                qualifier: None,
                tokens: None,
                confidence: 1.0,
            }
        })
        .collect();
    link_qualifiers(text, &mut toponyms, gaz);
    let table = countries();
    let votes: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| table.by_demonym(w))
        .map(|c| c.iso2.as_str())
        .collect();
    let chosen = resolve(gaz, &toponyms, &votes);
    let mut out = vec![None; spans.len()];
    for (at, &i) in order.iter().enumerate() {
        out[i] = chosen[at];
    }
    out
}

/// The span with the period after it when the span is an abbreviation that lost its final
/// period to the sentence's: dotted initials ("U.S", "D.C", "W.Va") or a US state, Australian
/// state or Canadian province abbreviation ("Calif", "Ont").
fn abbreviation_period(text: &str, span: Span) -> Span {
    let Some(surface) = text.get(span.start..span.end) else {
        return span;
    };
    if text.get(span.end..span.end + 1) != Some(".")
        || !surface.chars().last().is_some_and(char::is_alphabetic)
    {
        return span;
    }
    let dotted = surface.contains('.') && !surface.contains(' ');
    let with_period = format!("{surface}.");
    let known = US_STATE_ABBREVIATIONS
        .iter()
        .any(|(abbr, _)| *abbr == with_period)
        || DIVISION_ABBREVIATIONS
            .iter()
            .any(|(abbr, _, _)| *abbr == with_period);
    if dotted || known {
        Span::new(span.start, span.end + 1)
    } else {
        span
    }
}

/// AP-style abbreviations of US states, as datelines and local news write them.
const US_STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("Ala.", "AL"),
    ("Ariz.", "AZ"),
    ("Ark.", "AR"),
    ("Calif.", "CA"),
    ("Colo.", "CO"),
    ("Conn.", "CT"),
    ("Del.", "DE"),
    ("D.C.", "DC"),
    ("Fla.", "FL"),
    ("Ga.", "GA"),
    ("Ill.", "IL"),
    ("Ind.", "IN"),
    ("Kan.", "KS"),
    ("Kans.", "KS"),
    ("Ky.", "KY"),
    ("La.", "LA"),
    ("Md.", "MD"),
    ("Mass.", "MA"),
    ("Mich.", "MI"),
    ("Minn.", "MN"),
    ("Miss.", "MS"),
    ("Mo.", "MO"),
    ("Mont.", "MT"),
    ("Neb.", "NE"),
    ("Nebr.", "NE"),
    ("Nev.", "NV"),
    ("N.H.", "NH"),
    ("N.J.", "NJ"),
    ("N.M.", "NM"),
    ("N.Y.", "NY"),
    ("N.C.", "NC"),
    ("N.D.", "ND"),
    ("Okla.", "OK"),
    ("Ore.", "OR"),
    ("Pa.", "PA"),
    ("R.I.", "RI"),
    ("S.C.", "SC"),
    ("S.D.", "SD"),
    ("Tenn.", "TN"),
    ("Tex.", "TX"),
    ("Vt.", "VT"),
    ("Va.", "VA"),
    ("Wash.", "WA"),
    ("W.Va.", "WV"),
    ("W. Va.", "WV"),
    ("Wis.", "WI"),
    ("Wisc.", "WI"),
    ("Wyo.", "WY"),
];

/// Abbreviations of Australian states and Canadian provinces as news writes them: (the
/// abbreviation, country, GeoNames admin1 code). Two-letter ones that are also other words or
/// US states ("WA", "SA") are left out.
const DIVISION_ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("NSW", "AU", "02"),
    ("N.S.W.", "AU", "02"),
    ("Qld", "AU", "04"),
    ("Qld.", "AU", "04"),
    ("Vic.", "AU", "07"),
    ("Tas.", "AU", "06"),
    ("B.C.", "CA", "02"),
    ("Alta.", "CA", "01"),
    ("Sask.", "CA", "11"),
    ("Ont.", "CA", "08"),
    ("Que.", "CA", "10"),
    ("N.S.", "CA", "07"),
];

/// The toponym's candidates: the name as written, else without a leading "the" or a
/// possessive "'s"; else a country by name or demonym, or a US state, Australian state or
/// Canadian province by its abbreviation.
/// An acronym ("US", "EU") names no town. Gives the bytes trimmed at each end, the folded
/// query and the candidates.
fn lookup_name(gaz: &Gazetteer, surface: &str) -> Option<(usize, usize, String, Vec<u32>)> {
    let mut attempts: Vec<(usize, usize)> = vec![(0, 0)];
    let lower = surface.to_lowercase();
    if lower.starts_with("the ") && surface.len() > 4 {
        attempts.push((4, 0));
    }
    for suffix in ["'s", "\u{2019}s"] {
        if surface.ends_with(suffix) && surface.len() > suffix.len() {
            let n = attempts.len();
            for k in 0..n {
                let (a, _) = attempts[k];
                attempts.push((a, suffix.len()));
            }
        }
    }
    let table = countries();
    for (a, b) in attempts {
        let Some(name) = surface.get(a..surface.len() - b) else {
            continue;
        };
        let query = fold(name);
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym = letters.len() <= 3 && letters.iter().all(|c| c.is_uppercase());
        let mut found: Vec<u32> = gaz
            .lookup_folded(&query)
            .filter(|&k| !acronym || gaz.get(k).is_some_and(|e| e.feature.is_area()))
            .collect();
        if found.is_empty() {
            let country = table.by_name(name).or_else(|| table.by_demonym(name));
            let state = US_STATE_ABBREVIATIONS
                .iter()
                .find(|(abbr, _)| *abbr == name)
                .and_then(|(_, code)| gaz.admin1_entry("US", code))
                .or_else(|| {
                    DIVISION_ABBREVIATIONS
                        .iter()
                        .find(|(abbr, _, _)| *abbr == name)
                        .and_then(|(_, country, code)| gaz.admin1_entry(country, code))
                });
            found.extend(country.and_then(|c| gaz.country_entry(&c.iso2)));
            found.extend(state);
        }
        if found.is_empty() {
            continue;
        }
        if found.len() > MAX_CANDIDATES {
            found.sort_by_key(|&k| std::cmp::Reverse(gaz.get(k).map_or(0, |e| e.population)));
            found.truncate(MAX_CANDIDATES);
        }
        found.sort_unstable();
        return Some((a, b, query, found));
    }
    None
}

/// "X, Y" where Y can be a country or a first- or second-level division: Y qualifies X.
fn link_qualifiers(text: &str, toponyms: &mut [Toponym], gaz: &Gazetteer) {
    for i in 0..toponyms.len().saturating_sub(1) {
        let (a, b) = (toponyms[i].span, toponyms[i + 1].span);
        let between = text.get(a.end..b.start).unwrap_or("x");
        if between.trim() != "," {
            continue;
        }
        let can_qualify = toponyms[i + 1].candidates.iter().any(|&k| {
            gaz.get(k)
                .is_some_and(|e| e.feature.is_area() && e.feature != Feature::Continent)
        });
        if can_qualify {
            toponyms[i].qualifier = Some(i + 1);
        }
    }
}

/// A distinct toponym query with the countries and (country, admin1) pairs it could be in.
type NameSupport<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// Choose one candidate per toponym.
fn resolve<'g>(
    gaz: &'g Gazetteer,
    toponyms: &[Toponym],
    demonym_countries: &[&str],
) -> Vec<Option<Resolution<'g>>> {
    let priors: Vec<Vec<f64>> = toponyms
        .iter()
        .map(|t| {
            let entries: Vec<Option<&Entry>> = t.candidates.iter().map(|&k| gaz.get(k)).collect();
            let exact: Vec<bool> = entries
                .iter()
                .map(|e| e.is_some_and(|e| fold(&e.name) == t.query))
                .collect();
            let any_exact = exact.contains(&true);
            // The largest place of the name as written; a place known by another name that
            // is far larger ("Mecca" for Makkah) is what the name usually means.
            let exact_population = entries
                .iter()
                .zip(&exact)
                .filter(|(_, &x)| x)
                .filter_map(|(e, _)| e.map(|e| e.population))
                .max()
                .unwrap_or(0);
            entries
                .iter()
                .zip(&exact)
                .map(|(e, &exact)| {
                    e.map_or(f64::MIN, |e| {
                        let famous = e.population / EXONYM_POPULATION_RATIO > exact_population;
                        prior(e)
                            - if !any_exact || exact || famous {
                                0.0
                            } else if own_name(e, &t.query) {
                                SHORT_NAME_PENALTY
                            } else {
                                ALTERNATE_NAME_PENALTY
                            }
                    })
                })
                .collect()
        })
        .collect();
    // Which countries and divisions each distinct name could be in, for the support of the
    // others: (query, countries, (country, admin1) pairs).
    let mut distinct: Vec<NameSupport<'_>> = Vec::new();
    for t in toponyms {
        if distinct.iter().any(|d| d.0 == t.query) {
            continue;
        }
        let mut cs: Vec<&str> = Vec::new();
        let mut admins: Vec<(&str, &str)> = Vec::new();
        for e in t.candidates.iter().filter_map(|&k| gaz.get(k)) {
            if !e.country.is_empty() {
                cs.push(&e.country);
                if !e.admin1.is_empty() {
                    admins.push((&e.country, &e.admin1));
                }
            }
        }
        cs.sort_unstable();
        cs.dedup();
        admins.sort_unstable();
        admins.dedup();
        distinct.push((&t.query, cs, admins));
    }
    let argmax = |scores: &[f64]| -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, &s) in scores.iter().enumerate() {
            if best.is_none_or(|b| s > scores[b]) {
                best = Some(i);
            }
        }
        best
    };
    let mut chosen: Vec<Option<usize>> = priors.iter().map(|p| argmax(p)).collect();
    let mut scores: Vec<Vec<f64>> = priors.clone();
    let table = countries();
    let entry_of = |t: usize, c: Option<usize>| -> Option<&'g Entry> {
        c.and_then(|c| toponyms[t].candidates.get(c))
            .and_then(|&k| gaz.get(k))
    };
    // Votes of the other toponyms (one per distinct name) and of the demonyms:
    // (query, country, weight) and (query, country, admin1).
    type Votes<'a> = (
        Vec<(&'a str, &'a str, f64)>,
        Vec<(&'a str, &'a str, &'a str)>,
    );
    let votes = |chosen: &[Option<usize>]| -> Votes<'_> {
        let mut country_votes: Vec<(&str, &str, f64)> = Vec::new();
        let mut admin_votes: Vec<(&str, &str, &str)> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (t, toponym) in toponyms.iter().enumerate() {
            if seen.contains(&toponym.query.as_str()) {
                continue;
            }
            seen.push(&toponym.query);
            if let Some(e) = entry_of(t, chosen[t]) {
                if e.country.is_empty() {
                    continue;
                }
                country_votes.push((&toponym.query, &e.country, 1.0));
                if !e.admin1.is_empty() {
                    admin_votes.push((&toponym.query, &e.country, &e.admin1));
                }
            }
        }
        for &c in demonym_countries {
            country_votes.push(("", c, 0.5));
        }
        (country_votes, admin_votes)
    };
    // Toponyms are rescored one after the other, each reading the others' latest choices
    // (updating all at once lets two names that support each other's second choice swap
    // back and forth).
    for _pass in 0..PASSES {
        let mut likely = likely_places(gaz, toponyms, &scores);
        let (mut country_votes, mut admin_votes) = votes(&chosen);
        let mut stale = false;
        for (t, toponym) in toponyms.iter().enumerate() {
            if std::mem::take(&mut stale) {
                likely = likely_places(gaz, toponyms, &scores);
                (country_votes, admin_votes) = votes(&chosen);
            }
            let others = |q: &str| q != toponym.query;
            let total: f64 = country_votes
                .iter()
                .filter(|v| others(v.0))
                .map(|v| v.2)
                .sum();
            let admin_total = admin_votes.iter().filter(|v| others(v.0)).count() as f64;
            let other_names = distinct.iter().filter(|d| others(d.0)).count() as f64;
            let qualifier = toponym.qualifier.and_then(|q| entry_of(q, chosen[q]));
            for (c, &k) in toponym.candidates.iter().enumerate() {
                let Some(e) = gaz.get(k) else { continue };
                let mut s = priors[t][c];
                if total > 0.0 && !e.country.is_empty() {
                    let share: f64 = country_votes
                        .iter()
                        .filter(|v| others(v.0) && *v.1 == *e.country)
                        .map(|v| v.2)
                        .sum::<f64>()
                        / total;
                    s += W_COUNTRY * share;
                    // A country's own name names it.
                    if share > 0.0 || e.feature == Feature::Country {
                        s += W_COUNTRY_NAMED;
                    }
                    let neighbours = country_votes
                        .iter()
                        .filter(|v| {
                            others(v.0)
                                && *v.1 != *e.country
                                && table
                                    .by_iso2(v.1)
                                    .is_some_and(|c| c.neighbours.iter().any(|n| *n == *e.country))
                        })
                        .map(|v| v.2)
                        .sum::<f64>()
                        / total;
                    s += W_NEIGHBOUR * neighbours;
                }
                let near: f64 = likely
                    .iter()
                    .filter(|(q, _)| others(q))
                    .flat_map(|(_, places)| places.iter())
                    .map(|&(other, p)| p * nearness(e, other))
                    .sum();
                s += W_NEAR * (1.0 + near).ln();
                if admin_total > 0.0 && !e.admin1.is_empty() {
                    let share = admin_votes
                        .iter()
                        .filter(|v| others(v.0) && *v.1 == *e.country && *v.2 == *e.admin1)
                        .count() as f64
                        / admin_total;
                    s += W_ADMIN1 * share;
                }
                if other_names > 0.0 && !e.country.is_empty() {
                    // Other names that could be in the same division, chosen or not.
                    let same_admin = distinct
                        .iter()
                        .filter(|d| {
                            others(d.0)
                                && !e.admin1.is_empty()
                                && d.2.binary_search(&(&*e.country, &*e.admin1)).is_ok()
                        })
                        .count() as f64;
                    s += W_ADMIN1_ANY * same_admin / other_names;
                }
                if let Some(q) = qualifier {
                    s += qualifier_bonus(e, q);
                }
                scores[t][c] = s;
            }
            let best = argmax(&scores[t]);
            stale = best != chosen[t];
            chosen[t] = best;
        }
    }
    chosen
        .iter()
        .enumerate()
        .map(|(t, c)| {
            let c = (*c)?;
            let entry = gaz.get(*toponyms[t].candidates.get(c)?)?;
            let best = scores[t][c];
            let z: f64 = scores[t].iter().map(|s| (s - best).exp()).sum();
            Some(Resolution {
                entry,
                confidence: (1.0 / z.max(1.0)) as f32,
            })
        })
        .collect()
}

/// Each distinct name's likeliest places, with their probability under the current scores
/// (a softmax over its candidates): what the other names are near.
fn likely_places<'a, 'g>(
    gaz: &'g Gazetteer,
    toponyms: &'a [Toponym],
    scores: &[Vec<f64>],
) -> Vec<(&'a str, Vec<(&'g Entry, f64)>)> {
    let mut out: Vec<(&'a str, Vec<(&'g Entry, f64)>)> = Vec::new();
    for (t, toponym) in toponyms.iter().enumerate() {
        if out.iter().any(|(q, _)| *q == toponym.query) {
            continue;
        }
        let Some(scores) = scores.get(t) else {
            continue;
        };
        let best = scores.iter().copied().fold(f64::MIN, f64::max);
        let z: f64 = scores.iter().map(|s| (s - best).exp()).sum();
        let mut places: Vec<(&'g Entry, f64)> = toponym
            .candidates
            .iter()
            .zip(scores)
            .filter_map(|(&k, &s)| Some((gaz.get(k)?, (s - best).exp() / z)))
            .filter(|(e, p)| {
                *p >= LIKELY_MIN_PROBABILITY
                    && matches!(
                        e.feature,
                        Feature::Town | Feature::Capital | Feature::Admin2 | Feature::Admin1
                    )
            })
            .collect();
        places.sort_by(|a, b| b.1.total_cmp(&a.1));
        places.truncate(LIKELY_PLACES);
        out.push((&toponym.query, places));
    }
    out
}

/// How near two places are, in `[0, 1]`: a town and the division it is in, or two towns,
/// divisions or counties within a few tens of kilometres of each other.
fn nearness(e: &Entry, other: &Entry) -> f64 {
    if e.country.is_empty() || *e.country != *other.country {
        return 0.0;
    }
    let point = |f: Feature| matches!(f, Feature::Town | Feature::Capital | Feature::Admin2);
    match (e.feature, other.feature) {
        (Feature::Admin1, f) | (f, Feature::Admin1) if f == Feature::Admin1 || point(f) => {
            f64::from(u8::from(!e.admin1.is_empty() && *e.admin1 == *other.admin1))
        }
        (a, b) if point(a) && point(b) => {
            let d = distance_km(
                e.lat.into(),
                e.lon.into(),
                other.lat.into(),
                other.lon.into(),
            );
            (-d / NEAR_KM).exp()
        }
        _ => 0.0,
    }
}

/// Is `query` (folded) the entry's own name: its name, or a division's name without its
/// generic term ("dekalb" for DeKalb County, "anhui" for Anhui Sheng)? Other matches are
/// alternate names (a former name, a translation, a nickname).
fn own_name(e: &Entry, query: &str) -> bool {
    let name = fold(&e.name);
    name == query
        || (matches!(e.feature, Feature::Admin1 | Feature::Admin2)
            && crate::gazetteer::division_short_names(&name)
                .iter()
                .any(|n| n == query))
}

fn prior(e: &Entry) -> f64 {
    feature_prior(e.feature) + W_POPULATION * ((e.population as f64) + 1.0).log10()
}

fn qualifier_bonus(e: &Entry, q: &Entry) -> f64 {
    if std::ptr::eq(e, q) || e.country.is_empty() || *e.country != *q.country {
        return 0.0;
    }
    match q.feature {
        Feature::Country => W_QUALIFIER_COUNTRY,
        Feature::Admin1 if *e.admin1 == *q.admin1 => W_QUALIFIER_ADMIN,
        Feature::Admin1 => 0.0,
        _ => {
            let d = distance_km(e.lat.into(), e.lon.into(), q.lat.into(), q.lon.into());
            if d <= QUALIFIER_NEAR_KM {
                W_QUALIFIER_NEAR
            } else {
                0.0
            }
        }
    }
}

/// The span's head word is the subject of a speech or action verb.
fn is_speaking_subject(tokens: Range<usize>, info: &dyn TokenInfo) -> bool {
    tokens.clone().any(|k| {
        let subject = info.deprel(k).is_some_and(|d| d.starts_with("nsubj"));
        let head = info.head(k);
        subject
            && head.is_some_and(|h| {
                !tokens.contains(&h)
                    && info
                        .lemma(h)
                        .is_some_and(|l| METONYMY_VERBS.contains(&l.to_lowercase().as_str()))
            })
    })
}

fn place(
    gaz: &Gazetteer,
    span: Span,
    sentence: usize,
    surface: &str,
    role: PlaceRole,
    resolution: &Option<Resolution<'_>>,
) -> Place {
    let mut place = Place {
        span,
        sentence,
        text: surface.to_string(),
        role,
        geonames_id: None,
        name: None,
        feature: None,
        country_alpha2: None,
        country_alpha3: None,
        admin1: None,
        lat: None,
        lon: None,
        confidence: 0.0,
    };
    if let Some(r) = resolution {
        let e = r.entry;
        place.geonames_id = (e.geonameid != 0).then_some(u64::from(e.geonameid));
        place.name = Some(e.name.to_string());
        place.feature = Some(e.feature.code().to_string());
        place.country_alpha2 = (!e.country.is_empty()).then(|| e.country.to_string());
        place.country_alpha3 = (!e.country3.is_empty()).then(|| e.country3.to_string());
        place.admin1 = gaz.admin1_name(e).map(str::to_string);
        place.lat = Some(f64::from(e.lat));
        place.lon = Some(f64::from(e.lon));
        place.confidence = r.confidence;
    }
    place
}

/// "KHARTOUM, Sudan (Reuters) -" at the start of the text or of its second line: the city
/// (upper case) and the region after it.
fn dateline(input: &Input<'_>) -> Option<(Span, Option<Span>)> {
    let text = input.text;
    let word = |k: usize| {
        input
            .tokens
            .get(k)
            .and_then(|s| text.get(s.start..s.end).map(|w| (*s, w)))
    };
    let mut starts = vec![0usize];
    if let Some(newline) = text.find('\n') {
        if newline < 400 {
            starts.push(input.tokens.partition_point(|s| s.start <= newline));
        }
    }
    for start in starts {
        let mut k = start;
        while let Some((_, w)) = word(k) {
            let upper = w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_uppercase() || c == '.' || c == '\'' || c == '-');
            if !upper || k - start >= 4 {
                break;
            }
            k += 1;
        }
        if k == start {
            continue;
        }
        let city = Span::new(input.tokens[start].start, input.tokens[k - 1].end);
        let letters = text
            .get(city.start..city.end)
            .map_or(0, |w| w.chars().filter(|c| c.is_alphabetic()).count());
        if letters < 3 {
            continue;
        }
        let mut region = None;
        if word(k).is_some_and(|(_, w)| w == ",") {
            let r0 = k + 1;
            let mut r1 = r0;
            while let Some((_, w)) = word(r1) {
                if !w.chars().next().is_some_and(char::is_uppercase) || r1 - r0 >= 3 {
                    break;
                }
                r1 += 1;
            }
            if r1 > r0 {
                region = Some(Span::new(input.tokens[r0].start, input.tokens[r1 - 1].end));
                k = r1;
            }
        }
        if word(k).is_some_and(|(_, w)| w == "(") {
            while let Some((_, w)) = word(k) {
                k += 1;
                if w == ")" || k - start > 12 {
                    break;
                }
            }
        }
        let dash = word(k).is_some_and(|(_, w)| matches!(w, "-" | "--" | "\u{2013}" | "\u{2014}"));
        if dash {
            return Some((city, region));
        }
    }
    None
}
