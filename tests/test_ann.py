"""Exact and approximate nearest-neighbour search over unit vectors."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.ann import ExactIndex, IVFIndex, build_index


def _unit(rng, n, dim=32, clusters=20):
    centres = rng.normal(size=(clusters, dim))
    x = centres[rng.integers(0, clusters, n)] + 0.3 * rng.normal(size=(n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 60), st.integers(1, 15), st.integers(0, 10_000))
def test_exact_index_agrees_with_a_full_sort(n, k, seed):
    rng = np.random.default_rng(seed)
    vectors, queries = _unit(rng, n), _unit(rng, 3)
    rows, sims = ExactIndex(vectors).search(queries, k)
    full = queries @ vectors.T
    for qi in range(3):
        expected = np.sort(full[qi])[::-1][: min(k, n)]
        assert np.allclose(sims[qi, : min(k, n)], expected, atol=1e-6)
        assert np.allclose(full[qi, rows[qi, : min(k, n)]], expected, atol=1e-6)
        assert (rows[qi, min(k, n) :] == -1).all()


def test_ivf_finds_what_exact_search_finds():
    rng = np.random.default_rng(0)
    vectors, queries = _unit(rng, 4000), _unit(rng, 50)
    truth, _ = ExactIndex(vectors).search(queries, 10)
    ivf = IVFIndex.build(vectors, nlist=32, nprobe=12)
    found, sims = ivf.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)])
    assert recall >= 0.95
    assert (np.diff(sims, axis=1) <= 1e-6).all()


def test_small_corpora_are_searched_exactly_and_large_ones_get_a_saved_index(tmp_path):
    rng = np.random.default_rng(1)
    vectors = _unit(rng, 300)
    assert build_index(vectors, cache_dir=tmp_path, key="k", min_rows=1000) is None
    built = build_index(vectors, cache_dir=tmp_path, key="k", min_rows=100)
    assert isinstance(built, IVFIndex) and len(built) == 300
    saved = list((tmp_path / ".ann").glob("*.faiss"))
    assert len(saved) == 1
    again = build_index(vectors, cache_dir=tmp_path, key="k", min_rows=100)
    assert np.array_equal(again.search(vectors[:5], 3)[0], built.search(vectors[:5], 3)[0])
