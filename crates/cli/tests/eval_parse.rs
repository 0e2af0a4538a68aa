//! `newsgraph eval parse`, with the tagger's tags and with the gold file's, on a treebank
//! written by the test.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The shipped models, or `None` where this checkout has no parser and tagger.
fn models_dir() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    (dir.join("parser.ngm").exists() && dir.join("tagger.ngm").exists()).then_some(dir)
}

fn eval_parse(gold: &Path, models: &Path, extra: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["eval", "parse", "--json", "--gold"])
        .arg(gold)
        .arg("--models")
        .arg(models)
        .args(extra)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "eval parse failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the report is JSON")
}

/// Every word tagged `X` in the gold file: a parser that reads these tags has nothing to go
/// on but the words, while the tagger's tags are right.
const TREEBANK: &str = "\
# text = The minister said the talks would resume on Monday.
1\tThe\tthe\tX\tX\t_\t2\tdet\t_\t_
2\tminister\tminister\tX\tX\t_\t3\tnsubj\t_\t_
3\tsaid\tsay\tX\tX\t_\t0\troot\t_\t_
4\tthe\tthe\tX\tX\t_\t5\tdet\t_\t_
5\ttalks\ttalk\tX\tX\t_\t7\tnsubj\t_\t_
6\twould\twould\tX\tX\t_\t7\taux\t_\t_
7\tresume\tresume\tX\tX\t_\t3\tccomp\t_\t_
8\ton\ton\tX\tX\t_\t9\tcase\t_\t_
9\tMonday\tMonday\tX\tX\t_\t7\tobl\t_\t_
10\t.\t.\tX\tX\t_\t3\tpunct\t_\t_

# text = Police arrested two men in the city.
1\tPolice\tpolice\tX\tX\t_\t2\tnsubj\t_\t_
2\tarrested\tarrest\tX\tX\t_\t0\troot\t_\t_
3\ttwo\ttwo\tX\tX\t_\t4\tnummod\t_\t_
4\tmen\tman\tX\tX\t_\t2\tobj\t_\t_
5\tin\tin\tX\tX\t_\t7\tcase\t_\t_
6\tthe\tthe\tX\tX\t_\t7\tdet\t_\t_
7\tcity\tcity\tX\tX\t_\t2\tobl\t_\t_
8\t.\t.\tX\tX\t_\t2\tpunct\t_\t_

";

#[test]
fn gold_tags_are_read_from_the_file_and_predicted_ones_from_the_tagger() {
    let Some(models) = models_dir() else {
        eprintln!("skipped: no shipped parser and tagger in this checkout");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("tiny.conllu");
    std::fs::write(&gold, TREEBANK).unwrap();

    let predicted = eval_parse(&gold, &models, &[]);
    let with_gold_tags = eval_parse(&gold, &models, &["--gold-tags"]);
    assert_eq!(predicted["tags"], "predicted");
    assert_eq!(with_gold_tags["tags"], "gold");
    assert_eq!(predicted["words"], 18);
    assert_eq!(with_gold_tags["words"], 18);
    // The tagger tags these plain sentences right, and the parser attaches nearly every word;
    // with every tag `X` it must guess from the words alone and does worse.
    let uas = |report: &Value| report["uas"].as_f64().expect("a UAS");
    assert!(uas(&predicted) >= 80.0, "UAS {}", uas(&predicted));
    assert!(
        uas(&with_gold_tags) < uas(&predicted),
        "UAS with X tags {} is not below {}",
        uas(&with_gold_tags),
        uas(&predicted)
    );
}
