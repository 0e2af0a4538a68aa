//! Articles in other languages keep their text layer; the English-only layers (the models,
//! quotes, time, amounts, places and events) are skipped, with a warning each.

mod common;

use newsgraph_analyze::{AnalyzeOptions, Pipeline};
use newsgraph_core::Article;

fn pipeline() -> Pipeline {
    Pipeline::with_models(AnalyzeOptions { tokens: false }, common::shipped_models())
}

#[test]
fn non_english_articles_skip_the_models_and_say_so() {
    let pipeline = pipeline();
    let mut french = Article::from_text(
        "Le gouvernement a annoncé mardi que la route côtière resterait fermée. Paris attend.",
    );
    french.language = Some("fr".to_string());
    let document = pipeline.analyze(french);
    assert_eq!(document.layers, ["text"]);
    assert!(!document.sentences.is_empty());
    assert!(document.mentions.is_empty());
    let warnings: Vec<(String, String)> = document
        .warnings
        .iter()
        .map(|w| (w.layer.clone(), w.message.clone()))
        .collect();
    let message = "skipped: article language is fr, this layer is English-only".to_string();
    let expected: Vec<(String, String)> = [
        "pos", "parse", "ner", "quotes", "time", "amounts", "places", "events",
    ]
    .iter()
    .map(|layer| (layer.to_string(), message.clone()))
    .collect();
    assert_eq!(warnings, expected);
    assert!(document.times.is_empty() && document.amounts.is_empty());
    assert!(document.warnings.iter().all(|w| w.span.is_none()));

    for english in [Some("en"), Some("en-GB"), None] {
        let mut article = Article::from_text("The government said on Tuesday that Paris agreed.");
        article.language = english.map(str::to_string);
        let document = pipeline.analyze(article);
        assert!(
            document.layers.len() > 1,
            "{english:?}: {:?}",
            document.layers
        );
        assert!(document
            .warnings
            .iter()
            .all(|w| !w.message.starts_with("skipped")));
    }
}
