"""Reviewer accounts: who may sign in, with which role, and how a password is checked.

A newsroom team needs each verdict signed by the person who gave it, not by a name
typed in a box; so once a desk has accounts (`python -m checker users add …`), the app
asks for a name and a password, and the signed-in name is the reviewer of every verdict
given in that session. A desk without accounts is unchanged (a free-text name, and the
optional shared password of `checker.ui.access`).

Passwords are hashed with Argon2id (argon2-cffi, the reference implementation's
bindings), so the database never holds one in the clear and a stolen file does not give
them away. Checking a password costs tens of milliseconds by design; a wrong name costs
the same as a wrong password, so the answer's timing does not tell which names exist.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from checker.errors import InputError, NotFoundError
from checker.store.database import Store, now_iso
from checker.store.team import ROLES

MIN_PASSWORD = 10
"""Characters a password needs at least: long passphrases beat complexity rules."""
MAX_NAME = 64
EDITOR_ROLES = ("editor", "admin")
"""Roles that may assign articles, settle disagreements and publish ClaimReview."""

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("a password no account has, for constant-time refusals")


@dataclass(frozen=True)
class Account:
    """A signed-in user: the name every verdict of the session carries, and the role."""

    name: str
    role: str

    @property
    def is_editor(self) -> bool:
        return self.role in EDITOR_ROLES


def check_name(name: str) -> str:
    """The account name as stored (spaces collapsed), or an InputError saying what is wrong."""
    clean = " ".join((name or "").split())
    if not clean:
        raise InputError("name: an account needs a name")
    if len(clean) > MAX_NAME:
        raise InputError(f"name: at most {MAX_NAME} characters ({len(clean)} given)")
    if any(unicodedata.category(c).startswith("C") for c in clean):
        raise InputError("name: control or invisible characters are not allowed in a name")
    return clean


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"password: at least {MIN_PASSWORD} characters")
    if "\x00" in password:
        raise InputError("password: the NUL character is not allowed")


def add_user(store: Store, name: str, password: str, role: str = "reviewer", *, by: str = "") -> dict:
    """Create an account; everything is checked before anything is written."""
    name = check_name(name)
    check_password(password)
    if role not in ROLES:
        raise InputError(f"role: {role!r} is not one of {', '.join(ROLES)}")
    return _public(store.add_user(name, _HASHER.hash(password), role, by=by, at=now_iso()))


def set_active(store: Store, name: str, active: bool, *, by: str = "") -> dict:
    """Disable an account (it can no longer sign in; its verdicts stay) or enable it again."""
    return _public(store.set_user_active(check_name(name), active, by=by, at=now_iso()))


def authenticate(store: Store, name: str, password: str) -> Account | None:
    """The account if `name` and `password` match an active account, else None.

    The same hash work is done for an unknown name as for a known one."""
    clean = " ".join((name or "").split())
    try:
        user = store.user(clean) if clean else None
    except NotFoundError:
        user = None
    stored = user["password_hash"] if user else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password or "")
        matched = user is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        matched = False
    if not matched or user is None or not user["active"]:
        return None
    return Account(user["name"], user["role"])


def require_reviewer(store: Store, reviewer: str) -> None:
    """On a desk with accounts, a verdict given outside the app (the CLI) must name an
    active account, so every verdict row is signed by someone who exists."""
    if not store.has_accounts():
        return
    try:
        user = store.user(" ".join((reviewer or "").split()))
    except NotFoundError:
        raise InputError(f"reviewer: {reviewer!r} is not an account of this desk (see users list)") from None
    if not user["active"]:
        raise InputError(f"reviewer: the account {reviewer!r} is disabled")


def require_editor(store: Store, name: str) -> None:
    """Assigning is an editor's decision: `name` must be an active editor or admin."""
    try:
        user = store.user(" ".join((name or "").split()))
    except NotFoundError:
        raise InputError(f"by: {name!r} is not an account of this desk") from None
    if not user["active"] or user["role"] not in EDITOR_ROLES:
        raise InputError(f"by: {name!r} is not an active editor or admin")


def _public(user: dict) -> dict:
    return {k: v for k, v in user.items() if k != "password_hash"}
