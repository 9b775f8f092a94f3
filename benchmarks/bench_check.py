"""Time of `check` on one article: a cold command-line run and warm runs in one process.

    python benchmarks/bench_check.py [--article PATH] [--corpus PATH] [--runs N] [--gold GOLD.jsonl]
        [--long-source CORPUS.jsonl [--long-words 10000]] [--score score.py]

Defaults to the shipped sample. "Warm" means the model is built and loaded, spaCy is
loaded and the corpus vectors are cached: what a reviewer waits for in the app when
they check a new article. With --gold, also prints the seed scores of score.py's
`check` mode computed on the same output.

Also prints the cold start of the commands that need no model: `export --format json`
on the database just checked and `export --help`, each in a new process (best of 3).
With --long-source (JSONL with 'text', e.g. a dev set's corpus of fact-check
sentences), an article of --long-words words made of its texts in file order, five to
a paragraph, is checked warm: once as a new article (its claims encoded), then again
(everything cached). The first is split by step (from its progress messages) and
compared with baselines of the same run: plain encoding of the same claims in one
model call, and the warm seed check.
"""

from __future__ import annotations

import argparse
import itertools
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


PHASES = (
    ("Extraction", "extraction (spaCy parse and claims)"),
    ("Vecteurs des affirmations", "claim encoding"),
    ("Comparaison", "matching (search and verification)"),
    ("Enregistrement", "saving"),
    ("Terminé", None),
)


def timed_phases(events: list[tuple[float, float, str]]) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each step of a check, from the (wall, CPU, message) of its
    progress messages: a step lasts from its first message to the next step's first."""
    starts: list[tuple[str, float, float]] = []
    for wall, cpu, message in events:
        for prefix, name in PHASES:
            if message.startswith(prefix) and (not starts or starts[-1][0] != (name or "end")):
                starts.append((name or "end", wall, cpu))
    return {n: (w2 - w1, c2 - c1) for (n, w1, c1), (_, w2, c2) in itertools.pairwise(starts)}


def long_check(store, embedder, names, source: Path, words: int, seed_warm: float) -> None:
    """The long article checked warm as a new article, split by step, against two
    baselines of the same run: the warm seed check and plain encoding of the same claims."""
    from checker.retrieval.search import search
    from checker.review.steps import check_article
    from claims.nlp import pipeline

    text = long_article(source, words)
    events: list[tuple[float, float, str]] = []

    def heard(_: float, message: str) -> None:
        events.append((time.perf_counter(), time.process_time(), message))

    started, cpu = time.perf_counter(), time.process_time()
    document = check_article(store, embedder, text, corpora=names, progress=heard)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    check_article(store, embedder, text, corpora=names)
    again, again_cpu = time.perf_counter() - started, time.process_time() - cpu
    # CPU time too: on a loaded machine the wall clock mostly measures the other work
    claims = [c["text"] for c in document["claims"]]
    print(
        f"warm check of a {len(text.split()):,}-word article ({len(claims)} claims): new article"
        f" {first:.2f} s (CPU {first_cpu:.2f} s), the same again {again:.2f} s (CPU {again_cpu:.2f} s)"
    )
    for name, (wall, cpu_s) in timed_phases(events).items():
        print(f"  {name}: {wall:.2f} s (CPU {cpu_s:.2f} s), {wall / first:.0%} of the check")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    started = time.perf_counter()
    list(pipeline("fr").pipe(paragraphs))
    print(f"  of which spaCy alone on its paragraphs (not cached): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    search(store, embedder, claims, names)
    print(f"  of which search alone (vectors cached): {time.perf_counter() - started:.2f} s")
    started, cpu = time.perf_counter(), time.process_time()
    embedder.encode_queries(claims)
    plain, plain_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"baselines in this run: plain encoding of the same {len(claims)} claims in one call {plain:.2f} s"
        f" (CPU {plain_cpu:.2f} s); warm seed check {seed_warm:.3f} s"
    )
    print(
        f"ratios: long check / plain encoding of its claims x{first / plain:.2f} (CPU x{first_cpu / plain_cpu:.2f});"
        f" long check / warm seed check x{first / seed_warm:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--article", type=Path, default=SAMPLE_ARTICLE)
    parser.add_argument("--corpus", type=Path, default=SAMPLE_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gold", type=Path, default=None, help="claims_gold.jsonl, to score the output")
    parser.add_argument("--long-source", type=Path, default=None, help="JSONL texts for the long article")
    parser.add_argument("--long-words", type=int, default=10_000)
    parser.add_argument(
        "--score", type=Path, default=ROOT.parent / "shared" / "tools" / "score.py", help="score.py, for --gold"
    )
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
            long_check(store, embedder, names, args.long_source, args.long_words, statistics.median(times))
        if args.gold:
            out = Path(tmp) / "check.json"
            out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            print(f"score.py check on this output ({args.gold}):")
            if args.score.exists():
                subprocess.run([sys.executable, str(args.score), "check", str(args.gold), str(out)], check=False)
            else:
                print(f"  ({args.score} not found: pass --score)")


if __name__ == "__main__":
    main()
