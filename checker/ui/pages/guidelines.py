"""Consignes (guidelines): the desk's Markdown guidelines, then its rating scale with
each value's key and description. Linked from every claim card."""

from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.i18n import lang, t
from checker.ui.common import open_store
from checker.ui.guidelines import guidelines_path, read_guidelines, scale_rows
from checker.ui.scale import current


def guidelines_page() -> None:
    path = guidelines_path()
    try:
        text = read_guidelines(path)
    except CheckerError as e:
        st.error(str(e).replace(str(path), path.name))
        text = ""
    if text:
        st.markdown(text)  # the desk's own file; Streamlit renders no raw HTML in it
    store = open_store()
    try:
        scale = store.scale
    finally:
        store.close()
    language = lang()
    st.subheader(t("guidelines.scale"))
    st.caption(md(scale.description.get(language, scale.name)))
    words = current()
    for value, (key, label, description) in zip(scale.values, scale_rows(scale, language)):
        st.markdown(
            f"{words.icons.get(value.code, '')} **{md(label)}** · {t('guidelines.key')} {md(key)} — {md(description)}"
        )


guidelines_page()
