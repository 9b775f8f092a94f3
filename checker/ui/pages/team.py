"""The team page, for editors and admins: the accounts, and who reviews which article.

An editor gives each article a first reviewer and, if it needs a second reading, a
blind second reviewer; both then find it under "Mes articles" with their own progress.
Accounts themselves are added and disabled from the command line (`users add`), by
whoever runs the server.
"""

from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.i18n import t
from checker.review.assignments import assign
from checker.ui.accounts import role_label, signed_in
from checker.ui.common import flash, open_store, show_flash
from checker.ui.queries import verdict_statuses

NOBODY = ""


def save_assignment(article_id: str) -> None:
    account = signed_in()
    if account is None or not account.is_editor:
        flash("error", t("team.editors_only"))
        return
    state = st.session_state
    store = open_store()
    try:
        assign(
            store,
            article_id,
            first=state.get("assign_first", NOBODY),
            second=state.get("assign_second", NOBODY),
            by=account.name,
        )
    except CheckerError as e:
        flash("error", str(e))
        return
    finally:
        store.close()
    flash("success", t("team.saved"))


def team_page() -> None:
    st.title(t("team.title"))
    account = signed_in()
    if account is None or not account.is_editor:
        st.error(t("team.page_editors_only"))
        return
    show_flash()
    store = open_store()
    try:
        users = store.users()
        st.subheader(t("team.accounts"))
        st.dataframe(
            [
                {
                    t("team.col.name"): u["name"],
                    t("team.col.role"): role_label(u["role"]),
                    t("team.col.active"): u["active"],
                }
                for u in users
            ],
            hide_index=True,
            key="team_users",
        )
        articles = store.articles()
        if not articles:
            st.info(t("team.no_article"))
            return
        titles = {a["id"]: a["title"] or a["id"] for a in articles}
        names = [NOBODY, *(u["name"] for u in users if u["active"])]
        st.subheader(t("team.assign"))
        article_id = st.selectbox(
            t("review.article"), list(titles), format_func=lambda i: titles[i], key="assign_article"
        )
        now = store.assignment(article_id)
        nobody = t("team.nobody")  # read now: Streamlit formats the options later
        for slot, label in (
            ("first", t("team.first")),
            ("second", t("team.second")),
        ):
            key = f"assign_{slot}"
            if st.session_state.get("assign_for") != article_id or st.session_state.get(key) not in names:
                st.session_state[key] = now.get(slot, NOBODY) if now.get(slot, NOBODY) in names else NOBODY
            st.selectbox(label, names, key=key, format_func=lambda n: n or nobody)
        st.session_state["assign_for"] = article_id
        st.button(
            t("team.save"),
            type="primary",
            key="assign_save",
            on_click=save_assignment,
            args=(article_id,),
        )

        st.subheader(t("team.current"))
        rows = []
        for a in articles:
            given = store.assignment(a["id"])
            if not given:
                continue
            progress = {}
            for slot, name in given.items():
                statuses = verdict_statuses(store, a["id"], reviewer=name)
                progress[slot] = f"{name} · {sum(1 for s in statuses.values() if s != 'unreviewed')}/{len(statuses)}"
            rows.append(
                {
                    "article": titles[a["id"]],
                    t("team.col.first"): progress.get("first", ""),
                    t("team.col.second"): progress.get("second", ""),
                }
            )
        if rows:
            st.dataframe(rows, hide_index=True, key="team_assignments")
        else:
            st.caption(t("team.none"))
    except CheckerError as e:
        st.error(str(e))
    finally:
        store.close()


team_page()
