"""French agreement read from spaCy's parse, for the words the extractor writes itself.

When a claim is rewritten ("Il" → "Arthur Mensch", "Sa filiale" → "La filiale de
LVMH", ", affirmant que" → "a affirmé que"), the words put in must agree with the
article: the gender of a subject decides which pronoun may stand for it, the noun owned
decides the article, and the verb of the sentence decides the tense. All of it comes
from the parse's morphology (no list of names or of verbs).
"""

from __future__ import annotations

VOWELS = "aeiouyéèêàâîôûh"


def elides(word: str) -> bool:
    """Whether French elides before ``word`` ("l’entreprise", "d’OpenAI")."""
    return word[:1].lower() in VOWELS


def of(name: str) -> str:
    """ "de LVMH", "d’OpenAI": the preposition of a possessor glued to its name."""
    return ("d’" if elides(name) else "de ") + name


def _gender(tok) -> str | None:
    g = tok.morph.get("Gender")
    return g[0] if len(g) == 1 else None


def subject_gender(doc, start: int, end: int, *, person: bool) -> tuple[str | None, str | None]:
    """(gender, evidence) of the entity at tokens ``start``..``end`` in subject position.

    Evidence, strongest first: "agreement" (a passive or "être" participle, or a
    predicate adjective, agreeing with it: "Mistral AI a été fondée"); "noun" (the noun
    it names: "le groupe LVMH"); "name" (for a person, the morphology spaCy gives the
    first name). (None, None) when the parse says nothing.
    """
    span = doc[start:end]
    root = next((t for t in span if not start <= t.head.i < end or t.head.i == t.i), span[0])
    if root.dep_ == "nmod" and root.head.i < start and root.head.pos_ == "NOUN":
        g = _gender(root.head)
        if g:
            return g, "noun"
    if start > 0 and doc[start - 1].pos_ == "NOUN" and doc[start - 1].text.islower():
        g = _gender(doc[start - 1])
        if g:
            return g, "noun"
    if root.dep_.startswith("nsubj"):
        head = root.head
        passive = any(
            c.dep_ in ("aux:pass", "cop") or (c.dep_.startswith("aux") and c.lemma_ == "être") for c in head.children
        )
        if passive and head.pos_ in ("VERB", "ADJ") and _gender(head):
            return _gender(head), "agreement"
    if person:
        g = _gender(span[0])
        if g:
            return g, "name"
    return None, None


def article_before(doc, start: int) -> str | None:
    """ "la" when the name at ``start`` is written with a definite article that is not
    part of it ("La Commission européenne a proposé …"), so that a pronoun standing
    for it reads "la Commission européenne" again; None otherwise (an elided "l’" is
    kept with the name already)."""
    if start == 0:
        return None
    det = doc[start - 1]
    if (
        det.pos_ == "DET"
        and "Def" in det.morph.get("Definite")
        and "Art" in det.morph.get("PronType")
        and det.whitespace_
        and det.is_alpha
    ):
        return det.lower_
    return None


def definite_article(first_word: str, noun) -> str:
    """The definite article for a noun phrase opening on ``first_word`` whose head is
    ``noun``: "les" (plural), "l’" (elided), "la" (feminine) or "le"."""
    if "Plur" in noun.morph.get("Number"):
        return "les "
    if elides(first_word):
        return "l’"
    return "la " if "Fem" in noun.morph.get("Gender") else "le "


def tense_of(verb) -> str:
    """ "compound" (passé composé: "a annoncé"), or spaCy's Tense of ``verb``
    ("Pres", "Imp", "Fut", "Past" for the passé simple)."""
    if any(c.dep_ == "aux:tense" for c in verb.children):
        return "compound"
    t = verb.morph.get("Tense")
    return t[0] if t else "compound"


def conjugate_er(lemma: str, participle: str, tense: str, *, plural: bool) -> str:
    """A regular "-er" verb in the third person of ``tense`` ("affirmer", "Imp" →
    "affirmait"). ``participle`` is the present participle the article used
    ("annonçant"), whose stem keeps the spelling changes ("annonç-")."""
    stem, spelt = lemma[:-2], participle[:-3]
    if tense == "Pres":
        return stem + ("ent" if plural else "e")
    if tense == "Imp":
        return spelt + ("aient" if plural else "ait")
    if tense == "Fut":
        return lemma + ("ont" if plural else "a")
    if tense == "Past":
        return stem + "èrent" if plural else spelt + "a"
    return ("ont " if plural else "a ") + stem + "é"
