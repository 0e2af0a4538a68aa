//! Throughput of `segment` (tokenize + sentence-split) and `normalize`, in bytes per second.
//!
//! Reads the BBC news corpus when it is present (`$NEWSGRAPH_DATA/news/bbc`, or the shared
//! data folder next to the project), else a paragraph written for this benchmark.
//! Run with `cargo bench -p newsgraph-text`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgraph_text::{normalize, segment_into, Segmentation};

/// Used when no corpus is found: news-like text written for the benchmark.
const FALLBACK: &str = "Army retakes northern town\n\n\
KHARTOUM, Sudan - The army said on Tuesday it had retaken the town of El Fasher after \
three days of fighting, a claim rebels denied. \"We control the market and the airport,\" \
Gen. Ali Okafor told reporters. The U.S. didn't comment.\n\n\
Aid groups said 1,200 families had fled since Friday's shelling, and that food prices rose \
40% to $2.5m a week. \u{201C}People are walking 30km to reach the camps,\u{201D} one \
worker said \u{2014} many of them children.\n\n\
- Talks resume in Jeddah on Monday\n\
- The U.N. estimates 9.5 million people are displaced\n";

fn bbc_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("NEWSGRAPH_DATA").map(|d| PathBuf::from(d).join("news/bbc")),
        Some(manifest.join("../../shared/data/news/bbc")),
        Some(manifest.join("../../../shared/data/news/bbc")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

/// The corpus texts (read lossily: one BBC file is not valid UTF-8).
fn corpus() -> (String, Vec<String>) {
    let Some(dir) = bbc_dir() else {
        return ("built-in paragraph".to_string(), vec![FALLBACK.repeat(50)]);
    };
    let mut texts = Vec::new();
    let mut folders = vec![dir.clone()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                if let Ok(bytes) = std::fs::read(&path) {
                    texts.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
    }
    if texts.is_empty() {
        texts.push(FALLBACK.repeat(50));
    }
    (dir.display().to_string(), texts)
}

fn bench_segment(c: &mut Criterion) {
    let (source, texts) = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    let mut segmentation = Segmentation::default();
    group.bench_function(format!("segment ({source})"), |b| {
        b.iter(|| {
            let mut tokens = 0;
            for text in &texts {
                segment_into(black_box(text), &mut segmentation);
                tokens += segmentation.tokens.len();
            }
            tokens
        })
    });
    group.bench_function(format!("normalize ({source})"), |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|text| normalize(black_box(text)).as_str().len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_segment);
criterion_main!(benches);
