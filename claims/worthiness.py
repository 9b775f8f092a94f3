"""Check-worthiness: a score in [0, 1] built from visible reasons.

A claim is worth checking when it names who did what, when, how much. The score
adds up those signals and subtracts for intentions and opinions that carry no
checkable detail; the reasons list says which signals fired, so a reviewer can see
why a claim was (not) flagged. Tuned to flag rather than miss.
"""

from __future__ import annotations

import re

from .lexicon import FACTUAL_VERBS, INTENTION_VERBS, OPINION_MARKERS, PLAN_VERBS

THRESHOLD = 0.45
# A claim that still opens on a pronoun or a possessive ("Il a levé …", "Sa filiale …")
# after the extractor's resolution cannot be checked alone: the reviewer is told.
UNRESOLVED_SUBJECT = re.compile(
    r"^\s*(?:(?:il|elle|ils|elles|he|she|it|they)\b(?!['’])|(?:sa|son|ses|leur|leurs|its|his|her|their)\s+\w+)",
    re.IGNORECASE,
)
# Page furniture copied with an article: copyright footers, greetings, sign-up and
# navigation lines. They hold dates and names ("© 2024 Le Monde") but state no fact.
FURNITURE = re.compile(
    r"©|\(c\)\s*\d{4}|tous\s+droits\s+r[ée]serv[ée]s|all\s+rights\s+reserved"
    r"|^\s*(?:bonjour|bonsoir|chers?\s+lecteurs?|hello|hi|dear\s+readers?)\b"
    r"|^\s*(?:abonnez-vous|inscrivez-vous|lire\s+aussi|à\s+lire\s+aussi|partager|suivez-nous"
    r"|subscribe|sign\s+up|read\s+more|share\s+this|follow\s+us)\b"
    r"|(?:\S[^|]{0,30}\|){2,}",
    re.IGNORECASE,
)


def score(
    *,
    dates: list[dict],
    amounts: list[dict],
    entities: list[dict],
    quotes: list[dict],
    verbs: list[str],
    past_tense: bool,
    text: str,
    kind: str,
    threshold: float = THRESHOLD,
    impersonal: bool = False,
) -> tuple[float, list[str], bool]:
    """(score, reasons, checkworthy) for one claim from its features.

    ``impersonal``: the claim opens on an "il" that stands for nothing ("Il faut",
    "Il existe", "Il y a"), which needs no subject."""
    reasons: list[str] = []
    s = 0.15
    for d in dates[:2]:
        reasons.append(f"date: {d['text']}")
    if dates:
        s += 0.25
    for a in amounts[:2]:
        reasons.append(f"number: {a['text']}")
    if amounts:
        s += 0.25
    named = [e for e in entities if e["label"] != "DATE"]
    for e in named[:4]:
        reasons.append(f"named entity: {e['text']} ({e['label']})")
    if named:
        s += 0.2 + min(0.1, 0.05 * (len(named) - 1))
    if quotes:
        s += 0.15
        reasons.append("quote")
    factual = [v for v in verbs if v in FACTUAL_VERBS or v in PLAN_VERBS]
    if factual or past_tense:
        s += 0.1
        reasons.append(f"factual verb: {factual[0] if factual else 'past tense'}")
    if kind in ("appositive", "relative", "attribution"):
        s += 0.05
        reasons.append(f"{kind} statement")
    intent = [v for v in verbs if v in INTENTION_VERBS]
    if intent and not dates and not amounts:
        s -= 0.3
        reasons.append(f"intention without date or figure: {intent[0]}")
    low = text.lower()
    pronoun = None if impersonal else UNRESOLVED_SUBJECT.match(text)
    if pronoun:
        reasons.append(f"needs its subject: « {pronoun.group(0).strip()} » is not resolved")
    if FURNITURE.search(text):
        s = 0.0
        reasons.append("page furniture (footer, greeting or navigation)")
    if any(m in low for m in OPINION_MARKERS):
        s -= 0.25
        reasons.append("opinion marker")
    s = round(max(0.0, min(1.0, s)), 3)
    return s, reasons, s >= threshold
