"""Consignes (guidelines): the desk's Markdown guidelines, then its rating scale with
each value's key and description. Linked from every claim card."""
from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.guidelines import guidelines_path, read_guidelines, scale_rows
from checker.ui_common import md, open_store
from checker.ui_scale import current


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
    st.subheader("Échelle de notation (rating scale)")
    st.caption(md(scale.description.get("fr", scale.name)))
    words = current()
    for key, label, description in scale_rows(scale):
        code = next(v.code for v in scale.values if v.label("fr") == label)
        st.markdown(f"{words.icons.get(code, '')} **{md(label)}** · touche (key) {md(key)} — {md(description)}")


guidelines_page()
