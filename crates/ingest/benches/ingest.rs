//! Throughput of the WARC reader and the duplicate detector.
//!
//! `cargo bench -p newsgraph-ingest --bench ingest`. Texts come from
//! `../shared/data/news/bbc` (read at run time) when present, else are generated.

use std::io::Write;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flate2::write::GzEncoder;
use flate2::Compression;
use newsgraph_core::Article;
use newsgraph_ingest::dedup::Deduplicator;
use newsgraph_ingest::warc::{WarcPages, WarcRecords};

/// Article texts: the BBC corpus, or generated stand-ins.
fn texts() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news/bbc");
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "txt") {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    if texts.is_empty() {
        for i in 0..2000 {
            texts.push(
                (0..400)
                    .map(|w| format!("w{}", (w * 7919 + i * 104_729) % 5000))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    texts
}

fn record(uri: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2026-03-14T09:30:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(&http);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("memory");
    encoder.finish().expect("memory")
}

fn warc(c: &mut Criterion) {
    let texts = texts();
    let mut plain = Vec::new();
    let mut compressed = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let html = format!(
            "<!DOCTYPE html><html><head><title>Story {i}</title></head><body><article><p>{}</p></article></body></html>",
            text.replace("\n\n", "</p><p>")
        );
        let record = record(&format!("https://news.example/{i}"), html.as_bytes());
        compressed.extend_from_slice(&gzip(&record));
        plain.extend_from_slice(&record);
    }
    let mut group = c.benchmark_group("warc");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(plain.len() as u64));
    group.bench_function("records_plain", |b| {
        b.iter(|| WarcRecords::new(&plain[..], u64::MAX).count())
    });
    group.bench_function("records_gzip_per_record", |b| {
        b.iter(|| WarcRecords::new(&compressed[..], u64::MAX).count())
    });
    group.bench_function("pages_gzip_per_record", |b| {
        b.iter(|| WarcPages::new(&compressed[..], "bench.warc.gz", u64::MAX).count())
    });
    group.finish();
}

fn dedup(c: &mut Criterion) {
    let articles: Vec<Article> = texts().into_iter().map(Article::from_text).collect();
    let mut group = c.benchmark_group("dedup");
    group.sample_size(10);
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.bench_function("bbc_articles", |b| {
        b.iter(|| {
            let mut dedup = Deduplicator::default();
            articles.iter().filter(|a| dedup.check(a).is_some()).count()
        })
    });
    group.finish();
}

criterion_group!(benches, warc, dedup);
criterion_main!(benches);
