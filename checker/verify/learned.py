"""The learned decision: does a passage support, contradict, or not address a claim?

Cosine similarity does not separate contradictions from agreement (AUC ≈ .5 on DACCORD),
and no NLI weights can be had here, so the decision is a small multinomial logistic
regression over the slot alignments of `checker.verify.facts` (figures, dates, names in their
role, ranks, negation), the word coverage and the dense cosine. Its weights live in
checker/data/verifier.json, written by benchmarks/train_verifier.py from data that
script rebuilds (DACCORD dev pairs of one half of the articles, pairs generated from
their premises with one slot changed, and tests/fixtures/verify_pairs.jsonl); the
same inputs give the same file. Reading it needs numpy only.

The claim's suggestion weighs every top passage: the strongest contradiction and the
strongest support are compared, so a contradiction in passage #2 counts when #1 is
about something else, and the passage that decided is named with the slots that
differ. The confidence is the model's probability of the suggestion, not a rank score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from checker.settings import DATA_DIR
from checker.verify.facts import align, facts, fold
from claims.lexicon import CUE_WORDS

MODEL_PATH = DATA_DIR / "verifier.json"
CLASSES = ("supported", "contradicted", "unrelated")
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTE = re.compile(r"«\s*([^»]+?)\s*»|\u201c([^\u201d]+)\u201d|\"([^\"]+)\"")

FEATURES = (
    "dense",
    "coverage",
    "coverage_hi",
    "crosslingual",
    "long_claim",
    "has_names",
    "name_share",
    "name_absent",
    "place_conflict",
    "agent_conflict",
    "figure_match",
    "figure_conflict",
    "figure_absent",
    "currency_conflict",
    "date_match",
    "date_conflict",
    "date_absent",
    "rank_match",
    "rank_conflict",
    "rank_absent",
    "claim_negated",
    "passage_negated",
    "negation_differs",
    "cue_absolute",
    "cue_exclusive",
    "cue_denial",
    "cue_cause",
    "passage_denial",
    "quote_missing",
    "any_conflict",
    "unaddressed",
    "unaddressed_share",
    "conflict_crosslingual",
    "conflict_low_coverage",
    "negation_high_coverage",
)


def _coverage(claim: str, passage: str) -> float:
    # imported here: checker.verify.suggestion imports this module
    from checker.verify.suggestion import coverage

    return coverage(claim, passage)[0]


def _quotes_missing(claim: str, passage: str) -> bool:
    folded = fold(passage)
    for m in _QUOTE.findall(claim):
        q = next(g for g in m if g)
        if len(q.split()) >= 3 and fold(q) not in folded:
            return True
    return False


def features(claim: str, passage: str, dense: float, *, with_agreements: bool = False):
    """The feature values of one (claim, passage) pair and the slots that differ (and,
    asked, the number of slots that agree)."""
    al = align(claim, passage)
    cf, pf = facts(claim), facts(passage)
    cover = _coverage(claim, passage)
    claim_words = set(_WORD.findall(fold(claim)))
    passage_words = set(_WORD.findall(fold(passage)))
    only_claim = claim_words - passage_words
    only_passage = passage_words - claim_words
    checkable = (len(cf.figures) + len(cf.dates) + al.claim_names + len(cf.ranks)) or 1
    unaddressed = al.figure_absent + al.date_absent + al.name_absent + al.rank_absent
    conflicts = (
        al.figure_conflict
        + al.currency_conflict
        + al.date_conflict
        + al.place_conflict
        + al.agent_conflict
        + al.rank_conflict
    )
    f = {
        "dense": dense,
        "coverage": cover,
        "coverage_hi": float(cover >= 0.5),
        "crosslingual": float(cf.lang != pf.lang),
        "long_claim": min(len(claim_words), 40) / 40,
        "has_names": float(al.claim_names > 0),
        "name_share": al.name_match / al.claim_names if al.claim_names else 1.0,
        "name_absent": float(al.name_absent > 0),
        "place_conflict": float(al.place_conflict > 0),
        "agent_conflict": float(al.agent_conflict > 0),
        "figure_match": float(al.figure_match > 0),
        "figure_conflict": float(al.figure_conflict > 0),
        "figure_absent": float(al.figure_absent > 0),
        "currency_conflict": float(al.currency_conflict > 0),
        "date_match": float(al.date_match > 0),
        "date_conflict": float(al.date_conflict > 0),
        "date_absent": float(al.date_absent > 0),
        "rank_match": float(al.rank_match > 0),
        "rank_conflict": float(al.rank_conflict > 0),
        "rank_absent": float(al.rank_absent > 0),
        "claim_negated": float(cf.negated),
        "passage_negated": float(pf.negated),
        "negation_differs": float(al.negation_differs),
        "cue_absolute": float(bool(only_claim & CUE_WORDS["absolute"])),
        "cue_exclusive": float(bool(only_claim & CUE_WORDS["exclusive"])),
        "cue_denial": float(bool(only_claim & CUE_WORDS["denial"])),
        "cue_cause": float(bool(only_claim & CUE_WORDS["cause"])),
        "passage_denial": float(bool(only_passage & CUE_WORDS["denial"])),
        "quote_missing": float(_quotes_missing(claim, passage)),
        "any_conflict": float(conflicts > 0),
        "unaddressed": float(unaddressed > 0),
        "unaddressed_share": unaddressed / checkable,
        # a slot conflict says "contradicted" even where the wording differs (a translation)
        "conflict_crosslingual": float(conflicts > 0 and cf.lang != pf.lang),
        "conflict_low_coverage": float(conflicts > 0) * (1.0 - cover),
        "negation_high_coverage": float(al.negation_differs) * cover,
    }
    if with_agreements:
        return f, al.differences, (al.agreed, al.absent, al.agreements)
    return f, al.differences


def frame_share(claim: str, passage: str) -> float:
    """Share of the claim's content words outside its slot values (names, figures)
    that the passage has: the words that say which fact the slots belong to ("siège"
    in "le siège d'OpenAI est à Seattle"). Of two passages, the one telling the claim's
    fact has more of them: "bureaux à … Seattle" agrees on the place, but is another
    fact than "son siège est à San Francisco"."""
    from checker.retrieval.search import content_words

    cf, pf = facts(claim), facts(passage)
    slot_words = {w for n in cf.names for w in _WORD.findall(n.key)}
    words = [fold(w) for w in content_words(claim)]
    frame = [w for w in words if w not in slot_words and not w.isdigit()]
    if not frame:
        return 0.0
    return sum(w[:5] in pf.words for w in frame) / len(frame)


def vector(values: dict[str, float]) -> np.ndarray:
    return np.array([values[name] for name in FEATURES], dtype=np.float64)


@cache
def load_model(path: str = str(MODEL_PATH)) -> dict:
    """The committed weights: {"features", "classes", "coef" (classes × features),
    "intercept", "thresholds"}; refuses a file made for other features."""
    model = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES or tuple(model["classes"]) != CLASSES:
        raise ValueError(f"{path}: made for other features or classes; rerun benchmarks/train_verifier.py")
    model["_coef"] = np.array(model["coef"], dtype=np.float64)
    model["_intercept"] = np.array(model["intercept"], dtype=np.float64)
    return model


def probabilities(values: dict[str, float], model: dict | None = None) -> dict[str, float]:
    """P(supported), P(contradicted), P(unrelated) for one pair."""
    model = model or load_model()
    z = model["_coef"] @ vector(values) + model["_intercept"]
    z = z - z.max()
    e = np.exp(z)
    p = e / e.sum()
    return {c: float(v) for c, v in zip(CLASSES, p)}


def judge(claim: str, passage: str, dense: float, model: dict | None = None) -> dict:
    """One passage's reading of one claim: probabilities, the slots that differ, and the
    passage-level outcome ('supported', 'contradicted', 'related', 'no evidence')."""
    model = model or load_model()
    values, differences, agreements = features(claim, passage, dense, with_agreements=True)
    p = probabilities(values, model)
    t = model["thresholds"]
    if p["contradicted"] >= t["contradicted"] and p["contradicted"] >= p["supported"]:
        outcome = "contradicted"
    elif p["supported"] >= t["supported"]:
        outcome = "supported"
    elif p["supported"] + p["contradicted"] >= t["related"]:
        outcome = "related"
    else:
        outcome = "no evidence"
    return {
        "probabilities": p,
        "differences": differences,
        "agreements": agreements,
        "outcome": outcome,
        "features": values,
    }


def decide(claim: str, evidence: Sequence[dict], *, consider: int = 5, model: dict | None = None) -> dict:
    """The claim's suggestion from its top passages (dicts with 'passage_id', 'text',
    'dense').

    Returns {"suggestion", "confidence", "decided_by", "differences", "agreements",
    "judgements"}: the
    strongest contradiction wins over the strongest support when it is more probable,
    or when it is the passage telling the claim's fact (more of the claim's frame words,
    see `frame_share`) with a slot changed; so an unrelated first passage neither hides
    a contradiction further down nor lends its figures to the card. With no passage addressing the claim,
    'decided_by' is None and 'differences' is empty.
    """
    model = model or load_model()
    judgements = [judge(claim, m["text"], float(m.get("dense", 0.0)), model) for m in evidence[:consider]]
    if not judgements:
        return {
            "suggestion": "no evidence",
            "confidence": 1.0,
            "decided_by": None,
            "differences": [],
            "agreements": [],
            "judgements": [],
        }

    def anchored(j: dict) -> bool:
        # a contradiction is the same fact with another value: the passage must share
        # one of the claim's names or slots (or the claim names nobody)
        f = j["features"]
        return f["has_names"] == 0.0 or f["name_share"] > 0.0 or j["agreements"][0] >= 1 or f["coverage"] >= 0.5

    def complete(j: dict) -> bool:
        # support needs every figure and date of the claim, and most of its names
        f = j["features"]
        return (
            f["figure_absent"] == 0.0
            and f["date_absent"] == 0.0
            and f["name_share"] >= 0.5
            and f["quote_missing"] == 0.0
        )

    t = model["thresholds"]
    agree = [i for i, j in enumerate(judgements) if complete(j) and not j["differences"]]
    clash = [i for i, j in enumerate(judgements) if anchored(j)]

    def supports(p: dict) -> bool:
        # support is the passage's likeliest reading or passes the cut-off; with no slot
        # differing, a contradiction the model is not sure of is discounted
        return p["supported"] >= t["supported"] or (
            p["supported"] >= p["unrelated"]
            and (p["supported"] >= p["contradicted"] or p["contradicted"] < t["reworded"])
        )

    agree = [i for i in agree if supports(judgements[i]["probabilities"])]
    sup = max(agree, key=lambda i: (judgements[i]["probabilities"]["supported"], -i), default=None)
    p_sup = judgements[sup]["probabilities"]["supported"] if sup is not None else 0.0

    def same_fact(j: dict) -> bool:
        # the passage tells the claim's fact with one value changed, not another fact
        # (every slot different: "a Dublin office in September" vs "a London office in June")
        # and it addresses the claim's other slots
        slot_diffs = [d for d in j["differences"] if not d.startswith("negation")]
        agree_n, absent, _ = j["agreements"]
        p = j["probabilities"]["contradicted"]
        if not slot_diffs:
            # no slot differs: a denial of the same words, or a reworded contradiction
            # taken only when the model is sure
            if j["features"]["negation_differs"] and j["features"]["coverage"] >= 0.5:
                return True
            return p >= t["reworded"]
        return agree_n >= 1 and agree_n >= len(slot_diffs) + absent

    def clashes(j: dict) -> bool:
        # a slot with another value in the same fact: contradicted when that reading is
        # likelier than support and the passage is about the claim at all
        p = j["probabilities"]
        slot = any(not d.startswith("negation") for d in j["differences"])
        return p["contradicted"] >= t["contradicted"] or (
            slot and p["contradicted"] > p["supported"] and 1.0 - p["unrelated"] >= t["relevant"]
        )

    clash = [i for i in clash if same_fact(judgements[i]) and clashes(judgements[i])]
    con = max(clash, key=lambda i: (judgements[i]["probabilities"]["contradicted"], -i), default=None)
    p_con = judgements[con]["probabilities"]["contradicted"] if con is not None else 0.0
    if con is not None and (p_con > p_sup or _tells_the_fact(claim, evidence, judgements, con, sup, t)):
        suggestion, at, confidence = "contradicted", con, p_con
    elif sup is not None:
        # a passage that agrees on every slot decides, unless a passage telling the
        # same fact with another value is more probable
        suggestion, at, confidence = "supported", sup, p_sup
    elif con is not None:
        suggestion, at, confidence = "contradicted", con, p_con
    else:
        suggestion, at = "no evidence", None
        # nothing addresses the claim: the confidence is that of "unrelated" for the
        # closest passage, and no passage's figures are shown as differences
        best = max(max(j["probabilities"]["supported"] for j in judgements), p_con)
        confidence = 1.0 - best
    decided = evidence[at]["passage_id"] if at is not None else None
    differences = judgements[at]["differences"] if at is not None and suggestion != "supported" else []
    agreed = judgements[at]["agreements"][2] if at is not None else []
    return {
        "suggestion": suggestion,
        "confidence": round(float(confidence), 4),
        "decided_by": decided,
        "differences": differences,
        "agreements": agreed,
        "judgements": judgements,
    }


def _tells_the_fact(
    claim: str, evidence: Sequence[dict], judgements: list[dict], con: int, sup: int | None, t: dict
) -> bool:
    """Whether the contradicting passage, though less probable than the supporting one,
    is the one telling the claim's fact: a slot of it differs, the model leans to
    'contradicted' past its cut-off, and it has more of the claim's frame words than
    the supporting passage ("son siège est à San Francisco" against "des bureaux à …
    Seattle" for "le siège d'OpenAI est à Seattle")."""
    if sup is None:
        return False
    j = judgements[con]
    if not any(not d.startswith("negation") for d in j["differences"]):
        return False
    if j["probabilities"]["contradicted"] < t["contradicted"]:
        return False
    return frame_share(claim, evidence[con]["text"]) > frame_share(claim, evidence[sup]["text"])
