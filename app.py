"""The review desk in the browser: `streamlit run app.py`.

Thin on purpose: extraction, matching, storage and exports live in `claims/` and
`checker/`; the pages in `checker/ui/pages/` only lay them out and turn clicks into
calls. This file starts the background loads (model, French pipeline), gates access, makes
sure the sample is there (showing the start-up steps while it is checked), holds what
every page shares (who is reviewing, blind or not) and hands over to the page in the
URL. The reviewer's name lives in this browser session only: a link cannot choose
who verdicts are recorded for, and a reload asks for it again.
"""

from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.i18n import DEFAULT_LANG, LANG_KEY, LANGS, t
from checker.settings import Settings
from checker.ui.access import require_login
from checker.ui.accounts import identity_sidebar, require_account, signed_in
from checker.ui.common import (
    BLIND_KEY,
    REVIEW_URL_KEY,
    REVIEWER_KEY,
    open_store,
    prepare_sample,
    startup_steps,
    warmup,
    warmup_caption,
)
from checker.ui.database_check import database_ready
from checker.ui.keys import one_script_thread_per_session
from checker.ui.scale import remember as remember_scale

st.set_page_config(page_title=t("app.title"), page_icon="🔎", layout="wide")

PAGE_FILES = [
    ("checker/ui/pages/review.py", "page.review", "🔎", "review"),
    ("checker/ui/pages/agreement.py", "page.agreement", "⚖️", "agreement"),
    ("checker/ui/pages/overview.py", "page.overview", "📊", "overview"),
    ("checker/ui/pages/corpus.py", "page.corpus", "📚", "corpus"),
    ("checker/ui/pages/guidelines.py", "page.guidelines", "📘", "guidelines"),
]
# accounts and assignments: listed for editors and admins only
# (a comment, not a string: Streamlit's "magic" draws a bare string of the script)
TEAM_PAGE_FILE = ("checker/ui/pages/team.py", "page.team", "👥", "team")


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


def pages(*, editor: bool = False) -> list:
    """The desk's pages, titled in the session's language (checker.i18n); the team
    page for an editor."""
    files = [*PAGE_FILES, TEAM_PAGE_FILE] if editor else PAGE_FILES
    return [
        st.Page(path, title=t(title), icon=icon, url_path=url, default=url == "review")
        for path, title, icon, url in files
    ]


def language_switch() -> None:
    """The sidebar's one choice of language, drawn first so the sign-in forms follow it too."""
    st.sidebar.segmented_control(
        t("language"),
        list(LANGS),
        format_func=lambda code: LANGS.get(code, code),
        key=LANG_KEY,
        default=DEFAULT_LANG,
        required=True,
    )


def follow_scale() -> None:
    """Every screen shows the database's rating scale (labels, colours, filters, keys)."""
    store = open_store()
    try:
        remember_scale(store.scale)
    finally:
        store.close()


def main() -> None:
    one_script_thread_per_session()  # two script threads of one session lost a key's move
    warmup()  # once per server process: the model and the French pipeline load meanwhile
    language_switch()
    if not require_login() or not database_ready():  # a message, not a traceback with server paths
        return
    if not account_gate():
        return
    account = signed_in()
    follow_scale()
    state = st.session_state
    page = st.navigation(pages(editor=account is not None and account.is_editor))
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
            t("reviewer"),
            key=REVIEWER_KEY,
            placeholder=t("reviewer.placeholder"),
            help=t("reviewer.help"),
        )
    warmup_caption()
    state.setdefault(REVIEW_URL_KEY, Settings().review_url)
    st.sidebar.text_input(
        t("review_url"),
        key=REVIEW_URL_KEY,
        placeholder="https://…",
        help=t("review_url.help"),
    )
    st.sidebar.toggle(
        t("blind"),
        key=BLIND_KEY,
        bind="query-params",
        help=t("blind.help"),
    )
    page.run()


main()
