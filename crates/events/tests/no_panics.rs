//! Arbitrary strings never make the coder panic, through the whole pipeline; and the coder
//! reads a document's own tokens the same way the pipeline feeds it.

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
        Pipeline::with_models(AnalyzeOptions { tokens: true }, models)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,300}") {
        let document = pipeline().analyze(Article::from_text(text));
        let again = newsgraph_events::code_document(&document, &Default::default());
        prop_assert_eq!(&again, &document.events);
        for e in &document.events {
            prop_assert!(e.trigger.slice(&document.article.text).is_some());
            prop_assert!(e.evidence.slice(&document.article.text).is_some());
        }
    }

    #[test]
    fn newsy_word_salad_never_panics(words in prop::collection::vec(prop::sample::select(vec![
        "the", "army", "police", "attacked", "arrested", "was", "by", "not", "and", "Chad",
        "Niger", "threatened", "sanctions", "on", "imposed", "who", "junta", "sought", "help",
        "from", ",", ".", "\"", "denied", "entry", "will", "if", "talks", "held", "with",
    ]), 0..40)) {
        let text = words.join(" ");
        let document = pipeline().analyze(Article::from_text(text));
        for e in &document.events {
            prop_assert!(e.intensity >= -10.0 && e.intensity <= 10.0);
            // Only "arrests were made" may have no actor at all.
            prop_assert!(
                e.source.is_some() || e.target.is_some() || e.cameo.as_deref() == Some("173"),
                "{:?}", e
            );
        }
    }
}

/// A salad the property test once drew: "was denied entry" whose subject the parse lost gave a
/// REJECT event naming no one.
#[test]
fn no_event_but_an_arrest_names_no_one() {
    for text in [
        "army on , attacked was denied entry attacked",
        "Chad was denied entry . arrests were made .",
    ] {
        let document = pipeline().analyze(Article::from_text(text.to_string()));
        for e in &document.events {
            assert!(
                e.source.is_some() || e.target.is_some() || e.cameo.as_deref() == Some("173"),
                "{text}: {e:?}"
            );
        }
    }
}
