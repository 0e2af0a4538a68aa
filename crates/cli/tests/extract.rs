//! `newsgraph extract` end to end, on inputs written by the tests.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn newsgraph(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("writes stdin");
        }
    }
    child.wait_with_output().expect("the binary finishes")
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every output line is JSON"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn bad_inputs_become_error_records_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a_good.txt",
        b"Title: Talks\n\nThe talks resumed on Monday.\n",
    );
    write(
        dir.path(),
        "b_binary.txt",
        b"\x00\x01\x02PK\x03\x04 not text",
    );
    write(dir.path(), "c_invalid.txt", b"Caf\xe9 owners protested.");
    write(dir.path(), "d_empty.txt", b"");
    write(
        dir.path(),
        "e_feed.jsonl",
        b"{\"text\": \"First report.\"}\n{\"text\": \nnot json\n{\"title\": \"no text\"}\n{\"text\": \"Last report.\"}\n",
    );
    let output = newsgraph(&["extract", dir.path().to_str().unwrap()], None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed input makes the run fail"
    );
    let records = records(&output);
    let summary: Vec<String> = records
        .iter()
        .map(|r| match r.get("error") {
            Some(e) => format!(
                "error {} {}",
                e["kind"].as_str().unwrap(),
                e["line"]
                    .as_u64()
                    .map(|l| l.to_string())
                    .unwrap_or_default()
            ),
            None => format!("ok {}", r["article"]["text"].as_str().unwrap().trim()),
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            "ok The talks resumed on Monday.",
            "error binary ",
            "error invalid_utf8 ",
            "error empty ",
            "ok First report.",
            "error malformed_json 2",
            "error malformed_json 3",
            "error missing_text 4",
            "ok Last report.",
        ]
    );
    for record in &records {
        if let Some(error) = record.get("error") {
            assert!(error["input"]
                .as_str()
                .unwrap()
                .contains(dir.path().to_str().unwrap()));
            assert!(!error["reason"].as_str().unwrap().is_empty());
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("extract: 3 ok, 6 failed, 0 skipped"),
        "{stderr}"
    );
}

#[test]
fn standard_input_is_read_and_documents_carry_sentences() {
    let output = newsgraph(
        &["extract", "-"],
        Some("The bloc threatened intervention. The junta sought help.".as_bytes()),
    );
    assert!(output.status.success());
    let records = records(&output);
    assert_eq!(records.len(), 1);
    let document = &records[0];
    assert_eq!(document["schema_version"], "0.1");
    assert_eq!(document["article"]["origin"]["input"], "-");
    assert_eq!(document["sentences"].as_array().unwrap().len(), 2);
    assert!(
        document.get("tokens").is_none(),
        "tokens only with --tokens"
    );
}

#[test]
fn tokens_are_written_when_asked_and_cite_their_text() {
    let output = newsgraph(
        &["extract", "--tokens", "-"],
        Some("The U.S. didn't pay $2m.".as_bytes()),
    );
    assert!(output.status.success());
    let document = &records(&output)[0];
    let text = document["article"]["text"].as_str().unwrap().as_bytes();
    let tokens: Vec<&str> = document["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let (start, end) = (
                t["span"]["start"].as_u64().unwrap() as usize,
                t["span"]["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(std::str::from_utf8(&text[start..end]).unwrap(), t["text"]);
            t["text"].as_str().unwrap()
        })
        .collect();
    assert!(
        tokens.contains(&"U.S.") && tokens.contains(&"n't"),
        "{tokens:?}"
    );
}

#[test]
fn layers_can_be_chosen_and_unknown_ones_are_refused() {
    let text = "Police arrested two men in Lagos on Monday, the ministry said.";
    let all = newsgraph(&["extract", "-"], Some(text.as_bytes()));
    assert!(all.status.success());
    let layers = |document: &Value| -> Vec<String> {
        document["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect()
    };
    let full = layers(&records(&all)[0]);
    assert!(full.iter().any(|l| l == "events"), "{full:?}");

    let some = newsgraph(
        &["extract", "--layers", "places", "--tokens", "-"],
        Some(text.as_bytes()),
    );
    assert!(some.status.success());
    let document = &records(&some)[0];
    let chosen = layers(document);
    assert!(chosen.iter().any(|l| l == "places"), "{chosen:?}");
    assert!(
        !chosen
            .iter()
            .any(|l| l == "events" || l == "parse" || l == "time"),
        "{chosen:?}"
    );
    // The places read the entity mentions, so the recogniser ran when its model is there.
    if full.iter().any(|l| l == "ner") {
        assert!(chosen.iter().any(|l| l == "ner"), "{chosen:?}");
    }
    assert!(document["tokens"][0]["head"].is_null());

    let refused = newsgraph(&["extract", "--layers", "pos,sentiment", "-"], Some(b"x"));
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("sentiment"), "{message}");
}

#[test]
fn the_shipped_sample_matches_the_schema_documentation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Run from the repository root, as README does.
    let output = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["extract", "examples/chad.txt"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document = &records(&output)[0];
    let schema = std::fs::read_to_string(root.join("docs/schema.md")).unwrap();
    let start = schema
        .find("```json schema=Document\n")
        .expect("example present");
    let body = &schema[start + "```json schema=Document\n".len()..];
    let body = &body[..body.find("\n```").unwrap()];
    let example: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        document["article"], example["article"],
        "article as documented"
    );
    assert_eq!(
        document["sentences"], example["sentences"],
        "sentences as documented"
    );
}

#[test]
fn json_format_with_many_articles_is_one_array_in_input_order() {
    let lines: String = (0..600)
        .map(|i| format!("{{\"text\": \"Report {i} was filed.\"}}\n"))
        .collect();
    let output = newsgraph(
        &[
            "extract",
            "--format",
            "json",
            "--input-format",
            "jsonl",
            "-",
        ],
        Some(lines.as_bytes()),
    );
    assert!(output.status.success());
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    let records = value.as_array().unwrap();
    assert_eq!(records.len(), 600);
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record["article"]["text"], format!("Report {i} was filed."));
        assert_eq!(record["article"]["origin"]["line"], i as u64 + 1);
    }
}

#[test]
fn text_format_shows_numbered_sentences_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Troops moved north. Talks failed.");
    write(dir.path(), "b.txt", b"");
    let output = newsgraph(
        &["extract", "--format", "text", dir.path().to_str().unwrap()],
        None,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("[0] Troops moved north.\n[1] Talks failed."),
        "{stdout}"
    );
    assert!(
        stdout.contains("!! ") && stdout.contains("b.txt"),
        "{stdout}"
    );
}

/// A reader that stops early (`newsgraph extract … | head -1`) ends the run without a panic
/// message: the broken pipe ends the process as it ends other Unix tools.
#[cfg(unix)]
#[test]
fn closed_stdout_is_not_a_panic() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    for i in 0..400 {
        write(
            dir.path(),
            &format!("a{i:03}.txt"),
            format!("Report {i}. The minister said the border would reopen on Monday.\n")
                .as_bytes(),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("extract")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // The reading end is dropped here, with most of the output still to come.
    let output = child.wait_with_output().expect("the binary finishes");
    assert!(first.starts_with('{'), "first line: {first:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[test]
fn text_format_shows_events_with_actor_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["extract", "--format", "text", "examples/chad.txt"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    let events = &text[text.find("\nEvents:\n").expect("an events section")..];
    assert!(
        events.contains(
            "the junta [TCD GOV MIL] —REQUEST→ a Russian private military company [RUS PMC]"
        ),
        "{events}"
    );
    assert!(
        events.contains("The regional bloc [IGO] —THREATEN→"),
        "{events}"
    );
}

#[test]
fn cameo_dictionaries_code_the_events_with_their_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args([
            "extract",
            "--cameo-dictionaries",
            "crates/events/tests/fixtures/petrarch",
            "-",
        ])
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(b"Zalandia praised Tellur on Monday.\n")
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let docs = records(&output);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    // The tokens the coder read are not written unless asked for.
    assert!(doc.get("tokens").is_none());
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e["cameo"], "051");
    assert_eq!(e["source"]["country"], "ZAL");
    assert_eq!(e["target"]["country"], "TEL");
    let text = doc["article"]["text"].as_str().unwrap();
    let (start, end) = (
        e["trigger"]["start"].as_u64().unwrap() as usize,
        e["trigger"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "praised");
}
