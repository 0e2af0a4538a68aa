//! Tests on sentences written for them (no treebank text).

use super::*;
use crate::parser::transition::is_tree;

/// One word: form, UPOS, XPOS, head (1-based, 0 = root), label.
type Line = (
    &'static str,
    &'static str,
    &'static str,
    usize,
    &'static str,
);

/// A tiny treebank.
const CORPUS: &[&[Line]] = &[
    &[
        ("The", "DET", "DT", 2, "det"),
        ("mayor", "NOUN", "NN", 3, "nsubj"),
        ("opened", "VERB", "VBD", 0, "root"),
        ("the", "DET", "DT", 5, "det"),
        ("bridge", "NOUN", "NN", 3, "obj"),
        (".", "PUNCT", ".", 3, "punct"),
    ],
    &[
        ("Rebels", "NOUN", "NNS", 2, "nsubj"),
        ("seized", "VERB", "VBD", 0, "root"),
        ("the", "DET", "DT", 4, "det"),
        ("town", "NOUN", "NN", 2, "obj"),
        ("on", "ADP", "IN", 6, "case"),
        ("Monday", "PROPN", "NNP", 2, "obl"),
        (".", "PUNCT", ".", 2, "punct"),
    ],
    &[
        ("She", "PRON", "PRP", 2, "nsubj"),
        ("said", "VERB", "VBD", 0, "root"),
        ("talks", "NOUN", "NNS", 5, "nsubj"),
        ("had", "AUX", "VBD", 5, "aux"),
        ("failed", "VERB", "VBN", 2, "ccomp"),
        (".", "PUNCT", ".", 2, "punct"),
    ],
    &[
        ("Police", "NOUN", "NNS", 2, "nsubj"),
        ("arrested", "VERB", "VBD", 0, "root"),
        ("12", "NUM", "CD", 4, "nummod"),
        ("protesters", "NOUN", "NNS", 2, "obj"),
        ("in", "ADP", "IN", 7, "case"),
        ("the", "DET", "DT", 7, "det"),
        ("capital", "NOUN", "NN", 2, "obl"),
        (".", "PUNCT", ".", 2, "punct"),
    ],
    &[
        ("Prices", "NOUN", "NNS", 2, "nsubj"),
        ("rose", "VERB", "VBD", 0, "root"),
        ("and", "CCONJ", "CC", 4, "cc"),
        ("fell", "VERB", "VBD", 2, "conj"),
        (".", "PUNCT", ".", 2, "punct"),
    ],
    &[
        ("Who", "PRON", "WP", 2, "nsubj"),
        ("won", "VERB", "VBD", 0, "root"),
        ("?", "PUNCT", ".", 2, "punct"),
    ],
];

fn corpus() -> Vec<TrainSentence> {
    CORPUS
        .iter()
        .map(|s| TrainSentence {
            words: s.iter().map(|w| w.0.to_string()).collect(),
            upos: s.iter().map(|w| w.1.to_string()).collect(),
            xpos: s.iter().map(|w| w.2.to_string()).collect(),
            heads: s.iter().map(|w| w.3).collect(),
            labels: s.iter().map(|w| w.4.to_string()).collect(),
        })
        .collect()
}

fn config(seed: u64) -> TrainConfig {
    TrainConfig {
        iterations: 8,
        seed,
        prune: 0.0,
        label_prune: 0.0,
        ..TrainConfig::default()
    }
}

fn tiny_parser() -> Parser {
    let data = corpus();
    train(&data, &data, &config(7), &mut |_| {}).unwrap().0
}

fn model_bytes(parser: &Parser) -> Vec<u8> {
    let mut model = parser.model.clone();
    model.clusters = parser.clusters.table().clone();
    newsgraph_ml::model_file::encode(&ModelHeader::new(MODEL_KIND), &model).unwrap()
}

/// Toy hierarchical clusters: 2 coarse classes (function words, content words), each split
/// in 2 (4 fine classes).
fn toy_clusters() -> WordClusters {
    let words = [
        ("the", 0u16),
        ("The", 0),
        ("a", 0),
        ("in", 1),
        ("on", 1),
        ("and", 1),
        ("mayor", 2),
        ("town", 2),
        ("bridge", 2),
        ("capital", 2),
        ("opened", 3),
        ("seized", 3),
        ("arrested", 3),
        ("rose", 3),
        ("fell", 3),
    ];
    WordClusters::new(&[2, 4], words, 0, 1).unwrap()
}

fn clustered_config(seed: u64, beam: usize) -> TrainConfig {
    TrainConfig {
        clusters: toy_clusters(),
        beam,
        ..config(seed)
    }
}

/// Checks that `arcs` is a tree: one root, heads in range, no cycles.
fn assert_tree(arcs: &[Arc], n: usize) {
    assert_eq!(arcs.len(), n);
    if n == 0 {
        return;
    }
    let mut heads = vec![0u32];
    heads.extend(arcs.iter().map(|a| a.head.map_or(0, |h| h + 1)));
    assert!(is_tree(&heads), "not a tree: {heads:?}");
}

#[test]
fn learns_its_training_sentences() {
    let data = corpus();
    let (parser, report) = train(&data, &data, &config(7), &mut |_| {}).unwrap();
    assert!(report.dev_uas > 95.0, "{report:?}");
    assert!(report.dev_las > 90.0, "{report:?}");
    let scores = evaluate(&parser, &data);
    assert_eq!(scores.words, 35);
    let mut arcs = Vec::new();
    parser.parse(
        &["The", "mayor", "opened", "the", "bridge", "."],
        &["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        &["DT", "NN", "VBD", "DT", "NN", "."],
        &mut arcs,
    );
    assert_tree(&arcs, 6);
    assert_eq!(arcs[2].head, None);
    assert_eq!(parser.label_name(arcs[2].label), "root");
    assert_eq!(arcs[1].head, Some(2));
    assert_eq!(parser.label_name(arcs[1].label), "nsubj");
}

#[test]
fn same_seed_same_model_bytes() {
    let data = corpus();
    let a = train(&data, &data, &config(3), &mut |_| {}).unwrap().0;
    let b = train(&data, &data, &config(3), &mut |_| {}).unwrap().0;
    assert_eq!(model_bytes(&a), model_bytes(&b));
}

#[test]
fn save_and_load_round_trip() {
    let parser = tiny_parser();
    let path =
        std::env::temp_dir().join(format!("newsgraph-parser-test-{}.ngm", std::process::id()));
    let mut header = ModelHeader::new("ignored");
    header.dev_scores.insert("uas".into(), 99.0);
    parser.save(&path, header).unwrap();
    let loaded = Parser::load(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(loaded.header().kind, MODEL_KIND);
    assert_eq!(loaded.header().dev_scores["uas"], 99.0);
    assert_eq!(model_bytes(&loaded), model_bytes(&parser));
    assert!(Parser::load(Path::new("/nonexistent/parser.ngm")).is_err());
}

#[test]
fn normalises_forms() {
    let mut out = String::new();
    normalize_form("Ca\u{2019}t 1984 \u{201C}X\u{201D}", &mut out);
    assert_eq!(out, "ca't 0000 \"x\"");
}

#[test]
fn edge_cases_give_trees() {
    let parser = tiny_parser();
    let mut arcs = vec![Arc::default()];
    parser.parse(&[], &[], &[], &mut arcs);
    assert!(arcs.is_empty());
    let punct = [".", ",", "!", "?", "--", "(", ")", "\u{201C}"];
    parser.parse(
        &punct,
        &["PUNCT"; 8],
        &[".", ",", ".", ".", ":", "-LRB-", "-RRB-", "``"],
        &mut arcs,
    );
    assert_tree(&arcs, punct.len());
    // Tags missing or short: they count as "_".
    parser.parse(&["a", "b", "c"], &[], &["DT"], &mut arcs);
    assert_tree(&arcs, 3);
    let long: Vec<String> = (0..10_000).map(|i| format!("w{}", i % 97)).collect();
    let words: Vec<&str> = long.iter().map(String::as_str).collect();
    let tags: Vec<&str> = (0..10_000)
        .map(|i| ["NOUN", "VERB", "DET"][i % 3])
        .collect();
    parser.parse(&words, &tags, &tags, &mut arcs);
    assert_tree(&arcs, 10_000);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn arbitrary_words_never_panic_and_give_trees(
        words in proptest::collection::vec(proptest::prelude::any::<String>(), 0..40),
        tags in proptest::collection::vec("[A-Z]{0,5}", 0..40),
    ) {
        thread_local! {
            static PARSER: Parser = tiny_parser();
        }
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        let mut arcs = Vec::new();
        PARSER.with(|p| p.parse(&words, &tags, &tags, &mut arcs));
        assert_tree(&arcs, words.len());
    }
}

#[test]
fn cluster_lookup_tries_the_form_then_its_lowercase() {
    let clusters = toy_clusters();
    let mut text = String::new();
    assert_eq!(clusters.finest("the", &mut text), Some(0));
    assert_eq!(clusters.finest("Mayor", &mut text), Some(2));
    assert_eq!(clusters.finest("SEIZED", &mut text), Some(3));
    assert_eq!(clusters.finest("senate", &mut text), None);
    assert_eq!(clusters.finest("", &mut text), None);
    // Coarse level 2 (divide by 2), fine level 4.
    let (coarse, fine) = clusters.parts("bridge", &mut text).unwrap();
    let (coarse2, fine2) = clusters.parts("opened", &mut text).unwrap();
    assert_eq!(coarse, coarse2);
    assert_ne!(fine, fine2);
    assert_eq!(clusters.levels(), [2, 4]);
    assert_eq!(clusters.len(), 15);
    assert!(WordClusters::new(&[2, 4], [("x", 1)], 0, 2).is_err());
    assert!(WordClusters::new(&[3, 4], [("x", 1)], 0, 1).is_err());
    assert!(WordClusters::new(&[2, 4], [("x", 9)], 0, 1).is_err());
}

#[test]
fn cluster_features_are_learned_and_stored_in_the_model() {
    let data = corpus();
    let plain = tiny_parser();
    let (parser, report) = train(&data, &data, &clustered_config(7, 1), &mut |_| {}).unwrap();
    assert!(report.dev_uas > 95.0, "{report:?}");
    assert!(parser.n_features().0 > plain.n_features().0);
    assert!(parser.n_features().1 > plain.n_features().1);
    let path = std::env::temp_dir().join(format!(
        "newsgraph-parser-clusters-{}.ngm",
        std::process::id()
    ));
    parser.save(&path, ModelHeader::new("ignored")).unwrap();
    let loaded = Parser::load(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(loaded.clusters().len(), 15);
    assert_eq!(model_bytes(&loaded), model_bytes(&parser));
    // A word the treebank never saw, in the cluster of "town".
    let words = ["Rebels", "seized", "the", "capital", "."];
    let tags = ["NOUN", "VERB", "DET", "NOUN", "PUNCT"];
    let xpos = ["NNS", "VBD", "DT", "NN", "."];
    let mut arcs = Vec::new();
    loaded.parse(&words, &tags, &xpos, &mut arcs);
    assert_tree(&arcs, 5);
    assert_eq!(arcs[1].head, None);
    assert_eq!(arcs[3].head, Some(1));
    assert_eq!(loaded.label_name(arcs[3].label), "obj");
}

#[test]
fn parser_2_models_still_load_and_parse_the_same() {
    let parser = tiny_parser();
    let old = ParserModelV2 {
        vocabulary: parser.model.vocabulary.clone(),
        labels: parser.model.labels.clone(),
        directions: parser.model.directions.clone(),
        root_label: parser.model.root_label,
        transitions: parser.model.transitions.clone(),
        labeller: parser.model.labeller.clone(),
    };
    let path = std::env::temp_dir().join(format!("newsgraph-parser-v2-{}.ngm", std::process::id()));
    newsgraph_ml::model_file::save(&path, &ModelHeader::new(MODEL_KIND_V2), &old).unwrap();
    let loaded = Parser::load(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(loaded.header().kind, MODEL_KIND_V2);
    assert!(loaded.clusters().is_empty());
    assert_eq!(loaded.beam_width(), 1);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for sentence in corpus() {
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        let upos: Vec<&str> = sentence.upos.iter().map(String::as_str).collect();
        let xpos: Vec<&str> = sentence.xpos.iter().map(String::as_str).collect();
        parser.parse(&words, &upos, &xpos, &mut a);
        loaded.parse(&words, &upos, &xpos, &mut b);
        assert_eq!(a, b);
    }
}

#[test]
fn beam_training_learns_and_is_deterministic() {
    let data = corpus();
    let (parser, report) = train(&data, &data, &clustered_config(5, 4), &mut |_| {}).unwrap();
    assert_eq!(parser.beam_width(), 4);
    assert!(report.dev_uas > 95.0, "{report:?}");
    assert!(report.dev_las > 90.0, "{report:?}");
    let again = train(&data, &data, &clustered_config(5, 4), &mut |_| {})
        .unwrap()
        .0;
    assert_eq!(model_bytes(&parser), model_bytes(&again));
    let mut arcs = Vec::new();
    parser.parse(
        &["Police", "arrested", "the", "mayor", "."],
        &["NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        &["NNS", "VBD", "DT", "NN", "."],
        &mut arcs,
    );
    assert_tree(&arcs, 5);
    assert_eq!(arcs[1].head, None);
    assert_eq!(arcs[0].head, Some(1));
    assert_eq!(arcs[3].head, Some(1));
    // Edge cases give trees with the beam too.
    parser.parse(&[], &[], &[], &mut arcs);
    assert!(arcs.is_empty());
    parser.parse(&["a", "b", "c"], &[], &["DT"], &mut arcs);
    assert_tree(&arcs, 3);
    let long: Vec<String> = (0..2_000).map(|i| format!("w{}", i % 97)).collect();
    let words: Vec<&str> = long.iter().map(String::as_str).collect();
    let tags: Vec<&str> = (0..2_000).map(|i| ["NOUN", "VERB", "DET"][i % 3]).collect();
    parser.parse(&words, &tags, &tags, &mut arcs);
    assert_tree(&arcs, 2_000);
}

#[test]
fn label_choices_pick_what_best_label_picks() {
    let mut model = tiny_parser().model;
    let n = model.labeller.n_classes();
    // A label seen in neither direction, and one only to the right.
    model.directions[n - 1] = 0;
    model.directions[0] = 2;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for round in 0..2000 {
        if round == 1000 {
            // No label seen to the left: any non-root label.
            model.directions.iter_mut().for_each(|d| *d &= 2);
        }
        let choices = LabelChoices::for_model(&model);
        let scores: Vec<i32> = (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 7) as i32 - 3
            })
            .collect();
        for (left, bit) in [(true, 1), (false, 2)] {
            assert_eq!(
                choices.best(&scores, left, model.root_label),
                best_label(&scores, &model.directions, bit, model.root_label)
            );
        }
    }
}
