"""Whether the desk's database can be opened, said in the browser as a message
instead of a traceback holding server paths.

`app.py` calls `database_ready()` once per script run, after the login and before any
page opens the store: a file that is not a database, a foreign or newer desk file, a
damaged one or a read-only folder then stops the run with one line a reviewer can pass
on, naming the file by its name only (the full path and cause go to the server log).
"""

from __future__ import annotations

import logging

import streamlit as st

from checker.errors import CheckerError
from checker.i18n import t
from checker.settings import default_db_path
from checker.store.database import Store

log = logging.getLogger(__name__)


def database_problem() -> str | None:
    """None when the database opens (and is then closed again), else the message."""
    path = default_db_path()
    try:
        Store(path, check_same_thread=False).close()
    except CheckerError as e:
        log.error("the database cannot be opened: %s", e)
        reason = str(e).split(": ", 1)[-1]
        server_path = str(path.resolve().parent)
        return reason.replace(str(path), path.name).replace(server_path, "…")
    return None


def database_ready() -> bool:
    """True when the pages may open the store; otherwise shows why and returns False."""
    problem = database_problem()
    if problem is None:
        return True
    st.error(t("database.unusable", name=default_db_path().name, problem=problem))
    return False
