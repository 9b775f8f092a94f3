"""Who can reach the desk: only this machine by default; with a shared password set
(Streamlit secrets or $FACTCHECK_PASSWORD), nobody sees anything before typing it, and
wrong passwords make the guesser (and, past a flood, everyone) wait longer each time."""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from checker.settings import PACKAGE_ROOT, PASSWORD_ENV
from checker.ui import access as ui_access
from checker.ui.access import (
    DELAY_ENV,
    DESK_FREE_ATTEMPTS,
    MAX_DELAY,
    SESSION_FREE_ATTEMPTS,
    Backoff,
    desk_attempts,
    password_matches,
    wait_text,
)
from tests.conftest import streamlit_server

GATED = """
import streamlit as st
from checker.ui.access import require_login

if require_login():
    st.markdown("CONTENU DU DESK")
"""


def desk_shown(at: AppTest) -> bool:
    return any("CONTENU DU DESK" in m.value for m in at.markdown)


def gated_app() -> AppTest:
    return AppTest.from_string(GATED, default_timeout=60)


@pytest.fixture(autouse=True)
def no_password_in_env(monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.delenv(DELAY_ENV, raising=False)


@pytest.fixture(autouse=True)
def fresh_desk_count():
    """The process-wide count outlives a test (as it outlives a session): start and
    leave every test with none, so no test is slowed by another's wrong passwords."""
    desk_attempts.clear()
    yield
    desk_attempts.clear()


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def test_no_password_configured_means_no_login():
    at = gated_app().run()
    assert not at.exception
    assert desk_shown(at) and not at.text_input


def test_password_from_secrets_gates_everything():
    at = gated_app()
    at.secrets["password"] = "rédaction-2024"
    at.run()
    assert not at.exception
    assert not desk_shown(at)
    field = at.text_input(key="login_password")
    assert field.proto.type == type(field.proto).Type.PASSWORD  # typed characters are masked

    sign_in(at, "redaction-2024")  # close is not enough
    assert not desk_shown(at)
    assert "Mot de passe incorrect" in at.error[0].value

    sign_in(at, "rédaction-2024")
    assert not at.exception
    assert desk_shown(at) and not at.error
    at.run()  # stays signed in for the rest of the session
    assert desk_shown(at)


def test_password_from_the_environment(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    at = gated_app().run()
    assert not desk_shown(at)
    sign_in(at, "")
    assert not desk_shown(at)
    sign_in(at, "s3cret")
    assert desk_shown(at)


class ManualClock:
    """The login's clock, moved only by the test: a wait lasts exactly as long as the
    test says, however slowly the machine runs the sessions."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def login_clock(monkeypatch) -> ManualClock:
    manual = ManualClock()
    monkeypatch.setattr(ui_access, "clock", manual)
    return manual


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def test_wrong_passwords_make_the_session_wait(monkeypatch, login_clock):
    monkeypatch.setenv(DELAY_ENV, "0.5")
    at = gated_app()
    at.secrets["password"] = "s3cret"
    at.run()
    for attempt in range(1, SESSION_FREE_ATTEMPTS):
        sign_in(at, f"guess-{attempt}")
        assert "Mot de passe incorrect" in errors(at) and "Trop de tentatives" not in errors(at)
    sign_in(at, "guess-last")  # the last free attempt starts the wait, and says so
    assert "Mot de passe incorrect" in errors(at)
    assert "réessayez dans 1 s" in errors(at)

    sign_in(at, "s3cret")  # even the right password is not looked at during the wait
    assert not desk_shown(at)
    assert "Trop de tentatives : réessayez dans 1 s" in errors(at)
    assert "Mot de passe incorrect" not in errors(at)

    login_clock.advance(0.6)
    sign_in(at, "s3cret")
    assert not at.exception
    assert desk_shown(at) and not at.error


def test_a_new_session_starts_with_its_own_free_attempts(monkeypatch):
    monkeypatch.setenv(DELAY_ENV, "60")
    first = gated_app()
    first.secrets["password"] = "s3cret"
    first.run()
    for attempt in range(SESSION_FREE_ATTEMPTS):
        sign_in(first, f"guess-{attempt}")
    assert "réessayez dans 60 s" in errors(first)

    second = gated_app()
    second.secrets["password"] = "s3cret"
    second.run()
    sign_in(second, "s3cret")
    assert desk_shown(second)


def test_a_flood_of_wrong_passwords_across_sessions_makes_everyone_wait(monkeypatch, login_clock):
    """A guesser who opens a new session before each session's limit still runs into
    the desk-wide one; then a reviewer who knows the password waits too."""
    monkeypatch.setenv(DELAY_ENV, "0.5")
    typed = 0
    while typed < DESK_FREE_ATTEMPTS:
        at = gated_app()
        at.secrets["password"] = "s3cret"
        at.run()
        for _ in range(min(SESSION_FREE_ATTEMPTS - 1, DESK_FREE_ATTEMPTS - typed)):
            sign_in(at, f"guess-{typed}")
            typed += 1
    assert "Trop de mots de passe erronés sur le desk : réessayez dans 1 s" in errors(at)

    reviewer = gated_app()
    reviewer.secrets["password"] = "s3cret"
    reviewer.run()
    sign_in(reviewer, "s3cret")
    assert not desk_shown(reviewer)
    assert "Trop de mots de passe erronés sur le desk : réessayez dans 1 s" in errors(reviewer)

    login_clock.advance(0.6)
    sign_in(reviewer, "s3cret")
    assert desk_shown(reviewer)


def test_backoff_doubles_after_the_free_attempts_up_to_the_ceiling(monkeypatch):
    monkeypatch.setenv(DELAY_ENV, "30")
    backoff = Backoff(free=3)
    waits = []
    now = 1000.0
    for _ in range(12):
        backoff.failed(now)
        waits.append(backoff.wait(now))
        now += backoff.wait(now)  # the next attempt comes as soon as it may
    assert waits[:5] == [0, 0, 30, 60, 120]
    assert waits[-1] == MAX_DELAY and max(waits) == MAX_DELAY
    assert backoff.wait(now) == 0
    backoff.succeeded()
    backoff.failed(now)
    assert backoff.wait(now) == 0  # a success gives the free attempts back


def test_desk_count_is_forgotten_after_a_quiet_spell(monkeypatch):
    monkeypatch.setenv(DELAY_ENV, "30")
    backoff = Backoff(free=2, forget_after=600)
    backoff.failed(0)
    backoff.failed(599)
    assert backoff.wait(599) == 30
    backoff.failed(599 + 30 + 601)  # quiet for longer than 600 s: counted as the first
    assert backoff.wait(599 + 30 + 601) == 0


@pytest.mark.parametrize("value", ["", "soon", "0", "-5", "nan", "inf"])
def test_a_bad_delay_setting_keeps_the_default_limit(monkeypatch, value):
    monkeypatch.setenv(DELAY_ENV, value)
    backoff = Backoff(free=1)
    backoff.failed(0)
    assert backoff.wait(0) == 30


def test_wait_text_never_says_zero():
    assert wait_text(0.2) == "1 s"
    assert wait_text(30) == "30 s"
    assert wait_text(90) == "90 s"
    assert wait_text(121) == "3 min"
    assert wait_text(MAX_DELAY) == "15 min"


def test_password_comparison():
    assert password_matches("été", "été")
    assert not password_matches("ete", "été")
    assert not password_matches("", "x")
    assert not password_matches("s3cret ", "s3cret")


def test_config_listens_on_localhost_only():
    config = tomllib.loads((PACKAGE_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port`, from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, _, state = line.split()[1:4]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.slow  # a real `streamlit run` server
@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="reads Linux's /proc/net/tcp")
def test_the_real_server_listens_on_loopback_only(tmp_path):
    """`streamlit run app.py` with no address flag, as a user would start it."""
    with streamlit_server(tmp_path, env={"FACTCHECK_DB": str(tmp_path / "desk.db")}, address=None) as url:
        port = urlsplit(url).port
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or ::


def test_the_desk_itself_asks_for_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_DB", str(tmp_path / "desk.db"))
    at = AppTest.from_file(str(PACKAGE_ROOT / "app.py"), default_timeout=20)
    at.secrets["password"] = "s3cret"
    at.run()
    assert not at.exception
    assert [t.key for t in at.text_input] == ["login_password"]
    assert not any(b.key and b.key.startswith(("pick:", "verdict:")) for b in at.button)
    assert not (tmp_path / "desk.db").exists()  # nothing opened before the password


# ---------------------------------------------------------------- the login fails closed


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """A secrets.toml that Streamlit reads (its `secrets.files` option points at it)."""
    from streamlit import config

    path = tmp_path / "secrets.toml"
    monkeypatch.setattr(
        config,
        "get_option",
        lambda name, _get=config.get_option: [str(path)] if name == "secrets.files" else _get(name),
    )
    yield path
    # st.secrets keeps what it parsed for the process: forget this file's password, or
    # every later app in the same test process would open on a login form
    st.secrets._reset()


@pytest.mark.parametrize(
    ("content", "logged"),
    [
        ("password = redaction-2024\n", "cannot be read"),  # unquoted: not TOML
        ('[auth]\npassword = "redaction-2024"\n', "the password is under [auth]"),
        ('Password = "redaction-2024"\n', "the password is under 'Password'"),
        ("password = 2024\n", "must be a non-empty text in quotes"),
        ('password = ""\n', "must be a non-empty text in quotes"),
    ],
)
def test_a_typo_in_the_password_setting_keeps_the_desk_closed(secrets_file, caplog, content, logged):
    secrets_file.write_text(content, encoding="utf-8")
    at = gated_app().run(timeout=60)
    assert not at.exception
    assert not desk_shown(at) and not at.text_input  # no login form either: nothing to sign in to
    assert "le desk reste fermé" in errors(at) and "journal du serveur" in errors(at)
    assert str(secrets_file) not in errors(at)  # no server path shown to a visitor
    assert any(logged in r.getMessage() and str(secrets_file) in r.getMessage() for r in caplog.records)


def test_a_correct_secrets_file_still_gates(secrets_file):
    secrets_file.write_text('title = "desk"\npassword = "rédaction-2024"\n[autre]\ncle = 1\n', encoding="utf-8")
    from checker.ui.access import configured_password

    assert configured_password() == "rédaction-2024"


# ---------------------------------------------------------------- downloads and /media/ links


def _status(url: str) -> int:
    """The HTTP status of a plain GET with no cookie and no session (curl from anywhere)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.mark.slow  # a real server and browser
def test_an_export_link_stops_working_after_the_download(tmp_path):
    """A real server with a password: before signing in no /media/ link exists; after
    a download its link, fetched without the session, answers 404 once
    FACTCHECK_DOWNLOAD_TTL has passed (waited for as a condition, not a sleep)."""
    from playwright.sync_api import expect, sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    env = {"FACTCHECK_DB": str(tmp_path / "desk.db"), PASSWORD_ENV: "s3cret", "FACTCHECK_DOWNLOAD_TTL": "1"}
    with streamlit_server(tmp_path, env=env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True).new_page()
            page.goto(url)
            field = page.get_by_label("Mot de passe de l'équipe")
            expect(field).to_be_visible(timeout=120_000)
            assert not page.locator('[data-testid="stDownloadButton"]').count()  # nothing to download before it
            field.fill("s3cret")
            page.get_by_role("button", name="Entrer").click()
            button = page.locator(".st-key-export-markdown button")
            expect(button).to_be_visible(timeout=600_000)  # the first start checks the sample
            with page.expect_download(timeout=120_000) as download:
                button.click()
            link = download.value.url
            assert "/media/" in link and "Rapport" in Path(download.value.path()).read_text(encoding="utf-8")
            deadline = time.monotonic() + 120
            while _status(link) != 404:
                assert time.monotonic() < deadline, f"{link} still served without a session"
                time.sleep(0.5)
        finally:
            browser.close()
