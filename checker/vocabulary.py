"""The verdict vocabulary: every status a claim can be in, its words and its colours.

Why one module: a reviewer learns that green means true on one screen and must find
it true on every other one (queue, overview chart, exported report), so codes,
labels, hex colours, Streamlit badge colours and icons are written here once and every
screen and export reads them from here.

Codes: the verdicts a reviewer gives come from the database's rating scale
(`checker.scale`; `of(store.scale)` gives its vocabulary) and 'unreviewed' from the
store; 'disputed' is derived, never stored: the reviewers' current verdicts on the
claim differ and no settlement decided it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

VERDICTS: tuple[str, ...] = ("true", "false", "unclear")
"""The three-value preset's verdicts (checker.scale's `three`), as stored."""

from checker.scale import CLEARED, DISPUTED, Scale, legacy_scale

_OWN_LABELS: dict[str, dict[str, str]] = {
    "fr": {DISPUTED: "En désaccord", CLEARED: "Non vérifié"},
    "en": {DISPUTED: "Disputed", CLEARED: "Unreviewed"},
}
_OWN_SCREEN = {
    "fr": {DISPUTED: "En désaccord", CLEARED: "À vérifier"},
    "en": {DISPUTED: "Disputed", CLEARED: "Unreviewed"},
}
_OWN_HEX = {DISPUTED: "#6a3fb5", CLEARED: "#5f6368"}
_OWN_BADGE = {DISPUTED: "violet", CLEARED: "gray"}
_OWN_TINT = {DISPUTED: "#e3d5f7", CLEARED: "#fff3b0"}
_OWN_ICON = {DISPUTED: "🟣", CLEARED: "⚪"}
"""The two statuses every scale shares: violet for disputed, grey (yellow tint, the
highlighter's) for unreviewed."""

SUGGESTIONS: tuple[str, ...] = ("supported", "contradicted", "related", "no evidence")
"""The machine's suggestion codes (checker.verify.suggestion), the same on every scale."""

SUGGESTION_SCREEN_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "supported": "Étayée",
        "contradicted": "Contredite",
        "related": "Sujet proche",
        "no evidence": "Aucune preuve trouvée",
    },
    "en": {
        "supported": "Supported",
        "contradicted": "Contradicted",
        "related": "Related",
        "no evidence": "No evidence found",
    },
}
"""The suggestion on the screens, worded so it never reads like a verdict."""

SUGGESTION_REPORT_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "supported": "étayée par les sources",
        "contradicted": "contredite par les sources",
        "related": "sources apparentées",
        "no evidence": "aucune source trouvée",
    },
    "en": {
        "supported": "supported by the sources",
        "contradicted": "contradicted by the sources",
        "related": "related sources",
        "no evidence": "no evidence found",
    },
}
"""The suggestion in a report's sentence ("Suggestion: supported by the sources")."""


@dataclass(frozen=True)
class Vocabulary:
    """Every status of a claim on one scale, with its words and colours: the scale's
    values in the scale's order, then 'disputed', then 'unreviewed'."""

    scale: Scale
    statuses: tuple[str, ...]
    report_labels: dict[str, dict[str, str]]
    screen_labels: dict[str, dict[str, str]]
    """The screens' words in one language at a time (checker.i18n): 'fr', 'en'."""
    suggestion_labels: dict[str, dict[str, str]]
    """The suggestions' words on the screens, by language (the same on every scale)."""
    hex_colors: dict[str, str]
    badge_colors: dict[str, str]
    highlight_colors: dict[str, str]
    icons: dict[str, str]

    @property
    def verdicts(self) -> tuple[str, ...]:
        """The codes a reviewer can give (the scale's)."""
        return self.scale.codes


_made: dict[str, tuple[Scale, Vocabulary]] = {}


def of(scale: Scale) -> Vocabulary:
    """The vocabulary of a scale, made once per scale (screens ask for it on every
    line they draw)."""
    key = json.dumps(scale.to_document(), sort_keys=True, ensure_ascii=False)
    made = _made.get(key)
    if made is None:
        made = _made[key] = (scale, _make(scale))
    return made[1]


def known() -> list[Vocabulary]:
    """Every vocabulary made in this process (the scales of the databases opened)."""
    return [words for _, words in _made.values()]


def _make(scale: Scale) -> Vocabulary:
    values = scale.values
    return Vocabulary(
        scale=scale,
        statuses=(*scale.codes, DISPUTED, CLEARED),
        report_labels={lang: {**{v.code: v.label(lang) for v in values}, **own} for lang, own in _OWN_LABELS.items()},
        screen_labels={lang: {**{v.code: v.label(lang) for v in values}, **own} for lang, own in _OWN_SCREEN.items()},
        suggestion_labels=SUGGESTION_SCREEN_LABELS,
        hex_colors={**{v.code: v.color for v in values}, **_OWN_HEX},
        badge_colors={**{v.code: v.badge for v in values}, **_OWN_BADGE},
        highlight_colors={**{v.code: v.tint for v in values}, **_OWN_TINT},
        icons={**{v.code: v.icon for v in values}, **_OWN_ICON},
    )


THREE = of(legacy_scale())
"""The three-value preset's vocabulary: what the module-level tables below hold, for
code that has no database (and so no scale) at hand."""

STATUSES: tuple[str, ...] = THREE.statuses
"""Every status of a claim, in the order screens and reports list them."""

SCREEN_LABELS: dict[str, dict[str, str]] = THREE.screen_labels
"""The desk's screens, one language at a time (checker.i18n)."""

REPORT_LABELS: dict[str, dict[str, str]] = THREE.report_labels
"""Exported reports, in the article's language (one language per report)."""

HEX_COLORS: dict[str, str] = THREE.hex_colors
"""Green, red, orange, violet, grey: dark enough for white text on a badge (contrast
above 4.5:1), used for the HTML report, the overview chart and anything drawn."""

BADGE_COLORS: dict[str, str] = THREE.badge_colors
"""The same colours as Streamlit's named badge colours (st.badge)."""

HIGHLIGHT_COLORS: dict[str, str] = THREE.highlight_colors
"""Pale tints of the same colours, behind a claim's words in the article (dark text on
them stays readable); an unreviewed claim is the highlighter's yellow."""

ICONS: dict[str, str] = THREE.icons
"""The same colours as one character, for one-line lists."""

for _table in (HEX_COLORS, BADGE_COLORS, HIGHLIGHT_COLORS, ICONS, *REPORT_LABELS.values(), *SCREEN_LABELS.values()):
    assert tuple(_table) == STATUSES, _table
for _words in (*SUGGESTION_SCREEN_LABELS.values(), *SUGGESTION_REPORT_LABELS.values()):
    assert tuple(_words) == SUGGESTIONS, _words
