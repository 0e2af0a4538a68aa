//! docs/schema.md must match the types: every JSON block on it parses into the type it names
//! and serialises back to the same JSON, and the complete example's evidence is consistent.

use std::path::PathBuf;

use newsgraph_core::{article_id, Document, ErrorRecord, Token};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn schema_doc() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The fenced blocks opened with "```json schema=NAME": (NAME, body).
fn json_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None => {
                if let Some(name) = line.trim().strip_prefix("```json schema=") {
                    current = Some((name.trim().to_string(), String::new()));
                }
            }
            Some(_) if line.trim() == "```" => blocks.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    assert!(current.is_none(), "unclosed code block in docs/schema.md");
    blocks
}

/// Parse as `T` and check that serialising gives back exactly the documented JSON.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str, body: &str) -> T {
    let documented: Value = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("the {name} block is not valid JSON: {e}"));
    let parsed: T = serde_json::from_value(documented.clone())
        .unwrap_or_else(|e| panic!("the {name} block does not match the type: {e}"));
    let back = serde_json::to_value(&parsed).expect("serialises");
    if let Err(path) = same_json(&back, &documented, String::new()) {
        panic!("the {name} block and its type disagree at {path}");
    }
    parsed
}

/// Structural equality, with numbers equal up to `f32` precision (confidences are `f32`).
fn same_json(a: &Value, b: &Value, path: String) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            if (x - y).abs() <= 1e-6 * x.abs().max(1.0) {
                Ok(())
            } else {
                Err(format!("{path} ({x} vs {y})"))
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => same_json(u, v, format!("{path}/{key}"))?,
                    _ => return Err(format!("{path}/{key} (present on one side only)")),
                }
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (u, v))| same_json(u, v, format!("{path}/{i}"))),
        _ if a == b => Ok(()),
        _ => Err(path),
    }
}

fn example_document() -> Document {
    let doc = schema_doc();
    let blocks = json_blocks(&doc);
    let (_, body) = blocks
        .iter()
        .find(|(name, _)| name == "Document")
        .expect("docs/schema.md has a complete Document example");
    round_trip::<Document>("Document", body)
}

#[test]
fn every_block_matches_its_type() {
    let blocks = json_blocks(&schema_doc());
    let names: Vec<&str> = blocks.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"Document") && names.contains(&"ErrorRecord") && names.contains(&"Token")
    );
    for (name, body) in &blocks {
        match name.as_str() {
            "Document" => {
                round_trip::<Document>(name, body);
            }
            "ErrorRecord" => {
                round_trip::<ErrorRecord>(name, body);
            }
            "Token" => {
                round_trip::<Token>(name, body);
            }
            other => panic!("docs/schema.md names an unknown type {other}"),
        }
    }
}

#[test]
fn example_fills_every_layer() {
    let document = example_document();
    assert_eq!(document.schema_version, newsgraph_core::SCHEMA_VERSION);
    assert!(!document.sentences.is_empty());
    assert!(!document.mentions.is_empty());
    assert!(!document.entities.is_empty());
    assert!(!document.quotes.is_empty());
    assert!(!document.places.is_empty());
    assert!(!document.times.is_empty());
    assert!(!document.amounts.is_empty());
    assert!(!document.events.is_empty());
    assert!(document.tone.is_some());
    assert!(!document.themes.is_empty());
}

#[test]
fn example_id_is_derived_from_its_content() {
    let document = example_document();
    let article = &document.article;
    assert_eq!(
        article.id,
        article_id(&article.text, article.url.as_deref())
    );
}

#[test]
fn example_evidence_matches_its_text() {
    let document = example_document();
    let text = &document.article.text;
    for (label, span) in document.cited_spans() {
        assert!(
            span.slice(text).is_some(),
            "{label} span {span:?} does not fit the text"
        );
    }
    let check = |what: &str, span: newsgraph_core::Span, claimed: &str| {
        assert_eq!(
            document.evidence(span),
            claimed,
            "{what} text differs from its span"
        );
    };
    for mention in &document.mentions {
        check("mention", mention.span, &mention.text);
    }
    for quote in &document.quotes {
        check("quote", quote.content, &quote.content_text);
    }
    for place in &document.places {
        check("place", place.span, &place.text);
    }
    for time in &document.times {
        check("time", time.span, &time.text);
    }
    for amount in &document.amounts {
        check("amount", amount.span, &amount.text);
    }
    for event in &document.events {
        for actor in event.source.iter().chain(event.target.iter()) {
            check("actor", actor.span, &actor.text);
        }
        assert!(
            event.evidence.contains(&event.trigger),
            "trigger outside its evidence"
        );
    }
    for entity in &document.entities {
        for &mention in &entity.mentions {
            assert_eq!(document.mentions[mention].entity, Some(entity.index));
        }
    }
}

#[test]
fn example_article_is_the_shipped_sample() {
    let document = example_document();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/chad.txt");
    let sample = std::fs::read_to_string(path).expect("examples/chad.txt is shipped");
    let body = sample
        .split_once("\n\n")
        .map(|(_, body)| body)
        .unwrap_or("");
    assert_eq!(document.article.text, body);
}
