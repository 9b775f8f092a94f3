"""Hybrid matching on tiny corpora with the real model: long passages, changed texts,
other languages, and queries that are empty, huge or in an unexpected language."""

from __future__ import annotations

import json

import pytest

from checker.retrieval.search import Weights, candidates, fuse, search
from checker.review.steps import ingest_corpus_files, match_texts

PASSAGES = [
    {"id": "p1", "text": "Mistral AI a été fondée à Paris en avril 2023.", "lang": "fr"},
    {"id": "p2", "text": "OpenAI opened an office in Dublin, Ireland, in September 2023.", "lang": "en"},
    {
        "id": "p3",
        "text": "Le siège français de Google est situé rue de Londres, dans le 9e arrondissement.",
        "lang": "fr",
    },
    {"id": "p4", "text": "Netflix a ouvert son siège français à Paris en 2020.", "lang": "fr"},
]


def _corpus(tmp_path, rows, name="c.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def loaded(store, embedder, tmp_path):
    ingest_corpus_files(store, embedder, [_corpus(tmp_path, PASSAGES)])
    return store


def _ids(store, matches):
    by_pk = {p["pk"]: p["id"] for p in store.passages(["c"])}
    return [by_pk[m["pk"]] for m in matches]


def test_a_french_claim_finds_english_evidence(loaded, embedder):
    [matches] = search(loaded, embedder, ["OpenAI a ouvert un bureau à Dublin en 2023."], ["c"], top_k=2)
    assert _ids(loaded, matches)[0] == "p2"
    assert set(matches[0]) >= {"pk", "score", "dense", "lexical", "fuzzy"}
    assert 0 < matches[0]["score"] <= 1


def test_evidence_at_the_end_of_a_long_passage_is_found(store, embedder, tmp_path):
    filler = " ".join(
        f"Le conseil municipal a débattu du budget de la voirie pour l'année {1990 + i % 30}." for i in range(80)
    )
    rows = PASSAGES + [
        {"id": "long", "text": filler + " Le télescope Vera Rubin a photographié la comète Atlas.", "lang": "fr"}
    ]
    ingest_corpus_files(store, embedder, [_corpus(tmp_path, rows)])
    [matches] = search(
        store,
        embedder,
        ["Vera Rubin a photographié la comète Atlas"],
        ["c"],
        top_k=3,
        weights=Weights(dense=1.0, lexical=0.0, fuzzy=0.0),
    )
    assert _ids(store, matches)[0] == "long"
    assert matches[0]["dense"] > 0.85


def test_a_changed_text_under_the_same_id_wins_and_is_embedded_again(store, embedder, tmp_path):
    first = ingest_corpus_files(store, embedder, [_corpus(tmp_path, PASSAGES)])
    assert first["embedded"] == 4
    assert ingest_corpus_files(store, embedder, [_corpus(tmp_path, PASSAGES)])["embedded"] == 0
    changed = [dict(PASSAGES[0], text="Mistral AI a été fondée à Paris en 2022 par trois chercheurs.")] + PASSAGES[1:]
    counts = ingest_corpus_files(store, embedder, [_corpus(tmp_path, changed)])
    assert (counts["updated"], counts["embedded"]) == (1, 1)
    [matches] = search(store, embedder, ["fondée par trois chercheurs"], ["c"], top_k=1)
    hit = store.passages_by_pk([matches[0]["pk"]])[matches[0]["pk"]]
    assert hit["id"] == "p1" and "trois chercheurs" in hit["text"]


def test_duplicate_ids_in_one_file_keep_the_last_row(store, embedder, tmp_path):
    rows = PASSAGES + [dict(PASSAGES[1], text="OpenAI opened an office in Dublin in 2023, its first in the EU.")]
    ingest_corpus_files(store, embedder, [_corpus(tmp_path, rows)])
    texts = {p["id"]: p["text"] for p in store.passages(["c"])}
    assert len(texts) == 4 and texts["p2"].endswith("first in the EU.")


@pytest.mark.parametrize(
    "query",
    ["", "   ", "OpenAI " * 6000, "北京是中国的首都，人口超过两千万。", "!!! ??? ..."],
    ids=["empty", "blank", "huge", "chinese", "punctuation"],
)
def test_odd_queries_get_an_answer_not_an_error(loaded, embedder, query):
    [result] = match_texts(loaded, embedder, [query], ["c"], top_k=3)
    assert len(result["matches"]) <= 3
    assert result["suggestion"] in {"supported", "contradicted", "related", "no evidence"}


def test_search_of_nothing_and_in_an_empty_corpus(loaded, embedder):
    assert search(loaded, embedder, [], ["c"]) == []
    assert search(loaded, embedder, ["OpenAI"], ["absent"]) == [[]]


def test_the_channels_are_searched_once_and_fused_per_method(loaded, embedder):
    [c] = candidates(loaded, embedder, ["Netflix a ouvert son siège à Paris"], ["c"])
    bm25 = fuse(c, Weights(dense=0.0, lexical=1.0, fuzzy=0.0), top_k=4)
    dense = fuse(c, Weights(dense=1.0, lexical=0.0, fuzzy=0.0), top_k=4)
    assert _ids(loaded, bm25)[0] == "p4" and _ids(loaded, dense)[0] == "p4"
    assert all(m["lexical"] > 0 for m in bm25)
    assert [m["dense"] for m in dense] == sorted((m["dense"] for m in dense), reverse=True)


def test_checking_the_same_queries_again_encodes_nothing(loaded, embedder):
    search(loaded, embedder, ["Google a son siège dans le 9e arrondissement"], ["c"])
    before = loaded.db["embeddings"].count
    search(loaded, embedder, ["Google a son siège dans le 9e arrondissement"], ["c"])
    assert loaded.db["embeddings"].count == before


def test_the_approximate_index_gives_what_exact_search_gives(store, embedder, monkeypatch):
    """A corpus above $FACTCHECK_ANN_MIN_ROWS goes through the tuned IVF index, saved
    beside the database; on a corpus this small every cluster is scanned, so the
    matches must be those of exact search."""
    from checker.settings import SAMPLE_CORPUS

    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    queries = [
        "OpenAI a ouvert un bureau à Paris.",
        "La société a levé 6,6 milliards de dollars.",
        "Sam Altman est le patron d'OpenAI.",
        "OpenAI opened an office in Dublin in 2023.",
    ]
    exact = search(store, embedder, queries, ["sample"])
    monkeypatch.setenv("FACTCHECK_ANN_MIN_ROWS", "10")
    approximate = search(store, embedder, queries, ["sample"])
    assert list((store.path.parent / ".ann").glob("*.faiss")), "the index is saved beside the database"
    for e, a in zip(exact, approximate):
        assert [m["pk"] for m in a] == [m["pk"] for m in e]
        assert [m["dense"] for m in a] == pytest.approx([m["dense"] for m in e], abs=1e-5)
