"""Signing in with an account, and what the signed-in user sees of the team.

Only a desk that has accounts (`python -m checker users add …`) asks for one; then the
signed-in name is the reviewer of every verdict of the session (the free-text name box
is gone), an editor sees the Team page, and an article's assigned second reviewer works
blind whatever the sidebar switch says. Wrong passwords are slowed exactly as the shared
password is (`checker.ui.access.Backoff`), per session and for the whole server.
"""

from __future__ import annotations

import streamlit as st

from checker.errors import NotFoundError
from checker.i18n import t
from checker.review.accounts import Account, authenticate
from checker.store.database import Store
from checker.ui import access as ui_access
from checker.ui.access import SESSION_FREE_ATTEMPTS, Backoff, desk_attempts

ACCOUNT_KEY = "account"
ACCOUNT_ATTEMPTS_KEY = "account_login_attempts"


def signed_in() -> Account | None:
    """The account of this browser session, if it signed in."""
    account = st.session_state.get(ACCOUNT_KEY)
    return account if isinstance(account, Account) else None


def require_account(store: Store) -> bool:
    """True when the desk may be shown: it has no accounts, or this session is signed
    in with one that is still active. Otherwise draws the sign-in form.

    The account is looked up again on every run, so disabling it (`users disable`) or
    changing its role takes effect at the user's next click, not at their next sign-in."""
    if not store.has_accounts():
        st.session_state.pop(ACCOUNT_KEY, None)
        return True
    account = signed_in()
    if account is not None:
        try:
            current: dict | None = store.user(account.name)  # one row, read on every run
        except NotFoundError:
            current = None
        if current is not None and current["active"]:
            if current["role"] != account.role:
                st.session_state[ACCOUNT_KEY] = Account(account.name, current["role"])
            return True
        st.session_state.pop(ACCOUNT_KEY, None)
        st.warning(t("account.disabled"))
    st.title(f"🔎 {t('app.title')}")
    with st.form("account_login"):
        name = st.text_input(t("account.name"), key="account_login_name")
        password = st.text_input(t("account.password"), type="password", key="account_login_password")
        submitted = st.form_submit_button(t("account.sign_in"), type="primary")
    if submitted:
        _attempt(store, name or "", password or "")
    return False


def _attempt(store: Store, name: str, password: str) -> None:
    session = st.session_state.setdefault(ACCOUNT_ATTEMPTS_KEY, Backoff(free=SESSION_FREE_ATTEMPTS))
    desk = desk_attempts()
    now = ui_access.clock()
    with ui_access._DESK_LOCK:
        desk_wait = desk.wait(now)
    if refused := ui_access._refusal(session.wait(now), desk_wait):
        st.error(refused)
        return
    account = authenticate(store, name, password)
    if account is not None:
        session.succeeded()
        st.session_state[ACCOUNT_KEY] = account
        st.rerun()
    session.failed(now)
    with ui_access._DESK_LOCK:
        desk.failed(now)
        desk_wait = desk.wait(now)
    # the same words for an unknown name, a wrong password and a disabled account
    st.error(t("account.wrong"))
    if refused := ui_access._refusal(session.wait(now), desk_wait):
        st.error(refused)


def sign_out() -> None:
    st.session_state.pop(ACCOUNT_KEY, None)


def identity_sidebar(account: Account) -> None:
    """Who verdicts are recorded for, in place of the free-text name."""
    # st.text: the name is shown as typed, never read as markdown
    st.sidebar.text(t("account.signed_in", name=account.name, role=role_label(account.role)))
    st.sidebar.button(t("account.sign_out"), key="sign_out", on_click=sign_out)


ROLES = ("reviewer", "editor", "admin")


def role_label(role: str) -> str:
    """An account's role in the session's language (the code itself if unknown)."""
    return t(f"role.{role}") if role in ROLES else role


def my_assignments(store: Store, account: Account) -> list[dict]:
    """The signed-in user's assigned articles with their own progress on each."""
    from checker.ui.queries import verdict_statuses

    rows = []
    titles = {a["id"]: a["title"] for a in store.articles()}
    for item in store.assignments_of(account.name):
        if item["article_id"] not in titles:
            continue
        statuses = verdict_statuses(store, item["article_id"], reviewer=account.name)
        done = sum(1 for s in statuses.values() if s != "unreviewed")
        rows.append({**item, "title": titles[item["article_id"]], "done": done, "total": len(statuses)})
    return rows


def assignments_sidebar(store: Store, account: Account) -> None:
    """The user's queue of articles: each assignment, its slot and their own progress."""
    rows = my_assignments(store, account)
    with st.sidebar.expander(t("assignments.mine", count=len(rows)), expanded=bool(rows)):
        if not rows:
            st.caption(t("assignments.none_mine"))
        for row in rows:
            st.button(
                f"{row['title'][:48]} · {row['done']}/{row['total']}",
                key=f"my_assignment:{row['article_id']}:{row['slot']}",
                help=t(f"slot.{row['slot']}"),
                on_click=_open_article,
                args=(row["article_id"],),
                use_container_width=True,
            )


def _open_article(article_id: str) -> None:
    st.session_state["goto_article"] = article_id


def team_sidebar(store: Store, article_id: str) -> None:
    """On the review page of a signed-in user: their assignments, and why the review of
    this article is blind when they are its assigned second reviewer."""
    from checker.review.assignments import blind_for

    account = signed_in()
    if account is None:
        return
    assignments_sidebar(store, account)
    if blind_for(store, article_id, account.name):
        st.sidebar.info(t("assignments.blind"))


PUBLISHING_FORMATS = ("claimreview",)
"""Exports that publish a rating on the web: an editor's decision on a desk with accounts."""


def may_decide() -> bool:
    """Whether this session may settle disagreements and publish: on a desk without
    accounts anyone may, as before; with accounts, editors and admins only."""
    account = signed_in()
    return account is None or account.is_editor


def export_formats(names: list[str]) -> list[str]:
    """The export formats this session is offered (ClaimReview for editors only)."""
    return [n for n in names if n not in PUBLISHING_FORMATS or may_decide()]
