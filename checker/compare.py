"""Claim vs evidence: the suggestion a reviewer sees, with the signals behind it.

The suggestion is never the verdict; it tells the reviewer where to look. It leans
towards "no evidence" rather than a forced match: a passage about the same company
is not evidence for a claim about an address or a quote it never mentions.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.match import STOP_WORDS, content_words, fold

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[  .]\d{3})+|\d+)(?:[.,](\d+))?(?![\w])")
_QUOTE = re.compile(r"«\s*([^»]+?)\s*»|\u201c([^\u201d]+)\u201d|\"([^\"]+)\"")
_STEM = 5
_WORDS = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs on coverage (share of the claim's content words found in the passage)
    and on dense cosine similarity. A claim whose proper names all appear in the
    passage, with at least two names or figures in common, counts as covered even
    when its wording differs."""

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


def _is_year(value: float) -> bool:
    return value.is_integer() and 1800 <= value <= 2100


def names(text: str) -> list[str]:
    """Words written with a capital inside the text (proper names: 'OpenAI', 'Londres'),
    folded; the first word is skipped since any sentence starts with a capital."""
    words = _WORDS.findall(text)
    found = [fold(w) for w in words[1:] if w[:1].isupper() and len(w) > 1 and fold(w) not in STOP_WORDS]
    return list(dict.fromkeys(found))


def assess(
    claim: str, passage: str, dense: float, *, actors: Sequence[str] = (), thresholds: Thresholds = Thresholds()
) -> tuple[str, list[str]]:
    """One passage's suggestion for one claim and the signals that led to it.

    Years are compared with years and other figures with other figures, so "9 octobre"
    is not read as contradicting "octobre 2024". A passage that shares none of the
    claim's proper names, or none of its `actors` (the people and organisations the
    extractor found), is about something else and never counts as evidence.
    """
    share, found, missing = coverage(claim, passage)
    signals = [f"similarity {dense:.2f}", f"words shared {len(found)}/{len(found) + len(missing)}"]
    if found:
        signals.append("shared: " + ", ".join(found[:8]))
    claim_names = names(claim)
    passage_folded = fold(passage)
    passage_words = set(_WORDS.findall(passage_folded))
    passage_stems = {w[:_STEM] for w in passage_words}
    shared_names = [n for n in claim_names if n in passage_words or (len(n) > _STEM and n[:_STEM] in passage_stems)]
    if claim_names and not shared_names:
        signals.append("none of the names in the claim: " + ", ".join(claim_names[:5]))
    actor_words = [fold(a) for a in actors if a.strip()]
    absent_actors = bool(actor_words) and not any(
        set(_WORDS.findall(a)) <= passage_words for a in actor_words
    )
    if absent_actors:
        signals.append("none of the people or organisations in the claim: " + ", ".join(actors))
    claim_numbers, passage_numbers = numbers(claim), numbers(passage)
    same = claim_numbers & passage_numbers
    if same:
        signals.append("same figures: " + ", ".join(_fmt(n) for n in sorted(same)))
    conflict = False
    for kind in (_is_year, lambda v: not _is_year(v)):
        mine = {n for n in claim_numbers if kind(n)}
        theirs = {n for n in passage_numbers if kind(n)}
        if mine and theirs and not mine & theirs:
            conflict = True
            signals.append(
                "figures differ: claim " + ", ".join(_fmt(n) for n in sorted(mine))
                + " vs evidence " + ", ".join(_fmt(n) for n in sorted(theirs))
            )
    absent = sorted(claim_numbers - passage_numbers)
    if absent and not conflict:
        signals.append("figures not in evidence: " + ", ".join(_fmt(n) for n in absent))
    unquoted = [q for q in quotes(claim) if fold(q) not in passage_folded]
    if unquoted:
        signals.append("quote not found in evidence: « " + unquoted[0] + " »")
    if unquoted or absent_actors or (claim_names and not shared_names):
        return "no evidence", signals
    name_share = len(shared_names) / len(claim_names) if claim_names else 1.0
    anchors = len(shared_names) + len(same)
    covered = share >= thresholds.support_coverage or (bool(claim_names) and name_share == 1.0 and anchors >= 2)
    on_topic = covered and dense >= thresholds.support_dense
    if on_topic and conflict:
        return "contradicted", signals
    if on_topic and not absent:
        return "supported", signals
    if name_share >= 0.5 and (share >= thresholds.related_coverage or dense >= thresholds.related_dense):
        return "related", signals
    return "no evidence", signals


_ORDER = {"supported": 0, "contradicted": 1, "related": 2, "no evidence": 3}


def suggest(
    claim: str,
    evidence: Sequence[dict],
    *,
    actors: Sequence[str] = (),
    thresholds: Thresholds = Thresholds(),
    consider: int = 3,
) -> tuple[str, list[str]]:
    """The claim's suggestion from its best passages (dicts with 'passage_id', 'text',
    'dense'): the strongest outcome among the first `consider`, with that passage's
    signals, or 'no evidence' when nothing qualifies. Each considered passage dict gets
    its own 'signals' and 'assessment'."""
    best: tuple[str, list[str]] | None = None
    for m in evidence[:consider]:
        outcome, signals = assess(claim, m["text"], m["dense"], actors=actors, thresholds=thresholds)
        m["signals"] = signals
        m["assessment"] = outcome
        if best is None or _ORDER[outcome] < _ORDER[best[0]]:
            best = (outcome, [f"{m['passage_id']}: {outcome}", *signals])
    if best is None:
        return "no evidence", ["no passage in the corpus"]
    if best[0] == "no evidence":
        return "no evidence", ["no passage covers the claim", *best[1][1:]]
    return best
