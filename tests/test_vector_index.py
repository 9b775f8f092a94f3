"""Exact and approximate nearest-neighbour search over unit vectors."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.retrieval.vector_index import ExactIndex, IVFIndex, build_index


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


def _recall(index, vectors, queries) -> float:
    truth, _ = ExactIndex(vectors).search(queries, 10)
    found, _ = index.search(queries, 10)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)]))


def test_a_built_index_scans_as_many_clusters_as_its_corpus_needs():
    rng = np.random.default_rng(2)
    clustered, queries = _unit(rng, 8000, dim=48, clusters=40), _unit(rng, 100, dim=48, clusters=40)
    easy = IVFIndex.build(clustered, nlist=256, tune=True)
    assert easy.tuned_recall >= 0.99
    assert _recall(easy, clustered, queries) >= 0.97  # fresh queries, not the tuning ones

    spread = rng.normal(size=(8000, 48)).astype(np.float32)  # no clusters: IVF cannot skip much
    spread /= np.linalg.norm(spread, axis=1, keepdims=True)
    hard = IVFIndex.build(spread, nlist=256, tune=True)
    assert hard.index.nprobe > easy.index.nprobe
    assert hard.tuned_recall >= 0.99 or hard.index.nprobe == 256
    fresh = rng.normal(size=(100, 48)).astype(np.float32)
    assert _recall(hard, spread, fresh / np.linalg.norm(fresh, axis=1, keepdims=True)) >= 0.97


def test_a_saved_index_keeps_its_tuned_nprobe(tmp_path):
    rng = np.random.default_rng(3)
    spread = rng.normal(size=(3000, 32)).astype(np.float32)
    spread /= np.linalg.norm(spread, axis=1, keepdims=True)
    built = build_index(spread, cache_dir=tmp_path, key="spread", min_rows=100)
    again = build_index(spread, cache_dir=tmp_path, key="spread", min_rows=100)
    assert again.index.nprobe == built.index.nprobe > 64


def test_vectors_read_back_from_the_index_are_the_stored_ones(tmp_path):
    rng = np.random.default_rng(4)
    vectors = _unit(rng, 2000)
    built = IVFIndex.build(vectors, nlist=16)
    assert np.array_equal(built.rows(np.array([0, 7, 1999])), vectors[[0, 7, 1999]])
    built.save(tmp_path / "i.faiss")
    loaded = IVFIndex.load(tmp_path / "i.faiss")
    assert np.array_equal(loaded.rows(np.array([3, 4])), vectors[[3, 4]])
    assert loaded.rows(np.array([], dtype=np.int64)).shape == (0, vectors.shape[1])
    assert np.array_equal(ExactIndex(vectors).rows(np.array([5])), vectors[[5]])


def test_a_bad_threshold_setting_falls_back_to_the_default(monkeypatch):
    from checker.settings import DEFAULT_ANN_MIN_ROWS, ann_min_rows

    for bad in ("", "many", "-5", "0", "2.5"):
        monkeypatch.setenv("FACTCHECK_ANN_MIN_ROWS", bad)
        assert ann_min_rows() == DEFAULT_ANN_MIN_ROWS
    monkeypatch.setenv("FACTCHECK_ANN_MIN_ROWS", "1000")
    assert ann_min_rows() == 1000


def test_an_fp16_index_finds_what_exact_search_finds_and_reads_rows_back_within_tolerance(tmp_path):
    """The desk's own index (fp16 codes): same top results as exact search, and the
    cosines it returns and the rows it reads back stay within 1e-3 of float32."""
    rng = np.random.default_rng(5)
    vectors, queries = _unit(rng, 4000, dim=64), _unit(rng, 50, dim=64)
    truth, _ = ExactIndex(vectors).search(queries, 10)
    built = build_index(vectors, cache_dir=tmp_path, key="fp16", min_rows=100)
    assert built.codec == "fp16"
    found, sims = built.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)])
    assert recall >= 0.98
    shown = np.einsum("qd,qkd->qk", queries, vectors[found])  # float32 cosines of what was found
    assert np.abs(sims - shown).max() < 1e-3
    ids = np.array([0, 7, 3999])
    assert np.abs(built.rows(ids) - vectors[ids]).max() < 1e-3
    again = build_index(vectors, cache_dir=tmp_path, key="fp16", min_rows=100)
    assert again.codec == "fp16" and np.array_equal(again.search(queries, 10)[0], found)


def test_indexes_of_different_codecs_are_saved_apart(tmp_path):
    rng = np.random.default_rng(6)
    vectors = _unit(rng, 500)
    flat = build_index(vectors, cache_dir=tmp_path, key="k", min_rows=100, codec="flat")
    half = build_index(vectors, cache_dir=tmp_path, key="k", min_rows=100, codec="fp16")
    assert (flat.codec, half.codec) == ("flat", "fp16")
    assert len(list((tmp_path / ".ann").glob("*.faiss"))) == 2


def _blended_topics(rng, seeds: np.ndarray, n: int, *, copies: int) -> np.ndarray:
    """The "mix" stress set of benchmarks/bench_scale.py in small: blends of two random
    topics, each blend with `copies` noisy copies (1: every query a fresh blend)."""
    dim = seeds.shape[1]
    a, b = rng.integers(0, len(seeds), (2, max(n // copies, 1)))
    blends = seeds[a] + seeds[b]
    blends /= np.linalg.norm(blends, axis=1, keepdims=True)
    x = blends[rng.integers(0, len(blends), n)] + rng.normal(0, 0.5 / np.sqrt(dim), (n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_an_index_tuned_on_its_own_rows_keeps_its_recall_on_queries_between_topics():
    """Each row sits among its near-copies, so its own rows told the tuner a few lists
    were enough (128 of 512: recall .97 on fresh queries, like 125 of 4,000 at 1M on
    "mix", .8755); tuned with points between rows too, fresh queries keep >= .98."""
    rng = np.random.default_rng(7)
    common = rng.normal(size=64)
    topics = rng.normal(size=(1000, 64))
    topics = topics / np.linalg.norm(topics, axis=1, keepdims=True) + 1.5 * common / np.linalg.norm(common)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    vectors = _blended_topics(rng, topics, 20_000, copies=50)
    fresh = _blended_topics(rng, topics, 200, copies=1)
    index = IVFIndex.build(vectors, nlist=512, tune=True)
    assert index.tuned_recall is not None and index.tuned_recall >= 0.99
    assert _recall(index, vectors, fresh) >= 0.98
