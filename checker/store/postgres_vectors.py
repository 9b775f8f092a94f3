"""Nearest passages searched by the PostgreSQL server (pgvector's HNSW index), mixed
into `checker.store.postgres.PgStore`.

Why in the server: a SQLite desk loads every window's vector of the searched corpora
into the process (1.5 GB of float32 a million rows) and searches it there; a server's
desk is shared by several app servers, each of which would hold its own copy. Here the
process sends the query's vector and receives (passage, cosine) pairs: the HNSW index
finds the candidate windows, `passage_windows` maps them to the passages that hold
them, and only passages of the searched corpora (and of their current text) count. The
cosines come from the stored float32 vectors, so the candidates are already ranked
exactly; the index decides only which windows are candidates.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from psycopg import sql

HNSW_EF_SEARCH = 100
"""Candidates the graph search keeps (`hnsw.ef_search`), and never fewer than the rows
asked for (the dense channel asks 200 windows a query): recall@10 .995 against exact
search on 300,000 "mix" vectors with the desk's index (`postgres_schema.HNSW_M`)."""


def _vector(query: np.ndarray) -> str:
    """pgvector's text form of a query vector (sent as a parameter)."""
    return "[" + ",".join(repr(float(x)) for x in np.asarray(query, dtype=np.float32)) + "]"


class ServerVectors:
    """The PostgreSQL store's nearest-passage search and the windows it reads."""

    db: Any

    def _write(self) -> contextlib.AbstractContextManager[None]:  # provided by PgStore
        raise NotImplementedError

    def _run(self, statement: str, params: Sequence[Any] = ()) -> Any:  # provided by Store
        raise NotImplementedError

    def _run_many(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:  # provided by Store
        raise NotImplementedError

    def _raw(self) -> Any:
        return self.db.conn.raw

    def passages_without_windows(self, model: str, corpora: Sequence[str], *, limit: int = 5000) -> list[dict]:
        """Up to `limit` passages of the corpora whose current text has no windows recorded
        under `model` (new, changed, or imported without vectors): pk, text, sha256."""
        rows = self._raw().execute(
            "SELECT p.pk, p.text, p.sha256 FROM passages p WHERE p.corpus = ANY(%s) AND NOT EXISTS"
            " (SELECT 1 FROM passage_windows w WHERE w.model = %s AND w.passage_pk = p.pk AND w.passage_sha = p.sha256)"
            " ORDER BY p.pk LIMIT %s",
            [list(corpora), model, limit],
        )
        return [{"pk": pk, "text": text, "sha256": sha} for pk, text, sha in rows]

    def save_passage_windows(self, model: str, windows: Iterable[tuple[int, str, Sequence[str]]]) -> None:
        """(passage pk, passage sha256, its windows' hashes): each passage's windows under
        `model`, replacing what was recorded for an older text."""
        items = list(windows)
        if not items:
            return
        with self._write():
            self._run(
                "DELETE FROM passage_windows WHERE model = ? AND passage_pk = ANY(?)", [model, [i[0] for i in items]]
            )
            rows = [(model, pk, sha, h) for pk, sha, hashes in items for h in dict.fromkeys(hashes)]
            self._run_many(
                "INSERT INTO passage_windows (model, passage_pk, passage_sha, window_sha) VALUES (?, ?, ?, ?)", rows
            )

    def passage_languages(self, corpora: Sequence[str]) -> dict[str, int]:
        """Passages per language ('' when unknown) in the corpora."""
        rows = self._raw().execute(
            "SELECT coalesce(lang, ''), count(*) FROM passages WHERE corpus = ANY(%s) GROUP BY 1 ORDER BY 1",
            [list(corpora)],
        )
        return {lang: int(n) for lang, n in rows}

    def passage_sample(self, corpora: Sequence[str], size: int) -> list[tuple[int, str]]:
        """(pk, language) of every passage of the corpora when they hold at most `size`,
        else of `size` of them picked by a hash of their text (the same ones each time)."""
        rows = self._raw().execute(
            "SELECT pk, coalesce(lang, '') FROM passages WHERE corpus = ANY(%s) ORDER BY md5(sha256), pk LIMIT %s",
            [list(corpora), size],
        )
        return sorted((int(pk), lang) for pk, lang in rows)

    def nearest_passages(
        self,
        model: str,
        query: np.ndarray,
        corpora: Sequence[str],
        *,
        k: int,
        ef_search: int = HNSW_EF_SEARCH,
    ) -> list[tuple[int, str, float]]:
        """The passages of the corpora holding the `k` windows nearest `query` by cosine:
        (pk, language, cosine of that window), best first; a passage may come once per
        window found.

        The HNSW index is walked in order of distance, keeping the windows of these
        corpora, until `k` are found (pgvector's iterative scan). Sorting is disabled
        for the statement so the planner cannot trade the index for an exact scan of
        every vector, which it would on a guess of the corpora's size. When the walk
        ends early (a corpus much smaller than the desk, past `hnsw.max_scan_tuples`)
        while the corpora hold more windows, the same query runs exactly."""
        rows = self._nearest(model, query, corpora, k=k, ef_search=ef_search, exact=False)
        if len(rows) < k and self._window_count(model, corpora) > len(rows):
            rows = self._nearest(model, query, corpora, k=k, ef_search=ef_search, exact=True)
        return rows

    def _nearest(
        self, model: str, query: np.ndarray, corpora: Sequence[str], *, k: int, ef_search: int, exact: bool
    ) -> list[tuple[int, str, float]]:
        dim = int(query.shape[0])
        d = sql.Literal(dim)
        # (a passage's current windows only: `prepare` replaced any older text's
        # before the search, so the join needs no second condition on the text's hash,
        # which made the planner misjudge the corpora's size)
        statement = sql.SQL(
            "WITH hits AS (SELECT e.sha256, e.vector::vector({d}) <=> %(q)s::vector({d}) AS distance"
            " FROM embeddings e WHERE e.dim = {d} AND e.model = %(model)s AND EXISTS (SELECT 1"
            "  FROM passage_windows w JOIN passages p ON p.pk = w.passage_pk"
            "  WHERE w.window_sha = e.sha256 AND w.model = e.model AND p.corpus = ANY(%(corpora)s))"
            " ORDER BY e.vector::vector({d}) <=> %(q)s::vector({d}) LIMIT %(k)s)"
            " SELECT p.pk, coalesce(p.lang, ''), 1 - h.distance FROM hits h"
            " JOIN passage_windows w ON w.window_sha = h.sha256 AND w.model = %(model)s"
            " JOIN passages p ON p.pk = w.passage_pk AND p.corpus = ANY(%(corpora)s)"
        ).format(d=d)
        raw = self._raw()
        with raw.transaction():
            if exact:
                raw.execute("SET LOCAL enable_indexscan = off")
            else:
                setting = sql.SQL("SET LOCAL hnsw.ef_search = {}").format(sql.Literal(int(max(ef_search, k))))
                raw.execute(setting)
                raw.execute("SET LOCAL hnsw.iterative_scan = strict_order")
                raw.execute("SET LOCAL enable_sort = off")
            found = raw.execute(statement, {"q": _vector(query), "model": model, "corpora": list(corpora), "k": k})
            rows = [(int(pk), lang, float(cos)) for pk, lang, cos in found.fetchall()]
        return sorted(rows, key=lambda r: (-r[2], r[0]))

    def _window_count(self, model: str, corpora: Sequence[str]) -> int:
        """Windows recorded under `model` for the passages of the corpora."""
        row = (
            self._raw()
            .execute(
                "SELECT count(*) FROM passage_windows w JOIN passages p ON p.pk = w.passage_pk"
                " WHERE w.model = %s AND p.corpus = ANY(%s)",
                [model, list(corpora)],
            )
            .fetchone()
        )
        return int(row[0])

    def passage_cosines(self, model: str, query: np.ndarray, pks: Sequence[int]) -> dict[int, float]:
        """pk → the best cosine between `query` and any window of that passage (computed
        in the server, exactly): for passages found by another channel, and for the
        sample a language's cosines are normalised on."""
        if not len(pks):
            return {}
        dim = int(query.shape[0])
        statement = sql.SQL(
            "SELECT w.passage_pk, max(1 - (e.vector::vector({d}) <=> %s::vector({d})))"
            " FROM passage_windows w"
            " JOIN embeddings e ON e.sha256 = w.window_sha AND e.model = w.model AND e.dim = {d}"
            " WHERE w.model = %s AND w.passage_pk = ANY(%s) GROUP BY w.passage_pk"
        ).format(d=sql.Literal(dim))
        rows = self._raw().execute(statement, [_vector(query), model, [int(pk) for pk in pks]])
        return {int(pk): float(cos) for pk, cos in rows}
