"""Already checked: a claim close to one judged in another article shows that verdict
(note, evidence, date) and can reuse it, as a new verdict row linked to the earlier one.

"Close" is the rule of `checker.verify.duplicates.same_fact` (embeddings, words, best
evidence, no conflicting fact), applied to the claims of other articles whose verdict
stands (agreed or settled: a disputed claim has no verdict to offer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from checker.errors import InputError, NotFoundError
from checker.review.agreement import current_verdicts, standings
from checker.store.database import Store
from checker.verify.duplicates import DENSE_MIN, FUZZ_MIN, claim_vectors, facts_conflict, same_fact


def earlier_checks(store: Store, claim_id: str, embedder: Callable[[], Any], *, limit: int = 3) -> list[dict]:
    """Claims of other articles that say the same fact and have a standing verdict,
    closest first: 'claim_id', 'article_id', 'article_title', 'text', 'cosine' and
    'verdict' (the standing verdict row: verdict, note, evidence, reviewer, created_at)."""
    claim = store.claim(claim_id)
    judged = standings(
        r for r in current_verdicts(store, None, evidence=True) if r["article_id"] != claim["article_id"]
    )
    candidates = []
    for cid, standing in judged.items():
        if standing.verdict is None:
            continue
        try:
            other = store.claim(cid)
        except NotFoundError:
            continue
        if other["state"] == "active":
            candidates.append((other, standing.verdict))
    if not candidates:
        return []
    vectors = claim_vectors(store, [claim["text"], *(c["text"] for c, _ in candidates)], embedder)
    top = next((m["passage_id"] for m in store.matches(claim_id)), None)
    out = []
    for k, (other, verdict) in enumerate(candidates, start=1):
        cosine = float(vectors[0] @ vectors[k])
        words = fuzz.token_set_ratio(claim["text"], other["text"]) / 100
        if cosine < DENSE_MIN or words < FUZZ_MIN:
            continue
        same_evidence = top is not None and top == next((m["passage_id"] for m in store.matches(other["id"])), None)
        if not same_fact(cosine, words, same_evidence, facts_conflict(claim["text"], other["text"])):
            continue
        out.append(
            {
                "claim_id": other["id"],
                "article_id": other["article_id"],
                "article_title": store.article(other["article_id"])["title"],
                "text": other["text"],
                "cosine": cosine,
                "verdict": dict(verdict),
            }
        )
    out.sort(key=lambda e: -e["cosine"])
    return out[:limit]


def reuse_verdict(store: Store, claim_id: str, earlier_claim_id: str, *, reviewer: str) -> dict:
    """The earlier claim's standing verdict (verdict, note, evidence) given to this claim
    by `reviewer`, as a new row linked ('reuse') to the earlier row."""
    judged = standings(current_verdicts(store, store.claim(earlier_claim_id)["article_id"], evidence=True))
    standing = judged.get(earlier_claim_id)
    if standing is None or standing.verdict is None:
        raise InputError(f"claim {earlier_claim_id}: has no standing verdict to reuse")
    source = standing.verdict
    row = store.record_verdict(
        claim_id,
        source["verdict"],
        note=source["note"],
        evidence=[e["passage_id"] for e in source["evidence"]],
        reviewer=reviewer,
    )
    store.link_verdict(row["id"], "reuse", source_verdict=source["id"], source_claim=earlier_claim_id)
    return row
