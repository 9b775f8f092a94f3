"""Claims and passages read as comparable facts (slots), and how two texts' slots align.

A contradiction is the same slot with another value; agreement on every checkable slot
of the claim is what support needs. The slots:
- figures (value, the noun they count, their currency) from `claims.amounts`, so "6,6
  milliards de dollars" and "6.6 billion US dollars" are one figure, "8 rue" (a street
  number) is not comparable with "9e arrondissement", and "médailles d'or" not with
  "médailles";
- dates from `claims.dates`, compared at the precision both give (day with day, month
  with month, year with year): "le 24 juillet" vs "le 26 juillet" differ, "octobre
  2024" and "9 octobre" do not;
- names (places, organisations, people) from the French parse or, in English (no
  trained English pipeline is installed), capitalised runs, typed by the preposition
  before them ("à Lyon", "in Paris" are places; "par la Commission" an agent);
- ordinals and superlatives ("premier", "first", "seul") with the noun they qualify;
- negation, with idioms that only look negative ("n'est pas en reste") left out.
One lexicon for the desk: numbers, currencies and months are read by `claims/`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from claims.amounts import find_amounts
from claims.dates import WEEKDAYS, find_dates
from claims.lexicon import AGENT_CUES, EN_MARKS, FIRST_WORDS, FR_MARKS, NOT_NAMES, PLACE_CUES

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+", re.UNICODE)
_STEM = 5


_FIRST = re.compile(r"\b(" + "|".join(sorted(map(re.escape, FIRST_WORDS), key=len, reverse=True)) + r")\b")
_NEGATION = re.compile(
    r"\b(?:ne|n)['’ ]\s*\w+(?:\s+\w+)?\s+(?:pas|plus|jamais|rien|aucun|aucune|guere|nullement)\b"
    r"|\b(?:aucun|aucune|nullement|jamais|faussement|a tort|dementi|dement)\b"
    r"|\b(?:not|no|never|none|nor|falsely|cannot|denied|denies)\b|n't\b"
)
# Negative in form only: "n'est pas en reste" (is not left behind), "ne ... pas que" (not
# only), "non seulement", "pas seulement", "ne manque pas de" (does not fail to).
_IDIOMS = re.compile(
    r"\bn['’ ]\s*(?:est|sont|etait|etaient|sera|seront|a|ont)\s+pas\s+en\s+reste\b"
    r"|\bne\s+\w+\s+pas\s+que\b|\bn['’]\s*\w+\s+pas\s+que\b"
    r"|\bnon\s+seulement\b|\bpas\s+seulement\b|\bnot\s+only\b|\bno\s+doubt\b|\bsans\s+doute\b"
    r"|\bou\s+non\b|\bor\s+not\b|\bwhether\s+or\s+not\b"
    r"|\bne\s+manqu\w*\s+pas\b|\bn['’]\s*\w+\s+pas\s+manqu\w*\b|\bno\s+longer\s+only\b"
)


def fold(text: str) -> str:
    """Lower case without accents, apostrophes unified."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def language(text: str) -> str:
    """'fr' or 'en' by the commoner function words (French when neither shows)."""
    words = re.findall(r"\w+", text.lower())
    fr = sum(w in FR_MARKS for w in words)
    en = sum(w in EN_MARKS for w in words)
    return "en" if en > fr else "fr"


@dataclass(frozen=True)
class Figure:
    """A number as counted: value with its scale, the noun it counts (folded stem, ''
    when bare), its currency, and whether it is a rank ('9e arrondissement')."""

    text: str
    value: float
    unit: str
    currency: str
    qualifier: str


@dataclass(frozen=True)
class When:
    """A date at the precision it was written: year, month, day (None where absent)."""

    text: str
    year: int | None
    month: int | None
    day: int | None


@dataclass(frozen=True)
class Name:
    """A proper name, folded, with its role: 'place', 'agent' or 'name'."""

    text: str
    key: str
    role: str


@dataclass
class Facts:
    """The comparable slots of one text."""

    text: str
    lang: str
    figures: list[Figure] = field(default_factory=list)
    dates: list[When] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    ranks: list[tuple[str, str]] = field(default_factory=list)  # (rank, noun stem)
    weekdays: set[int] = field(default_factory=set)
    negated: bool = False
    denials: int = 0
    words: set[str] = field(default_factory=set)  # folded 5-letter stems of all words


_UNIT_ALIASES = {
    # a few units that French and English write differently; the rest compare by stem
    "titre": "title",
    "medai": "medal",
    "habit": "inhab",
    "perso": "peopl",
    "perso_": "peopl",
    "morts": "dead",
    "victi": "victi",
    "bless": "injur",
    "salar": "emplo",
    "emplo": "emplo",
    "annee": "year",
    "an": "year",
    "ans": "year",
    "jours": "day",
    "jour": "day",
    "mois": "month",
    "heure": "hour",
    "minut": "minut",
    "kilom": "kilom",
    "km": "kilom",
    "metre": "metre",
    "meter": "metre",
    "pays": "count",
    "count": "count",
    "ville": "city",
    "citie": "city",
    "city": "city",
    "burea": "offic",
    "offic": "offic",
    "arron": "arron",
    "rue": "stree",
    "stree": "stree",
}


def _unit_key(unit: str | None, after: str) -> str:
    """The noun a figure counts, folded to a stem; 'médailles d'or' keeps its 'or'."""
    if not unit:
        return ""
    if unit in ("%",) or unit.isupper() and len(unit) == 3:
        return unit
    u = fold(unit)
    key = u[:_STEM]
    key = _UNIT_ALIASES.get(key, _UNIT_ALIASES.get(u, key))
    m = re.match(r"\s*(?:d'|de\s+|en\s+|of\s+)(or|argent|bronze|gold|silver)\b", fold(after))
    if m:
        key += "/" + {"or": "gold", "argent": "silver"}.get(m.group(1), m.group(1))
    return key


def _figures(text: str, lang: str, skip: list[tuple[int, int]]) -> list[Figure]:
    out = []
    for a in find_amounts(text, lang, skip=skip):
        unit, currency = a.unit, a.currency or ""
        if not unit and re.match(r"\s*(?:US|U\.S\.)\s*dollars?\b", text[a.end :]):
            unit = currency = "USD"  # "6.6 billion US dollars"
        out.append(
            Figure(a.text, float(a.value), _unit_key(unit, text[a.end : a.end + 20]), currency, a.qualifier or "")
        )
    # "16 gold medals": the colour comes before the noun in English
    fixed = []
    for f in out:
        m = re.match(r"(gold|silver|bronze)$", f.unit)
        after = re.match(r"\s*([^\W\d_]{3,})", text[text.find(f.text) + len(f.text) :]) if m else None
        if m and after:
            fixed.append(
                Figure(f.text, f.value, _unit_key(after.group(1), "") + "/" + m.group(1), f.currency, f.qualifier)
            )
        else:
            fixed.append(f)
    return fixed


def _dates(text: str, lang: str) -> tuple[list[When], list[tuple[int, int]]]:
    out, spans = [], []
    for d in find_dates(text, lang):
        if d.kind == "relative":
            continue
        spans.append((d.start, d.end))
        out.append(When(d.text, d.year, d.month, d.day))
    # "the 9th of October 2024"
    if lang == "en":
        for m in re.finditer(r"\b([12]?\d|3[01])(?:st|nd|rd|th)\s+of\s+([A-Z][a-z]+)(?:\s+(\d{4}))?", text):
            months = [w for w in find_dates(m.group(2) + (" " + m.group(3) if m.group(3) else ""), "en") if w.month]
            if months:
                spans.append((m.start(), m.end()))
                out.append(When(m.group(0), months[0].year, months[0].month, int(m.group(1))))
    return out, spans


@lru_cache(maxsize=4096)
def _french_entities(text: str) -> tuple[tuple[str, str, int], ...]:
    from claims.nlp import parse

    doc = parse("fr", [text])[0]  # shared with the article's parse; checker.review.steps parses in batches
    return tuple((e.text, e.label_, e.start_char) for e in doc.ents)


_CAP_RUN = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][\w'’.-]*(?:[ -](?:de |du |des |of |the )?[A-ZÀ-Ý][\w'’.-]*)*)")


def _role(text: str, start: int) -> str:
    before = re.findall(r"[\w']+", fold(text[max(0, start - 30) : start]))
    # "à la Commission", "in the United States": look past one article
    while before and before[-1] in ("le", "la", "les", "l'", "l", "the", "d'", "d"):
        before = before[:-1]
    last = before[-1] if before else ""
    if last in AGENT_CUES:
        return "agent"
    if last in PLACE_CUES:
        return "place"
    return "name"


def _names(text: str, lang: str) -> list[Name]:
    found: list[Name] = []
    seen: set[str] = set()
    spans: list[tuple[str, int, str]] = []
    if lang == "fr":
        for t, label, start in _french_entities(text):
            kind = "place" if label == "LOC" else "agent" if label in ("ORG", "PER") else ""
            spans.append((t, start, kind))
    for m in _CAP_RUN.finditer(text):
        spans.append((m.group(1), m.start(1), ""))
    for t, start, kind in spans:
        t = re.sub(r"^(?:L|D)['’]", "", t).strip(" .,'’")
        words = [w for w in re.findall(r"\w+", fold(t)) if w not in NOT_NAMES]
        if not words:
            continue
        # a capitalised word opening the sentence is a name only when NER says so
        if start == 0 and not kind and len(words) == 1 and not re.search(r"\w[A-Z]", t):
            continue
        key = " ".join(words)
        if key in seen or any(key in s.split() or set(key.split()) <= set(s.split()) for s in seen):
            continue
        role = _role(text, start)
        if role == "name" and kind:
            role = kind  # the French parse's type where no preposition tells the role
        seen.add(key)
        found.append(Name(t, key, role))
    return found


def _ranks(folded: str) -> list[tuple[str, str]]:
    out = []
    for m in _FIRST.finditer(folded):
        after = re.findall(r"[a-z]+", folded[m.end() : m.end() + 30])
        noun = next(
            (w for w in after if w not in ("de", "des", "du", "la", "le", "les", "d", "l", "the", "of", "a")), ""
        )
        out.append((FIRST_WORDS[m.group(1)], _UNIT_ALIASES.get(noun[:_STEM], noun[:_STEM])))
    return out


def negations(text: str) -> int:
    """How many denials the text holds; idioms that only look negative do not count."""
    folded = _IDIOMS.sub(" ", fold(text))
    return len(_NEGATION.findall(folded))


def is_negated(text: str) -> bool:
    """Whether the text denies something ('ne … pas', 'aucun', 'not', 'never')."""
    return negations(text) > 0


@lru_cache(maxsize=8192)
def facts(text: str, lang: str | None = None) -> Facts:
    """The slots of one text (cached: a passage is read once per process)."""
    lang = lang or language(text)
    dates, spans = _dates(text, lang)
    folded = fold(text)
    # a weekday inside a written date ("mercredi 9 octobre") belongs to that date
    undated = fold("".join(ch if not any(s <= i < e for s, e in spans) else " " for i, ch in enumerate(text)))
    return Facts(
        text=text,
        lang=lang,
        figures=_figures(text, lang, spans),
        dates=dates,
        names=_names(text, lang),
        ranks=_ranks(folded),
        weekdays={n for w, n in WEEKDAYS[lang].items() if re.search(rf"\b{w}\b", undated)},
        negated=is_negated(text),
        denials=negations(text),
        words={w[:_STEM] for w in re.findall(r"\w+", folded)},
    )


def same_name(a: str, b: str) -> bool:
    """Two folded names are one when equal, one holds the other's words, or they are
    spelled alike across languages ('londres'/'london', 'bruxelles'/'brussels')."""
    if a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    if wa <= wb or wb <= wa:
        return True
    if a[:4] == b[:4] and fuzz.ratio(a, b) >= 60:
        return True
    return fuzz.ratio(a, b) >= 85


def _comparable(a: Figure, b: Figure) -> bool:
    """Figures count the same thing: same noun, or both money, or both per cent."""
    if a.currency and b.currency:
        return True
    if a.unit == "%" or b.unit == "%":
        return a.unit == b.unit
    if a.unit and b.unit:
        return a.unit == b.unit or (a.unit[:4] == b.unit[:4] and "/" not in a.unit + b.unit)
    return False


def _equal(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


@dataclass
class Alignment:
    """How a passage's slots meet a claim's: counts per kind, and the differences in words."""

    figure_match: int = 0
    figure_conflict: int = 0
    figure_absent: int = 0
    currency_conflict: int = 0
    date_match: int = 0
    date_conflict: int = 0
    date_absent: int = 0
    name_match: int = 0
    name_absent: int = 0
    place_conflict: int = 0
    agent_conflict: int = 0
    rank_match: int = 0
    rank_conflict: int = 0
    rank_absent: int = 0
    negation_differs: bool = False
    claim_names: int = 0
    loose_dates: int = 0  # dates matched on the month alone, no day or year on both sides

    @property
    def absent(self) -> int:
        """Slots of the claim the passage does not address."""
        return self.figure_absent + self.date_absent + self.name_absent + self.rank_absent

    @property
    def agreed(self) -> float:
        """Slots that agree; a month matched without day or year counts half."""
        return self.name_match + self.date_match - 0.5 * self.loose_dates + self.figure_match + self.rank_match

    differences: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)


def _figures_align(c: Facts, p: Facts, out: Alignment) -> None:
    for f in c.figures:
        same_kind = [g for g in p.figures if _comparable(f, g)]
        loose = [
            g
            for g in p.figures
            if _equal(f.value, g.value)
            and not (f.currency and g.currency)
            and (not f.unit or not g.unit or _comparable(f, g))
        ]
        if loose and not same_kind:
            out.figure_match += 1
            out.agreements.append(f"figure {f.text}")
            continue
        if any(
            _equal(f.value, g.value) and (not f.currency or not g.currency or f.currency == g.currency)
            for g in same_kind
        ):
            out.figure_match += 1
            out.agreements.append(f"figure {f.text}")
            continue
        money = [g for g in same_kind if f.currency and g.currency]
        if any(_equal(f.value, g.value) and f.currency != g.currency for g in money):
            g = next(g for g in money if _equal(f.value, g.value))
            out.currency_conflict += 1
            out.differences.append(f"currency: claim {f.text} vs evidence {g.text}")
            continue
        if same_kind and not f.qualifier:
            out.figure_conflict += 1
            out.differences.append(f"figure: claim {f.text} vs evidence " + ", ".join(g.text for g in same_kind[:3]))
            continue
        bare = [g for g in p.figures if not g.unit and not f.unit and _equal(f.value, g.value)]
        if bare:
            out.figure_match += 1
            out.agreements.append(f"figure {f.text}")
            continue
        if any(_equal(f.value, g.value) for g in p.figures):
            # the same number counting something else ('8 rue' vs '8e arrondissement')
            out.figure_absent += 1
            out.differences.append(f"figure {f.text}: the evidence's {f.value:g} counts something else")
            continue
        out.figure_absent += 1


def _dates_align(c: Facts, p: Facts, out: Alignment) -> None:
    for d in c.dates:
        conflict = None
        matched = False
        loose = True
        for e in p.dates:
            # compare at the precision both give
            if d.year and e.year and d.year != e.year:
                conflict = conflict or e
                continue
            if d.month and e.month:
                if d.month != e.month:
                    if (d.year and e.year) or (d.day and e.day) or not (d.year or e.year):
                        conflict = conflict or e
                    continue
                if d.day and e.day and d.day != e.day:
                    conflict = conflict or e
                    continue
                matched = True
                loose = loose and not (d.day and e.day) and not (d.year and e.year)
            elif d.year and e.year:
                matched = True
                loose = False
        if matched:
            out.date_match += 1
            if loose:
                out.loose_dates += 1
            out.agreements.append(f"date {d.text}")
        elif conflict is not None:
            out.date_conflict += 1
            out.differences.append(f"date: claim {d.text} vs evidence {conflict.text}")
        else:
            out.date_absent += 1
    if c.weekdays:
        if not p.weekdays:
            out.date_absent += 1
        elif c.weekdays & p.weekdays:
            out.date_match += 1
        else:
            out.date_conflict += 1
            out.differences.append("weekday: the claim and the evidence name different days")


def _names_align(c: Facts, p: Facts, out: Alignment) -> None:
    out.claim_names = len(c.names)
    p_used: set[str] = set()
    unmatched = []
    for n in c.names:
        hit = next((m for m in p.names if same_name(n.key, m.key)), None)
        if hit is None and all(w[:_STEM] in p.words for w in n.key.split()):
            hit = Name(n.text, n.key, n.role)
        if hit is not None:
            out.name_match += 1
            p_used.add(hit.key)
        else:
            unmatched.append(n)
    claim_keys = [n.key for n in c.names]
    others = [m for m in p.names if m.key not in p_used and not any(same_name(m.key, k) for k in claim_keys)]
    for n in unmatched:
        rival = next((m for m in others if m.role == n.role and n.role != "name"), None)
        if rival is not None:
            if n.role == "place":
                out.place_conflict += 1
            else:
                out.agent_conflict += 1
            out.differences.append(
                f"{'place' if n.role == 'place' else 'who'}: claim {n.text} vs evidence {rival.text}"
            )
        else:
            out.name_absent += 1


def _ranks_align(c: Facts, p: Facts, out: Alignment) -> None:
    for rank, noun in c.ranks:
        same = [r for r in p.ranks if r[1] == noun or not noun or not r[1]]
        if any(r[0] == rank for r in same):
            out.rank_match += 1
        elif same:
            out.rank_conflict += 1
            out.differences.append(f"rank: claim {rank} vs evidence {same[0][0]}")
        else:
            out.rank_absent += 1


def align(claim: str, passage: str) -> Alignment:
    """Every slot of the claim against the passage."""
    c, p = facts(claim), facts(passage)
    out = Alignment()
    _figures_align(c, p, out)
    _dates_align(c, p, out)
    _names_align(c, p, out)
    _ranks_align(c, p, out)
    # one side denies what the other states; with both long, a denial more or less
    # in the same words ("ne possède pas ... aucune" vs "possède ... aucune") too
    out.negation_differs = c.negated != p.negated or (c.denials != p.denials and abs(len(c.text) - len(p.text)) < 40)
    if out.negation_differs:
        out.differences.append(
            "negation: "
            + ("the claim denies" if c.denials > p.denials else "the evidence denies")
            + " what the other states"
        )
    return out
