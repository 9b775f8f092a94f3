"""Reviewers shape the claims: edit, split, merge, dismiss, restore, add.

The extractor proposes claims; a reviewer knows better. Their changes are kept as an
append-only history (`claim_edits` in the store, one row per claim touched, who and
when) laid over the extracted claims each time they are read, never written into them:
so the original text and offsets stay, a re-check of the article (which re-extracts)
cannot bring back a dismissed claim nor lose an added one, and a verdict stays on the
claim it was given to. A split or a merge makes new claims (new ids) and withdraws the
old ones; the old ones keep their verdicts, which the new claims' history shows.

The rules (what a change means, what is refused) are here; the store holds the rows
and the SQL; the CLI (`python -m checker claim …`) and the review page call these
functions, so both record exactly the same.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from checker.errors import InputError, NotFoundError
from checker.store.database import Store, now_iso

ACTIVE = "active"
DISMISSED = "dismissed"
SPLIT = "split"
MERGED = "merged"
STATES = {"dismiss": DISMISSED, "restore": ACTIVE, "split": SPLIT, "merge": MERGED}
"""What each action leaves the claim it is on: `edit` and `add` change no state."""

ADDED_REASON = "ajoutée par un vérificateur (added by a reviewer)"

ACTION_LABELS = {
    "edit": "Texte modifié (edited)",
    "dismiss": "Écartée : pas une affirmation (dismissed: not a claim)",
    "restore": "Rétablie (restored)",
    "split": "Divisée (split)",
    "merge": "Fusionnée (merged)",
    "add": "Ajoutée (added)",
}
"""The history's words for each action, French first, English in brackets."""


def apply_edits(claims: Sequence[dict], edits: Iterable[Mapping], *, withdrawn: bool = False) -> list[dict]:
    """The claims as the reviewers left them: each gets `original_text` (the text it
    was extracted or created with), `text` (the latest edit, else the original),
    `edited` (bool), `state` ('active', 'dismissed', 'split', 'merged') and
    `state_reason`. Only active claims unless `withdrawn`. With reviewer-added claims
    the list is in article order (start offset, then extraction order).

    Why a pure function: the store applies it to every read, and a test can check the
    rules on plain rows."""
    by_claim: dict[str, list[Mapping]] = {}
    added = False
    for e in edits:
        by_claim.setdefault(e["claim_id"], []).append(e)
        added = added or e["action"] == "add"
    out = []
    for claim in claims:
        row = {**claim, "original_text": claim["text"], "edited": False, "state": ACTIVE, "state_reason": ""}
        for e in by_claim.get(claim["id"], ()):
            if e["action"] == "edit":
                row["text"], row["edited"] = e["text"], e["text"] != row["original_text"]
            elif e["action"] in STATES:
                row["state"], row["state_reason"] = STATES[e["action"]], e.get("reason") or ""
        if withdrawn or row["state"] == ACTIVE:
            out.append(row)
    if added:
        out.sort(key=lambda c: (int(c["start"]), int(c["position"])))
    return out


# ------------------------------------------------------------------ checks on input


def _text(value: str | None, field: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise InputError(f"{field}: the text is empty; give the claim's words")
    return text


def _active(store: Store, claim_id: str) -> dict:
    claim = store.claim(claim_id)
    if claim["state"] != ACTIVE:
        raise InputError(f"claim {claim_id}: is {claim['state']} already; restore it first (`claim restore`)")
    return claim


def _new_id(article_id: str, start: int, end: int, text: str, related: Sequence[str]) -> str:
    """A fresh id for a reviewer-made claim ('e' + 12 hex): the time is in the hash,
    so the same words added twice are two claims, each with its own history."""
    seed = f"{article_id}:{start}:{end}:{text}:{','.join(related)}:{now_iso()}"
    return "e" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


def _span_in(article: str, text: str, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    """Where `text` stands in article[lo:hi], spaces and case aside; None if not there."""
    hi = len(article) if hi is None else hi
    words = text.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.compile(pattern, re.IGNORECASE).search(article, lo, hi)
    return (found.start(), found.end()) if found else None


def _claim_row(
    article_id: str,
    text: str,
    start: int,
    end: int,
    *,
    like: Mapping | None,
    related: Sequence[str],
    article: str,
    position: int,
) -> dict:
    """A `claims` row for a reviewer-made claim: scores and features from the claim it
    came from (`like`), else check-worthy by the reviewer's say."""
    sentence = like["sentence"] if like else article[start:end]
    return {
        "id": _new_id(article_id, start, end, text, related),
        "text": text,
        "start": start,
        "end": end,
        "sentence": sentence,
        "checkworthiness": float(like["checkworthiness"]) if like else 1.0,
        "checkworthy": True,
        "reasons": [ADDED_REASON],
        "features": dict(like["features"]) if like else {},
        "position": position,
    }


# ------------------------------------------------------------------ the changes


def edit_claim(store: Store, claim_id: str, text: str, *, reviewer: str = "") -> dict:
    """New words for a claim; its id, offsets, original text and verdicts stay."""
    claim = _active(store, claim_id)
    new = _text(text, "text")
    if new == claim["text"]:
        raise InputError(f"text: claim {claim_id} already reads so; nothing to change")
    store.save_claim_changes(
        claim["article_id"], [], [{"claim_id": claim_id, "action": "edit", "text": new, "reviewer": reviewer}]
    )
    return store.claim(claim_id)


def dismiss_claim(store: Store, claim_id: str, reason: str, *, reviewer: str = "") -> dict:
    """ "Pas une affirmation": the claim leaves the queue and the exports (its verdicts
    and its history stay), and a re-check does not bring it back."""
    claim = _active(store, claim_id)
    why = _text(reason, "reason")
    store.save_claim_changes(
        claim["article_id"], [], [{"claim_id": claim_id, "action": "dismiss", "reason": why, "reviewer": reviewer}]
    )
    return store.claim(claim_id)


def restore_claim(store: Store, claim_id: str, *, reviewer: str = "") -> dict:
    """Bring a dismissed claim back (a split or merged one is replaced: refused)."""
    claim = store.claim(claim_id)
    if claim["state"] != DISMISSED:
        raise InputError(f"claim {claim_id}: is {claim['state']}, only a dismissed claim can be restored")
    store.save_claim_changes(
        claim["article_id"], [], [{"claim_id": claim_id, "action": "restore", "reviewer": reviewer}]
    )
    return store.claim(claim_id)


def split_claim(store: Store, claim_id: str, parts: Sequence[str], *, reviewer: str = "") -> list[dict]:
    """Two or more claims in place of one. Each part takes the span where its words
    stand in the claim's sentence, else the claim's; the original is withdrawn and
    keeps its verdicts."""
    claim = _active(store, claim_id)
    texts = [_text(p, f"part {i}") for i, p in enumerate(parts, start=1)]
    if len(texts) < 2:
        raise InputError("parts: a split needs at least two parts")
    article = store.article(claim["article_id"])["text"]
    start, end = int(claim["start"]), int(claim["end"])
    rows = []
    for text in texts:
        span = _span_in(article, text, start, end) or (start, end)
        rows.append(
            _claim_row(
                claim["article_id"],
                text,
                *span,
                like=claim,
                related=[claim_id],
                article=article,
                position=int(claim["position"]),
            )
        )
    edits = [{"claim_id": claim_id, "action": "split", "related": [r["id"] for r in rows], "reviewer": reviewer}]
    edits += [
        {"claim_id": r["id"], "action": "add", "text": r["text"], "related": [claim_id], "reviewer": reviewer}
        for r in rows
    ]
    store.save_claim_changes(claim["article_id"], rows, edits)
    return [store.claim(r["id"]) for r in rows]


def merge_claims(store: Store, claim_ids: Sequence[str], *, text: str | None = None, reviewer: str = "") -> dict:
    """One claim in place of several of one article: its span covers theirs, its text
    is `text` or theirs joined; the merged ones are withdrawn and keep their verdicts."""
    ids = list(dict.fromkeys(claim_ids))
    if len(ids) < 2:
        raise InputError("claims: a merge needs at least two different claims")
    claims = [_active(store, cid) for cid in ids]
    articles = {c["article_id"] for c in claims}
    if len(articles) > 1:
        raise InputError(f"claims: {', '.join(ids)} are in different articles; only one article's claims merge")
    claims.sort(key=lambda c: (int(c["start"]), int(c["position"])))
    article_id = claims[0]["article_id"]
    merged = _text(text, "text") if text is not None else " ".join(c["text"] for c in claims)
    start, end = min(int(c["start"]) for c in claims), max(int(c["end"]) for c in claims)
    article = store.article(article_id)["text"]
    row = _claim_row(
        article_id,
        merged,
        start,
        end,
        like=claims[0],
        related=ids,
        article=article,
        position=int(claims[0]["position"]),
    )
    row["sentence"] = " ".join(dict.fromkeys(c["sentence"] for c in claims))
    edits = [{"claim_id": c["id"], "action": "merge", "related": [row["id"]], "reviewer": reviewer} for c in claims]
    edits.append({"claim_id": row["id"], "action": "add", "text": merged, "related": ids, "reviewer": reviewer})
    store.save_claim_changes(article_id, [row], edits)
    return store.claim(row["id"])


def add_claim(
    store: Store,
    article_id: str,
    *,
    text: str | None = None,
    start: int | None = None,
    end: int | None = None,
    reviewer: str = "",
) -> dict:
    """A claim the extractor missed, from a selection of the article: offsets (the
    text is then the article's between them) or words that must be found in it."""
    article = store.article(article_id)["text"]
    if start is not None or end is not None:
        if start is None or end is None or not 0 <= start < end <= len(article):
            raise InputError(f"start/end: give both, with 0 <= start < end <= {len(article)} (the article's length)")
        words = _text(article[start:end], "start/end")
        span = (start, end)
    else:
        words = _text(text, "text")
        found = _span_in(article, words)
        if found is None:
            raise InputError(f"text: {words[:60]!r} is not in the article {article_id}; copy it from the article")
        span = found
    after = [c for c in store.claims(article_id, withdrawn=True) if int(c["start"]) <= span[0]]
    position = max((int(c["position"]) for c in after), default=0)
    row = _claim_row(article_id, words, *span, like=None, related=[], article=article, position=position)
    store.save_claim_changes(
        article_id, [row], [{"claim_id": row["id"], "action": "add", "text": words, "reviewer": reviewer}]
    )
    return store.claim(row["id"])


# ------------------------------------------------------------------ reading the history


def claim_history(store: Store, claim_id: str) -> list[dict]:
    """Every change that made the claim what it is, oldest first: its own rows, and for
    a claim born of a split or a merge, the rows of the claims it came from, each with
    `verdicts` (those claims' verdict history, which stays on them)."""
    claim = store.claim(claim_id)
    own = store.claim_edits(claim["article_id"], claim_id)
    out: list[dict[str, Any]] = []
    for e in own:
        row: dict[str, Any] = {**e, "label": ACTION_LABELS[e["action"]], "verdicts": []}
        if e["action"] == "add":
            row["verdicts"] = [
                {**v, "claim_id": source} for source in e["related"] for v in _verdicts_of(store, source)
            ]
        out.append(row)
    return out


def _verdicts_of(store: Store, claim_id: str) -> list[dict]:
    try:
        return store.verdict_history(claim_id)
    except NotFoundError:
        return []


def edited_claims(store: Store, article_id: str) -> list[str]:
    """Ids of the article's active claims whose text a reviewer changed: after a
    re-check, their evidence (searched for the extracted words) is searched again."""
    return [c["id"] for c in store.claims(article_id) if c.get("edited")]
