"""Named entities of one parsed sentence.

French uses the pipeline's NER (PER, ORG, LOC, MISC). The English pipeline has no
NER, so runs of capitalised words that do not open the sentence stand in for it,
labelled MISC.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import CALENDAR_WORDS, NAME_CONNECTORS


@dataclass
class Entity:
    text: str
    label: str
    start: int  # token index in the sentence doc
    end: int  # token index, exclusive
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
            while len(toks) > 1 and toks[0].lower_ in ("le", "la", "les", "l'", "l’") and toks[0].text[:1].islower():
                toks = toks[1:]
            out.append(
                Entity(
                    doc[toks[0].i : toks[-1].i + 1].text,
                    e.label_,
                    toks[0].i,
                    toks[-1].i + 1,
                    toks[0].idx,
                    toks[-1].idx + len(toks[-1]),
                )
            )
        return out
    return _capitalised_runs(doc)


def add_missed_mentions(docs, ents_per_doc: list[list[Entity]]) -> None:
    """Add, in place, mentions of names the article's NER found elsewhere but missed
    here ("Airbus prévoit …" after "le groupe Airbus"): the article names its actors
    consistently, the statistical tagger does not always see them."""
    known: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for ents in ents_per_doc:
        for e in ents:
            words = tuple(e.text.split())
            if (
                words
                and e.label in ("ORG", "PER", "PERSON", "MISC", "LOC", "GPE")
                and words[0][:1].isupper()
                and len(e.text) > 2
            ):
                known.setdefault(words[0], [])
                if all(w != words for w, _ in known[words[0]]):
                    known[words[0]].append((words, e.label))
    for doc, ents in zip(docs, ents_per_doc):
        taken = {i for e in ents for i in range(e.start, e.end)}
        added = []
        for t in doc:
            if t.i in taken or t.text not in known:
                continue
            for words, label in sorted(known[t.text], key=lambda x: -len(x[0])):
                end = t.i + len(words)
                if (
                    end <= len(doc)
                    and tuple(x.text for x in doc[t.i : end]) == words
                    and not any(i in taken for i in range(t.i, end))
                ):
                    added.append(
                        Entity(doc[t.i : end].text, label, t.i, end, t.idx, doc[end - 1].idx + len(doc[end - 1]))
                    )
                    taken.update(range(t.i, end))
                    break
        if added:
            ents.extend(added)
            ents.sort(key=lambda e: e.start)


def _capitalised_runs(doc) -> list[Entity]:
    out: list[Entity] = []
    run: list = []

    def flush():
        while run and run[-1].lower_ in NAME_CONNECTORS:
            run.pop()
        if run:
            a, b = run[0], run[-1]
            out.append(Entity(doc[a.i : b.i + 1].text, "MISC", a.i, b.i + 1, a.idx, b.idx + len(b)))
        run.clear()

    for t in doc:
        first = t.i == 0 or doc[t.i - 1].text in (".", "!", "?", '"', "“", "«", ":")
        if first and t.i + 1 < len(doc) and doc[t.i + 1].text[:1].isupper() and doc[t.i + 1].is_alpha:
            first = False  # "Acme Corp announced": a name opening the sentence
        if (
            t.text[:1].isupper()
            and t.is_alpha
            and not first
            and t.lower_ not in CALENDAR_WORDS
            or run
            and t.lower_ in NAME_CONNECTORS
        ):
            run.append(t)
        else:
            flush()
    flush()
    return out
