"""What every page of the desk shares: the model, the database, the reviewer, messages.

Heavy objects sit behind `st.cache_resource` and are never mutated; the database is
opened once per script run or callback (WAL lets several sessions share the file);
session state holds only where the reviewer is looking and who they are.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from checker.escaping import escape_markdown as md
from checker.i18n import t
from checker.model.encoder import DEFAULT_MODEL, Embedder, default_model_id, load_embedder, resolve_model_name
from checker.review.assignments import blind_for
from checker.settings import SAMPLE_ARTICLE, default_db_path
from checker.store.database import Store
from checker.ui.access import expire_downloads_soon
from checker.ui.accounts import signed_in
from checker.ui.queries import sample_is_checked
from checker.ui.warmup import Warmup, sample_job
from claims import read_article

REVIEWER_KEY = "reviewer"
BLIND_KEY = "blind"
REVIEW_URL_KEY = "review_url"
"""Session state: the fact-check page's url typed in the sidebar (ClaimReview's `url`)."""


@st.cache_resource(show_spinner=False)
def warmup() -> Warmup:
    """The background loads of this server process, started once, on its first run."""
    return Warmup().start()


@st.cache_resource(show_spinner=False)
def _embedder() -> Embedder:
    """The sentence-transformers model, loaded once per server process and never mutated."""
    return load_embedder()


def embedder() -> Embedder:
    """The model, with a spinner in the session's language while it loads the first
    time (a cached resource's own spinner text is fixed when the module is read)."""
    if model_ready():
        return _embedder()
    with st.spinner(t("startup.loading_model")):
        return _embedder()


def model_ready() -> bool:
    """Whether this server's background load of the model is over, so a screen part
    that needs it (duplicates, earlier checks) can wait for it instead of blocking."""
    from checker.ui.warmup import DONE

    return warmup().model.state == DONE


def open_store() -> Store:
    """One connection per script run or callback; WAL lets several sessions share the file."""
    return Store(default_db_path(), check_same_thread=False)


def reviewer_name() -> str:
    """Who this session's verdicts are recorded for: the signed-in account on a desk
    with accounts, else the name typed in the sidebar."""
    account = signed_in()
    if account is not None:
        return account.name
    return (st.session_state.get(REVIEWER_KEY) or "").strip()


def blind_mode(store: Store | None = None, article_id: str | None = None) -> bool:
    """A blind second review: the reviewer sees only their own verdicts until they
    have given one on the claim. Turned on by the sidebar switch, or imposed when the
    signed-in reviewer is the article's assigned second reviewer."""
    if st.session_state.get(BLIND_KEY):
        return True
    return store is not None and signed_in() is not None and blind_for(store, article_id, reviewer_name())


def flash(kind: str, message: str) -> None:
    """A message to show on the next run (callbacks cannot draw where it belongs).
    Several keys handled before one redraw each keep their message."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flash() -> None:
    messages = st.session_state.pop("flash", [])
    for kind, message in messages[-6:]:
        if kind == "success":
            st.success(message)
        elif kind == "error":
            st.error(message, icon="⛔")
        elif kind == "info":
            st.info(message)


def review_url() -> str:
    """The fact-check page's url: typed in the sidebar, else the desk's setting
    ($FACTCHECK_REVIEW_URL); '' when neither (ClaimReview cannot be exported)."""
    from checker.settings import Settings

    typed = " ".join(str(st.session_state.get(REVIEW_URL_KEY) or "").split())
    return typed or Settings().review_url


def export_data(article_id: str | None, format_name: str, page_url: str = "", wording: str = "") -> str:
    """One export, built when the reviewer clicks its download button (not on every
    rerun: a report of a thousand claims takes longer to build than the page).
    `page_url`: the fact-check page ClaimReview is published on (`review_url()`);
    `wording`: the report's language, the UI's chosen one ('' : each article's)."""
    from checker.report.contents import build_report
    from checker.report.formats import RENDERERS
    from checker.settings import Settings

    store = open_store()
    try:
        return RENDERERS[format_name](
            build_report(store, article_id, settings=Settings(review_url=page_url), wording=wording)
        )
    finally:
        store.close()
        expire_downloads_soon()  # the /media/ link stops working after FACTCHECK_DOWNLOAD_TTL seconds


def _sample_id() -> str:
    text = read_article(SAMPLE_ARTICLE)
    return "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def prepare_sample(store: Store) -> str | None:
    """The sample article's id, or None while a background job checks it into this
    database (the page then shows the steps; see `startup_steps`).

    With the default model and the sample already checked this is one database read:
    opening the desk does not wait for the model.
    """
    missing = False
    if resolve_model_name() == DEFAULT_MODEL:
        article_id = _sample_id()
        if sample_is_checked(store, article_id, default_model_id()):
            return article_id
        missing = True
    job = sample_job(default_db_path(), missing=missing, after=warmup().thread)
    return job.article_id if job.finished() else None


def startup_steps() -> None:
    """The step list of a server's first start, redrawn every second until the sample
    is checked, then the whole page."""
    job = sample_job(default_db_path())

    @st.fragment(run_every=1.0)
    def steps() -> None:
        if job.finished():
            st.rerun(scope="app")
        st.markdown(f"**{t('startup.title')}**")
        for step in [*warmup().steps, job.step]:
            st.markdown(md(step.line()))
        st.caption(t("startup.once"))

    st.title(f"🔎 {t('app.title')}")
    steps()


def warmup_caption() -> None:
    """A line in the sidebar while the model or the French pipeline still load, so a
    reviewer knows why a first check would wait; one 'ready' line after."""
    loads = warmup()
    if loads.done():
        failed = [s for s in loads.steps if s.state == "failed"]
        if failed:
            st.sidebar.caption(" · ".join(md(s.line()) for s in failed))
        else:
            total = sum(s.seconds or 0 for s in loads.steps)
            st.sidebar.caption(t("startup.ready", seconds=f"{total:.0f}"))
    else:
        st.sidebar.caption(" · ".join(md(s.line()) for s in loads.steps))
