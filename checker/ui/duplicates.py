"""On the review card: the other claims of the article that say the same fact
(checker.verify.duplicates), and one button that gives the reviewer's verdict on this claim
to all of them (one linked verdict row each)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.i18n import t
from checker.ui.common import embedder, flash, model_ready, open_store, reviewer_name
from checker.verify.duplicates import apply_to_group, group_of


def give_to_group(claim_id: str) -> None:
    """The button's callback: written before the page redraws, like a verdict."""
    reviewer = reviewer_name()
    if not reviewer:
        flash("error", t("need_name.saved"))
        return
    store = open_store()
    try:
        rows = apply_to_group(store, claim_id, group_of(store, claim_id, embedder), reviewer=reviewer)
        flash("success", t("group.given", count=len(rows)))
    except CheckerError as e:
        flash("error", t("nothing_saved", error=e))
    finally:
        store.close()


def group_section(store: Any, claim: Mapping[str, Any], numbers: Mapping[str, int]) -> None:
    """Nothing for a claim without a duplicate (or while the model still loads: the card
    never waits for it); else the duplicates and the button."""
    if not model_ready():
        return
    group = group_of(store, claim["id"], embedder)
    if len(group) < 2:
        return
    texts = {c["id"]: c["text"] for c in store.claims(claim["article_id"])}
    others = " ; ".join(f"[{numbers.get(cid, '?')}] {texts.get(cid, cid)}" for cid in group[1:])
    with st.container(key=f"group-{claim['id']}"):
        st.info(t("group.same_fact", others=md(others)))
        mine = store.current_verdict(claim["id"], reviewer=reviewer_name()) if reviewer_name() else None
        st.button(
            t("group.apply"),
            key=f"group_apply:{claim['id']}",
            on_click=give_to_group,
            args=(claim["id"],),
            disabled=mine is None,
            help=t("group.apply.help"),
        )
