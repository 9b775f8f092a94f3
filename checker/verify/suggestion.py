"""Claim vs evidence: the suggestion a reviewer sees, with the signals behind it.

`verify` / `suggest` give the desk's suggestion from the learned verifier
(checker.verify.learned over the slots of checker.verify.facts). `assess` and `suggest_rules` are the
hand-written rules that came before it, kept because the highlighting reads their
figure and date helpers and benchmarks/bench_verify.py measures the verifier against
them; what follows describes those rules.

The suggestion is never the verdict; it tells the reviewer where to look. It leans
towards "no evidence" rather than a forced match: a passage about the same company
is not evidence for a claim about an address or a quote it never mentions.

What makes a passage contradict a claim, read without a trained inference model:
- figures that differ, compared kind with kind (years with years, other amounts with
  other amounts), written in digits or words ("cinq titres" vs "four titles"), with
  their scale ("6,6 milliards" = "6.6 billion");
- the same year with another month ("mars 2023" vs "April 2023");
- one side negated and the other not, when they otherwise say the same thing ("Les
  vaccins rendent stériles" vs "n'entraînent pas de stérilité").
The values that differ are shown in the signals. The negation rule's cut-offs
(Thresholds.negation_*) were chosen on one half of the DACCORD dev pairs (split by a
hash of the pair id; 30 settings, balanced accuracy of "contradicted" vs not) and
checked on the other half (benchmarks/bench_retrieval.py --contradictions). The rules
are weak on DACCORD, whose contradictions are mostly reworded meaning ("illustre"
vs "n'a aucun lien avec"): balanced accuracy .60 on the half they were chosen on,
.53 on the other; the figure and date rules are precise but rare there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from checker.retrieval.search import FOLD_CACHE, STOP_WORDS, content_words, fold
from claims.amounts import _NUMBER_WORDS
from claims.amounts import _SCALES as _AMOUNT_SCALES
from claims.dates import MONTHS as _DATE_MONTHS
from claims.lexicon import EN_MARKS, FR_MARKS

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[  .]\d{3})+|\d+)(?:[.,](\d+))?(?![\w])")
_QUOTE = re.compile(r"«\s*([^»]+?)\s*»|\u201c([^\u201d]+)\u201d|\"([^\"]+)\"")
_STEM = 5
_WORDS = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs on coverage (share of the claim's content words found in the passage)
    and on dense cosine similarity. A claim whose proper names all appear in the
    passage, with at least two names or figures in common, counts as covered even
    when its wording differs; so does, across languages (a translation shares no
    words), one whose names all appear and whose cosine reaches `crosslingual_dense`. The negation cut-offs say how close the two texts
    must be for "one side negated" to count as a contradiction."""

    support_coverage: float = 0.5
    support_dense: float = 0.82
    related_coverage: float = 0.3
    related_dense: float = 0.86
    negation_coverage: float = 0.3
    negation_dense: float = 0.80
    crosslingual_dense: float = 0.86


# One lexicon for the desk: number words, scales and month names are claims/'s
# (claims.amounts, claims.dates, read through text2num), folded here for matching;
# only the short month forms a dateline uses ("Sept. 2024") are added.
_SMALL_NUMBERS = {
    w: int(text2num(w, lang))
    for lang, words in _NUMBER_WORDS.items()
    for w in words.split()
    if w not in ("un", "une", "one", "neuf", "mille", "thousand", "cents", "vingts")
}
_SCALES = {**_AMOUNT_SCALES}
_MONTHS = {fold(name): number for names in _DATE_MONTHS.values() for name, number in names.items()}
_MONTHS.update({fold(name)[:3]: number for name, number in _DATE_MONTHS["en"].items() if name != "may"})
_MONTHS.update({"sept": 9})
_MONTH_YEAR = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(1[89]\d\d|20\d\d)\b")
_ORDINAL = re.compile(r"\b(\d{1,4})(?:e|è|ème|eme|er|ère|re|th|st|nd|rd)\b")
_NEGATION = re.compile(
    r"\b(?:ne|n)['\u2019 ]\s*\w+(?:\s+\w+)?\s+(?:pas|plus|jamais|rien|aucun|aucune|guere|nullement)\b"
    r"|\b(?:aucun|aucune|sans|nullement|jamais|faussement|a tort)\b"
    r"|\b(?:not|no|never|none|nor|without|falsely|cannot)\b|n't\b"
)


def numbers(text: str) -> set[float]:
    """Numbers written with digits ('6,6', '6.6', '2 023', '157'), as floats."""
    found = set()
    for whole, frac in _NUMBER.findall(text):
        digits = re.sub(r"[  .]", "", whole)
        found.add(float(f"{digits}.{frac}" if frac else digits))
    return found


def _with_number_words(text: str) -> str:
    """Number words turned into digits ('cinq' → 5, 'four' → 4); 'un', 'une' and 'one'
    stay words, as they are mostly articles, and 'neuf' too ('new')."""
    return re.sub(
        r"\b(" + "|".join(_SMALL_NUMBERS) + r")\b",
        lambda m: str(_SMALL_NUMBERS[m.group(1).lower()]),
        text,
        flags=re.IGNORECASE,
    )


def quantities(text: str) -> list[tuple[float, float]]:
    """Every figure as (as written, with its scale): '6,6 milliards' → (6.6, 6.6e9),
    'cinq titres' → (5, 5), '2023' → (2023, 2023)."""
    # A day of the month belongs to its date, compared by `days`, not as a figure.
    folded = fold(text)
    text = _DAY_MONTH.sub(lambda m: m.group(2), folded) if _DAY_MONTH.search(folded) else text
    converted = _ORDINAL.sub(r"\1", _with_number_words(text))
    found = []
    for m in _NUMBER.finditer(converted):
        whole, frac = m.group(1), m.group(2)
        digits = re.sub(r"[  .]", "", whole)
        value = float(f"{digits}.{frac}" if frac else digits)
        after = re.match(r"\s*([a-zA-Z]+)", converted[m.end() :])
        scale = _SCALES.get(after.group(1).lower(), 1.0) if after else 1.0
        found.append((value, value * scale))
    return found


_DAY_MONTH = re.compile(
    r"\b([0-3]?\d)(?:er|st|nd|rd|th)?\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b"
)


def days(text: str) -> set[tuple[int, int]]:
    """(month, day) of the dates written as a day and a month ('9 octobre', '1er mai')."""
    return {(_MONTHS[m], int(d)) for d, m in _DAY_MONTH.findall(fold(text)) if 1 <= int(d) <= 31}


def months(text: str) -> set[tuple[int, int]]:
    """(year, month) of the dates written as a month and a year ('avril 2023', 'Sept. 2024')."""
    return {(int(y), _MONTHS[m]) for m, y in _MONTH_YEAR.findall(fold(text))}


def negated(text: str) -> bool:
    """Whether the text denies something ('ne … pas', 'aucun', 'not', 'never', 'à tort')."""
    return bool(_NEGATION.search(fold(text)))


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two figures agree when any of their readings (as written, with its scale) agree
    to six significant digits."""
    return any(float(f"{x:.6g}") == float(f"{y:.6g}") for x in a for y in b)


def language(text: str) -> str:
    """'fr' or 'en' by the commoner function words, '' when neither shows; enough to
    know that a claim and a passage cannot share their words."""
    words = _WORDS.findall(text.lower())
    fr = sum(w in FR_MARKS for w in words)
    en = sum(w in EN_MARKS for w in words)
    return "fr" if fr > en else "en" if en > fr else ""


def quotes(text: str) -> list[str]:
    return [next(g for g in m if g) for m in _QUOTE.findall(text)]


def _stems(words: Sequence[str]) -> set[str]:
    return {fold(w)[:_STEM] for w in words}


@lru_cache(maxsize=FOLD_CACHE)
def _passage_stems(passage: str) -> frozenset[str]:
    """The folded stems of a passage's content words, kept per process: a check
    compares each passage with every claim that found it."""
    return frozenset(_stems(content_words(passage)))


def coverage(claim: str, passage: str) -> tuple[float, list[str], list[str]]:
    """Share of the claim's content words (by a 5-letter folded stem, so 'implantation'
    meets 'implanter') that the passage has; with the words found and missing."""
    words = content_words(claim)
    if not words:
        return 0.0, [], []
    have = _passage_stems(passage)
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
    absent_actors = bool(actor_words) and not any(set(_WORDS.findall(a)) <= passage_words for a in actor_words)
    if absent_actors:
        signals.append("none of the people or organisations in the claim: " + ", ".join(actors))
    claim_q, passage_q = quantities(claim), quantities(passage)
    same = sorted({a[0] for a in claim_q if any(_same(a, b) for b in passage_q)})
    if same:
        signals.append("same figures: " + ", ".join(_fmt(n) for n in same))
    conflict = False
    for kind in (_is_year, lambda v: not _is_year(v)):
        mine = [q for q in claim_q if kind(q[0])]
        theirs = [q for q in passage_q if kind(q[0])]
        if mine and theirs and not any(_same(a, b) for a in mine for b in theirs):
            conflict = True
            signals.append(
                "figures differ: claim "
                + ", ".join(_fmt(n) for n in sorted({q[0] for q in mine}))
                + " vs evidence "
                + ", ".join(_fmt(n) for n in sorted({q[0] for q in theirs}))
            )
    claim_months, passage_months = months(claim), months(passage)
    for year, month in sorted(claim_months):
        others = sorted(m for y, m in passage_months if y == year)
        if others and month not in others:
            conflict = True
            signals.append(
                f"dates differ: claim {year}-{month:02d} vs evidence " + ", ".join(f"{year}-{m:02d}" for m in others)
            )
    claim_days, passage_days = days(claim), days(passage)
    for month, day in sorted(claim_days):
        others = sorted(d for m, d in passage_days if m == month)
        if others and day not in others:
            conflict = True
            signals.append(
                f"dates differ: claim day {day} vs evidence day " + ", ".join(map(str, others)) + f" (month {month})"
            )
    absent = sorted({a[0] for a in claim_q if not any(_same(a, b) for b in passage_q)})
    if absent and not conflict:
        signals.append("figures not in evidence: " + ", ".join(_fmt(n) for n in absent))
    polarity = negated(claim) != negated(passage)
    unquoted = [q for q in quotes(claim) if fold(q) not in passage_folded]
    if unquoted:
        signals.append("quote not found in evidence: « " + unquoted[0] + " »")
    if unquoted or absent_actors or (claim_names and not shared_names):
        return "no evidence", signals
    # A claim about a figure (not a year) that the passage never gives is not about
    # what the passage says, however close the topic.
    counts = [a for a in claim_q if not _is_year(a[0])]
    if counts and not conflict and not any(any(_same(a, b) for b in passage_q) for a in counts):
        signals.append("none of the claim's figures is in the evidence")
        return "no evidence", signals
    name_share = len(shared_names) / len(claim_names) if claim_names else 1.0
    anchors = len(shared_names) + len(same)
    crosslingual = language(claim) != language(passage)
    covered = (
        share >= thresholds.support_coverage
        or (bool(claim_names) and name_share == 1.0 and anchors >= 2)
        or (crosslingual and name_share == 1.0 and dense >= thresholds.crosslingual_dense)
    )
    on_topic = covered and dense >= thresholds.support_dense
    if on_topic and conflict:
        return "contradicted", signals
    if polarity and share >= thresholds.negation_coverage and dense >= thresholds.negation_dense:
        which = "the claim" if negated(claim) else "the evidence"
        signals.append(f"one side is negated: {which} denies what the other states")
        return "contradicted", signals
    if on_topic and not absent:
        return "supported", signals
    if name_share >= 0.5 and (share >= thresholds.related_coverage or dense >= thresholds.related_dense):
        return "related", signals
    return "no evidence", signals


_ORDER = {"supported": 0, "contradicted": 1, "related": 2, "no evidence": 3}


def suggest_rules(
    claim: str,
    evidence: Sequence[dict],
    *,
    actors: Sequence[str] = (),
    thresholds: Thresholds = Thresholds(),
    consider: int = 3,
) -> tuple[str, list[str]]:
    """The hand-written rules' suggestion (the desk's before the learned verifier),
    kept to be measured next to it: the strongest outcome among the first `consider`
    passages, with that passage's signals."""
    best: tuple[str, list[str]] | None = None
    for m in evidence[:consider]:
        outcome, signals = assess(claim, m["text"], m["dense"], actors=actors, thresholds=thresholds)
        if best is None or _ORDER[outcome] < _ORDER[best[0]]:
            best = (outcome, [f"{m['passage_id']}: {outcome}", *signals])
    if best is None:
        return "no evidence", ["no passage in the corpus"]
    if best[0] == "no evidence":
        return "no evidence", ["no passage covers the claim", *best[1][1:]]
    return best


def _mentions_actor(actors: Sequence[str], passage: str) -> bool:
    """Whether the passage names one of the claim's people or organisations (by their
    words, or spelled alike: 'OpenAI' in any language)."""
    from checker.verify.facts import facts, same_name

    words = set(_WORDS.findall(fold(passage)))
    keys = [n.key for n in facts(passage).names]
    for a in actors:
        folded = fold(a).strip()
        if not folded:
            continue
        if set(_WORDS.findall(folded)) <= words or any(same_name(folded, k) for k in keys):
            return True
    return False


def verify(
    claim: str,
    evidence: Sequence[dict],
    *,
    actors: Sequence[str] = (),
    consider: int = 5,
) -> dict:
    """The claim's suggestion from all its top passages (dicts with 'passage_id',
    'text', 'dense'), by the learned verifier (checker.verify.learned).

    Returns {"suggestion", "signals", "confidence", "decided_by", "differences"}. Each
    considered passage dict gets its own 'signals', 'assessment' and 'probabilities'.
    A passage that names none of the claim's `actors` is read as unrelated, whatever
    its wording: a passage about another company is not evidence.
    """
    from checker.verify.learned import decide

    considered = list(evidence[:consider])
    eligible = [m for m in considered if not actors or _mentions_actor(actors, m["text"])]
    result = decide(claim, eligible, consider=consider)
    by_id = {m["passage_id"]: j for m, j in zip(eligible, result["judgements"])}
    for m in considered:
        j = by_id.get(m["passage_id"])
        if j is None:
            m["assessment"] = "no evidence"
            m["probabilities"] = {"supported": 0.0, "contradicted": 0.0, "unrelated": 1.0}
            m["signals"] = [
                f"similarity {m['dense']:.2f}",
                "none of the people or organisations in the claim: " + ", ".join(actors),
            ]
            continue
        p = j["probabilities"]
        m["assessment"] = j["outcome"]
        m["probabilities"] = {k: round(v, 4) for k, v in p.items()}
        if j["outcome"] == "no evidence":
            # an unrelated passage is shown as such, without figure "differences"
            m["signals"] = [f"similarity {m['dense']:.2f}", f"unrelated to the claim ({p['unrelated']:.2f})"]
        else:
            m["signals"] = [
                f"similarity {m['dense']:.2f}",
                f"supports {p['supported']:.2f} · contradicts {p['contradicted']:.2f}",
                *(f"differs: {d}" for d in j["differences"]),
            ]
    suggestion, decided = result["suggestion"], result["decided_by"]
    if not considered:
        signals = ["no passage in the corpus"]
    elif decided is None:
        signals = [f"no passage addresses the claim (confidence {result['confidence']:.2f})"]
    else:
        signals = [
            f"decided by {decided}: {suggestion} (confidence {result['confidence']:.2f})",
            *(f"differs: {d}" for d in result["differences"]),
            *(f"agrees: {a}" for a in result["agreements"]),
        ]
        first = considered[0]["passage_id"]
        if decided != first:
            signals.append(f"the first passage, {first}, {considered[0]['assessment']}")
    return {
        "suggestion": suggestion,
        "signals": signals,
        "confidence": result["confidence"],
        "decided_by": decided,
        "differences": result["differences"],
    }


def suggest(
    claim: str,
    evidence: Sequence[dict],
    *,
    actors: Sequence[str] = (),
    consider: int = 5,
) -> tuple[str, list[str]]:
    """The claim's suggestion and signals (see `verify`, which also gives the passage
    that decided, the slots that differ and the confidence)."""
    result = verify(claim, evidence, actors=actors, consider=consider)
    return result["suggestion"], result["signals"]
