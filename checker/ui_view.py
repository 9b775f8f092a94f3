"""What the review screen shows, decided without Streamlit so tests can reach it.

Labels are French first with the English word in brackets: the desk's reviewers work
in French, and the English keeps the screen usable by everyone else and matches the
values the CLI and the exports use.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from checker.store import CLEARED, VERDICTS

STATUS_LABELS: dict[str, str] = {
    "true": "Vrai (True)",
    "false": "Faux (False)",
    "unclear": "Incertain (Unclear)",
    CLEARED: "À vérifier (Unreviewed)",
}
"""The reviewer's verdict, or its absence, as shown on badges and buttons."""

STATUS_ICONS: dict[str, str] = {"true": "🟢", "false": "🔴", "unclear": "🟠", CLEARED: "⚪"}

STATUS_COLORS: dict[str, str] = {"true": "green", "false": "red", "unclear": "orange", CLEARED: "gray"}
"""st.badge colours per status."""

SUGGESTION_LABELS: dict[str, str] = {
    "supported": "Étayée (supported)",
    "contradicted": "Contredite (contradicted)",
    "related": "Sujet proche (related)",
    "no evidence": "Aucune preuve trouvée (no evidence found)",
}
"""The machine's suggestion, worded so it never reads like a verdict."""

FILTERS: dict[str, str] = {
    "all": "Toutes (all)",
    "unreviewed": "À vérifier (unreviewed)",
}

assert set(STATUS_LABELS) == {*VERDICTS, CLEARED}


def status_of(verdict: Mapping | None) -> str:
    """'true', 'false', 'unclear' for a current verdict row; 'unreviewed' for None."""
    return verdict["verdict"] if verdict else CLEARED


def suggestion_label(suggestion: str | None) -> str:
    """A claim checked against no corpus has no suggestion at all: say so plainly too."""
    if not suggestion:
        return "Pas encore comparée (not checked)"
    return SUGGESTION_LABELS.get(suggestion, suggestion)


def ordered_claims(claims: Iterable[Mapping]) -> list[Mapping]:
    """Check-worthy claims first, then by check-worthiness (highest first), then in
    article order, so the claims worth a reviewer's time are on top and ties stay
    readable in the order the article tells them."""
    return sorted(
        claims,
        key=lambda c: (not c["checkworthy"], -float(c["checkworthiness"]), c.get("position", 0)),
    )


def visible_claims(
    claims: Sequence[Mapping], statuses: Mapping[str, str], *, show: str = "all", keep: str | None = None
) -> list[Mapping]:
    """The claims the list shows under a filter ('all' or 'unreviewed').

    `keep` (the selected claim id) stays listed even when the filter would hide it,
    so judging a claim under the 'unreviewed' filter does not make it vanish from
    under the reviewer's cursor.
    """
    if show == "all":
        return list(claims)
    return [c for c in claims if statuses.get(c["id"], CLEARED) == CLEARED or c["id"] == keep]


def claim_option_label(claim: Mapping, status: str, *, number: int, width: int = 110) -> str:
    """One line of the claim list: number (as in the article's highlights), status icon,
    check-worthiness and the start of the claim text."""
    text = " ".join(str(claim["text"]).split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    worthy = "" if claim["checkworthy"] else " · peu vérifiable"
    return f"{STATUS_ICONS[status]} [{number}] {text} ({float(claim['checkworthiness']):.2f}{worthy})"


def article_option_label(article: Mapping) -> str:
    """An article in the picker: its title, claim count and when it was added."""
    title = " ".join(str(article.get("title") or article["id"]).split())
    if len(title) > 70:
        title = title[:69].rstrip() + "…"
    day = str(article.get("created_at") or "")[:10]
    return f"{title} — {article.get('claims', 0)} affirmations · {day}"
