"""The review card's "Modifier l'affirmation (edit the claim)" section, and the list of
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
from checker.review.steps import rematch
from checker.store import claim_edits
from checker.ui.common import embedder, flash, open_store, reviewer_name
from checker.ui.highlight import table_html

NO_NAME = (
    "Indiquez d'abord votre nom dans la barre latérale ; rien n'a été modifié "
    "(type your name in the sidebar first; nothing was changed)."
)


def edit_key(kind: str, claim_id: str) -> str:
    """The session-state key of one of the section's fields for one claim."""
    return f"claim_{kind}:{claim_id}"


def _change(what: Callable[..., Any], *args: Any, done: str, select: bool = True, **kwargs: Any) -> None:
    """Run one change for the reviewer named in the sidebar, search evidence for the
    claims it made or re-worded, show the first of them, and say what happened."""
    reviewer = reviewer_name()
    if not reviewer:
        flash("error", NO_NAME)
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
        flash("error", f"Rien n'a été modifié (nothing was changed): {e}")
    finally:
        store.close()


def save_text(claim_id: str) -> None:
    _change(
        claim_edits.edit_claim,
        claim_id,
        st.session_state.get(edit_key("text", claim_id), ""),
        done="Texte enregistré (text saved); le texte d'origine est gardé (the original is kept).",
    )


def split(claim_id: str) -> None:
    parts = [p for p in (st.session_state.get(edit_key("parts", claim_id)) or "").splitlines() if p.strip()]
    _change(
        claim_edits.split_claim,
        claim_id,
        parts,
        done=f"Affirmation divisée en {len(parts)} (claim split in {len(parts)}).",
    )


def merge(claim_id: str) -> None:
    others = list(st.session_state.get(edit_key("merge_with", claim_id)) or [])
    text = (st.session_state.get(edit_key("merge_text", claim_id)) or "").strip() or None
    _change(
        claim_edits.merge_claims,
        [claim_id, *others],
        text=text,
        done=f"{len(others) + 1} affirmations fusionnées (claims merged).",
    )


def dismiss(claim_id: str) -> None:
    _change(
        claim_edits.dismiss_claim,
        claim_id,
        st.session_state.get(edit_key("reason", claim_id), ""),
        select=False,
        done="Écartée : pas une affirmation (dismissed: not a claim).",
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
    _change(claim_edits.restore_claim, claim_id, done="Affirmation rétablie (claim restored).")


def add(article_id: str) -> None:
    state = st.session_state
    text = (state.get("claim_add_text") or "").strip()
    start, end = int(state.get("claim_add_start") or 0), int(state.get("claim_add_end") or 0)
    if text:
        _change(claim_edits.add_claim, article_id, text=text, done="Affirmation ajoutée (claim added).")
    else:
        _change(claim_edits.add_claim, article_id, start=start, end=end, done="Affirmation ajoutée (claim added).")


def history_rows(store: Any, claim_id: str) -> list[dict[str, str]]:
    """The claim's change history as table rows, newest first; a claim made by a split
    or a merge lists the verdicts that stay on the claims it came from."""
    rows = []
    for h in reversed(claim_edits.claim_history(store, claim_id)):
        what = h["text"] or h["reason"]
        if h["related"]:
            what += (" — " if what else "") + "liée à (linked to) " + ", ".join(h["related"])
        earlier = "; ".join(
            f"{v['claim_id']} : {v['verdict']} ({v['reviewer'] or '-'}, {v['created_at'][:10]})" for v in h["verdicts"]
        )
        rows.append(
            {
                "date (UTC)": h["created_at"][:19].replace("T", " "),
                "modification (change)": h["label"],
                "reviewer": h["reviewer"],
                "détail (detail)": what,
                "verdicts antérieurs (earlier verdicts)": earlier,
            }
        )
    return rows


def editing_section(store: Any, claim: Mapping[str, Any], others: list[tuple[str, str]]) -> None:
    """The expander on the card: edit the words, split, merge with other claims of the
    article (`others`: (id, label) pairs), dismiss with a reason; then the history."""
    cid = claim["id"]
    state = st.session_state
    history = history_rows(store, cid)
    with st.expander(
        f"Modifier l'affirmation (edit the claim) — {len(history)}", expanded=False, key=f"edit_section-{cid}"
    ):
        if claim.get("edited"):
            st.caption("Texte d'origine (original text): " + md(claim["original_text"]))
        state.setdefault(edit_key("text", cid), claim["text"])
        st.text_area("Texte de l'affirmation (claim text)", key=edit_key("text", cid), height=80)
        st.button("Enregistrer le texte (save text)", key=f"claim_save:{cid}", on_click=save_text, args=(cid,))
        st.text_area("Diviser : une partie par ligne (split: one part per line)", key=edit_key("parts", cid), height=80)
        st.button("Diviser (split)", key=f"claim_split:{cid}", on_click=split, args=(cid,))
        labels = dict(others)
        st.multiselect(
            "Fusionner avec (merge with)",
            list(labels),
            key=edit_key("merge_with", cid),
            format_func=lambda i: labels.get(i, i),
        )
        st.text_input("Texte fusionné (merged text, optional)", key=edit_key("merge_text", cid))
        st.button("Fusionner (merge)", key=f"claim_merge:{cid}", on_click=merge, args=(cid,))
        st.text_input("Raison : pas une affirmation (reason: not a claim)", key=edit_key("reason", cid))
        st.button("Écarter (dismiss)", key=f"claim_dismiss:{cid}", on_click=dismiss, args=(cid,))
        if history:
            st.markdown("**Historique des modifications (change history)**")
            st.html(table_html(history, css_class="history"))


def add_and_withdrawn(store: Any, article_id: str) -> None:
    """Below the queue: add a claim from the article (words found in it, or offsets),
    and the claims taken out of the review, with the reason and a way back."""
    with st.expander("Ajouter une affirmation (add a claim)", expanded=False):
        st.text_area("Texte copié de l'article (text copied from the article)", key="claim_add_text", height=80)
        st.caption("ou positions dans l'article (or offsets in the article)")
        with st.container(horizontal=True):
            st.number_input("début (start)", min_value=0, step=1, key="claim_add_start")
            st.number_input("fin (end)", min_value=0, step=1, key="claim_add_end")
        st.button("Ajouter (add)", key="claim_add", on_click=add, args=(article_id,))
    withdrawn = [c for c in store.claims(article_id, withdrawn=True) if c["state"] != claim_edits.ACTIVE]
    if not withdrawn:
        return
    with st.expander(f"Affirmations retirées (withdrawn claims) — {len(withdrawn)}", expanded=False):
        for c in withdrawn:
            why = STATE_LABELS.get(c["state"], c["state"]) + (f" : {c['state_reason']}" if c["state_reason"] else "")
            st.html(table_html([{"affirmation (claim)": c["text"], "état (state)": why}], css_class="withdrawn"))
            if c["state"] == claim_edits.DISMISSED:
                st.button("Rétablir (restore)", key=f"claim_restore:{c['id']}", on_click=restore, args=(c["id"],))


STATE_LABELS = {
    claim_edits.DISMISSED: "écartée (dismissed)",
    claim_edits.SPLIT: "divisée (split)",
    claim_edits.MERGED: "fusionnée (merged)",
}
