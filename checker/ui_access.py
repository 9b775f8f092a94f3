"""A shared-password gate for a team deployment of the review desk.

On a reviewer's own machine the app listens on 127.0.0.1 only (.streamlit/config.toml)
and needs no login. A newsroom that serves it to a team sets one shared password,
in Streamlit's secrets (`password = "…"` in .streamlit/secrets.toml) or in
`$FACTCHECK_PASSWORD`; then nothing of the desk is drawn, and no database is opened,
until the password is typed. The comparison is constant-time (hmac.compare_digest)
so the answer's timing says nothing about how close a guess was.
"""
from __future__ import annotations

import hmac
import os

import streamlit as st

from checker.settings import PASSWORD_ENV

SECRET_KEY = "password"
GRANTED_KEY = "access_granted"
FIELD_KEY = "login_password"


def configured_password() -> str | None:
    """The team password: Streamlit secrets first, then the environment; None if unset
    (or empty), which means the desk is open to whoever can reach it."""
    value = None
    try:
        if st.secrets.load_if_toml_exists() or st.secrets.has_key(SECRET_KEY):
            value = st.secrets.get(SECRET_KEY)
    except Exception:  # a malformed secrets.toml must not open the desk: fall through
        value = None
    if not value:
        value = os.environ.get(PASSWORD_ENV)
    return str(value) if value else None


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of UTF-8 bytes (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_login() -> bool:
    """True when the desk may be shown: no password is configured, or this browser
    session typed it. Otherwise draws the login form and returns False; the caller
    stops there (`if not require_login(): return`)."""
    expected = configured_password()
    if expected is None or st.session_state.get(GRANTED_KEY):
        return True
    st.title("🔎 Desk de vérification")
    with st.form("login"):
        given = st.text_input("Mot de passe de l'équipe (team password)", type="password", key=FIELD_KEY)
        submitted = st.form_submit_button("Entrer (sign in)", type="primary")
    if submitted:
        if password_matches(given or "", expected):
            st.session_state[GRANTED_KEY] = True
            st.rerun()
        st.error("Mot de passe incorrect (wrong password).")
    return False
