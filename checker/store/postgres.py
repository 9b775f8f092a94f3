"""The store on a PostgreSQL server (`FACTCHECK_DB=postgresql://…`).

`Store(url)` gives a `PgStore`: every method of `checker.store.database.Store` runs unchanged
on `checker.store.postgres_connection.PgDatabase` (the sqlite-utils facade); only what the engines do
differently is here: opening (refuse another program's or a newer desk's database
before writing), the write transaction (an advisory lock plays BEGIN IMMEDIATE's
part), full-text search (French and English `tsvector`s instead of FTS5) and vectors
(pgvector's `vector` column, with an HNSW index per dimension, searched in the server:
`checker.store.postgres_vectors`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from psycopg import errors, sql

from checker import scale as scales
from checker.database_url import DatabaseUrl, as_location
from checker.errors import StoreError
from checker.settings import db_timeout
from checker.store import postgres_schema as pg_schema
from checker.store.corpus_files import Passage
from checker.store.database import _SCHEMA, Store
from checker.store.postgres_connection import PRIMARY_KEYS, PgDatabase
from checker.store.postgres_vectors import ServerVectors

_QUOTED = r'"([^"]*)"'


class PgStore(Store, ServerVectors):
    """One connection to the desk's PostgreSQL database (autocommit between writes, so
    a read sees every committed verdict, as a WAL reader does)."""

    vectors_in_server = True

    def __init__(
        self,
        path: str | Path,
        *,
        check_same_thread: bool = True,
        timeout: float | None = None,
        create: bool = True,
        scale: scales.Scale | None = None,
    ) -> None:
        url = as_location(path)
        assert isinstance(url, DatabaseUrl)
        self.path = url  # type: ignore[assignment]  # a URL that answers what a path is asked
        self.timeout = db_timeout() if timeout is None else float(timeout)
        self._writing = False
        self._claim_lock: str | None = None
        self._indexed_dims: set[int] = set()
        try:
            raw = psycopg.connect(url.dsn, autocommit=True, connect_timeout=max(1, int(self.timeout)))
        except psycopg.Error as e:
            raise StoreError(f"{url}: cannot connect to the PostgreSQL server ({_first_line(e)})") from None
        try:
            # SET takes no parameter: the value is composed by the driver's quoting (sql.Literal)
            setting = sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{int(self.timeout * 1000)}ms"))
            raw.execute(setting)
            self.db = PgDatabase(raw)  # type: ignore[assignment]  # the same interface, another engine
            self._open(create, scale)
        except psycopg.Error as e:
            raw.close()
            raise _pg_error(url, e, self.timeout) from None
        except BaseException:
            raw.close()
            raise

    def _open(self, create: bool, scale: scales.Scale | None) -> None:
        """Look first (reading only), then create what is missing in one transaction.

        The rating scale is decided as on SQLite (`Store._choose_scale`): a new desk
        keeps the one asked for, else the default; an existing one keeps its own, and
        asking it for another is refused before anything is written."""
        raw = self.db.conn.raw  # type: ignore[attr-defined]
        action = pg_schema.inspect(raw, str(self.path))
        if action == "create" and not create:
            raise StoreError(f"{self.path}: holds no desk yet; nothing was created (check the database name)")
        asked = scale or scales.requested_scale()
        if action == "create":
            self.scale = asked or scales.default_scale()
        else:
            self.scale = self._stored_scale()
            if asked is not None:
                scales.refuse_other(self.scale, asked, str(self.path))
        if action == "current" and not self._missing_tables():
            return
        with self._write():
            if pg_schema.inspect(raw, str(self.path)) == "create" or self._missing_tables():
                pg_schema.create(raw, _SCHEMA)
            if action == "create":
                self._store_scale()

    def _stored_scale(self) -> scales.Scale:
        """The scale this desk keeps; a desk from before scales is on the three-value preset."""
        if "desk_scale" not in self.db.table_names():
            return scales.legacy_scale()
        row = self.db.execute("SELECT definition FROM desk_scale WHERE id = 1").fetchone()
        return scales.stored_in(None if row is None else str(row[0]), str(self.path))

    def _missing_tables(self) -> set[str]:
        """The desk's tables, refusing triggers and server layout revision this database
        lacks (none, once it was created or brought up to date by this version)."""
        tables = ({*PRIMARY_KEYS, *pg_schema.SERVER_TABLES, pg_schema.META_TABLE}) - set(self.db.table_names())
        raw = self.db.conn.raw  # type: ignore[attr-defined]
        triggers = {name for name, _ in pg_schema.refusal_triggers(_SCHEMA)} - pg_schema.trigger_names(raw)
        layout = {"server_layout"} if pg_schema.layout_revision(raw) < pg_schema.LAYOUT else set()
        return tables | triggers | layout

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, serialised by an advisory lock (waiting at most the
        timeout) with every other writer of the desk, or, for a verdict or a draft, with
        the other writers of that claim's verdicts and drafts; nested calls join it.

        Why per claim for verdicts: what must not interleave is two readings of the
        claim's `supersedes` chain; a team's verdicts on other claims, and a corpus
        import (one long transaction), need not wait for each other."""
        if self._writing:
            yield
            return
        raw = self.db.conn.raw  # type: ignore[attr-defined]
        try:
            with raw.transaction():
                if self._claim_lock is None:
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", [pg_schema.WRITE_LOCK])
                else:
                    raw.execute(
                        "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [pg_schema.CLAIM_LOCKS, self._claim_lock]
                    )
                self._writing = True
                try:
                    yield
                finally:
                    self._writing = False
        except _SERVER_PROBLEMS as e:
            # the server's state (a lock held too long, a read-only account, a full disk,
            # a lost connection) becomes a message; any other error is a bug in a query
            # and keeps its traceback, as on SQLite
            raise _pg_error(self.path, e, self.timeout) from None

    @contextlib.contextmanager
    def _claim_writes(self, claim_id: str) -> Iterator[None]:
        """The writes inside take the claim's lock rather than the desk's."""
        outer = self._claim_lock
        self._claim_lock = outer or claim_id
        try:
            yield
        finally:
            self._claim_lock = outer

    def record_verdict(self, claim_id: str, verdict: str, **kwargs: Any) -> dict:
        """Store's append-only verdict, under the claim's lock (see `_write`)."""
        with self._claim_writes(claim_id):
            return super().record_verdict(claim_id, verdict, **kwargs)

    def save_draft(self, claim_id: str, note: str, *, reviewer: str = "") -> None:
        """Store's draft, under the claim's lock (see `_write`)."""
        with self._claim_writes(claim_id):
            super().save_draft(claim_id, note, reviewer=reviewer)

    def _rollback(self) -> None:
        """Nothing to do: `_write`'s transaction block rolls back on any error."""

    def _ensure_later_table(self, name: str) -> None:
        """Every table exists on a server's desk from the start (see `_open`)."""

    def close(self) -> None:
        self.db.close()

    # ---------------------------------------------------------------- full text

    def upsert_passages(self, corpus: str, passages: Iterable[Passage], *, source: str | None = None) -> dict[str, int]:
        """Store's import, then the vocabulary counted again in the same transaction."""
        with self._write():
            counts = super().upsert_passages(corpus, passages, source=source)
            if counts["added"] or counts["updated"]:
                self.refresh_vocabulary()
        return counts

    def remove_passages(self, ids: Sequence[str], *, corpus: str | None = None, keep: bool = False) -> list[dict]:
        """Store's removal, then the vocabulary counted again in the same transaction."""
        with self._write():
            gone = super().remove_passages(ids, corpus=corpus, keep=keep)
            if gone:
                self.refresh_vocabulary()
        return gone

    def refresh_vocabulary(self) -> None:
        """Inside a write: count the words of every passage again (`passages_vocab`)."""
        self._run(pg_schema.REFRESH_VOCABULARY)

    def lexical_search(self, fts_query: str, corpora: Sequence[str], *, limit: int = 50) -> list[tuple[int, float]]:
        """Full-text search (French and English configurations, any word of the query)
        over passage text and title: (pk, score) best first, score > 0. `fts_query` is
        `checker.retrieval.search.fts_query`'s quoted words; they are searched as words only."""
        import re

        words = " ".join(re.findall(_QUOTED, fts_query))
        if not words.strip() or not corpora:
            return []
        document = sql.SQL(pg_schema.SEARCH_DOCUMENT)  # the desk's own expression
        query = sql.SQL(
            "WITH q AS (SELECT plainto_tsquery('french', desk_fold(%s)) AS fr,"
            " plainto_tsquery('english', desk_fold(%s)) AS en),"
            " o AS (SELECT nullif(trim(both ' |' from replace(fr::text, ' & ', ' | ') || ' | '"
            "  || replace(en::text, ' & ', ' | ')), '')::tsquery AS query FROM q)"
            " SELECT p.pk, ts_rank_cd({doc}, o.query) AS score FROM passages p, o"
            " WHERE o.query IS NOT NULL AND {doc} @@ o.query AND p.corpus = ANY(%s)"
            " ORDER BY score DESC, p.pk LIMIT %s"
        ).format(doc=document)
        rows = self.db.conn.raw.execute(query, [words, words, list(corpora), limit]).fetchall()  # type: ignore[attr-defined]
        return [(int(pk), float(score)) for pk, score in rows if score > 0]

    # ---------------------------------------------------------------- vectors

    def vectors(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for these content hashes under this model id (float32, as
        SQLite's blobs give them back)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        raw = self.db.conn.raw  # type: ignore[attr-defined]
        for i in range(0, len(unique), 5000):
            rows = raw.execute(
                "SELECT sha256, vector::real[] FROM embeddings WHERE model = %s AND sha256 = ANY(%s)",
                [model, unique[i : i + 5000]],
            )
            for sha, vec in rows:
                found[sha] = np.asarray(vec, dtype=np.float32)
        return found

    def all_vectors(self) -> Iterator[tuple[str, str, np.ndarray]]:
        """Every cached vector as (model, content hash, float32 vector), by model and hash."""
        raw = self.db.conn.raw  # type: ignore[attr-defined]
        for model, sha, vec in raw.execute(
            "SELECT model, sha256, vector::real[] FROM embeddings ORDER BY model, sha256"
        ).fetchall():
            yield model, sha, np.asarray(vec, dtype=np.float32)

    def save_vectors(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        rows = [(sha, model, int(v.shape[0]), v.astype(np.float32).tolist()) for sha, v in items]
        if not rows:
            return
        with self._write():
            raw = self.db.conn.raw  # type: ignore[attr-defined]
            for dim in {r[2] for r in rows} - self._indexed_dims:
                index = pg_schema.hnsw_index(dim)
                raw.execute(index)
                self._indexed_dims.add(dim)
            self._run_many(
                "INSERT INTO embeddings (sha256, model, dim, vector) VALUES (?, ?, ?, ?::real[]::vector)"
                " ON CONFLICT (sha256, model) DO UPDATE SET dim = excluded.dim, vector = excluded.vector",
                rows,
            )

    def nearest_vectors(
        self, model: str, query: np.ndarray, *, k: int = 10, exact: bool = False, ef_search: int = 100
    ) -> list[tuple[str, float]]:
        """The k stored vectors of `model` closest to `query` by cosine, through the
        HNSW index (`exact=True`: a full scan, the reference for recall):
        (content hash, cosine) best first."""
        dim = int(query.shape[0])
        vec = sql.SQL("vector::vector({})").format(sql.Literal(dim))
        arg = "[" + ",".join(repr(float(x)) for x in np.asarray(query, dtype=np.float32)) + "]"
        statement = sql.SQL(
            "SELECT sha256, 1 - ({vec} <=> %s::vector({d})) FROM embeddings WHERE dim = {d} AND model = %s"
            " ORDER BY {vec} <=> %s::vector({d}) LIMIT %s"
        ).format(vec=vec, d=sql.Literal(dim))
        raw = self.db.conn.raw  # type: ignore[attr-defined]
        with raw.transaction():
            setting = sql.SQL("SET LOCAL hnsw.ef_search = {}").format(sql.Literal(int(max(ef_search, k))))
            raw.execute(setting)
            raw.execute("SET LOCAL hnsw.iterative_scan = strict_order")
            if exact:
                raw.execute("SET LOCAL enable_indexscan = off")
            rows = raw.execute(statement, [arg, model, arg, k]).fetchall()
        return [(sha, float(cos)) for sha, cos in rows]


_SERVER_PROBLEMS = (
    psycopg.OperationalError,
    errors.LockNotAvailable,
    errors.QueryCanceled,
    errors.ReadOnlySqlTransaction,
    errors.InsufficientPrivilege,
    errors.DiskFull,
    errors.FeatureNotSupported,
)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _pg_error(where: object, error: psycopg.Error, timeout: float) -> StoreError:
    """A one-line message that says what is wrong with the server's database."""
    if isinstance(error, (errors.LockNotAvailable, errors.QueryCanceled)):
        return StoreError(
            f"{where}: the database is locked by another program for more than {timeout:g} s;"
            " close it or try again (set FACTCHECK_DB_TIMEOUT to wait longer)"
        )
    if isinstance(error, (errors.ReadOnlySqlTransaction, errors.InsufficientPrivilege)):
        return StoreError(
            f"{where}: the database is read-only for this account; nothing was saved ({_first_line(error)})"
        )
    if isinstance(error, errors.DiskFull):
        return StoreError(f"{where}: the server's disk is full; nothing was saved")
    if isinstance(error, errors.FeatureNotSupported) or "vector" in str(error) and "extension" in str(error):
        return StoreError(
            f"{where}: the server cannot give the desk pgvector ({_first_line(error)}); nothing was written"
        )
    if isinstance(error, psycopg.OperationalError):
        return StoreError(f"{where}: the PostgreSQL server cannot be used ({_first_line(error)})")
    return StoreError(f"{where}: cannot be used as the desk's database ({_first_line(error)})")
