"""The review card's "Modifier l'affirmation" (edit the claim) section, and the list of
claims taken out of the review with a way back.

Each button writes in a callback through `checker.store.claim_edits` (the same functions as
`python -m checker claim …`), so the change is in the database before the page
redraws; new words get their evidence searched at once. Nothing is changed without a
reviewer's name: the history says who.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.i18n import t
from checker.review.steps import rematch
from checker.store import claim_edits
from checker.ui.common import embedder, flash, open_store, reviewer_name
from checker.ui.highlight import table_html


def edit_key(kind: str, claim_id: str) -> str:
    """The session-state key of one of the section's fields for one claim."""
    return f"claim_{kind}:{claim_id}"


def _change(what: Callable[..., Any], *args: Any, done: str, select: bool = True, **kwargs: Any) -> None:
    """Run one change for the reviewer named in the sidebar, search evidence for the
    claims it made or re-worded, show the first of them, and say what happened."""
    reviewer = reviewer_name()
    if not reviewer:
        flash("error", t("need_name.changed"))
        return
    store = open_store()
    try:
        result = what(store, *args, reviewer=reviewer, **kwargs)
        changed = result if isinstance(result, list) else [result]
        fresh = [c["id"] for c in changed if c["state"] == claim_edits.ACTIVE]
        if fresh and what is not claim_edits.restore_claim:
            rematch(store, embedder(), fresh)
        if select and fresh:
            st.session_state["selected_claim"] = fresh[0]
        flash("success", done)
    except CheckerError as e:
        flash("error", t("nothing_changed", error=e))
    finally:
        store.close()


def save_text(claim_id: str) -> None:
    _change(
        claim_edits.edit_claim,
        claim_id,
        st.session_state.get(edit_key("text", claim_id), ""),
        done=t("edit.saved"),
    )


def split(claim_id: str) -> None:
    parts = [p for p in (st.session_state.get(edit_key("parts", claim_id)) or "").splitlines() if p.strip()]
    _change(
        claim_edits.split_claim,
        claim_id,
        parts,
        done=t("edit.split_done", count=len(parts)),
    )


def merge(claim_id: str) -> None:
    others = list(st.session_state.get(edit_key("merge_with", claim_id)) or [])
    text = (st.session_state.get(edit_key("merge_text", claim_id)) or "").strip() or None
    _change(
        claim_edits.merge_claims,
        [claim_id, *others],
        text=text,
        done=t("edit.merged", count=len(others) + 1),
    )


def dismiss(claim_id: str) -> None:
    _change(
        claim_edits.dismiss_claim,
        claim_id,
        st.session_state.get(edit_key("reason", claim_id), ""),
        select=False,
        done=t("edit.dismissed"),
    )
    if not _still_active(claim_id):
        st.session_state.pop("selected_claim", None)  # the page then shows the queue's first claim


def _still_active(claim_id: str) -> bool:
    store = open_store()
    try:
        return store.claim(claim_id)["state"] == claim_edits.ACTIVE
    finally:
        store.close()


def restore(claim_id: str) -> None:
    _change(claim_edits.restore_claim, claim_id, done=t("edit.restored"))


def add(article_id: str) -> None:
    state = st.session_state
    text = (state.get("claim_add_text") or "").strip()
    start, end = int(state.get("claim_add_start") or 0), int(state.get("claim_add_end") or 0)
    if text:
        _change(claim_edits.add_claim, article_id, text=text, done=t("edit.added"))
    else:
        _change(claim_edits.add_claim, article_id, start=start, end=end, done=t("edit.added"))


def history_rows(store: Any, claim_id: str) -> list[dict[str, str]]:
    """The claim's change history as table rows, newest first; a claim made by a split
    or a merge lists the verdicts that stay on the claims it came from."""
    rows = []
    for h in reversed(claim_edits.claim_history(store, claim_id)):
        what = h["text"] or h["reason"]
        if h["related"]:
            what += (" — " if what else "") + t("edit.linked", ids=", ".join(h["related"]))
        earlier = "; ".join(
            f"{v['claim_id']} : {v['verdict']} ({v['reviewer'] or '-'}, {v['created_at'][:10]})" for v in h["verdicts"]
        )
        rows.append(
            {
                t("edit.col.date"): h["created_at"][:19].replace("T", " "),
                t("edit.col.change"): t(f"change.{h['action']}"),
                t("edit.col.reviewer"): h["reviewer"],
                t("edit.col.detail"): what,
                t("edit.col.earlier"): earlier,
            }
        )
    return rows


def editing_section(store: Any, claim: Mapping[str, Any], others: list[tuple[str, str]]) -> None:
    """The expander on the card: edit the words, split, merge with other claims of the
    article (`others`: (id, label) pairs), dismiss with a reason; then the history."""
    cid = claim["id"]
    state = st.session_state
    history = history_rows(store, cid)
    with st.expander(t("edit.section", count=len(history)), expanded=False, key=f"edit_section-{cid}"):
        if claim.get("edited"):
            st.caption(t("edit.original", text=md(claim["original_text"])))
        state.setdefault(edit_key("text", cid), claim["text"])
        st.text_area(t("edit.text"), key=edit_key("text", cid), height=80)
        st.button(t("edit.save"), key=f"claim_save:{cid}", on_click=save_text, args=(cid,))
        st.text_area(t("edit.parts"), key=edit_key("parts", cid), height=80)
        st.button(t("edit.split"), key=f"claim_split:{cid}", on_click=split, args=(cid,))
        labels = dict(others)
        st.multiselect(
            t("edit.merge_with"),
            list(labels),
            key=edit_key("merge_with", cid),
            format_func=lambda i: labels.get(i, i),
        )
        st.text_input(t("edit.merge_text"), key=edit_key("merge_text", cid))
        st.button(t("edit.merge"), key=f"claim_merge:{cid}", on_click=merge, args=(cid,))
        st.text_input(t("edit.reason"), key=edit_key("reason", cid))
        st.button(t("edit.dismiss"), key=f"claim_dismiss:{cid}", on_click=dismiss, args=(cid,))
        if history:
            st.markdown(t("edit.history"))
            st.html(table_html(history, css_class="history"))


def add_and_withdrawn(store: Any, article_id: str) -> None:
    """Below the queue: add a claim from the article (words found in it, or offsets),
    and the claims taken out of the review, with the reason and a way back."""
    with st.expander(t("edit.add_section"), expanded=False):
        st.text_area(t("edit.add_text"), key="claim_add_text", height=80)
        st.caption(t("edit.add_offsets"))
        with st.container(horizontal=True):
            st.number_input(t("edit.start"), min_value=0, step=1, key="claim_add_start")
            st.number_input(t("edit.end"), min_value=0, step=1, key="claim_add_end")
        st.button(t("edit.add"), key="claim_add", on_click=add, args=(article_id,))
    withdrawn = [c for c in store.claims(article_id, withdrawn=True) if c["state"] != claim_edits.ACTIVE]
    if not withdrawn:
        return
    with st.expander(t("edit.withdrawn", count=len(withdrawn)), expanded=False):
        for c in withdrawn:
            why = t(f"state.{c['state']}") + (f" : {c['state_reason']}" if c["state_reason"] else "")
            st.html(table_html([{t("edit.col.claim"): c["text"], t("edit.col.state"): why}], css_class="withdrawn"))
            if c["state"] == claim_edits.DISMISSED:
                st.button(t("edit.restore"), key=f"claim_restore:{c['id']}", on_click=restore, args=(c["id"],))
