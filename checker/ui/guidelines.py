"""The desk's guidelines: a Markdown page a newsroom writes, shown beside its scale.

Why a file: how to choose between "Trompeur" and "Manque de contexte" is a newsroom's
own rule, written by its editors; the desk only shows it, linked from every claim
card, with the scale's own descriptions under it so the two never drift apart.
"""

from __future__ import annotations

from pathlib import Path

from checker.errors import InputError
from checker.scale import Scale
from checker.settings import PACKAGE_ROOT, Settings

DEFAULT_GUIDELINES = PACKAGE_ROOT / "data" / "guidelines" / "consignes.md"
"""The guidelines shipped with the desk (French)."""

MAX_BYTES = 512 * 1024


def guidelines_path(settings: Settings | None = None) -> Path:
    """`$FACTCHECK_GUIDELINES` when set, else the shipped page."""
    chosen = (settings or Settings()).guidelines.strip()
    return Path(chosen) if chosen else DEFAULT_GUIDELINES


def read_guidelines(path: Path) -> str:
    """The page's Markdown; InputError naming the file when it cannot be shown."""
    if not path.is_file():
        raise InputError(f"{path}: no such guidelines file (set $FACTCHECK_GUIDELINES to a Markdown file)")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"{path}: the guidelines file is larger than {MAX_BYTES // 1024} KB")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: the guidelines file is not UTF-8 text (byte {e.start})") from None


def scale_rows(scale: Scale, lang: str = "fr") -> list[tuple[str, str, str]]:
    """(key, label, description) per value of the scale, in its order, for the page."""
    return [(v.key.upper(), v.label(lang), v.description.get(lang, "")) for v in scale.values]
