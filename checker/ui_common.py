"""What every page of the desk shares: the model, the database, the reviewer, messages.

Heavy objects sit behind `st.cache_resource` and are never mutated; the database is
opened once per script run or callback (WAL lets several sessions share the file);
session state holds only where the reviewer is looking and who they are.
"""
from __future__ import annotations

import hashlib
import re

import streamlit as st

from checker.embed import DEFAULT_MODEL, Embedder, default_model_id, load_embedder, resolve_model_name
from checker.settings import SAMPLE_ARTICLE, default_db_path
from checker.store import Store
from checker.text_policy import show_controls
from checker.ui_access import expire_downloads_soon
from checker.ui_queries import sample_is_checked
from claims import read_article

REVIEWER_KEY = "reviewer"
BLIND_KEY = "blind"


@st.cache_resource(show_spinner="Chargement du modèle (loading the embedding model)…")
def embedder() -> Embedder:
    """The sentence-transformers model, loaded once per server process and never mutated."""
    return load_embedder()


def open_store() -> Store:
    """One connection per script run or callback; WAL lets several sessions share the file."""
    return Store(default_db_path(), check_same_thread=False)


def reviewer_name() -> str:
    return (st.session_state.get(REVIEWER_KEY) or "").strip()


def blind_mode() -> bool:
    """A blind second review: the reviewer sees only their own verdicts until they
    have given one on the claim."""
    return bool(st.session_state.get(BLIND_KEY))


def flash(kind: str, message: str) -> None:
    """A message to show on the next run (callbacks cannot draw where it belongs)."""
    st.session_state["flash"] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop("flash", (None, None))
    if kind == "success":
        st.success(message)
    elif kind == "error":
        st.error(message)
    elif kind == "info":
        st.info(message)


def md(text: str) -> str:
    """Plain text inside st.markdown: markdown and HTML characters shown as typed."""
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", show_controls(text))  # one display policy


def export_data(article_id: str | None, format_name: str) -> str:
    """One export, built when the reviewer clicks its download button (not on every
    rerun: a report of a thousand claims takes longer to build than the page)."""
    from checker.renderers import RENDERERS
    from checker.report import build_report

    store = open_store()
    try:
        return RENDERERS[format_name](build_report(store, article_id))
    finally:
        store.close()
        expire_downloads_soon()  # the /media/ link stops working after FACTCHECK_DOWNLOAD_TTL seconds


def _sample_id() -> str:
    text = read_article(SAMPLE_ARTICLE)
    return "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def prepare_sample(store: Store) -> str:
    """The sample article's id, checking it first if this database lacks it.

    With the default model and the sample already checked, the model is not loaded:
    opening the desk then costs a database read, not a model load.
    """
    if resolve_model_name() == DEFAULT_MODEL:
        article_id = _sample_id()
        if sample_is_checked(store, article_id, default_model_id()):
            return article_id
    from checker.pipeline import ensure_sample  # spaCy's pipeline: only when the sample must be checked

    with st.spinner("Préparation de l'article d'exemple (checking the sample article)…"):
        return ensure_sample(store, embedder())
