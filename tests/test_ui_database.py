"""The browser never shows a traceback with server paths when the database cannot be
opened: the real app (AppTest), pointed at a file that is not a database, a foreign
SQLite file, a newer desk's file and a database in a read-only folder."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest
from streamlit.testing.v1 import AppTest

from checker.settings import PACKAGE_ROOT, PASSWORD_ENV

APP = str(PACKAGE_ROOT / "app.py")


def shown(at: AppTest) -> str:
    return " ".join(str(e.value) for e in [*at.error, *at.exception, *at.markdown, *at.warning])


def newer(path):
    from checker.store.database import Store

    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.close()


def foreign(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
    conn.close()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_text("pas une base\n" * 100), "is not a database the desk can use"),
        (foreign, "is a SQLite database of another program"),
        (newer, "was written by a newer version of the desk"),
    ],
)
def test_an_unusable_database_is_a_message_not_a_traceback(tmp_path, monkeypatch, make, expected):
    path = tmp_path / "desk.db"
    make(path)
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(at)
    assert "ne peut pas être ouverte" in text and expected in text, text
    assert str(tmp_path) not in text and "Traceback" not in text


def test_a_database_in_a_read_only_folder(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a read-only file system here (needs root)")
    try:
        monkeypatch.setenv("FACTCHECK_DB", str(folder / "desk.db"))
        monkeypatch.delenv(PASSWORD_ENV, raising=False)
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception, [e.value for e in at.exception]
        text = shown(at)
        assert "ne peut pas être ouverte" in text and str(folder) not in text, text
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
