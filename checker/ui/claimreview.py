"""On the claim card: the link to the desk's guidelines, and the `claimReviewed` the
reviewer writes for ClaimReview (fewer than 75 characters, never cut by the desk).

Kept apart from the review page so the card gains them with one call."""

from __future__ import annotations

import streamlit as st

from checker.errors import CheckerError
from checker.i18n import t
from checker.report.formats import shorten
from checker.store.claim_reviewed import CLAIM_REVIEWED_LIMIT
from checker.store.database import Store
from checker.ui.common import flash, open_store, reviewer_name

GUIDELINES_PAGE = "checker/ui/pages/guidelines.py"


def _key(claim_id: str) -> str:
    return f"claim_reviewed:{claim_id}"


def save_claim_reviewed(claim_id: str) -> None:
    """on_change: keep the reviewer's text; a text of 75 characters or more is refused
    (with its length) and the stored one is put back in the field."""
    text = str(st.session_state.get(_key(claim_id)) or "")
    store = open_store()
    try:
        store.set_claim_reviewed(claim_id, text, reviewer=reviewer_name())
        flash("success", t("claim_reviewed.saved"))
    except CheckerError as e:
        flash("error", str(e))
        st.session_state[_key(claim_id)] = store.claim_reviewed(claim_id) or shorten(store.claim(claim_id)["text"])
    finally:
        store.close()


def card_extras(store: Store, claim: dict) -> None:
    """The guidelines link and the claimReviewed field, on the card of `claim`."""
    st.page_link(GUIDELINES_PAGE, label=t("guidelines.link"), icon="📘")
    key = _key(claim["id"])
    if key not in st.session_state:
        st.session_state[key] = store.claim_reviewed(claim["id"]) or shorten(claim["text"])
    st.text_input(
        t("claim_reviewed"),
        key=key,
        max_chars=CLAIM_REVIEWED_LIMIT - 1,
        on_change=save_claim_reviewed,
        args=(claim["id"],),
        help=t("claim_reviewed.help"),
    )
