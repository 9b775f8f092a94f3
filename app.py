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
from checker.ui_access import require_login
from checker.ui_accounts import identity_sidebar, require_account, signed_in
from checker.ui_common import (
    BLIND_KEY,
    REVIEWER_KEY,
    open_store,
    prepare_sample,
    startup_steps,
    warmup,
    warmup_caption,
)
from checker.ui_database import database_ready
from checker.ui_keys import one_script_thread_per_session

st.set_page_config(page_title="Desk de vérification (fact-checking desk)", page_icon="🔎", layout="wide")

PAGES = [
    st.Page("checker/ui_pages/review.py", title="Revue (review)", icon="🔎", url_path="review", default=True),
    st.Page("checker/ui_pages/agreement.py", title="Accord (agreement)", icon="⚖️", url_path="agreement"),
    st.Page("checker/ui_pages/overview.py", title="Vue d'ensemble (overview)", icon="📊", url_path="overview"),
    st.Page("checker/ui_pages/corpus.py", title="Corpus de référence (corpus)", icon="📚", url_path="corpus"),
]
# accounts and assignments: listed for editors and admins only
TEAM_PAGE = st.Page("checker/ui_pages/team.py", title="Équipe (team)", icon="👥", url_path="team")


def account_gate() -> bool:
    """On a desk with accounts, nothing is drawn until this session signs in."""
    store = open_store()
    try:
        return require_account(store)
    except CheckerError as e:
        st.error(str(e))
        return False
    finally:
        store.close()


def main() -> None:
    one_script_thread_per_session()  # two script threads of one session lost a key's move
    warmup()  # once per server process: the model and the French pipeline load meanwhile
    if not require_login() or not database_ready():  # a message, not a traceback with server paths
        return
    if not account_gate():
        return
    account = signed_in()
    page = st.navigation([*PAGES, TEAM_PAGE] if account is not None and account.is_editor else PAGES)
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
    if account is not None:
        identity_sidebar(account)  # verdicts are signed by the account: no name to type
    else:
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
    st.sidebar.toggle(
        "Revue à l'aveugle (blind review)",
        key=BLIND_KEY,
        bind="query-params",
        help="Vous ne voyez que vos propres verdicts ; ceux des autres apparaissent une fois le vôtre donné "
        "(you see only your own verdicts; the others show once you have given yours).",
    )
    page.run()


main()
