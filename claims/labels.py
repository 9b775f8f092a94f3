"""Entity labels corrected from the article's own wording.

The statistical NER often calls a young company MISC ("OpenAI", "DeepMind") and the
English pipeline has no NER at all, yet the desk's matcher treats ORG and PER/PERSON
entities as a claim's actors. The article usually says what a name is: "le géant
californien OpenAI", "DeepMind, la filiale d'IA de Google", "OpenAI a annoncé …",
"Jane Doe, its chief executive, said". Evidence is gathered over the whole article and
applied to every mention of the same name, so one clear sentence fixes them all.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from .entities import Entity
from .lexicon import (
    ACTION_FORMS_EN,
    ACTION_VERBS_FR,
    LOCATIVE_ANY,
    LOCATIVE_EN,
    NAME_DETERMINERS,
    ORG_NOUNS,
    PERSON_FORMS_EN,
    PERSON_NOUNS,
)

_CHANGEABLE = {"MISC"}
_PLACES = {"LOC", "GPE"}


def _noun_before(doc, e: Entity) -> str | None:
    """A head noun right before the name, adjectives skipped: "le géant californien X"."""
    j = e.start - 1
    while j >= 0 and j >= e.start - 3 and doc[j].pos_ == "ADJ" and doc[j].text.islower():
        j -= 1
    if j >= 0 and doc[j].text.islower():
        return doc[j].lower_
    return None


def _noun_in_apposition(doc, e: Entity) -> str | None:
    """The head noun of ", le directeur général de …" / ", its chief executive" after a name."""
    j = e.end
    if j + 1 >= len(doc) or doc[j].text != ",":
        return None
    j += 1
    if doc[j].lower_ not in NAME_DETERMINERS:
        return doc[j].lower_ if doc[j].text.islower() else None
    j += 1
    while (
        j < len(doc)
        and (doc[j].pos_ == "ADJ" or doc[j].lower_ in ("nouveau", "new"))
        and doc[j].lower_ not in ORG_NOUNS | PERSON_NOUNS
    ):
        j += 1
    return doc[j].lower_ if j < len(doc) else None


def _action_subject(doc, e: Entity, lang: str) -> str | None:
    """'ORG' when the name opens the clause and an organisation's action verb follows."""
    if (
        e.start > 0
        and doc[e.start - 1].lower_ not in (",", "que", "qu'", "qu’", "that")
        and not (e.start == 1 and doc[0].is_punct)
    ):
        return None
    if lang == "en":
        nxt = doc[e.end].lower_ if e.end < len(doc) else ""
        if nxt in ACTION_FORMS_EN:
            return "ORG"
        if nxt in PERSON_FORMS_EN and len(e.text.split()) >= 2:
            return "PERSON"
        return None
    for t in doc[e.end : min(len(doc), e.end + 4)]:
        if t.pos_ in ("VERB", "AUX") and t.lemma_ in ACTION_VERBS_FR:
            return "ORG"
        if t.pos_ == "VERB" or t.is_punct:
            break
    return None


def _key(name: str) -> str:
    """ "L’Informé" and "l'Informé" are one name."""
    return re.sub(r"^[lL]['’]", "", name)


def _coordinated_label(doc, e: Entity, ents: Sequence[Entity]) -> str | None:
    """ "Google et Netflix": a name listed with organisations is one too."""
    for o in ents:
        if o is e or o.label not in ("ORG", "PER", "PERSON", "LOC", "GPE"):
            continue
        a, b = (o, e) if o.end <= e.start else (e, o)
        if a.end <= b.start and re.fullmatch(r"\s*(,|,?\s*(et|ou|and|or))\s*", doc[a.end : b.start].text):
            return o.label
    return None


def _evidence(doc, e: Entity, lang: str, ents: Sequence[Entity] = ()) -> str | None:
    person = "PERSON" if lang == "en" else "PER"
    coordinated = _coordinated_label(doc, e, ents)
    if coordinated:
        return coordinated
    for noun in (_noun_before(doc, e), _noun_in_apposition(doc, e)):
        if noun in ORG_NOUNS:
            return "ORG"
        if noun in PERSON_NOUNS:
            return person
    if (
        e.start >= 2
        and doc[e.start - 1].text == ","
        and doc[0].lower_ in NAME_DETERMINERS
        and doc[1].lower_ in ORG_NOUNS
    ):
        return "ORG"  # "L'entreprise spécialisée dans l'IA, OpenAI, …"
    found = _action_subject(doc, e, lang)
    if found:
        return found
    if lang == "en" and e.start > 0 and doc[e.start - 1].lower_ in LOCATIVE_EN:
        return "GPE"
    return None


def correct_labels(docs, ents_per_doc: list[list[Entity]], langs: list[str]) -> None:
    """Relabel, in place, MISC entities (and the English pipeline's guesses) whose
    role the article states; spaCy's PER, ORG and LOC are trusted as they are."""
    votes: dict[str, Counter] = defaultdict(Counter)
    located: set[str] = set()
    for doc, ents, lang in zip(docs, ents_per_doc, langs):
        for e in ents:
            if e.label in _CHANGEABLE or e.label in _PLACES:
                label = _evidence(doc, e, lang, ents)
                if label:
                    votes[_key(e.text)][label] += 1
            if e.start > 0 and doc[e.start - 1].lower_ in LOCATIVE_ANY:
                located.add(_key(e.text))
    decided = {}
    for name, c in votes.items():
        (best, _n), *rest = c.most_common()
        if best != "GPE" or not rest:
            decided[name] = best
    for ents in ents_per_doc:
        for e in ents:
            new = decided.get(_key(e.text))
            if new is None:
                continue
            if e.label in _CHANGEABLE:
                e.label = new
            elif e.label in _PLACES and new == "ORG" and _key(e.text) not in located:
                e.label = new  # "Orange a finalisé le rachat …", never "à Orange"
    # a second look at lists, now that their other members may have been relabelled
    for doc, ents in zip(docs, ents_per_doc):
        for e in ents:
            if e.label in _CHANGEABLE:
                e.label = _coordinated_label(doc, e, ents) or e.label
