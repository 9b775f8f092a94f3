"""Reviewer accounts and assignments in the store: hashed passwords, roles, an
append-only change log, and an editor's assignments (the second one blind)."""

from __future__ import annotations

import sqlite3

import pytest

from checker.errors import InputError, NotFoundError
from checker.review.accounts import add_user, authenticate, require_reviewer, set_active
from checker.review.assignments import assign, blind_for
from checker.store.database import Store
from claims import Claim

PASSWORD = "correct horse battery"


@pytest.fixture
def store(db_url):
    """The test's database on each engine in turn: accounts hold on both."""
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def desk(store: Store) -> Store:
    text = "OpenAI a levé 6,6 milliards de dollars."
    claim = Claim("a1-c1", text, start=0, end=len(text), sentence=text, checkworthy=True, score=0.9)
    store.save_article(text=text, title="Article", lang="fr", sha256="ab" * 32, claims=[claim])
    return store


ARTICLE_ID = "a" + "ab" * 6


def test_a_desk_without_accounts_asks_for_none(store):
    assert not store.has_accounts() and store.users() == []
    require_reviewer(store, "anyone")  # a one-person desk: a free-text name, as before


def test_the_password_is_stored_hashed_and_checked(store):
    added = add_user(store, "  Alice   Martin ", PASSWORD, "editor", by="cli:root")
    assert added == {"name": "Alice Martin", "role": "editor", "active": True, "created_at": added["created_at"]}
    raw = store.db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert PASSWORD not in raw and raw.startswith("$argon2id$")
    assert authenticate(store, "Alice Martin", PASSWORD).role == "editor"
    assert authenticate(store, "Alice Martin", PASSWORD + "x") is None
    assert authenticate(store, "Bob", PASSWORD) is None  # unknown name: same refusal
    assert authenticate(store, "", "") is None


@pytest.mark.parametrize(
    ("name", "password", "role", "field"),
    [
        ("", PASSWORD, "reviewer", "name"),
        ("x" * 65, PASSWORD, "reviewer", "name"),
        ("Al\u200bice", PASSWORD, "reviewer", "name"),
        ("Alice", "short", "reviewer", "password"),
        ("Alice", PASSWORD, "chief", "role"),
    ],
)
def test_a_bad_account_is_refused_and_nothing_written(store, name, password, role, field):
    with pytest.raises(InputError, match=f"^{field}:"):
        add_user(store, name, password, role)
    assert store.users() == [] and store.user_changes() == []


def test_a_name_is_never_taken_twice(store):
    add_user(store, "Alice", PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        add_user(store, "Alice", "another long password")
    assert authenticate(store, "Alice", PASSWORD) is not None


def test_a_disabled_account_cannot_sign_in_or_sign_a_verdict(store):
    add_user(store, "Bob", PASSWORD, by="cli:root")
    set_active(store, "Bob", False, by="cli:root")
    assert authenticate(store, "Bob", PASSWORD) is None
    with pytest.raises(InputError, match="disabled"):
        require_reviewer(store, "Bob")
    with pytest.raises(InputError, match="not an account"):
        require_reviewer(store, "Nobody")
    set_active(store, "Bob", True, by="cli:root")
    assert authenticate(store, "Bob", PASSWORD).name == "Bob"
    assert [c["change"] for c in store.user_changes("Bob")] == ["added", "disabled", "enabled"]
    with pytest.raises(NotFoundError):
        set_active(store, "Nobody", False)


def test_assignments_are_an_editors_and_the_second_is_blind(desk):
    add_user(desk, "Edith", PASSWORD, "editor")
    add_user(desk, "Alice", PASSWORD)
    add_user(desk, "Bob", PASSWORD)
    with pytest.raises(InputError, match="^by:"):
        assign(desk, ARTICLE_ID, first="Alice", second=None, by="Bob")  # a reviewer does not assign
    with pytest.raises(InputError, match="^second:"):
        assign(desk, ARTICLE_ID, first="Alice", second="Alice", by="Edith")
    with pytest.raises(InputError, match="^second:"):
        assign(desk, ARTICLE_ID, first="Alice", second="Nobody", by="Edith")
    with pytest.raises(NotFoundError):
        assign(desk, "missing", first="Alice", second=None, by="Edith")
    assert desk.assignment(ARTICLE_ID) == {}

    assert assign(desk, ARTICLE_ID, first="Alice", second="Bob", by="Edith") == {"first": "Alice", "second": "Bob"}
    assert blind_for(desk, ARTICLE_ID, "Bob") and not blind_for(desk, ARTICLE_ID, "Alice")
    assert [a["slot"] for a in desk.assignments_of("Bob")] == ["second"]
    assert desk.assignments_of("Bob")[0]["assigned_by"] == "Edith"

    assign(desk, ARTICLE_ID, first=None, second="", by="Edith")  # the second reading taken back
    assert desk.assignment(ARTICLE_ID) == {"first": "Alice"} and not blind_for(desk, ARTICLE_ID, "Bob")
    rows = desk.db.execute("SELECT slot, reviewer FROM assignments ORDER BY id").fetchall()
    assert rows == [("first", "Alice"), ("second", "Bob"), ("second", "")]  # append-only: the history stays


def test_an_older_desk_file_gains_the_team_tables(tmp_path):
    path = tmp_path / "old.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE users; DROP TABLE user_changes; DROP TABLE assignments;")
    conn.close()
    store = Store(path)
    assert not store.has_accounts()
    add_user(store, "Alice", PASSWORD)
    assert store.has_accounts()
