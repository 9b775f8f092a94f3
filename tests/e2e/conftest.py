"""Browser tests: a real `streamlit run` server and the system Chromium via Playwright.

Marked `e2e` and `slow` so they can be selected or left out (`-m e2e`, `-m "not slow"`); skipped
only when Chromium itself is missing, which CI installs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: drives the app in a real browser (needs /usr/bin/chromium)")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)  # a real server and browser: out of the inner loop
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)"))


@pytest.fixture(scope="session")
def sample_db_file(tmp_path_factory) -> Path:
    """A database with the sample article checked, built once per test session in this
    process (one model load), so each server below opens on a usable desk instead of
    loading the model and checking the sample again (minutes on a busy CI machine).
    The app's own first start on an empty database is tested in tests/test_app.py
    (`sample_db`) and timed by benchmarks/bench_ui.py --first-use."""
    from checker.model.encoder import load_embedder
    from checker.review.steps import ensure_sample
    from checker.store.database import Store

    path = tmp_path_factory.mktemp("e2e-sample") / "factcheck.db"
    store = Store(path)
    ensure_sample(store, load_embedder())
    store.close()
    return path


@pytest.fixture
def db_path(tmp_path, sample_db_file) -> Path:
    path = tmp_path / "factcheck.db"
    shutil.copy(sample_db_file, path)
    return path


@pytest.fixture
def app_url(db_path, tmp_path):
    """`streamlit run app.py` on a free port with its own database; yields the URL once healthy."""
    with streamlit_server(tmp_path, env={"FACTCHECK_DB": str(db_path)}) as url:
        yield url


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1100})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def browser():
    """One Chromium for tests that need several independent sessions (one context each)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def sign_in(page, name: str, *, timeout: float = 600_000) -> None:
    """Type the reviewer's name in the sidebar (the desk asks for it in every new
    session; a link cannot set it) and wait until the page has taken it."""
    from playwright.sync_api import expect

    field = page.locator(".st-key-reviewer input")
    expect(field).to_be_visible(timeout=timeout)
    field.fill(name)
    field.press("Enter")
    expect(page.get_by_text("Indiquez votre nom dans la barre")).to_have_count(0, timeout=60_000)
    page.wait_for_function("() => document.documentElement.dataset.deskKeys === 'ready'", timeout=60_000)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
