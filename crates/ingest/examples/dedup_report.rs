//! Run the duplicate detector over inputs and report what it linked, with throughput.
//!
//! ```text
//! cargo run --release -p newsgraph-ingest --example dedup_report -- ../shared/data/news/bbc
//! ```

use std::time::Instant;

use newsgraph_core::Article;
use newsgraph_ingest::dedup::{similarity, Deduplicator};
use newsgraph_ingest::{read_inputs, ReadItem, ReadOptions};

fn main() {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        eprintln!("usage: dedup_report INPUT...");
        std::process::exit(2);
    }
    let options = ReadOptions {
        fetch: None,
        identify_language: false,
        ..ReadOptions::default()
    };
    let mut articles: Vec<Article> = read_inputs(&inputs, &options)
        .filter_map(|item| match item {
            ReadItem::Article(article) => Some(article),
            ReadItem::Error(_) => None,
        })
        .collect();
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    let start = Instant::now();
    let mut dedup = Deduplicator::default();
    for article in &mut articles {
        dedup.process(article);
    }
    let seconds = start.elapsed().as_secs_f64();
    let stats = dedup.stats();
    // Ids hash text and URL: files without a URL and with the same text share an id; keep
    // the first.
    let mut by_id: std::collections::HashMap<&str, &Article> = std::collections::HashMap::new();
    for article in &articles {
        by_id.entry(article.id.as_str()).or_insert(article);
    }
    let name = |a: &Article| {
        a.origin
            .as_ref()
            .map_or_else(|| a.id.clone(), |o| o.input.clone())
    };
    for article in &articles {
        if let Some(link) = &article.duplicate_of {
            let origin = by_id[link.id.as_str()];
            println!(
                "{:?} {:.2} (direct {:.2}): {} -> {}",
                link.kind,
                link.similarity,
                similarity(&article.text, &origin.text),
                name(article),
                name(origin)
            );
        }
    }
    println!(
        "{} articles ({} words): {} exact, {} near duplicates in {:.3} s = {:.0} articles/s, {:.1} M words/s",
        stats.articles,
        words,
        stats.exact,
        stats.near,
        seconds,
        stats.articles as f64 / seconds,
        words as f64 / seconds / 1e6
    );
}
