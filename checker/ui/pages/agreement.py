"""The agreement page: Cohen's kappa per article and pair of reviewers, and the
claims their verdicts disagree on, to settle.

Settling records a verdict like any other (append-only, under the settling reviewer's
name, with a note saying it settles a disagreement), so the history keeps every
reading and the decision.
"""

from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.i18n import t
from checker.review.agreement import current_verdicts, disagreements, kappa_label, pair_agreements, settler_name
from checker.ui.accounts import may_decide
from checker.ui.common import flash, open_store, reviewer_name, show_flash
from checker.ui.highlight import quote_html
from checker.ui.view import STATUS_LABELS


def reading(kappa: float | None) -> str:
    """Landis & Koch's word for a kappa (checker.review.agreement), in the session's language."""
    word = kappa_label(kappa)
    return t(f"kappa.{word}") if word != "—" else word


def settle(claim_id: str, verdict: str, readings: str) -> None:
    if not may_decide():
        flash("error", t("agreement.editors_only"))
        return
    reviewer = reviewer_name()
    note = (st.session_state.get(f"settle_note:{claim_id}") or "").strip()
    store = open_store()
    try:
        store.record_verdict(
            claim_id,
            verdict,
            reviewer=settler_name(reviewer),
            note=(note + "\n" if note else "") + t("agreement.settled_note", readings=readings),
        )
    except CheckerError as e:
        flash("error", str(e))
        return
    finally:
        store.close()
    flash("success", t("agreement.settled", label=STATUS_LABELS[verdict]))


def agreement_page() -> None:
    st.title(t("agreement.title"))
    show_flash()
    store = open_store()
    try:
        rows = current_verdicts(store)
        titles = {a["id"]: a["title"] for a in store.articles()}
        pairs = pair_agreements(rows)
        if not pairs:
            st.info(t("agreement.none_yet"))
        else:
            st.dataframe(
                [
                    {
                        "article": titles.get(p.article_id, p.article_id),
                        "A": p.reviewer_a or t("agreement.no_name"),
                        "B": p.reviewer_b or t("agreement.no_name"),
                        t("agreement.col.both"): p.both,
                        t("agreement.col.agreed"): p.agreed,
                        "kappa": None if p.kappa is None else round(p.kappa, 3),
                        t("agreement.col.reading"): reading(p.kappa),
                    }
                    for p in pairs
                ],
                hide_index=True,
                key="kappa_table",
            )
            for p in pairs:
                st.markdown(
                    f"κ = **{p.kappa:.2f}** ({reading(p.kappa)}) — {md(p.reviewer_a or t('agreement.no_name'))} / "
                    f"{md(p.reviewer_b or t('agreement.no_name'))}, {md(titles.get(p.article_id, p.article_id))}"
                )

        st.subheader(t("agreement.to_settle"))
        if not reviewer_name():
            st.caption(t("agreement.need_name"))
        elif not may_decide():
            st.caption(t("agreement.editors_only"))
        found = disagreements(rows)
        if not found:
            st.success(t("agreement.none"))
            return
        for claim_id, readings in found.items():
            claim = store.claim(claim_id)
            with st.container(border=True, key=f"dispute-{claim_id}"):
                st.caption(md(titles.get(claim["article_id"], claim["article_id"])))
                st.html(quote_html(t("card.claim"), claim["text"]))
                summary = "; ".join(f"{r['reviewer'] or t('agreement.no_name')}: {r['verdict']}" for r in readings)
                for r in readings:
                    st.markdown(
                        f"- **{md(r['reviewer'] or t('agreement.no_name'))}** : {STATUS_LABELS[r['verdict']]}"
                        f" · {r['created_at'][:16].replace('T', ' ')} UTC"
                    )
                    if r["note"]:
                        st.html(quote_html(t("card.note_quote"), r["note"]))
                st.text_input(t("agreement.note"), key=f"settle_note:{claim_id}")
                with st.container(horizontal=True):
                    for verdict in store.scale.codes:
                        st.button(
                            STATUS_LABELS[verdict],
                            key=f"settle:{claim_id}:{verdict}",
                            on_click=settle,
                            args=(claim_id, verdict, summary),
                            disabled=not reviewer_name() or not may_decide(),
                        )
    except CheckerError as e:
        st.error(str(e))
    finally:
        store.close()


agreement_page()
