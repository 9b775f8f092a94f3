"""The review desk in the browser: `streamlit run app.py`.

Thin on purpose: extraction, matching, storage and exports live in `claims/` and
`checker/`; the pages in `checker/ui_pages/` only lay them out and turn clicks into
calls. This file starts the background loads (model, French pipeline), gates access, makes
sure the sample is there (showing the start-up steps while it is checked), holds what
every page shares (who is reviewing, blind or not) and hands over to the page in the
URL. The reviewer's name lives in this browser session only: a link cannot choose
who verdicts are recorded for, and a reload asks for it again.
"""
from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.settings import Settings
from checker.ui_access import require_login
from checker.ui_common import (
    BLIND_KEY,
    REVIEW_URL_KEY,
    REVIEWER_KEY,
    open_store,
    prepare_sample,
    startup_steps,
    warmup,
    warmup_caption,
)
from checker.ui_database import database_ready
from checker.ui_scale import remember as remember_scale

st.set_page_config(page_title="Desk de vérification (fact-checking desk)", page_icon="🔎", layout="wide")

PAGES = [
    st.Page("checker/ui_pages/review.py", title="Revue (review)", icon="🔎", url_path="review", default=True),
    st.Page("checker/ui_pages/agreement.py", title="Accord (agreement)", icon="⚖️", url_path="agreement"),
    st.Page("checker/ui_pages/overview.py", title="Vue d'ensemble (overview)", icon="📊", url_path="overview"),
    st.Page("checker/ui_pages/corpus.py", title="Corpus de référence (corpus)", icon="📚", url_path="corpus"),
    st.Page("checker/ui_pages/guidelines.py", title="Consignes (guidelines)", icon="📘", url_path="guidelines"),
]


def follow_scale() -> None:
    """Every screen shows the database's rating scale (labels, colours, filters, keys)."""
    store = open_store()
    try:
        remember_scale(store.scale)
    finally:
        store.close()


def main() -> None:
    warmup()  # once per server process: the model and the French pipeline load meanwhile
    if not require_login() or not database_ready():  # a message, not a traceback with server paths
        return
    follow_scale()
    page = st.navigation(PAGES)
    state = st.session_state
    if "sample_id" not in state:
        store = open_store()
        try:
            sample_id = prepare_sample(store)
        except CheckerError as e:
            st.error(str(e))
            return
        finally:
            store.close()
        if sample_id is None:
            startup_steps()
            return
        state["sample_id"] = sample_id
    if REVIEWER_KEY in state:
        state[REVIEWER_KEY] = " ".join(str(state[REVIEWER_KEY]).split())  # a blank name is no name
    st.sidebar.text_input(
        "Vérificateur (reviewer name)",
        key=REVIEWER_KEY,
        placeholder="Votre nom (your name)",
        help="Obligatoire pour donner un verdict ; gardé pour cette session du navigateur "
             "(required to give a verdict; kept for this browser session).",
    )
    warmup_caption()
    state.setdefault(REVIEW_URL_KEY, Settings().review_url)
    st.sidebar.text_input(
        "Page de vérification (fact-check page url)",
        key=REVIEW_URL_KEY,
        placeholder="https://…",
        help="L'adresse où la rédaction publie la vérification ; ClaimReview l'exige "
             "(where the desk publishes the fact-check; ClaimReview requires it).",
    )
    st.sidebar.toggle(
        "Revue à l'aveugle (blind review)",
        key=BLIND_KEY,
        bind="query-params",
        help="Vous ne voyez que vos propres verdicts ; ceux des autres apparaissent une fois le vôtre donné "
        "(you see only your own verdicts; the others show once you have given yours).",
    )
    page.run()


main()
