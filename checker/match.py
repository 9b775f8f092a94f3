"""Hybrid retrieval: dense cosine + FTS5 BM25 + rapidfuzz, fused by reciprocal rank.

Each channel fails differently: the model finds paraphrases and other languages but
blurs names and numbers, BM25 finds exact rare words, fuzzy matching finds names
spelled a little differently. Reciprocal-rank fusion needs no calibration between
their incomparable scores, which keeps the fusion honest on a corpus we never tuned on.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP

from checker.embed import Embedder
from checker.store import Store
from checker.vectors import passage_matrix

RRF_K = 60
STOP_WORDS = frozenset(w.lower() for w in (FR_STOP | EN_STOP))
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Weights:
    """How much each channel's rank counts in the fused score."""

    dense: float = 1.0
    lexical: float = 1.0
    fuzzy: float = 0.5


def fold(text: str) -> str:
    """Lower case without accents, so 'Élysée' and 'elysee' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def content_words(text: str) -> list[str]:
    """Words that carry meaning (no stop words, no single letters), in order, once each."""
    words = []
    for w in _WORD.findall(text):
        low = w.lower()
        if (len(low) > 1 or low.isdigit()) and low not in STOP_WORDS:
            words.append(low)
    return list(dict.fromkeys(words))


def fts_query(text: str) -> str:
    """An FTS5 OR-query of the text's content words, each quoted so no word is an operator."""
    return " OR ".join(f'"{w}"' for w in content_words(text))


def search(
    store: Store,
    embedder: Embedder,
    queries: Sequence[str],
    corpora: Sequence[str],
    *,
    top_k: int = 5,
    pool: int = 50,
    weights: Weights = Weights(),
) -> list[list[dict]]:
    """For each query, the top_k passages as dicts with keys 'pk', 'score', 'dense',
    'lexical', 'fuzzy', sorted by decreasing fused score.

    'dense' is the cosine similarity, 'lexical' the BM25 score (0 when the passage had
    no word in common), 'fuzzy' the rapidfuzz token-set ratio in [0, 1], and 'score' the
    weighted reciprocal-rank fusion scaled so that a passage ranked first by every
    channel scores 1.
    """
    matrix = passage_matrix(store, embedder, corpora)
    if not len(queries):
        return []
    if len(matrix.pks) == 0:
        return [[] for _ in queries]
    query_vectors = embedder.encode_queries(list(queries))
    similarities = query_vectors @ matrix.vectors.T
    texts = {p["pk"]: p["text"] for p in store.passages_by_pk(matrix.pks.tolist()).values()}
    best = weights.dense + weights.lexical + weights.fuzzy
    results = []
    for qi, query in enumerate(queries):
        sims = similarities[qi]
        dense_order = np.argsort(-sims)[:pool]
        dense_rank = {int(matrix.pks[i]): r for r, i in enumerate(dense_order, start=1)}
        dense_score = {int(matrix.pks[i]): float(sims[i]) for i in range(len(matrix.pks))}
        lexical = store.lexical_search(fts_query(query), corpora, limit=pool)
        lexical_rank = {pk: r for r, (pk, _) in enumerate(lexical, start=1)}
        lexical_score = dict(lexical)
        candidates = set(dense_rank) | set(lexical_rank)
        folded = fold(query)
        fuzzy_score = {pk: fuzz.token_set_ratio(folded, fold(texts[pk])) / 100 for pk in candidates}
        fuzzy_order = sorted(candidates, key=lambda pk: -fuzzy_score[pk])
        fuzzy_rank = {pk: r for r, pk in enumerate(fuzzy_order, start=1)}
        scored = []
        for pk in candidates:
            fused = 0.0
            if pk in dense_rank:
                fused += weights.dense / (RRF_K + dense_rank[pk])
            if pk in lexical_rank:
                fused += weights.lexical / (RRF_K + lexical_rank[pk])
            fused += weights.fuzzy / (RRF_K + fuzzy_rank[pk])
            scored.append(
                {
                    "pk": pk,
                    "score": fused * (RRF_K + 1) / best,
                    "dense": dense_score[pk],
                    "lexical": lexical_score.get(pk, 0.0),
                    "fuzzy": fuzzy_score[pk],
                }
            )
        scored.sort(key=lambda m: (-m["score"], -m["dense"], m["pk"]))
        results.append(scored[:top_k])
    return results
