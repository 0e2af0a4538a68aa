#!/usr/bin/env python3
"""Throughput and quality of HTML main-text extraction, newsgraph against Python trafilatura,
side by side on the same pages, one core each.

    python3 scripts/bench_html.py [--gold ../shared/data/article-extraction] [--repeat 1]

Needs a release build (`cargo build --release -p newsgraph`) and Python trafilatura
(`pip install trafilatura lxml_html_clean`). Both sides are timed on extraction alone (bytes in,
text and metadata out; reading files excluded), one page after another, pinned to CPU 0 with
`taskset` when it is available. Python trafilatura runs with the settings of its own evaluation
(fallbacks on, comments off, tables on) and its output is scored by `newsgraph eval html
--predictions`, the same scorer as newsgraph's own output.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pinned(cmd):
    return (["taskset", "-c", "0"] + cmd) if shutil.which("taskset") else cmd


def run_trafilatura(gold, out_path):
    """Child process: extract every page with Python trafilatura, print the timing as JSON."""
    import trafilatura

    data = json.load(open(os.path.join(gold, "evaldata.json"), encoding="utf-8"))
    predictions, seconds, size = {}, 0.0, 0
    for item in data.values():
        path = os.path.join(gold, "html", item["file"])
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            raw = f.read()
        size += len(raw)
        start = time.perf_counter()
        try:
            result = trafilatura.extract(raw, output_format="json", with_metadata=True,
                                         include_comments=False, include_tables=True)
        except Exception:  # a failure is an empty prediction, as in trafilatura's evaluation
            result = None
        seconds += time.perf_counter() - start
        doc = json.loads(result) if result else {}
        predictions[item["file"]] = {key: doc.get(key) or "" for key in ("text", "title", "author", "date")}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(predictions, f)
    print(json.dumps({"docs": len(predictions), "bytes": size, "seconds": seconds,
                      "docs_per_s": len(predictions) / seconds, "mb_per_s": size / 1e6 / seconds,
                      "version": trafilatura.__version__}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default=os.path.join(ROOT, "..", "shared", "data", "article-extraction"))
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest counts")
    parser.add_argument("--trafilatura-child", nargs=2, metavar=("GOLD", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.trafilatura_child:
        run_trafilatura(*args.trafilatura_child)
        return
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} not found: cargo build --release -p newsgraph")
    tmp = tempfile.mkdtemp(prefix="bench_html_")
    ours, theirs = None, None
    for _ in range(args.repeat):
        report = json.loads(subprocess.run(
            pinned([args.bin, "eval", "html", "--gold", args.gold, "--json"]),
            check=True, capture_output=True, text=True).stdout)
        if ours is None or report["timing"]["seconds"] < ours["timing"]["seconds"]:
            ours = report
        pred = os.path.join(tmp, "trafilatura.json")
        timing = json.loads(subprocess.run(
            pinned([sys.executable, os.path.abspath(__file__), "--trafilatura-child", args.gold, pred]),
            check=True, capture_output=True, text=True).stdout)
        if theirs is None or timing["seconds"] < theirs["timing"]["seconds"]:
            scored = json.loads(subprocess.run(
                [args.bin, "eval", "html", "--gold", args.gold, "--predictions", pred, "--json"],
                check=True, capture_output=True, text=True).stdout)
            scored["timing"] = timing
            theirs = scored
    rows = [("newsgraph", ours), (f"trafilatura {theirs['timing']['version']} (Python)", theirs)]
    print(f"{'extractor':<28} {'docs/s':>8} {'MB/s':>7} {'F1':>6} {'P':>6} {'R':>6} {'title':>6} {'author':>6} {'date':>6}")
    for name, r in rows:
        t = r["timing"]
        print(f"{name:<28} {t['docs_per_s']:>8.1f} {t['mb_per_s']:>7.2f} {r['f1']:>6.3f} {r['precision']:>6.3f} "
              f"{r['recall']:>6.3f} {r['title_accuracy']:>6.3f} {r['author_accuracy']:>6.3f} {r['date_accuracy']:>6.3f}")
    speedup = ours["timing"]["docs_per_s"] / theirs["timing"]["docs_per_s"]
    print(f"speed-up: {speedup:.1f}x on one core ({ours['timing']['docs']} pages, "
          f"{ours['timing']['bytes'] / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
