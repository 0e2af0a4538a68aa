//! `newsgraph ingest` killed with SIGKILL mid-run resumes without loss or duplicates: the
//! store after kill + rerun equals the store of an uninterrupted run, row for row; and a
//! second ingest of the same inputs adds nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsgraph_store::{export, CsvTable, ExportFormat, ExportOptions, Store};

const ARTICLES: usize = 600;

/// A deterministic corpus of news-like articles about a handful of recurring stories.
fn write_corpus(dir: &Path) -> PathBuf {
    let people = [
        ("Amina", "Okafor"),
        ("David", "Mensah"),
        ("Laura", "Fischer"),
        ("Rahul", "Mehta"),
        ("Sofia", "Alvarez"),
        ("Peter", "Lindqvist"),
        ("Grace", "Wanjiru"),
        ("Tomas", "Novak"),
    ];
    let orgs = [
        "the African Union",
        "the World Health Organization",
        "Northwind Shipping",
        "the Central Bank",
        "the Red Cross",
        "Helios Energy",
    ];
    let places = [
        "Nairobi", "Lagos", "Berlin", "Mumbai", "Madrid", "Oslo", "Prague",
    ];
    let topics = [
        (
            "floods",
            "Heavy rain flooded roads and homes, and rescue teams evacuated residents.",
        ),
        (
            "election",
            "Voters queued at polling stations as counting began in the disputed election.",
        ),
        (
            "strike",
            "Dock workers walked out over pay, halting container traffic at the port.",
        ),
        (
            "vaccine",
            "Health workers began a vaccination campaign in clinics across the region.",
        ),
        (
            "rates",
            "The bank raised interest rates to curb inflation and steady the currency.",
        ),
        (
            "drought",
            "Farmers reported failed harvests after months without rain.",
        ),
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let path = dir.join("corpus.jsonl");
    let mut lines = Vec::with_capacity(ARTICLES + 2);
    for i in 0..ARTICLES {
        let (topic, lead) = topics[next(topics.len())];
        let (first, last) = people[next(people.len())];
        let (first2, last2) = people[next(people.len())];
        let org = orgs[next(orgs.len())];
        let place = places[next(places.len())];
        let day = 1 + next(28);
        let text = format!(
            "{place} - {lead} {first} {last}, a spokesperson for {org}, said on Tuesday that \
             the {topic} would be discussed at a meeting in {place}. \"We are doing everything \
             we can,\" {last} said. {first2} {last2} of {org} told reporters that report number \
             {i} was confirmed. {last2} added that more help was needed."
        );
        let title = format!("{place}: {topic} update {i}");
        let published = format!("2026-03-{day:02}");
        lines.push(
            serde_json::json!({"text": text, "title": title, "published": published}).to_string(),
        );
        if i == 100 {
            lines.push("{not json".to_string());
        }
    }
    std::fs::write(&path, lines.join("\n") + "\n").expect("write corpus");
    path
}

fn newsgraph() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    command.arg("--quiet");
    command
}

fn ingest(corpus: &Path, db: &Path) -> Command {
    let mut command = newsgraph();
    command
        .args([
            "ingest",
            "--batch",
            "10",
            "--threads",
            "2",
            "--json",
            "--db",
        ])
        .arg(db)
        .arg(corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn summary(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "ingest printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Everything in a store that does not depend on when it was written.
fn dump(db: &Path) -> (newsgraph_store::Counts, Vec<String>) {
    let mut store = newsgraph_store::open_sqlite(db).expect("open");
    let counts = store.counts().expect("counts");
    let mut outputs = Vec::new();
    for (format, table) in [
        (ExportFormat::Jsonl, CsvTable::Articles),
        (ExportFormat::Csv, CsvTable::Entities),
        (ExportFormat::Csv, CsvTable::Stories),
        (ExportFormat::Csv, CsvTable::Quotes),
        (ExportFormat::Gexf, CsvTable::Articles),
    ] {
        let mut out = Vec::new();
        let options = ExportOptions {
            format,
            table,
            min_weight: 1,
        };
        export(&mut store, &options, &mut out).expect("export");
        outputs.push(String::from_utf8(out).expect("UTF-8"));
    }
    (counts, outputs)
}

#[test]
fn sigkill_mid_ingest_then_resume_equals_an_uninterrupted_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = write_corpus(dir.path());

    // The reference: one uninterrupted run.
    let whole = dir.path().join("whole.db");
    let output = ingest(&corpus, &whole).output().expect("run ingest");
    assert_eq!(
        output.status.code(),
        Some(1),
        "one input line is bad, so the exit code is 1"
    );
    let first = summary(&output);
    assert_eq!(first["summary"]["ok"], ARTICLES);
    assert_eq!(first["summary"]["failed"], 1);

    // A second ingest of the same inputs adds no rows.
    let again = summary(&ingest(&corpus, &whole).output().expect("run ingest"));
    assert_eq!(again["summary"]["ok"], 0);
    assert_eq!(again["summary"]["rows_added"], 0);
    assert_eq!(again["summary"]["duplicates"], ARTICLES);
    assert_eq!(again["store"], first["store"]);

    // Killed with SIGKILL part-way, then run again.
    let killed = dir.path().join("killed.db");
    let mut child = ingest(&corpus, &killed).spawn().expect("spawn ingest");
    let started = Instant::now();
    let mut watcher = None;
    let stored_at_kill = loop {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "ingest made no progress"
        );
        if let Some(status) = child.try_wait().expect("poll child") {
            panic!("ingest finished ({status}) before it could be killed; make the corpus larger");
        }
        if watcher.is_none() && killed.exists() {
            watcher = newsgraph_store::open_sqlite(&killed).ok();
        }
        let stored = watcher
            .as_mut()
            .and_then(|store| store.counts().ok())
            .map_or(0, |c| c.articles);
        if stored >= 60 {
            child.kill().expect("SIGKILL");
            child.wait().expect("reap");
            break stored;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    drop(watcher);
    let partial = newsgraph_store::open_sqlite(&killed)
        .expect("open")
        .counts()
        .expect("counts");
    assert!(partial.articles >= stored_at_kill && (partial.articles as usize) < ARTICLES);

    let resumed = summary(&ingest(&corpus, &killed).output().expect("run ingest"));
    assert_eq!(
        resumed["summary"]["ok"].as_u64(),
        Some(ARTICLES as u64 - partial.articles),
        "the resumed run stores exactly what was missing"
    );
    let (whole_counts, whole_dump) = dump(&whole);
    let (killed_counts, killed_dump) = dump(&killed);
    assert_eq!(killed_counts, whole_counts);
    assert!(
        whole_counts.stories > 1 && whole_counts.resolved_entities > 1,
        "{whole_counts:?}"
    );
    for (a, b) in whole_dump.iter().zip(&killed_dump) {
        assert!(
            a == b,
            "the resumed store differs from the uninterrupted one"
        );
    }
}
