"""How well near-duplicate claims are grouped (checker.verify.duplicates): pair precision
and recall, on labelled text pairs and/or on an article with its duplicate pairs.

    python benchmarks/bench_groups.py --pairs tests/fixtures/groups/pairs_fr.jsonl
    python benchmarks/bench_groups.py --article data/sample/article_fr.txt \
        --corpus data/sample/corpus.jsonl --gold 2,15 --gold 1,7

Article claims are numbered as the review page numbers them ([1] first). Text pairs
have no evidence, so only the words branch of the rule can group them there.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checker.model.encoder import load_embedder
from checker.store.database import Store
from checker.verify.duplicates import pair_signals, same_fact
from checker.verify.facts import align


def scores(predicted: set, gold: set, universe: int) -> str:
    tp = len(predicted & gold)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(gold) if gold else 1.0
    return (
        f"pairs {universe}, gold {len(gold)}, grouped {len(predicted)}, right {tp}:"
        f" precision {precision:.2f}, recall {recall:.2f}"
    )


def on_pairs(path: Path, embedder) -> None:
    from rapidfuzz import fuzz

    from checker.verify.duplicates import _conflicts

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    a = embedder.encode_queries([r["a"] for r in rows])
    b = embedder.encode_queries([r["b"] for r in rows])
    predicted, gold = set(), set()
    for i, r in enumerate(rows):
        cosine = float(a[i] @ b[i])
        words = fuzz.token_set_ratio(r["a"], r["b"]) / 100
        conflict = _conflicts(align(r["a"], r["b"])) and _conflicts(align(r["b"], r["a"]))
        same = same_fact(cosine, words, False, conflict)
        print(
            f"{'+' if r['same'] else '-'} {'grouped' if same else '       '} cos {cosine:.3f} words {words:.2f}"
            f" conflict {conflict!s:5}  {r['a'][:50]} | {r['b'][:50]}"
        )
        predicted |= {i} if same else set()
        gold |= {i} if r["same"] else set()
    print(f"{path.name}: " + scores(predicted, gold, len(rows)))


def on_article(article: Path, corpus: Path, gold_pairs: list[str], embedder) -> None:
    from checker.review.steps import check_article, ingest_corpus_files
    from claims import read_article

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "groups.db")
        ingest_corpus_files(store, embedder, [corpus], corpus="bench")
        document = check_article(store, embedder, read_article(article), corpora=["bench"])
        claims = store.claims(document["article"]["id"])
        number = {c["id"]: n for n, c in enumerate(claims, start=1)}
        pairs = pair_signals(store, claims, lambda: embedder)
        predicted = {frozenset((number[p["a"]], number[p["b"]])) for p in pairs if p["same"]}
        gold = {frozenset(int(x) for x in g.split(",")) for g in gold_pairs}
        for p in sorted(pairs, key=lambda p: -p["cosine"])[:12]:
            print(
                f"[{number[p['a']]}]/[{number[p['b']]}] cos {p['cosine']:.3f} words {p['words']:.2f}"
                f" same-evidence {p['same_evidence']!s:5} conflict {p['conflict']!s:5} -> {p['same']}"
            )
        print(
            f"{article.name}: "
            + scores(predicted, gold, len(pairs))
            + "; grouped: "
            + ", ".join("/".join(f"[{n}]" for n in sorted(p)) for p in predicted)
        )
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path)
    parser.add_argument("--article", type=Path)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--gold", action="append", default=[], help="n,m: claims [n] and [m] are one fact")
    args = parser.parse_args()
    embedder = load_embedder()
    if args.pairs:
        on_pairs(args.pairs, embedder)
    if args.article:
        on_article(args.article, args.corpus, args.gold, embedder)


if __name__ == "__main__":
    main()
