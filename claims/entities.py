"""Named entities of one parsed sentence.

French uses the pipeline's NER (PER, ORG, LOC, MISC). The English pipeline has no
NER, so runs of capitalised words that do not open the sentence stand in for it,
labelled MISC.
"""
from __future__ import annotations

from dataclasses import dataclass

_CONNECTORS = {"of", "de", "du", "des", "the", "&", "van", "von", "der"}


@dataclass
class Entity:
    text: str
    label: str
    start: int   # token index in the sentence doc
    end: int     # token index, exclusive
    start_char: int
    end_char: int


def entities(doc) -> list[Entity]:
    if doc.has_annotation("ENT_IOB"):
        out = []
        for e in doc.ents:
            toks = [t for t in e if not t.is_space]
            if not toks:
                continue
            # strip a leading article that NER sometimes swallows ("la France")
            while len(toks) > 1 and toks[0].lower_ in ("le", "la", "les", "l'", "l’") and \
                    toks[0].text[:1].islower():
                toks = toks[1:]
            out.append(Entity(doc[toks[0].i:toks[-1].i + 1].text, e.label_, toks[0].i,
                              toks[-1].i + 1, toks[0].idx, toks[-1].idx + len(toks[-1])))
        return out
    return _capitalised_runs(doc)


def _capitalised_runs(doc) -> list[Entity]:
    out, run = [], []

    def flush():
        while run and run[-1].lower_ in _CONNECTORS:
            run.pop()
        if run:
            a, b = run[0], run[-1]
            out.append(Entity(doc[a.i:b.i + 1].text, "MISC", a.i, b.i + 1, a.idx,
                              b.idx + len(b)))
        run.clear()

    for t in doc:
        first = t.i == 0 or doc[t.i - 1].text in (".", "!", "?", "\"", "“", "«", ":")
        if t.text[:1].isupper() and t.is_alpha and not first:
            run.append(t)
        elif run and t.lower_ in _CONNECTORS:
            run.append(t)
        else:
            flush()
    flush()
    return out
