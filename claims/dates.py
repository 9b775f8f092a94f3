"""Date expressions: found by pattern, resolved to ISO dates with dateparser.

News articles often omit the year ("mercredi 9 octobre"). When the article's date is
not given, the year is inferred from the text: the weekday must fit, and the years the
article mentions tell where to look.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import dateparser

MONTHS = {
    "fr": {
        "janvier": 1,
        "février": 2,
        "fevrier": 2,
        "mars": 3,
        "avril": 4,
        "mai": 5,
        "juin": 6,
        "juillet": 7,
        "août": 8,
        "aout": 8,
        "septembre": 9,
        "octobre": 10,
        "novembre": 11,
        "décembre": 12,
        "decembre": 12,
    },
    "en": {
        "january": 1,
        "february": 2,
        "march": 3,
        "april": 4,
        "may": 5,
        "june": 6,
        "july": 7,
        "august": 8,
        "september": 9,
        "october": 10,
        "november": 11,
        "december": 12,
    },
}
WEEKDAYS = {
    "fr": {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    "en": {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6},
}
_RELATIVE = {
    "fr": r"avant-hier|après-demain|hier|aujourd['’]hui|demain|"
    r"(?:la\s+)?semaine\s+(?:dernière|prochaine)|(?:le\s+)?mois\s+(?:dernier|prochain)|"
    r"l['’](?:an|année)\s+(?:dernier|dernière|prochain|prochaine)",
    "en": r"the\s+day\s+before\s+yesterday|yesterday|today|tomorrow|"
    r"(?:last|next)\s+(?:week|month|year)",
}
_YEAR = r"(1[89]\d{2}|20\d{2})"


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    kind: str  # "day" | "month" | "year" | "end_of_year" | "start_of_year" | "relative"
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    part: str | None = None  # "mid" | "start" | "end" for months
    direction: str | None = None  # "past" ("dernier") | "future" ("prochain")
    iso: str | None = None

    def to_json(self) -> dict:
        return {"text": self.text, "iso": self.iso, "start": self.start, "end": self.end}


@cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    months = "|".join(sorted(MONTHS[lang], key=len, reverse=True))
    days = "|".join(WEEKDAYS[lang])
    if lang == "fr":
        day = r"(1er|premier|[12]?\d|3[01])"
        pats = [
            ("day", rf"(?:({days})\s+)?{day}\s+({months})(?:\s+{_YEAR})?(?:\s+(dernier|prochain))?"),
            ("end_of_year", rf"(?:d['’]ici\s+|avant\s+)?(?:la\s+)?fin\s+(?:de\s+l['’]année\s+|d['’]année\s+)?{_YEAR}"),
            ("start_of_year", rf"(?:le\s+|au\s+)?début\s+(?:de\s+l['’]année\s+|d['’]année\s+)?{_YEAR}"),
            ("month", rf"(mi-|mi\s|début\s+|fin\s+)?({months})(?:\s+{_YEAR})?"),
        ]
    else:
        day = r"([12]?\d|3[01])(?:st|nd|rd|th)?"
        pats = [
            ("day", rf"(?:({days}),?\s+)?({months})\s+{day}(?:,?\s+{_YEAR})?"),
            ("day", rf"(?:({days}),?\s+)?{day}\s+({months})(?:,?\s+{_YEAR})?"),
            ("end_of_year", rf"(?:by\s+)?(?:the\s+)?end\s+of\s+{_YEAR}"),
            ("start_of_year", rf"(?:the\s+)?(?:start|beginning)\s+of\s+{_YEAR}"),
            ("month", rf"(mid-|early\s+|late\s+)?({months})(?:\s+{_YEAR})?"),
        ]
    pats.append(("relative", rf"(?:{_RELATIVE[lang]})"))
    pats.append(("year", _YEAR))
    return [(k, re.compile(rf"(?<![\w-]){p}(?![\w])", re.IGNORECASE)) for k, p in pats]


def find_dates(text: str, lang: str) -> list[DateMention]:
    """Every date expression in ``text``, longest first where they overlap, unresolved."""
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pat in _patterns(lang):
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            d = _mention(kind, m, lang)
            if d is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(d)
    out.sort(key=lambda d: d.start)
    return out


def _mention(kind: str, m: re.Match, lang: str) -> DateMention | None:
    g = m.groups()
    d = DateMention(text=m.group(0), start=m.start(), end=m.end(), kind=kind)
    months, days = MONTHS[lang], WEEKDAYS[lang]
    if kind == "day":
        if lang == "en" and g[1] and g[1].lower() in months:
            wd, mon, dd, yy = g[:4]
        else:
            wd, dd, mon, yy = g[:4]
        if len(g) > 4 and g[4]:
            d.direction = "past" if g[4].lower() == "dernier" else "future"
        d.weekday = days[wd.lower()] if wd else None
        d.day = 1 if dd.lower() in ("1er", "premier") else int(dd)
        d.month = months[mon.lower()]
        d.year = int(yy) if yy else None
    elif kind in ("end_of_year", "start_of_year", "year"):
        d.year = int(g[-1])
    elif kind == "month":
        part, mon, yy = g
        if lang == "en" and mon.lower() == "may" and not yy and not part:
            return None  # the modal verb, far more often than the month
        d.month = months[mon.lower()]
        d.year = int(yy) if yy else None
        if part:
            p = part.strip().lower().rstrip("-")
            d.part = {"mi": "mid", "mid": "mid", "début": "start", "early": "start", "fin": "end", "late": "end"}.get(p)
    return d


def mentioned_years(mentions: list[DateMention]) -> list[int]:
    return [d.year for d in mentions if d.year]


def infer_year(
    mentions: list[DateMention], *, article_date: dt.date | None = None, today: dt.date | None = None
) -> int | None:
    """The year the article is written in.

    From its date when given; otherwise the year in which a weekday-and-day mention
    without a year falls on the right weekday, searched near the years it mentions;
    otherwise the latest year it mentions.
    """
    if article_date is not None:
        return article_date.year
    years = mentioned_years(mentions)
    for d in mentions:
        if d.kind == "day" and d.year is None and d.weekday is not None:
            y = _weekday_year(d, years, today=today)
            if y:
                return y
    return max(years) if years else None


def _weekday_year(d: DateMention, years: list[int], *, today: dt.date | None) -> int | None:
    if years:
        anchor = max(years)
        candidates = sorted({y + k for y in years for k in (0, 1, -1)}, key=lambda y: (abs(y - anchor), -y))
    else:
        this_year = (today or dt.date.today()).year
        candidates = list(range(this_year, this_year - 8, -1))
    for y in candidates:
        try:
            if dt.date(y, d.month, d.day).weekday() == d.weekday:
                return y
        except ValueError:
            continue
    return None


def _year_near(d: DateMention, article_date: dt.date) -> int | None:
    """The year that puts a day without one closest to the article's date, on the
    right side of it for "dernier"/"prochain" and on the right weekday when given."""
    best = None
    for y in (article_date.year - 1, article_date.year, article_date.year + 1):
        try:
            day = dt.date(y, d.month, d.day)
        except ValueError:
            continue
        if d.weekday is not None and day.weekday() != d.weekday:
            continue
        if (d.direction == "past" and day > article_date) or (d.direction == "future" and day < article_date):
            continue
        gap = abs((day - article_date).days)
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best else None


def _month_year_near(d: DateMention, ref: dt.date) -> int:
    """The year that puts a month without one closest to the reference date."""
    day = {"mid": 15, "end": 28}.get(d.part or "", 1)
    return min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs((dt.date(y, d.month, day) - ref).days))


def article_date_from_text(mentions: list[DateMention]) -> dt.date | None:
    """A lower bound of the publication date read from the text: the latest resolved
    day that the article dates with a weekday or calls past ("mercredi 9 octobre
    dernier"); such days are told close to publication. None when there is none."""
    days = [
        dt.date.fromisoformat(d.iso)
        for d in mentions
        if d.kind == "day" and d.iso and (d.weekday is not None or d.direction == "past")
    ]
    return max(days) if days else None


@lru_cache(maxsize=4096)
def _parse(expr: str, lang: str, base: dt.datetime | None) -> dt.date | None:
    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    parsed = dateparser.parse(expr, languages=[lang], settings=settings)
    return parsed.date() if parsed else None


def resolve(
    mentions: list[DateMention], lang: str, *, article_date: dt.date | None = None, today: dt.date | None = None
) -> list[DateMention]:
    """Fill ``iso`` on every mention (in place) and return them.

    Day and month mentions without a year take the year that puts them closest to
    the article's date (given, or else read from a weekday-dated day in the text),
    on the side "dernier"/"prochain" asks for; relative ones ("hier") need the
    article's date given.
    """
    year = infer_year(mentions, article_date=article_date, today=today)
    years = mentioned_years(mentions)
    base = dt.datetime.combine(article_date, dt.time()) if article_date else None
    month_names = {v: k for k, v in MONTHS[lang].items()}
    ref = article_date
    if ref is None and year is not None:
        for d in mentions:
            if d.kind == "day" and d.year is None and d.weekday is not None:
                y = _weekday_year(d, [year], today=today)
                if y:
                    day = dt.date(y, d.month, d.day)
                    ref = max(ref, day) if ref else day
    for d in mentions:
        if d.kind == "day":
            y = d.year
            if y is None and ref is not None:
                y = _year_near(d, ref)
            if y is None and d.weekday is not None:
                y = _weekday_year(d, [year] if year else years, today=today)
            y = y or year
            if y is None:
                continue
            day = _parse(f"{d.day} {month_names[d.month]} {y}", lang, None)
            d.iso = day.isoformat() if day else None
        elif d.kind == "month":
            y = d.year or (_month_year_near(d, ref) if ref else year)
            if y is None:
                continue
            if d.part == "mid":
                d.iso = dt.date(y, d.month, 15).isoformat()
            elif d.part == "end":
                d.iso = dt.date(y, d.month, calendar.monthrange(y, d.month)[1]).isoformat()
            else:
                first = _parse(f"1 {month_names[d.month]} {y}", lang, None)
                d.iso = first.strftime("%Y-%m") if first else None
        elif d.kind == "end_of_year":
            d.iso = dt.date(d.year, 12, 31).isoformat()
        elif d.kind == "start_of_year":
            d.iso = dt.date(d.year, 1, 1).isoformat()
        elif d.kind == "year":
            d.iso = str(d.year)
        elif d.kind == "relative" and base is not None:
            day = _parse(d.text, lang, base)
            d.iso = day.isoformat() if day else None
    return mentions
