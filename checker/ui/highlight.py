"""HTML for the review screen, built from escaped text only.

Articles and corpora come from outside the newsroom, so any '<script>' or tag in them
must show as text: every piece of text goes through `checker.escaping.escape_html` here,
every link through `checker.escaping.safe_url`, and the only markup is the markup these functions write themselves.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

from checker.escaping import escape_html as _esc
from checker.escaping import safe_url
from checker.i18n import t
from checker.retrieval.search import content_words, fold
from checker.store.database import CLEARED
from checker.ui.scale import ScaleTable
from checker.verify.suggestion import days, months, quantities

MARK_COLORS: Mapping[str, str] = ScaleTable(lambda words: words.highlight_colors)
"""Background of a claim's span by status (the vocabulary's tints); a span covered by
several claims takes the colour of the first one in list order and a thicker underline."""


def highlight_article(
    text: str,
    spans: Sequence[Mapping],
    *,
    selected: str | None = None,
) -> str:
    """The article as one escaped block with each claim's source span in a <mark>.

    `spans` are dicts with 'id', 'start', 'end', 'number' (the claim's number in the
    list) and 'status'. Overlapping spans are cut at every boundary into flat,
    non-nested pieces, each marked with all the claims covering it (data-claims), so
    the HTML is always well formed whatever the overlaps. Offsets outside the text
    are clipped; empty spans are ignored. Each claim's number follows its span as a
    superscript so the reader can find it in the list.
    """
    n = len(text)
    clean = []
    for order, s in enumerate(spans):
        start, end = max(0, int(s["start"])), min(n, int(s["end"]))
        if end > start:
            clean.append({**s, "start": start, "end": end, "_order": order})
    cuts = sorted({0, n, *(s["start"] for s in clean), *(s["end"] for s in clean)})
    starts_at: dict[int, list[Mapping]] = {}
    ends_at: dict[int, list[Mapping]] = {}
    for s in clean:
        starts_at.setdefault(s["start"], []).append(s)
        ends_at.setdefault(s["end"], []).append(s)
    # A sweep over the cuts keeps the spans open at each piece: linear in the number
    # of pieces plus overlaps, so an article with a thousand claims still draws fast.
    active: dict[int, Mapping] = {}
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for s in ends_at.get(a, []):
            active.pop(s["_order"], None)
        for s in starts_at.get(a, []):
            active[s["_order"]] = s
        covering = [active[k] for k in sorted(active)] if active else []
        piece = _esc(text[a:b])
        if covering:
            ids = " ".join(str(s["id"]) for s in covering)
            is_selected = any(s["id"] == selected for s in covering)
            first = covering[0]
            style = f"background:{MARK_COLORS.get(first.get('status', CLEARED), MARK_COLORS[CLEARED])};"
            style += "padding:0 1px;border-radius:2px;"
            if len(covering) > 1:
                style += "border-bottom:3px double #7a5b00;"
            if is_selected:
                style += "outline:2px solid #1f4e9c;"
            numbers = ", ".join(str(s.get("number", "")) for s in covering)
            parts.append(
                f'<mark class="claim{" selected" if is_selected else ""}" data-claims="{_esc(ids)}"'
                f' title="{_esc("Affirmation " + numbers)}" style="{style}">{piece}</mark>'
            )
        else:
            parts.append(piece)
        for s in ends_at.get(b, []):
            weight = "font-weight:bold;color:#1f4e9c;" if s["id"] == selected else "color:#6b5900;"
            parts.append(f'<sup style="{weight}font-size:0.7em;">{_esc(s.get("number", ""))}</sup>')
    body = "".join(parts)
    return f'<div class="article" style="white-space:pre-wrap;line-height:1.6;font-size:0.95rem;">{body}</div>'


def context_html(text: str, start: int, end: int, *, chars: int = 280) -> str:
    """The claim's source span inside the text around it (about `chars` characters
    each side, cut at a space), the span in a <mark>, all escaped."""
    n = len(text)
    start, end = max(0, min(int(start), n)), max(0, min(int(end), n))
    left = max(0, start - chars)
    right = min(n, end + chars)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < n:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    before = ("…" if left > 0 else "") + text[left:start]
    after = text[end:right] + ("…" if right < n else "")
    return (
        '<div class="context" style="white-space:pre-wrap;line-height:1.5;color:#333;">'
        f'{_esc(before)}<mark class="claim-span" style="background:{MARK_COLORS[CLEARED]};font-weight:600;">'
        f"{_esc(text[start:end])}</mark>{_esc(after)}</div>"
    )


_TOKEN = re.compile(r"\w+|\W+", re.UNICODE)
_STEM = 5


def shared_words_html(passage: str, claim: str) -> str:
    """The passage escaped, its words that the claim also has (same 5-letter folded
    stem, stop words left out) in <mark class="shared">, so the reviewer sees at a
    glance what the match rests on."""
    wanted = {fold(w)[:_STEM] for w in content_words(claim)}
    parts = []
    for token in _TOKEN.findall(passage or ""):
        if token[:1].isalnum() or token[:1] == "_":
            low = token.lower()
            if low in content_words(token) and fold(low)[:_STEM] in wanted:
                parts.append(f'<mark class="shared" style="background:#d7e8ff;padding:0;">{_esc(token)}</mark>')
                continue
        parts.append(_esc(token))
    return "".join(parts)


def _fmt_number(value: float) -> str:
    if value >= 1e9:
        return f"{value / 1e9:g} Md"
    if value >= 1e6:
        return f"{value / 1e6:g} M"
    return f"{value:g}"


def figure_differences(claim: str, passage: str) -> list[tuple[str, str, str]]:
    """(kind, in the claim only, in the passage only) for each kind of figure both
    texts give but do not share: number, year, day, month (named in the session's
    language). Empty when the figures agree or one side has none."""

    def split(text: str) -> tuple[set[float], set[float]]:
        scaled = {value for _, value in quantities(text)}
        years = {v for v in scaled if v.is_integer() and 1800 <= v <= 2100}
        return scaled - years, years

    (c_num, c_year), (p_num, p_year) = split(claim), split(passage)
    rows = []
    for kind, a, b, show in (
        (t("figure.number"), c_num, p_num, _fmt_number),
        (t("figure.year"), c_year, p_year, lambda v: f"{v:g}"),
        (t("figure.day"), days(claim), days(passage), lambda md: f"{md[1]:02d}/{md[0]:02d}"),
        (t("figure.month"), months(claim), months(passage), lambda ym: f"{ym[1]:02d}/{ym[0]}"),
    ):
        only_a, only_b = a - b, b - a
        if a and b and only_a and only_b:
            rows.append((kind, ", ".join(show(v) for v in sorted(only_a)), ", ".join(show(v) for v in sorted(only_b))))  # type: ignore[arg-type]
    return rows


def differences_html(rows: Sequence[tuple[str, str, str]]) -> str:
    """The figure differences as a small side-by-side table ('' when none)."""
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{_esc(kind)}</td><td><strong>{_esc(a)}</strong></td><td><strong>{_esc(b)}</strong></td></tr>"
        for kind, a, b in rows
    )
    return (
        '<table class="differences" style="font-size:0.85em;margin-top:4px;border-collapse:collapse;">'
        "<tr><th style='text-align:left;padding-right:12px;'>≠</th>"
        f"<th style='text-align:left;padding-right:12px;'>{_esc(t('card.claim'))}</th>"
        f"<th style='text-align:left;'>{_esc(t('evidence.passage'))}</th></tr>"
        f"{body}</table>"
    )


def evidence_html(match: Mapping, *, claim: str | None = None) -> str:
    """One candidate passage: title, source, date, link, scores, then its text.

    Given the `claim` text, the passage's words shared with it are marked and any
    number or date that differs is shown side by side under the text."""
    meta = [f"<strong>#{_esc(match.get('rank', ''))} {_esc(match.get('title') or match.get('passage_id'))}</strong>"]
    details = [_esc(x) for x in (match.get("source"), match.get("date")) if x]
    url = safe_url(match.get("url"))
    if url:
        details.append(
            f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">{_esc(t("evidence.link"))}</a>'
        )
    score = match.get("score")
    if score is not None:
        scores = f"score {float(score):.3f}"
        if match.get("dense") is not None:
            scores += f" · dense {float(match['dense']):.3f}"
        if match.get("lexical") is not None:
            scores += f" · lexical {float(match['lexical']):.3f}"
        details.append(scores)
    details.append(f"<code>{_esc(match.get('passage_id'))}</code>")
    head = meta[0] + '<br><span style="color:#555;font-size:0.85em;">' + " · ".join(details) + "</span>"
    if claim:
        body = shared_words_html(str(match.get("text") or ""), claim)
        differences = differences_html(figure_differences(claim, str(match.get("text") or "")))
    else:
        body, differences = _esc(match.get("text")), ""
    signals = match.get("signals") or []
    sig = ""
    if signals:
        sig = (
            '<div style="color:#555;font-size:0.8em;margin-top:2px;">' + " · ".join(_esc(s) for s in signals) + "</div>"
        )
    return (
        '<div class="evidence" style="border-left:3px solid #bbb;padding:2px 8px;margin:4px 0;">'
        f'{head}<div style="margin-top:4px;">{body}</div>{differences}{sig}</div>'
    )


def quote_html(label: str, text: str) -> str:
    """A labelled block of escaped text (the claim, its sentence)."""
    return (
        f'<div style="margin:2px 0 8px 0;"><span style="color:#555;font-size:0.85em;">{_esc(label)}</span>'
        f'<div style="white-space:pre-wrap;">{_esc(text)}</div></div>'
    )


def signals_html(signals: Sequence[object]) -> str:
    """The reasons behind a suggestion as a short escaped list ('' when none)."""
    if not signals:
        return ""
    return (
        '<ul class="signals" style="margin:0;font-size:0.85em;color:#444;">'
        + "".join(f"<li>{_esc(s)}</li>" for s in signals)
        + "</ul>"
    )


def table_html(rows: Sequence[Mapping[str, object]], *, css_class: str) -> str:
    """A small table of escaped cells, headed by the first row's keys ('' when no rows).

    Why not st.dataframe: its grid is drawn on a canvas by a heavy component, and the
    claim card is redrawn on every verdict; two such grids cost a reviewer about a
    tenth of a second a click in Chromium, for tables of a few rows."""
    if not rows:
        return ""
    columns = list(rows[0])
    head = "".join(f'<th style="text-align:left;padding:2px 10px 2px 0;">{_esc(c)}</th>' for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="padding:2px 10px 2px 0;vertical-align:top;white-space:pre-wrap;">{_esc(r.get(c, ""))}</td>'
            for c in columns
        )
        + "</tr>"
        for r in rows
    )
    return (
        f'<table class="{_esc(css_class)}" style="font-size:0.85em;border-collapse:collapse;width:100%;">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
