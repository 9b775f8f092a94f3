"""The review loop with the keyboard only, in Chromium: three claims judged with the
verdict keys (each verdict shows the next unjudged claim), the verdicts still there
after a reload, a report downloaded; then two reviewers in two sessions on the same
claim, blind, and their kappa."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from checker.scale import default_scale
from checker.store.database import Store
from checker.ui.view import SHORTCUTS
from checker.vocabulary import of
from tests.e2e.conftest import sign_in

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FIRST_LOAD_MS = 600_000  # a fresh server loads the model and checks the sample (slow on a busy CI box)
STEP_MS = 60_000
WORDS = of(default_scale())
"""A new database is on the default scale: the icons and labels are its own."""
ICONS = {code: WORDS.icons[code] for code in ("true", "false", "unclear")}


def claim_ids(page) -> list[str]:
    picks = page.locator('[class*="st-key-pick-"]')
    expect(picks.first).to_be_visible(timeout=FIRST_LOAD_MS)
    # the list is drawn button by button: wait for at least three before reading it
    expect(picks.nth(2)).to_be_visible(timeout=STEP_MS)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_MS)
    return [re.search(r"st-key-pick-(\S+)", c).group(1) for c in picks.evaluate_all("els => els.map(e => e.className)")]


def settle(page, claim_id: str) -> None:
    """Wait until the claim's card is drawn and the run is over, then take the focus
    off any field (keys are ignored while typing)."""
    expect(page.locator(f".st-key-card-{claim_id}")).to_be_visible(timeout=STEP_MS)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_MS)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def test_three_claims_reviewed_with_the_keyboard_survive_a_reload(app_url, page, db_path):
    page.goto(app_url)
    ids = claim_ids(page)[:4]
    sign_in(page, "Camille")
    expect(page.locator(f".st-key-card-{ids[0]}")).to_be_visible(timeout=STEP_MS)
    plan = list(zip(ids, ("true", "false", "unclear")))
    for claim_id, verdict in plan:
        settle(page, claim_id)  # auto-advance: the verdict before brought this claim up
        page.keyboard.press(SHORTCUTS[verdict].lower())
        expect(page.locator(f".st-key-pick-{claim_id} button")).to_contain_text(ICONS[verdict], timeout=STEP_MS)

    store = Store(db_path)
    for claim_id, verdict in plan:
        stored = store.current_verdict(claim_id)
        assert (stored["verdict"], stored["reviewer"]) == (verdict, "Camille")

    page.reload()
    for claim_id, verdict in plan:
        expect(page.locator(f".st-key-pick-{claim_id} button")).to_contain_text(ICONS[verdict], timeout=FIRST_LOAD_MS)
    expect(page.locator(f".st-key-card-{ids[3]}")).to_be_visible(timeout=STEP_MS)  # the URL reopens the claim shown
    expect(page.locator('[data-testid="stProgress"]')).to_contain_text("3 /")  # the reloaded page drawn whole
    settle(page, ids[3])  # and its keyboard listening, before the key
    page.keyboard.press(SHORTCUTS["previous"].lower())
    card = page.locator(f".st-key-card-{ids[2]}")
    expect(card).to_contain_text(f"{WORDS.screen_labels['fr']['unclear']} — Camille", timeout=STEP_MS)
    expect(page.locator('[data-testid="stProgress"]')).to_contain_text("3 /")

    settle(page, ids[2])  # the run the key started is over: the sidebar's buttons are the live ones
    with page.expect_download(timeout=STEP_MS) as download:
        page.locator(".st-key-export-markdown button").click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    labels = WORDS.report_labels["fr"]
    assert "Camille" in report and all(labels[code] in report for code in ("true", "false", "unclear"))

    ARTIFACTS.mkdir(exist_ok=True)
    page.add_style_tag(content='header[data-testid="stHeader"] { display: none; }')
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(ARTIFACTS / "claim_card_keyboard.png"))


def test_two_reviewers_in_two_sessions_blind_then_kappa(app_url, browser, db_path):
    first = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    first.goto(app_url)
    ids = claim_ids(first)
    claim_id = ids[0]
    sign_in(first, "Camille")
    expect(first.locator(f".st-key-card-{claim_id}")).to_be_visible(timeout=STEP_MS)
    note = first.locator(f".st-key-note-{claim_id} textarea")
    note.fill("Lecture de Camille")
    note.press("Control+Enter")
    settle(first, claim_id)
    first.keyboard.press(SHORTCUTS["true"].lower())
    expect(first.locator(f".st-key-pick-{claim_id} button")).to_contain_text(ICONS["true"], timeout=STEP_MS)

    second = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    second.goto(f"{app_url}/?blind=true&claim={claim_id}")
    card = second.locator(f".st-key-card-{claim_id}")
    expect(card).to_be_visible(timeout=FIRST_LOAD_MS)
    sign_in(second, "Noé")
    expect(card).to_contain_text("Revue à l'aveugle", timeout=STEP_MS)
    expect(card).not_to_contain_text("Camille")
    expect(second.locator(f".st-key-pick-{claim_id} button")).to_contain_text("⚪")
    settle(second, claim_id)
    second.keyboard.press(SHORTCUTS["false"].lower())
    expect(second.locator(f".st-key-pick-{claim_id} button")).to_contain_text(ICONS["false"], timeout=STEP_MS)
    second.locator(f".st-key-pick-{claim_id} button").click()  # back from the next claim
    expect(card).to_be_visible(timeout=STEP_MS)
    expect(card).not_to_contain_text("Revue à l'aveugle", timeout=STEP_MS)

    store = Store(db_path)
    assert store.current_verdict(claim_id, reviewer="Camille")["verdict"] == "true"
    assert store.current_verdict(claim_id, reviewer="Noé")["verdict"] == "false"

    first.goto(f"{app_url}/agreement")
    expect(first.get_by_text("κ =").first).to_be_visible(timeout=STEP_MS)
    expect(first.locator(f".st-key-dispute-{claim_id}")).to_contain_text("Lecture de Camille", timeout=STEP_MS)
    first.screenshot(path=str(ARTIFACTS / "agreement.png"), full_page=True)


def test_a_note_typed_without_a_verdict_survives_a_reload(app_url, browser, db_path):
    page = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    page.goto(app_url)
    claim_id = claim_ids(page)[0]
    sign_in(page, "Léa")
    expect(page.locator(f".st-key-card-{claim_id}")).to_be_visible(timeout=STEP_MS)
    text = "Piste : relire le communiqué du 9 octobre <b>avant</b> de trancher"
    note = page.locator(f".st-key-note-{claim_id} textarea")
    note.fill(text)
    note.press("Tab")  # the field hands its value over when it loses focus
    expect(page.get_by_text("Brouillon gardé")).to_be_visible(timeout=STEP_MS)
    assert Store(db_path).draft(claim_id, reviewer="Léa") == text

    page.reload()
    sign_in(page, "Léa")  # my draft, given back once I say who I am
    note = page.locator(f".st-key-note-{claim_id} textarea")
    expect(note).to_have_value(text, timeout=FIRST_LOAD_MS)
    assert Store(db_path).current_verdict(claim_id, reviewer="Léa") is None
