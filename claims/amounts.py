"""Numbers, money and percentages, with their value and unit.

"6,6 milliards de dollars" → value 6.6e9, unit and currency USD; "800 titres" → value
800, unit "titres"; number words ("deux organismes") go through text2num.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

_SCALES = {
    "mille": 1e3,
    "millier": 1e3,
    "milliers": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "thousand": 1e3,
    "thousands": 1e3,
    "trillion": 1e12,
    "trillions": 1e12,
    "md": 1e9,
    "mds": 1e9,
    "mrd": 1e9,
    "bn": 1e9,
    "m": 1e6,
    "k": 1e3,
}
_CURRENCIES = {
    "dollar": "USD",
    "dollars": "USD",
    "$": "USD",
    "usd": "USD",
    "us$": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "€": "EUR",
    "eur": "EUR",
    "livre": "GBP",
    "livres": "GBP",
    "livres sterling": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "£": "GBP",
    "gbp": "GBP",
    "franc suisse": "CHF",
    "francs suisses": "CHF",
    "chf": "CHF",
    "yen": "JPY",
    "yens": "JPY",
    "yuan": "CNY",
    "yuans": "CNY",
}
_PERCENT = r"%|pour\s*cent|pourcent|percent|per\s+cent"
_NUMBER_WORDS = {
    "fr": "un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize vingt vingts trente quarante cinquante soixante cent cents mille",
    "en": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty "
    "seventy eighty ninety hundred thousand",
}
_NOT_UNITS = {
    "fr": set(
        "de des du d la le les l un une et ou à au aux en dans pour par sur avec "
        "ans an fois qui que dont ce cette ces son sa ses leur leurs se sont est".split()
    ),
    "en": set(
        "of the a an and or to in on at for by with from than years year times who that which is are was were".split()
    ),
}


@dataclass
class Amount:
    text: str
    start: int
    end: int
    value: float | int
    unit: str | None
    currency: str | None
    qualifier: str | None = None  # "about" | "more than" | "less than" | "at least" | "up to"

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "currency": self.currency,
            "qualifier": self.qualifier,
            "start": self.start,
            "end": self.end,
        }


@cache
def _pattern(lang: str) -> re.Pattern:
    if lang == "fr":
        digits = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    else:
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    words = "|".join(sorted(_NUMBER_WORDS[lang].split(), key=len, reverse=True))
    spelled = rf"(?:{words})(?:(?:[- ]|-et-| et )(?:{words}))*"
    scales = "|".join(sorted(_SCALES, key=len, reverse=True))
    currencies = "|".join(re.escape(c) for c in sorted(_CURRENCIES, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w,.])(?P<pre>[$€£])?\s?(?P<num>{digits}|{spelled})"
        rf"(?:(?![\w])|(?=(?:bn|mds?|mrd|m|k)\b))"
        rf"(?:\s*(?P<scale>{scales})\b\.?)?"
        rf"(?:\s*(?P<pct>{_PERCENT})"
        rf"|\s*(?:(?:de\s+|d['’]\s*|of\s+))?(?P<cur>{currencies})(?![\w])"
        rf"|\s+(?:(?:de\s+|d['’]\s*|of\s+))?(?P<unit>[^\W\d_]{{3,}}))?",
        re.IGNORECASE,
    )


_QUALIFIERS = [
    (
        (
            r"près\s+d[e'’]|environ|quelque|presque|autour\s+d[e'’]|approximativement|"
            r"about|around|nearly|almost|roughly|approximately|some"
        ),
        "about",
    ),
    (r"plus\s+d[e'’]|au-delà\s+d[e'’]|more\s+than|over", "more than"),
    (r"moins\s+d[e'’]|less\s+than|fewer\s+than|under", "less than"),
    (r"au\s+moins|pas\s+moins\s+d[e'’]|at\s+least", "at least"),
    (r"jusqu['’]\s*à|up\s+to", "up to"),
]
_QUALIFIER = re.compile(
    "(?:" + "|".join(f"(?P<q{i}>{p})" for i, (p, _) in enumerate(_QUALIFIERS)) + r")\s*$", re.IGNORECASE
)


def _qualifier(text: str, start: int) -> str | None:
    """ "près de 6 milliards": the figure is approximate, a bound, not exact."""
    m = _QUALIFIER.search(text[max(0, start - 24) : start])
    if not m:
        return None
    for i, (_, name) in enumerate(_QUALIFIERS):
        if m.group(f"q{i}"):
            return name
    return None


def _overlaps(a: int, b: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether a..b overlaps one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_left(starts, b)
    return i > 0 and spans[i - 1][1] > a


def _number(num: str, lang: str) -> float | None:
    s = num.strip()
    if re.fullmatch(r"[\d\s\u00a0\u202f.,]+", s):
        s = re.sub(r"[\s\u00a0\u202f]", "", s)
        if lang == "fr":
            if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s):
                s = s.replace(".", "")
            s = s.replace(",", ".")
        else:
            s = s.replace(",", "")
        try:
            return float(s)
        except ValueError:
            return None
    try:
        return float(text2num(s.lower(), lang))
    except ValueError:
        return None


def find_amounts(text: str, lang: str, *, skip: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """Quantities in ``text``; spans overlapping ``skip`` (dates) are left out.

    Bare articles ("un bureau") are not quantities; ordinals ("8ème arrondissement")
    come back with the rank as value and the following noun as unit.
    """
    skip = sorted(skip)
    skip_starts = [s for s, _ in skip]
    out = _ordinals(text, lang, skip)
    for m in _pattern(lang).finditer(text):
        num = m.group("num")
        if _overlaps(m.start("num"), m.end("num"), skip, skip_starts):
            continue
        is_word = not num[0].isdigit()
        if is_word and num.lower() in ("un", "une", "one"):
            continue
        value = _number(num, lang)
        if value is None:
            continue
        scale = m.group("scale")
        if scale:
            if scale.lower() in ("m", "k", "md", "mds", "mrd", "bn") and not (m.group("cur") or m.group("pre")):
                scale = None
            else:
                value *= _SCALES[scale.lower().rstrip(".")]
        unit = currency = None
        end = m.end("num")
        if scale:
            end = m.end("scale")
        if m.group("pct"):
            unit, end = "%", m.end("pct")
        elif m.group("cur") or m.group("pre"):
            cur = (m.group("cur") or m.group("pre")).lower()
            currency = unit = _CURRENCIES.get(cur) or _CURRENCIES.get(cur.rstrip("s"))
            if m.group("cur"):
                end = m.end("cur")
        elif m.group("unit"):
            word = m.group("unit")
            if word.lower() not in _NOT_UNITS[lang]:
                unit, end = word, m.end("unit")
        if is_word and unit is None:
            continue  # "deux" alone is rarely a checkable quantity
        if unit is None and not scale and 1800 <= value <= 2100 and float(value).is_integer():
            continue  # a year, handled by the date finder
        start = m.start("pre") if m.group("pre") else m.start("num")
        value = int(value) if float(value).is_integer() else value
        out.append(
            Amount(
                text=text[start:end],
                start=start,
                end=end,
                value=value,
                unit=unit,
                currency=currency,
                qualifier=_qualifier(text, start),
            )
        )
    out.sort(key=lambda a: a.start)
    return out


_ORDINAL = {
    "fr": re.compile(r"(?<![\w])(\d+)(?:ème|eme|e|è|er|re|nd|nde)\s+([^\W\d_]{3,})", re.IGNORECASE),
    "en": re.compile(r"(?<![\w])(\d+)(?:st|nd|rd|th)\s+([^\W\d_]{3,})", re.IGNORECASE),
}


def _ordinals(text: str, lang: str, skip) -> list[Amount]:
    """ "8ème arrondissement", "3rd quarter": a precise, checkable detail (value is the
    rank, unit the noun that follows)."""
    out = []
    for m in _ORDINAL[lang].finditer(text):
        if any(m.start() < e and s < m.end() for s, e in skip):
            continue
        out.append(
            Amount(text=m.group(0), start=m.start(), end=m.end(), value=int(m.group(1)), unit=m.group(2), currency=None)
        )
    return out
