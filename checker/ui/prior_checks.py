"""On the review card: "Déjà vérifiée" (already checked): the verdict, note, evidence
and date of a claim judged in another article that says the same fact
(checker.review.prior_checks), with a button to reuse it (a new verdict row, linked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.i18n import t
from checker.review.prior_checks import earlier_checks, reuse_verdict
from checker.ui.common import embedder, flash, model_ready, open_store, reviewer_name
from checker.ui.view import STATUS_LABELS


def reuse(claim_id: str, earlier_claim_id: str) -> None:
    """The button's callback: written before the page redraws, like a verdict."""
    reviewer = reviewer_name()
    if not reviewer:
        flash("error", t("need_name.saved"))
        return
    store = open_store()
    try:
        row = reuse_verdict(store, claim_id, earlier_claim_id, reviewer=reviewer)
        flash("success", t("prior.reused", label=STATUS_LABELS[row["verdict"]]))
    except CheckerError as e:
        flash("error", t("nothing_saved", error=e))
    finally:
        store.close()


def prior_section(store: Any, claim: Mapping[str, Any]) -> None:
    """Nothing when no other article has the fact judged (or while the model still
    loads: the card never waits for it); else each earlier verdict."""
    if not model_ready():
        return
    for earlier in earlier_checks(store, claim["id"], embedder):
        v = earlier["verdict"]
        evidence = ", ".join(e["passage_id"] for e in v["evidence"]) or "—"
        with st.container(border=True, key=f"prior-{claim['id']}-{earlier['claim_id']}"):
            st.markdown(
                t(
                    "prior.heading",
                    title=md(earlier["article_title"]),
                    label=STATUS_LABELS[v["verdict"]],
                    who=md(v["reviewer"] or t("no_name")),
                    day=v["created_at"][:10],
                )
            )
            st.caption(md(earlier["text"]))
            if v["note"]:
                st.caption(t("prior.note", note=md(v["note"])))
            st.caption(t("prior.evidence", ids=md(evidence)))
            st.button(
                t("prior.reuse"),
                key=f"reuse:{claim['id']}:{earlier['claim_id']}",
                on_click=reuse,
                args=(claim["id"], earlier["claim_id"]),
            )
