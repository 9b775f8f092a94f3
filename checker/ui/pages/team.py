"""The team page, for editors and admins: the accounts, and who reviews which article.

An editor gives each article a first reviewer and, if it needs a second reading, a
blind second reviewer; both then find it under "Mes articles" with their own progress.
Accounts themselves are added and disabled from the command line (`users add`), by
whoever runs the server.
"""

from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.review.assignments import assign
from checker.ui.accounts import ROLE_LABELS, signed_in
from checker.ui.common import flash, open_store, show_flash
from checker.ui.queries import verdict_statuses

NOBODY = ""


def save_assignment(article_id: str) -> None:
    account = signed_in()
    if account is None or not account.is_editor:
        flash("error", "Réservé aux éditeurs (editors only).")
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
    flash("success", "Affectation enregistrée (assignment saved).")


def team_page() -> None:
    st.title("Équipe (team)")
    account = signed_in()
    if account is None or not account.is_editor:
        st.error("Cette page est réservée aux éditeurs (this page is for editors and admins).")
        return
    show_flash()
    store = open_store()
    try:
        users = store.users()
        st.subheader("Comptes (accounts)")
        st.dataframe(
            [
                {
                    "nom (name)": u["name"],
                    "rôle (role)": ROLE_LABELS.get(u["role"], u["role"]),
                    "actif (active)": u["active"],
                }
                for u in users
            ],
            hide_index=True,
            key="team_users",
        )
        articles = store.articles()
        if not articles:
            st.info("Aucun article (no article yet).")
            return
        titles = {a["id"]: a["title"] or a["id"] for a in articles}
        names = [NOBODY, *(u["name"] for u in users if u["active"])]
        st.subheader("Affecter un article (assign an article)")
        article_id = st.selectbox("Article", list(titles), format_func=lambda i: titles[i], key="assign_article")
        now = store.assignment(article_id)
        for slot, label in (
            ("first", "Première lecture (first reviewer)"),
            ("second", "Seconde lecture à l'aveugle (blind second reviewer)"),
        ):
            key = f"assign_{slot}"
            if st.session_state.get("assign_for") != article_id or st.session_state.get(key) not in names:
                st.session_state[key] = now.get(slot, NOBODY) if now.get(slot, NOBODY) in names else NOBODY
            st.selectbox(label, names, key=key, format_func=lambda n: n or "— personne (nobody) —")
        st.session_state["assign_for"] = article_id
        st.button(
            "Enregistrer l'affectation (save)",
            type="primary",
            key="assign_save",
            on_click=save_assignment,
            args=(article_id,),
        )

        st.subheader("Affectations en cours (current assignments)")
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
                    "première (first)": progress.get("first", ""),
                    "seconde, à l'aveugle (blind second)": progress.get("second", ""),
                }
            )
        if rows:
            st.dataframe(rows, hide_index=True, key="team_assignments")
        else:
            st.caption("Aucune affectation (no assignment yet).")
    except CheckerError as e:
        st.error(str(e))
    finally:
        store.close()


team_page()
