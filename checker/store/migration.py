"""Moving a desk from its SQLite file to a PostgreSQL server (`checker migrate --to`).

Why one transaction and a check before the commit: a newsroom moves its desk once,
and a half-copied desk (verdicts without their history, claims without their
evidence) would be worse than none. Every table is copied row for row (ids and
primary keys kept, so `supersedes` chains and candidate matches still point where
they did), then each table's row count and a hash of its content are computed on
both sides; any difference rolls the copy back and the target stays empty.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import numpy as np
from psycopg import sql

from checker.errors import InputError, StoreError
from checker.store.database import Store
from checker.store.postgres_connection import PRIMARY_KEYS

TABLES = tuple(PRIMARY_KEYS)
"""Copied in this order (a table after those its foreign keys point to)."""

BATCH = 1000


def _normalise(table: str, row: dict[str, Any]) -> list[Any]:
    """A row as comparable values: a vector as its float32 numbers, whichever engine
    (a SQLite blob, pgvector's array) it came from."""
    out = []
    for key in sorted(row):
        value = row[key]
        if table == "embeddings" and key == "vector":
            value = (
                np.frombuffer(value, dtype=np.float32)
                if isinstance(value, (bytes, memoryview))
                else np.asarray(value, dtype=np.float32)
            ).tolist()
        out.append([key, value])
    return out


def _select(store: Store, table: str) -> str:
    """Every row of the table in primary-key order (names from `PRIMARY_KEYS` only);
    a server's vectors read back as numbers."""
    from checker.store.postgres import PgStore

    order = ", ".join(PRIMARY_KEYS[table])
    if table == "embeddings" and isinstance(store, PgStore):
        return f"SELECT sha256, model, dim, vector::real[] AS vector FROM embeddings ORDER BY {order}"
    return f"SELECT * FROM {table} ORDER BY {order}"


def _insert(table: str, columns: list[str]) -> str:
    """The INSERT of one copied table's rows: the table named in `TABLES`, the columns as
    the desk file's own layout gives them, each quoted as an identifier."""
    quoted = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})"


def table_digest(store: Store, table: str) -> tuple[int, str]:
    """(row count, sha256 of the rows in primary-key order) of one table."""
    digest = hashlib.sha256()
    count = 0
    statement = _select(store, table)
    for row in store.db.query(statement):
        digest.update(json.dumps(_normalise(table, row), ensure_ascii=False, sort_keys=True).encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _batches(rows: Iterable[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def migrate(source: Store, target: Store) -> dict[str, dict[str, Any]]:
    """Copy every table of the SQLite desk `source` into the empty PostgreSQL desk
    `target` in one transaction; returns {table: {"rows", "sha256"}} once both sides
    agree. Refuses a target that already holds rows (nothing is merged)."""
    # a new server desk already keeps a scale (the default): the copied desk's replaces it
    held = {t: target.db[t].count for t in TABLES if t != "desk_scale"}
    if any(held.values()):
        listed = ", ".join(f"{n} {t}" for t, n in held.items() if n)
        raise InputError(
            f"--to: {target.path} already holds a desk ({listed}); nothing was copied: migrate into an empty database"
        )
    raw = target.db.conn.raw  # type: ignore[attr-defined]
    expected = {t: table_digest(source, t) for t in TABLES}
    with target._write():
        target._run("DELETE FROM desk_scale")
        for table in TABLES:
            statement = _select(source, table)
            for batch in _batches(source.db.query(statement)):
                if table == "embeddings":
                    target._run_many(
                        "INSERT INTO embeddings (sha256, model, dim, vector) VALUES (?, ?, ?, ?::real[]::vector)",
                        [
                            (r["sha256"], r["model"], r["dim"], np.frombuffer(r["vector"], dtype=np.float32).tolist())
                            for r in batch
                        ],
                    )
                else:
                    target._run_many(_insert(table, list(batch[0])), [list(r.values()) for r in batch])
        keyed = (
            ("passages", "pk"),
            ("verdicts", "id"),
            ("user_changes", "id"),
            ("assignments", "id"),
            ("claim_edits", "id"),
        )
        for table, key in keyed:  # the server's next keys follow the copied ones
            restart = sql.SQL(
                "SELECT setval(pg_get_serial_sequence({t}, {k}), coalesce(max({c}), 0) + 1, false) FROM {i}"
            ).format(t=sql.Literal(table), k=sql.Literal(key), c=sql.Identifier(key), i=sql.Identifier(table))
            raw.execute(restart)
        target.refresh_vocabulary()  # type: ignore[attr-defined]  # a PgStore
        found = {t: table_digest(target, t) for t in TABLES}
        differ = [t for t in TABLES if found[t] != expected[t]]
        if differ:
            raise StoreError(
                f"--to: the copy of {', '.join(differ)} does not match the desk file"
                f" ({', '.join(f'{t}: {expected[t][0]} rows, copied {found[t][0]}' for t in differ)});"
                " nothing was kept"
            )
    return {t: {"rows": n, "sha256": h} for t, (n, h) in expected.items()}
