"""Already checked: a claim close to one judged in another article shows that verdict
and can reuse it (a new verdict row, linked); real model, real SQLite file."""

from __future__ import annotations

from pathlib import Path

from checker.review.prior_checks import earlier_checks, reuse_verdict
from checker.review.steps import check_article
from checker.store.database import Store
from checker.ui.view import STATUS_LABELS
from claims import read_article
from tests.conftest import as_reviewer, new_app, no_exceptions

RECALL = Path(__file__).resolve().parent / "fixtures" / "articles" / "openai_rappel_fr.txt"


def second_article(store: Store, embedder) -> str:
    corpora = store.article_corpora(store.articles()[0]["id"])
    return check_article(store, embedder, read_article(RECALL), corpora=corpora)["article"]["id"]


def claim_with(store: Store, article_id: str, words: str) -> dict:
    return next(c for c in store.claims(article_id) if words in c["text"])


def test_a_fact_judged_in_another_article_is_offered_and_reused_with_a_link(db, embedder):
    store = Store(db)
    sample = store.articles()[0]["id"]
    judged = claim_with(store, sample, "Le géant californien")
    earlier = store.record_verdict(
        judged["id"],
        "false",
        note="Le bureau n'ouvre qu'en 2025",
        evidence=[store.matches(judged["id"])[0]["passage_id"]],
        reviewer="Camille",
    )
    recall = second_article(store, embedder)
    again = claim_with(store, recall, "Le géant californien")
    other = claim_with(store, recall, "Renault")
    (offer,) = earlier_checks(store, again["id"], lambda: embedder)
    assert (offer["claim_id"], offer["verdict"]["verdict"], offer["verdict"]["note"]) == (
        judged["id"],
        "false",
        "Le bureau n'ouvre qu'en 2025",
    )
    assert offer["verdict"]["created_at"] == earlier["created_at"] and offer["verdict"]["evidence"]
    assert earlier_checks(store, other["id"], lambda: embedder) == []
    row = reuse_verdict(store, again["id"], judged["id"], reviewer="Noé")
    assert (row["verdict"], row["note"], row["reviewer"]) == ("false", "Le bureau n'ouvre qu'en 2025", "Noé")
    link = store.verdict_links(again["id"])[row["id"]]
    assert (link["kind"], link["source_verdict"], link["source_claim"]) == ("reuse", earlier["id"], judged["id"])


def test_the_card_shows_the_earlier_verdict_and_reuses_it(db, embedder):
    store = Store(db)
    sample = store.articles()[0]["id"]
    judged = claim_with(store, sample, "Le géant californien")
    store.record_verdict(judged["id"], "false", note="Le bureau n'ouvre qu'en 2025", reviewer="Camille")
    recall = second_article(store, embedder)
    again = claim_with(store, recall, "Le géant californien")
    at = as_reviewer(new_app().run(), "Noé")
    at.selectbox(key="article").set_value(recall).run()
    at.button(key=f"pick:{again['id']}").click().run()
    no_exceptions(at)
    shown = [m.value for m in at.markdown if "Déjà vérifiée" in m.value]
    assert shown and STATUS_LABELS["false"] in shown[0] and "Camille" in shown[0]
    assert any("Le bureau n'ouvre qu'en 2025" in c.value for c in at.caption)
    at.button(key=f"reuse:{again['id']}:{judged['id']}").click().run()
    no_exceptions(at)
    assert store.current_verdict(again["id"], reviewer="Noé")["verdict"] == "false"
