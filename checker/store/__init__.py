"""The store: the desk's SQLite file (every SQL statement, schema and migrations), corpus files read into passages, and the files the desk writes atomically."""

from __future__ import annotations

import sys


def _import_sqlite_utils_without_pandas() -> None:
    """Import sqlite-utils with pandas hidden for the moment of its import.

    Why: sqlite-utils imports pandas, when it is installed, only to map a pandas
    Timestamp to a TEXT column, which the desk never stores; that import alone took
    1-2 s of the start of every command that opens a database (`python -X importtime
    -m checker export`). Done here, the store's first import, since only the store
    imports sqlite-utils. pandas stays importable afterwards for whatever needs it."""
    if "sqlite_utils.db" in sys.modules or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # import of pandas fails at once
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]


_import_sqlite_utils_without_pandas()
