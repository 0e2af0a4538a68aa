//! Headline casing ("Flynn Says Trump Is Right About Sanctions"), with the shipped models: the
//! capitals that mark the style are undone before tagging and parsing, so the headline's verb
//! is a verb and its quote is found; sentences in ordinary or all-capital casing are tagged
//! as written. Texts written for these tests.

mod common;

use common::pipeline;
use newsgraph_core::{Article, Document};

fn analyze(text: &str) -> Document {
    pipeline().analyze(Article::from_text(text))
}

/// (text, UPOS, lemma, head text, relation) of each token.
fn tokens(document: &Document) -> Vec<(String, String, String, String, String)> {
    document
        .tokens
        .iter()
        .map(|t| {
            let head = t
                .head
                .and_then(|h| document.tokens.get(h))
                .map_or(String::new(), |h| h.text.clone());
            (
                t.text.clone(),
                t.upos.clone().unwrap_or_default(),
                t.lemma.clone().unwrap_or_default(),
                head,
                t.deprel.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn find<'a>(
    tokens: &'a [(String, String, String, String, String)],
    text: &str,
) -> &'a (String, String, String, String, String) {
    tokens
        .iter()
        .find(|t| t.0 == text)
        .unwrap_or_else(|| panic!("no token {text:?} in {tokens:?}"))
}

#[test]
fn a_title_case_headline_is_tagged_and_parsed_as_running_text() {
    let document = analyze("Minister Says Talks Will Resume After The Ceasefire Holds\n");
    let tokens = tokens(&document);
    let says = find(&tokens, "Says");
    assert_eq!(
        (says.1.as_str(), says.2.as_str()),
        ("VERB", "say"),
        "{tokens:?}"
    );
    assert_eq!(says.4, "root", "{tokens:?}");
    let minister = find(&tokens, "Minister");
    assert_eq!(
        (minister.3.as_str(), minister.4.as_str()),
        ("Says", "nsubj")
    );
    let talks = find(&tokens, "Talks");
    assert_eq!(talks.1, "NOUN", "{tokens:?}");
    // The text and its spans are untouched: only what the models read is recased.
    let span = document.tokens[1].span;
    assert_eq!(document.tokens[1].text, "Says");
    assert_eq!(&document.article.text[span.start..span.end], "Says");
}

#[test]
fn the_quote_in_a_title_case_headline_is_found() {
    let text = "Governor Says Floods Were Worst In Fifty Years\n\n\
                The governor spoke to reporters on Monday.\n";
    let document = analyze(text);
    let quote = document
        .quotes
        .iter()
        .find(|q| q.cue.is_some_and(|cue| cue.start < 30))
        .unwrap_or_else(|| panic!("no quote in the headline: {:?}", document.quotes));
    let cue = quote.cue.expect("found by its cue");
    assert_eq!(&text[cue.start..cue.end], "Says");
    let source = quote.source.expect("the headline's quote has a source");
    assert_eq!(&text[source.start..source.end], "Governor");
}

#[test]
fn names_in_a_headline_keep_their_capitals() {
    let text = "Smith Urges Brown To Meet Leaders In London\n";
    let document = analyze(text);
    let tokens = tokens(&document);
    for name in ["Smith", "Brown", "London"] {
        assert_eq!(find(&tokens, name).1, "PROPN", "{name} in {tokens:?}");
    }
    assert_eq!(find(&tokens, "Urges").1, "VERB", "{tokens:?}");
    // The recogniser reads the recased headline too: names, not the whole headline.
    let mentions: Vec<&str> = document
        .mentions
        .iter()
        .map(|m| &text[m.span.start..m.span.end])
        .collect();
    assert!(mentions.contains(&"London"), "{mentions:?}");
    assert!(
        mentions
            .iter()
            .all(|m| !m.contains("Urges") && !m.contains("Meet")),
        "{mentions:?}"
    );
}

/// What the tagger lowercases in a sentence of the given words.
fn recased(sentence: &str) -> Vec<String> {
    let tagger = pipeline()
        .models()
        .tagger
        .as_ref()
        .expect("the shipped tagger");
    let words: Vec<&str> = sentence.split(' ').collect();
    tagger
        .headline_recasing(&words)
        .into_iter()
        .map(|(i, word)| {
            assert_eq!(word, words[i].to_lowercase());
            word
        })
        .collect()
}

#[test]
fn only_headline_casing_is_undone() {
    assert_eq!(
        recased("Minister Says Talks Will Resume After Ceasefire"),
        ["says", "talks", "will", "resume", "after", "ceasefire"]
    );
    // The first word and names stay as written.
    assert_eq!(
        recased("Smith Urges Brown To Quit"),
        ["urges", "to", "quit"]
    );
    // Ordinary casing, all capitals, and a run of names with no word that running text
    // writes in lowercase.
    assert!(recased("The minister says talks will resume").is_empty());
    assert!(recased("MINISTER SAYS TALKS WILL RESUME").is_empty());
    assert!(recased("Officials Anna Smith , Peter Brown , Maria Lopez").is_empty());
    // Names that are also words ("Grass") do not make a list of names a headline.
    assert!(recased(
        "Authors Anna Grass ( Germany ) Peter Lang ( Austria ) Maria Lopez ( Spain ) Ian Kent ( UK )"
    )
    .is_empty());
    assert!(recased("Talks").is_empty());
    assert!(recased("").is_empty());
}
