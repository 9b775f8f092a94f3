"""A shared-password gate for a team deployment of the review desk.

On a reviewer's own machine the app listens on 127.0.0.1 only (.streamlit/config.toml)
and needs no login. A newsroom that serves it to a team sets one shared password,
in Streamlit's secrets (`password = "…"` in .streamlit/secrets.toml) or in
`$FACTCHECK_PASSWORD`; then nothing of the desk is drawn, and no database is opened,
until the password is typed. The comparison is constant-time (hmac.compare_digest)
so the answer's timing says nothing about how close a guess was.

Guessing is slowed at two levels, with the same rule (`Backoff`): a few wrong
passwords are free, then each one refuses further attempts for a delay that doubles,
up to a ceiling. Per browser session, because that is who mistypes; and for the whole
server process, because anyone can open a fresh session and start again at zero, so
only a process-wide count slows a guesser who does. The process-wide allowance is
ten sessions' worth, enough for a team mistyping on a Monday morning, and it is
forgotten after a quiet spell so one bad morning does not lock the desk all day. The
price of that second level is that a flood of guesses makes the team wait too; the
ceiling bounds that wait, and sessions already signed in are never affected. (Client
addresses would separate guessers better, but behind a newsroom's reverse proxy
every client has the proxy's address.) Counts live in memory: a restart forgets them.
"""

from __future__ import annotations

import hmac
import logging
import math
import os
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from checker.i18n import t
from checker.settings import PASSWORD_ENV

SECRET_KEY = "password"
GRANTED_KEY = "access_granted"
FIELD_KEY = "login_password"
ATTEMPTS_KEY = "login_attempts"

SESSION_FREE_ATTEMPTS = 5
"""Wrong passwords a session may type before it has to wait."""
DESK_FREE_ATTEMPTS = 10 * SESSION_FREE_ATTEMPTS
"""Wrong passwords, all sessions together, before everyone has to wait."""
DELAY_ENV = "FACTCHECK_LOGIN_DELAY"
"""Environment variable: the first wait, in seconds (default DEFAULT_DELAY); it then doubles."""
DEFAULT_DELAY = 30.0
MAX_DELAY = 15 * 60.0
"""Ceiling of a wait, which is also how long a guessing flood can keep the team out."""
DESK_FORGET_AFTER = 15 * 60.0
"""Seconds without a wrong password after which the process-wide count starts again."""


def first_delay() -> float:
    """The first wait in seconds, `$FACTCHECK_LOGIN_DELAY` if it is a positive number.

    Read at every attempt rather than at import, so a deployment (or a test) can set it
    without restarting; anything else falls back to the default rather than to no limit."""
    try:
        value = float(os.environ.get(DELAY_ENV, DEFAULT_DELAY))
    except ValueError:
        return DEFAULT_DELAY
    return value if value > 0 and math.isfinite(value) else DEFAULT_DELAY


@dataclass
class Backoff:
    """Wrong-password count and the moment attempts are allowed again.

    The clock is the caller's (`now`, in time.monotonic() seconds), so the rule is a
    plain function of the times it is given. Free attempts first; the attempt that
    uses the last one starts a wait of `first_delay()`, and each wrong one after a
    wait doubles it, up to MAX_DELAY. Attempts refused during a wait are not counted:
    pressing Enter again must not lengthen the wait.
    """

    free: int
    forget_after: float = math.inf
    failures: int = 0
    last_failure: float = -math.inf
    until: float = -math.inf

    def wait(self, now: float) -> float:
        """Seconds before the next attempt may be checked; 0 when it may be now."""
        return max(0.0, self.until - now)

    def failed(self, now: float) -> None:
        if now - self.last_failure > self.forget_after:
            self.failures = 0
        self.failures += 1
        self.last_failure = now
        over = self.failures - self.free
        if over >= 0:
            self.until = now + min(MAX_DELAY, first_delay() * 2**over)

    def succeeded(self) -> None:
        self.failures, self.last_failure, self.until = 0, -math.inf, -math.inf


_DESK_LOCK = threading.Lock()

clock: Callable[[], float] = time.monotonic
"""Where the waits read the time: the process's monotonic clock, replaced by a test's
own clock so that a wait never races a busy machine."""


@st.cache_resource(show_spinner=False)
def desk_attempts() -> Backoff:
    """The process-wide count, shared by every session (read and written under _DESK_LOCK).
    A success does not reset it: a guesser would otherwise start afresh each time a
    reviewer signs in."""
    return Backoff(free=DESK_FREE_ATTEMPTS, forget_after=DESK_FORGET_AFTER)


class LoginMisconfigured(Exception):
    """The password setting exists but cannot be used: the desk stays closed."""


def _secrets_files() -> list[Path]:
    """The secrets.toml files Streamlit reads (its `secrets.files` option)."""
    from streamlit import config

    return [Path(p) for p in config.get_option("secrets.files") if str(p).endswith(".toml")]


def _check_secrets_files() -> None:
    """Fail closed: a secrets file that does not parse (an unquoted value) or that holds
    the password anywhere but at its top level (under a [section], or spelt
    `Password`) raises LoginMisconfigured, where Streamlit would silently read no
    password and open the desk to anyone."""
    for path in _secrets_files():
        if not path.is_file():
            continue
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise LoginMisconfigured(
                f'{path}: cannot be read ({e}); write the value in quotes: password = "…"'
            ) from None
        if SECRET_KEY in document:
            value = document[SECRET_KEY]
            if not isinstance(value, str) or not value.strip():
                raise LoginMisconfigured(f"{path}: '{SECRET_KEY}' must be a non-empty text in quotes")
            continue
        misplaced = [
            f"[{name}]"
            for name, table in document.items()
            if isinstance(table, dict) and any(k.lower() == SECRET_KEY for k in table)
        ]
        misplaced += [repr(k) for k in document if k.lower() == SECRET_KEY and k != SECRET_KEY]
        if misplaced:
            raise LoginMisconfigured(
                f'{path}: the password is under {", ".join(misplaced)}; put `{SECRET_KEY} = "…"` on the first lines,'
                " before any [section]"
            )


def configured_password() -> str | None:
    """The team password: Streamlit secrets first, then the environment; None if unset,
    which means the desk is open to whoever can reach it. A password setting that is
    there but unusable raises LoginMisconfigured instead of opening the desk."""
    _check_secrets_files()
    value = None
    try:
        if st.secrets.load_if_toml_exists() or st.secrets.has_key(SECRET_KEY):
            value = st.secrets.get(SECRET_KEY)
    except Exception as e:  # noqa: BLE001 - whatever Streamlit raises, the desk stays closed...
        if any(p.exists() for p in _secrets_files()):
            raise LoginMisconfigured(f"Streamlit secrets cannot be read ({e})") from None
        value = None  # ...unless there is no secrets file at all (Streamlit says "No secrets found")
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise LoginMisconfigured(f"secrets: '{SECRET_KEY}' must be a non-empty text in quotes")
    if not value:
        value = os.environ.get(PASSWORD_ENV)
    return str(value) if value else None


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of UTF-8 bytes (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def wait_text(seconds: float) -> str:
    """'45 s' or '4 min', rounded up: a reviewer told 0 s who is then refused would
    rightly think the desk is broken."""
    if seconds <= 90:
        return f"{max(1, math.ceil(seconds))} s"
    return f"{math.ceil(seconds / 60)} min"


def require_login() -> bool:
    """True when the desk may be shown: no password is configured, or this browser
    session typed it. Otherwise draws the login form and returns False; the caller
    stops there (`if not require_login(): return`)."""
    try:
        expected = configured_password()
    except LoginMisconfigured as e:
        logging.getLogger(__name__).error("login setting unusable, the desk stays closed: %s", e)
        st.error(t("login.misconfigured"))  # the details (a server path) go to the log, not to a visitor
        return False
    if expected is None or st.session_state.get(GRANTED_KEY):
        return True
    st.title(f"🔎 {t('app.title')}")
    with st.form("login"):
        given = st.text_input(t("login.password"), type="password", key=FIELD_KEY)
        submitted = st.form_submit_button(t("login.enter"), type="primary")
    if submitted:
        _check(given or "", expected)
    return False


def _check(given: str, expected: str) -> None:
    """One submitted attempt: refused unseen while a wait runs, else compared and counted."""
    session = st.session_state.setdefault(ATTEMPTS_KEY, Backoff(free=SESSION_FREE_ATTEMPTS))
    desk = desk_attempts()
    now = clock()
    with _DESK_LOCK:
        desk_wait = desk.wait(now)
    if refused := _refusal(session.wait(now), desk_wait):
        st.error(refused)
        return
    if password_matches(given, expected):
        session.succeeded()
        st.session_state[GRANTED_KEY] = True
        st.rerun()
    session.failed(now)
    with _DESK_LOCK:
        desk.failed(now)
        desk_wait = desk.wait(now)
    st.error(t("login.wrong"))
    if refused := _refusal(session.wait(now), desk_wait):
        st.error(refused)


def _refusal(session_wait: float, desk_wait: float) -> str | None:
    """The message for a running wait, naming whose attempts caused it; None if none runs."""
    if session_wait <= 0 and desk_wait <= 0:
        return None
    if session_wait >= desk_wait:
        left = wait_text(session_wait)
        return t("login.wait_session", left=left)
    return t("login.wait_desk", left=wait_text(desk_wait))


DOWNLOAD_TTL_ENV = "FACTCHECK_DOWNLOAD_TTL"
"""Environment variable: seconds an export stays downloadable at its /media/ link."""
DEFAULT_DOWNLOAD_TTL = 30.0


def download_ttl() -> float:
    """`$FACTCHECK_DOWNLOAD_TTL` if a positive number, else 30 s."""
    try:
        value = float(os.environ.get(DOWNLOAD_TTL_ENV, DEFAULT_DOWNLOAD_TTL))
    except ValueError:
        return DEFAULT_DOWNLOAD_TTL
    return value if value > 0 and math.isfinite(value) else DEFAULT_DOWNLOAD_TTL


def expire_downloads_soon() -> None:
    """Make the export just generated stop being served within 1-2 download_ttl().

    Why: Streamlit serves a download_button's file at /media/<id> to any request that
    knows the link, with no session or password check, and a file generated on click
    (data=callable) belongs to no session, so it is only dropped after two later script
    runs of *some* session: with the tab closed it stayed downloadable indefinitely
    (17 minutes in the report). Two sweeps of Streamlit's own orphan cleanup, one
    download_ttl() apart, mark then delete every file no live session shows (so a file
    always gets at least download_ttl() for the browser to fetch it); files a session
    still displays are untouched, and the button generates a fresh one on the next click.
    Called by the export callable, which only signed-in sessions are given.
    """
    from streamlit import runtime

    if not runtime.exists():
        return
    manager = runtime.get_instance().media_file_mgr
    for sweep in (1, 2):
        timer = threading.Timer(sweep * download_ttl(), manager.remove_orphaned_files)
        timer.daemon = True
        timer.start()
