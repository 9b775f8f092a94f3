"""The dense channel of a desk whose database searches its own vectors (PostgreSQL with
pgvector): the same ranks and scores as `checker.retrieval.search`'s exact channel, with
no passage vector loaded into this process.

What a SQLite desk computes over its in-memory matrix, the server computes here: the
candidate passages (HNSW, `PgStore.nearest_passages`), a passage's best window cosine
(`PgStore.passage_cosines`), and, when the corpora mix languages, the cosines of a
fixed sample of passages that each language's mean and spread are taken from (every
passage up to `LANGUAGE_SAMPLE`, as the exact channel takes every passage). The process
holds the query's vectors and a few thousand numbers, whatever the corpus's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from checker.model.encoder import Embedder
from checker.retrieval.vectors import embed_missing, passage_windows, query_vectors

if TYPE_CHECKING:
    from checker.store.postgres import PgStore

LANGUAGE_SAMPLE = 4096
MIN_LANGUAGE_ROWS = 5
"""The sample's size and a language's fewest passages: `checker.retrieval.search`'s own
figures (kept here too, since search imports this module)."""
CANDIDATES_PER_POOL = 4
"""Windows asked of the index per query window, per passage of the pool (as the
approximate in-memory index is asked): a long passage holds several windows."""


def prepare(store: PgStore, embedder: Embedder, corpora: Sequence[str]) -> None:
    """Embed what the corpora lack and record each passage's windows in the server, in
    batches (a new or changed passage, or one imported without vectors), so the search
    that follows finds every passage. Nothing to do, and one query, once it was done."""
    model = embedder.model_id
    while True:
        pending = store.passages_without_windows(model, corpora)
        if not pending:
            return
        embed_missing(store, embedder, pending)
        store.save_passage_windows(model, [(p["pk"], p["sha256"], [h for h, _ in passage_windows(p)]) for p in pending])


def _language_sample(store: PgStore, corpora: Sequence[str]) -> list[tuple[int, str]]:
    """The (pk, language) sample each language's cosines are normalised on; empty when
    the corpora hold one language, or one with too few passages. Read once per search
    call, for all its queries."""
    counts = store.passage_languages(corpora)
    if len(counts) < 2 or min(counts.values()) < MIN_LANGUAGE_ROWS:
        return []
    return store.passage_sample(corpora, LANGUAGE_SAMPLE)


def _language_stats(
    store: PgStore, model: str, vectors: np.ndarray, sample: list[tuple[int, str]]
) -> dict[str, tuple[float, float]]:
    """language → (mean, std) of the best cosine of the query's windows over the sample's
    passages; empty without a sample, or when a language has too few in it."""
    if not sample:
        return {}
    pks = [pk for pk, _ in sample]
    best = np.full(len(pks), -np.inf, dtype=np.float64)
    for v in vectors:
        found = store.passage_cosines(model, v, pks)
        best = np.maximum(best, np.array([found.get(pk, -np.inf) for pk in pks]))
    langs = np.array([lang for _, lang in sample])
    stats = {}
    for lang in dict.fromkeys(langs.tolist()):
        mask = (langs == lang) & np.isfinite(best)
        if int(mask.sum()) < MIN_LANGUAGE_ROWS:
            return {}
        stats[lang] = (float(best[mask].mean()), float(best[mask].std()) or 1.0)
    return stats


def dense(
    store: PgStore, embedder: Embedder, queries: Sequence[str], corpora: Sequence[str], *, pool: int, query_windows: int
) -> list[tuple[dict[int, tuple[int, float]], dict[int, float]]]:
    """Per query: pk → (rank, normalised score) for the best `pool` passages, and pk →
    best window cosine (the shape `checker.retrieval.search._dense` returns)."""
    model = embedder.model_id
    qv, owner = query_vectors(store, embedder, queries, max_windows=query_windows)
    sample = _language_sample(store, corpora)
    out = []
    for qi in range(len(queries)):
        mine = qv[owner == qi]
        cosine: dict[int, float] = {}
        lang_of: dict[int, str] = {}
        for v in mine:
            for pk, lang, cos in store.nearest_passages(model, v, corpora, k=pool * CANDIDATES_PER_POOL):
                if cos > cosine.get(pk, -np.inf):
                    cosine[pk] = cos
                    lang_of[pk] = lang
        stats = _language_stats(store, model, mine, sample) if cosine else {}
        normed = {
            pk: (c - stats[lang_of[pk]][0]) / stats[lang_of[pk]][1] if lang_of[pk] in stats else c
            for pk, c in cosine.items()
        }
        best = sorted(normed, key=lambda pk: (-normed[pk], pk))[:pool]
        out.append(({pk: (r, normed[pk]) for r, pk in enumerate(best, start=1)}, {pk: cosine[pk] for pk in best}))
    return out


def fill_cosines(
    store: PgStore, embedder: Embedder, queries: Sequence[str], wanted: dict[int, list[int]], query_windows: int
) -> dict[tuple[int, int], float]:
    """(query index, pk) → best window cosine, for the passages another channel found
    (`wanted`: query index → pks), computed in the server."""
    qv, owner = query_vectors(store, embedder, queries, max_windows=query_windows)
    found: dict[tuple[int, int], float] = {}
    for qi, pks in wanted.items():
        for v in qv[owner == qi]:
            for pk, cos in store.passage_cosines(embedder.model_id, v, pks).items():
                found[(qi, pk)] = max(cos, found.get((qi, pk), -np.inf))
    return found
