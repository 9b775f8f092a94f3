"""Several dated facts in one sentence: "OpenAI a ouvert un bureau à Londres en juin
2022, puis à Dublin en septembre 2023" states two facts, each checkable on its own.

News French leaves the later facts elliptical: after a comma or a conjunction come only
the slots that change (a place, a date, a figure, a name), the subject and the verb are
the first fact's. Each later fact is the first one with its slots of the same kind
replaced. Nothing is split unless every word of the later part is such a slot and each
part carries a date, so an ordinary coordination is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

_KINDS = {"LOC": "place", "GPE": "place", "ORG": "org", "MISC": "org", "PER": "person", "PERSON": "person"}
_END = {".", "!", "?", ";", "…"}

TokenRange = tuple[int, int]
Pair = tuple[TokenRange, TokenRange]


@dataclass
class Slot:
    """A date, a figure or a name with the prepositions and determiners before it
    (``ext`` opens on them: "en juin 2022", "à Dublin")."""

    ext: int
    start: int
    end: int
    kind: str


def _slots(doc, lo: int, hi: int, ents, dates: list[TokenRange], amounts: list[TokenRange]) -> list[Slot]:
    cores: list[tuple[int, int, str]] = []

    def add(s: int, e: int, kind: str) -> None:
        s, e = max(s, lo), min(e, hi)
        if s < e and not any(s < b and a < e for a, b, _ in cores):
            cores.append((s, e, kind))

    for s, e in dates:
        add(s, e, "date")
    for s, e in amounts:
        add(s, e, "amount")
    for ent in ents:
        if ent.label in _KINDS:
            add(ent.start, ent.end, _KINDS[ent.label])
    cores.sort()
    taken = {i for a, b, _ in cores for i in range(a, b)}
    out = []
    for s, e, kind in cores:
        x = s
        while x - 1 >= lo and doc[x - 1].pos_ in ("ADP", "DET") and x - 1 not in taken:
            x -= 1
        out.append(Slot(x, s, e, kind))
    return out


def _separator(tok) -> bool:
    return tok.text == "," or tok.pos_ == "CCONJ"


def _chunks(doc, lo: int, hi: int) -> list[tuple[int, int]]:
    """The runs of tokens between commas and conjunctions, leading adverbs set aside
    ("puis", "ensuite")."""
    out, start = [], None
    for i in range(lo, hi + 1):
        if i == hi or _separator(doc[i]):
            if start is not None:
                out.append((start, i))
            start = None
        elif start is None and doc[i].pos_ != "ADV":
            start = i
    return out


def _match(chunk: list[Slot], head: list[Slot], doc) -> list[Pair] | None:
    """Each slot of the later part paired with the first part's slot of its kind (the
    last one, or the one after the same preposition)."""
    pairs, used = [], set()
    for s in chunk:
        prefix = doc[s.ext : s.start].text.lower()
        same = [h for h in head if h.kind == s.kind and id(h) not in used and (h.ext < h.start) == (s.ext < s.start)]
        if not same:
            return None
        exact = [h for h in same if doc[h.ext : h.start].text.lower() == prefix]
        h = (exact or same)[-1]
        used.add(id(h))
        pairs.append(((h.ext, _figure_end(doc, h, s)), (s.ext, s.end)))
    return pairs


def _figure_end(doc, head: Slot, later: Slot) -> int:
    """Where the first fact's slot stops being replaced: a later figure written without
    its unit ("puis 3 500 milliards") keeps the first one's ("de dollars")."""
    if head.kind != "amount" or any(t.pos_ == "ADP" for t in doc[later.start : later.end]):
        return head.end
    return next((t.i for t in doc[head.start : head.end] if t.pos_ == "ADP"), head.end)


def dated_tails(
    doc, lo: int, hi: int, ents, dates: list[TokenRange], amounts: list[TokenRange], edit
) -> tuple[int, list[tuple[int, list[Pair], list[int]]]] | None:
    """(cut, later facts) when tokens lo..hi state a first dated fact up to token
    ``cut`` and, after it, elliptical dated facts; each later fact is (its first token,
    its slot pairs (first fact's slot, its own), its own tokens). None otherwise.

    ``edit`` holds the tokens already dropped or replaced (appositions, relative
    clauses); slots touching them are not used."""
    if not dates or not doc.has_annotation("DEP"):
        return None
    end = hi
    while end > lo and doc[end - 1].text in _END:
        end -= 1
    busy = set(edit.drop) | {i for s, (e, _) in edit.subst.items() for i in range(s, e)}
    for cut in range(lo + 1, end):
        if not _separator(doc[cut]) or cut in busy:
            continue
        head = [
            s for s in _slots(doc, lo, cut, ents, dates, amounts) if not any(i in busy for i in range(s.ext, s.end))
        ]
        if not any(s.kind == "date" for s in head) or not any("Fin" in t.morph.get("VerbForm") for t in doc[lo:cut]):
            continue
        later = _later_facts(doc, cut, end, head, ents, dates, amounts, busy)
        if later:
            return cut, later
    return None


def _later_facts(
    doc, cut: int, end: int, head: list[Slot], ents, dates: list[TokenRange], amounts: list[TokenRange], busy: set[int]
) -> list[tuple[int, list[Pair], list[int]]]:
    """The elliptical facts after ``cut``, or [] as soon as one part is not one."""
    later = []
    for a, b in _chunks(doc, cut, end):
        if any(i in busy for i in range(a, b)):
            return []
        slots = _slots(doc, a, b, ents, dates, amounts)
        covered = {i for s in slots for i in range(s.ext, s.end)}
        if not slots or covered != set(range(a, b)) or not any(s.kind == "date" for s in slots):
            return []
        pairs = _match(slots, head, doc)
        if pairs is None:
            return []
        later.append((a, pairs, list(range(a, b))))
    return later


@dataclass
class VerbTail:
    """A later fact with its own verb and the first fact's subject: "…, puis rachetée
    par Google en 2020", "… et a signé un accord en février 2024". ``borrowed`` are the
    first verb's auxiliaries a bare participle shares ("a été")."""

    cut: int
    start: int
    end: int
    subject_end: int
    borrowed: list[int]


def verb_tail(doc, lo: int, hi: int, dates: list[TokenRange], edit) -> VerbTail | None:
    """The later dated fact of tokens lo..hi that shares only the subject of the first,
    or None. Both parts must hold a date; the later one starts (after "puis", "et", a
    comma) on a verb the parse coordinates with the first one's, with no subject of its
    own."""
    if not dates or not doc.has_annotation("DEP"):
        return None
    end = hi
    while end > lo and doc[end - 1].text in _END:
        end -= 1
    busy = set(edit.drop) | {i for s, (e, _) in edit.subst.items() for i in range(s, e)}

    def dated(a: int, b: int) -> bool:
        return any(s < b and a < e for s, e in dates)

    for cut in range(lo + 1, end):
        if not _separator(doc[cut]) or cut in busy:
            continue
        start = cut
        while start < end and (_separator(doc[start]) or doc[start].pos_ == "ADV"):
            start += 1
        if start >= end or any(i in busy for i in range(start, end)):
            continue
        first = doc[start]
        verb = first.head if first.pos_ == "AUX" and first.head.i > start else first
        main = verb.head
        if (
            verb.pos_ != "VERB"
            or verb.dep_ != "conj"
            or not lo <= main.i < cut
            or main.pos_ != "VERB"
            or not dated(lo, cut)
            or not dated(start, end)
        ):
            continue
        if any(c.dep_.startswith("nsubj") for c in verb.children) or any(
            t.head.i < start or t.head.i >= end for t in doc[start:end] if t.i != verb.i
        ):
            continue
        aux = [c.i for c in main.children if c.dep_.startswith("aux") and c.i < main.i]
        subject_end = min([main.i, *aux])
        if not any(t.dep_.startswith("nsubj") for t in doc[lo:subject_end]):
            continue
        own_aux = any(c.dep_.startswith("aux") for c in verb.children)
        borrowed = [] if own_aux or "Part" not in verb.morph.get("VerbForm") else aux
        return VerbTail(cut, start, end, subject_end, borrowed)
    return None
