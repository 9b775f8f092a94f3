"""The sample's shipped vectors: a new database's sample check needs no model, gives
what the model gives, and takes a shipped row only under this machine's model id."""

from __future__ import annotations

import numpy as np

from checker.model.encoder import default_model_id, load_embedder
from checker.review.sample_vectors import QUERY_SUFFIX, VECTORS_FILE, _read, deferred_embedder, seed_sample_vectors
from checker.review.steps import ensure_sample
from checker.store.database import Store


def checked(store: Store, article_id: str) -> list[tuple[str, str, list[str]]]:
    return [
        (c["text"], c["suggestion"], [m["passage_id"] for m in store.matches(c["id"])])
        for c in store.claims(article_id)
    ]


def test_the_sample_check_from_shipped_vectors_loads_no_model_and_matches_the_model(tmp_path):
    stand_in = deferred_embedder()
    assert stand_in is not None, f"{VECTORS_FILE} has no vectors for {default_model_id()}: rebuild it"
    shipped = Store(tmp_path / "shipped.db")
    assert seed_sample_vectors(shipped, model_id=stand_in.model_id) > 0
    article_id = ensure_sample(shipped, stand_in)
    assert not stand_in.loaded, "a text of the sample was missing from the shipped vectors"

    encoded = Store(tmp_path / "encoded.db")
    embedder = load_embedder()
    assert embedder.model_id == stand_in.model_id and embedder.dim == stand_in.dim
    assert ensure_sample(encoded, embedder) == article_id
    # The same model on another CPU rounds bf16 products its own way: each vector the
    # model gives here is the shipped one to within 1e-3 of cosine, and fused ranks of
    # two passages that close may swap. What the reviewer sees must not change: every
    # suggestion is the model's, and each claim's evidence differs by one swap at most.
    models, hashes, vectors = _read(VECTORS_FILE)
    for key in (stand_in.model_id, stand_in.model_id + QUERY_SUFFIX):
        rows = {str(h): v for m, h, v in zip(models, hashes, vectors) if m == key}
        fresh = encoded.vectors(key, list(rows))
        assert set(fresh) == set(rows), f"{key}: a shipped text the model's check did not encode"
        assert min(float(rows[h] @ fresh[h]) for h in rows) >= 0.999
    ours, model = checked(shipped, article_id), checked(encoded, article_id)
    assert [(text, suggestion) for text, suggestion, _ in ours] == [(text, s) for text, s, _ in model]
    for (text, _, got), (_, _, expected) in zip(ours, model):
        assert len(got) == len(expected) and len(set(got) & set(expected)) >= len(expected) - 1, text
    shipped.close()
    encoded.close()


def test_a_shipped_row_is_taken_only_for_its_model_and_only_when_sound(tmp_path):
    good = np.zeros(4, dtype=np.float32)
    good[0] = 1.0
    path = tmp_path / "vectors.npz"
    np.savez(
        path,
        models=np.array(["m", "m#query", "other", "m"]),
        hashes=np.array(["a", "b", "c", "d"]),
        vectors=np.vstack([good, good, good, good * 3]),
    )
    store = Store(tmp_path / "x.db")
    assert seed_sample_vectors(store, model_id="m", path=path) == 2  # "d" is not of unit length
    assert set(store.vectors("m", ["a", "c", "d"])) == {"a"}
    assert set(store.vectors("m#query", ["b"])) == {"b"}
    assert store.vectors("other", ["c"]) == {}
    assert seed_sample_vectors(store, model_id="m", path=path) == 0  # nothing copied twice
    assert seed_sample_vectors(store, model_id="m", path=tmp_path / "missing.npz") == 0
    store.close()
