"""The part of sqlite-utils' `Database` the desk uses, over a psycopg 3 connection.

Why: the store's methods are written once, with `?` placeholders (every write an
explicit statement through `Store._run`).
This facade runs the same statements on PostgreSQL, so a method added to the store
works on both engines without a second copy. It translates only what differs in the
SQL the desk writes (placeholders, `group_concat`, the FTS5 vocabulary table); values
always travel as parameters and identifiers are quoted with `psycopg.sql.Identifier`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("id",),
    "claims": ("id",),
    "passages": ("pk",),
    "corpus_sources": ("corpus", "path"),
    "drafts": ("claim_id", "reviewer"),
    "embeddings": ("sha256", "model"),
    "checks": ("claim_id",),
    "matches": ("claim_id", "passage_pk"),
    "verdicts": ("id",),
    "users": ("name",),
    "user_changes": ("id",),
    "assignments": ("id",),
    "claim_edits": ("id",),
    "verdict_links": ("verdict_id",),
    "claim_reviewed": ("claim_id",),
    "desk_scale": ("id",),
}
"""The primary key of each table (sqlite-utils reads it from the file; here it is
declared, as `store._SCHEMA` declares it)."""

_GROUP_CONCAT = re.compile(r"group_concat\(([^()]*)\)", re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def translate(statement: str) -> str:
    """SQLite SQL as the desk writes it → PostgreSQL SQL for psycopg.

    `?` becomes `%s` (and a literal `%` is doubled); `group_concat(x)` becomes
    `string_agg(x, ',')`; an empty `IN ()` an empty subquery; the FTS5 vocabulary (`temp.passages_vocab`, created by
    `CREATE VIRTUAL TABLE … fts5vocab`) is the server's `passages_vocab` view, so its
    CREATE is a no-op."""
    if statement.lstrip().upper().startswith("CREATE VIRTUAL TABLE"):
        return "SELECT 1"
    out = statement.replace("%", "%%").replace("?", "%s")
    out = _GROUP_CONCAT.sub(r"string_agg(\1, ',')", out)
    out = out.replace(" IN ()", " IN (SELECT NULL WHERE FALSE)")  # SQLite takes an empty list, PostgreSQL not
    return out.replace("temp.passages_vocab", "passages_vocab")


def _value(v: Any) -> Any:
    """numpy scalars (a score, a rank) as the Python numbers the driver adapts."""
    return v.item() if isinstance(v, np.generic) else v


def _params(params: Sequence[Any] | None) -> list[Any]:
    return [_value(v) for v in (params or ())]


class PgConnection:
    """What the store asks of `db.conn`: execute, executemany, in_transaction."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, statement: str, params: Sequence[Any] | None = None) -> psycopg.Cursor:
        query = translate(statement)
        return self.raw.execute(query, _params(params))

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [_params(r) for r in rows]
        query = translate(statement)
        if batch:
            with self.raw.cursor() as cur:
                cur.executemany(query, batch)

    def close(self) -> None:
        self.raw.close()


class PgTable:
    """sqlite-utils' table helpers the store reads with (exists, count); the store writes
    with statements only (`Store._run`)."""

    def __init__(self, db: PgDatabase, name: str) -> None:
        self.db = db
        self.name = name

    def exists(self) -> bool:
        return self.name in self.db.table_names()

    @property
    def count(self) -> int:
        return self.count_where("TRUE")

    def count_where(self, where: str, args: Sequence[Any] = ()) -> int:
        query = sql.SQL("SELECT count(*) FROM {} WHERE ").format(sql.Identifier(self.name)) + sql.SQL(
            translate(where)  # the caller's fixed condition, values as parameters
        )
        return int(self.db.conn.raw.execute(query, _params(args)).fetchone()[0])  # type: ignore[index]


class PgDatabase:
    """`store.db` on PostgreSQL: execute (tuples), query (dicts), tables by name."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.conn = PgConnection(raw)

    def execute(self, statement: str, params: Sequence[Any] | None = None) -> psycopg.Cursor:
        return self.conn.execute(statement, params)

    def query(self, statement: str, params: Sequence[Any] | None = None) -> Iterator[dict[str, Any]]:
        query = translate(statement)
        with self.conn.raw.cursor(row_factory=dict_row) as cur:
            cur.execute(query, _params(params))
            rows = cur.fetchall()
        yield from rows

    def __getitem__(self, name: str) -> PgTable:
        return PgTable(self, name)

    def table(self, name: str) -> PgTable:
        """sqlite-utils' typed spelling of `db[name]` (a Table, never a View)."""
        return PgTable(self, name)

    def table_names(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.raw.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        ]

    def close(self) -> None:
        self.conn.close()
