"""Ingest as a pipeline: progress batch by batch, and a rerun after an interruption
encodes only what is missing (real model, real database)."""

from __future__ import annotations

import numpy as np
import pytest

from checker.model.encoder import load_embedder
from checker.retrieval import vectors
from checker.review.steps import ingest_corpus_files
from checker.settings import SAMPLE_CORPUS
from checker.store.database import Store


class Interrupted(Exception):
    pass


class StopAfter:
    """A progress callback that records what it is told of the encoding (the bar's last
    nine tenths, after the passages are stored) and stops the run after `batches`
    encoded batches, as a killed ingest would stop."""

    def __init__(self, batches: int | None) -> None:
        self.batches, self.calls = batches, []

    def __call__(self, fraction: float, message: str) -> None:
        if not message.startswith("Vecteurs"):
            return
        self.calls.append(((fraction - 0.1) / 0.9, message))
        if self.batches is not None and len(self.calls) >= self.batches:
            raise Interrupted(message)


@pytest.fixture(scope="module")
def embedder():
    return load_embedder()


def _vector_count(store: Store, model: str) -> int:
    return store.db.execute("SELECT count(*) FROM embeddings WHERE model = ?", [model]).fetchone()[0]


def test_an_interrupted_ingest_keeps_its_batches_and_the_rerun_encodes_only_the_rest(embedder, tmp_path, monkeypatch):
    monkeypatch.setattr(vectors, "ENCODE_CHUNK", 4)
    monkeypatch.setattr(vectors, "PROGRESS_CHUNK", 4)
    store = Store(tmp_path / "resume.db")
    stop = StopAfter(2)
    with pytest.raises(Interrupted):
        ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample", progress=stop)
    passages = store.passages(["sample"])
    total = len({h for p in passages for h, _ in vectors._windows(p)})
    assert total > 8
    assert _vector_count(store, embedder.model_id) == 8  # two committed batches of four
    assert [round(f, 6) for f, _ in stop.calls] == [round(4 / total, 6), round(8 / total, 6)]

    store.close()
    store = Store(tmp_path / "resume.db")  # as a new process would open it
    follow = StopAfter(None)
    counts = ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample", progress=follow)
    assert counts["unchanged"] == len(passages) and counts["added"] == 0
    assert counts["embedded"] == total - 8
    assert _vector_count(store, embedder.model_id) == total
    assert follow.calls[-1][0] == pytest.approx(1.0)
    assert ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")["embedded"] == 0

    # what was kept from the first run is what a fresh encoding gives
    kept = store.vectors(embedder.model_id, [p["sha256"] for p in passages])
    some = [p for p in passages if p["sha256"] in kept][:3]
    np.testing.assert_allclose(
        np.vstack([kept[p["sha256"]] for p in some]), embedder.encode_passages([p["text"] for p in some]), atol=1e-6
    )


def test_a_text_repeated_in_two_passages_is_encoded_once(embedder, tmp_path):
    corpus = tmp_path / "twice.jsonl"
    corpus.write_text(
        '{"id": "a", "text": "Le SMIC net mensuel s\'élève à 1 398,69 euros."}\n'
        '{"id": "b", "text": "Le SMIC net mensuel s\'élève à 1 398,69 euros."}\n'
        '{"id": "c", "text": "La tour Eiffel mesure 330 mètres."}\n',
        encoding="utf-8",
    )
    store = Store(tmp_path / "twice.db")
    counts = ingest_corpus_files(store, embedder, [corpus])
    assert counts["added"] == 3 and counts["embedded"] == 2
