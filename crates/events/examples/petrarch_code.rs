//! Code analysed documents (JSONL from `newsgraph extract --tokens`) with PETRARCH
//! dictionaries and print one line per document: its number, then `SOURCE TARGET CODE`
//! triples of the asserted events.
//!
//! `cargo run --release -p newsgraph-events --example petrarch_code -- DOCS.jsonl DICT_DIR`

use std::io::BufRead;

use newsgraph_core::{Document, EventMode};
use newsgraph_events::petrarch::{PetrarchCoder, PetrarchDictionaries};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(docs), Some(dir)) = (args.get(1), args.get(2)) else {
        return Err("usage: petrarch_code DOCS.jsonl DICT_DIR".into());
    };
    let dicts = PetrarchDictionaries::load_dir(std::path::Path::new(dir))?;
    for w in &dicts.warnings {
        eprintln!("warning: {w}");
    }
    let coder = PetrarchCoder::new(&dicts);
    let file = std::io::BufReader::new(std::fs::File::open(docs)?);
    for (n, line) in file.lines().enumerate() {
        let document: Document = serde_json::from_str(&line?)?;
        let events: Vec<String> = coder
            .code_document(&document, None)
            .iter()
            .filter(|e| e.mode == EventMode::Asserted)
            .map(|e| {
                let code = |a: Option<&newsgraph_core::Actor>| {
                    a.map(|a| {
                        format!(
                            "{}{}",
                            a.country.as_deref().unwrap_or(""),
                            a.sectors.concat()
                        )
                    })
                    .unwrap_or_else(|| "---".to_string())
                };
                format!(
                    "{} {} {}",
                    code(e.source.as_ref()),
                    code(e.target.as_ref()),
                    e.cameo.as_deref().unwrap_or("")
                )
            })
            .collect();
        println!("{}\t{}", n + 1, events.join("; "));
    }
    Ok(())
}
