"""Time matters: evidence dated after the article, or much older than it, is marked.

A passage published after the article cannot be what the article relied on (it may
still settle the claim, but the reviewer should know), and a very old one may be out of
date. Dates are compared at the precision they are given: a passage dated "2024-10" is
not after an article of 2024-10-09 (it may be from the 1st), one of "2024-11" is.
The article's date is the one given (--date, the new-article form) or, failing that,
read from its dateline: a full date with a year in its first lines (dateparser).
"""

from __future__ import annotations

import calendar
import os
import re
from datetime import date, timedelta

from checker.i18n import t

MAX_AGE_DAYS = 730
"""Evidence older than this many days before the article is marked as old; the
setting is `$FACTCHECK_EVIDENCE_MAX_AGE_DAYS`."""

DATELINE_CHARS = 200


def max_age_days() -> int:
    """The setting, or MAX_AGE_DAYS when unset or not a whole number."""
    value = os.environ.get("FACTCHECK_EVIDENCE_MAX_AGE_DAYS", "")
    return int(value) if value.strip().isdigit() else MAX_AGE_DAYS


def period(value: str | None) -> tuple[date, date] | None:
    """First and last day of an ISO date given to the year, month or day; None if unreadable."""
    text = (value or "").strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text[:10])
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            d = date(year, int(month), int(day))
            return d, d
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1), date(year, int(month), last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def evidence_marks(
    article_date: str | None, passage_date: str | None, *, max_age: int | None = None, wording: str | None = None
) -> list[str]:
    """What the card says about a passage's date against the article's, in `wording`
    (default: the session's UI language, checker.i18n): nothing when either date is
    unknown or all is well."""
    article, passage = period(article_date), period(passage_date)
    if article is None or passage is None:
        return []
    days = max_age_days() if max_age is None else max_age
    marks = []
    if passage[0] > article[1]:
        marks.append(t("evidence.after", wording, passage=passage_date, article=article_date))
    elif passage[1] < article[0] - timedelta(days=days):
        marks.append(t("evidence.old", wording, days=days))
    return marks


def dateline_date(text: str) -> str:
    """A full date (day, month and year written) in the article's first lines, as
    YYYY-MM-DD, or '' when there is none: "Paris, le 10 octobre 2024 —" gives 2024-10-10;
    "le mercredi 9 octobre" (no year) gives nothing."""
    from dateparser.search import search_dates

    head = text[:DATELINE_CHARS]
    found = search_dates(head, languages=["fr", "en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}) or []
    for words, when in found:
        if re.search(r"\b(19|20)\d{2}\b", words):
            return when.date().isoformat()
    return ""
