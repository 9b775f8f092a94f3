"""Same fact, one review: near-duplicate claims of an article are grouped (rapidfuzz,
embeddings, and no conflicting fact), and a verdict is given to the group in one action
(real model, real SQLite file)."""

from __future__ import annotations

import json
from pathlib import Path

from checker.verify.duplicates import apply_to_group, article_groups, facts_conflict, group_of, same_fact
from tests.conftest import find

PAIRS = Path(__file__).resolve().parent / "fixtures" / "groups" / "pairs_fr.jsonl"


def test_the_samples_repeated_announcement_is_one_group_and_other_cities_are_not(desk, embedder):
    store, article_id = desk
    groups = article_groups(store, article_id, lambda: embedder)
    ids = {frozenset(g) for g in groups}
    announced = {
        find(store, article_id, "9 octobre dernier l’ouverture")["id"],
        find(store, article_id, "Le mercredi 9 octobre dernier, OpenAI")["id"],
    }
    expansion = {
        find(store, article_id, "Londres et Dublin")["id"],
        find(store, article_id, "renforcer sa présence en Europe")["id"],
    }
    assert announced in ids and expansion in ids
    london, dublin = find(store, article_id, "Londres en 2023")["id"], find(store, article_id, "Dublin en 2023")["id"]
    assert not any({london, dublin} <= g for g in ids)  # same words, another city: another fact
    cities = [find(store, article_id, f"s’implanter à {c}")["id"] for c in ("Bruxelles", "New York", "Singapour")]
    assert not any(len(set(cities) & g) > 1 for g in ids)


def test_labelled_pairs_conflicting_facts_never_group_and_rewordings_do(embedder):
    from rapidfuzz import fuzz

    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    a = embedder.encode_queries([r["a"] for r in rows])
    b = embedder.encode_queries([r["b"] for r in rows])
    grouped = []
    for i, r in enumerate(rows):
        conflict = facts_conflict(r["a"], r["b"])
        same = same_fact(float(a[i] @ b[i]), fuzz.token_set_ratio(r["a"], r["b"]) / 100, False, conflict)
        if conflict:
            assert not same and not r["same"], r  # a changed figure, date, place, rank or negation
        grouped.append((same, r["same"]))
    right = sum(1 for s, g in grouped if s and g)
    assert right == sum(1 for _, g in grouped if g)  # recall 1 on the rewordings
    assert right / sum(1 for s, _ in grouped if s) >= 0.8  # precision measured 6/7 (benchmarks/bench_groups.py)


def test_a_verdict_given_to_the_group_is_one_linked_row_per_claim(desk, embedder):
    store, article_id = desk
    first = find(store, article_id, "9 octobre dernier l’ouverture")["id"]
    group = group_of(store, first, lambda: embedder)
    assert len(group) == 2 and group[0] == first
    source = store.record_verdict(
        first,
        "true",
        note="Communiqué du 9 octobre",
        evidence=[store.matches(first)[0]["passage_id"]],
        reviewer="Camille",
    )
    (row,) = apply_to_group(store, first, group, reviewer="Camille")
    other = group[1]
    assert (row["claim_id"], row["verdict"], row["note"]) == (other, "true", "Communiqué du 9 octobre")
    assert [e["passage_id"] for e in row["evidence"]] == [e["passage_id"] for e in source["evidence"]]
    link = store.verdict_links(other)[row["id"]]
    assert (link["kind"], link["source_verdict"], link["source_claim"]) == ("group", source["id"], first)
    assert apply_to_group(store, first, group, reviewer="Camille") == []  # given once, not twice
    assert len(store.verdict_history(first)) == 1
