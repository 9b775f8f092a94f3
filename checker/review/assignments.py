"""Who reviews which article: an editor's assignments and what they imply.

An article has a first reviewer and, optionally, a second one whose review is blind:
the second reviewer must not see the first one's verdicts before giving their own, or
the agreement measured between them (`checker.review.agreement`) means nothing. So blindness
follows from the assignment, not from a switch the second reviewer could turn off.
"""

from __future__ import annotations

from checker.errors import InputError, NotFoundError
from checker.review.accounts import check_name, require_editor
from checker.store.database import Store, now_iso


def assign(store: Store, article_id: str, *, first: str | None, second: str | None, by: str) -> dict[str, str]:
    """Set the article's reviewers (None leaves a slot as it is, '' takes it back).

    Checked before anything is written: `by` is an active editor, each named reviewer is
    an active account, and the two slots do not name the same person (a blind second
    reading by the first reader is no second reading)."""
    require_editor(store, by)
    store.article(article_id)  # NotFoundError names the id
    wanted = {slot: name for slot, name in (("first", first), ("second", second)) if name is not None}
    for slot, name in wanted.items():
        if name:
            wanted[slot] = name = check_name(name)
            try:
                user = store.user(name)
            except NotFoundError:
                raise InputError(f"{slot}: {name!r} is not an account of this desk") from None
            if not user["active"]:
                raise InputError(f"{slot}: the account {name!r} is disabled")
    after = {**store.assignment(article_id), **{s: n for s, n in wanted.items()}}
    if after.get("first") and after.get("first") == after.get("second"):
        raise InputError("second: the blind second reviewer must not be the first reviewer")
    at = now_iso()
    with store._write():  # both slots or neither
        for slot, name in wanted.items():
            store.assign(article_id, slot, name, by=" ".join(by.split()), at=at)
    return store.assignment(article_id)


def blind_for(store: Store, article_id: str | None, reviewer: str) -> bool:
    """True when `reviewer` is the article's assigned second reviewer: their review is blind."""
    if not article_id or not reviewer:
        return False
    return store.assignment(article_id).get("second") == reviewer
