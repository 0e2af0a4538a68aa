//! Quotes written with the ASCII double marks of some news archives (`''So,'' he said`) and of
//! Penn Treebank text (``` ``So,'' ```), with the shipped models: found as direct quotes with
//! their speakers, and read by the models as the straight mark they were trained on, so that
//! the tags, the parse and the names around them come out as with `"`. Texts written for
//! these tests.

mod common;

use common::pipeline;
use newsgraph_core::{Article, Document, QuoteKind};

fn analyze(text: &str) -> Document {
    pipeline().analyze(Article::from_text(text))
}

/// (kind, content, speaker name) of each quote.
fn quotes(document: &Document) -> Vec<(QuoteKind, String, Option<String>)> {
    let text = &document.article.text;
    document
        .quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.content.slice(text).unwrap_or("").to_string(),
                q.speaker
                    .and_then(|e| document.entities.get(e))
                    .map(|e| e.name.clone()),
            )
        })
        .collect()
}

const STRAIGHT: &str = "\"Tell that to the janitor who is paying taxes,\" Mr. Biden said on \
                        Tuesday. He added: \"We all pay.\"";

#[test]
fn doubled_apostrophes_quote_like_straight_marks() {
    let straight = analyze(STRAIGHT);
    let apostrophes = analyze(&STRAIGHT.replace('"', "''"));
    let found = quotes(&apostrophes);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0].1,
        "''Tell that to the janitor who is paying taxes,''"
    );
    assert_eq!(found[0].2.as_deref(), Some("Biden"));
    assert_eq!(found[1].1, "''We all pay.''");
    assert_eq!(found[1].2.as_deref(), Some("Biden"));
    // The same analysis as with straight marks, but for the marks themselves.
    let kinds = |d: &Document| {
        quotes(d)
            .iter()
            .map(|q| (q.0, q.2.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&straight), kinds(&apostrophes));
    let tags = |d: &Document| {
        d.tokens
            .iter()
            .map(|t| (t.upos.clone(), t.head, t.deprel.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(tags(&straight), tags(&apostrophes));
    let mentions = |d: &Document| {
        d.mentions
            .iter()
            .map(|m| {
                (
                    m.entity_type,
                    m.span.slice(&d.article.text).map(str::to_string),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(mentions(&straight), mentions(&apostrophes));
}

#[test]
fn backticks_open_a_quote() {
    let document = analyze("``We will rebuild the bridge,'' the mayor said on Friday.");
    let found = quotes(&document);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1, "``We will rebuild the bridge,''");
    assert_eq!(found[0].0, QuoteKind::Direct);
}
