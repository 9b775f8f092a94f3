"""HTML for the review screen, built from escaped text only.

Articles and corpora come from outside the newsroom, so any '<script>' or tag in them
must show as text: every piece of text goes through `html.escape` here, and the only
markup is the markup these functions write themselves.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from urllib.parse import urlparse

from checker.store import CLEARED

MARK_COLORS: dict[str, str] = {
    CLEARED: "#fff3b0",
    "true": "#c8f0c8",
    "false": "#ffc9c9",
    "unclear": "#ffe0b3",
}
"""Background of a claim's span by status; a span covered by several claims takes the
colour of the first one in list order and a thicker underline."""


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str:
    """The URL if it is a plain http(s) link, else '' (no javascript: or data: links)."""
    if not url:
        return ""
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else ""


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
    for s in spans:
        start, end = max(0, int(s["start"])), min(n, int(s["end"]))
        if end > start:
            clean.append({**s, "start": start, "end": end})
    cuts = sorted({0, n, *(s["start"] for s in clean), *(s["end"] for s in clean)})
    ends_at: dict[int, list[Mapping]] = {}
    for s in clean:
        ends_at.setdefault(s["end"], []).append(s)
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in clean if s["start"] <= a and b <= s["end"]]
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
    return (
        '<div class="article" style="white-space:pre-wrap;line-height:1.6;font-size:0.95rem;">'
        f"{body}</div>"
    )


def evidence_html(match: Mapping) -> str:
    """One candidate passage: title, source, date, link, scores, then its text."""
    meta = [f"<strong>#{_esc(match.get('rank', ''))} {_esc(match.get('title') or match.get('passage_id'))}</strong>"]
    details = [_esc(x) for x in (match.get("source"), match.get("date")) if x]
    url = safe_url(match.get("url"))
    if url:
        details.append(f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">lien (link)</a>')
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
    signals = match.get("signals") or []
    sig = ""
    if signals:
        sig = (
            '<div style="color:#555;font-size:0.8em;margin-top:2px;">'
            + " · ".join(_esc(s) for s in signals)
            + "</div>"
        )
    return (
        '<div class="evidence" style="border-left:3px solid #bbb;padding:2px 8px;margin:4px 0;">'
        f'{head}<div style="margin-top:4px;">{_esc(match.get("text"))}</div>{sig}</div>'
    )


def quote_html(label: str, text: str) -> str:
    """A labelled block of escaped text (the claim, its sentence)."""
    return (
        f'<div style="margin:2px 0 8px 0;"><span style="color:#555;font-size:0.85em;">{_esc(label)}</span>'
        f'<div style="white-space:pre-wrap;">{_esc(text)}</div></div>'
    )
