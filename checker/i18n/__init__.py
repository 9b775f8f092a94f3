"""One UI language at a time: the desk's message catalogue (French, English) and the
language this browser session chose.

Why a catalogue: labels written "Français (English)" doubled every word on screen; a
reviewer reads one language. French is the default (the desk's reviewers work in
French); the sidebar switch changes the screens and the language of the reports
downloaded from them. Status and suggestion labels come from the scale
(`checker.vocabulary`), every other word on screen from `MESSAGES`, which gathers one
module per screen (`checker.i18n.desk`, `.review`, `.card`, `.pages`) so a page's words
are found next to each other.
"""

from __future__ import annotations

from checker.i18n import card, desk, pages, review

LANGS: dict[str, str] = {"fr": "Français", "en": "English"}
DEFAULT_LANG = "fr"
LANG_KEY = "ui_lang"
"""Session state: the chosen UI language ('fr' or 'en')."""

Catalogue = dict[str, dict[str, str]]


def _gather(*parts: Catalogue) -> Catalogue:
    """One catalogue from the screens' ones; a key defined twice is a bug."""
    out: Catalogue = {}
    for part in parts:
        for key, texts in part.items():
            assert key not in out, key
            assert set(texts) == set(LANGS), key
            out[key] = texts
    return out


MESSAGES: Catalogue = _gather(desk.MESSAGES, review.MESSAGES, card.MESSAGES, pages.MESSAGES)


def lang() -> str:
    """The session's UI language; French outside a script run and by default.
    Streamlit is imported here, not at the top: the CLI words its progress from this
    catalogue and never starts a script run."""
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_LANG
    chosen = st.session_state.get(LANG_KEY)
    return chosen if chosen in LANGS else DEFAULT_LANG


def t(key: str, language: str | None = None, /, **values: object) -> str:
    """The message `key` in the session's language (or `language`), its `{name}`
    places filled from `values`."""
    text = MESSAGES[key][language or lang()]
    return text.format(**values) if values else text
