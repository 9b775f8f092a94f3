"""`python -m checker users …` and `assign`: accounts and assignments from the command
line, with one-line refusals that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from checker.store.database import Store
from claims import Claim

PASSWORD = "une longue phrase secrète"


def run(*args: object, stdin: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=stdin, catch_exceptions=False)


def desk_with_article(path: Path) -> str:
    text = "OpenAI a levé 6,6 milliards de dollars."
    store = Store(path)
    claim = Claim("c1", text, start=0, end=len(text), sentence=text, checkworthy=True, score=0.9)
    article_id = store.save_article(text=text, title="t", lang="fr", sha256="cd" * 32, claims=[claim])
    store.close()
    return article_id


def test_users_are_added_listed_disabled_and_sign_verdicts(tmp_path):
    db = tmp_path / "desk.db"
    desk_with_article(db)
    assert (
        run(
            "users", "add", "Edith", "--role", "editor", "--password-stdin", "--db", db, stdin=PASSWORD + "\n"
        ).exit_code
        == 0
    )
    assert run("users", "add", "Alice", "--password-stdin", "--db", db, stdin=PASSWORD + "\n").exit_code == 0
    listed = json.loads(run("users", "list", "--json", "--db", db).stdout)
    assert [(u["name"], u["role"], u["active"]) for u in listed] == [
        ("Alice", "reviewer", True),
        ("Edith", "editor", True),
    ]
    assert "password_hash" not in listed[0]

    refused = run("verdict", "c1", "true", "--reviewer", "Mallory", "--db", db)
    assert refused.exit_code == 2 and "reviewer: 'Mallory' is not an account of this desk" in refused.stderr
    assert run("verdict", "c1", "true", "--reviewer", "Alice", "--db", db).exit_code == 0

    assert run("users", "disable", "Alice", "--db", db).exit_code == 0
    refused = run("verdict", "c1", "false", "--reviewer", "Alice", "--db", db)
    assert refused.exit_code == 2 and "reviewer: the account 'Alice' is disabled" in refused.stderr
    assert Store(db).current_verdict("c1")["verdict"] == "true"
    assert "Alice\treviewer\tdisabled" in run("users", "list", "--db", db).stdout


def test_a_bad_account_is_refused_in_one_line_and_creates_nothing(tmp_path):
    db = tmp_path / "desk.db"
    short = run("users", "add", "Alice", "--password-stdin", "--db", db, stdin="court\n")
    assert short.exit_code == 2 and short.stderr.strip() == "Error: password: at least 10 characters"
    assert not db.exists()
    blank = run("users", "add", "   ", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    assert blank.exit_code == 2 and "name: an account needs a name" in blank.stderr
    assert not db.exists()
    assert run("users", "add", "Alice", "--password-stdin", "--db", db, stdin=PASSWORD + "\n").exit_code == 0
    again = run("users", "add", "Alice", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    assert again.exit_code == 2 and "user: 'Alice' already exists" in again.stderr
    missing = run("users", "disable", "Bob", "--db", db)
    assert missing.exit_code == 2 and "user: no account named 'Bob'" in missing.stderr
    assert len(Store(db).user_changes()) == 1


def test_an_editor_assigns_a_first_and_a_blind_second_reviewer(tmp_path):
    db = tmp_path / "desk.db"
    article_id = desk_with_article(db)
    for name, role in (("Edith", "editor"), ("Alice", "reviewer"), ("Bob", "reviewer")):
        run("users", "add", name, "--role", role, "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    refused = run("assign", article_id, "--first", "Alice", "--by", "Bob", "--db", db)
    assert refused.exit_code == 2 and "by: 'Bob' is not an active editor or admin" in refused.stderr
    same = run("assign", article_id, "--first", "Alice", "--second", "Alice", "--by", "Edith", "--db", db)
    assert same.exit_code == 2 and "second: the blind second reviewer must not be the first reviewer" in same.stderr
    assert Store(db).assignment(article_id) == {}
    done = run("assign", article_id, "--first", "Alice", "--second", "Bob", "--by", "Edith", "--db", db)
    assert done.exit_code == 0 and "first Alice, blind second Bob" in done.stderr
    assert Store(db).assignment(article_id) == {"first": "Alice", "second": "Bob"}
    nothing = run("assign", article_id, "--by", "Edith", "--db", db)
    assert nothing.exit_code == 2 and "Error: assign: give --first, --second or both" in nothing.stderr
