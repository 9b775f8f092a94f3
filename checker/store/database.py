"""The desk's single SQLite file: articles, claims, passages, vectors, matches, verdicts.

Everything a reviewer relies on lives here, so the file is opened in WAL mode with
foreign keys on and a busy timeout, every write is one transaction, and verdicts are
append-only: the current verdict is the latest row, so history and undo cost nothing
and nothing typed is ever overwritten.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import numpy as np
import sqlite_utils

from checker import scale as scales
from checker.database_url import is_database_url
from checker.errors import InputError, NotFoundError, StoreError
from checker.escaping import refuse_nul
from checker.settings import db_timeout
from checker.store import schema
from checker.store.corpus_files import Passage
from checker.store.read_models import ReadModels
from checker.store.team import TeamTables
from checker.vocabulary import CLEARED

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT,
    url TEXT,
    published TEXT,
    lang TEXT,
    sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    checkworthiness REAL NOT NULL,
    checkworthy INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    features TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id, position);
CREATE TABLE IF NOT EXISTS passages (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    corpus TEXT NOT NULL,
    text TEXT NOT NULL,
    title TEXT,
    source TEXT,
    url TEXT,
    date TEXT,
    lang TEXT,
    sha256 TEXT NOT NULL,
    UNIQUE (corpus, id)
);
CREATE TABLE IF NOT EXISTS corpus_sources (
    corpus TEXT NOT NULL,
    path TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (corpus, path)
);
CREATE TABLE IF NOT EXISTS drafts (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    note TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, reviewer)
);
CREATE TABLE IF NOT EXISTS embeddings (
    sha256 TEXT NOT NULL,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (sha256, model)
);
CREATE TABLE IF NOT EXISTS checks (
    claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    suggestion TEXT NOT NULL,
    signals TEXT NOT NULL,
    model TEXT NOT NULL,
    corpora TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS matches (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    passage_pk INTEGER NOT NULL REFERENCES passages(pk) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    dense REAL,
    lexical REAL,
    fuzzy REAL,
    score REAL NOT NULL,
    suggestion TEXT NOT NULL,
    signals TEXT NOT NULL,
    model TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, passage_pk)
);
CREATE TABLE IF NOT EXISTS verdicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id TEXT NOT NULL REFERENCES claims(id),
    verdict TEXT NOT NULL CHECK (verdict <> ''),
    note TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '[]',
    reviewer TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    supersedes INTEGER REFERENCES verdicts(id)
);
CREATE INDEX IF NOT EXISTS verdicts_claim ON verdicts(claim_id, id);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'editor', 'admin')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS user_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL REFERENCES users(name),
    change TEXT NOT NULL,
    role TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    slot TEXT NOT NULL CHECK (slot IN ('first', 'second')),
    reviewer TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id),
    claim_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('edit', 'dismiss', 'restore', 'split', 'merge', 'add')),
    text TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    related TEXT NOT NULL DEFAULT '[]',
    reviewer TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS verdict_links (
    verdict_id INTEGER PRIMARY KEY REFERENCES verdicts(id),
    kind TEXT NOT NULL,
    source_verdict INTEGER REFERENCES verdicts(id),
    source_claim TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_reviewed (
    claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    reviewer TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS desk_scale (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS verdicts_append_only_update BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
CREATE TRIGGER IF NOT EXISTS verdicts_append_only_delete BEFORE DELETE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
CREATE TRIGGER IF NOT EXISTS claim_edits_append_only_update BEFORE UPDATE ON claim_edits
BEGIN SELECT RAISE(ABORT, 'claim edits are append-only'); END;
CREATE TRIGGER IF NOT EXISTS claim_edits_append_only_delete BEFORE DELETE ON claim_edits
BEGIN SELECT RAISE(ABORT, 'claim edits are append-only'); END;
"""


_CLAIM_COLUMNS = (
    "id",
    "article_id",
    "text",
    "start",
    '"end"',
    "sentence",
    "checkworthiness",
    "checkworthy",
    "reasons",
    "features",
    "position",
)
_INSERT_CLAIM = f"INSERT INTO claims ({', '.join(_CLAIM_COLUMNS)}) VALUES ({', '.join('?' * len(_CLAIM_COLUMNS))})"
"""One claim row; the columns in the order both writers of claims give them."""

LATER_TABLES = (
    "corpus_sources",
    "drafts",
    "users",
    "user_changes",
    "assignments",
    "claim_edits",
    "verdict_links",
    "claim_reviewed",
)
"""Tables added after the first release: an older database gains them when opened."""


def _table_sql(name: str) -> str:
    """The CREATE TABLE statement of `name`, cut from `_SCHEMA` so each table is
    declared once (no value ever enters it: names come from LATER_TABLES)."""
    return _SCHEMA[_SCHEMA.index(f"CREATE TABLE IF NOT EXISTS {name} (") :].split(";")[0]


def now_iso() -> str:
    """UTC timestamps with microseconds, so two quick verdicts still sort in order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Store(TeamTables, ReadModels):
    """One open database file; cheap to create once per script run or CLI command.

    `timeout` (seconds, default `$FACTCHECK_DB_TIMEOUT` or 30) is how long a write
    waits for another program's write before giving up with a StoreError.
    """

    vectors_in_server: bool = False
    """Whether nearest passages are searched by the database itself (a PostgreSQL desk's
    HNSW index, `checker.store.postgres_vectors`) rather than over vectors loaded into
    this process (`checker.retrieval.vectors.passage_matrix`)."""

    def __new__(cls, path: str | Path, *args: Any, **kwargs: Any) -> Self:
        """`Store("postgresql://…")` is the desk on a PostgreSQL server
        (`checker.store.postgres.PgStore`, the same methods); any other path is a SQLite file."""
        if cls is Store and is_database_url(path):
            from checker.store.postgres import PgStore

            return super().__new__(PgStore)  # type: ignore[return-value]  # a Store too
        return super().__new__(cls)

    def __init__(
        self,
        path: str | Path,
        *,
        check_same_thread: bool = True,
        timeout: float | None = None,
        create: bool = True,
        scale: scales.Scale | None = None,
    ) -> None:
        """`create=False` for a caller that only reads: a missing file is refused instead
        of created. Whose file it is and which layout it has is decided first, on a
        read-only connection (`checker.store.schema.inspect`), so a refusal writes nothing."""
        self.path = Path(path)
        self.timeout = db_timeout() if timeout is None else float(timeout)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder; give the path of a database file")
        self._state = schema.inspect(self.path, create=create)
        self.scale = self._choose_scale(scale)
        try:
            conn = sqlite3.connect(
                str(self.path), timeout=self.timeout, check_same_thread=check_same_thread, isolation_level=None
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = sqlite_utils.Database(conn)
            if self.db.journal_mode != "wal":
                self.db.enable_wal()
            self._ensure_schema()
        except sqlite3.DatabaseError as e:
            raise _store_error(self.path, e, self.timeout) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, taken with BEGIN IMMEDIATE.

        Why IMMEDIATE: a deferred transaction that reads and then writes cannot wait
        for another writer in WAL mode (SQLite refuses at once to avoid a deadlock), so
        two reviewers saving at the same moment would see "database is locked". Taking
        the write lock first makes the busy timeout apply; a few retries cover the
        moments it does not (a checkpoint, a recovery). Errors of the file itself
        (locked too long, read-only, full, not a database) become a StoreError.
        """
        if self.db.conn.in_transaction:
            yield  # inside an outer write: part of its transaction, committed with it
            return
        deadline = time.monotonic() + self.timeout
        pause = 0.01
        while True:
            try:
                self.db.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                if not _is_busy(e) or time.monotonic() + pause > deadline:
                    raise _store_error(self.path, e, self.timeout) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.5)
        try:
            yield
            self.db.conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            self._rollback()
            if not _is_file_problem(e):
                raise  # a bug in a query, not the user's file: keep the traceback
            raise _store_error(self.path, e, self.timeout) from None
        except BaseException:
            self._rollback()
            raise

    def _run(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """Inside a write (`_write`): one statement that changes the database, values
        as `?` parameters; the cursor, for a `RETURNING` row (read it with fetchall,
        so the statement is finished before the commit).

        The one way the store writes. Why explicit statements rather than sqlite-utils'
        table helpers: they read the same on both engines (`PgStore` runs them through
        `checker.store.postgres_connection`), say in one place which columns a write
        touches, and leave the transaction to `_write` alone (the helpers open savepoints
        of their own)."""
        assert self.db.conn.in_transaction, "a write runs inside Store._write()"
        return self.db.conn.execute(statement, list(params))

    def _run_many(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        """`_run` for many rows of one statement: one executemany, whatever their number."""
        assert self.db.conn.in_transaction, "a write runs inside Store._write()"
        self.db.conn.executemany(statement, rows)

    def _rollback(self) -> None:
        if self.db.conn.in_transaction:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.db.conn.execute("ROLLBACK")

    def _ensure_schema(self) -> None:
        if self._state.action == "migrate":
            self._migrate()
            return
        if self._state.action == "create":
            with self._write():
                self._create_tables()
                self._store_scale()
                schema.stamp(self.db.conn)
            return
        missing = {
            "articles",
            "claims",
            "passages",
            "embeddings",
            "checks",
            "matches",
            "verdicts",
            "passages_fts",
            *LATER_TABLES,
        }
        missing -= set(self.db.table_names())
        if not missing:
            return  # nothing to write: a read-only or busy file still opens for reading
        if missing <= set(LATER_TABLES):
            # an older database: gains the tables, but one opened read-only (or busy for
            # longer than the timeout) still opens for reading, without them
            with contextlib.suppress(StoreError), self._write():
                for name in sorted(missing):
                    self._run(_table_sql(name))
            return
        with self._write():
            self._create_tables()

    def _create_tables(self) -> None:
        """Inside a write: every table, index and trigger the file lacks."""
        for statement in _SCHEMA.split(";\n"):
            if statement.strip():
                self._run(statement + (";" if "END" in statement[-4:] else ""))
        if not self.db["passages_fts"].exists():
            self.db.table("passages").enable_fts(
                ["text", "title"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
            )

    def _choose_scale(self, asked: scales.Scale | None) -> scales.Scale:
        """The rating scale of this database, decided before anything is written: the
        stored one (the three-value preset for a file from before scales); for a new
        file, the one asked for (`scale`, else `$FACTCHECK_SCALE`), else the default.
        Asking an existing file for a scale other than its own is refused."""
        asked = asked or scales.requested_scale()
        if self._state.action == "create":
            return asked or scales.default_scale()
        stored = scales.stored_in(schema.stored_scale_definition(self.path), str(self.path))
        if asked is not None:
            scales.refuse_other(stored, asked, str(self.path))
        return stored

    def _store_scale(self) -> None:
        """Inside the creating write: the database keeps the scale its verdicts are given on."""
        self._run(
            "INSERT INTO desk_scale (id, name, definition, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            [self.scale.name, json.dumps(self.scale.to_document(), ensure_ascii=False), now_iso()],
        )

    def _migrate(self) -> None:
        """An older desk file, in one transaction: the columns and tables it lacks, then
        the stamp. A file that cannot be written (read-only, busy) but that the code can
        read as it is still opens for reading, as before versions existed."""
        try:
            with self._write():
                schema.migrate(self.db.conn, self._state)
                self._create_tables()
                schema.stamp(self.db.conn)
        except StoreError:
            if not self._state.readable_as_is:
                raise

    def _ensure_later_table(self, name: str) -> None:
        """Inside a write: create a later table that this file still lacks, because it
        was first opened read-only or while another program held it (see
        `_ensure_schema`). CREATE … IF NOT EXISTS costs nothing when it is there."""
        self._run(_table_sql(name))

    def close(self) -> None:
        self.db.close()

    # ---------------------------------------------------------------- articles, claims

    def save_article(
        self,
        *,
        text: str,
        title: str,
        lang: str,
        sha256: str,
        claims: Sequence[Any],
        source: str = "",
        url: str = "",
        published: str = "",
    ) -> str:
        """Store an article and its claims; the same text twice creates nothing new.

        Claims are keyed by their stable id. Claims of an earlier extraction that the new
        one no longer produces are dropped unless a reviewer already judged them, so a
        verdict is never lost to a better extractor.
        """
        article_id = "a" + sha256[:12]
        with self._write():
            existing = self.db["articles"].count_where("id = ?", [article_id])
            row = {
                "id": article_id,
                "title": title,
                "text": text,
                "source": source,
                "url": url,
                "published": published,
                "lang": lang,
                "sha256": sha256,
            }
            if existing:
                changed = {k: v for k, v in row.items() if v or k == "title"}  # names: the keys above
                self._run(
                    f"UPDATE articles SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                    [*changed.values(), article_id],
                )
            else:
                self._run(
                    "INSERT INTO articles (id, title, text, source, url, published, lang, sha256, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*row.values(), now_iso()],
                )
            keep = [c.id for c in claims]
            self._ensure_later_table("claim_edits")
            # a claim a reviewer edited, added, split or dismissed stays: its history says so
            self._run(
                f"DELETE FROM claims WHERE article_id = ? AND id NOT IN ({','.join('?' * len(keep))})"
                " AND id NOT IN (SELECT claim_id FROM verdicts) AND id NOT IN (SELECT claim_id FROM claim_edits)",
                [article_id, *keep],
            )
            self._run_many(
                _INSERT_CLAIM
                + " ON CONFLICT (id) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in _CLAIM_COLUMNS[1:]),
                [
                    [
                        c.id,
                        article_id,
                        c.text,
                        c.start,
                        c.end,
                        c.sentence,
                        float(c.score),
                        int(bool(c.checkworthy)),
                        json.dumps(list(c.reasons), ensure_ascii=False),
                        json.dumps(c.features, ensure_ascii=False),
                        i,
                    ]
                    for i, c in enumerate(claims)
                ],
            )
        return article_id

    def articles(self) -> list[dict]:
        """Every article, newest first, with its claim and review counts."""
        return list(
            self.db.query(
                """
                SELECT a.id, a.title, a.source, a.url, a.published, a.lang, a.created_at,
                       length(a.text) AS chars,
                       (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
                FROM articles a ORDER BY a.created_at DESC
                """
            )
        )

    def article(self, article_id: str) -> dict:
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        if not rows:
            raise NotFoundError(f"no article with id {article_id!r} in {self.path}")
        return rows[0]

    def claims(self, article_id: str, *, withdrawn: bool = False) -> list[dict]:
        """Claims in article order, JSON columns decoded, with the stored suggestion,
        as the reviewers left them (`claim_edits`): edited text, added claims; claims
        dismissed, split or merged away only with `withdrawn`."""
        rows = self.db.query(
            """
            SELECT c.*, k.suggestion, k.signals
            FROM claims c LEFT JOIN checks k ON k.claim_id = c.id
            WHERE c.article_id = ? ORDER BY c.position
            """,
            [article_id],
        )
        return self._with_edits(article_id, [_decode_claim(r) for r in rows], withdrawn=withdrawn)

    def claim(self, claim_id: str) -> dict:
        rows = list(
            self.db.query(
                "SELECT c.*, k.suggestion, k.signals FROM claims c"
                " LEFT JOIN checks k ON k.claim_id = c.id WHERE c.id = ?",
                [claim_id],
            )
        )
        if not rows:
            raise NotFoundError(f"no claim with id {claim_id!r} in {self.path}")
        claim = _decode_claim(rows[0])
        return self._with_edits(claim["article_id"], [claim], withdrawn=True)[0]

    # ---------------------------------------------------------------- claim edits

    def claim_edits(self, article_id: str, claim_id: str | None = None) -> list[dict]:
        """The reviewers' changes to an article's claims (or one claim's), oldest first,
        `related` decoded: the append-only history of `checker.store.claim_edits`."""
        if not self.db["claim_edits"].exists():
            return []
        sql, args = "SELECT * FROM claim_edits WHERE article_id = ?", [article_id]
        if claim_id is not None:
            sql, args = sql + " AND claim_id = ?", [*args, claim_id]
        return [{**r, "related": json.loads(r["related"])} for r in self.db.query(sql + " ORDER BY id", args)]

    def withdrawn_claims(self, article_id: str | None = None) -> set[str]:
        """Ids of the claims (of one article, or all) a reviewer dismissed, split or
        merged away: their verdicts stay, but they no longer count in a review."""
        if not self.db["claim_edits"].exists():
            return set()
        from checker.store.claim_edits import STATES

        sql = "SELECT claim_id, action FROM claim_edits WHERE action IN (?, ?, ?, ?)"
        args: list[Any] = list(STATES)
        if article_id is not None:
            sql, args = sql + " AND article_id = ?", [*args, article_id]
        state: dict[str, str] = {}
        for claim_id, action in self.db.execute(sql + " ORDER BY id", args):
            state[claim_id] = STATES[action]
        return {cid for cid, s in state.items() if s != "active"}

    def save_claim_changes(self, article_id: str, new_claims: Sequence[dict], edits: Sequence[dict]) -> list[dict]:
        """Insert reviewer-made claims (full `claims` rows, JSON columns as Python values)
        and append their edit rows, all in one transaction: a split or a merge is never
        half stored. Returns the edit rows as stored."""
        created = now_iso()
        with self._write():
            self.article(article_id)
            self._ensure_later_table("claim_edits")
            for row in new_claims:
                self._run(
                    _INSERT_CLAIM,
                    [
                        row["id"],
                        article_id,
                        row["text"],
                        int(row["start"]),
                        int(row["end"]),
                        row["sentence"],
                        float(row["checkworthiness"]),
                        int(bool(row["checkworthy"])),
                        json.dumps(list(row["reasons"]), ensure_ascii=False),
                        json.dumps(row["features"], ensure_ascii=False),
                        int(row["position"]),
                    ],
                )
            ids = []
            for e in edits:
                refuse_nul(e.get("text", ""), "text")
                refuse_nul(e.get("reason", ""), "reason")
                refuse_nul(e.get("reviewer", ""), "reviewer")
                cursor = self._run(
                    "INSERT INTO claim_edits (article_id, claim_id, action, text, reason, related, reviewer, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [
                        article_id,
                        e["claim_id"],
                        e["action"],
                        e.get("text", ""),
                        e.get("reason", ""),
                        json.dumps(list(e.get("related", ())), ensure_ascii=False),
                        e.get("reviewer", ""),
                        created,
                    ],
                )
                ids.append(cursor.fetchall()[0][0])  # read to the end: the statement is done
        marks = ",".join("?" * len(ids))
        rows = self.db.query(f"SELECT * FROM claim_edits WHERE id IN ({marks}) ORDER BY id", ids) if ids else []
        return [{**r, "related": json.loads(r["related"])} for r in rows]

    def _with_edits(self, article_id: str, claims: list[dict], *, withdrawn: bool) -> list[dict]:
        """Claims with the reviewers' changes laid over them (see `claim_edits.apply_edits`)."""
        from checker.store.claim_edits import apply_edits  # the rules live with the edits

        return apply_edits(claims, self.claim_edits(article_id), withdrawn=withdrawn)

    def article_corpora(self, article_id: str) -> list[str]:
        """The corpora the article's claims were last checked against, in first-seen order."""
        rows = self.db.execute(
            "SELECT k.corpora FROM checks k JOIN claims c ON c.id = k.claim_id WHERE c.article_id = ?"
            " ORDER BY k.created_at DESC",
            [article_id],
        ).fetchall()
        return list(dict.fromkeys(name for (value,) in rows for name in json.loads(value)))

    def link_verdict(
        self, verdict_id: int, kind: str, *, source_verdict: int | None = None, source_claim: str = ""
    ) -> None:
        """Say where a verdict came from: `kind` 'group' (given to a whole group of
        duplicates at once) or 'reuse' (taken over from a claim judged elsewhere)."""
        with self._write():
            self._ensure_later_table("verdict_links")
            self._run(
                "INSERT INTO verdict_links (verdict_id, kind, source_verdict, source_claim, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [verdict_id, kind, source_verdict, source_claim, now_iso()],
            )

    def verdict_links(self, claim_id: str) -> dict[int, dict]:
        """verdict id → its link row, for the claim's verdicts that have one."""
        if not self.db["verdict_links"].exists():
            return {}
        rows = self.db.query(
            "SELECT l.* FROM verdict_links l JOIN verdicts v ON v.id = l.verdict_id WHERE v.claim_id = ?",
            [claim_id],
        )
        return {r["verdict_id"]: r for r in rows}

    # ---------------------------------------------------------------- passages

    def upsert_passages(self, corpus: str, passages: Iterable[Passage], *, source: str | None = None) -> dict[str, int]:
        """Add or refresh passages of one corpus in one transaction.

        Returns counts {"added", "updated", "unchanged"}; a changed text under the same id
        wins (its new hash means it is embedded again), and so does the later of two
        passages given with one id. Rows go in with one executemany per kind rather than
        one statement each: the per-row overhead, not SQLite, was most of an import's
        time. The FTS index follows through the triggers on `passages`.

        `source` (the file the passages were read from) is recorded for the corpus in the
        same transaction, so a later import can tell an update of that file from another
        file that merely shares its name. An import that changes no passage records
        nothing either: importing the same corpus again leaves the file's bytes as they were.
        """
        latest: dict[str, Passage] = {}
        for p in passages:
            latest.pop(p.id, None)  # the later one wins and takes the later place
            latest[p.id] = p
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        with self._write():
            known = {
                pid: (pk, sha)
                for pk, pid, sha in self.db.execute("SELECT pk, id, sha256 FROM passages WHERE corpus = ?", [corpus])
            }
            added, updated = [], []
            for p in latest.values():
                if p.id not in known:
                    added.append((p.id, corpus, p.text, p.title, p.source, p.url, p.date, p.lang, p.sha256))
                elif known[p.id][1] != p.sha256:
                    updated.append((p.text, p.title, p.source, p.url, p.date, p.lang, p.sha256, known[p.id][0]))
                else:
                    counts["unchanged"] += 1
            self._run_many(
                "INSERT INTO passages (id, corpus, text, title, source, url, date, lang, sha256)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                added,
            )
            self._run_many(
                "UPDATE passages SET text = ?, title = ?, source = ?, url = ?, date = ?, lang = ?, sha256 = ?"
                " WHERE pk = ?",
                updated,
            )
            counts["added"], counts["updated"] = len(added), len(updated)
            if source is not None and (added or updated):
                self._ensure_later_table("corpus_sources")
                self._run(
                    "INSERT INTO corpus_sources (corpus, path, imported_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (corpus, path) DO UPDATE SET imported_at = excluded.imported_at",
                    [corpus, source, now_iso()],
                )
        return counts

    def remove_passages(self, ids: Sequence[str], *, corpus: str | None = None, keep: bool = False) -> list[dict]:
        """Delete passages in one transaction and return the rows removed (corpus, id).

        `ids` are removed (from `corpus`, or from whichever corpus holds each id, refused
        when several do); with `keep`, every passage of `corpus` *not* in `ids` is
        removed instead (mirroring a file re-imported with --replace). An unknown id is
        refused before anything is deleted. Verdicts keep their evidence: each stores a
        snapshot of the passage (text, source, url, date) when it is given, so reports
        still quote it; a claim's candidate matches to it go with it (foreign key
        ON DELETE CASCADE), its FTS entry through the triggers.
        """
        with self._write():
            if keep:
                if corpus is None:
                    raise InputError("--replace: a corpus name is needed")
                wanted = set(ids)
                rows = [
                    {"pk": pk, "corpus": corpus, "id": pid}
                    for pk, pid in self.db.execute("SELECT pk, id FROM passages WHERE corpus = ?", [corpus])
                    if pid not in wanted
                ]
            else:
                rows = []
                for pid in dict.fromkeys(ids):
                    sql, args = "SELECT pk, corpus, id FROM passages WHERE id = ?", [pid]
                    if corpus is not None:
                        sql, args = sql + " AND corpus = ?", [pid, corpus]
                    found = [{"pk": pk, "corpus": c, "id": i} for pk, c, i in self.db.execute(sql, args)]
                    if not found:
                        where = f"corpus {corpus!r}" if corpus is not None else str(self.path)
                        raise NotFoundError(f"no passage with id {pid!r} in {where}")
                    if len(found) > 1:
                        raise InputError(
                            f"passage {pid!r} is in several corpora ({', '.join(r['corpus'] for r in found)});"
                            " say which with --corpus"
                        )
                    rows += found
            self._run_many("DELETE FROM passages WHERE pk = ?", [[r["pk"]] for r in rows])
        return [{"corpus": r["corpus"], "id": r["id"]} for r in rows]

    def corpora(self, *, with_sources: bool = False) -> list[dict]:
        """Corpus names with passage counts and, with `with_sources`, the files each was
        imported from ('sources', as `corpus_sources` gives them; empty for a corpus
        imported before the desk recorded them)."""
        rows = list(
            self.db.query("SELECT corpus AS name, count(*) AS passages FROM passages GROUP BY corpus ORDER BY corpus")
        )
        if with_sources:
            sources = self.corpus_sources()
            for row in rows:
                row["sources"] = sources.get(row["name"], [])
        return rows

    def corpus_sources(self) -> dict[str, list[str]]:
        """Corpus name → the files (resolved paths, or labels such as an upload's name)
        its passages were imported from, the one that changed it longest ago first."""
        if not self.db["corpus_sources"].exists():
            return {}
        out: dict[str, list[str]] = {}
        for corpus, path in self.db.execute("SELECT corpus, path FROM corpus_sources ORDER BY imported_at, path"):
            out.setdefault(corpus, []).append(path)
        return out

    def passages(self, corpora: Sequence[str]) -> list[dict]:
        """All passages of the named corpora, in a stable order (by pk)."""
        marks = ",".join("?" * len(corpora))
        return list(self.db.query(f"SELECT * FROM passages WHERE corpus IN ({marks}) ORDER BY pk", list(corpora)))

    def passages_by_pk(self, pks: Sequence[int]) -> dict[int, dict]:
        marks = ",".join("?" * len(pks))
        return {r["pk"]: r for r in self.db.query(f"SELECT * FROM passages WHERE pk IN ({marks})", list(pks))}

    def lexical_search(self, fts_query: str, corpora: Sequence[str], *, limit: int = 50) -> list[tuple[int, float]]:
        """FTS5 BM25 over passage text and title: (pk, score) best first, score > 0."""
        if not fts_query:
            return []
        marks = ",".join("?" * len(corpora))
        rows = self.db.execute(
            f"""
            SELECT p.pk, -bm25(passages_fts) AS score
            FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid
            WHERE passages_fts MATCH ? AND p.corpus IN ({marks})
            ORDER BY bm25(passages_fts) LIMIT ?
            """,
            [fts_query, *corpora, limit],
        ).fetchall()
        return [(pk, float(score)) for pk, score in rows]

    # ---------------------------------------------------------------- embeddings

    def vectors(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for these content hashes under this model id."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 900):
            chunk = unique[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for sha, vec in self.db.execute(
                f"SELECT sha256, vector FROM embeddings WHERE model = ? AND sha256 IN ({marks})",
                [model, *chunk],
            ):
                found[sha] = np.frombuffer(vec, dtype=np.float32)
        return found

    def save_vectors(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        with self._write():
            self._run_many(
                "INSERT INTO embeddings (sha256, model, dim, vector) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (sha256, model) DO UPDATE SET dim = excluded.dim, vector = excluded.vector",
                ([sha, model, int(v.shape[0]), v.astype(np.float32).tobytes()] for sha, v in items),
            )

    # ---------------------------------------------------------------- matches

    def save_check(
        self,
        claim_id: str,
        *,
        model: str,
        corpora: Sequence[str],
        suggestion: str,
        signals: list[str],
        matches: Sequence[dict],
    ) -> None:
        """Replace a claim's evidence list and suggestion in one transaction."""
        self.save_checks(
            [{"claim_id": claim_id, "suggestion": suggestion, "signals": signals, "matches": matches}],
            model=model,
            corpora=corpora,
        )

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One write transaction around several saves: all of them are kept, or none.

        Why: a check saves its article, its claims and every claim's evidence; as one
        transaction a crash or an error leaves the database as it was, and one commit
        costs one sync instead of one per claim."""
        with self._write():
            yield

    def save_checks(self, checks: Sequence[dict], *, model: str, corpora: Sequence[str]) -> None:
        """Replace the evidence list and suggestion of many claims in one transaction.

        `checks` holds dicts with 'claim_id', 'suggestion', 'signals' and 'matches', as
        `save_check` takes them; the rows written are the same. Why a second method:
        a 10,000-word article has about 450 claims, and one transaction and one
        statement per table instead of 450 of each took its saving from 4 s to a
        fraction of a second."""
        created = now_iso()
        corpora_json = json.dumps(list(corpora), ensure_ascii=False)
        ids = [[c["claim_id"]] for c in checks]
        with self._write():
            self._run_many("DELETE FROM matches WHERE claim_id = ?", ids)
            self._run_many(
                "INSERT INTO checks (claim_id, suggestion, signals, model, corpora, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET suggestion = excluded.suggestion,"
                " signals = excluded.signals, model = excluded.model, corpora = excluded.corpora,"
                " created_at = excluded.created_at",
                [
                    [
                        c["claim_id"],
                        c["suggestion"],
                        json.dumps(c["signals"], ensure_ascii=False),
                        model,
                        corpora_json,
                        created,
                    ]
                    for c in checks
                ],
            )
            self._run_many(
                "INSERT INTO matches (claim_id, passage_pk, rank, dense, lexical, fuzzy, score, suggestion,"
                " signals, model, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        c["claim_id"],
                        m["pk"],
                        rank,
                        m.get("dense"),
                        m.get("lexical"),
                        m.get("fuzzy"),
                        m["score"],
                        c["suggestion"],
                        json.dumps(m.get("signals", []), ensure_ascii=False),
                        model,
                        created,
                    ]
                    for c in checks
                    for rank, m in enumerate(c["matches"], start=1)
                ],
            )

    def matches(self, claim_id: str) -> list[dict]:
        """A claim's stored evidence, best first, with the passage's source fields."""
        rows = self.db.query(
            """
            SELECT m.rank, m.dense, m.lexical, m.fuzzy, m.score, m.signals, m.model,
                   p.pk, p.id AS passage_id, p.corpus, p.text, p.title, p.source, p.url, p.date, p.lang
            FROM matches m JOIN passages p ON p.pk = m.passage_pk
            WHERE m.claim_id = ? ORDER BY m.rank
            """,
            [claim_id],
        )
        return [{**r, "signals": json.loads(r["signals"])} for r in rows]

    # ---------------------------------------------------------------- verdicts

    def record_verdict(
        self,
        claim_id: str,
        verdict: str,
        *,
        note: str = "",
        evidence: Sequence[str] = (),
        reviewer: str = "",
        supersedes: int | None | str = "previous",
    ) -> dict:
        """Append a verdict (or `unreviewed`, which clears one) and return the stored row.

        Evidence ids are resolved against the claim's candidate passages first, then the
        whole database, and stored with a snapshot of the passage (text, source, url,
        date), so a report shows what the reviewer saw even if the corpus changes later.
        """
        if verdict not in (*self.scale.codes, CLEARED):
            raise InputError(
                f"verdict: {verdict!r} is not one of {', '.join(self.scale.codes)}"
                f" (the database's scale {self.scale.name!r})"
            )
        refuse_nul(note, "note")  # checker.escaping: NUL refused on input
        refuse_nul(reviewer, "reviewer")
        with self._write():
            self.claim(claim_id)
            snapshot = [self._evidence_snapshot(claim_id, pid) for pid in dict.fromkeys(evidence)]
            if supersedes == "previous":
                previous = self.current_verdict(claim_id, reviewer=reviewer)
                supersedes = previous["id"] if previous else None
            row_id = self._run(
                "INSERT INTO verdicts (claim_id, verdict, note, evidence, reviewer, created_at, supersedes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    claim_id,
                    verdict,
                    note or "",
                    json.dumps(snapshot, ensure_ascii=False),
                    reviewer or "",
                    now_iso(),
                    supersedes,
                ],
            ).fetchall()[0][0]  # read to the end: the statement is done before the commit
            # the note now lives in the verdict: the draft it grew from is done
            self._ensure_later_table("drafts")
            self._run("DELETE FROM drafts WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer or ""])
        assert row_id is not None  # an insert always leaves its rowid
        return self._verdict_row(row_id)

    # ---------------------------------------------------------------- ClaimReview wording

    def set_claim_reviewed(self, claim_id: str, text: str, *, reviewer: str = "") -> str:
        """The reviewer's `claimReviewed` for the claim's ClaimReview (Google shows fewer
        than 75 characters): a longer text is refused, not cut; an empty one goes back
        to the claim's own text, shortened. Returns the text kept."""
        from checker.store.claim_reviewed import check_claim_reviewed

        text = check_claim_reviewed(text)
        refuse_nul(reviewer, "reviewer")
        with self._write():
            self.claim(claim_id)
            self._ensure_later_table("claim_reviewed")
            if text:
                self._run(
                    "INSERT INTO claim_reviewed (claim_id, text, reviewer, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (claim_id) DO UPDATE SET text = excluded.text, reviewer = excluded.reviewer,"
                    " updated_at = excluded.updated_at",
                    [claim_id, text, reviewer or "", now_iso()],
                )
            else:
                self._run("DELETE FROM claim_reviewed WHERE claim_id = ?", [claim_id])
        return text

    def claim_reviewed(self, claim_id: str) -> str | None:
        """The reviewer's `claimReviewed` for the claim, None when none was written."""
        if "claim_reviewed" not in self.db.table_names():
            return None
        row = self.db.execute("SELECT text FROM claim_reviewed WHERE claim_id = ?", [claim_id]).fetchone()
        return row[0] if row else None

    # ---------------------------------------------------------------- drafts

    def save_draft(self, claim_id: str, note: str, *, reviewer: str = "") -> None:
        """Keep a note the reviewer has typed but not yet saved with a verdict, so a
        closed tab, a reload or a server restart does not lose it. One draft per claim
        and reviewer, overwritten as they type; an empty note removes it. Drafts are
        not history: only verdicts are."""
        refuse_nul(note, "note")
        refuse_nul(reviewer, "reviewer")
        with self._write():
            self.claim(claim_id)
            self._ensure_later_table("drafts")
            if note.strip():
                self._run(
                    "INSERT INTO drafts (claim_id, reviewer, note, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (claim_id, reviewer) DO UPDATE SET note = excluded.note,"
                    " updated_at = excluded.updated_at",
                    [claim_id, reviewer or "", note, now_iso()],
                )
            else:
                self._run("DELETE FROM drafts WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer or ""])

    def draft(self, claim_id: str, *, reviewer: str = "") -> str | None:
        """The reviewer's unsaved note on the claim, if any."""
        if not self.db["drafts"].exists():
            return None
        row = self.db.execute(
            "SELECT note FROM drafts WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer or ""]
        ).fetchone()
        return row[0] if row else None

    def _evidence_snapshot(self, claim_id: str, passage_id: str) -> dict:
        rows = list(
            self.db.query(
                """
                SELECT p.id AS passage_id, p.corpus, p.text, p.title, p.source, p.url, p.date
                FROM passages p LEFT JOIN matches m ON m.passage_pk = p.pk AND m.claim_id = ?
                WHERE p.id = ? ORDER BY m.rank IS NULL, m.rank LIMIT 1
                """,
                [claim_id, passage_id],
            )
        )
        if not rows:
            raise NotFoundError(f"evidence: no passage with id {passage_id!r} in {self.path}")
        return rows[0]

    def _verdict_row(self, row_id: int) -> dict:
        row = next(self.db.query("SELECT * FROM verdicts WHERE id = ?", [row_id]))
        return {**row, "evidence": json.loads(row["evidence"])}

    def current_verdict(self, claim_id: str, *, reviewer: str | None = None) -> dict | None:
        """This reviewer's latest verdict row on the claim; None if none or if their
        latest one cleared it.

        Without `reviewer`: the most recent of every reviewer's current verdicts (an
        undo by one reviewer never uncovers or clears another's). Whether the claim
        stands agreed, settled or disputed is `checker.review.agreement.claim_standing`'s
        to say: one row cannot.
        """
        if reviewer is None:
            rows = self.db.execute(
                "SELECT id FROM verdicts WHERE id IN"
                " (SELECT max(id) FROM verdicts WHERE claim_id = ? GROUP BY reviewer)"
                " AND verdict != ? ORDER BY id DESC LIMIT 1",
                [claim_id, CLEARED],
            ).fetchall()
            return self._verdict_row(rows[0][0]) if rows else None
        rows = self.db.execute(
            "SELECT id FROM verdicts WHERE claim_id = ? AND reviewer = ? ORDER BY id DESC LIMIT 1",
            [claim_id, reviewer],
        ).fetchall()
        if not rows:
            return None
        row = self._verdict_row(rows[0][0])
        return None if row["verdict"] == CLEARED else row

    def verdict_history(self, claim_id: str) -> list[dict]:
        """Every verdict ever given on the claim, oldest first."""
        return [
            {**r, "evidence": json.loads(r["evidence"])}
            for r in self.db.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id", [claim_id])
        ]

    def undo_last_verdict(self, claim_id: str, *, reviewer: str = "") -> dict | None:
        """Restore what stood before the latest verdict by appending it again.

        Undo appends rather than deletes, so the history still shows both the verdict
        and its withdrawal. The appended row points (`supersedes`) to what stood before
        the restored state, so undoing again steps further back. Returns the verdict now
        current (None when none is left).
        """
        by_id = {v["id"]: v for v in self.verdict_history(claim_id) if v["reviewer"] == reviewer}
        if not by_id:
            return None
        last = by_id[max(by_id)]
        before = by_id.get(last["supersedes"])
        if before is None and last["verdict"] == CLEARED and last["supersedes"] is None:
            return None
        restore = before or {"verdict": CLEARED, "note": "", "evidence": [], "supersedes": None}
        self.record_verdict(
            claim_id,
            restore["verdict"],
            note=restore["note"],
            evidence=[e["passage_id"] for e in restore["evidence"]],
            reviewer=reviewer,
            supersedes=restore["supersedes"],
        )
        return self.current_verdict(claim_id, reviewer=reviewer)

    def last_decision(self, reviewer: str, article_id: str) -> dict | None:
        """This reviewer's latest verdict in the article that no undo has taken back
        (the row as `verdict_history` gives it), or None: what the review page's U key
        undoes, whichever claim it was on.

        Why a replay of the reviewer's rows: an undo appends a row rather than
        deleting one, so "latest row" would point at the undo itself. A row whose
        `supersedes` is the reviewer's standing row on its claim is a decision; any
        other row is an undo, which takes back that claim's latest decision.
        """
        rows = self.db.query(
            "SELECT v.* FROM verdicts v JOIN claims c ON c.id = v.claim_id"
            " WHERE c.article_id = ? AND v.reviewer = ? ORDER BY v.id",
            [article_id, reviewer or ""],
        )
        standing: dict[str, int | None] = {}
        decisions: list[dict] = []
        for row in rows:
            claim_id = row["claim_id"]
            if row["supersedes"] == standing.get(claim_id):
                decisions.append(row)
            else:
                for i in range(len(decisions) - 1, -1, -1):
                    if decisions[i]["claim_id"] == claim_id:
                        del decisions[i]
                        break
            standing[claim_id] = row["id"] if row["verdict"] != CLEARED else None  # as record_verdict sees it
        live = [d for d in decisions if d["verdict"] != CLEARED]
        if not live:
            return None
        return {**live[-1], "evidence": json.loads(live[-1]["evidence"])}


def _decode_claim(row: dict) -> dict:
    out = dict(row)
    out["reasons"] = json.loads(out["reasons"])
    out["features"] = json.loads(out["features"])
    out["checkworthy"] = bool(out["checkworthy"])
    out["signals"] = json.loads(out["signals"]) if out.get("signals") else []
    return out


def _is_busy(error: sqlite3.DatabaseError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


_FILE_PROBLEMS = (
    "locked",
    "busy",
    "readonly",
    "read-only",
    "not a database",
    "malformed",
    "disk",
    "full",
    "unable to open",
)


def _is_file_problem(error: sqlite3.DatabaseError) -> bool:
    """Errors that come from the file or its neighbours, which the user can fix."""
    message = str(error).lower()
    return any(word in message for word in _FILE_PROBLEMS)


def _store_error(path: Path, error: sqlite3.DatabaseError, timeout: float) -> StoreError:
    """A one-line message that says what is wrong with the file and what to do."""
    message = str(error)
    lowered = message.lower()
    if _is_busy(error):
        return StoreError(
            f"{path}: the database is locked by another program for more than {timeout:g} s;"
            " close it or try again (set FACTCHECK_DB_TIMEOUT to wait longer)"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path}: the database is read-only; nothing was saved (check the file's permissions)")
    if "not a database" in lowered or "malformed" in lowered or "encrypted" in lowered:
        return StoreError(f"{path}: is not a database the desk can use ({message})")
    if "unable to open" in lowered:
        return StoreError(f"{path}: cannot be opened (does its folder exist and can it be written?)")
    if "full" in lowered:
        return StoreError(f"{path}: the disk is full; nothing was saved")
    return StoreError(f"{path}: cannot be used as the desk's database ({message})")
