"""The whole loop on the shipped sample: extract, match, store, suggest, with the real model."""

from __future__ import annotations

import pytest

from checker.review.steps import check_article, ensure_sample, ingest_corpus_files
from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS
from claims import read_article


@pytest.fixture(scope="module")
def checked(embedder, tmp_path_factory):
    """The sample article checked once against the sample corpus, in a real database file."""
    from checker.store.database import Store

    store = Store(tmp_path_factory.mktemp("check") / "desk.db")
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    document = check_article(store, embedder, read_article(SAMPLE_ARTICLE), corpora=["sample"])
    return store, document


def _claim(document: dict, *words: str) -> dict:
    found = [c for c in document["claims"] if all(w.lower() in c["text"].lower() for w in words)]
    assert found, f"no claim with {words}"
    return found[0]


def test_document_follows_the_contract(checked):
    _, document = checked
    assert set(document["article"]) >= {"title", "lang", "chars", "id"}
    claim = document["claims"][0]
    assert set(claim) >= {
        "id",
        "text",
        "start",
        "end",
        "sentence",
        "checkworthy",
        "score",
        "reasons",
        "features",
        "matches",
        "suggestion",
        "signals",
    }
    assert set(claim["matches"][0]) >= {"passage_id", "score", "text", "source", "url", "date"}


@pytest.mark.parametrize(
    ("words", "evidence"),
    [
        (("Dublin", "2023"), "F02"),
        (("Londres", "2023"), "F01"),
        (("6,6",), "F04"),
        (("DeepMind", "siège"), "F07"),
        (("Altman", "directeur"), "F06"),
    ],
)
def test_the_right_evidence_is_in_the_top_five(checked, words, evidence):
    _, document = checked
    claim = _claim(document, *words)
    assert any(m["passage_id"].startswith(evidence + "-") for m in claim["matches"][:5])


def test_claims_with_nothing_in_the_corpus_say_no_evidence(checked):
    _, document = checked
    assert _claim(document, "Xavier Niel")["suggestion"] == "no evidence"
    assert _claim(document, "vivier")["suggestion"] == "no evidence"


def test_agreeing_evidence_is_suggested_as_supported(checked):
    _, document = checked
    claim = _claim(document, "Dublin", "2023")
    assert claim["suggestion"] == "supported"
    assert any("agrees: date 2023" in s for s in claim["signals"])


def test_everything_is_stored(checked):
    store, document = checked
    article_id = document["article"]["id"]
    stored = store.claims(article_id)
    assert [c["id"] for c in stored] == [c["id"] for c in document["claims"]]
    first = document["claims"][0]
    assert [m["passage_id"] for m in store.matches(first["id"])] == [m["passage_id"] for m in first["matches"]]
    assert stored[0]["suggestion"] == first["suggestion"]


def test_checking_again_reuses_vectors_and_keeps_verdicts(checked, embedder):
    store, document = checked
    claim_id = document["claims"][0]["id"]
    store.record_verdict(claim_id, "true", note="vu", reviewer="ana")
    vectors = store.db["embeddings"].count
    again = check_article(store, embedder, read_article(SAMPLE_ARTICLE), corpora=["sample"])
    assert [c["id"] for c in again["claims"]] == [c["id"] for c in document["claims"]]
    assert store.db["embeddings"].count == vectors
    assert store.current_verdict(claim_id)["note"] == "vu"


def test_ensure_sample_is_idempotent(embedder, tmp_path):
    from checker.store.database import Store

    store = Store(tmp_path / "desk.db")
    first = ensure_sample(store, embedder)
    counts = (store.db["claims"].count, store.db["matches"].count, store.db["passages"].count)
    assert ensure_sample(store, embedder) == first
    assert (store.db["claims"].count, store.db["matches"].count, store.db["passages"].count) == counts
