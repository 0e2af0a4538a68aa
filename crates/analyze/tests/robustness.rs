//! The whole pipeline, with the trained models shipped in `models/`, on inputs built to break
//! it: empty text, a 10,000-token sentence without punctuation, only punctuation, mixed
//! scripts, all caps, control characters, and arbitrary strings. Every run must finish
//! without a panic and give a document whose spans all lie on `char` boundaries of the text
//! and whose parse is a tree.

mod common;

use common::pipeline;
use newsgraph_core::{Article, Document};
use proptest::prelude::*;

/// The shipped models, loaded once for every test in this file.
fn analyze(text: &str) -> Document {
    let document = pipeline().analyze(Article::from_text(text));
    check(&document);
    document
}

/// Every span is inside the text on `char` boundaries, every token has a head inside its
/// sentence (or none, for the root), and each sentence has exactly one root.
fn check(document: &Document) {
    let text = &document.article.text;
    for (what, span) in document.cited_spans() {
        assert!(
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end),
            "{what} span {span:?} is not a char range of a {}-byte text",
            text.len()
        );
    }
    for sentence in &document.sentences {
        let tokens = &document.tokens[sentence.tokens.start..sentence.tokens.end];
        if tokens.is_empty() {
            continue;
        }
        let roots = tokens.iter().filter(|t| t.head.is_none()).count();
        assert_eq!(
            roots,
            1,
            "a sentence of {} tokens has {roots} roots",
            tokens.len()
        );
        for token in tokens {
            if let Some(head) = token.head {
                assert!(
                    (sentence.tokens.start..sentence.tokens.end).contains(&head),
                    "head {head} outside its sentence {:?}",
                    sentence.tokens
                );
            }
        }
    }
}

#[test]
fn the_shipped_models_run_every_layer() {
    let document = analyze("General Okafor met ECOWAS envoys in Abuja on Sunday.");
    for layer in ["text", "pos", "parse", "ner"] {
        assert!(
            document.layers.iter().any(|l| l == layer),
            "layer {layer} missing: {:?}",
            document.layers
        );
    }
    let names: Vec<&str> = document
        .mentions
        .iter()
        .map(|m| &document.article.text[m.span.start..m.span.end])
        .collect();
    assert!(names.contains(&"Abuja"), "{names:?}");
}

#[test]
fn empty_and_blank_texts_give_empty_documents() {
    for text in ["", " ", "\n\n\t \r\n", "\u{feff}", "\u{200b}\u{200b}"] {
        let document = analyze(text);
        assert!(document.mentions.is_empty(), "{text:?}");
    }
}

#[test]
fn a_ten_thousand_token_sentence_without_punctuation() {
    let words = [
        "the", "junta", "sought", "help", "from", "Wagner", "in", "Bamako",
    ];
    let text: Vec<&str> = (0..10_000).map(|i| words[i % words.len()]).collect();
    let document = analyze(&text.join(" "));
    assert_eq!(document.tokens.len(), 10_000);
}

#[test]
fn only_punctuation() {
    let document = analyze(&"?!.,;:-–—\"'«»()[]{}…".repeat(200));
    assert!(!document.tokens.is_empty());
    assert!(document.mentions.is_empty());
}

#[test]
fn mixed_scripts_and_all_caps() {
    analyze("Президент Путин встретился с 习近平 في الرياض; ΟΗΕ και नई दिल्ली. 🇹🇩 N'Djamena 😀 ok");
    let document = analyze(
        "BREAKING: ECOWAS THREATENS MILITARY INTERVENTION IN NIGER AS JUNTA SEEKS RUSSIAN HELP",
    );
    assert!(!document.mentions.is_empty());
}

#[test]
fn control_characters_and_odd_whitespace() {
    analyze("a\u{0}b\u{1}c\u{7f}\u{85}d\u{2028}e\u{2029}f\u{a0}g\r\r\r\u{c}h\u{b}i");
}

#[test]
fn very_long_tokens() {
    let long = "x".repeat(100_000);
    let url = format!("https://example.org/{}", "a/".repeat(5_000));
    analyze(&format!("{long} said {url} yesterday. {long}"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_break_the_pipeline(text in any::<String>()) {
        analyze(&text);
    }

    #[test]
    fn word_salad_never_breaks_the_pipeline(
        words in proptest::collection::vec(
            prop_oneof![
                "[A-Z][a-z]{0,8}",
                "[a-z]{1,10}",
                "[A-Z]{1,6}",
                "[0-9]{1,5}",
                "[.,;:!?\"'()«»“”‘’-]",
                "\\PC{1,3}",
            ],
            0..200,
        ),
        separators in proptest::collection::vec(prop_oneof![" ", "\n", "\n\n", "", "\t"], 0..200),
    ) {
        let mut text = String::new();
        for (i, word) in words.iter().enumerate() {
            text.push_str(word);
            text.push_str(separators.get(i).map_or(" ", String::as_str));
        }
        analyze(&text);
    }
}
