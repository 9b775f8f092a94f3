"""Turning one parsed sentence into atomic, self-contained statements.

Each construction below is a small rule over the parse and the named entities, chosen
because the statistical parse alone is not reliable enough on news French (company
names are often tagged as verbs, coordinations attached to the wrong head):

- subject carry-over: "elle", "il", "la société (californienne)", "ces deux sociétés"
  are replaced by the entity they stand for;
- appositions "Sam Altman, le directeur général d'OpenAI, a déclaré" give an identity
  claim ("Sam Altman est le directeur général d'OpenAI") and leave "Sam Altman a
  déclaré …" as the main claim;
- relative clauses ", qui a ouvert …" become a claim about their antecedent;
- a participial speech verb ", affirmant que « … »" becomes an attribution claim;
- places coordinated after a locative preposition ("à Londres et Dublin en 2023")
  give one claim per place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from text_to_num import text2num

from . import grammar
from .dated import dated_tails, verb_tail
from .discourse import ORG_LABELS, PERSON_LABELS, Discourse
from .entities import Entity
from .lexicon import (
    ARG_PREPOSITIONS,
    COPULA,
    DEFINITE,
    DEMONSTRATIVE,
    DEMONSTRATIVES,
    DETERMINERS,
    LEADING_ADJ,
    LOCATIVE,
    ORG_HEAD_NOUNS,
    ORG_PLURALS,
    PART_NOUNS,
    PREPOSITIONS,
    SITE_NOUNS,
    SPEECH_VERBS,
)

CLAUSE_END = {",", ".", ";", ":", "!", "?", ")", "—", "–"}


@dataclass
class Draft:
    """A claim before scoring: its text, the tokens it keeps, names it brought in."""

    text: str
    tokens: list[int]
    kind: str
    added: list[tuple[str, str]] = field(default_factory=list)
    speaker: str | None = None
    # tokens of the claim's own words when it borrows others (a later dated fact of
    # the sentence borrows the subject and verb of the first); None: all its tokens
    anchor: list[int] | None = None
    # (token start, token end, name): article words this claim replaced by a name
    resolved: list[tuple[int, int, str]] = field(default_factory=list)


def _is_finite(t) -> bool:
    return "Fin" in t.morph.get("VerbForm") and t.pos_ in ("VERB", "AUX")


def _tidy(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r" ([,.)])", r"\1", s)
    s = re.sub(r",\s*([,.])", r"\1", s)
    s = re.sub(r"^[,;:\s]+", "", s)
    s = re.sub(r"[,;:\s]+$", "", s)
    return s[:1].upper() + s[1:] if s else s


class Edit:
    """Token-level rewrite of a sentence: tokens dropped, spans replaced by a name."""

    def __init__(self, doc):
        self.doc = doc
        self.drop: set[int] = set()
        self.subst: dict[int, tuple[int, str]] = {}

    def copy(self) -> Edit:
        e = Edit(self.doc)
        e.drop, e.subst = set(self.drop), dict(self.subst)
        return e

    def render(self, lo: int, hi: int, *, prefix: str = "") -> tuple[str, list[int]]:
        doc, parts = self.doc, [prefix + " " if prefix else ""]
        kept: list[int] = []
        i = lo
        while i < hi:
            if i in self.subst:
                end, txt = self.subst[i]
                parts.append(txt + doc[min(end, len(doc)) - 1].whitespace_)
                kept.extend(range(i, min(end, hi)))
                i = end
            elif i in self.drop or doc[i].is_space:
                parts.append(" ")
                i += 1
            else:
                parts.append(doc[i].text + doc[i].whitespace_)
                kept.append(i)
                i += 1
        text = _tidy("".join(parts))
        if text and text[-1] not in '.!?»"”':
            text += "."
        return text, kept


def _preceded_by_preposition(doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].lower_ in DEFINITE | {"les"}:
        j -= 1
    return j >= 0 and doc[j].lower_ in PREPOSITIONS


def _display_name(doc, e: Entity) -> str:
    """The entity as written, with an elided article glued to it ("L’Informé")."""
    if e.start > 0:
        prev = doc[e.start - 1]
        if prev.lower_ in ("l'", "l’") and not prev.whitespace_:
            t = prev.text + e.text
            return t[:1].upper() + t[1:]
    return e.text


def entity_groups(doc, ents: list[Entity]) -> list[list[Entity]]:
    """Runs of entities joined by commas and "et"/"ou"/"and"/"or"."""
    groups: list[list[Entity]] = []
    cur: list[Entity] = []
    for e in sorted(ents, key=lambda e: e.start):
        gap = doc[cur[-1].end : e.start].text if cur and e.start > cur[-1].end else ""
        if gap and re.fullmatch(r"\s*(,|,?\s*(et|ou|and|or))\s*", gap):
            cur.append(e)
            continue
        if len(cur) > 1:
            groups.append(cur)
        cur = [e]
    if len(cur) > 1:
        groups.append(cur)
    return groups


def _first_finite(doc, lo: int, ents: list[Entity]) -> int:
    inside = {i for e in ents for i in range(e.start, e.end)}
    for t in doc[lo:]:
        if t.i not in inside and _is_finite(t):
            return t.i
    return len(doc)


def _number_word(tok, lang: str) -> int | None:
    if tok.like_num:
        try:
            return int(tok.text)
        except ValueError:
            try:
                return text2num(tok.lower_, lang)
            except ValueError:
                return None
    return None


def _org_description(doc, i: int, *, contracted: bool = False) -> int | None:
    """End (exclusive) of "la société (californienne)" starting at determiner ``i``
    (or at "du"/"au" when ``contracted``)."""
    dets = DEFINITE | {"du", "au"} if contracted else DEFINITE
    if doc[i].lower_ not in dets or i + 1 >= len(doc):
        return None
    j = i + 1
    head = doc[j].lower_
    if j + 2 < len(doc) and doc[j + 1].text == "-":
        head = doc[j].lower_ + "-" + doc[j + 2].lower_
        if head in ORG_HEAD_NOUNS:
            j += 2
    if head not in ORG_HEAD_NOUNS:
        return None
    j += 1
    while j < len(doc) and doc[j].pos_ == "ADJ" and doc[j].text.islower():
        j += 1
    if j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
        return None  # "le géant californien OpenAI": a pre-modifier, not a stand-in
    return j


class SentenceClaims:
    """Builds the drafts of one sentence; see the module docstring for the rules."""

    def __init__(
        self,
        doc,
        ents: list[Entity],
        discourse: Discourse,
        index: int,
        lang: str,
        dates: Sequence[tuple[int, int]] = (),
        amounts: Sequence[tuple[int, int]] = (),
    ):
        self.doc, self.ents, self.d, self.idx, self.lang = doc, ents, discourse, index, lang
        self.dates, self.amounts = list(dates), list(amounts)
        self.edit = Edit(doc)
        self.drafts: list[Draft] = []
        self.subject: tuple[str, str] | None = None
        self.subject_gender: tuple[str | None, str | None] = (None, None)
        self.subject_article: str | None = None
        self.added: list[tuple[str, str]] = []
        # token start -> (token end, name): article words replaced by what they stand for
        self.resolutions: dict[int, tuple[int, str]] = {}

    # -- main steps ---------------------------------------------------------
    def build(self) -> list[Draft]:
        doc = self.doc
        if not len(doc):
            return []
        lo = self._strip_rhetorical_prefix()
        self._resolve_subject(lo)
        self._demonstratives(lo)
        self._reverse_apposition(lo)
        self._appositions()
        self._participial_apposition(lo)
        self._relative_clauses()
        self._descriptions_after_de()
        self._participial_speech()
        hi = len(doc)
        tails = dated_tails(doc, lo, hi, self.ents, self.dates, self.amounts, self.edit)
        verb = None if tails else verb_tail(doc, lo, hi, self.dates, self.edit)
        head_hi = tails[0] if tails else (verb.cut if verb else hi)
        variants = self._split_coordination(self.edit, lo, head_hi, prefix="")
        main = [Draft(text, kept, "main", added=list(self.added)) for text, kept in variants]
        for _, pairs, own in tails[1] if tails else []:
            main.append(self._later_fact(lo, head_hi, pairs, own))
        if verb:
            # "…, puis rachetée par Google en 2020": the subject (and the auxiliaries a
            # bare participle shares) borrowed, the rest of the first fact left out
            v = self.edit.copy()
            v.drop.update(i for i in range(verb.subject_end, verb.start) if i not in verb.borrowed)
            text, kept = v.render(lo, verb.end)
            main.append(Draft(text, kept, "main", added=list(self.added), anchor=list(range(verb.start, verb.end))))
        self.drafts[:0] = main
        self.drafts = [dr for dr in self.drafts if dr.text and dr.tokens]
        for dr in self.drafts:
            used = set(dr.tokens)
            dr.resolved = [
                (i, end, name)
                for i, (end, name) in sorted(self.resolutions.items())
                if i in used and name.lower() in dr.text.lower()
            ]
        self._remember()
        return self.drafts

    def _later_fact(
        self, lo: int, hi: int, pairs: list[tuple[tuple[int, int], tuple[int, int]]], own: list[int]
    ) -> Draft:
        """ "OpenAI a ouvert un bureau à Londres en juin 2022, puis à Dublin en septembre
        2023": the first fact with each of its slots ("à Londres", "en juin 2022")
        replaced by the later one's ("à Dublin", "en septembre 2023")."""
        v = self.edit.copy()
        replaced: set[int] = set()
        for (hs, he), (cs, ce) in pairs:
            v.subst[hs] = (he, self.doc[cs:ce].text)
            replaced.update(range(hs, he))
        text, kept = v.render(lo, hi)
        kept = sorted({i for i in kept if i not in replaced} | set(own))
        return Draft(text, kept, "main", added=list(self.added), anchor=list(own))

    def _strip_rhetorical_prefix(self) -> int:
        """ "Notons que …", "Rappelons que …": the fact is what follows."""
        doc = self.doc
        if (
            len(doc) > 2
            and doc[0].text[:1].isupper()
            and doc[0].lower_.endswith("ons")
            and doc[1].lower_ in ("que", "qu'", "qu’")
        ):
            self.edit.drop.update((0, 1))
            return 2
        if len(doc) > 2 and doc[0].lower_ == "note" and doc[1].lower_ == "that":
            self.edit.drop.update((0, 1))
            return 2
        return 0

    def _subject_entity(self, lo: int, hi: int) -> Entity | None:
        for e in self.ents:
            if (
                lo <= e.start < hi
                and e.label in ORG_LABELS + PERSON_LABELS
                and not _preceded_by_preposition(self.doc, e.start)
            ):
                return e
        return None

    def _resolve_subject(self, lo: int) -> None:
        doc = self.doc
        verb = _first_finite(doc, lo, self.ents)
        if self._possessive_subject(lo, verb):
            return
        ent = self._subject_entity(lo, verb)
        if ent is not None:
            self.subject = (_display_name(doc, ent), ent.label)
            if self.lang == "fr":
                self.subject_gender = grammar.subject_gender(doc, ent.start, ent.end, person=ent.label in PERSON_LABELS)
                self.subject_article = grammar.article_before(doc, ent.start)
            return
        for i in range(lo, min(verb + 1, len(doc))):
            t = doc[i]
            if _preceded_by_preposition(doc, i) or t.i in self.edit.drop:
                continue
            low = t.lower_
            subject_like = t.dep_.startswith("nsubj") or (
                i == lo and not t.dep_.startswith("expl") and not (i + 1 < len(doc) and doc[i + 1].dep_ == "fixed")
            )
            if self.lang == "fr" and low in ("elle", "il") and subject_like:
                gender = "Fem" if low == "elle" else "Masc"
                r = self.d.pronoun(self.idx, gender)
                if r:
                    self._replace(i, i + 1, r.text, r.label)
                    self.edit.subst[i] = self.resolutions[i] = (i + 1, r.written)
                    self.subject_gender = (gender, "agreement")
                    self.subject_article = r.article
                return
            if self.lang == "fr" and low in ("ils", "elles") and subject_like:
                names = self.d.plural(self.idx, "Fem" if low == "elles" else "Masc")
                if names:
                    joined = self._join(names)
                    self.edit.subst[i] = (i + 1, joined)
                    self.resolutions[i] = (i + 1, joined)
                    self.subject = (joined, "GROUP")
                    self.added.extend((n, "ORG") for n in names)
                return
            if low == "it" and subject_like:
                r = self.d.organisation(self.idx)
                if r:
                    self._replace(i, i + 1, r.text, r.label)
                return
            if low in ("he", "she") and subject_like:
                r = self.d.person(self.idx)
                if r:
                    self._replace(i, i + 1, r.text, r.label)
                return
            end = _org_description(doc, i)
            if end is not None:
                r = self.d.organisation(self.idx)
                if r:
                    self._replace(i, end, r.text, r.label)
                return
            if low in DEMONSTRATIVE and i + 1 < len(doc):
                j, size = i + 1, None
                n = _number_word(doc[j], self.lang)
                if n is not None:
                    size, j = n, j + 1
                if j < len(doc) and doc[j].lower_ in ORG_PLURALS:
                    names = self.d.group(self.idx, size=size)
                    if names:
                        joined = self._join(names)
                        self.edit.subst[i] = (j + 1, joined)
                        self.resolutions[i] = (j + 1, joined)
                        self.subject = (joined, "GROUP")
                        self.added.extend((n, "ORG") for n in names)
                    return

    def _demonstratives(self, lo: int) -> None:
        """ "Cette nouvelle filiale" → "La nouvelle filiale d’OpenAI à Paris": a
        demonstrative before a noun of what a company does or owns stands for the
        company's one, at the place the article last said it set up (when it named
        exactly one)."""
        doc = self.doc
        for t in doc[lo:]:
            i = t.i
            art = DEMONSTRATIVES.get(t.lower_)
            if (
                art is None
                or i in self.edit.drop
                or i in self.edit.subst
                or (self.lang == "fr" and "Dem" not in t.morph.get("PronType"))
            ):
                continue
            j = i + 1
            while j < len(doc) and j < i + 3 and doc[j].lower_ in LEADING_ADJ:
                j += 1
            if j >= len(doc) or doc[j].lower_ not in PART_NOUNS:
                continue
            k = j + 1
            while k < len(doc) and doc[k].pos_ == "ADJ" and doc[k].text.islower():
                k += 1
            if k < len(doc) and doc[k].lower_ in ("de", "d'", "d’", "du", "des", "of", "à", "in"):
                continue
            org: tuple[str, str] | None
            if self.subject and self.subject[1] in ORG_LABELS:
                org = self.subject
            else:
                r = self.d.organisation(self.idx)
                org = (r.text, r.label) if r else None
            if org is None:
                continue
            words = doc[i + 1 : k].text
            place = self.d.site(self.idx) if doc[j].lower_ in SITE_NOUNS else None
            if self.lang == "fr":
                if art in ("le", "la") and words[:1].lower() in "aeiouyéèêàâîôûh":
                    art = "l’"
                sep = "" if art == "l’" else " "
                prep = "d’" if org[0][:1].lower() in "aeiouyéèêàâîôûh" else "de "
                text = f"{art}{sep}{words} {prep}{org[0]}" + (f" à {place}" if place else "")
            else:
                owner = org[0] + ("’" if org[0].endswith("s") else "’s")
                text = f"{owner} {words}" + (f" in {place}" if place else "")
            self.edit.subst[i] = (k, text)
            self.resolutions[i] = (k, text)
            self.added.append(org)

    def _join(self, names: list[str]) -> str:
        word = " et " if self.lang == "fr" else " and "
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + word + names[-1]

    def _possessive_subject(self, lo: int, verb: int) -> bool:
        """ "Sa filiale a ouvert …" → "La filiale de LVMH a ouvert …" and "Sa filiale
        Sephora a ouvert …" → "Sephora a ouvert …" with "Sephora est la filiale de
        LVMH", when the previous sentences' subject is the owner (French possessives
        agree with what is owned, so only nearness decides)."""
        doc = self.doc
        if self.lang != "fr" or lo >= verb or lo in self.edit.drop:
            return False
        det, noun = doc[lo], doc[lo].head
        if (
            det.pos_ != "DET"
            or "Yes" not in det.morph.get("Poss")
            or noun.pos_ != "NOUN"
            or not lo < noun.i < verb
            or not noun.dep_.startswith("nsubj")
        ):
            return False
        from .worthiness import (
            UNRESOLVED_SUBJECT,  # the words that leave a claim unresolved
        )

        if not UNRESOLVED_SUBJECT.match(doc[lo : noun.i + 1].text) or det.lower_.startswith("leur"):
            return False
        owner = self.d.possessor(self.idx)
        if owner is None:
            return False
        k = noun.i + 1
        while k < verb and doc[k].pos_ == "ADJ" and doc[k].text.islower():
            k += 1
        words = doc[lo + 1 : k].text
        described = grammar.definite_article(words, noun) + words + " " + grammar.of(owner.text)
        self.added.append((owner.text, owner.label))
        named = next(
            (e for e in self.ents if e.start == k and e.end <= verb and e.label in ORG_LABELS + PERSON_LABELS), None
        )
        if named is None:
            self.edit.subst[lo] = (k, described)
            self.resolutions[lo] = (k, described)
            return True
        name = _display_name(doc, named)
        self.drafts.append(
            Draft(
                f"{name} {COPULA[self.lang]} {described}.",
                list(range(lo, named.end)),
                "appositive",
                added=[(owner.text, owner.label)],
            )
        )
        self.resolutions[lo] = (k, described)
        self.edit.drop.update(range(lo, k))
        self.subject = (name, named.label)
        self.subject_gender = grammar.subject_gender(doc, named.start, named.end, person=named.label in PERSON_LABELS)
        return True

    def _replace(self, i: int, end: int, name: str, label: str) -> None:
        self.edit.subst[i] = (end, name)
        self.resolutions[i] = (end, name)
        self.subject = (name, label)
        self.added.append((name, label))

    def _reverse_apposition(self, lo: int) -> None:
        """ "L’entreprise spécialisée dans l’IA, OpenAI, continue …"."""
        doc = self.doc
        if lo >= len(doc) or doc[lo].lower_ not in DETERMINERS:
            return
        for e in self.ents:
            if (
                e.start > lo + 1
                and e.start - 1 >= 0
                and doc[e.start - 1].text == ","
                and e.end < len(doc)
                and doc[e.end].text == ","
                and e.label in ORG_LABELS + PERSON_LABELS
            ):
                between = doc[lo : e.start - 1]
                if any(_is_finite(t) or t.text in CLAUSE_END for t in between):
                    return
                if lo in self.edit.subst:
                    del self.edit.subst[lo]
                desc, kept = self.edit.render(lo, e.start - 1)
                name = _display_name(doc, e)
                text = f"{name} {COPULA[self.lang]} {desc[:1].lower()}{desc[1:]}"
                self.drafts.append(
                    Draft(text, kept + list(range(e.start, e.end)), "appositive", added=[(name, e.label)])
                )
                self.edit.subst[lo] = (e.end + 1, name)
                self.subject = (name, e.label)
                return

    def _appositions(self) -> None:
        for e in self.ents:
            self._apposition_after(e, depth=0)

    def _apposition_after(self, e: Entity, depth: int) -> None:
        doc = self.doc
        j = e.end
        if depth > 2 or j + 2 >= len(doc) or doc[j].text != ",":
            return
        k = j + 1
        if k in self.edit.drop:
            return
        opener = doc[k]
        if not (opener.lower_ in DETERMINERS or (opener.pos_ == "NOUN" and opener.text.islower())):
            return
        m = k
        while m < len(doc) and doc[m].text not in CLAUSE_END:
            t = doc[m]
            if _is_finite(t) or t.lower_ in ("qui", "que", "qu'", "qu’", "who", "which", "that"):
                return
            m += 1
        span = doc[k:m]
        if len(span) < 2 or not any(t.pos_ in ("NOUN", "PROPN") for t in span):
            return
        name = _display_name(doc, e)
        desc, kept = self.edit.render(k, m)
        text = f"{name} {COPULA[self.lang]} {desc[:1].lower()}{desc[1:]}"
        self.drafts.append(
            Draft(
                text,
                list(range(e.start, e.end)) + kept,
                "appositive",
                added=[(name, e.label)] if e.start not in kept else [],
            )
        )
        closing = m < len(doc) and doc[m].text == ","
        self.edit.drop.update(range(j, m + 1 if closing else m))
        if closing:
            inner = [x for x in self.ents if k <= x.start and x.end <= m]
            if inner:
                self._apposition_after(inner[-1], depth + 1)

    def _participial_apposition(self, lo: int) -> None:
        """ "Cette filiale, située dans le 8ème arrondissement, s’inscrit …" →
        "Cette filiale est située dans le 8ème arrondissement"."""
        doc = self.doc
        verb = _first_finite(doc, lo, self.ents)
        for t in doc[lo:verb]:
            if t.i == 0 or doc[t.i - 1].text != "," or t.i - 1 in self.edit.drop:
                continue
            if not ("Part" in t.morph.get("VerbForm") and "Past" in t.morph.get("Tense")):
                continue
            m = t.i
            while m < verb and doc[m].text not in CLAUSE_END:
                m += 1
            if m >= verb or doc[m].text != ",":
                continue
            subj, kept_subj = self.edit.render(lo, t.i - 1)
            body, kept = self.edit.render(t.i, m)
            if not kept_subj or len(kept) < 2:
                continue
            cop = COPULA[self.lang]
            plural = "Plur" in t.morph.get("Number")
            if plural:
                cop = {"fr": "sont", "en": "are"}[self.lang]
            if self._dated(t.i, m):
                # "fondée en 2023" tells an event: "a été fondée", not "est fondée"
                cop = {"fr": "ont été" if plural else "a été", "en": "were" if plural else "was"}[self.lang]
            text = f"{subj.rstrip('.')} {cop} {body[:1].lower()}{body[1:]}"
            self.drafts.append(Draft(text, kept_subj + kept, "appositive", added=list(self.added)))
            self.edit.drop.update(range(t.i - 1, m + 1))
            return

    def _descriptions_after_de(self) -> None:
        """ "la stratégie de la société" → "la stratégie d’OpenAI", "permettra à
        l’entreprise" → "permettra à OpenAI", when the company is the organisation
        being talked about."""
        doc = self.doc
        for t in doc:
            i = t.i
            low = t.lower_
            if i in self.edit.drop or i in self.edit.subst or i + 1 >= len(doc):
                continue
            if low in ("du", "au"):
                prep, start = ("de" if low == "du" else "à"), i
                end = _org_description(doc, i, contracted=True)
            elif low in ARG_PREPOSITIONS:
                if (i + 1) in self.edit.subst or (i + 1) in self.edit.drop:
                    continue
                prep, start = low, i + 1
                end = _org_description(doc, i + 1)
            else:
                continue
            if end is None or any(j in self.edit.drop or j in self.edit.subst for j in range(start, end)):
                continue
            if (
                end < len(doc)
                and doc[end].lower_ in ("de", "d'", "d’", "du", "des", "of")
                and not (end + 1 < len(doc) and doc[end + 1].pos_ == "VERB")
            ):
                continue  # "du géant de l’IA américain": a longer description than we can delimit
            r = self.subject if self.subject and self.subject[1] in ORG_LABELS else None
            ref = (r[0], r[1]) if r else None
            if ref is None:
                o = self.d.organisation(self.idx)
                ref = (o.text, o.label) if o else None
            if ref is None:
                continue
            name = ref[0]
            if prep == "de":
                prep = "d’" if name[:1].lower() in "aeiouyéèêàâîôûh" else "de "
            else:
                prep += " "
            self.edit.subst[i] = (end, prep + name)
            self.resolutions[i] = (end, prep + name)
            self.added.append(ref)

    def _antecedent(self, comma: int) -> str | None:
        doc = self.doc
        p = comma - 1
        while p >= 0 and (
            doc[p].pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM")
            or doc[p].text == "-"
            or doc[p].lower_ in ("l'", "l’", "d'", "d’")
        ):
            if doc[p].pos_ == "DET" or doc[p].lower_ in ("l'", "l’"):
                break
            p -= 1
        if p < 0 or p >= comma:
            return None
        if doc[p].lower_ in ("d'", "d’"):
            p += 1
        for e in self.ents:
            if p <= e.start and e.end == comma:
                return _display_name(doc, e)
        if _org_description(doc, p) is not None:
            if self.subject and self.subject[1] in ORG_LABELS:
                return self.subject[0]
            r = self.d.organisation(self.idx)
            if r:
                return r.text
        txt = doc[p:comma].text
        return txt if txt else None

    def _relative_clauses(self) -> None:
        doc = self.doc
        for t in doc:
            if t.lower_ not in ("qui", "who", "which") or t.i == 0 or doc[t.i - 1].text != ",":
                continue
            if t.i in self.edit.drop:
                continue
            ante = self._antecedent(t.i - 1)
            if not ante:
                continue
            end = None
            if t.dep_.startswith("nsubj") and t.head.i > t.i:
                end = t.head.right_edge.i + 1
            if end is None or end <= t.i + 1:
                end = next((x.i for x in doc[t.i + 1 :] if x.text in CLAUSE_END), len(doc))
            while end > t.i + 1 and doc[end - 1].text in CLAUSE_END:
                end -= 1
            for text, kept in self._split_coordination(self.edit, t.i + 1, end, prefix=ante):
                self.drafts.append(Draft(text, kept, "relative", added=[(ante, "ORG")]))
            closing = end + 1 if end < len(doc) and doc[end].text == "," else end
            self.edit.drop.update(range(t.i - 1, closing))

    def _participial_speech(self) -> None:
        """ ", affirmant que « … »" → "<subject> a affirmé que « … »"."""
        if self.lang != "fr":
            return
        doc = self.doc
        for t in doc:
            if (
                t.lemma_ in SPEECH_VERBS
                and t.lower_.endswith("ant")
                and t.i > 0
                and doc[t.i - 1].text == ","
                and t.i + 1 < len(doc)
                and doc[t.i + 1].lower_ in ("que", "qu'", "qu’")
                and t.lemma_.endswith("er")
            ):
                speaker = self.subject[0] if self.subject else self._plain_subject()
                if not speaker:
                    return
                end = len(doc)
                while end > t.i + 1 and doc[end - 1].text in (".", ";"):
                    end -= 1
                # the tense and number of the sentence's main verb, whose subject speaks
                head = next((x for x in doc[: t.i] if x.dep_ == "ROOT" and x.pos_ in ("VERB", "AUX")), t)
                finite = [head, *(c for c in head.children if c.dep_ == "aux:tense")]
                verb = grammar.conjugate_er(
                    t.lemma_,
                    t.lower_,
                    grammar.tense_of(head),
                    plural=any("Plur" in x.morph.get("Number") and "Fin" in x.morph.get("VerbForm") for x in finite),
                )
                body, kept = self.edit.render(t.i + 1, end)
                text = f"{speaker[:1].upper()}{speaker[1:]} {verb} {body[:1].lower()}{body[1:]}"
                self.drafts.append(Draft(text, [t.i] + kept, "attribution", speaker=speaker, added=list(self.added)))
                self.edit.drop.update(range(t.i - 1, end))
                return

    def _dated(self, lo: int, hi: int) -> bool:
        """Whether tokens lo..hi hold one of the sentence's dates."""
        return any(s < hi and lo < e for s, e in self.dates)

    def _plain_subject(self) -> str | None:
        for t in self.doc:
            if t.dep_.startswith("nsubj") and t.head.dep_ == "ROOT":
                return self.doc[t.left_edge.i : t.i + 1].text
        return None

    def _split_coordination(self, edit: Edit, lo: int, hi: int, *, prefix: str) -> list[tuple[str, list[int]]]:
        doc = self.doc
        for g in entity_groups(doc, self.ents):
            if g[0].start < lo or g[-1].end > hi or any(e.start in edit.drop for e in g):
                continue
            if not all(e.label in ("LOC", "GPE") for e in g):
                continue
            if g[0].start == 0 or doc[g[0].start - 1].lower_ not in LOCATIVE:
                continue
            out = []
            for k, member in enumerate(g):
                v = edit.copy()
                v.drop.update(range(g[0].start, member.start))
                v.drop.update(range(member.end, g[-1].end))
                out.append(v.render(lo, hi, prefix=prefix))
            return out
        return [edit.render(lo, hi, prefix=prefix)]

    def _remember(self) -> None:
        if self.subject and self.subject[1] != "GROUP":
            gender, evidence = self.subject_gender
            self.d.add_subject(
                self.subject[0],
                self.subject[1],
                self.idx,
                gender=gender,
                evidence=evidence,
                article=self.subject_article,
            )
        doc = self.doc
        places: list[Entity] = []
        groups = entity_groups(doc, self.ents) + [[e] for e in self.ents]
        for t in doc:
            if t.lower_ not in SITE_NOUNS and t.lemma_ not in SITE_NOUNS:
                continue
            for g in groups:
                p = g[0].start - 1
                if t.i < p <= t.i + 4 and doc[p].lower_ in LOCATIVE and all(e.label in ("LOC", "GPE") for e in g):
                    places = g
                    break
        if places:
            self.d.add_sites([_display_name(doc, e) for e in places], self.idx)
        for g in entity_groups(self.doc, self.ents):
            if all(e.label in ORG_LABELS + PERSON_LABELS for e in g):
                names = [_display_name(self.doc, e) for e in g]
                self.d.add_group(names, self.idx)
                if self.subject and self.subject[0] == names[0] and g[0].start < _first_finite(doc, 0, self.ents):
                    self.d.add_subject_group(names, self.idx, organisations=all(e.label in ORG_LABELS for e in g))


def sentence_claims(
    doc,
    ents: list[Entity],
    discourse: Discourse,
    index: int,
    lang: str,
    *,
    dates: Sequence[tuple[int, int]] = (),
    amounts: Sequence[tuple[int, int]] = (),
) -> tuple[list[Draft], str | None]:
    """Drafts for one sentence, and the (resolved) subject name, used as quote speaker.

    ``dates`` and ``amounts`` are the token ranges of the sentence's dates and figures
    (found once for the whole article)."""
    sc = SentenceClaims(doc, ents, discourse, index, lang, dates, amounts)
    drafts = sc.build()
    return drafts, (sc.subject[0] if sc.subject else None)
