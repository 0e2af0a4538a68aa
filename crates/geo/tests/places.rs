//! Toponym recognition and geocoding on texts written for these tests.

use newsgraph_core::{EntityType, Mention, Place, PlaceRole, Span};
use newsgraph_geo::{find_places, resolve_spans, Input};
use newsgraph_temporal::{NoTags, TokenInfo};

/// LOC mentions for the given names (every occurrence).
fn locs(text: &str, names: &[&str]) -> Vec<Mention> {
    let mut out = Vec::new();
    for name in names {
        for (start, _) in text.match_indices(name) {
            out.push(Mention {
                span: Span::new(start, start + name.len()),
                sentence: 0,
                text: name.to_string(),
                entity_type: EntityType::Loc,
                entity: None,
                confidence: 0.9,
            });
        }
    }
    out.sort_by_key(|m| m.span);
    out
}

fn places(text: &str, loc_names: &[&str], info: &dyn TokenInfo) -> Vec<Place> {
    let seg = newsgraph_text::segment(text);
    let tokens: Vec<Span> = seg.tokens.iter().map(|t| t.span).collect();
    let sentences: Vec<_> = seg.sentences.iter().map(|s| s.tokens.clone()).collect();
    let mentions = locs(text, loc_names);
    let input = Input {
        text,
        tokens: &tokens,
        sentences: &sentences,
        mentions: &mentions,
    };
    find_places(&input, info)
}

fn find<'a>(places: &'a [Place], text: &str) -> &'a Place {
    places
        .iter()
        .find(|p| p.text == text)
        .unwrap_or_else(|| panic!("no place {text:?} in {places:#?}"))
}

#[test]
fn alexandria_louisiana_is_not_alexandria_egypt() {
    let text = "A fire destroyed a home in Alexandria, Louisiana, on Tuesday.";
    let found = places(text, &["Alexandria", "Louisiana"], &NoTags);
    let alexandria = find(&found, "Alexandria");
    assert_eq!(alexandria.country_alpha2.as_deref(), Some("US"));
    assert_eq!(alexandria.admin1.as_deref(), Some("Louisiana"));
    assert_eq!(
        &text[alexandria.span.start..alexandria.span.end],
        "Alexandria"
    );

    let text = "Protesters gathered in Alexandria and Cairo after the vote.";
    let found = places(text, &["Alexandria", "Cairo"], &NoTags);
    assert_eq!(
        find(&found, "Alexandria").country_alpha2.as_deref(),
        Some("EG")
    );
}

#[test]
fn co_mentioned_region_decides_without_a_comma() {
    // No qualifier next to it: the other places of the article point to Louisiana.
    let text = "Deputies in Rapides Parish said the suspect lives in Alexandria. \
                Pineville police helped.";
    let found = places(
        text,
        &["Rapides Parish", "Alexandria", "Pineville"],
        &NoTags,
    );
    let alexandria = find(&found, "Alexandria");
    assert_eq!(alexandria.country_alpha2.as_deref(), Some("US"));
    assert_eq!(alexandria.admin1.as_deref(), Some("Louisiana"));
}

#[test]
fn dateline_is_found_and_resolved() {
    let text = "KHARTOUM, Sudan (Reuters) - The army said on Sunday it had taken the bridge.";
    let found = places(text, &[], &NoTags);
    let dateline = find(&found, "KHARTOUM");
    assert_eq!(dateline.role, PlaceRole::Dateline);
    assert_eq!(dateline.country_alpha3.as_deref(), Some("SDN"));
    assert_eq!(dateline.span, Span::new(0, 8));
    let sudan = find(&found, "Sudan");
    assert_eq!(sudan.role, PlaceRole::Toponym);
    assert_eq!(sudan.feature.as_deref(), Some("A.PCLI"));

    // Not a dateline: an upper-case word without the dash.
    let found = places("NATO leaders met in Brussels.", &["Brussels"], &NoTags);
    assert!(
        found.iter().all(|p| p.role != PlaceRole::Dateline),
        "{found:#?}"
    );
}

#[test]
fn demonyms_are_associated_places_not_toponyms() {
    let text = "Chadian troops crossed the border, a Sudanese official said.";
    let found = places(text, &[], &NoTags);
    let chadian = find(&found, "Chadian");
    assert_eq!(chadian.role, PlaceRole::Associated);
    assert_eq!(chadian.country_alpha2.as_deref(), Some("TD"));
    assert_eq!(
        find(&found, "Sudanese").country_alpha2.as_deref(),
        Some("SD")
    );
    assert!(found.iter().all(|p| p.role == PlaceRole::Associated));
}

#[test]
fn gazetteer_adds_safe_names_the_recogniser_missed() {
    // No mentions at all: a country and a large city are safe, a small town name is not.
    let text = "Aid reached Nigeria and flights to Lagos resumed, officials in Ludlow said.";
    let found = places(text, &[], &NoTags);
    assert_eq!(find(&found, "Nigeria").feature.as_deref(), Some("A.PCLI"));
    assert_eq!(find(&found, "Lagos").country_alpha2.as_deref(), Some("NG"));
    assert!(found.iter().all(|p| p.text != "Ludlow"), "{found:#?}");
}

/// A parse where `subject` is the nominal subject of `verb` (lemma `lemma`).
struct Parse {
    subject: usize,
    verb: usize,
    lemma: &'static str,
}

impl TokenInfo for Parse {
    fn head(&self, token: usize) -> Option<usize> {
        (token == self.subject).then_some(self.verb)
    }
    fn deprel(&self, token: usize) -> Option<&str> {
        (token == self.subject).then_some("nsubj")
    }
    fn lemma(&self, token: usize) -> Option<String> {
        (token == self.verb).then(|| self.lemma.to_string())
    }
}

#[test]
fn capital_as_subject_of_a_speech_verb_is_a_metonym() {
    let text = "Moscow warned that the talks would fail.";
    let parse = Parse {
        subject: 0,
        verb: 1,
        lemma: "warn",
    };
    let found = places(text, &["Moscow"], &parse);
    let moscow = find(&found, "Moscow");
    assert_eq!(moscow.role, PlaceRole::Metonym);
    assert_eq!(moscow.country_alpha2.as_deref(), Some("RU"));

    // The same capital as a location is a toponym.
    let found = places("Snow fell in Moscow overnight.", &["Moscow"], &NoTags);
    assert_eq!(find(&found, "Moscow").role, PlaceRole::Toponym);
}

#[test]
fn resolves_given_spans_in_input_order() {
    let text = "Flooding hit Paris, Texas and Paris.";
    let spans = [Span::new(30, 35), Span::new(13, 18), Span::new(20, 25)];
    let resolved = resolve_spans(text, &spans);
    assert_eq!(resolved.len(), 3);
    let texas = resolved[1].expect("Paris, Texas resolves");
    assert_eq!(&*texas.entry.country, "US");
    assert_eq!(&*texas.entry.admin1, "TX");
    let third = resolved[2].expect("Texas resolves");
    assert_eq!(&*third.entry.name, "Texas");
    assert!(resolved[0].is_some());
    assert!(resolve_spans("", &[Span::new(3, 9)])[0].is_none());
}

#[test]
fn odd_input_does_not_panic() {
    for text in ["", "-", "A", "ÉÉÉ, É —", "KHARTOUM", "The , , Paris's"] {
        let _ = places(text, &["Paris"], &NoTags);
    }
}

/// ORG mentions for the given names (every occurrence).
fn orgs(text: &str, names: &[&str]) -> Vec<Mention> {
    let mut out = locs(text, names);
    for m in &mut out {
        m.entity_type = EntityType::Org;
    }
    out
}

#[test]
fn places_at_the_head_of_institution_names() {
    let text = "The Laurel County Sheriff's Office and the Gainesville Police questioned a man. \
                The Kansas City Council met. The Dublin City Council met too. \
                The Harvard University library closed, and the Supreme Court ruled.";
    let names = [
        "Laurel County Sheriff's Office",
        "Gainesville Police",
        "Kansas City Council",
        "Dublin City Council",
        "Harvard University",
        "Supreme Court",
    ];
    let seg = newsgraph_text::segment(text);
    let tokens: Vec<Span> = seg.tokens.iter().map(|t| t.span).collect();
    let sentences: Vec<_> = seg.sentences.iter().map(|s| s.tokens.clone()).collect();
    let mentions = orgs(text, &names);
    let input = Input {
        text,
        tokens: &tokens,
        sentences: &sentences,
        mentions: &mentions,
    };
    let found = find_places(&input, &NoTags);
    let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
    assert!(texts.contains(&"Laurel County"), "{texts:?}");
    assert!(texts.contains(&"Gainesville"), "{texts:?}");
    assert!(texts.contains(&"Kansas City"), "{texts:?}");
    assert!(texts.contains(&"Dublin"), "{texts:?}");
    // A town too small to be named by an institution alone, and a court that is no place.
    assert!(!texts.contains(&"Harvard"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("Supreme")), "{texts:?}");
    assert_eq!(
        find(&found, "Laurel County").country_alpha2.as_deref(),
        Some("US")
    );
}

/// Resolve every occurrence of the given names in `text` as gold spans.
fn resolve_names<'g>(
    text: &str,
    names: &[&str],
) -> Vec<(String, Option<newsgraph_geo::Resolution<'g>>)> {
    let mut spans = Vec::new();
    for name in names {
        for (start, _) in text.match_indices(name) {
            spans.push(Span::new(start, start + name.len()));
        }
    }
    let resolved = resolve_spans(text, &spans);
    spans
        .iter()
        .zip(resolved)
        .map(|(s, r)| (text[s.start..s.end].to_string(), r))
        .collect()
}

fn resolved_as<'g>(
    found: &[(String, Option<newsgraph_geo::Resolution<'g>>)],
    name: &str,
) -> &'g newsgraph_geo::Entry {
    found
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, r)| r.map(|r| r.entry))
        .unwrap_or_else(|| panic!("{name} unresolved"))
}

#[test]
fn nearness_crosses_division_borders() {
    // Hanover, New Hampshire lies across the river from Vermont's towns.
    let text = "The college in Hanover hired a dean who lives in Norwich, Vt.";
    let found = resolve_names(text, &["Hanover", "Norwich", "Vt."]);
    let hanover = resolved_as(&found, "Hanover");
    assert_eq!((&*hanover.country, &*hanover.admin1), ("US", "NH"));
}

#[test]
fn australian_and_canadian_division_abbreviations() {
    let text = "Floods cut roads near Lismore, NSW, and a storm hit Kingston, Ont.";
    let found = resolve_names(text, &["Lismore", "NSW", "Kingston", "Ont."]);
    let nsw = resolved_as(&found, "NSW");
    assert_eq!((&*nsw.country, &*nsw.admin1), ("AU", "02"));
    assert_eq!(&*resolved_as(&found, "Lismore").country, "AU");
    let ontario = resolved_as(&found, "Ont.");
    assert_eq!((&*ontario.country, &*ontario.admin1), ("CA", "08"));
    assert_eq!(&*resolved_as(&found, "Kingston").country, "CA");
}

/// Mentions of the given type for the given names (every occurrence), each its own entity
/// unless `entity` says otherwise.
fn typed(text: &str, names: &[(&str, EntityType, Option<usize>)]) -> Vec<Mention> {
    let mut out = Vec::new();
    for &(name, entity_type, entity) in names {
        for (start, _) in text.match_indices(name) {
            if out
                .iter()
                .any(|m: &Mention| m.span.start <= start && start < m.span.end)
            {
                continue;
            }
            out.push(Mention {
                span: Span::new(start, start + name.len()),
                sentence: 0,
                text: name.to_string(),
                entity_type,
                entity,
                confidence: 0.9,
            });
        }
    }
    out.sort_by_key(|m| m.span);
    out
}

fn find_with(text: &str, mentions: &[Mention]) -> Vec<Place> {
    let seg = newsgraph_text::segment(text);
    let tokens: Vec<Span> = seg.tokens.iter().map(|t| t.span).collect();
    let sentences: Vec<_> = seg.sentences.iter().map(|s| s.tokens.clone()).collect();
    let input = Input {
        text,
        tokens: &tokens,
        sentences: &sentences,
        mentions,
    };
    find_places(&input, &NoTags)
}

#[test]
fn place_names_the_recogniser_typed_otherwise() {
    use EntityType::{Org, Person};
    let text = "Kanawha County commissioners met on Monday. The fire spread toward Glen Allen. \
                Deputies from Walker County helped. She grew up in Lancaster. \
                Jones told reporters the plan would work. Glen Carbon scored twice, and Carbon \
                said the team was ready.";
    let mentions = typed(
        text,
        &[
            ("Kanawha County", Org, None),
            ("Glen Allen", Person, None),
            ("Walker", Person, None),
            ("Lancaster", Person, None),
            ("Jones", Person, None),
            ("Glen Carbon", Person, Some(7)),
            ("Carbon", Person, Some(7)),
        ],
    );
    let found = find_with(text, &mentions);
    let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
    // Several words that name a place; a division whose word the recogniser left out; one
    // word after a locative preposition.
    assert!(texts.contains(&"Kanawha County"), "{texts:?}");
    assert!(texts.contains(&"Glen Allen"), "{texts:?}");
    assert!(texts.contains(&"Walker County"), "{texts:?}");
    assert!(texts.contains(&"Lancaster"), "{texts:?}");
    // A surname without a preposition, and a person whose name the article shortens (a town
    // in Illinois is also called Glen Carbon), stay people.
    assert!(!texts.contains(&"Jones"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("Carbon")), "{texts:?}");
    assert_eq!(
        find(&found, "Kanawha County").country_alpha2.as_deref(),
        Some("US")
    );
}

#[test]
fn places_in_institution_and_facility_names() {
    use EntityType::{Loc, Org};
    let text = "The Kansas Department of Transportation closed the road. Students at the \
                University of Toronto and the University of Southern Indiana protested. \
                The Bureau of Labor Statistics reported. Fans filled the Mount Pleasant \
                High School gym.";
    let mentions = typed(
        text,
        &[
            ("Kansas Department of Transportation", Org, None),
            ("University of Toronto", Org, None),
            ("University of Southern Indiana", Org, None),
            ("Bureau of Labor Statistics", Org, None),
            ("Mount Pleasant High School", Loc, None),
        ],
    );
    let found = find_with(text, &mentions);
    let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
    assert!(texts.contains(&"Kansas"), "{texts:?}");
    assert!(texts.contains(&"Toronto"), "{texts:?}");
    // A direction word after "of" is part of no place the gazetteer has.
    assert!(texts.contains(&"Indiana"), "{texts:?}");
    assert!(!texts.contains(&"Southern"), "{texts:?}");
    assert!(!texts.contains(&"University"), "{texts:?}");
    // A word before "of" that is no office of a place.
    assert!(!texts.iter().any(|t| t.contains("Labor")), "{texts:?}");
    assert!(texts.contains(&"Mount Pleasant"), "{texts:?}");
}

#[test]
fn streets_and_numbered_roads_are_unresolved_toponyms() {
    let text = "The crash happened at West 11th Street and Grand Avenue. Traffic on Highway 19 \
                and County Road 43 was slow. Road crews worked all night.";
    let found = find_with(text, &[]);
    let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
    for street in [
        "West 11th Street",
        "Grand Avenue",
        "Highway 19",
        "County Road 43",
    ] {
        assert!(texts.contains(&street), "{street}: {texts:?}");
        assert!(find(&found, street).lat.is_none());
    }
    // A street word with no name before it.
    assert!(
        !texts.iter().any(|t| t.starts_with("Road crews")),
        "{texts:?}"
    );
    assert!(!texts.contains(&"Road"), "{texts:?}");
}

#[test]
fn a_far_larger_place_known_by_another_name_is_not_penalised() {
    // GeoNames stores the holy city as "Makkah" with "Mecca" among its other names; the town
    // in California is named "Mecca".
    let text = "Pilgrims travelled to Mecca for the hajj.";
    let found = resolve_names(text, &["Mecca"]);
    assert_eq!(&*resolved_as(&found, "Mecca").country, "SA");
}

#[test]
fn an_abbreviation_keeps_its_period_at_a_sentence_end() {
    let text = "The storm moved north from Denver, Colo. It later reached the U.S. Aid came \
                from Washington, D.C.";
    let found = places(
        text,
        &["Denver", "Colo", "U.S", "Washington", "D.C"],
        &NoTags,
    );
    let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
    for name in ["Colo.", "U.S.", "D.C."] {
        assert!(texts.contains(&name), "{name}: {texts:?}");
    }
    assert_eq!(find(&found, "Colo.").admin1.as_deref(), Some("Colorado"));
}

#[test]
fn a_location_named_like_a_person_of_the_article_is_the_person() {
    // "Flores" is also a department of Uruguay; here it is Matthew D. Flores.
    let text = "Matthew D. Flores was shot in Sunnyvale. Police said Flores had left work.";
    let mentions = typed(
        text,
        &[
            ("Matthew D. Flores", EntityType::Person, None),
            ("Sunnyvale", EntityType::Loc, None),
            ("Flores", EntityType::Loc, None),
        ],
    );
    let found = find_with(text, &mentions);
    assert!(found.iter().all(|p| p.text != "Flores"), "{found:#?}");
    find(&found, "Sunnyvale");

    // A large division stays a place: "Georgia" beside a Ms. Georgia Smith... and after a
    // personal title a location mention is a person.
    let text = "Ms. Odell said the Georgia law is new. Mary Georgia lives in Athens.";
    let mentions = typed(
        text,
        &[
            ("Odell", EntityType::Loc, None),
            ("Mary Georgia", EntityType::Person, None),
            ("Georgia", EntityType::Loc, None),
            ("Athens", EntityType::Loc, None),
        ],
    );
    let found = find_with(text, &mentions);
    assert!(found.iter().all(|p| p.text != "Odell"), "{found:#?}");
    find(&found, "Georgia");
}

#[test]
fn buildings_days_directions_and_diseases_are_no_places() {
    let text = "Officials at the White House and Mercy Memorial Hospital met on St. Patrick's \
                Day in the North after West Nile virus was found in Houston.";
    let mentions = typed(
        text,
        &[
            ("White House", EntityType::Loc, None),
            ("Mercy Memorial Hospital", EntityType::Loc, None),
            ("St. Patrick's Day", EntityType::Loc, None),
            ("North", EntityType::Loc, None),
            ("West Nile", EntityType::Loc, None),
            ("Houston", EntityType::Loc, None),
        ],
    );
    let found = find_with(text, &mentions);
    let names: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(names, ["Houston"], "{found:#?}");
}

#[test]
fn a_name_found_as_a_location_elsewhere_is_a_place_everywhere() {
    // The recogniser took the first "Lancaster" for a person, the second for a location.
    let text = "Lancaster said the budget is short. Schools in Lancaster will close early.";
    let mentions = typed(
        text,
        &[
            ("Lancaster said", EntityType::Person, None),
            ("in Lancaster", EntityType::Loc, None),
        ],
    );
    // Spans of the names themselves.
    let mentions: Vec<Mention> = mentions
        .into_iter()
        .map(|mut m| {
            let (skip, name) = match m.entity_type {
                EntityType::Person => (0, "Lancaster"),
                _ => (3, "Lancaster"),
            };
            m.span = Span::new(m.span.start + skip, m.span.start + skip + name.len());
            m.text = name.to_string();
            m
        })
        .collect();
    let found = find_with(text, &mentions);
    assert_eq!(
        found.iter().filter(|p| p.text == "Lancaster").count(),
        2,
        "{found:#?}"
    );
}

#[test]
fn an_exact_name_beats_another_place_known_by_it_in_context() {
    // Swainsboro, Georgia, has "Paris" among its other names; a story that names Henry County
    // (Georgia has one, as has Tennessee, whose Paris is its seat) still means a Paris.
    let text = "Paris police said Henry County deputies found the car.";
    let spans: Vec<Span> = ["Paris", "Henry County"]
        .iter()
        .flat_map(|n| {
            text.match_indices(n)
                .map(|(s, _)| Span::new(s, s + n.len()))
        })
        .collect();
    let resolved = resolve_spans(text, &spans);
    let paris = resolved[0].expect("resolved");
    assert_eq!(&*paris.entry.name, "Paris");
}

#[test]
fn divisions_natural_earth_draws_are_at_their_area_centroid() {
    // Not at the centre of the box of their towns (Ontario's are in its south).
    let gaz = newsgraph_geo::gazetteer();
    let ontario = gaz
        .admin1_entry("CA", "08")
        .and_then(|k| gaz.get(k))
        .expect("Ontario");
    assert_eq!(&*ontario.name, "Ontario");
    let km = newsgraph_geo::distance_km(ontario.lat.into(), ontario.lon.into(), 50.0, -86.0);
    assert!(km < 100.0, "Ontario at {}, {}", ontario.lat, ontario.lon);
}
