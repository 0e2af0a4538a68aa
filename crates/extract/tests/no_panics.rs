//! Arbitrary text with random quotation marks never makes the quote layer fail or panic, and
//! every span it cites fits the text.

use std::path::Path;
use std::sync::OnceLock;

use newsgraph_analyze::{AnalyzeOptions, Models, Pipeline};
use newsgraph_core::Article;
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let (models, _) = Models::load_dir(&dir).expect("the shipped models load");
        Pipeline::with_models(AnalyzeOptions::default(), models)
    })
}

fn pieces() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"".to_string()),
        Just("\u{201c}".to_string()),
        Just("\u{201d}".to_string()),
        Just("\u{2018}".to_string()),
        Just("\u{2019}".to_string()),
        Just("\u{ab}".to_string()),
        Just("\u{bb}".to_string()),
        Just("\u{201e}".to_string()),
        Just("'".to_string()),
        Just("\n\n".to_string()),
        Just(" said ".to_string()),
        Just(" he said. ".to_string()),
        Just(" according to ".to_string()),
        Just("General Okafor".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just(": ".to_string()),
        "[a-zA-Z ]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_quote_marks_never_panic(parts in proptest::collection::vec(pieces(), 0..40)) {
        let text: String = parts.concat();
        let document = pipeline().analyze(Article::from_text(text));
        prop_assert!(document.layers.iter().any(|l| l == "quotes"));
        for (label, span) in document.cited_spans() {
            prop_assert!(span.slice(&document.article.text).is_some(), "{} {:?}", label, span);
        }
        for quote in &document.quotes {
            prop_assert!(quote.speaker.is_none_or(|s| s < document.entities.len()));
            prop_assert!(quote.sentences.0 <= quote.sentences.1);
        }
    }
}
