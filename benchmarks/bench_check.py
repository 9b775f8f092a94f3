"""Time of `check` on one article: a cold command-line run and warm runs in one process.

    python benchmarks/bench_check.py [--article PATH] [--corpus PATH] [--runs N] [--gold GOLD.jsonl]
        [--long-source CORPUS.jsonl [--long-words 10000]]

Defaults to the shipped sample. "Warm" means the model is built and loaded, spaCy is
loaded and the corpus vectors are cached: what a reviewer waits for in the app when
they check a new article. With --gold, also prints the seed scores of score.py's
`check` mode computed on the same output.

Also prints the cold start of the commands that need no model: `export --format json`
on the database just checked and `export --help`, each in a new process (best of 3).
With --long-source (JSONL with 'text', e.g. a dev set's corpus of fact-check
sentences), an article of --long-words words made of its texts in file order, five to
a paragraph, is checked warm: once as a new article (its claims encoded), then again
(everything cached).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS


def cold_commands(db: Path) -> None:
    """Commands that load no model, each in a new process: best of three runs."""
    for label, argv in (
        ("export --format json", ["export", "--format", "json", "--db", str(db)]),
        ("export --help", ["export", "--help"]),
    ):
        took = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "checker", *argv], capture_output=True, cwd=ROOT, check=True)
            took.append(time.perf_counter() - started)
        print(f"cold `python -m checker {label}`: best {min(took):.2f} s, median {statistics.median(took):.2f} s")


def long_article(source: Path, words: int) -> str:
    texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs, count, i = ["Revue de presse : ce que disent les vérifications"], 0, 0
    while count < words and i < len(texts):
        para = " ".join(t.strip() for t in texts[i : i + 5])
        paragraphs.append(para)
        count += len(para.split())
        i += 5
    return "\n\n".join(paragraphs)


def long_check(store, embedder, names, source: Path, words: int) -> None:
    from checker.review.steps import check_article

    text = long_article(source, words)
    started, cpu = time.perf_counter(), time.process_time()
    document = check_article(store, embedder, text, corpora=names)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    check_article(store, embedder, text, corpora=names)
    again, again_cpu = time.perf_counter() - started, time.process_time() - cpu
    # CPU time too: on a loaded machine the wall clock mostly measures the other work
    print(
        f"warm check of a {len(text.split()):,}-word article ({len(document['claims'])} claims): new article"
        f" {first:.2f} s (CPU {first_cpu:.2f} s), the same again {again:.2f} s (CPU {again_cpu:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--article", type=Path, default=SAMPLE_ARTICLE)
    parser.add_argument("--corpus", type=Path, default=SAMPLE_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gold", type=Path, default=None, help="claims_gold.jsonl, to score the output")
    parser.add_argument("--long-source", type=Path, default=None, help="JSONL texts for the long article")
    parser.add_argument("--long-words", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "checker",
                "check",
                str(args.article),
                "--corpus",
                str(args.corpus),
                "--db",
                str(db),
                "--json",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        cold = time.perf_counter() - started
        document = json.loads(done.stdout)
        print(f"cold CLI check (new process, empty database): {cold:.2f} s, {len(document['claims'])} claims")

        from checker.model.encoder import load_embedder
        from checker.review.steps import check_article, resolve_corpora
        from checker.store.database import Store
        from claims import read_article

        started = time.perf_counter()
        embedder = load_embedder()
        store = Store(db)
        names = resolve_corpora(store, embedder, [str(args.corpus)])
        text = read_article(args.article)
        check_article(store, embedder, text, corpora=names)
        print(f"first check in a process (model load, spaCy load included): {time.perf_counter() - started:.2f} s")
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            document = check_article(store, embedder, text, corpora=names)
            times.append(time.perf_counter() - started)
        print(
            f"warm check: median {statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s"
            f" over {args.runs} runs"
        )
        cold_commands(db)
        if args.long_source:
            long_check(store, embedder, names, args.long_source, args.long_words)
        if args.gold:
            out = Path(tmp) / "check.json"
            out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            print(f"score.py check on this output ({args.gold}):")
            score = ROOT.parent / "shared" / "tools" / "score.py"
            if score.exists():
                subprocess.run([sys.executable, str(score), "check", str(args.gold), str(out)], check=False)
            else:
                print("  (score.py not found beside the checkout)")


if __name__ == "__main__":
    main()
