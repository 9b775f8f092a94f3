"""The bad-input matrix: every entry point refuses what it cannot use with one line
that names the file (and line, and field), exit code 2 on the CLI, and leaves the
database byte-for-byte as it was. docs/bad-input.md is the table of this file.

The CLI runs in-process through click's runner (`catch_exceptions=False`, so a
traceback fails the test); a few cases run as real processes to see the real exit
code and stderr.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.errors import CheckerError, CorpusFormatError, StoreError
from checker.settings import PACKAGE_ROOT
from checker.store.corpus_files import load_corpus_file, make_passage
from checker.store.database import Store
from checker.ui.article_input import article_from_paste, article_from_upload
from claims import ArticleError
from tests.conftest import BAD_ARTICLES, BAD_CORPORA, ClaimRecord, assert_refused, digest

MB = 1024 * 1024
ARTICLE = (
    "OpenAI ouvre un bureau à Paris\n\n"
    "La société OpenAI a annoncé l'ouverture d'un bureau à Paris en 2024. "
    "Elle a levé 6,6 milliards de dollars en octobre 2024.\n"
)


# ---------------------------------------------------------------- helpers


def run(*args, env: dict | None = None):
    """The CLI in-process; a traceback propagates and fails the test."""
    return CliRunner(env=env).invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def desk(tmp_path) -> Path:
    """A database with one article, two claims, a corpus and a verdict, closed cleanly
    (so the file holds everything and the -wal file is gone)."""
    path = tmp_path / "desk.db"
    s = Store(path)
    s.save_article(
        text=ARTICLE,
        title="OpenAI ouvre un bureau à Paris",
        lang="fr",
        sha256="ab" * 32,
        claims=[
            ClaimRecord("c1", "OpenAI ouvre un bureau à Paris en 2024."),
            ClaimRecord("c2", "OpenAI a levé 6,6 milliards de dollars."),
        ],
    )
    s.upsert_passages("ref", [make_passage(id="p1", text="OpenAI a ouvert un bureau à Paris en 2024.")])
    s.record_verdict("c1", "true", note="vu", evidence=["p1"], reviewer="ana")
    s.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


@pytest.fixture
def unchanged(desk):
    """Yields the desk; afterwards its file must be byte-for-byte what it was."""
    before = digest(desk)
    yield desk
    assert digest(desk) == before, "the database file changed"
    s = Store(desk)
    assert s.db["verdicts"].count == 1 and s.db["passages"].count == 1 and s.db["claims"].count == 2
    s.close()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def fifty_mb_article(folder: Path, name: str = "gros.txt") -> Path:
    """A real 50 MB text file (no NUL bytes), written fast."""
    path = folder / name
    block = ("Le chiffre d'affaires a atteint 5 millions d'euros en 2023. " * 1000 + "\n").encode()
    with path.open("wb") as f:
        while f.tell() < 50 * MB:
            f.write(block)
    return path


# ---------------------------------------------------------------- articles


@pytest.mark.parametrize(("name", "data", "message"), BAD_ARTICLES, ids=[b[0] for b in BAD_ARTICLES])
def test_extract_refuses_bad_articles(tmp_path, name, data, message):
    assert_refused(run("extract", write(tmp_path, name, data), "--json"), name, message)


@pytest.mark.parametrize(("name", "data", "message"), BAD_ARTICLES, ids=[b[0] for b in BAD_ARTICLES])
def test_check_refuses_bad_articles_and_writes_nothing(tmp_path, unchanged, name, data, message):
    result = run("check", write(tmp_path, name, data), "--corpus", "ref", "--db", unchanged, "--json")
    assert_refused(result, name, message)


@pytest.mark.parametrize(("name", "data", "message"), BAD_ARTICLES, ids=[b[0] for b in BAD_ARTICLES])
def test_upload_refuses_bad_articles(name, data, message):
    with pytest.raises(ArticleError) as e:
        article_from_upload(name, data)
    assert name in str(e.value) and message in str(e.value)


def test_fifty_megabyte_article_is_refused_everywhere(tmp_path, unchanged):
    big = fifty_mb_article(tmp_path)
    assert_refused(run("extract", big), "gros.txt", "MB")
    assert_refused(run("check", big, "--corpus", "ref", "--db", unchanged), "gros.txt", "MB")
    with pytest.raises(ArticleError, match=r"gros.txt: 5\d\.\d MB is too large for an article \(limit 2"):
        article_from_upload("gros.txt", big.read_bytes())
    with pytest.raises(ArticleError, match="caractères, trop long pour un article"):
        article_from_paste("x" * (50 * MB))


def test_missing_file_and_folder_as_article(tmp_path, unchanged):
    assert_refused(run("extract", tmp_path / "absent.txt"), "absent.txt", "no such file")
    assert_refused(run("check", tmp_path, "--corpus", "ref", "--db", unchanged), "directory")


@pytest.mark.parametrize("text", ["", "   \n\t  ", None])
def test_paste_refuses_empty_text(text):
    with pytest.raises(ArticleError, match="vide"):
        article_from_paste(text)


def test_upload_name_with_folders_is_reduced_to_its_last_part():
    text = article_from_upload("../../../etc/passwd.txt", ARTICLE.encode())
    assert text == ARTICLE
    with pytest.raises(ArticleError) as e:
        article_from_upload("../../secret/vide.txt", b"")
    assert str(e.value).startswith("vide.txt:") and "secret" not in str(e.value)


@pytest.mark.parametrize("name", ["..", "a\x00b.txt", "x" * 300 + ".txt"])
def test_upload_names_never_used_as_paths(name):
    assert article_from_upload(name, ARTICLE.encode()) == ARTICLE


# ---------------------------------------------------------------- corpus files


@pytest.mark.parametrize(("name", "data", "message"), BAD_CORPORA, ids=[b[0] for b in BAD_CORPORA])
def test_ingest_refuses_bad_corpus_files_and_writes_nothing(tmp_path, unchanged, name, data, message):
    bad = write(tmp_path, name, data)
    good = write(tmp_path, "bon.jsonl", b'{"id": "g", "text": "Un passage correct."}\n')
    assert_refused(run("ingest", good, bad, "--no-embed", "--db", unchanged), message)


@pytest.mark.parametrize(("name", "data", "message"), BAD_CORPORA, ids=[b[0] for b in BAD_CORPORA])
def test_library_import_names_the_problem(tmp_path, name, data, message):
    with pytest.raises(CorpusFormatError) as e:
        load_corpus_file(write(tmp_path, name, data))
    assert message in str(e.value)


def test_check_with_a_bad_corpus_file_writes_nothing(tmp_path, unchanged, embedder):
    bad = write(tmp_path, "casse.jsonl", b'{"id": "a", "text": "ok"}\n{oops\n')
    article = write(tmp_path, "article.txt", ARTICLE.encode())
    assert_refused(run("check", article, "--corpus", bad, "--db", unchanged), "casse.jsonl:2: not valid JSON")


def test_fifty_megabyte_corpus_file_is_refused_quickly(tmp_path, unchanged):
    """One 50 MB paragraph is a file read wrongly, not a passage."""
    big = fifty_mb_article(tmp_path, "livre.txt")
    big.write_bytes(big.read_bytes().replace(b"\n", b" "))
    assert_refused(
        run("ingest", big, "--no-embed", "--db", unchanged),
        "livre.txt:1: field 'text' has 5",
        "characters, more than the 100,000 a passage may have",
    )
    line = tmp_path / "ligne.jsonl"
    line.write_text(json.dumps({"id": "x", "text": "mot " * (13 * MB)}) + "\n", encoding="utf-8")
    assert_refused(run("ingest", line, "--no-embed", "--db", unchanged), "ligne.jsonl:1: field 'text' has")


def test_oversized_corpus_file_is_refused_before_reading(tmp_path, unchanged):
    huge = tmp_path / "enorme.jsonl"
    with huge.open("wb") as f:
        f.truncate(600 * MB)  # sparse: costs no disk and is never read
    assert_refused(run("ingest", huge, "--no-embed", "--db", unchanged), "enorme.jsonl: 629 MB is more than")


def test_missing_and_folder_corpus(tmp_path, unchanged):
    assert_refused(
        run("ingest", tmp_path / "absent.jsonl", "--no-embed", "--db", unchanged), "absent.jsonl: no such file"
    )
    assert_refused(run("ingest", tmp_path, "--no-embed", "--db", unchanged), "is a folder")


def test_duplicate_ids_keep_the_later_row_and_say_so(tmp_path, caplog):
    dup = write(
        tmp_path,
        "double.jsonl",
        b'{"id": "a", "text": "ancien"}\n{"id": "b", "text": "b"}\n{"id": "a", "text": "nouveau"}\n',
    )
    with caplog.at_level(logging.WARNING, logger="checker.store.corpus_files"):
        passages = load_corpus_file(dup)
    assert [(p.id, p.text) for p in passages] == [("b", "b"), ("a", "nouveau")]
    assert "double.jsonl:3: id 'a' repeats line 1; the later row is kept" in caplog.text


def test_duplicate_ids_are_reported_by_the_cli_process(tmp_path):
    """A real process: the warning reaches stderr, the import succeeds, one row per id."""
    dup = write(tmp_path, "double.csv", b"id,text\nx,premier\nx,second\n")
    db = tmp_path / "desk.db"
    done = subprocess.run(
        [sys.executable, "-m", "checker", "ingest", str(dup), "--no-embed", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "double.csv:3: id 'x' repeats line 2; the later row is kept" in done.stderr
    s = Store(db)
    assert [(r["id"], r["text"]) for r in s.db["passages"].rows] == [("x", "second")]
    s.close()


def test_reimporting_a_corpus_creates_no_duplicates(tmp_path, unchanged):
    """Importing the desk's own corpus again: the same ids, nothing added, file untouched."""
    same = write(tmp_path, "ref.jsonl", b'{"id": "p1", "text": "OpenAI a ouvert un bureau \xc3\xa0 Paris en 2024."}\n')
    result = run("ingest", same, "--no-embed", "--db", unchanged)
    assert result.exit_code == 0
    assert "0 added, 0 updated, 1 unchanged" in result.stderr


# ---------------------------------------------------------------- queries and pairs files


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("requetes.jsonl", b'{"query": "ok"}\n{"query": \n', "requetes.jsonl:2: not valid JSON"),
        ("requetes.jsonl", b'{"query": "ok"}\n{"q": "x"}\n', "requetes.jsonl:2: field 'query'"),
        ("vide.txt", b"\n  \n", "vide.txt: no queries in the file"),
        ("latin1.txt", "café".encode("latin-1"), "latin1.txt: cannot read queries"),
    ],
)
def test_search_queries_file(tmp_path, unchanged, name, data, message):
    result = run("search", "--queries", write(tmp_path, name, data), "--corpus", "ref", "--db", unchanged)
    assert_refused(result, message)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("paires.jsonl", b'{"qid": 1, "query": "a", "gold_ids": ["p1"]}\n{nope\n', "paires.jsonl:2: not valid JSON"),
        ("paires.jsonl", b'{"qid": 1, "query": "a", "gold_ids": []}\n', "paires.jsonl:1: field 'gold_ids'"),
        ("paires.jsonl", b"", "paires.jsonl: no pairs"),
        ("paires.jsonl", '{"query": "café"}'.encode("latin-1"), "paires.jsonl: cannot read pairs: not UTF-8"),
    ],
)
def test_eval_pairs_file(tmp_path, unchanged, name, data, message):
    result = run("eval", "--pairs", write(tmp_path, name, data), "--corpus", "ref", "--db", unchanged)
    assert_refused(result, message)


@pytest.mark.parametrize("option", ["--queries", "--pairs"])
def test_queries_or_pairs_given_a_folder(tmp_path, unchanged, option):
    command = "search" if option == "--queries" else "eval"
    message = {
        "--queries": "cannot read queries: a folder or an unreadable file",
        "--pairs": "cannot read pairs: a folder or an unreadable file",
    }[option]
    assert_refused(run(command, option, tmp_path, "--corpus", "ref", "--db", unchanged), str(tmp_path), message)


def test_empty_query(unchanged):
    assert_refused(run("search", "   ", "--corpus", "ref", "--db", unchanged), "search: the query is empty")


# ---------------------------------------------------------------- unknown ids


def test_unknown_claim_article_passage_and_corpus(tmp_path, unchanged):
    assert_refused(run("verdict", "c-nope", "true", "--db", unchanged), "no claim with id 'c-nope'")
    assert_refused(
        run("verdict", "c1", "false", "--evidence", "p-nope", "--db", unchanged),
        "evidence: no passage with id 'p-nope'",
    )
    assert_refused(
        run("export", "--article", "a-nope", "--format", "json", "--db", unchanged), "no article with id 'a-nope'"
    )
    article = write(tmp_path, "article.txt", ARTICLE.encode())
    assert_refused(
        run("check", article, "--corpus", "inconnu", "--db", unchanged),
        "--corpus: 'inconnu' is neither a file nor a corpus",
        "(corpora: ref)",
    )
    assert_refused(run("search", "Paris", "--corpus", "inconnu", "--db", unchanged), "'inconnu'")


def test_unknown_verdict_word_is_a_usage_error(unchanged):
    result = run("verdict", "c1", "peut-être", "--db", unchanged)
    assert result.exit_code == 2 and "Traceback" not in result.stderr and "peut-être" in result.stderr


# ---------------------------------------------------------------- the database file itself


def test_not_a_database(tmp_path):
    notes = write(tmp_path, "notes.db", b"Ceci est un fichier de notes, pas une base SQLite.\n" * 200)
    before = digest(notes)
    corpus = write(tmp_path, "c.jsonl", b'{"id": "a", "text": "ok"}\n')
    for args in (
        ("verdict", "c1", "true"),
        ("export", "--format", "json"),
        ("ingest", corpus, "--no-embed"),
        ("search", "Paris", "--corpus", "ref"),
    ):
        assert_refused(run(*args, "--db", notes), "notes.db: is not a database the desk can use")
    assert digest(notes) == before


def test_database_path_is_a_folder_or_in_a_missing_folder(tmp_path):
    result = run("export", "--format", "json", "--db", tmp_path)
    assert result.exit_code == 2 and "is a directory" in result.stderr and "Traceback" not in result.stderr
    corpus = write(tmp_path, "c.jsonl", b'{"id": "a", "text": "ok"}\n')
    assert_refused(
        run("ingest", corpus, "--no-embed", "--db", tmp_path / "absent" / "desk.db"), "desk.db: cannot be opened"
    )
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_locked_database(unchanged):
    """Another program holds the write lock: the CLI waits FACTCHECK_DB_TIMEOUT, then says so."""
    holder = sqlite3.connect(unchanged, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("verdict", "c2", "false", "--db", unchanged, env={"FACTCHECK_DB_TIMEOUT": "0.5"})
        assert_refused(result, "desk.db: the database is locked by another program for more than 0.5 s")
        corpus = unchanged.parent / "c.jsonl"
        corpus.write_text('{"id": "z", "text": "Un passage."}\n', encoding="utf-8")
        result = run("ingest", corpus, "--no-embed", "--db", unchanged, env={"FACTCHECK_DB_TIMEOUT": "0.5"})
        assert_refused(result, "locked")
        # reading still works while someone writes (WAL)
        assert run("export", "--format", "json", "--db", unchanged).exit_code == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_locked_database_in_a_real_process(unchanged):
    holder = sqlite3.connect(unchanged, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "checker", "verdict", "c2", "true", "--db", str(unchanged)],
            capture_output=True,
            text=True,
            cwd=PACKAGE_ROOT,
            timeout=120,
            env={**os.environ, "FACTCHECK_DB_TIMEOUT": "0.5"},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        (
            f"Error: {unchanged}: the database is locked by another program for more than 0.5 s;"
            " close it or try again (set FACTCHECK_DB_TIMEOUT to wait longer)"
        )
    ]


def _make_read_only(path: Path) -> bool:
    """chmod is enough for a normal user; root ignores it, so use the immutable flag."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return True
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


def test_read_only_database(desk, tmp_path):
    """Writes are refused by name; reading (an export) still works; the file is untouched."""
    before = digest(desk)
    if not _make_read_only(desk):
        pytest.skip("cannot make a file read-only here (root without the immutable flag)")
    try:
        assert_refused(run("verdict", "c2", "false", "--db", desk), "desk.db: the database is read-only")
        corpus = write(tmp_path, "c.jsonl", b'{"id": "z", "text": "Un passage."}\n')
        assert_refused(run("ingest", corpus, "--no-embed", "--db", desk), "read-only")
        exported = run("export", "--format", "json", "--db", desk)
        assert exported.exit_code == 0 and json.loads(exported.stdout)["counts"]["true"] == 1
    finally:
        _make_writable(desk)
    assert digest(desk) == before


# ---------------------------------------------------------------- whose file, which layout (schema.py)

FIXTURE_DB = PACKAGE_ROOT / "tests" / "fixtures" / "db" / "desk_before_versions.db"


def _every_command(tmp_path: Path) -> list[tuple]:
    """One writing and one reading use of the database per command that opens it."""
    corpus = write(tmp_path, "c.jsonl", b'{"id": "a", "text": "Un passage correct."}\n')
    return [
        ("verdict", "c1", "true"),
        ("export", "--format", "json"),
        ("export", "--format", "claimreview"),
        ("ingest", corpus, "--no-embed"),
        ("search", "Paris", "--corpus", "ref"),
    ]


def _pragma(path: Path, name: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_a_new_database_is_stamped_as_the_desks(tmp_path):
    from checker.store.schema import APPLICATION_ID, SCHEMA_VERSION

    path = tmp_path / "neuf.db"
    Store(path).close()
    assert _pragma(path, "application_id") == APPLICATION_ID
    assert _pragma(path, "user_version") == SCHEMA_VERSION


def test_the_fixture_of_the_unversioned_layout_is_migrated_with_its_verdicts(tmp_path):
    """tests/fixtures/db/desk_before_versions.db was written by the desk before files
    were stamped: opening it migrates it, and every verdict, its history, the draft,
    the evidence and the corpus source are still there."""
    from checker.store.schema import APPLICATION_ID, SCHEMA_VERSION

    path = tmp_path / "ancien.db"
    path.write_bytes(FIXTURE_DB.read_bytes())
    assert _pragma(path, "application_id") == 0 and _pragma(path, "user_version") == 0
    s = Store(path)
    history = s.verdict_history("c1v1")
    assert [v["verdict"] for v in history] == ["false", "true"] and history[1]["supersedes"] == history[0]["id"]
    assert history[1]["evidence"][0]["passage_id"] == "p1" and history[1]["note"] == "vrai en fait"
    assert s.current_verdict("c2v1", reviewer="bob")["verdict"] == "unclear"
    assert s.draft("c2v1", reviewer="alice") == "brouillon"
    assert [m["passage_id"] for m in s.matches("c1v1")] == ["p1"]
    assert s.corpus_sources() == {"ref": ["/fixtures/ref.jsonl"]}
    s.record_verdict("c2v1", "false", reviewer="bob")
    s.close()
    assert _pragma(path, "application_id") == APPLICATION_ID and _pragma(path, "user_version") == SCHEMA_VERSION
    exported = run("export", "--format", "json", "--db", path)
    assert exported.exit_code == 0 and json.loads(exported.stdout)["counts"]["false"] == 1


def test_an_older_verdicts_layout_is_migrated_not_crashed_on(tmp_path):
    """An early `verdicts` table without note/evidence/reviewer/supersedes columns and
    no drafts or corpus_sources tables: the migration adds them in one transaction."""
    path = tmp_path / "tres_ancien.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, source TEXT, url TEXT,"
        " published TEXT, lang TEXT, sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);"
        "CREATE TABLE claims (id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
        ' text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentence TEXT NOT NULL,'
        " checkworthiness REAL NOT NULL, checkworthy INTEGER NOT NULL, reasons TEXT NOT NULL, features TEXT NOT NULL,"
        " position INTEGER NOT NULL);"
        "CREATE TABLE passages (pk INTEGER PRIMARY KEY, id TEXT NOT NULL, corpus TEXT NOT NULL, text TEXT NOT NULL,"
        " title TEXT, source TEXT, url TEXT, date TEXT, lang TEXT, sha256 TEXT NOT NULL, UNIQUE (corpus, id));"
        "CREATE TABLE verdicts (id INTEGER PRIMARY KEY AUTOINCREMENT, claim_id TEXT NOT NULL REFERENCES claims(id),"
        " verdict TEXT NOT NULL, created_at TEXT NOT NULL);"
        "INSERT INTO articles VALUES ('a1', 'T', 'texte', '', '', '', 'fr', 'x', '2024-01-01');"
        "INSERT INTO claims VALUES ('c1', 'a1', 'texte', 0, 5, 'texte', 0.5, 1, '[]', '{}', 0);"
        "INSERT INTO verdicts (claim_id, verdict, created_at) VALUES ('c1', 'false', '2024-01-02');"
    )
    conn.close()
    s = Store(path)
    old = s.current_verdict("c1", reviewer="")
    assert old["verdict"] == "false" and old["note"] == "" and old["evidence"] == []
    s.record_verdict("c1", "true", note="corrigé")
    assert [v["verdict"] for v in s.verdict_history("c1")] == ["false", "true"]
    assert s.verdict_history("c1")[1]["supersedes"] == old["id"]
    s.close()


@pytest.mark.parametrize("case", ["newer-version", "unknown-verdict-code", "foreign", "foreign-app-id"])
def test_a_file_that_is_not_ours_or_too_new_is_refused_byte_identical(desk, tmp_path, case):
    """Refused before the first write: no tables added, no WAL switched on, the bytes
    (and the -wal file's absence) as they were, from every command."""
    if case == "foreign":
        path = tmp_path / "autre.db"
        conn = sqlite3.connect(path)
        conn.executescript("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'x');")
        conn.close()
        expected = "is a SQLite database of another program (tables: users)"
    else:
        path = desk
        conn = sqlite3.connect(path)
        if case == "newer-version":
            conn.execute("PRAGMA user_version = 99")
            expected = "was written by a newer version of the desk (schema 99"
        elif case == "foreign-app-id":
            conn.execute("PRAGMA application_id = 42")
            expected = "is a SQLite database of another program (application_id 0x2a)"
        else:  # an unstamped file whose verdicts hold a code this desk does not know
            conn.execute("PRAGMA application_id = 0")
            conn.execute("PRAGMA user_version = 0")
            conn.execute("DROP TRIGGER verdicts_append_only_update")
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute(
                "UPDATE sqlite_master SET sql = replace(sql, \"'unreviewed')\", \"'unreviewed', 'misleading')\")"
                " WHERE name = 'verdicts'"
            )
            conn.commit()
            conn.execute("PRAGMA writable_schema = OFF")
            conn.close()
            conn = sqlite3.connect(path)
            conn.execute("INSERT INTO verdicts (claim_id, verdict, created_at) VALUES ('c2', 'misleading', 'x')")
            expected = "holds verdict 'misleading', which this desk does not know"
        conn.commit()
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    before = digest(path)
    for args in _every_command(tmp_path):
        assert_refused(run(*args, "--db", path), f"{path}: ", expected, "nothing was")
        assert digest(path) == before, args
        assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    with pytest.raises(StoreError, match="nothing was"):
        Store(path)
    assert digest(path) == before


def test_an_empty_file_becomes_a_new_database(tmp_path):
    path = tmp_path / "vide.db"
    path.write_bytes(b"")
    corpus = write(tmp_path, "c.jsonl", b'{"id": "a", "text": "Un passage correct."}\n')
    assert run("ingest", corpus, "--no-embed", "--db", path).exit_code == 0
    s = Store(path)
    assert s.db["passages"].count == 1
    s.close()


def _corrupt(path: Path) -> None:
    """8 kB overwritten in the middle of the file, as a failing disk or a bad copy does."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(max(4096, (size // 2) // 4096 * 4096))
        f.write(bytes(range(256)) * 32)


def test_a_damaged_database_is_refused_and_not_written_to(tmp_path):
    path = tmp_path / "abime.db"
    s = Store(path)
    s.save_article(
        text=ARTICLE,
        title="T",
        lang="fr",
        sha256="cd" * 32,
        claims=[ClaimRecord(f"c{i}", f"Affirmation numéro {i} " * 20) for i in range(1, 200)],
    )
    s.upsert_passages("ref", [make_passage(id=f"p{i}", text=f"Passage {i} " * 50) for i in range(300)])
    s.close()
    _corrupt(path)
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError as e:
        assert "malformed" in str(e)
    finally:
        conn.close()
    before = digest(path)
    for args in _every_command(tmp_path):
        result = run(*args, "--db", path)
        assert_refused(result, f"{path}: ", "nothing was written")
        assert (
            "the database is damaged (integrity check" in result.stderr
            or "is not a database the desk can use" in result.stderr
        ), result.stderr
        assert digest(path) == before, args


@pytest.mark.parametrize(
    "command", [("export", "--format", "json"), ("verdict", "c1", "true"), ("search", "Paris", "--corpus", "ref")]
)
def test_a_missing_database_is_not_created_by_a_command_that_only_reads(tmp_path, monkeypatch, command):
    """A misspelt $FACTCHECK_DB (or no ./factcheck.db) is named with where it came from."""
    typo = tmp_path / "factchek.db"
    assert_refused(
        run(*command, env={"FACTCHECK_DB": str(typo)}),
        f"{typo}: no such database",
        "from $FACTCHECK_DB",
        "nothing was created",
    )
    assert not typo.exists()
    monkeypatch.chdir(tmp_path)
    assert_refused(
        run(*command, env={"FACTCHECK_DB": None}), "factcheck.db: no such database", "the default ./factcheck.db"
    )
    assert not (tmp_path / "factcheck.db").exists()
    assert_refused(run(*command, "--db", typo), f"{typo}: no such database (the path comes from --db)")
    assert not typo.exists()


# ---------------------------------------------------------------- NUL, streams with no end, loose query files


def test_nul_in_a_note_or_a_reviewer_name_is_refused(unchanged):
    assert_refused(
        run("verdict", "c2", "true", "--note", "vu\x00cach", "--db", unchanged),
        "note: holds a NUL character (at character 3)",
    )
    assert_refused(
        run("verdict", "c2", "true", "--reviewer", "ana\x00", "--db", unchanged), "reviewer: holds a NUL character"
    )
    s = Store(unchanged)
    try:
        with pytest.raises(CheckerError, match="note: holds a NUL"):
            s.save_draft("c2", "brouillon\x00", reviewer="ana")
    finally:
        s.close()


def test_nul_in_a_pasted_article_is_refused():
    with pytest.raises(ArticleError, match=re.escape("texte collé : contient un caractère NUL (au caractère")):
        article_from_paste(ARTICLE + "\x00")


def _endless(tmp_path: Path, name: str) -> Path:
    """A file name that reads as a stream with no end (/dev/zero)."""
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    return link


def test_dev_zero_as_an_article_stops_at_the_limit(tmp_path, unchanged):
    for command in (("extract",), ("check", "--corpus", "ref", "--db", unchanged)):
        result = run(command[0], _endless(tmp_path, f"zero-{command[0]}.txt"), *command[1:])
        assert_refused(result, f"zero-{command[0]}.txt: more than the 16.8 MB an article may be (read stopped there)")


def test_dev_zero_as_a_corpus_or_a_query_file_stops(tmp_path, unchanged):
    assert_refused(
        run("ingest", _endless(tmp_path, "zero.jsonl"), "--no-embed", "--db", unchanged),
        "zero.jsonl: looks like a binary file",
    )
    assert_refused(
        run("search", "--queries", _endless(tmp_path, "zero.txt"), "--corpus", "ref", "--db", unchanged),
        "zero.txt: cannot read queries",
    )


def test_an_endless_text_stream_stops_at_the_corpus_limit(tmp_path):
    """No NUL to stop at: the reader stops one byte past the limit (the limit is made
    small here; the same code path holds the 500 MB of a real import)."""
    from checker.store.corpus_files import read_text_file

    fifo = tmp_path / "flux.jsonl"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"yes '{{\"text\": \"encore\"}}' > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(
            CorpusFormatError, match=r"flux.jsonl: more than the 1 MB a corpus file may be \(read stopped"
        ):
            read_text_file(fifo, max_bytes=1_000_000)
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'{"qid": "q1", "query": "Paris", "gold_ids": ["p1"], "w": NaN}\n',
            "paires.jsonl:1: NaN is not a number JSON allows",
        ),
        (
            b'{"qid": "q1", "query": "Paris", "gold_ids": [true]}\n',
            "paires.jsonl:1: field 'gold_ids' must be a non-empty list of ids",
        ),
    ],
)
def test_loose_fields_in_a_pairs_file(tmp_path, unchanged, data, message):
    pairs = write(tmp_path, "paires.jsonl", data)
    assert_refused(run("eval", "--pairs", pairs, "--corpus", "ref", "--db", unchanged), message)


def test_check_with_corpus_names_only_does_not_create_a_database(tmp_path):
    """A name can only be in a database that exists: refused, and no empty desk left behind."""
    article = write(tmp_path, "article.txt", ARTICLE.encode())
    missing = tmp_path / "nouveau.db"
    assert_refused(
        run("check", article, "--corpus", "inconnu", "--db", missing),
        f"{missing}: no such database (the path comes from --db)",
    )
    assert not missing.exists()
