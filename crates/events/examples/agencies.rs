//! Print the agencies of analysed documents (JSONL from `newsgraph extract --tokens`): one
//! line per agency with its document number, kind, actor sectors, lemma, mode and evidence.
//!
//! `cargo run --release -p newsgraph-events --example agencies -- DOCS.jsonl`

use std::io::BufRead;

use newsgraph_core::Document;
use newsgraph_events::{agencies, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(docs) = args.get(1) else {
        return Err("usage: agencies DOCS.jsonl".into());
    };
    let file = std::io::BufReader::new(std::fs::File::open(docs)?);
    for (n, line) in file.lines().enumerate() {
        let document: Document = serde_json::from_str(&line?)?;
        for a in agencies(&document, &Options::default()) {
            println!(
                "{n}\t{:?}\t{}\t{}\t{:?}\t{}",
                a.kind,
                a.actor.sectors.join(" "),
                a.lemma,
                a.mode,
                document.evidence(a.predicate)
            );
        }
    }
    Ok(())
}
