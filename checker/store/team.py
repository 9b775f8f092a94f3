"""The team's tables: accounts, their append-only change log, and assignments.

Kept apart from `store.py` because they are the one part of the file that a one-person
desk never writes: a desk without accounts has these tables empty and behaves as before.
Every statement here runs inside the Store's own write transaction (`_write`), so an
account change and its log row are written together or not at all. Passwords arrive
here already hashed (`checker.review.accounts`); no plain password is ever stored or logged.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import sqlite_utils

from checker.errors import InputError, NotFoundError

ROLES = ("reviewer", "editor", "admin")
"""reviewer: gives verdicts; editor: also assigns, settles and publishes; admin: also manages accounts."""
SLOTS = ("first", "second")
"""An article's first reviewer and its optional blind second reviewer."""


class TeamTables:
    """The account and assignment methods of `checker.store.database.Store` (mixed into it)."""

    db: sqlite_utils.Database

    def _write(self) -> contextlib.AbstractContextManager[None]:  # provided by Store
        raise NotImplementedError

    def _ensure_later_table(self, name: str) -> None:  # provided by Store
        raise NotImplementedError

    def _run(self, statement: str, params: Sequence[Any] = ()) -> Any:  # provided by Store: the one way to write
        raise NotImplementedError

    def _team_tables(self) -> None:
        for name in ("users", "user_changes", "assignments"):
            self._ensure_later_table(name)

    def _has_table(self, name: str) -> bool:
        return name in self.db.table_names()

    # ---------------------------------------------------------------- accounts

    def add_user(self, name: str, password_hash: str, role: str, *, by: str, at: str) -> dict:
        """A new account; refused if the name is taken (an account is never replaced:
        its verdicts are signed with its name)."""
        if role not in ROLES:
            raise InputError(f"role: {role!r} is not one of {', '.join(ROLES)}")
        with self._write():
            self._team_tables()
            if self.db.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
                raise InputError(f"user: {name!r} already exists (disable or enable it instead)")
            self._run(
                "INSERT INTO users (name, role, password_hash, active, created_at) VALUES (?, ?, ?, 1, ?)",
                [name, role, password_hash, at],
            )
            self._log_user(name, "added", role, by, at)
        return self.user(name)

    def set_user_active(self, name: str, active: bool, *, by: str, at: str) -> dict:
        """Disable (or enable again) an account; its verdicts and history stay."""
        with self._write():
            user = self.user(name)
            self._run("UPDATE users SET active = ? WHERE name = ?", [1 if active else 0, name])
            self._log_user(name, "enabled" if active else "disabled", user["role"], by, at)
        return self.user(name)

    def _log_user(self, name: str, change: str, role: str, by: str, at: str) -> None:
        self._run(
            "INSERT INTO user_changes (name, change, role, changed_by, created_at) VALUES (?, ?, ?, ?, ?)",
            [name, change, role, by, at],
        )

    def user(self, name: str) -> dict:
        """The account `name` with its password hash (for checking a sign-in only)."""
        row = None
        if self._has_table("users"):
            row = self.db.execute(
                "SELECT name, role, password_hash, active, created_at FROM users WHERE name = ?", [name]
            ).fetchone()
        if row is None:
            raise NotFoundError(f"user: no account named {name!r}")
        return _user(row)

    def users(self) -> list[dict]:
        """Every account, without password hashes, in name order."""
        if not self._has_table("users"):
            return []
        rows = self.db.execute("SELECT name, role, password_hash, active, created_at FROM users ORDER BY name")
        return [{k: v for k, v in _user(r).items() if k != "password_hash"} for r in rows]

    def has_accounts(self) -> bool:
        """True once any account exists: from then on a verdict needs a signed-in user."""
        return self._has_table("users") and self.db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def user_changes(self, name: str | None = None) -> list[dict]:
        if not self._has_table("user_changes"):
            return []
        sql = "SELECT id, name, change, role, changed_by, created_at FROM user_changes"
        rows = self.db.execute(
            sql + (" WHERE name = ? ORDER BY id" if name else " ORDER BY id"), [name] if name else []
        )
        keys = ("id", "name", "change", "role", "by", "created_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # ---------------------------------------------------------------- assignments

    def assign(self, article_id: str, slot: str, reviewer: str, *, by: str, at: str) -> None:
        """Give the article's `slot` to `reviewer` ('' takes it back). Append-only: the
        current assignment is the latest row, so who assigned what and when stays."""
        if slot not in SLOTS:
            raise InputError(f"slot: {slot!r} is not one of {', '.join(SLOTS)}")
        with self._write():
            self._team_tables()
            if not self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
                raise NotFoundError(f"article: no article with id {article_id!r}")
            self._run(
                "INSERT INTO assignments (article_id, slot, reviewer, assigned_by, created_at) VALUES (?, ?, ?, ?, ?)",
                [article_id, slot, reviewer, by, at],
            )

    def assignment(self, article_id: str) -> dict[str, str]:
        """{'first': name, 'second': name} for the slots currently given (absent: none)."""
        return {row["slot"]: row["reviewer"] for row in self._current_assignments() if row["article_id"] == article_id}

    def assignments_of(self, reviewer: str) -> list[dict]:
        """The articles currently assigned to `reviewer`: article_id, slot, by, at."""
        return [row for row in self._current_assignments() if row["reviewer"] == reviewer]

    def _current_assignments(self) -> Iterator[dict[str, Any]]:
        if not self._has_table("assignments"):
            return
        rows = self.db.execute(
            "SELECT a.article_id, a.slot, a.reviewer, a.assigned_by, a.created_at FROM assignments a "
            "WHERE a.id = (SELECT MAX(b.id) FROM assignments b WHERE b.article_id = a.article_id AND b.slot = a.slot) "
            "AND a.reviewer != '' ORDER BY a.created_at, a.article_id, a.slot"
        )
        for article_id, slot, reviewer, by, at in rows:
            yield {"article_id": article_id, "slot": slot, "reviewer": reviewer, "assigned_by": by, "created_at": at}


def _user(row: tuple) -> dict:
    name, role, password_hash, active, created_at = row
    return {
        "name": name,
        "role": role,
        "password_hash": password_hash,
        "active": bool(active),
        "created_at": created_at,
    }
