"""Retrieval quality on a labelled set of query → gold passage pairs.

The same figures as `shared/tools/score.py retrieval` (Recall@1/5/10, MRR@10, MAP@5), so
a method chosen here is judged the same way outside the project.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from checker.errors import InputError

MAX_QUERY_FILE_BYTES = 100_000_000


def _read_lines(path: Path, what: str) -> list[str]:
    try:
        with path.open("rb") as f:  # bounded: a stream with no end stops at the limit
            raw = f.read(MAX_QUERY_FILE_BYTES + 1)
        if len(raw) > MAX_QUERY_FILE_BYTES:
            raise InputError(
                f"{path}: cannot read {what}: more than {MAX_QUERY_FILE_BYTES / 1e6:.0f} MB (read stopped there)"
            )
        return raw.decode("utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: cannot read {what}: no such file") from None
    except (IsADirectoryError, PermissionError):
        raise InputError(f"{path}: cannot read {what}: a folder or an unreadable file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: cannot read {what}: not UTF-8 text") from None


def _refuse_constant(path: Path, number: int):
    """json.loads's hook for NaN / Infinity, which JSON does not allow."""

    def refuse(constant: str):
        raise InputError(f"{path}:{number}: {constant} is not a number JSON allows")

    return refuse


def query_rows(path: str | Path, what: str = "queries") -> list[tuple[int, dict]]:
    """(line number, object) for each line of a JSON-lines file whose objects carry a
    non-empty 'query'; the first bad line is named."""
    path = Path(path)
    rows = []
    for number, line in enumerate(_read_lines(path, what), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line, parse_constant=_refuse_constant(path, number))
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{number}: not valid JSON ({e.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("query"), str) or not row["query"].strip():
            raise InputError(f"{path}:{number}: field 'query' is missing or empty")
        rows.append((number, row))
    if not rows:
        raise InputError(f"{path}: no {what} in the file")
    return rows


def read_queries(path: str | Path) -> list[str]:
    """Queries for `search --queries`: JSON lines with a 'query' field (the eval pairs
    format, so a pairs file can be searched as is) or plain text, one query a line."""
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        return [row["query"] for _, row in query_rows(path)]
    queries = [line.strip() for line in _read_lines(path, "queries") if line.strip()]
    if not queries:
        raise InputError(f"{path}: no queries in the file")
    return queries


def load_pairs(path: str | Path) -> list[dict]:
    """Lines of {"qid", "query", "gold_ids": [...]}; a bad line is named."""
    pairs = []
    for number, row in query_rows(path, "pairs"):
        gold = row.get("gold_ids")
        if (
            not isinstance(gold, list)
            or not gold
            or any(isinstance(g, (bool, float, list, dict)) or g is None for g in gold)
        ):
            raise InputError(
                f"{path}:{number}: field 'gold_ids' must be a non-empty list of ids (text or whole numbers)"
            )
        pairs.append({**row, "gold_ids": [str(g) for g in gold]})
    return pairs


def _hits(passage_id: str, gold: Sequence[str]) -> bool:
    return any(passage_id == g or passage_id.startswith(g + "-") for g in gold)


def metrics(ranked_ids: Sequence[Sequence[str]], golds: Sequence[Sequence[str]]) -> dict[str, float]:
    """R@1, R@5, R@10, MRR@10 and MAP@5 over queries (ranked passage ids per query)."""
    n = len(golds)
    r1 = r5 = r10 = mrr = ap5 = 0.0
    for ids, gold in zip(ranked_ids, golds):
        ranks = [i + 1 for i, pid in enumerate(ids) if _hits(pid, gold)]
        first = ranks[0] if ranks else None
        r1 += bool(first and first <= 1)
        r5 += bool(first and first <= 5)
        r10 += bool(first and first <= 10)
        mrr += 1 / first if first and first <= 10 else 0.0
        relevant, precision = 0, 0.0
        for i, pid in enumerate(ids[:5]):
            if _hits(pid, gold):
                relevant += 1
                precision += relevant / (i + 1)
        ap5 += precision / min(5, len(gold))
    return {
        "queries": n,
        "R@1": r1 / n,
        "R@5": r5 / n,
        "R@10": r10 / n,
        "MRR@10": mrr / n,
        "MAP@5": ap5 / n,
    }


METHODS = ("hybrid", "dense", "bm25")


def method_weights(method: str):
    """The fusion weights a method stands for: the tuned hybrid, or one channel alone
    (BM25 alone is the plain baseline every figure is shown next to)."""
    from checker.retrieval.search import DEFAULT_WEIGHTS, Weights

    if method == "hybrid":
        return DEFAULT_WEIGHTS
    if method == "dense":
        return Weights(dense=1.0, lexical=0.0, fuzzy=0.0)
    if method == "bm25":
        return Weights(dense=0.0, lexical=1.0, fuzzy=0.0)
    raise InputError(f"--method: {method!r} is not one of {', '.join(METHODS)}")


def evaluate_retrieval(
    store,
    embedder,
    pairs: Sequence[dict],
    corpora: Sequence[str],
    *,
    methods: Sequence[str] = ("hybrid",),
    top_k: int = 10,
) -> list[dict]:
    """Figures of `metrics` for each method, computed from one search per query: the
    channels are searched once and fused per method, so the methods are compared on
    exactly the same candidates. 'hybrid' ranks exactly as `checker search` does."""
    from checker.retrieval.search import candidates, fuse

    found = candidates(store, embedder, [p["query"] for p in pairs], corpora, pool=max(50, top_k))
    ids_by_pk = {p["pk"]: p["id"] for p in store.passages(corpora)}
    golds = [p["gold_ids"] for p in pairs]
    out = []
    for method in methods:
        weights = method_weights(method)
        ranked = [[ids_by_pk[m["pk"]] for m in fuse(c, weights, top_k=top_k)] for c in found]
        out.append({"method": method, **metrics(ranked, golds)})
    return out


def format_figures(figures: dict) -> str:
    return (
        f"{figures['method']}: queries {figures['queries']} R@1 {figures['R@1']:.3f} R@5 {figures['R@5']:.3f}"
        f" R@10 {figures['R@10']:.3f} MRR@10 {figures['MRR@10']:.3f} MAP@5 {figures['MAP@5']:.3f}"
    )
