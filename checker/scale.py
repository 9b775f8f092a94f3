"""The newsroom's rating scale: which verdicts a reviewer can give, and how each reads.

Why a file: newsrooms publish their own scale (French desks rate "Vrai", "Plutôt
vrai", "Trompeur", "Manque de contexte", "Faux", "Invérifiable"), and a composite or
misleading claim forced into true / false / unclear gets a wrong answer. A scale
file holds, per value: the code stored in the database, the French and English
labels, colours, a description, the ClaimReview ratingValue and alternateName, and
the key that gives it on the review page. One desk, one scale.

Which scale a database is on is kept in the database (`Store.scale`): a database
keeps the scale its verdicts were given on. A database from before scales (no
stored scale) is on the three-value preset, which is what its verdicts are.

Choosing a scale: `$FACTCHECK_SCALE` (a preset name or a scale file path), or
`--scale` on the command line. Unset, a new database gets the default preset.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.settings import PACKAGE_ROOT

SCALES_DIR = PACKAGE_ROOT / "data" / "scales"
PRESETS: dict[str, Path] = {"fr-six": SCALES_DIR / "fr-six.json", "three": SCALES_DIR / "three.json"}
"""Shipped scales by name: the six values French fact-checkers publish (the default),
and the three verdicts of the desk's first versions."""

DEFAULT_SCALE = "fr-six"
LEGACY_SCALE = "three"
"""The scale of a database that stores none: it was made before scales existed."""

SCALE_ENV = "FACTCHECK_SCALE"

DISPUTED = "disputed"
CLEARED = "unreviewed"
RESERVED_CODES = (DISPUTED, CLEARED)
"""Statuses the desk derives or stores itself: no scale value may take their code."""

RESERVED_KEYS = frozenset("npu?0123456789")
"""Keys the review page already uses (next, previous, undo, help, evidence 1–9)."""

LANGS = ("fr", "en")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
BADGE_NAMES = ("blue", "green", "orange", "red", "violet", "gray", "grey", "primary")
"""Streamlit's named badge colours (st.badge)."""


@dataclass(frozen=True)
class ScaleValue:
    """One rating of the scale."""

    code: str
    labels: dict[str, str]
    color: str
    badge: str
    tint: str
    icon: str
    key: str
    rating: int | None
    description: dict[str, str] = field(default_factory=dict)
    alternate_names: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["fr"]

    def alternate_name(self, lang: str) -> str:
        """ClaimReview's alternateName: the scale's own word, else the label."""
        return self.alternate_names.get(lang) or self.label(lang)


@dataclass(frozen=True)
class Scale:
    """A whole scale, its values in the order screens and reports list them."""

    name: str
    values: tuple[ScaleValue, ...]
    best_rating: int
    worst_rating: int
    description: dict[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.values)

    def value(self, code: str) -> ScaleValue:
        for v in self.values:
            if v.code == code:
                return v
        raise InputError(f"verdict: {code!r} is not on the scale {self.name!r} ({', '.join(self.codes)})")

    @property
    def keys(self) -> dict[str, str]:
        """Key → code, what the review page's keyboard gives."""
        return {v.key: v.code for v in self.values}

    def to_document(self) -> dict[str, Any]:
        """The scale as a scale file holds it (what the database stores)."""
        return {
            "name": self.name,
            "description": dict(self.description),
            "best_rating": self.best_rating,
            "worst_rating": self.worst_rating,
            "values": [
                {
                    "code": v.code,
                    **v.labels,
                    "color": v.color,
                    "badge": v.badge,
                    "tint": v.tint,
                    "icon": v.icon,
                    "key": v.key,
                    "rating": v.rating,
                    "description": dict(v.description),
                    **({"alternate_name": dict(v.alternate_names)} if v.alternate_names else {}),
                }
                for v in self.values
            ],
        }

    def same_values(self, other: Scale) -> bool:
        """Whether verdicts given on one read the same on the other (same codes, in order)."""
        return self.codes == other.codes


def _lang_map(raw: Any, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return {"fr": raw, "en": raw}
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise InputError(f"{where}: must be a text or a table of texts by language (fr, en)")
    return {str(k): v for k, v in raw.items()}


def _value(raw: Any, where: str) -> ScaleValue:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: must be a table with code, fr, en, color, key, rating")
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        raise InputError(f"{where}.code: {code!r} must be lower-case letters, digits or _ (at most 32)")
    if code in RESERVED_CODES:
        raise InputError(f"{where}.code: {code!r} is the desk's own status, not a rating")
    labels = {}
    for lang in LANGS:
        text = raw.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}.{lang}: the {lang} label is missing")
        labels[lang] = text.strip()
    color = raw.get("color")
    if not isinstance(color, str) or not _HEX.match(color):
        raise InputError(f"{where}.color: {color!r} must be a colour as #rrggbb")
    tint = raw.get("tint", _pale(color))
    if not isinstance(tint, str) or not _HEX.match(tint):
        raise InputError(f"{where}.tint: {tint!r} must be a colour as #rrggbb")
    badge = raw.get("badge", "gray")
    if badge not in BADGE_NAMES:
        raise InputError(f"{where}.badge: {badge!r} must be one of {', '.join(BADGE_NAMES)}")
    key = raw.get("key")
    if not isinstance(key, str) or len(key) != 1 or not key.isalpha():
        raise InputError(f"{where}.key: {key!r} must be one letter")
    key = key.lower()
    if key in RESERVED_KEYS:
        raise InputError(f"{where}.key: {key!r} is already the review page's (next, previous, undo)")
    rating = raw.get("rating")
    if rating is not None and (not isinstance(rating, int) or isinstance(rating, bool)):
        raise InputError(f"{where}.rating: {rating!r} must be a whole number, or null for no ratingValue")
    icon = raw.get("icon", "●")
    if not isinstance(icon, str) or not icon:
        raise InputError(f"{where}.icon: must be a character")
    return ScaleValue(
        code=code,
        labels=labels,
        color=color,
        badge=badge,
        tint=tint,
        icon=icon,
        key=key,
        rating=rating,
        description=_lang_map(raw.get("description"), f"{where}.description"),
        alternate_names=_lang_map(raw.get("alternate_name"), f"{where}.alternate_name"),
    )


def _pale(color: str) -> str:
    """A tint of `color` (three quarters white), for a scale file that gives none."""
    channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * 0.75):02x}" for c in channels)


def from_document(raw: Any, where: str = "scale") -> Scale:
    """A scale from its parsed file; InputError naming the field for anything wrong."""
    if not isinstance(raw, dict):
        raise InputError(f"{where}: must be a table with name and values")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: name: the scale needs a name")
    items = raw.get("values")
    if not isinstance(items, list) or len(items) < 2:
        raise InputError(f"{where}: values: a scale needs at least two values")
    values = tuple(_value(item, f"{where}: values[{n}]") for n, item in enumerate(items))
    for attr in ("code", "key"):
        seen: set[str] = set()
        for n, v in enumerate(values):
            if getattr(v, attr) in seen:
                raise InputError(f"{where}: values[{n}].{attr}: {getattr(v, attr)!r} is given twice")
            seen.add(getattr(v, attr))
    ratings = [v.rating for v in values if v.rating is not None]
    best = raw.get("best_rating", max(ratings, default=1))
    worst = raw.get("worst_rating", min(ratings, default=1))
    for label, bound in (("best_rating", best), ("worst_rating", worst)):
        if not isinstance(bound, int) or isinstance(bound, bool):
            raise InputError(f"{where}: {label}: {bound!r} must be a whole number")
    for n, v in enumerate(values):
        if v.rating is not None and not min(best, worst) <= v.rating <= max(best, worst):
            raise InputError(f"{where}: values[{n}].rating: {v.rating} is outside {worst}…{best}")
    return Scale(
        name=name.strip(),
        values=values,
        best_rating=best,
        worst_rating=worst,
        description=_lang_map(raw.get("description"), f"{where}: description"),
    )


def load_scale(path: Path) -> Scale:
    """A scale file (.json or .toml)."""
    if not path.is_file():
        raise InputError(f"{path}: no such scale file")
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"{path}: not a scale file ({e})") from None
    return from_document(raw, str(path))


def named_scale(choice: str) -> Scale:
    """A preset by name, or a scale file by path."""
    if choice in PRESETS:
        return load_scale(PRESETS[choice])
    path = Path(choice)
    if path.suffix.lower() in (".json", ".toml") or path.exists():
        return load_scale(path)
    raise InputError(f"scale: {choice!r} is neither a preset ({', '.join(PRESETS)}) nor a scale file")


def requested_scale() -> Scale | None:
    """The scale `$FACTCHECK_SCALE` asks for, None when unset."""
    choice = os.environ.get(SCALE_ENV, "").strip()
    return named_scale(choice) if choice else None


def default_scale() -> Scale:
    return named_scale(DEFAULT_SCALE)


def legacy_scale() -> Scale:
    return named_scale(LEGACY_SCALE)


def refuse_other(stored: Scale, asked: Scale, where: str) -> None:
    """A database keeps the scale its verdicts were given on: asking for another one
    is refused, before anything is written."""
    if not stored.same_values(asked):
        raise InputError(
            f"{where}: its verdicts are on the scale {stored.name!r} ({', '.join(stored.codes)}), not"
            f" {asked.name!r} ({', '.join(asked.codes)}); nothing was changed: open it without a scale"
            f" (or with {stored.name!r}), or give another database"
        )


def stored_in(definition: str | None, where: str) -> Scale:
    """The scale a database keeps, from its `desk_scale` definition (the JSON text the
    store reads, `checker.store.schema.stored_scale_definition`); a file from before
    scales (no definition) is on the three-value preset."""
    if definition is None:
        return legacy_scale()
    try:
        return from_document(json.loads(definition), f"{where}: desk_scale")
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: desk_scale: the stored scale cannot be read ({e})") from None
