//! `newsgraph train tagger` and `newsgraph eval pos`: the POS tagger and lemmatizer, trained
//! on and scored against UD CoNLL-U files (gold tokenization).
//!
//! Besides the treebank, training reads unlabelled text for word clusters and profiles: the
//! news and web text of the shared data directory (`--unlabeled`; by default the parent of the
//! training file's directory: `../shared/data` for `../shared/data/ud-ewt/en_ewt-ud-train.conllu`).
//! Sources that are missing are skipped; the model header lists those used.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph_eval::conllu;
use newsgraph_ml::ModelHeader;
use newsgraph_nlp::tagger::{self, PosScores, Tagger, TrainEvent, TrainOptions, TrainWord};
use serde_json::json;

use super::{command_line, describe_data, EvalOutput, TrainArgs};

/// The tagger's file in the models directory.
pub const MODEL_FILE: &str = "tagger.ngm";

/// Read a CoNLL-U file as sentences of gold words.
fn read_sentences(path: &Path) -> Result<Vec<Vec<TrainWord>>> {
    let documents =
        conllu::read_file(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(documents
        .iter()
        .flat_map(|d| d.sentences())
        .map(|s| {
            s.words
                .iter()
                .map(|w| TrainWord {
                    form: w.form.clone(),
                    upos: w.upos.clone(),
                    xpos: w.xpos.clone(),
                    lemma: w.lemma.clone(),
                })
                .collect()
        })
        .collect())
}

/// How a source of unlabelled text is laid out.
#[derive(Clone, Copy)]
enum Layout {
    /// Plain text files.
    Text,
    /// CoNLL-2003 columns: the first column is the token, blank lines end sentences.
    Columns,
    /// ECB+ XML: `<token … sentence="n" …>word</token>`.
    EcbTokens,
    /// XML with the article text in `<text>` elements (geoparsing corpora).
    TextElements,
    /// TimeML: the text between `<TEXT>` and `</TEXT>`, tags removed.
    TimeMl,
    /// JSON lines with a `sent_text` field.
    JsonSentences,
    /// HTML pages: the text of their `<p>` elements.
    Html,
}

/// Unlabelled text under the data directory: (path, file name suffix, layout).
const UNLABELED: &[(&str, &str, Layout)] = &[
    ("news/bbc", ".txt", Layout::Text),
    ("polnear/train/text", ".txt", Layout::Text),
    ("polnear/dev/text", ".txt", Layout::Text),
    ("conll2003", ".iob1", Layout::Columns),
    ("ecbplus/ECB+", ".xml", Layout::EcbTokens),
    ("geoparsing", ".xml", Layout::TextElements),
    ("timeml/TBAQ-cleaned", ".tml", Layout::TimeMl),
    (
        "events/indiapoliceevents/sents.jsonl",
        ".jsonl",
        Layout::JsonSentences,
    ),
    ("article-extraction/html", ".html", Layout::Html),
];

/// Files under `path` (itself if a file) whose names end with `suffix`, sorted.
fn files_under(path: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, suffix, out);
        } else if p.to_string_lossy().ends_with(suffix) {
            out.push(p);
        }
    }
}

/// Decode the common HTML/XML character references.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Remove markup tags.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The contents of every `<name …>…</name>` element (case-insensitive names).
fn elements<'t>(text: &'t str, name: &str) -> Vec<&'t str> {
    let lower = text.to_ascii_lowercase();
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&open) {
        let start = from + at;
        let after = start + open.len();
        // `<p>` or `<p …>`, not `<pre>`.
        if !matches!(
            lower.as_bytes().get(after),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            from = after;
            continue;
        }
        let Some(gt) = lower[after..].find('>') else {
            break;
        };
        let body = after + gt + 1;
        let Some(end) = lower[body..].find(&close) else {
            break;
        };
        found.push(&text[body..body + end]);
        from = body + end + close.len();
    }
    found
}

/// Remove `<script>` and `<style>` elements.
fn without_scripts(html: &str) -> String {
    let mut out = html.to_string();
    for name in ["script", "style", "noscript"] {
        for body in elements(&out.clone(), name) {
            out = out.replacen(body, " ", 1);
        }
    }
    out
}

/// Tokenize raw text into sentences of token strings.
fn tokenize(text: &str, out: &mut Vec<Vec<String>>) {
    let segmentation = newsgraph_text::segment(text);
    for sentence in &segmentation.sentences {
        let tokens: Vec<String> = segmentation.tokens[sentence.tokens.clone()]
            .iter()
            .filter_map(|t| text.get(t.span.start..t.span.end))
            .map(str::to_string)
            .collect();
        if !tokens.is_empty() {
            out.push(tokens);
        }
    }
}

/// Read one file of unlabelled text into sentences.
fn read_unlabeled(path: &Path, layout: Layout, out: &mut Vec<Vec<String>>) -> Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    match layout {
        Layout::Text => tokenize(&text, out),
        Layout::Columns => {
            let mut sentence = Vec::new();
            for line in text.lines() {
                match line.split_whitespace().next() {
                    Some("-DOCSTART-") | None => {
                        if !sentence.is_empty() {
                            out.push(std::mem::take(&mut sentence));
                        }
                    }
                    Some(token) => sentence.push(token.to_string()),
                }
            }
            if !sentence.is_empty() {
                out.push(sentence);
            }
        }
        Layout::EcbTokens => {
            let mut sentence = Vec::new();
            let mut current = "";
            for line in text.lines() {
                let Some(rest) = line.trim_start().strip_prefix("<token ") else {
                    continue;
                };
                let number = rest
                    .split("sentence=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or("");
                let word = rest
                    .split_once('>')
                    .and_then(|(_, w)| w.split_once("</token>"))
                    .map(|(w, _)| unescape(w));
                if number != current && !sentence.is_empty() {
                    out.push(std::mem::take(&mut sentence));
                }
                current = number;
                if let Some(word) = word.filter(|w| !w.trim().is_empty()) {
                    sentence.push(word);
                }
            }
            if !sentence.is_empty() {
                out.push(sentence);
            }
        }
        Layout::TextElements => {
            for body in elements(&text, "text") {
                let body = body.trim();
                let body = body
                    .strip_prefix("<![CDATA[")
                    .and_then(|b| b.strip_suffix("]]>"))
                    .unwrap_or(body);
                tokenize(&unescape(body), out);
            }
        }
        Layout::TimeMl => {
            for body in elements(&text, "text") {
                tokenize(&unescape(&strip_tags(body)), out);
            }
        }
        Layout::JsonSentences => {
            for line in text.lines() {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(line) {
                    if let Some(sentence) = value.get("sent_text").and_then(|v| v.as_str()) {
                        tokenize(sentence, out);
                    }
                }
            }
        }
        Layout::Html => {
            let html = without_scripts(&text);
            for paragraph in elements(&html, "p") {
                let paragraph = unescape(&strip_tags(paragraph));
                if paragraph.split_whitespace().count() >= 8 {
                    tokenize(&paragraph, out);
                }
            }
        }
    }
    Ok(())
}

/// All unlabelled text found under `root`, with a description of each source.
pub(super) fn unlabeled_text(root: &Path) -> Result<(Vec<Vec<String>>, Vec<String>)> {
    let mut sentences = Vec::new();
    let mut used = Vec::new();
    for &(relative, suffix, layout) in UNLABELED {
        let path = root.join(relative);
        let mut files = Vec::new();
        files_under(&path, suffix, &mut files);
        if files.is_empty() {
            continue;
        }
        let before = sentences.len();
        let mut bytes = 0;
        for file in &files {
            bytes += std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            read_unlabeled(file, layout, &mut sentences)?;
        }
        let tokens: usize = sentences[before..].iter().map(Vec::len).sum();
        used.push(format!(
            "unlabeled: {} ({} files, {} bytes, {} tokens)",
            path.display(),
            files.len(),
            bytes,
            tokens
        ));
    }
    Ok((sentences, used))
}

pub fn train(args: &TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let train = read_sentences(&args.train)?;
    let dev = read_sentences(&args.dev)?;
    let mut options = TrainOptions {
        seed: args.seed,
        ..TrainOptions::default()
    };
    if let Some(iterations) = args.iterations {
        options.iterations = iterations;
    }
    let (unlabeled, sources) = unlabeled_text(&args.unlabeled_root())?;
    eprintln!(
        "training the tagger on {} sentences ({} words), with {} sentences ({} tokens) of \
         unlabelled text; {} iterations, seed {}",
        train.len(),
        train.iter().map(Vec::len).sum::<usize>(),
        unlabeled.len(),
        unlabeled.iter().map(Vec::len).sum::<usize>(),
        options.iterations,
        options.seed
    );
    let tagger = tagger::train(
        &train,
        &dev,
        &unlabeled,
        &options,
        &mut |event| match event {
            TrainEvent::Message(text) => eprintln!("{text}"),
            TrainEvent::Iteration(p) => match &p.dev {
                Some(dev) => eprintln!(
                    "{} tagger, iteration {:>2}: train {:.2}%  dev UPOS {:.2}%  XPOS {:.2}%  \
                 lemma {:.2}%  ({} features, {:.1}s)",
                    p.stage,
                    p.iteration,
                    p.train_accuracy,
                    dev.upos(),
                    dev.xpos(),
                    dev.lemma(),
                    p.features,
                    p.seconds
                ),
                None => eprintln!(
                    "{} tagger, iteration {:>2}: train {:.2}%  ({} features, {:.1}s)",
                    p.stage, p.iteration, p.train_accuracy, p.features, p.seconds
                ),
            },
        },
    )?;
    let scores = tagger.score(&dev);
    let mut header = ModelHeader::new(tagger::KIND);
    header.training_data = vec![
        format!("train: {}", describe_data(&args.train)),
        format!("dev: {}", describe_data(&args.dev)),
    ];
    header.training_data.extend(sources);
    header.command = command_line();
    header.created = super::today();
    let round = |x: f64| (x * 100.0).round() / 100.0;
    header
        .dev_scores
        .insert("upos".into(), round(scores.upos()));
    header
        .dev_scores
        .insert("xpos".into(), round(scores.xpos()));
    header
        .dev_scores
        .insert("lemma".into(), round(scores.lemma()));
    let notes = [
        ("seed", options.seed.to_string()),
        ("iterations", options.iterations.to_string()),
        ("prune", options.prune.to_string()),
        ("cluster_levels", format!("{:?}", options.cluster_levels)),
        ("features", tagger.n_features().to_string()),
        ("weights", tagger.n_weights().to_string()),
        ("classes", tagger.n_classes().to_string()),
        ("vocabulary", tagger.vocabulary_size().to_string()),
        ("lexicon", tagger.lexicon_size().to_string()),
        (
            "lemma_exceptions",
            tagger.lemmatizer().n_exceptions().to_string(),
        ),
        (
            "training_seconds",
            format!("{:.0}", started.elapsed().as_secs_f64()),
        ),
    ];
    for (key, value) in notes {
        header.notes.insert(key.into(), value);
    }
    tagger
        .save(&args.out, &header)
        .with_context(|| format!("writing {}", args.out.display()))?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {} ({:.2} MB) in {:.0}s: dev UPOS {:.2}%, XPOS {:.2}%, lemma {:.2}%",
        args.out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        scores.upos(),
        scores.xpos(),
        scores.lemma()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn evaluate(gold: &Path, models: &Path) -> Result<EvalOutput> {
    let path = models.join(MODEL_FILE);
    let loading = Instant::now();
    let tagger = Tagger::load(&path).with_context(|| format!("loading {}", path.display()))?;
    let load_seconds = loading.elapsed().as_secs_f64();
    let sentences = read_sentences(gold)?;
    let cold = tagger.score(&sentences);
    // A second pass measures the speed with warm caches, as in a long run.
    let warm = tagger.score(&sentences);
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    for sentence in &sentences {
        words.clear();
        words.extend(sentence.iter().map(|w| w.form.as_str()));
        tagger.tag(&words, &mut tags);
        pairs.extend(
            sentence
                .iter()
                .zip(&tags)
                .map(|(gold, &tag)| (gold.upos.as_str(), tagger.upos_name(tag))),
        );
    }
    Ok(report(
        &PosScores {
            seconds: warm.seconds,
            ..cold
        },
        &confusions(pairs),
        load_seconds,
    ))
}

/// How many confusions of the UPOS table the report lists.
const CONFUSIONS_SHOWN: usize = 12;

/// The (gold, predicted) UPOS pairs that differ, with their counts, most frequent first (ties
/// in name order).
fn confusions<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(String, String, usize)> {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for (gold, predicted) in pairs {
        if gold != predicted {
            *counts.entry((gold, predicted)).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, String, usize)> = counts
        .into_iter()
        .map(|((g, p), n)| (g.to_string(), p.to_string(), n))
        .collect();
    ranked.sort_by_key(|c| std::cmp::Reverse(c.2));
    ranked
}

fn report(
    scores: &PosScores,
    confusions: &[(String, String, usize)],
    load_seconds: f64,
) -> EvalOutput {
    let words_per_second = if scores.seconds > 0.0 {
        scores.words as f64 / scores.seconds
    } else {
        0.0
    };
    let metric = |accuracy: f64, correct: usize| {
        json!({
            "accuracy": (accuracy * 100.0).round() / 100.0,
            "correct": correct,
            "total": scores.words,
        })
    };
    let json = json!({
        "upos": metric(scores.upos(), scores.upos_correct),
        "xpos": metric(scores.xpos(), scores.xpos_correct),
        "lemma": metric(scores.lemma(), scores.lemma_correct),
        "words": scores.words,
        "words_per_second": words_per_second.round(),
        "load_seconds": (load_seconds * 1000.0).round() / 1000.0,
        "upos_confusions": confusions
            .iter()
            .take(CONFUSIONS_SHOWN)
            .map(|(gold, predicted, count)| {
                json!({"gold": gold, "predicted": predicted, "count": count})
            })
            .collect::<Vec<_>>(),
    });
    let mut table = format!(
        "{:<8} {:>9} {:>9} {:>9}\n",
        "metric", "accuracy", "correct", "words"
    );
    for (name, accuracy, correct) in [
        ("UPOS", scores.upos(), scores.upos_correct),
        ("XPOS", scores.xpos(), scores.xpos_correct),
        ("lemma", scores.lemma(), scores.lemma_correct),
    ] {
        table.push_str(&format!(
            "{:<8} {:>8.2}% {:>9} {:>9}\n",
            name, accuracy, correct, scores.words
        ));
    }
    table.push_str(&format!(
        "{:.0} words/s (tagging and lemmatizing gold tokens, one thread, warm); model loaded \
         in {:.3}s\n",
        words_per_second, load_seconds
    ));
    if !confusions.is_empty() {
        let errors: usize = confusions.iter().map(|c| c.2).sum();
        table.push_str(&format!(
            "most frequent UPOS confusions (gold → predicted) of {errors} errors:\n"
        ));
        for (gold, predicted, count) in confusions.iter().take(CONFUSIONS_SHOWN) {
            table.push_str(&format!(
                "  {gold:<6} → {predicted:<6} {count:>6}  {:5.1}%\n",
                100.0 * *count as f64 / errors as f64
            ));
        }
    }
    EvalOutput { table, json }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_plausible_date() {
        let date = super::super::today();
        assert_eq!(date.len(), 10);
        assert!(date.as_str() >= "2024-01-01", "{date}");
    }

    #[test]
    fn confusions_count_differences_most_frequent_first() {
        let pairs = [
            ("NOUN", "NOUN"),
            ("PROPN", "NOUN"),
            ("ADJ", "NOUN"),
            ("PROPN", "NOUN"),
            ("VERB", "VERB"),
            ("ADJ", "NOUN"),
            ("ADJ", "NOUN"),
            ("ADV", "ADP"),
        ];
        let ranked = confusions(pairs);
        let as_tuples: Vec<(&str, &str, usize)> = ranked
            .iter()
            .map(|(g, p, n)| (g.as_str(), p.as_str(), *n))
            .collect();
        assert_eq!(
            as_tuples,
            vec![("ADJ", "NOUN", 3), ("PROPN", "NOUN", 2), ("ADV", "ADP", 1)]
        );
        let report = report(&PosScores::default(), &ranked, 0.0);
        assert!(report.table.contains("of 6 errors"), "{}", report.table);
        assert_eq!(report.json["upos_confusions"][0]["gold"], "ADJ");
        assert!(confusions([("X", "X")]).is_empty());
    }

    #[test]
    fn markup_helpers() {
        assert_eq!(
            unescape("a &amp; b &#8217; &#x41; &bogus"),
            "a & b \u{2019} A &bogus"
        );
        assert_eq!(strip_tags("a <b>bold</b> c").split_whitespace().count(), 3);
        let html = "<p class=x>One</p><pre>no</pre><P>Two</P><script>var p;</script>";
        assert_eq!(elements(html, "p"), vec!["One", "Two"]);
        assert!(!without_scripts(html).contains("var p"));
    }
}
