"""The screens follow the database's rating scale: labels, colours, filters and keys.

Why tables that look up the scale: every page reads the screens' tables by name
(`ui_view.STATUS_LABELS`, `ui_view.FILTERS`, `ui_keys.ACTIONS`, ...). Each of them
is a `ScaleTable`: a read-only mapping that, on every read, takes its values from
the scale of the browser session's database, put in the session once per script
run by `app.py` (`remember`). Outside a script run (unit tests, the CLI) the tables
are the three-value preset's, so nothing depends on what another session showed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import overload

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from checker import vocabulary
from checker.i18n import lang
from checker.scale import Scale
from checker.vocabulary import Vocabulary

SCALE_KEY = "desk_scale"
"""Session state: the scale of the database this session shows."""


def remember(scale: Scale) -> None:
    """Once per script run: the screens of this session show `scale`."""
    st.session_state[SCALE_KEY] = scale


def current() -> Vocabulary:
    """The vocabulary of this session's scale; the three-value preset's outside a run."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return vocabulary.THREE
    scale = st.session_state.get(SCALE_KEY)
    return vocabulary.of(scale) if isinstance(scale, Scale) else vocabulary.THREE


class ScaleTable(Mapping[str, str]):
    """A screen's table (status → label, colour, filter name; key → action), made
    from the current scale's vocabulary by `make` on each read."""

    def __init__(self, make: Callable[[Vocabulary], Mapping[str, str]]) -> None:
        self._make = make
        # keyed by the vocabulary's id, holding the vocabulary itself: an id is unique
        # only while its object lives, so a cached table must keep its object alive
        self._cache: dict[tuple[int, str], tuple[Vocabulary, Mapping[str, str]]] = {}

    def _table(self) -> Mapping[str, str]:
        words = current()
        key = (id(words), lang())
        cached = self._cache.get(key)
        if cached is None or cached[0] is not words:
            cached = self._cache[key] = (words, dict(self._make(words)))
        return cached[1]

    def __contains__(self, key: object) -> bool:
        """Only the current scale's keys: a code of another scale is not on this screen
        (`__getitem__`'s fallback is for naming a stored code, not for accepting a key)."""
        return key in self._table()

    def __getitem__(self, key: str) -> str:
        table = self._table()
        if key in table or get_script_run_ctx(suppress_warning=True) is not None:
            return table[key]
        # outside a script run (a page module imported by a test) the preset's table
        # may not know a code of the database's scale: any known scale's word for it
        for words in vocabulary.known():
            made = self._make(words)
            if key in made:
                return made[key]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return f"ScaleTable({dict(self._table())!r})"


class ScaleRows(Sequence[tuple[str, str]]):
    """A list of rows (the keys help) made from the current scale on each read."""

    def __init__(self, make: Callable[[Vocabulary], Sequence[tuple[str, str]]]) -> None:
        self._make = make

    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, str]]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, str] | Sequence[tuple[str, str]]:
        return list(self._make(current()))[index]

    def __len__(self) -> int:
        return len(self._make(current()))
