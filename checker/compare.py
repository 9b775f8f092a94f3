"""Claim vs evidence: the suggestion a reviewer sees, with the signals behind it.

The suggestion is never the verdict; it tells the reviewer where to look. It leans
towards "no evidence" rather than a forced match: a passage about the same company
is not evidence for a claim about an address or a quote it never mentions.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.match import content_words, fold

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[  .]\d{3})+|\d+)(?:[.,](\d+))?(?![\w])")
_QUOTE = re.compile(r"«\s*([^»]+?)\s*»|\u201c([^\u201d]+)\u201d|\"([^\"]+)\"")
_STEM = 5


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs on coverage (share of the claim's content words found in the passage)
    and on dense cosine similarity."""

    support_coverage: float = 0.5
    support_dense: float = 0.82
    related_coverage: float = 0.3
    related_dense: float = 0.86


def numbers(text: str) -> set[float]:
    """Numbers written with digits ('6,6', '6.6', '2 023', '157'), as floats."""
    found = set()
    for whole, frac in _NUMBER.findall(text):
        digits = re.sub(r"[  .]", "", whole)
        found.add(float(f"{digits}.{frac}" if frac else digits))
    return found


def quotes(text: str) -> list[str]:
    return [next(g for g in m if g) for m in _QUOTE.findall(text)]


def _stems(words: Sequence[str]) -> set[str]:
    return {fold(w)[:_STEM] for w in words}


def coverage(claim: str, passage: str) -> tuple[float, list[str], list[str]]:
    """Share of the claim's content words (by a 5-letter folded stem, so 'implantation'
    meets 'implanter') that the passage has; with the words found and missing."""
    words = content_words(claim)
    if not words:
        return 0.0, [], []
    have = _stems(content_words(passage))
    found = [w for w in words if fold(w)[:_STEM] in have]
    missing = [w for w in words if fold(w)[:_STEM] not in have]
    return len(found) / len(words), found, missing


def _fmt(value: float) -> str:
    return f"{value:g}"


def assess(claim: str, passage: str, dense: float, *, thresholds: Thresholds = Thresholds()) -> tuple[str, list[str]]:
    """One passage's verdict suggestion for one claim and the signals that led to it."""
    share, found, missing = coverage(claim, passage)
    signals = [f"similarity {dense:.2f}", f"words shared {len(found)}/{len(found) + len(missing)}"]
    if found:
        signals.append("shared: " + ", ".join(found[:8]))
    claim_numbers, passage_numbers = numbers(claim), numbers(passage)
    absent = sorted(claim_numbers - passage_numbers)
    conflict = bool(absent) and bool(passage_numbers - claim_numbers)
    if claim_numbers & passage_numbers:
        signals.append("same figures: " + ", ".join(_fmt(n) for n in sorted(claim_numbers & passage_numbers)))
    if absent:
        other = sorted(passage_numbers - claim_numbers)
        signals.append(
            "figures differ: claim " + ", ".join(_fmt(n) for n in absent)
            + (" vs evidence " + ", ".join(_fmt(n) for n in other) if other else " not in evidence")
        )
    unquoted = [q for q in quotes(claim) if fold(q) not in fold(passage)]
    if unquoted:
        signals.append("quote not found in evidence: « " + unquoted[0] + " »")
    on_topic = share >= thresholds.support_coverage and dense >= thresholds.support_dense
    if on_topic and conflict and claim_numbers & passage_numbers == set():
        return "contradicted", signals
    if on_topic and not absent and not unquoted:
        return "supported", signals
    if unquoted:
        return "no evidence", signals
    if share >= thresholds.related_coverage or dense >= thresholds.related_dense:
        return "related", signals
    return "no evidence", signals


_ORDER = {"supported": 0, "contradicted": 1, "related": 2, "no evidence": 3}


def suggest(claim: str, evidence: Sequence[dict], *, thresholds: Thresholds = Thresholds(), consider: int = 3) -> tuple[str, list[str]]:
    """The claim's suggestion from its best passages (dicts with 'passage_id', 'text',
    'dense'): the strongest outcome among the first `consider`, with that passage's
    signals, or 'no evidence' when nothing qualifies."""
    best: tuple[str, list[str]] | None = None
    for m in evidence[:consider]:
        outcome, signals = assess(claim, m["text"], m["dense"], thresholds=thresholds)
        m["signals"] = signals
        m["assessment"] = outcome
        if best is None or _ORDER[outcome] < _ORDER[best[0]]:
            best = (outcome, [f"{m['passage_id']}: {outcome}", *signals])
    if best is None:
        return "no evidence", ["no passage in the corpus"]
    if best[0] == "no evidence":
        return "no evidence", ["no passage covers the claim", *best[1][1:]]
    return best
