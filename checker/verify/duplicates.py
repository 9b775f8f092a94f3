"""Same fact, one review: near-duplicate claims of one article grouped, and a verdict
given to the whole group in one action (one verdict row per claim, each linked to the
row it was copied from).

Two claims are the same fact when
- their embeddings are close (cosine >= DENSE_MIN, claims encoded as queries),
- their words overlap (rapidfuzz token_set_ratio >= FUZZ_MIN), and either nearly all
  do (>= FUZZ_NEAR) or both claims found the same best evidence passage,
- and their facts do not conflict: `checker.verify.facts.align` finds a different place,
  figure, date, rank, agent or negation *both ways* ("bureaux à Londres en 2023" vs
  "… à Dublin en 2023" conflict both ways; "Londres et Dublin … Paris" vs "en Europe …
  Paris" only one way: one is broader, not another fact).
Why all three: on the sample the e5 cosines of unrelated claims about OpenAI all sit
above 0.93, and the closest pairs by words are the same sentence with another city;
neither signal alone separates the duplicates (measured in benchmarks/bench_groups.py).
Groups are the connected pairs, in article order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from checker.errors import InputError
from checker.store.database import Store
from checker.verify.facts import Alignment, align

DENSE_MIN = 0.95
FUZZ_MIN = 0.54
FUZZ_NEAR = 0.80
VECTOR_PREFIX = "claim-query:"
"""Claim vectors are cached in `embeddings` under the hash of this prefix and the text,
so they never collide with a passage's vector of the same words."""


def _conflicts(a: Alignment) -> bool:
    return bool(
        a.figure_conflict
        or a.date_conflict
        or a.place_conflict
        or a.agent_conflict
        or a.rank_conflict
        or a.currency_conflict
        or a.negation_differs
    )


def facts_conflict(a: str, b: str) -> bool:
    """Another value of the same slot, seen from both claims (see the module's docstring)."""
    return _conflicts(align(a, b)) and _conflicts(align(b, a))


def same_fact(cosine: float, words: float, same_evidence: bool, conflict: bool) -> bool:
    """The rule of the module's docstring on one pair's signals."""
    if conflict or cosine < DENSE_MIN or words < FUZZ_MIN:
        return False
    return words >= FUZZ_NEAR or same_evidence


def claim_vectors(store: Store, texts: Sequence[str], embedder: Callable[[], Any]) -> np.ndarray:
    """Unit vectors of the claims (as queries), cached in the store, so a page redraw
    encodes only the claims it has not seen; `embedder()` gives the loaded model."""
    model = embedder()
    hashes = [hashlib.sha256((VECTOR_PREFIX + t).encode("utf-8")).hexdigest() for t in texts]
    found = store.vectors(model.model_id, hashes)
    missing = [i for i, h in enumerate(hashes) if h not in found]
    if missing:
        fresh = model.encode_queries([texts[i] for i in missing])
        store.save_vectors(model.model_id, [(hashes[i], fresh[k]) for k, i in enumerate(missing)])
        found.update({hashes[i]: fresh[k] for k, i in enumerate(missing)})
    return np.array([found[h] for h in hashes], dtype=np.float32)


def pair_signals(store: Store, claims: Sequence[dict], embedder: Callable[[], Any]) -> list[dict]:
    """Every pair of the claims with its signals: 'a', 'b' (claim ids), 'cosine',
    'words', 'same_evidence', 'conflict', and 'same' (the rule's answer)."""
    if len(claims) < 2:
        return []
    texts = [c["text"] for c in claims]
    vectors = claim_vectors(store, texts, embedder)
    tops = [next((m["passage_id"] for m in store.matches(c["id"])), None) for c in claims]
    out = []
    for i, j in combinations(range(len(claims)), 2):
        cosine = float(vectors[i] @ vectors[j])
        words = fuzz.token_set_ratio(texts[i], texts[j]) / 100
        if cosine < DENSE_MIN or words < FUZZ_MIN:  # the slot reading only for the pairs it can decide
            conflict = False
        else:
            conflict = facts_conflict(texts[i], texts[j])
        same_evidence = tops[i] is not None and tops[i] == tops[j]
        out.append(
            {
                "a": claims[i]["id"],
                "b": claims[j]["id"],
                "cosine": cosine,
                "words": words,
                "same_evidence": same_evidence,
                "conflict": conflict,
                "same": same_fact(cosine, words, same_evidence, conflict),
            }
        )
    return out


def groups_of(ids: Sequence[str], pairs: Sequence[dict]) -> list[list[str]]:
    """Connected claims (two or more each), in the order of `ids`."""
    parent = {i: i for i in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p["same"]:
            parent[root(p["a"])] = root(p["b"])
    found: dict[str, list[str]] = {}
    for i in ids:
        found.setdefault(root(i), []).append(i)
    return [g for g in found.values() if len(g) > 1]


def article_groups(store: Store, article_id: str, embedder: Callable[[], Any]) -> list[list[str]]:
    """The article's groups of near-duplicate claims (active claims only)."""
    claims = store.claims(article_id)
    return groups_of([c["id"] for c in claims], pair_signals(store, claims, embedder))


def group_of(store: Store, claim_id: str, embedder: Callable[[], Any]) -> list[str]:
    """The claim's group (itself first), or [claim_id] when it has no duplicate."""
    claim = store.claim(claim_id)
    for group in article_groups(store, claim["article_id"], embedder):
        if claim_id in group:
            return [claim_id, *[g for g in group if g != claim_id]]
    return [claim_id]


def apply_to_group(store: Store, claim_id: str, group: Sequence[str], *, reviewer: str) -> list[dict]:
    """The reviewer's current verdict on `claim_id` (note, evidence) given to every other
    claim of `group` as a row of its own, linked ('group') to the row it copies.
    Claims on which this reviewer already stands on the same verdict and note are left
    as they are. Returns the rows written."""
    source = store.current_verdict(claim_id, reviewer=reviewer)
    if source is None:
        raise InputError(f"claim {claim_id}: {reviewer or 'this reviewer'} has no verdict on it to give the group")
    written = []
    for other in group:
        if other == claim_id:
            continue
        mine = store.current_verdict(other, reviewer=reviewer)
        if mine and (mine["verdict"], mine["note"]) == (source["verdict"], source["note"]):
            continue
        row = store.record_verdict(
            other,
            source["verdict"],
            note=source["note"],
            evidence=[e["passage_id"] for e in source["evidence"]],
            reviewer=reviewer,
        )
        store.link_verdict(row["id"], "group", source_verdict=source["id"], source_claim=claim_id)
        written.append(row)
    return written
