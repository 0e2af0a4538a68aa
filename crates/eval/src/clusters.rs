//! Clustering scores (B³ precision/recall/F1, adjusted Rand index) and the ECB+ corpus
//! reader behind `newsgraph eval stories`.
//!
//! ECB+ (Cybulska and Vossen, 2014) is distributed as CAT XML: one file per document,
//! `ECB+/<topic>/<topic>_<n>ecb.xml` or `…ecbplus.xml`, the text as `<token t_id sentence
//! number>` elements followed by stand-off annotation. Each topic holds two sub-topics —
//! the original ECB documents (`ecb`) and the added ones about a different event of the same
//! kind (`ecbplus`) — and those sub-topics are the gold story clusters.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Errors reading gold data.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: no ECB+ documents found (expected <topic>/<topic>_<n>ecb.xml files)")]
    NoDocuments(PathBuf),
    #[error("the gold and predicted labelings differ in length ({gold} and {predicted})")]
    LengthMismatch { gold: usize, predicted: usize },
}

/// B³ and ARI of a predicted clustering against a gold one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterScores {
    pub items: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    pub b3_precision: f64,
    pub b3_recall: f64,
    pub b3_f1: f64,
    pub ari: f64,
}

impl ClusterScores {
    pub fn to_table(&self) -> String {
        format!(
            "items {}  gold clusters {}  predicted clusters {}\n\
             B3 precision {:6.2}\nB3 recall    {:6.2}\nB3 F1        {:6.2}\nARI          {:6.2}\n",
            self.items,
            self.gold_clusters,
            self.predicted_clusters,
            self.b3_precision * 100.0,
            self.b3_recall * 100.0,
            self.b3_f1 * 100.0,
            self.ari * 100.0
        )
    }
}

fn dense<L: Eq + Hash + Clone>(labels: &[L]) -> (Vec<usize>, usize) {
    let mut ids: HashMap<L, usize> = HashMap::new();
    let dense = labels
        .iter()
        .map(|l| {
            let next = ids.len();
            *ids.entry(l.clone()).or_insert(next)
        })
        .collect();
    (dense, ids.len())
}

/// Score `predicted` against `gold`: one label per item, in the same order.
///
/// B³ (Bagga and Baldwin, 1998): for each item, precision is the share of its predicted
/// cluster that shares its gold cluster, recall the share of its gold cluster that shares
/// its predicted cluster; both averaged over items, F1 their harmonic mean. ARI (Hubert and
/// Arabie, 1985): the Rand index adjusted for chance, 1 for identical clusterings, about 0
/// for random ones.
pub fn score<G: Eq + Hash + Clone, P: Eq + Hash + Clone>(
    gold: &[G],
    predicted: &[P],
) -> Result<ClusterScores, ClusterError> {
    if gold.len() != predicted.len() {
        return Err(ClusterError::LengthMismatch {
            gold: gold.len(),
            predicted: predicted.len(),
        });
    }
    let n = gold.len();
    let (g, gold_clusters) = dense(gold);
    let (p, predicted_clusters) = dense(predicted);
    let mut joint: HashMap<(usize, usize), f64> = HashMap::new();
    let mut gold_size = vec![0f64; gold_clusters];
    let mut predicted_size = vec![0f64; predicted_clusters];
    for i in 0..n {
        *joint.entry((g[i], p[i])).or_insert(0.0) += 1.0;
        gold_size[g[i]] += 1.0;
        predicted_size[p[i]] += 1.0;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (&(gi, pi), &count) in &joint {
        // Each of the `count` items in this cell contributes count/|P| and count/|G|.
        precision += count * count / predicted_size[pi];
        recall += count * count / gold_size[gi];
    }
    let nf = n as f64;
    let (b3_precision, b3_recall) = if n == 0 {
        (0.0, 0.0)
    } else {
        (precision / nf, recall / nf)
    };
    let b3_f1 = if b3_precision + b3_recall > 0.0 {
        2.0 * b3_precision * b3_recall / (b3_precision + b3_recall)
    } else {
        0.0
    };
    let pairs = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = joint.values().map(|&c| pairs(c)).sum();
    let gold_pairs: f64 = gold_size.iter().map(|&c| pairs(c)).sum();
    let predicted_pairs: f64 = predicted_size.iter().map(|&c| pairs(c)).sum();
    let total = pairs(nf);
    let expected = if total > 0.0 {
        gold_pairs * predicted_pairs / total
    } else {
        0.0
    };
    let max = (gold_pairs + predicted_pairs) / 2.0;
    let ari = if (max - expected).abs() < f64::EPSILON {
        1.0
    } else {
        (index - expected) / (max - expected)
    };
    Ok(ClusterScores {
        items: n,
        gold_clusters,
        predicted_clusters,
        b3_precision,
        b3_recall,
        b3_f1,
        ari,
    })
}

/// One ECB+ document, its text rebuilt from the tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcbDocument {
    /// File name (`1_10ecbplus.xml`).
    pub name: String,
    pub topic: u32,
    /// `ecb` or `ecbplus`.
    pub subtopic: String,
    /// The source page of an `ecbplus` document (its sentence 0), when given.
    pub url: Option<String>,
    /// Sentences on lines of their own, tokens separated by spaces except before closing
    /// and after opening punctuation.
    pub text: String,
}

impl EcbDocument {
    /// The gold story: topic and sub-topic (`1ecbplus`).
    pub fn gold_cluster(&self) -> String {
        format!("{}{}", self.topic, self.subtopic)
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The tokens of a CAT XML document, as (sentence, token text), in order.
pub fn cat_tokens(xml: &str) -> Vec<(u32, String)> {
    let mut tokens = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find("<token ") {
        rest = &rest[open..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let Some(close) = rest.find("</token>") else {
            break;
        };
        if close < tag_end {
            rest = &rest[tag_end..];
            continue;
        }
        let word = unescape(rest[tag_end + 1..close].trim());
        let sentence = attribute(tag, "sentence")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if !word.is_empty() {
            tokens.push((sentence, word));
        }
        rest = &rest[close + "</token>".len()..];
    }
    tokens
}

/// Join tokens into text: no space before closing punctuation or after opening.
fn detokenize(tokens: &[String]) -> String {
    let mut text = String::new();
    let mut glue_next = false;
    for token in tokens {
        let closing = matches!(
            token.as_str(),
            "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "'s" | "n't" | "%" | "'" | "''"
        );
        if !text.is_empty() && !closing && !glue_next {
            text.push(' ');
        }
        text.push_str(token);
        glue_next = matches!(token.as_str(), "(" | "[" | "{" | "$" | "``");
    }
    text
}

/// Read the ECB+ documents of topics `topics` (inclusive range) under `dir` (the folder
/// holding the topic folders, or its parent), sorted by topic and file name.
pub fn read_ecbplus(
    dir: &Path,
    topics: std::ops::RangeInclusive<u32>,
) -> Result<Vec<EcbDocument>, ClusterError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ClusterError::Io { path, source }
    };
    let root = if dir.join("ECB+").is_dir() {
        dir.join("ECB+")
    } else {
        dir.to_path_buf()
    };
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(&root).map_err(io(&root))? {
        let entry = entry.map_err(io(&root))?;
        let Some(topic) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if !topics.contains(&topic) || !entry.path().is_dir() {
            continue;
        }
        let topic_dir = entry.path();
        for file in std::fs::read_dir(&topic_dir).map_err(io(&topic_dir))? {
            let path = file.map_err(io(&topic_dir))?.path();
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            let subtopic = if name.ends_with("ecbplus.xml") {
                "ecbplus"
            } else if name.ends_with("ecb.xml") {
                "ecb"
            } else {
                continue;
            };
            let xml = std::fs::read_to_string(&path).map_err(io(&path))?;
            let tokens = cat_tokens(&xml);
            let mut sentences: Vec<(u32, Vec<String>)> = Vec::new();
            for (sentence, word) in tokens {
                match sentences.last_mut() {
                    Some((s, words)) if *s == sentence => words.push(word),
                    _ => sentences.push((sentence, vec![word])),
                }
            }
            let mut url = None;
            if subtopic == "ecbplus" && sentences.first().is_some_and(|(s, _)| *s == 0) {
                let (_, words) = sentences.remove(0);
                url = Some(words.concat());
            }
            let text = sentences
                .iter()
                .map(|(_, words)| detokenize(words))
                .collect::<Vec<_>>()
                .join("\n");
            documents.push(EcbDocument {
                name,
                topic,
                subtopic: subtopic.to_string(),
                url,
                text,
            });
        }
    }
    if documents.is_empty() {
        return Err(ClusterError::NoDocuments(dir.to_path_buf()));
    }
    let number = |name: &str| -> u32 {
        name.split('_')
            .nth(1)
            .map(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    documents.sort_by(|a, b| {
        (a.topic, number(&a.name), &a.name).cmp(&(b.topic, number(&b.name), &b.name))
    });
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn identical_clusterings_score_one() {
        let s = score(&["a", "a", "b", "c"], &[7, 7, 1, 2]).unwrap();
        assert!(close(s.b3_f1, 1.0) && close(s.ari, 1.0));
        assert_eq!((s.gold_clusters, s.predicted_clusters), (3, 3));
    }

    #[test]
    fn b3_and_ari_match_hand_computed_values() {
        // Gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}.
        let s = score(&[0, 0, 0, 1, 1], &["x", "x", "y", "y", "y"]).unwrap();
        // Precision: items 0,1: 2/2; item 2: 1/3; items 3,4: 2/3 → (2 + 1/3 + 4/3) / 5.
        assert!(close(s.b3_precision, (2.0 + 1.0 / 3.0 + 4.0 / 3.0) / 5.0));
        // Recall: items 0,1: 2/3; item 2: 1/3; items 3,4: 2/2 → (4/3 + 1/3 + 2) / 5.
        assert!(close(s.b3_recall, (4.0 / 3.0 + 1.0 / 3.0 + 2.0) / 5.0));
        // ARI: index 2, gold pairs 4, predicted pairs 4, total 10 → (2 - 1.6) / (4 - 1.6).
        assert!(close(s.ari, 0.4 / 2.4));
    }

    #[test]
    fn all_in_one_cluster_has_full_recall() {
        let s = score(&[1, 1, 2, 2], &[0, 0, 0, 0]).unwrap();
        assert!(close(s.b3_recall, 1.0));
        assert!(close(s.b3_precision, 0.5));
        assert!(close(s.ari, 0.0));
        assert!(score(&[1], &[1, 2]).is_err());
    }

    #[test]
    fn cat_tokens_rebuild_text() {
        let xml = r#"<Document doc_name="1_1ecbplus.xml">
<token t_id="1" sentence="0" number="0">http</token>
<token t_id="2" sentence="0" number="1">:</token>
<token t_id="3" sentence="1" number="0">Tom</token>
<token t_id="4" sentence="1" number="1">&amp;</token>
<token t_id="5" sentence="1" number="2">Jerry</token>
<token t_id="6" sentence="1" number="3">(</token>
<token t_id="7" sentence="1" number="4">cats</token>
<token t_id="8" sentence="1" number="5">)</token>
<token t_id="9" sentence="1" number="6">.</token>
<Markables><ACTION_OCCURRENCE m_id="1"><token_anchor t_id="3"/></ACTION_OCCURRENCE></Markables>
</Document>"#;
        let tokens = cat_tokens(xml);
        assert_eq!(tokens.len(), 9);
        assert_eq!(tokens[3], (1, "&".to_string()));
        let words: Vec<String> = tokens[2..].iter().map(|(_, w)| w.clone()).collect();
        assert_eq!(detokenize(&words), "Tom & Jerry (cats).");
    }

    #[test]
    fn ecbplus_folders_are_read_by_topic_and_subtopic() {
        let dir = std::env::temp_dir().join(format!("ng-ecb-{}", std::process::id()));
        let topic = dir.join("ECB+").join("3");
        std::fs::create_dir_all(&topic).unwrap();
        let doc = |s0: &str, s1: &str| {
            format!(
                "<Document>\n<token t_id=\"1\" sentence=\"0\" number=\"0\">{s0}</token>\n\
                 <token t_id=\"2\" sentence=\"1\" number=\"0\">{s1}</token>\n</Document>"
            )
        };
        std::fs::write(topic.join("3_2ecb.xml"), doc("Fire", "spreads")).unwrap();
        std::fs::write(
            topic.join("3_10ecbplus.xml"),
            doc("www.example.org", "Flood"),
        )
        .unwrap();
        std::fs::write(topic.join("notes.txt"), "x").unwrap();
        let docs = read_ecbplus(&dir, 1..=35).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].name, "3_2ecb.xml");
        assert_eq!(docs[0].text, "Fire\nspreads");
        assert_eq!(docs[0].gold_cluster(), "3ecb");
        assert_eq!(docs[1].url.as_deref(), Some("www.example.org"));
        assert_eq!(docs[1].text, "Flood");
        assert!(read_ecbplus(&dir, 4..=35).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
