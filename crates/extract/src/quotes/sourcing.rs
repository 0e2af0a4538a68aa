//! What a source description says about the sources: how many, of what kind, from where, and
//! whether they are named. "two Chadian officials and a Western diplomat" → 3 sources: 2
//! officials (TCD) and 1 diplomat, anonymous.

use newsgraph_core::{SourceGroup, Sourcing, Span};

/// Demonyms and their ISO 3166 alpha-3 codes.
const DEMONYMS: &[(&str, &str)] = &[
    ("afghan", "AFG"),
    ("albanian", "ALB"),
    ("algerian", "DZA"),
    ("american", "USA"),
    ("angolan", "AGO"),
    ("argentine", "ARG"),
    ("argentinian", "ARG"),
    ("armenian", "ARM"),
    ("australian", "AUS"),
    ("austrian", "AUT"),
    ("azerbaijani", "AZE"),
    ("bahraini", "BHR"),
    ("bangladeshi", "BGD"),
    ("belarusian", "BLR"),
    ("belgian", "BEL"),
    ("beninese", "BEN"),
    ("bolivian", "BOL"),
    ("bosnian", "BIH"),
    ("brazilian", "BRA"),
    ("british", "GBR"),
    ("bulgarian", "BGR"),
    ("burkinabe", "BFA"),
    ("burmese", "MMR"),
    ("burundian", "BDI"),
    ("cambodian", "KHM"),
    ("cameroonian", "CMR"),
    ("canadian", "CAN"),
    ("chadian", "TCD"),
    ("chilean", "CHL"),
    ("chinese", "CHN"),
    ("colombian", "COL"),
    ("congolese", "COD"),
    ("croatian", "HRV"),
    ("cuban", "CUB"),
    ("cypriot", "CYP"),
    ("czech", "CZE"),
    ("danish", "DNK"),
    ("djiboutian", "DJI"),
    ("dutch", "NLD"),
    ("ecuadorian", "ECU"),
    ("egyptian", "EGY"),
    ("emirati", "ARE"),
    ("eritrean", "ERI"),
    ("estonian", "EST"),
    ("ethiopian", "ETH"),
    ("filipino", "PHL"),
    ("finnish", "FIN"),
    ("french", "FRA"),
    ("gabonese", "GAB"),
    ("gambian", "GMB"),
    ("georgian", "GEO"),
    ("german", "DEU"),
    ("ghanaian", "GHA"),
    ("greek", "GRC"),
    ("guatemalan", "GTM"),
    ("guinean", "GIN"),
    ("haitian", "HTI"),
    ("honduran", "HND"),
    ("hungarian", "HUN"),
    ("icelandic", "ISL"),
    ("indian", "IND"),
    ("indonesian", "IDN"),
    ("iranian", "IRN"),
    ("iraqi", "IRQ"),
    ("irish", "IRL"),
    ("israeli", "ISR"),
    ("italian", "ITA"),
    ("ivorian", "CIV"),
    ("jamaican", "JAM"),
    ("japanese", "JPN"),
    ("jordanian", "JOR"),
    ("kazakh", "KAZ"),
    ("kenyan", "KEN"),
    ("korean", "KOR"),
    ("kosovar", "XKX"),
    ("kuwaiti", "KWT"),
    ("kyrgyz", "KGZ"),
    ("lao", "LAO"),
    ("latvian", "LVA"),
    ("lebanese", "LBN"),
    ("liberian", "LBR"),
    ("libyan", "LBY"),
    ("lithuanian", "LTU"),
    ("malagasy", "MDG"),
    ("malawian", "MWI"),
    ("malaysian", "MYS"),
    ("malian", "MLI"),
    ("mauritanian", "MRT"),
    ("mexican", "MEX"),
    ("moldovan", "MDA"),
    ("mongolian", "MNG"),
    ("moroccan", "MAR"),
    ("mozambican", "MOZ"),
    ("namibian", "NAM"),
    ("nepalese", "NPL"),
    ("nepali", "NPL"),
    ("nicaraguan", "NIC"),
    ("nigerian", "NGA"),
    ("nigerien", "NER"),
    ("norwegian", "NOR"),
    ("omani", "OMN"),
    ("pakistani", "PAK"),
    ("palestinian", "PSE"),
    ("panamanian", "PAN"),
    ("paraguayan", "PRY"),
    ("peruvian", "PER"),
    ("polish", "POL"),
    ("portuguese", "PRT"),
    ("qatari", "QAT"),
    ("romanian", "ROU"),
    ("russian", "RUS"),
    ("rwandan", "RWA"),
    ("saudi", "SAU"),
    ("senegalese", "SEN"),
    ("serbian", "SRB"),
    ("singaporean", "SGP"),
    ("slovak", "SVK"),
    ("slovenian", "SVN"),
    ("somali", "SOM"),
    ("south african", "ZAF"),
    ("south korean", "KOR"),
    ("north korean", "PRK"),
    ("south sudanese", "SSD"),
    ("spanish", "ESP"),
    ("sri lankan", "LKA"),
    ("sudanese", "SDN"),
    ("swedish", "SWE"),
    ("swiss", "CHE"),
    ("syrian", "SYR"),
    ("taiwanese", "TWN"),
    ("tajik", "TJK"),
    ("tanzanian", "TZA"),
    ("thai", "THA"),
    ("togolese", "TGO"),
    ("tunisian", "TUN"),
    ("turkish", "TUR"),
    ("turkmen", "TKM"),
    ("ugandan", "UGA"),
    ("ukrainian", "UKR"),
    ("uruguayan", "URY"),
    ("uzbek", "UZB"),
    ("venezuelan", "VEN"),
    ("vietnamese", "VNM"),
    ("yemeni", "YEM"),
    ("zambian", "ZMB"),
    ("zimbabwean", "ZWE"),
];

/// The ISO 3166 alpha-3 code of a demonym ("Chadian" → "TCD").
pub fn demonym_country(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    DEMONYMS
        .iter()
        .find(|(d, _)| *d == lower)
        .map(|&(_, code)| code)
}

/// Whether `word` (lower case) can open a two-word demonym of [`DEMONYMS`] ("south
/// african"): only these are worth looking up with the next word.
fn two_word_demonym_start(word: &str) -> bool {
    matches!(word, "south" | "north" | "sri")
}

/// Kinds of sources, by the noun that names them (singular and plural forms).
fn source_kind(noun: &str) -> Option<&'static str> {
    Some(match noun {
        "official" | "officials" => "official",
        "diplomat" | "diplomats" => "diplomat",
        "analyst" | "analysts" => "analyst",
        "witness" | "witnesses" | "eyewitness" | "eyewitnesses" => "witness",
        "source" | "sources" => "source",
        "person" | "persons" | "people" => "person",
        "resident" | "residents" => "resident",
        "spokesman" | "spokeswoman" | "spokesperson" | "spokesmen" | "spokeswomen"
        | "spokespeople" => "spokesperson",
        "aide" | "aides" => "aide",
        "adviser" | "advisers" | "advisor" | "advisors" => "adviser",
        "officer" | "officers" => "officer",
        "expert" | "experts" => "expert",
        "lawmaker" | "lawmakers" | "legislator" | "legislators" => "lawmaker",
        "observer" | "observers" => "observer",
        "insider" | "insiders" => "insider",
        "executive" | "executives" => "executive",
        "investigator" | "investigators" => "investigator",
        "commander" | "commanders" => "commander",
        "activist" | "activists" => "activist",
        "doctor" | "doctors" | "medic" | "medics" => "doctor",
        "employee" | "employees" | "staffer" | "staffers" => "employee",
        "negotiator" | "negotiators" => "negotiator",
        "soldier" | "soldiers" => "soldier",
        "member" | "members" => "member",
        "economist" | "economists" => "economist",
        "researcher" | "researchers" => "researcher",
        "lawyer" | "lawyers" | "attorney" | "attorneys" => "lawyer",
        "police" | "policeman" | "policemen" | "policewoman" => "police",
        "rebel" | "rebels" => "rebel",
        "delegate" | "delegates" => "delegate",
        "envoy" | "envoys" => "envoy",
        "minister" | "ministers" => "minister",
        "survivor" | "survivors" => "survivor",
        "relative" | "relatives" => "relative",
        "colleague" | "colleagues" => "colleague",
        "strategist" | "strategists" => "strategist",
        "donor" | "donors" => "donor",
        "voter" | "voters" => "voter",
        _ => return None,
    })
}

fn is_plural(noun: &str) -> bool {
    noun.ends_with('s') && !noun.ends_with("ss")
        || matches!(
            noun,
            "people" | "police" | "spokesmen" | "spokeswomen" | "policemen"
        )
}

fn number_word(word: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    match word {
        "a" | "an" | "another" | "single" => Some(1),
        "both" | "pair" => Some(2),
        _ => WORDS
            .iter()
            .position(|w| *w == word)
            .map(|n| n as u32)
            .or_else(|| word.parse().ok()),
    }
}

/// Phrases saying a source is not named.
const ANONYMITY: &[&str] = &[
    "condition of anonymity",
    "on condition they not be named",
    "on condition that they not be named",
    "declined to be named",
    "asked not to be named",
    "asked not to be identified",
    "declined to be identified",
    "not authorized to speak",
    "not authorised to speak",
    "familiar with",
    "close to",
    "speaking anonymously",
    "who requested anonymity",
    "requested anonymity",
];

/// Words of `text` with their byte spans (letters, digits, hyphens and apostrophes).
fn words(text: &str) -> Vec<(Span, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || c == '-' || c == '\'' || c == '\u{2019}';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((Span::new(s, i), &text[s..i]));
                if c == ',' {
                    out.push((Span::new(i, i + 1), ","));
                }
                start = None;
            }
            (false, None) if c == ',' => out.push((Span::new(i, i + 1), ",")),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((Span::new(s, text.len()), &text[s..]));
    }
    out
}

/// Parse a source description (`text` is the source's text, starting at byte `offset` of the
/// article; `context` is the rest of its sentence, for "who spoke on condition of
/// anonymity"). `named` says whether the source names a person or organisation. `None` when
/// the description says nothing about kinds or anonymity.
pub fn parse_sourcing(text: &str, offset: usize, context: &str, named: bool) -> Option<Sourcing> {
    let tokens = words(text);
    let mut groups: Vec<SourceGroup> = Vec::new();
    let mut group_start: Option<usize> = None;
    let mut count: Option<u32> = None;
    let mut nationality: Option<String> = None;
    let mut i = 0;
    while i < tokens.len() {
        let (span, raw) = tokens[i];
        let word = raw.to_lowercase();
        if word == "and" || word == "," || word == "or" {
            group_start = None;
            count = None;
            nationality = None;
            i += 1;
            continue;
        }
        if group_start.is_none() {
            group_start = Some(span.start);
        }
        if let Some(n) = number_word(&word) {
            count = Some(n);
        } else if let Some(code) = tokens
            .get(i + 1)
            .filter(|_| two_word_demonym_start(&word))
            .and_then(|(_, next)| demonym_country(&format!("{word} {}", next.to_lowercase())))
        {
            nationality = Some(code.to_string());
            i += 1;
        } else if let Some(code) = demonym_country(&word) {
            nationality = Some(code.to_string());
        } else if let Some(kind) = source_kind(&word) {
            let mut kind = kind.to_string();
            let mut end = span.end;
            // "a person familiar with the matter", "people close to the talks".
            let rest = &text[span.end..];
            let rest_lower = rest.to_lowercase();
            for phrase in [
                "familiar with the matter",
                "familiar with the",
                "close to the",
            ] {
                if rest_lower.trim_start().starts_with(phrase) {
                    let lead = rest.len() - rest.trim_start().len();
                    if phrase == "familiar with the matter" {
                        kind = format!("{kind} familiar with the matter");
                    }
                    end = span.end + lead + phrase.len();
                    break;
                }
            }
            let count = count.or_else(|| (!is_plural(&word)).then_some(1));
            groups.push(SourceGroup {
                span: Span::new(group_start.unwrap_or(span.start), end).shifted(offset),
                count,
                kind,
                nationality: nationality.take(),
            });
            group_start = None;
        }
        i += 1;
    }
    let lower_context = context.to_lowercase();
    let lower_text = text.to_lowercase();
    let anonymity_phrase = ANONYMITY
        .iter()
        .any(|p| lower_text.contains(p) || lower_context.contains(p));
    if groups.is_empty() && !anonymity_phrase {
        return None;
    }
    let total = groups
        .iter()
        .map(|g| g.count)
        .try_fold(0u32, |sum, c| c.map(|c| sum + c))
        .filter(|_| !groups.is_empty());
    Some(Sourcing {
        span: Span::new(offset, offset + text.len()),
        count: total,
        anonymous: !named,
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn officials_and_a_diplomat() {
        let text = "two Chadian officials and a Western diplomat";
        let sourcing = parse_sourcing(text, 10, "", false).expect("a sourcing");
        assert_eq!(sourcing.count, Some(3));
        assert!(sourcing.anonymous);
        assert_eq!(sourcing.groups.len(), 2);
        assert_eq!(sourcing.groups[0].count, Some(2));
        assert_eq!(sourcing.groups[0].kind, "official");
        assert_eq!(sourcing.groups[0].nationality.as_deref(), Some("TCD"));
        assert_eq!(sourcing.groups[0].span, Span::new(10, 31));
        assert_eq!(sourcing.groups[1].count, Some(1));
        assert_eq!(sourcing.groups[1].kind, "diplomat");
        assert_eq!(sourcing.groups[1].nationality, None);
        assert_eq!(sourcing.span, Span::new(10, 10 + text.len()));
    }

    #[test]
    fn officials_on_condition_of_anonymity() {
        let sourcing = parse_sourcing(
            "officials",
            0,
            "who spoke on condition of anonymity because they were not authorized",
            false,
        )
        .expect("a sourcing");
        assert_eq!(sourcing.count, None);
        assert_eq!(sourcing.groups[0].kind, "official");
        assert_eq!(sourcing.groups[0].count, None);
        assert!(sourcing.anonymous);
    }

    #[test]
    fn a_person_familiar_with_the_matter() {
        let text = "a person familiar with the matter";
        let sourcing = parse_sourcing(text, 0, "", false).expect("a sourcing");
        assert_eq!(sourcing.count, Some(1));
        assert_eq!(sourcing.groups[0].kind, "person familiar with the matter");
        assert_eq!(sourcing.groups[0].span, Span::new(0, text.len()));
    }

    #[test]
    fn three_senior_us_officials_and_demonym_pairs() {
        let sourcing =
            parse_sourcing("three senior American officials", 0, "", false).expect("a sourcing");
        assert_eq!(sourcing.count, Some(3));
        assert_eq!(sourcing.groups[0].nationality.as_deref(), Some("USA"));
        let sourcing =
            parse_sourcing("a South Sudanese diplomat", 0, "", false).expect("a sourcing");
        assert_eq!(sourcing.groups[0].nationality.as_deref(), Some("SSD"));
    }

    #[test]
    fn named_people_are_not_sourcing() {
        assert_eq!(parse_sourcing("Amina Okafor", 0, "", true), None);
        let s = parse_sourcing("a spokesman for the ministry", 0, "", true).expect("a sourcing");
        assert!(!s.anonymous);
    }

    #[test]
    fn every_two_word_demonym_has_a_known_first_word() {
        for (demonym, _) in DEMONYMS {
            if let Some((first, _)) = demonym.split_once(' ') {
                assert!(two_word_demonym_start(first), "{demonym}");
            }
        }
    }

    #[test]
    fn demonyms() {
        assert_eq!(demonym_country("Chadian"), Some("TCD"));
        assert_eq!(demonym_country("Martian"), None);
    }
}
