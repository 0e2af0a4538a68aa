//! `Pipeline::analyze_timed`, which `newsgraph bench` reads for each stage's share of the
//! pipeline's time: the same document as `analyze`, and stage times that add up to no more
//! than the call took.

use std::time::Instant;

mod common;

use newsgraph_analyze::{AnalyzeOptions, Pipeline};
use newsgraph_core::Article;

const REPORT: &str =
    "KHARTOUM, Sudan - The army arrested three protesters on Sunday, police said. \
\"We will never become another Somalia,\" General Okafor told reporters in Khartoum, \
according to state television. The regional bloc threatened military intervention.";

#[test]
fn timed_analysis_gives_the_same_document_and_accounts_for_its_time() {
    let pipeline = common::pipeline();

    let plain = pipeline.analyze(Article::from_text(REPORT));
    let started = Instant::now();
    let (timed, times) = pipeline.analyze_timed(Article::from_text(REPORT));
    let wall = started.elapsed();

    assert_eq!(plain, timed);
    assert!(!timed.quotes.is_empty(), "the report's quote is found");
    assert!(times.total() <= wall, "{times:?} over {wall:?}");
    assert!(times.models > times.lemmas, "{times:?}");
}

#[test]
fn a_non_english_article_spends_its_time_on_the_text_layer_only() {
    let pipeline = Pipeline::with_models(AnalyzeOptions::default(), common::shipped_models());
    let text = "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les \
                agriculteurs touchés par la sécheresse dans le sud du pays.";
    let mut article = Article::from_text(text);
    article.language = Some("fr".to_string());
    let (_document, times) = pipeline.analyze_timed(article);
    assert_eq!(times.total(), times.models);
}
