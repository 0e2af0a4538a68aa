//! Tests of the tagger: a tiny model trained here on sentences written for the purpose, and
//! the shipped model when `models/tagger.ngm` is present.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use newsgraph_ml::ModelHeader;
use proptest::prelude::*;

use super::*;

/// Sentences as `form/UPOS/XPOS/lemma` tokens.
const GOLD: &[&str] = &[
    "The/DET/DT/the troops/NOUN/NNS/troop crossed/VERB/VBD/cross the/DET/DT/the river/NOUN/NN/river ./PUNCT/././",
    "Rebels/NOUN/NNS/rebel threatened/VERB/VBD/threaten the/DET/DT/the capital/NOUN/NN/capital on/ADP/IN/on Monday/PROPN/NNP/Monday ./PUNCT/././",
    "The/DET/DT/the minister/NOUN/NN/minister said/VERB/VBD/say the/DET/DT/the talks/NOUN/NNS/talk had/AUX/VBD/have failed/VERB/VBN/fail ./PUNCT/././",
    "Police/NOUN/NNS/police arrested/VERB/VBD/arrest two/NUM/CD/two men/NOUN/NNS/man in/ADP/IN/in Lagos/PROPN/NNP/Lagos ./PUNCT/././",
    "She/PRON/PRP/she is/AUX/VBZ/be studying/VERB/VBG/study the/DET/DT/the reports/NOUN/NNS/report ./PUNCT/././",
    "The/DET/DT/the army/NOUN/NN/army will/AUX/MD/will leave/VERB/VB/leave the/DET/DT/the city/NOUN/NN/city soon/ADV/RB/soon ./PUNCT/././",
    "Officials/NOUN/NNS/official in/ADP/IN/in Kenya/PROPN/NNP/Kenya denied/VERB/VBD/deny the/DET/DT/the claims/NOUN/NNS/claim ./PUNCT/././",
    "He/PRON/PRP/he sought/VERB/VBD/seek asylum/NOUN/NN/asylum in/ADP/IN/in France/PROPN/NNP/France last/ADJ/JJ/last year/NOUN/NN/year ./PUNCT/././",
    "The/DET/DT/the new/ADJ/JJ/new government/NOUN/NN/government promised/VERB/VBD/promise higher/ADJ/JJR/high wages/NOUN/NNS/wage ./PUNCT/././",
    "They/PRON/PRP/they were/AUX/VBD/be fighting/VERB/VBG/fight near/ADP/IN/near the/DET/DT/the border/NOUN/NN/border ./PUNCT/././",
    "Protesters/NOUN/NNS/protester marched/VERB/VBD/march through/ADP/IN/through Nairobi/PROPN/NNP/Nairobi on/ADP/IN/on Friday/PROPN/NNP/Friday ./PUNCT/././",
    "The/DET/DT/the company/NOUN/NN/company has/AUX/VBZ/have closed/VERB/VBN/close its/PRON/PRP$/its factories/NOUN/NNS/factory ./PUNCT/././",
    "Voters/NOUN/NNS/voter rejected/VERB/VBD/reject the/DET/DT/the plan/NOUN/NN/plan ,/PUNCT/,/, officials/NOUN/NNS/official said/VERB/VBD/say ./PUNCT/././",
    "It/PRON/PRP/it was/AUX/VBD/be the/DET/DT/the largest/ADJ/JJS/large protest/NOUN/NN/protest in/ADP/IN/in years/NOUN/NNS/year ./PUNCT/././",
    "Soldiers/NOUN/NNS/soldier killed/VERB/VBD/kill three/NUM/CD/three militants/NOUN/NNS/militant ./PUNCT/././",
    "The/DET/DT/the president/NOUN/NN/president visited/VERB/VBD/visit Berlin/PROPN/NNP/Berlin and/CCONJ/CC/and Paris/PROPN/NNP/Paris ./PUNCT/././",
];

/// Unlabelled text for the clusters and profiles.
const TEXT: &[&str] = &[
    "The rebels crossed the border on Tuesday .",
    "Officials said the army had left the capital .",
    "Police arrested the protesters in Berlin .",
    "The minister visited Kenya and France .",
    "Soldiers and rebels were fighting near the river .",
    "The government denied the reports on Sunday .",
];

fn gold() -> Vec<Vec<TrainWord>> {
    GOLD.iter()
        .map(|line| {
            line.split(' ')
                .map(|token| {
                    let parts: Vec<&str> = token.split('/').collect();
                    TrainWord {
                        form: parts[0].into(),
                        upos: parts[1].into(),
                        xpos: parts[2].into(),
                        lemma: parts[3].into(),
                    }
                })
                .collect()
        })
        .collect()
}

fn text() -> Vec<Vec<String>> {
    TEXT.iter()
        .map(|s| s.split(' ').map(String::from).collect())
        .collect()
}

fn options(seed: u64) -> TrainOptions {
    TrainOptions {
        seed,
        iterations: 6,
        prune: 0.0,
        unlabeled_vocab: 20,
        dict_min_count: 4,
        cluster_levels: vec![2, 4],
        cluster_min_count: 1,
        cluster_iterations: 3,
        ..TrainOptions::default()
    }
}

fn train_tiny(seed: u64) -> Tagger {
    let gold = gold();
    let mut iterations = 0;
    let tagger = train(&gold, &gold, &text(), &options(seed), &mut |event| {
        if let TrainEvent::Iteration(p) = event {
            iterations += 1;
            if p.stage == "final" {
                assert!(p.dev.is_some());
            }
        }
    })
    .unwrap();
    assert_eq!(iterations, 12, "six iterations for each of the two taggers");
    tagger
}

fn tiny() -> &'static Tagger {
    static TINY: OnceLock<Tagger> = OnceLock::new();
    TINY.get_or_init(|| train_tiny(7))
}

fn header() -> ModelHeader {
    let mut header = ModelHeader::new(KIND);
    header.command = "test".into();
    header.created = "2025-01-01".into();
    header
}

#[test]
fn learns_the_training_sentences() {
    let tagger = tiny();
    let scores = tagger.score(&gold());
    assert!(scores.upos() >= 95.0, "UPOS {:.1}", scores.upos());
    assert!(scores.xpos() >= 95.0, "XPOS {:.1}", scores.xpos());
    assert!(scores.lemma() >= 95.0, "lemma {:.1}", scores.lemma());
    let mut tags = Vec::new();
    tagger.tag(
        &["The", "rebels", "crossed", "the", "river", "."],
        &mut tags,
    );
    let names: Vec<(&str, &str)> = tags
        .iter()
        .map(|&t| (tagger.upos_name(t), tagger.xpos_name(t)))
        .collect();
    assert_eq!(names[0], ("DET", "DT"));
    assert_eq!(names[1].0, "NOUN");
    assert_eq!(names[2], ("VERB", "VBD"));
    assert_eq!(names[5], ("PUNCT", "."));
    assert_eq!(tagger.lemma("rebels", tags[1]), "rebel");
    assert_eq!(tagger.lemma("crossed", tags[2]), "cross");
}

#[test]
fn training_is_deterministic() {
    let a = train_tiny(3).to_bytes(&header()).unwrap();
    let b = train_tiny(3).to_bytes(&header()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn model_bytes_round_trip() {
    let tagger = tiny();
    let bytes = tagger.to_bytes(&header()).unwrap();
    let back = Tagger::from_bytes(&bytes, Path::new("tiny.ngm")).unwrap();
    assert_eq!(back.header().kind, KIND);
    assert_eq!(back.upos_names(), tagger.upos_names());
    assert_eq!(back.xpos_names(), tagger.xpos_names());
    let words = ["Soldiers", "visited", "the", "capital", "."];
    let (mut a, mut b) = (Vec::new(), Vec::new());
    tagger.tag(&words, &mut a);
    back.tag(&words, &mut b);
    assert_eq!(a, b);
    assert_eq!(back.to_bytes(&header()).unwrap(), bytes);

    let dir = std::env::temp_dir().join(format!("newsgraph-tagger-{}", std::process::id()));
    let path = dir.join("tagger.ngm");
    tagger.save(&path, &header()).unwrap();
    let loaded = Tagger::load(&path).unwrap();
    loaded.tag(&words, &mut b);
    assert_eq!(a, b);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_model_bytes_are_errors() {
    assert!(Tagger::from_bytes(b"", Path::new("x")).is_err());
    assert!(Tagger::from_bytes(b"NGMODEL\n\x02\0\0\0{}", Path::new("x")).is_err());
    let bytes = tiny().to_bytes(&header()).unwrap();
    assert!(Tagger::from_bytes(&bytes[..bytes.len() / 2], Path::new("x")).is_err());
    assert!(Tagger::load(Path::new("/nonexistent/tagger.ngm")).is_err());
}

#[test]
fn typographic_variants_tag_like_ascii() {
    let tagger = tiny();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    tagger.tag(
        &["\"", "Rebels", "crossed", "the", "river", "\"", "."],
        &mut a,
    );
    tagger.tag(
        &[
            "\u{201C}", "Rebels", "crossed", "the", "river", "\u{201D}", ".",
        ],
        &mut b,
    );
    assert_eq!(a, b);
}

#[test]
fn edge_cases_tag_every_word() {
    let tagger = tiny();
    let mut tags = vec![PosTag::default(); 3];
    tagger.tag(&[], &mut tags);
    assert!(tags.is_empty());
    let long: Vec<String> = (0..10_000).map(|i| format!("w{}", i % 97)).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    tagger.tag(&long, &mut tags);
    assert_eq!(tags.len(), 10_000);
    for words in [
        vec!["!", "?", "...", "--", "(", ")", "\"", "'"],
        vec!["THE", "REBELS", "CROSSED", "THE", "RIVER", "!"],
        vec!["Москва", "東京", "القاهرة", "🙂", "naïve", "Zürich"],
        vec!["", " ", "\u{0}", "\u{200B}", "\u{FEFF}x"],
    ] {
        tagger.tag(&words, &mut tags);
        assert_eq!(tags.len(), words.len());
        for (word, &tag) in words.iter().zip(&tags) {
            let _ = tagger.lemma(word, tag);
            assert!(!tagger.upos_name(tag).is_empty());
        }
    }
}

#[test]
fn out_of_range_tags_have_names_and_lemmas() {
    let tagger = tiny();
    let tag = PosTag {
        upos: 999,
        xpos: 999,
    };
    assert_eq!(tagger.upos_name(tag), "X");
    assert_eq!(tagger.xpos_name(tag), "XX");
    assert_eq!(tagger.lemma("Words", tag), "words");
}

#[test]
fn a_tagger_is_shared_between_threads() {
    fn assert_shareable<T: Send + Sync>() {}
    assert_shareable::<Tagger>();
    let tagger = tiny();
    let mut expected = Vec::new();
    tagger.tag(&["Police", "arrested", "two", "men", "."], &mut expected);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                let mut tags = Vec::new();
                for _ in 0..50 {
                    tagger.tag(&["Police", "arrested", "two", "men", "."], &mut tags);
                    assert_eq!(tags, expected);
                }
            });
        }
    });
}

/// The shipped model, when present.
fn shipped() -> Option<&'static Tagger> {
    static SHIPPED: OnceLock<Option<Tagger>> = OnceLock::new();
    SHIPPED
        .get_or_init(|| {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/tagger.ngm");
            path.exists()
                .then(|| Tagger::load(&path).expect("models/tagger.ngm loads"))
        })
        .as_ref()
}

#[test]
fn shipped_model_tags_news() {
    let Some(tagger) = shipped() else {
        eprintln!("models/tagger.ngm not found: skipped");
        return;
    };
    let words = [
        "Rebels",
        "threatened",
        "the",
        "capital",
        "on",
        "Monday",
        ",",
        "officials",
        "said",
        ".",
    ];
    let mut tags = Vec::new();
    tagger.tag(&words, &mut tags);
    let upos: Vec<&str> = tags.iter().map(|&t| tagger.upos_name(t)).collect();
    assert_eq!(
        upos,
        ["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "NOUN", "VERB", "PUNCT"]
    );
    let lemmas: Vec<String> = words
        .iter()
        .zip(&tags)
        .map(|(w, &t)| tagger.lemma(w, t).into_owned())
        .collect();
    assert_eq!(lemmas[0], "rebel");
    assert_eq!(lemmas[1], "threaten");
    assert_eq!(lemmas[8], "say");
    // Curly quotes and dashes read like their ASCII forms.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    tagger.tag(
        &[
            "He", "did", "n't", "say", "\"", "no", "\"", "--", "yet", ".",
        ],
        &mut a,
    );
    tagger.tag(
        &[
            "He",
            "did",
            "n\u{2019}t",
            "say",
            "\u{201C}",
            "no",
            "\u{201D}",
            "\u{2014}",
            "yet",
            ".",
        ],
        &mut b,
    );
    assert_eq!(a, b);
}

fn word_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{0,12}",
        "[A-Z]{1,8}",
        "[0-9.,:/-]{1,8}",
        "[!?.,;:()\"'`*&%$#@-]{1,4}",
        "\\PC{0,6}",
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_sentences_never_panic(words in proptest::collection::vec(word_strategy(), 0..60)) {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut tags = Vec::new();
        for tagger in [Some(tiny()), shipped()].into_iter().flatten() {
            tagger.tag(&words, &mut tags);
            prop_assert_eq!(tags.len(), words.len());
            for (word, &tag) in words.iter().zip(&tags) {
                let _ = tagger.lemma(word, tag);
                prop_assert!((tag.upos as usize) < tagger.upos_names().len());
                prop_assert!((tag.xpos as usize) < tagger.xpos_names().len());
            }
        }
    }
}
