"""Hybrid retrieval: dense cosine + FTS5 BM25 + stem overlap + rapidfuzz, fused by
weighted reciprocal rank.

Each channel fails differently: the model finds paraphrases and other languages but
blurs names and numbers, BM25 finds exact rare words, the stem overlap (share of the
query's IDF-weighted 5-letter stems found in the passage) finds inflected French words
that BM25's unstemmed index misses, fuzzy matching finds names spelled a little
differently. Reciprocal-rank fusion needs no calibration between
their incomparable scores, which keeps the fusion honest on a corpus we never tuned on.

Dense scores are normalised per passage language before ranking: a French claim has
a lower cosine with an English passage saying the same thing than with a French one
that merely shares its topic, so each language's cosines are turned into z-scores
(distance from that language's mean, in its standard deviations) for this query.
With one language this changes nothing in the ranking.

The weights were chosen on the dev sets by benchmarks/bench_retrieval.py: a grid over
the four weights, the fuzzy channel's query-length limit and the RRF constant, picked
on one half of each dev set's queries (split by a hash of the query id) and reported
on the other half and on all; see DEFAULT_WEIGHTS for the outcome and the reason.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from checker.model.encoder import Embedder
from checker.retrieval import server_dense
from checker.retrieval.vectors import QUERY_WINDOWS, PassageMatrix, passage_matrix, query_vectors
from checker.store.database import Store
from claims.lexicon import STOP_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TERMS = 64
STEM = 5
MIN_LANGUAGE_ROWS = 5
LANGUAGE_SAMPLE = 4096


@dataclass(frozen=True)
class Weights:
    """How much each channel's rank counts in the fused score, the RRF constant, and
    the longest query (in content words) that the fuzzy channel still judges: fuzzy
    ratios of long texts say little, so long queries leave it out."""

    dense: float = 1.0
    lexical: float = 1.0
    fuzzy: float = 0.5
    overlap: float = 0.0
    rrf_k: int = 60
    fuzzy_max_words: int = 12


# Chosen on half A of the three dev sets (DACCORD-fr, CheckThat! 2025 fr, CLEF-2020 en)
# out of 640 settings, by mean R@5 + MAP@5 (benchmarks/bench_retrieval.py --tune). The
# stem-overlap channel and a sharp RRF constant (5) carried most of the gain: BM25 alone
# misses inflected French words, and with k = 60 a passage ranked 1st by one channel
# and 40th by another beat one ranked 2nd by both. The fuzzy channel barely moved the
# figures (0.25 and 0.5 within 0.0001 on half A); it is kept light for names and
# spelling variants. Half B: DACCORD R@5 .918, CheckThat fr R@5 .875, CLEF MAP@5 .884.
DEFAULT_WEIGHTS = Weights(dense=2.0, lexical=1.0, fuzzy=0.25, overlap=1.5, rrf_k=5, fuzzy_max_words=10**6)


@dataclass
class Candidates:
    """One query's candidates from each channel: pk → (rank, score)."""

    dense: dict[int, tuple[int, float]] = field(default_factory=dict)
    cosine: dict[int, float] = field(default_factory=dict)
    lexical: dict[int, tuple[int, float]] = field(default_factory=dict)
    fuzzy: dict[int, float] = field(default_factory=dict)
    overlap: dict[int, float] = field(default_factory=dict)
    words: int = 0


FOLD_CACHE = 65_536
"""Folded texts kept per process: a check folds each candidate passage once per claim
that finds it (a 10,000-word article folded the same passages 78,000 times)."""


@lru_cache(maxsize=FOLD_CACHE)
def fold(text: str) -> str:
    """Lower case without accents, so 'Élysée' and 'elysee' compare equal.

    Cached, since the same passages are folded for every claim that finds them; plain
    ASCII text (no accent to strip, and NFKD leaves ASCII as it is) skips the
    decomposition."""
    if text.isascii():
        return text.lower()
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


def stems(text: str, *, limit: int | None = None) -> set[str]:
    """Folded 5-letter prefixes of the content words: 'implantation' and 'implanter'
    meet, which the FTS5 index (no stemmer, one index for French and English) misses."""
    return {fold(w)[:STEM] for w in content_words(text)[:limit]}


@lru_cache(maxsize=FOLD_CACHE)
def passage_stems(text: str) -> frozenset[str]:
    """`stems` of a passage's text and title, kept per process: a passage found by many
    claims of an article is read once, not once per claim."""
    return frozenset(stems(text))


class StemWeights:
    """Inverse document frequency of stems, read from the FTS5 index's vocabulary (a
    stem's frequency is that of the indexed words starting with it), cached per
    connection. Like BM25's, it is counted over every passage in the database."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, float] = {}
        self.total = max(1, store.passage_count())

    def __call__(self, stem: str) -> float:
        if stem not in self.cache:
            doc = self.store.documents_with_prefix(stem)
            self.cache[stem] = math.log(1 + self.total / max(1, min(doc, self.total)))
        return self.cache[stem]


def fts_query(text: str, *, max_terms: int = MAX_QUERY_TERMS) -> str:
    """An FTS5 OR-query of the text's first `max_terms` content words, each quoted so
    no word is an operator (a huge query stays a bounded query)."""
    return " OR ".join(f'"{w}"' for w in content_words(text)[:max_terms])


def _language_stats(
    matrix: PassageMatrix, sims_sample, sample_rows: np.ndarray
) -> list[tuple[str, float, float]] | None:
    """(language, mean, std) per language when the corpus mixes languages, else None."""
    langs = np.array(matrix.langs)[sample_rows]
    kinds = [k for k in dict.fromkeys(langs.tolist())]
    if len(kinds) < 2:
        return None
    counts = {k: int((langs == k).sum()) for k in kinds}
    if min(counts.values()) < MIN_LANGUAGE_ROWS:
        return None
    return [(k, float(sims_sample[langs == k].mean()), float(sims_sample[langs == k].std()) or 1.0) for k in kinds]


def _dense(
    store: Store,
    embedder: Embedder,
    queries: Sequence[str],
    matrix: PassageMatrix,
    *,
    pool: int,
    query_windows: int = QUERY_WINDOWS,
) -> list[tuple[dict[int, tuple[int, float]], dict[int, float]]]:
    """Per query: pk → (rank, normalised score) for the best `pool` passages, and pk →
    best window cosine."""
    qv, owner = query_vectors(store, embedder, queries, max_windows=query_windows)
    all_langs = np.array(matrix.langs)
    mixed = len(set(matrix.langs)) > 1
    if matrix.index is None:
        # Exact: every row's cosine, best window per query, then best window per passage.
        sims_rows = qv @ matrix.vectors.T
        # owner is sorted and every query has at least one window.
        per_query = np.maximum.reduceat(sims_rows, np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]), axis=0)
        starts = np.flatnonzero(np.r_[True, matrix.pks[1:] != matrix.pks[:-1]])
        pks = matrix.pks[starts]
        langs = all_langs[starts]
        per_passage = np.maximum.reduceat(per_query, starts, axis=1)
        out = []
        for qi in range(len(queries)):
            cos = per_passage[qi]
            normed = cos
            if mixed:
                normed = cos.copy()
                kinds = {k: langs == k for k in set(langs.tolist())}
                if min(int(m.sum()) for m in kinds.values()) >= MIN_LANGUAGE_ROWS:
                    for mask in kinds.values():
                        mean, std = float(cos[mask].mean()), float(cos[mask].std()) or 1.0
                        normed[mask] = (cos[mask] - mean) / std
            order = np.argsort(-normed, kind="stable")[:pool]
            out.append(
                (
                    {int(pks[i]): (r, float(normed[i])) for r, i in enumerate(order, start=1)},
                    {int(pks[i]): float(cos[i]) for i in order},
                )
            )
        return out
    # Approximate: a wider pool of rows from the index, normalised with per-language
    # statistics estimated on a fixed sample of rows.
    rng = np.random.default_rng(0)
    sample = rng.choice(len(matrix.pks), min(LANGUAGE_SAMPLE, len(matrix.pks)), replace=False)
    sample_vectors = matrix.rows(sample) if mixed else None
    rows, sims = matrix.index.search(qv, pool * 4)
    out = []
    for qi in range(len(queries)):
        mine = np.flatnonzero(owner == qi)
        cosine: dict[int, float] = {}
        lang_of: dict[int, str] = {}
        for r in mine:
            for row, s in zip(rows[r], sims[r]):
                if row < 0:
                    continue
                pk = int(matrix.pks[row])
                if s > cosine.get(pk, -np.inf):
                    cosine[pk] = float(s)
                    lang_of[pk] = all_langs[row]
        normed = dict(cosine)
        if mixed and sample_vectors is not None:
            sample_sims = (qv[mine] @ sample_vectors.T).max(axis=0)
            stats = _language_stats(matrix, sample_sims, sample)
            if stats:
                by_lang = {k: (m, s) for k, m, s in stats}
                normed = {
                    pk: (c - by_lang[lang_of[pk]][0]) / by_lang[lang_of[pk]][1] if lang_of[pk] in by_lang else c
                    for pk, c in cosine.items()
                }
        best = sorted(normed, key=lambda pk: (-normed[pk], pk))[:pool]
        out.append(({pk: (r, normed[pk]) for r, pk in enumerate(best, start=1)}, {pk: cosine[pk] for pk in best}))
    return out


def candidates(
    store: Store,
    embedder: Embedder,
    queries: Sequence[str],
    corpora: Sequence[str],
    *,
    pool: int = 50,
    fuzzy_max_words: int | None = None,
    query_windows: int = QUERY_WINDOWS,
) -> list[Candidates]:
    """Every channel's candidates for each query, before fusion (kept apart so weights
    can be tuned without searching again). Fuzzy ratios are computed on the union of
    the dense and lexical candidates, for queries of at most `fuzzy_max_words` content
    words (default: the default weights' limit; pass a large number to get them all)."""
    limit = DEFAULT_WEIGHTS.fuzzy_max_words if fuzzy_max_words is None else fuzzy_max_words
    matrix = None
    if store.vectors_in_server:
        # the server searches its own vectors (HNSW): none is loaded into this process
        server_dense.prepare(store, embedder, corpora)  # type: ignore[arg-type]  # a PgStore
        empty = not store.passage_languages(corpora)  # type: ignore[attr-defined]
    else:
        matrix = passage_matrix(store, embedder, corpora)
        empty = len(matrix.pks) == 0
    if not len(queries):
        return []
    if empty:
        return [Candidates() for _ in queries]
    if matrix is None:
        dense = server_dense.dense(store, embedder, queries, corpora, pool=pool, query_windows=query_windows)  # type: ignore[arg-type]
    else:
        dense = _dense(store, embedder, queries, matrix, pool=pool, query_windows=query_windows)
    out = []
    texts: dict[int, str] = {}
    stems_of: dict[int, frozenset[str]] = {}
    idf = StemWeights(store)
    for qi, query in enumerate(queries):
        c = Candidates(dense=dense[qi][0], cosine=dense[qi][1])
        lexical = store.lexical_search(fts_query(query), corpora, limit=pool)
        c.lexical = {pk: (r, s) for r, (pk, s) in enumerate(lexical, start=1)}
        c.words = len(content_words(query))
        pool_pks = set(c.dense) | set(c.lexical)
        missing = [pk for pk in pool_pks if pk not in texts]
        if missing:
            for p in store.passages_by_pk(missing).values():
                texts[p["pk"]] = p["text"]
                stems_of[p["pk"]] = passage_stems(p["text"] + " " + (p["title"] or ""))
        query_stems = stems(query, limit=MAX_QUERY_TERMS)
        weight = {st: idf(st) for st in query_stems}
        # fsum: exact sums, so the score does not depend on set order (which varies
        # between processes) and two runs rank ties the same.
        total = math.fsum(weight.values())
        if total > 0:
            c.overlap = {pk: math.fsum(weight[st] for st in query_stems & stems_of[pk]) / total for pk in pool_pks}
        if c.words <= limit and pool_pks:
            folded = fold(query)
            c.fuzzy = {pk: fuzz.token_set_ratio(folded, fold(texts[pk])) / 100 for pk in pool_pks}
        out.append(c)
    # Cosines of lexical-only candidates, so every match shows its similarity.
    need = [(qi, pk) for qi, c in enumerate(out) for pk in c.lexical if pk not in c.cosine]
    if need and matrix is None:
        wanted: dict[int, list[int]] = {}
        for qi, pk in need:
            wanted.setdefault(qi, []).append(pk)
        found = server_dense.fill_cosines(store, embedder, queries, wanted, query_windows)  # type: ignore[arg-type]
        for (qi, pk), cos in found.items():
            out[qi].cosine[pk] = cos
    elif need and matrix is not None:
        _fill_cosines(store, embedder, queries, matrix, out, need, query_windows)
    return out


def _fill_cosines(store, embedder, queries, matrix: PassageMatrix, out: list[Candidates], need, windows: int) -> None:
    qv, owner = query_vectors(store, embedder, queries, max_windows=windows)
    pk_rows: dict[int, list[int]] = {}
    wanted = {pk for _, pk in need}
    for row in np.flatnonzero(np.isin(matrix.pks, list(wanted))):
        pk_rows.setdefault(int(matrix.pks[row]), []).append(int(row))
    for qi, pk in need:
        rows = pk_rows.get(pk)
        if rows:
            out[qi].cosine[pk] = float((qv[owner == qi] @ matrix.rows(rows).T).max())


def fuse(c: Candidates, weights: Weights = DEFAULT_WEIGHTS, *, top_k: int = 5) -> list[dict]:
    """The top_k passages of one query's candidates as dicts with keys 'pk', 'score',
    'dense', 'lexical', 'fuzzy', sorted by decreasing fused score (ties: higher
    cosine, then lower pk)."""
    k = weights.rrf_k
    use_fuzzy = weights.fuzzy > 0 and c.words <= weights.fuzzy_max_words and bool(c.fuzzy)
    fuzzy_rank = {}
    if use_fuzzy:
        fuzzy_rank = {pk: r for r, pk in enumerate(sorted(c.fuzzy, key=lambda pk: (-c.fuzzy[pk], pk)), start=1)}
    overlap_rank = {}
    if weights.overlap > 0 and c.overlap:
        overlap_rank = {pk: r for r, pk in enumerate(sorted(c.overlap, key=lambda pk: (-c.overlap[pk], pk)), start=1)}
    best = weights.dense + weights.lexical + (weights.fuzzy if use_fuzzy else 0.0)
    best += weights.overlap if overlap_rank else 0.0
    scored = []
    for pk in set(c.dense) | set(c.lexical):
        fused = 0.0
        if pk in c.dense and weights.dense:
            fused += weights.dense / (k + c.dense[pk][0])
        if pk in c.lexical and weights.lexical:
            fused += weights.lexical / (k + c.lexical[pk][0])
        if pk in fuzzy_rank:
            fused += weights.fuzzy / (k + fuzzy_rank[pk])
        if pk in overlap_rank:
            fused += weights.overlap / (k + overlap_rank[pk])
        if fused <= 0:
            continue
        scored.append(
            {
                "pk": pk,
                "score": fused * (k + 1) / best if best else 0.0,
                "dense": c.cosine.get(pk, 0.0),
                "lexical": c.lexical[pk][1] if pk in c.lexical else 0.0,
                "fuzzy": c.fuzzy.get(pk, 0.0),
                "overlap": c.overlap.get(pk, 0.0),
            }
        )
    scored.sort(key=lambda m: (-m["score"], -m["dense"], m["pk"]))
    return scored[:top_k]


def search(
    store: Store,
    embedder: Embedder,
    queries: Sequence[str],
    corpora: Sequence[str],
    *,
    top_k: int = 5,
    pool: int = 50,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[list[dict]]:
    """For each query, the top_k passages as dicts with keys 'pk', 'score', 'dense',
    'lexical', 'fuzzy', sorted by decreasing fused score.

    'dense' is the best cosine similarity between the query and any window of the
    passage, 'lexical' the BM25 score (0 when the passage had no word in common),
    'fuzzy' the rapidfuzz token-set ratio in [0, 1] (0 when not computed), and 'score'
    the weighted reciprocal-rank fusion scaled so that a passage ranked first by every
    channel scores 1.
    """
    pool = max(pool, top_k)
    found = candidates(store, embedder, queries, corpora, pool=pool, fuzzy_max_words=weights.fuzzy_max_words)
    return [fuse(c, weights, top_k=top_k) for c in found]
