"""Who can reach the desk: only this machine by default; with a shared password set
(Streamlit secrets or $FACTCHECK_PASSWORD), nobody sees anything before typing it."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checker.settings import PACKAGE_ROOT, PASSWORD_ENV
from checker.ui_access import password_matches

GATED = """
import streamlit as st
from checker.ui_access import require_login

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


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="reads Linux's /proc/net/tcp")
def test_the_real_server_listens_on_loopback_only(tmp_path):
    """`streamlit run app.py` with no address flag, as a user would start it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port)],
        cwd=PACKAGE_ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "FACTCHECK_DB": str(tmp_path / "desk.db"), "HF_HUB_OFFLINE": "1"},
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "streamlit.log").read_text()
            time.sleep(0.3)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or ::
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_the_desk_itself_asks_for_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_DB", str(tmp_path / "desk.db"))
    at = AppTest.from_file(str(PACKAGE_ROOT / "app.py"), default_timeout=20)
    at.secrets["password"] = "s3cret"
    at.run()
    assert not at.exception
    assert [t.key for t in at.text_input] == ["login_password"]
    assert not any(b.key and b.key.startswith(("pick:", "verdict:")) for b in at.button)
    assert not (tmp_path / "desk.db").exists()  # nothing opened before the password
