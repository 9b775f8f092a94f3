"""A reviewer's round trip in Chromium: the sample is there, a verdict is given, and
it is still there after reloading the page (it lives in the database, not the session)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from checker.store.database import Store
from tests.e2e.conftest import sign_in

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FIRST_LOAD_MS = 600_000  # a fresh server loads the model and checks the sample (slow on a busy CI box)
STEP_MS = 60_000


def claim_id_of(container_class: str) -> str:
    return re.search(r"st-key-pick-(\S+)", container_class).group(1)


def test_verdict_survives_a_page_reload(app_url, page, db_path):
    page.goto(app_url)
    picks = page.locator('[class*="st-key-pick-"]')
    expect(picks.first).to_be_visible(timeout=FIRST_LOAD_MS)
    # st.html blocks are drawn a moment after the buttons around them
    expect(page.locator("mark.claim").first).to_be_visible(timeout=STEP_MS)
    expect(page.locator(".evidence").first).to_be_visible(timeout=STEP_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sample.png"))

    second = picks.nth(1)
    claim_id = claim_id_of(second.get_attribute("class"))
    second.get_by_role("button").click()
    card = page.locator(f".st-key-card-{claim_id}")
    expect(card).to_be_visible(timeout=STEP_MS)

    sign_in(page, "Camille")
    expect(page).to_have_url(re.compile(rf"claim={claim_id}"), timeout=STEP_MS)  # ids in the URL, never a name
    assert "reviewer=" not in page.url and "Camille" not in page.url
    note = page.locator(f".st-key-note-{claim_id} textarea")  # keyed: a rerun briefly keeps stale widgets
    note.fill("Date fausse : le bureau de Dublin a ouvert en 2023.")
    note.press("Control+Enter")
    page.wait_for_timeout(500)
    page.locator(f".st-key-verdict-{claim_id}-false button").click()
    expect(page.get_by_text("Verdict enregistré")).to_be_visible(timeout=STEP_MS)

    stored = Store(db_path).current_verdict(claim_id)
    assert stored["verdict"] == "false"
    assert stored["note"] == "Date fausse : le bureau de Dublin a ouvert en 2023."
    assert stored["reviewer"] == "Camille"

    # auto-advance showed the next claim; the URL says which
    expect(page).not_to_have_url(re.compile(rf"claim={claim_id}"), timeout=STEP_MS)
    shown = re.search(r"claim=(\w+)", page.url).group(1)
    page.reload()  # a new session: what shows now comes from the database and the URL
    expect(page.locator(f".st-key-card-{shown}")).to_be_visible(timeout=STEP_MS)  # the same claim
    expect(page.locator(".st-key-reviewer input")).to_have_value("")  # the name is asked again
    pick = page.locator(f".st-key-pick-{claim_id} button")
    expect(pick).to_contain_text("🔴")
    pick.click()
    card = page.locator(f".st-key-card-{claim_id}")
    expect(card.get_by_text("Verdict actuel :")).to_be_visible(timeout=STEP_MS)
    expect(card).to_contain_text("Faux — Camille")
    sign_in(page, "Camille")  # the form holds my own note once I say who I am
    expect(page.locator(f".st-key-note-{claim_id} textarea")).to_have_value(
        "Date fausse : le bureau de Dublin a ouvert en 2023."
    )

    page.add_style_tag(content='header[data-testid="stHeader"] { display: none; }')
    card.screenshot(path=str(ARTIFACTS / "claim_card.png"))
