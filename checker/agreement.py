"""How far two reviewers agree, and where they do not.

A second, blind review is only worth its cost if the desk can see how often the two
readings match beyond chance: Cohen's kappa says that in one number, per article and
per pair of reviewers. Only each reviewer's *current* verdict counts (an undone or
replaced verdict is history, not an opinion), and only claims both have judged.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from checker.store import CLEARED, Store


SETTLED_SUFFIX = " (arbitrage)"
"""Appended to the settling reviewer's name on a verdict that settles a disagreement:
the settlement is the claim's verdict from then on, but not a third reading in kappa."""


def settler_name(reviewer: str) -> str:
    return f"{reviewer}{SETTLED_SUFFIX}"


def is_settlement(row: Mapping) -> bool:
    return str(row["reviewer"]).endswith(SETTLED_SUFFIX)


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters over (label of rater A, label of rater B) pairs.

    kappa = (p_o - p_e) / (1 - p_e), with p_o the share of pairs that agree and p_e
    the agreement expected from each rater's own label frequencies. Returns None for
    no pairs (nothing to measure). When chance agreement is already total (both
    raters always gave the same single label), kappa is undefined by the formula;
    this returns 1.0 if they agree on every pair, which is what a reader expects.
    """
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    expected = sum(left[label] * right.get(label, 0) for label in left) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


@dataclass(frozen=True)
class PairAgreement:
    """Two reviewers on one article: claims both judged, how many match, and kappa."""

    article_id: str
    reviewer_a: str
    reviewer_b: str
    both: int
    agreed: int
    kappa: float | None


def current_verdicts(store: Store, article_id: str | None = None) -> list[dict]:
    """The standing verdict of every (claim, reviewer): rows with 'article_id',
    'claim_id', 'reviewer', 'verdict', 'note', 'created_at', one query. A reviewer
    whose latest row cleared the claim ('unreviewed') is left out."""
    sql = """
        SELECT c.article_id, v.claim_id, v.reviewer, v.verdict, v.note, v.created_at
        FROM verdicts v JOIN claims c ON c.id = v.claim_id
        WHERE v.id IN (SELECT max(id) FROM verdicts GROUP BY claim_id, reviewer)
    """
    args: list = []
    if article_id is not None:
        sql += " AND c.article_id = ?"
        args.append(article_id)
    return [r for r in store.db.query(sql + " ORDER BY c.article_id, v.claim_id, v.reviewer", args)
            if r["verdict"] != CLEARED]


def pair_agreements(rows: Iterable[Mapping]) -> list[PairAgreement]:
    """Kappa for every article and every pair of its reviewers (sorted by name) who
    judged at least one claim in common; rows as from `current_verdicts`."""
    by_article: dict[str, dict[str, dict[str, str]]] = {}
    for r in rows:
        if is_settlement(r):
            continue
        by_article.setdefault(r["article_id"], {}).setdefault(r["reviewer"], {})[r["claim_id"]] = r["verdict"]
    out = []
    for article_id, reviewers in sorted(by_article.items()):
        for a, b in combinations(sorted(reviewers), 2):
            shared = sorted(set(reviewers[a]) & set(reviewers[b]))
            if not shared:
                continue
            pairs = [(reviewers[a][c], reviewers[b][c]) for c in shared]
            out.append(
                PairAgreement(
                    article_id, a, b, len(pairs), sum(1 for x, y in pairs if x == y), cohen_kappa(pairs)
                )
            )
    return out


def disagreements(rows: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    """Claims whose reviewers' standing verdicts differ and that no settlement made
    after the latest of them has decided: claim id → the readings (one row per
    reviewer), in claim id order."""
    by_claim: dict[str, list[Mapping]] = {}
    settled_at: dict[str, str] = {}
    for r in rows:
        if is_settlement(r):
            settled_at[r["claim_id"]] = max(settled_at.get(r["claim_id"], ""), r["created_at"])
        else:
            by_claim.setdefault(r["claim_id"], []).append(r)
    return {
        cid: found
        for cid, found in sorted(by_claim.items())
        if len({r["verdict"] for r in found}) > 1 and settled_at.get(cid, "") < max(r["created_at"] for r in found)
    }


def kappa_label(kappa: float | None) -> str:
    """Landis & Koch's words for a kappa, so a number reads at a glance."""
    if kappa is None:
        return "—"
    for bound, word in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= bound:
            return word
    return "almost perfect"
