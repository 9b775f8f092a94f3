"""Whose file is this, and which layout does it have: the decision taken before the
desk writes a single byte to a database file.

A desk file is stamped with `PRAGMA application_id` (a constant that says "this is the
desk's") and `PRAGMA user_version` (the layout it has). Opening a path goes through
`inspect` on a read-only connection first: a foreign SQLite file, a file from a newer
desk, a damaged file or a missing one (for a command that only reads) is refused with a
message while the file is still byte-for-byte what it was. Only then does the store open
it for writing, switch it to WAL and create or migrate the tables.

Version 0 is a desk file from before the stamp (the same tables, no application_id);
version 1 is today's layout. A migration brings an older file up in one transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import StoreError

APPLICATION_ID = 0x46434B44
"""'FCKD' (fact-check desk) as a 32-bit integer, in every file the desk creates."""

SCHEMA_VERSION = 1
"""The layout this code reads and writes (`PRAGMA user_version`)."""

CORE_TABLES = ("articles", "claims", "passages", "verdicts")
"""The tables every desk file has had since the first release: how an unstamped file
(version 0) is recognised as the desk's."""

VERDICT_CODES = ("true", "false", "unclear", "unreviewed")

LEGACY_VERDICT_COLUMNS = {
    # columns an early `verdicts` table may lack, and how a migration adds them
    "note": "note TEXT NOT NULL DEFAULT ''",
    "evidence": "evidence TEXT NOT NULL DEFAULT '[]'",
    "reviewer": "reviewer TEXT NOT NULL DEFAULT ''",
    "created_at": "created_at TEXT NOT NULL DEFAULT ''",
    "supersedes": "supersedes INTEGER REFERENCES verdicts(id)",
}
REQUIRED_VERDICT_COLUMNS = ("id", "claim_id", "verdict")

_checked: set[tuple[str, int, int]] = set()
"""Files whose integrity was checked in this process (the app opens the store on every
script run: the check is done once per server process and file, not on every click)."""


@dataclass(frozen=True)
class FileState:
    """What a read-only look at the file found."""

    action: str  # "create" (missing or empty), "current", "migrate"
    version: int = SCHEMA_VERSION
    missing_columns: tuple[str, ...] = field(default=())

    @property
    def readable_as_is(self) -> bool:
        """An older file the code can still read without migrating it (a read-only file
        opened by `export`): the stamp and the later tables are all it lacks."""
        return self.action == "current" or (self.action == "migrate" and not self.missing_columns)


def inspect(path: Path, *, create: bool, check_integrity: bool = True) -> FileState:
    """Decide what opening `path` means, reading only; raise StoreError to refuse.

    `create`: whether a missing file may be created (a command that only reads passes
    False: a misspelt path must not leave an empty database behind it).
    """
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such database; nothing was created (check the path)")
        return FileState("create")
    if path.stat().st_size == 0:
        return FileState("create")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: cannot be opened ({e})") from None
    try:
        state = _classify(path, conn)
        if check_integrity and state.action != "create":
            _quick_check(path, conn)
        return state
    except sqlite3.DatabaseError as e:
        lowered = str(e).lower()
        if "not a database" in lowered or "malformed" in lowered or "encrypted" in lowered:
            raise StoreError(f"{path}: is not a database the desk can use ({e}); nothing was written") from None
        if "locked" in lowered or "busy" in lowered:
            return FileState("current")  # held by a writer: the store's own busy handling says so
        raise StoreError(f"{path}: cannot be read as the desk's database ({e}); nothing was written") from None
    finally:
        conn.close()


def _classify(path: Path, conn: sqlite3.Connection) -> FileState:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: was written by a newer version of the desk (schema {version}; this one reads up to"
                f" {SCHEMA_VERSION}); nothing was changed: update the desk to open it"
            )
        if version == SCHEMA_VERSION:
            return FileState("current")
        return _legacy_state(path, conn, version)
    if app_id == 0 and not tables:
        return FileState("create")  # an empty SQLite file: nothing of anybody's to lose
    if app_id == 0 and set(CORE_TABLES) <= tables:
        return _legacy_state(path, conn, 0)
    owner = f"application_id {app_id:#x}" if app_id else "tables: " + ", ".join(sorted(tables)[:6])
    raise StoreError(
        f"{path}: is a SQLite database of another program ({owner}), not the desk's;"
        " nothing was written: give the desk a file of its own"
    )


def _legacy_state(path: Path, conn: sqlite3.Connection, version: int) -> FileState:
    """An older desk file: check now that it can be migrated, so a refusal comes before
    the first write (an unknown verdict code or a `verdicts` table without its ids)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(verdicts)")}
    lacking = [c for c in REQUIRED_VERDICT_COLUMNS if c not in columns]
    if lacking:
        raise StoreError(
            f"{path}: table 'verdicts' has no column {', '.join(repr(c) for c in lacking)};"
            " this is not a layout of the desk's that can be migrated; nothing was changed"
        )
    codes = [r[0] for r in conn.execute("SELECT DISTINCT verdict FROM verdicts")]
    unknown = [c for c in codes if c not in VERDICT_CODES]
    if unknown:
        raise StoreError(
            f"{path}: table 'verdicts' holds verdict {unknown[0]!r}, which this desk does not know"
            " (a newer desk's file?); nothing was changed"
        )
    missing = tuple(c for c in LEGACY_VERDICT_COLUMNS if c not in columns)
    return FileState("migrate", version=version, missing_columns=missing)


def _quick_check(path: Path, conn: sqlite3.Connection) -> None:
    """`PRAGMA quick_check` once per process and file: a damaged file is refused
    before anything is written to it (writing to it would spread the damage)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_dev, stat.st_ino)
    if key in _checked:
        return
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
    if rows != ["ok"]:
        raise StoreError(
            f"{path}: the database is damaged (integrity check: {'; '.join(rows)[:200]}); nothing was written:"
            " restore it from a backup"
        )
    _checked.add(key)


def stored_scale_definition(path: Path) -> str | None:
    """The rating scale's definition a desk file keeps (JSON text), read on a read-only
    connection before the store writes anything; None for a file from before scales."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT definition FROM desk_scale WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        row = None  # no such table: the file predates scales
    finally:
        conn.close()
    return None if row is None else str(row[0])


def migrate(conn: sqlite3.Connection, state: FileState) -> None:
    """Inside the caller's write transaction: bring an older layout up to
    SCHEMA_VERSION. Tables the file lacks are created by the store's schema
    (CREATE … IF NOT EXISTS); here only what a CREATE cannot do."""
    for name in state.missing_columns:
        conn.execute(f"ALTER TABLE verdicts ADD COLUMN {LEGACY_VERDICT_COLUMNS[name]}")


def stamp(conn: sqlite3.Connection) -> None:
    """Inside the caller's write transaction: mark the file as the desk's, today's layout.
    (Pragmas take no parameters; both values are this module's integer constants.)"""
    conn.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")
    conn.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
