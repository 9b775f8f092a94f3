"""Retrieval quality on labelled dev sets, the hybrid next to plain BM25 in the same run,
and the choice of the fusion weights on a held-out split.

    python benchmarks/bench_retrieval.py --db /tmp/eval.db \\
        --set daccord_fr=../shared/eval/daccord_fr \\
        --set ct2025_fr=../shared/eval/ct2025_task2_claimnorm_fr \\
        --set clef2020_en=../shared/eval/clef2020_checkthat_task2_en [--tune] [--contradictions]

Each --set NAME=FOLDER names a folder with corpus.jsonl and pairs.jsonl; the corpus is
ingested under NAME (vectors cached in --db, so a second run encodes nothing).

Without --tune: R@1/5/10, MRR@10, MAP@5 of hybrid (the shipped weights), dense alone
and BM25 alone, all from one search per query.

With --tune: the queries of every set are split in two halves by a hash of their qid;
a grid of (dense, BM25, stem-overlap and fuzzy weights, fuzzy word limit, RRF constant) is scored on
half A by the mean over sets of R@5 + MAP@5, and the best is reported on half B and on
all queries, next to the shipped weights.

With --contradictions (sets with an 'nli_label' field, e.g. DACCORD): for pairs whose
gold passage is in the top 5, the share of contradiction pairs whose suggestion is
'contradicted' and the share of compatible pairs not flagged 'contradicted'.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from checker.model.encoder import load_embedder
from checker.retrieval.evaluation import format_figures, load_pairs, method_weights, metrics
from checker.retrieval.search import DEFAULT_WEIGHTS, Weights, candidates, fuse
from checker.review.steps import ingest_corpus_files
from checker.store.database import Store


def half(qid: str) -> str:
    return "A" if int(hashlib.sha1(qid.encode()).hexdigest(), 16) % 2 == 0 else "B"


def score(found, ids_by_pk, pairs, weights, idx=None):
    idx = range(len(pairs)) if idx is None else idx
    ranked = [[ids_by_pk[m["pk"]] for m in fuse(found[i], weights, top_k=10)] for i in idx]
    return metrics(ranked, [pairs[i]["gold_ids"] for i in idx])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--set", action="append", required=True, help="NAME=FOLDER with corpus.jsonl and pairs.jsonl")
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--contradictions", action="store_true")
    ap.add_argument("--query-windows", type=int, default=None, help="Windows per long query (default: shipped).")
    ap.add_argument("--limit", type=int, default=0, help="Use only the first N pairs of each set (quick runs).")
    args = ap.parse_args()

    store = Store(args.db)
    embedder = load_embedder()
    data = {}
    for spec in args.set:
        name, folder = spec.split("=", 1)
        folder = Path(folder)
        t = time.perf_counter()
        counts = ingest_corpus_files(store, embedder, [folder / "corpus.jsonl"], corpus=name, show_progress=True)
        pairs = load_pairs(folder / "pairs.jsonl")
        if args.limit:
            pairs = pairs[: args.limit]
        t1 = time.perf_counter()
        found = candidates(
            store,
            embedder,
            [p["query"] for p in pairs],
            [name],
            pool=50,
            fuzzy_max_words=10**6,
            **({"query_windows": args.query_windows} if args.query_windows else {}),
        )
        t2 = time.perf_counter()
        ids_by_pk = {p["pk"]: p["id"] for p in store.passages([name])}
        data[name] = (pairs, found, ids_by_pk)
        _TEXTS[name] = {p["pk"]: p["text"] for p in store.passages([name])}
        print(
            f"== {name}: {len(ids_by_pk)} passages ({counts['embedded']} encoded, {t1 - t:.1f}s),"
            f" {len(pairs)} queries searched in {t2 - t1:.1f}s ({(t2 - t1) / len(pairs) * 1000:.0f} ms/query)",
            flush=True,
        )
        for method in ("hybrid", "dense", "bm25"):
            print("  " + format_figures({"method": method, **score(found, ids_by_pk, pairs, method_weights(method))}))

    if args.tune:
        tune(data)
    if args.contradictions:
        tune_contradictions(data)
        contradictions(data)


def tune(data) -> None:
    splits = {
        name: {h: [i for i, p in enumerate(pairs) if half(str(p.get("qid", i))) == h] for h in "AB"}
        for name, (pairs, _, _) in data.items()
    }

    def objective(weights, h):
        total = 0.0
        for name, (pairs, found, ids_by_pk) in data.items():
            f = score(found, ids_by_pk, pairs, weights, splits[name][h])
            total += f["R@5"] + f["MAP@5"]
        return total / len(data)

    grid = [
        Weights(dense=d, lexical=lx, overlap=ov, fuzzy=fz, rrf_k=k, fuzzy_max_words=fw)
        for d, lx, ov, fz, k, fw in itertools.product(
            (0.75, 1.0, 1.5, 2.0), (0.5, 1.0), (0.0, 0.5, 1.0, 1.5), (0.0, 0.25, 0.5), (2, 5, 10, 60), (12, 10**6)
        )
        if not (fz == 0.0 and fw != 12)
    ]
    t = time.perf_counter()
    ranked = sorted(grid, key=lambda w: -objective(w, "A"))
    best = ranked[0]
    print(f"\n== tuning: {len(grid)} settings scored on half A in {time.perf_counter() - t:.0f}s")
    for w in ranked[:5]:
        print(f"  A {objective(w, 'A'):.4f}  B {objective(w, 'B'):.4f}  {w}")
    for label, w in (("chosen on A", best), ("shipped", DEFAULT_WEIGHTS)):
        print(f"-- {label}: {w}")
        for name, (pairs, found, ids_by_pk) in data.items():
            for h in ("B", "all"):
                idx = None if h == "all" else splits[name][h]
                f = score(found, ids_by_pk, pairs, w, idx)
                print(f"  {name} half {h}: " + format_figures({"method": "hybrid", **f}))


def contradiction_rates(pairs, found, ids_by_pk, texts, thresholds, idx=None):
    """(contradiction pairs, flagged, compatible pairs, flagged) over pairs whose gold
    passage is in the top 5."""
    from checker.verify.suggestion import suggest

    n_c = f_c = n_ok = f_ok = 0
    for i in range(len(pairs)) if idx is None else idx:
        p, c = pairs[i], found[i]
        top = fuse(c, DEFAULT_WEIGHTS, top_k=5)
        if not any(ids_by_pk[m["pk"]] in p["gold_ids"] for m in top):
            continue
        evidence = [{**m, "passage_id": ids_by_pk[m["pk"]], "text": texts[m["pk"]]} for m in top]
        flagged = suggest(p["query"], evidence, thresholds=thresholds)[0] == "contradicted"
        if p.get("nli_label") == "contradiction":
            n_c, f_c = n_c + 1, f_c + flagged
        elif p.get("nli_label") == "compatibles":
            n_ok, f_ok = n_ok + 1, f_ok + flagged
    return n_c, f_c, n_ok, f_ok


def tune_contradictions(data) -> None:
    """Negation cut-offs chosen on half A by balanced accuracy (share of contradictions
    flagged + share of compatible pairs not flagged, halved), reported on B and all."""
    from checker.verify.suggestion import Thresholds

    for name, (pairs, found, ids_by_pk) in data.items():
        if not any("nli_label" in p for p in pairs):
            continue
        idx = {h: [i for i, p in enumerate(pairs) if half(str(p["qid"])) == h] for h in "AB"}

        def balanced(t, h):  # called only within this iteration (B023)
            n_c, f_c, n_ok, f_ok = contradiction_rates(pairs, found, ids_by_pk, _TEXTS[name], t, idx.get(h))  # noqa: B023
            return (f_c / max(1, n_c) + (n_ok - f_ok) / max(1, n_ok)) / 2, (n_c, f_c, n_ok, f_ok)

        grid = [
            Thresholds(negation_coverage=cov, negation_dense=d)
            for cov, d in itertools.product((0.3, 0.4, 0.5, 0.6, 0.7, 2.0), (0.80, 0.83, 0.85, 0.87, 0.90))
        ]
        scored = sorted(grid, key=lambda t: -balanced(t, "A")[0])
        print(f"\n== {name}: negation cut-offs, {len(grid)} settings by balanced accuracy on half A")
        for t in scored[:3] + [Thresholds()]:
            print(
                f"  coverage {t.negation_coverage} dense {t.negation_dense}: A {balanced(t, 'A')[0]:.3f}"
                f" B {balanced(t, 'B')[0]:.3f} all {balanced(t, 'all')[0]:.3f} (n_c, flagged, n_ok, flagged) all {balanced(t, 'all')[1]}"
            )


def contradictions(data) -> None:
    from checker.verify.suggestion import assess, suggest

    for name, (pairs, found, ids_by_pk) in data.items():
        if not any("nli_label" in p for p in pairs):
            continue
        counts = {"contradiction": [0, 0, 0], "compatibles": [0, 0, 0]}
        outcomes: dict[str, dict[str, int]] = {"contradiction": {}, "compatibles": {}}
        for p, c in zip(pairs, found):
            label = p.get("nli_label")
            if label not in counts:
                continue
            top = fuse(c, DEFAULT_WEIGHTS, top_k=5)
            ids = [ids_by_pk[m["pk"]] for m in top]
            if not any(i in p["gold_ids"] for i in ids):
                continue
            evidence = [{**m, "passage_id": ids_by_pk[m["pk"]], "text": _TEXTS[name][m["pk"]]} for m in top]
            outcome, _ = suggest(p["query"], evidence)
            gold = next(e for e in evidence if e["passage_id"] in p["gold_ids"])
            direct, _ = assess(p["query"], gold["text"], gold["dense"])
            counts[label][0] += 1
            counts[label][1] += outcome == "contradicted"
            counts[label][2] += direct == "contradicted"
            outcomes[label][outcome] = outcomes[label].get(outcome, 0) + 1
        n_c, flagged, flagged_gold = counts["contradiction"]
        n_ok, wrongly, wrongly_gold = counts["compatibles"]
        print(f"\n== {name} suggestions (pairs whose gold passage is in the top 5)")
        print(
            f"  contradiction pairs flagged 'contradicted': {flagged}/{n_c} = {flagged / max(1, n_c):.3f}"
            f" (claim vs gold passage alone: {flagged_gold}/{n_c} = {flagged_gold / max(1, n_c):.3f})"
        )
        print(
            f"  compatible pairs not flagged 'contradicted': {n_ok - wrongly}/{n_ok} = {(n_ok - wrongly) / max(1, n_ok):.3f}"
            f" (claim vs gold passage alone: {n_ok - wrongly_gold}/{n_ok} = {(n_ok - wrongly_gold) / max(1, n_ok):.3f})"
        )
        print(f"  suggestions: {outcomes}")


_TEXTS: dict[str, dict[int, str]] = {}

if __name__ == "__main__":
    main()
