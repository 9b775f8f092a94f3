"""How far two reviewers agree, and where they do not.

A second, blind review is only worth its cost if the desk can see how often the two
readings match beyond chance: Cohen's kappa says that in one number, per article and
per pair of reviewers. Only each reviewer's *current* verdict counts (an undone or
replaced verdict is history, not an opinion), and only claims both have judged.

The same current verdicts say where each claim stands (`claim_standing`): the verdict
its reviewers agree on, the settlement that decided it, or 'disputed' when they differ.
Every screen and export reads a claim's status from there, so one reviewer's undo
never changes what another one gave.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from checker.store.database import CLEARED, Store
from checker.vocabulary import DISPUTED

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


def current_verdicts(store: Store, article_id: str | None = None, *, evidence: bool = False) -> list[dict]:
    """The standing verdict of every (claim, reviewer): rows with 'article_id', 'id',
    'claim_id', 'reviewer', 'verdict', 'note', 'created_at' (and, with `evidence`, the
    decoded evidence snapshots), one query. A reviewer whose latest row cleared the
    claim ('unreviewed') is left out: an undo takes back only that reviewer's reading."""
    return _with_evidence(store.standing_verdicts(article_id), evidence)


def article_statuses(store: Store, article_id: str | None) -> dict[str, str]:
    """claim id → status for the article's claims (every article's with None) that have
    a current verdict: the statuses of `standings(current_verdicts(store, article_id))`,
    read without notes or evidence in one pass over the claims' index (every row of
    their history, the latest per reviewer kept here), because the queue asks for them
    on every click."""
    latest: dict[tuple[str, str], tuple] = {}
    for row in store.verdict_readings(article_id):
        key = (row[0], row[1])
        if key not in latest or row[4] > latest[key][4]:
            latest[key] = row
    by_claim: dict[str, list[tuple]] = {}
    for row in latest.values():
        if row[2] != CLEARED:
            by_claim.setdefault(row[0], []).append(row)
    out: dict[str, str] = {}
    for claim_id, rows in by_claim.items():
        if not any(str(r[1]).endswith(SETTLED_SUFFIX) for r in rows):
            # claim_standing's rule without a settlement: the readings' one verdict, or disputed
            verdicts = {r[2] for r in rows}
            out[claim_id] = verdicts.pop() if len(verdicts) == 1 else DISPUTED
        else:
            out[claim_id] = claim_standing(
                [{"claim_id": r[0], "reviewer": r[1], "verdict": r[2], "created_at": r[3], "id": r[4]} for r in rows]
            ).status
    return out


def claim_verdicts(store: Store, claim_id: str, *, evidence: bool = True) -> list[dict]:
    """One claim's rows of `current_verdicts` (every reviewer's current verdict on it,
    settlements included), read through the claim's index: what a claim card needs."""
    return _with_evidence(store.claim_standing_verdicts(claim_id), evidence)


def _with_evidence(rows: list[dict], evidence: bool) -> list[dict]:
    """The rows with their evidence snapshots decoded, or without the column: it is
    always read (a fixed query), decoded only when asked for."""
    for r in rows:
        raw = r.pop("evidence")
        if evidence:
            r["evidence"] = json.loads(raw)
    return rows


@dataclass(frozen=True)
class Standing:
    """Where one claim stands once every reviewer's current verdict is read.

    `readings` are the reviewers' current verdicts (settlements apart), by reviewer
    name; `settlement` is the settlement that decides the claim, if one does (it was
    given at or after the latest reading). `status`: the settlement's verdict, else the
    readings' verdict when they all agree, else 'disputed'; 'unreviewed' with neither.
    """

    status: str
    readings: tuple[Mapping, ...]
    settlement: Mapping | None = None

    @property
    def disputed(self) -> bool:
        return self.status == DISPUTED

    @property
    def verdict(self) -> Mapping | None:
        """The row that stands for the claim: the deciding settlement, else the latest
        of the agreeing readings; None when unreviewed or disputed."""
        if self.settlement is not None:
            return self.settlement
        if self.disputed or not self.readings:
            return None
        return max(self.readings, key=_order)

    @property
    def reviewers(self) -> tuple[str, ...]:
        """Everyone behind the standing: each reader, then the settler if one decided."""
        names = [r["reviewer"] for r in self.readings]
        return tuple(names + ([self.settlement["reviewer"]] if self.settlement is not None else []))


UNREVIEWED = Standing(CLEARED, ())
"""The standing of a claim nobody has a current verdict on."""


def _order(row: Mapping) -> tuple[str, int]:
    return (str(row["created_at"]), int(row.get("id") or 0))


def claim_standing(rows: Iterable[Mapping]) -> Standing:
    """The standing of one claim from its rows of `current_verdicts` (a settlement
    decides until a reviewer gives a new reading after it, as the agreement page
    has always shown it)."""
    readings: list[Mapping] = []
    settlements: list[Mapping] = []
    for r in rows:
        (settlements if is_settlement(r) else readings).append(r)
    readings.sort(key=lambda r: str(r["reviewer"]))
    settlement = max(settlements, key=_order) if settlements else None
    if settlement is not None and readings and _order(settlement)[0] < max(_order(r) for r in readings)[0]:
        settlement = None  # a reading given after the settlement reopens the claim
    if settlement is not None:
        return Standing(settlement["verdict"], tuple(readings), settlement)
    verdicts = {r["verdict"] for r in readings}
    if not verdicts:
        return UNREVIEWED
    return Standing(verdicts.pop() if len(verdicts) == 1 else DISPUTED, tuple(readings))


def standings(rows: Iterable[Mapping]) -> dict[str, Standing]:
    """claim id → its Standing, for every claim among `rows` (from `current_verdicts`);
    a claim missing from the result is unreviewed."""
    by_claim: dict[str, list[Mapping]] = {}
    for r in rows:
        by_claim.setdefault(r["claim_id"], []).append(r)
    return {cid: claim_standing(found) for cid, found in by_claim.items()}


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
                PairAgreement(article_id, a, b, len(pairs), sum(1 for x, y in pairs if x == y), cohen_kappa(pairs))
            )
    return out


def disagreements(rows: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    """Claims whose reviewers' standing verdicts differ and that no settlement made
    after the latest of them has decided: claim id → the readings (one row per
    reviewer), in claim id order. The same rule as `claim_standing`'s 'disputed'."""
    return {cid: list(s.readings) for cid, s in sorted(standings(rows).items()) if s.disputed}


def kappa_label(kappa: float | None) -> str:
    """Landis & Koch's words for a kappa, so a number reads at a glance."""
    if kappa is None:
        return "—"
    for bound, word in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= bound:
            return word
    return "almost perfect"
