"""Time matters: the article's date is read from its dateline, and evidence dated after
the article, or older than the setting, is marked on the card (real model, real SQLite
file, AppTest)."""

from __future__ import annotations

from pathlib import Path

from checker.review.steps import check_article
from checker.store.database import Store
from checker.verify.evidence_dates import dateline_date, evidence_marks, period
from claims import read_article
from tests.conftest import as_reviewer, new_app, no_exceptions

MARCH = Path(__file__).resolve().parent / "fixtures" / "articles" / "openai_mars_fr.txt"


def test_dates_compare_at_the_precision_given():
    assert period("2024-10") == (period("2024-10-01")[0], period("2024-10-31")[1])
    assert evidence_marks("2024-10-09", "2024-10") == []  # may be from before the 9th
    assert "Postérieure" in evidence_marks("2024-10-09", "2024-11")[0]
    assert "Ancienne" in evidence_marks("2024-10-09", "2015-12", max_age=730)[0]
    assert evidence_marks("2024-10-09", "2023-06-28", max_age=730) == []
    assert evidence_marks("", "2015") == [] and evidence_marks("2024-10-09", "bientôt") == []


def test_the_dateline_gives_the_article_date_only_with_a_year():
    assert dateline_date("Paris, le 2 mars 2024 — OpenAI prépare son arrivée") == "2024-03-02"
    assert dateline_date("OpenAI a annoncé le mercredi 9 octobre dernier un bureau à Paris.") == ""


def test_evidence_after_the_article_date_is_marked_on_the_card(db, embedder, monkeypatch):
    store = Store(db)
    corpora = store.article_corpora(store.articles()[0]["id"])
    article_id = check_article(store, embedder, read_article(MARCH), corpora=corpora)["article"]["id"]
    assert store.article(article_id)["published"] == "2024-03-02"  # read from the dateline
    claim = next(c for c in store.claims(article_id) if "bureau à Paris" in c["text"])
    later = [m for m in store.matches(claim["id"]) if (m["date"] or "") > "2024-03"]
    assert later, "the sample corpus dates the Paris office's announcement in October 2024"
    monkeypatch.setenv("FACTCHECK_EVIDENCE_MAX_AGE_DAYS", "100000")  # only the 'after' mark here
    at = as_reviewer(new_app().run(), "Camille")
    at.selectbox(key="article").set_value(article_id).run()
    at.button(key=f"pick:{claim['id']}").click().run()
    no_exceptions(at)
    marks = [w.value for w in at.warning if "Postérieure à l'article" in w.value]
    assert len(marks) == len(later)
    assert all("2024-03-02" in w for w in marks)
