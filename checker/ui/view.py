"""What the review screen shows, decided without Streamlit so tests can reach it.

Every word is in the session's one language (checker.i18n): French by default, the
desk's reviewers work in French; English for everyone else. Status and suggestion labels
come from `checker.vocabulary`, the rest from the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from checker.i18n import lang, t
from checker.store.database import CLEARED
from checker.ui.scale import ScaleTable
from checker.vocabulary import DISPUTED, Vocabulary

STATUS_LABELS: Mapping[str, str] = ScaleTable(lambda words: words.screen_labels[lang()])
"""The reviewer's verdict, its absence, or the reviewers' disagreement ('disputed'),
as shown on badges and buttons (from `checker.vocabulary`, like every colour here,
on the database's scale: `checker.ui.scale`)."""

STATUS_ICONS: Mapping[str, str] = ScaleTable(lambda words: words.icons)

STATUS_COLORS: Mapping[str, str] = ScaleTable(lambda words: words.badge_colors)
"""st.badge colours per status."""

STATUS_HEX: Mapping[str, str] = ScaleTable(lambda words: words.hex_colors)
"""Drawn colours per status (the overview chart)."""

SUGGESTION_LABELS: Mapping[str, str] = ScaleTable(lambda words: words.suggestion_labels[lang()])
"""The machine's suggestion, worded so it never reads like a verdict (checker.vocabulary)."""


def _filters(words: Vocabulary) -> dict[str, str]:
    labels = words.screen_labels[lang()]
    return {
        "all": t("filter.all"),
        "unreviewed": labels[CLEARED],
        **{v.code: labels[v.code] for v in words.scale.values},
        DISPUTED: labels[DISPUTED],
        "flagged": t("filter.flagged"),
    }


FILTERS: Mapping[str, str] = ScaleTable(_filters)
"""The queue's status filter. 'disputed' are claims whose reviewers' current verdicts
differ (never offered in a blind review's statuses, which are the reviewer's own);
'flagged' are claims that need a second look: the reviewers disagree, or the verdict
goes against the machine's suggestion."""

CLAIMREVIEW_NEEDS_URL: Mapping[str, str] = {lang_: t("claimreview.needs_url", lang_) for lang_ in ("fr", "en")}
"""Why the ClaimReview download waits, by UI language (checker.i18n)."""

SUGGESTION_FILTERS: Mapping[str, str] = ScaleTable(
    lambda words: {
        "any": t("suggestion.any"),
        **words.suggestion_labels[lang()],
        "none": t("suggestion.none"),
    }
)
"""The queue's suggestion filter: any, each suggestion, or none yet."""

SHORTCUTS: Mapping[str, str] = ScaleTable(
    lambda words: {**{v.code: v.key.upper() for v in words.scale.values}, "next": "N", "previous": "P", "undo": "U"}
)
"""Keys for the review loop: the scale's (V(rai), F(aux), I(ncertain) on the three
values), N(ext), P(revious), U(ndo).
Streamlit ignores single-key shortcuts while the reviewer types in a field."""


def status_of(verdict: Mapping | None) -> str:
    """'true', 'false', 'unclear' for a current verdict row; 'unreviewed' for None."""
    return verdict["verdict"] if verdict else CLEARED


def suggestion_label(suggestion: str | None) -> str:
    """A claim checked against no corpus has no suggestion at all: say so plainly too."""
    if not suggestion:
        return t("suggestion.none")
    return SUGGESTION_LABELS.get(suggestion, suggestion)


def ordered_claims(claims: Iterable[Mapping]) -> list[Mapping]:
    """Check-worthy claims first, then by check-worthiness (highest first), then in
    article order, so the claims worth a reviewer's time are on top and ties stay
    readable in the order the article tells them."""
    return sorted(
        claims,
        key=lambda c: (not c["checkworthy"], -float(c["checkworthiness"]), c.get("position", 0)),
    )


def is_flagged(status: str, suggestion: str | None, reviewers: Mapping[str, str] | None = None) -> bool:
    """A claim worth a second look: its reviewers' standing verdicts differ, or the
    verdict contradicts the suggestion (true against 'contradicted', false against
    'supported')."""
    if reviewers and len(set(reviewers.values())) > 1:
        return True
    return (status, suggestion) in {("true", "contradicted"), ("false", "supported")}


def queue(
    claims: Sequence[Mapping],
    statuses: Mapping[str, str],
    *,
    show: str = "all",
    suggestion: str = "any",
    flagged: Iterable[str] = (),
    keep: str | None = None,
) -> list[Mapping]:
    """The review queue: `claims` (already in queue order) under a status filter
    (a key of FILTERS) and a suggestion filter (a key of SUGGESTION_FILTERS).

    `flagged` holds the ids that count as flagged. `keep` (the selected claim) stays
    in the queue whatever the filters, so a verdict never pulls the claim away from
    under the reviewer's cursor.
    """
    flagged = set(flagged)

    def wanted(c: Mapping) -> bool:
        status = statuses.get(c["id"], CLEARED)
        if show == "flagged" and c["id"] not in flagged:
            return False
        if show not in ("all", "flagged") and status != show:
            return False
        if suggestion == "none":
            return not c.get("suggestion")
        return suggestion == "any" or c.get("suggestion") == suggestion

    return [c for c in claims if c["id"] == keep or wanted(c)]


def neighbour(ids: Sequence[str], current: str | None, step: int) -> str | None:
    """The id `step` places after `current` in the queue (wrapping around at both
    ends); the first id when `current` is not in the queue; None for an empty queue."""
    if not ids:
        return None
    if current not in ids:
        return ids[0]
    return ids[(ids.index(current) + step) % len(ids)]


def window(items: Sequence, selected_index: int, *, size: int) -> tuple[int, int]:
    """(start, end) of a slice of at most `size` items that contains `selected_index`,
    so a queue of 1,000 claims draws a page of buttons rather than 1,000."""
    if len(items) <= size:
        return 0, len(items)
    start = max(0, min(selected_index - size // 2, len(items) - size))
    return start, start + size


ARTICLE_WINDOW_CHARS = 12_000
"""Characters of the article drawn around the selected claim (about two thousand
words, several screens of the article pane). Every verdict redraws the page, and
resending a 300 KB article with a thousand highlights each time kept a verdict key on
such an article at 240-410 ms in Chromium (benchmarks/bench_ui.py)."""


def article_window(text: str, start: int, end: int, *, limit: int = ARTICLE_WINDOW_CHARS) -> tuple[int, int]:
    """(lo, hi): the whole text when it fits in `limit` characters, else about `limit`
    characters centred on the span [start, end), widened to the paragraph breaks (or
    line, or space) nearest the cut so no sentence is drawn half. The span is always
    inside, however long it is."""
    n = len(text)
    if n <= limit:
        return 0, n
    start, end = max(0, min(start, n)), max(0, min(end, n))
    lo = max(0, start - max(0, limit - (end - start)) // 2)
    hi = max(end, min(n, lo + limit))
    if hi == n:
        lo = min(lo, max(0, n - limit))
    if lo > 0:
        lo = next(
            (cut + len(sep) for sep in ("\n\n", "\n", " ") if (cut := text.rfind(sep, max(0, lo - 2_000), lo)) != -1),
            lo,
        )
    if hi < n:
        hi = next((cut for sep in ("\n\n", "\n", " ") if (cut := text.find(sep, hi, hi + 2_000)) != -1), hi)
    return lo, hi


def claim_option_label(claim: Mapping, status: str, *, number: int, width: int = 110) -> str:
    """One line of the claim list: number (as in the article's highlights), status icon,
    check-worthiness and the start of the claim text."""
    text = " ".join(str(claim["text"]).split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    worthy = "" if claim["checkworthy"] else f" · {t('card.low_checkworthy')}"
    return f"{STATUS_ICONS[status]} [{number}] {text} ({float(claim['checkworthiness']):.2f}{worthy})"


def article_option_label(article: Mapping) -> str:
    """An article in the picker: its title, claim count and when it was added."""
    title = " ".join(str(article.get("title") or article["id"]).split())
    if len(title) > 70:
        title = title[:69].rstrip() + "…"
    day = str(article.get("created_at") or "")[:10]
    return t("review.article_option", title=title, count=article.get("claims", 0), day=day)


def feature_rows(features: Mapping) -> list[dict[str, str]]:
    """The claim's extracted features as table rows (kind, as written, normalised; the
    columns named in the session's language): dates with their ISO form, amounts with
    value and unit, entities with their label, quotes with their speaker. Unknown keys
    are listed as they are."""
    kind, written, normalised = t("feature.kind"), t("feature.written"), t("feature.normalised")
    rows: list[dict[str, str]] = []
    for d in features.get("dates", []) or []:
        rows.append({kind: t("feature.date"), written: str(d.get("text", "")), normalised: str(d.get("iso", ""))})
    for a in features.get("amounts", []) or []:
        value = a.get("value")
        shown = f"{value:,.12g}".replace(",", " ") if isinstance(value, (int, float)) else str(value or "")
        unit = a.get("unit") or a.get("currency") or ""
        qualifier = f" ({a['qualifier']})" if a.get("qualifier") else ""
        rows.append(
            {
                kind: t("feature.amount"),
                written: str(a.get("text", "")),
                normalised: f"{shown} {unit}".strip() + qualifier,
            }
        )
    for e in features.get("entities", []) or []:
        rows.append(
            {
                kind: f"{t('feature.entity')} {e.get('label', '')}".strip(),
                written: str(e.get("text", "")),
                normalised: str(e.get("label", "")),
            }
        )
    for q in features.get("quotes", []) or []:
        rows.append(
            {
                kind: t("feature.quote"),
                written: str(q.get("text", "")),
                normalised: f"— {q['speaker']}" if q.get("speaker") else "",
            }
        )
    for key, value in features.items():
        if key not in ("dates", "amounts", "entities", "quotes") and value:
            rows.append({kind: str(key), written: str(value), normalised: ""})
    return rows


def claimreview_caption(left_out: Mapping[str, int]) -> str:
    """What the ClaimReview download leaves out, said next to its button: a disputed or
    unreviewed claim has no verdict to publish (`ui_queries.claimreview_left_out`
    counts them)."""
    disputed, unreviewed = int(left_out.get(DISPUTED, 0)), int(left_out.get(CLEARED, 0))
    if not disputed and not unreviewed:
        return t("claimreview.nothing_left_out")
    return t("claimreview.left_out", disputed=disputed, unreviewed=unreviewed)


def overview_chart(counts: Sequence[Mapping], labels: Mapping[str, str]) -> tuple[list[dict], list[str], list[str]]:
    """The overview's bar chart in wide form: (rows, series, colours). One row per
    article ('article' is its label in `labels`), one series per status (its label in
    STATUS_LABELS), each series in its status's colour from the vocabulary, so Vrai is
    green there as on every other screen (Streamlit's default palette drew it red)."""
    statuses = tuple(STATUS_COLORS)  # the scale's statuses, in its order (checker.ui.scale)
    series = [STATUS_LABELS[s] for s in statuses]
    rows = [
        {
            "article": labels.get(c["article_id"], c["article_id"]),
            **{STATUS_LABELS[s]: int(c.get(s, 0)) for s in statuses},
        }
        for c in counts
    ]
    return rows, series, [STATUS_HEX[s] for s in statuses]
