"""The verdict vocabulary: every status a claim can be in, its words and its colours.

Why one module: a reviewer learns that green means true on one screen and must find
it true on every other one (queue, overview chart, exported report), so codes,
labels, hex colours, Streamlit badge colours and icons are written here once and every
screen and export reads them from here.

Codes: the three verdicts a reviewer gives and 'unreviewed' are what the database holds
(the store reads them from here, so this module depends on nothing); 'disputed' is derived, never stored: the reviewers'
current verdicts on the claim differ and no settlement decided it.
"""
from __future__ import annotations

VERDICTS: tuple[str, ...] = ("true", "false", "unclear")
"""The verdicts a reviewer gives, as stored."""

CLEARED = "unreviewed"
"""A claim no current verdict decides (also the code of an undo row)."""

DISPUTED = "disputed"
"""A claim whose reviewers' current verdicts differ (derived, never a stored row)."""

STATUSES: tuple[str, ...] = (*VERDICTS, DISPUTED, CLEARED)
"""Every status of a claim, in the order screens and reports list them."""

UI_LABELS: dict[str, str] = {
    "true": "Vrai (True)",
    "false": "Faux (False)",
    "unclear": "Incertain (Unclear)",
    DISPUTED: "En désaccord (disputed)",
    CLEARED: "À vérifier (Unreviewed)",
}
"""The desk's screens: French first, the English word in brackets."""

REPORT_LABELS: dict[str, dict[str, str]] = {
    "fr": {"true": "Vrai", "false": "Faux", "unclear": "Incertain", DISPUTED: "En désaccord",
           CLEARED: "Non vérifié"},
    "en": {"true": "True", "false": "False", "unclear": "Unclear", DISPUTED: "Disputed", CLEARED: "Unreviewed"},
}
"""Exported reports, in the article's language (one language per report)."""

HEX_COLORS: dict[str, str] = {
    "true": "#1b7f3b",
    "false": "#b3261e",
    "unclear": "#a86200",
    DISPUTED: "#6a3fb5",
    CLEARED: "#5f6368",
}
"""Green, red, orange, violet, grey: dark enough for white text on a badge (contrast
above 4.5:1), used for the HTML report, the overview chart and anything drawn."""

BADGE_COLORS: dict[str, str] = {"true": "green", "false": "red", "unclear": "orange", DISPUTED: "violet",
                                CLEARED: "gray"}
"""The same colours as Streamlit's named badge colours (st.badge)."""

HIGHLIGHT_COLORS: dict[str, str] = {
    "true": "#c8f0c8",
    "false": "#ffc9c9",
    "unclear": "#ffe0b3",
    DISPUTED: "#e3d5f7",
    CLEARED: "#fff3b0",
}
"""Pale tints of the same colours, behind a claim's words in the article (dark text on
them stays readable); an unreviewed claim is the highlighter's yellow."""

ICONS: dict[str, str] = {"true": "🟢", "false": "🔴", "unclear": "🟠", DISPUTED: "🟣", CLEARED: "⚪"}
"""The same colours as one character, for one-line lists."""

for _table in (UI_LABELS, HEX_COLORS, BADGE_COLORS, HIGHLIGHT_COLORS, ICONS, *REPORT_LABELS.values()):
    assert tuple(_table) == STATUSES, _table
