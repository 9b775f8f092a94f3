"""A reviewer edits, splits, merges and dismisses claims in Chromium; after a reload
every change is still there, in the card's history and in the exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from checker.report.contents import build_report
from checker.report.formats import to_json
from checker.store.database import Store
from tests.e2e.conftest import sign_in

FIRST_LOAD_MS = 600_000
STEP_MS = 60_000


def claim_with(store: Store, article_id: str, words: str) -> str:
    return next(c["id"] for c in store.claims(article_id) if words in c["text"])


def open_claim(page, url: str, article_id: str, claim_id: str):
    """A fresh page on the claim (the URL holds the ids), signed in, editing section open."""
    page.goto(f"{url}/?article={article_id}&claim={claim_id}")
    card = page.locator(f".st-key-card-{claim_id}")
    expect(card).to_be_visible(timeout=FIRST_LOAD_MS)
    sign_in(page, "Camille")
    return show_editing(page, claim_id)


def click_button(page, key: str) -> None:
    """Click the button of widget `key` once the page has redrawn it: while a rerun is
    drawn, the previous run's button can still stand beside the new one."""
    button = page.locator(f".st-key-{key} button")
    expect(button).to_have_count(1, timeout=STEP_MS)
    button.click()


def pick(page, claim_id: str):
    """Another claim of the queue, in the same session (as a reviewer clicks it)."""
    page.locator(f".st-key-pick-{claim_id} button").click()
    return show_editing(page, claim_id)


def show_editing(page, claim_id: str):
    """The card's editing section open (an expander may stay open from the last card)."""
    card = page.locator(f".st-key-card-{claim_id}")
    expect(card).to_be_visible(timeout=STEP_MS)
    title = card.get_by_text("Modifier l'affirmation")
    expect(title).to_have_count(1, timeout=STEP_MS)  # the previous run's section gone
    expect(title).to_be_visible(timeout=STEP_MS)
    field = page.locator(f".st-key-claim_text-{claim_id} textarea")
    if not field.is_visible():
        title.click()
    expect(field).to_be_visible(timeout=STEP_MS)
    return card


def fill(page, selector: str, text: str) -> None:
    field = page.locator(selector)
    expect(field).to_be_visible(timeout=STEP_MS)
    field.fill(text)
    field.press("Tab")  # a Streamlit field sends its value when it loses focus
    page.wait_for_timeout(300)


@pytest.mark.slow
def test_edit_split_merge_dismiss_survive_a_reload_and_reach_history_and_exports(app_url, page, db_path):
    store = Store(db_path)
    article_id = store.articles()[0]["id"]
    dublin = claim_with(store, article_id, "Dublin en 2023")
    first = claim_with(store, article_id, "Londres et Dublin")
    merge_a = claim_with(store, article_id, "9 octobre dernier l’ouverture")
    merge_b = claim_with(store, article_id, "Le mercredi 9 octobre dernier")
    footer = claim_with(store, article_id, "Google et Netflix disposent")

    open_claim(page, app_url, article_id, dublin)
    fill(page, f".st-key-claim_text-{dublin} textarea", "OpenAI a ouvert son bureau de Dublin en 2023.")
    click_button(page, f"claim_save-{dublin}")
    # the first change loads the model in this server (to search evidence for the new words)
    expect(page.get_by_text("Texte enregistré")).to_be_visible(timeout=FIRST_LOAD_MS)

    pick(page, first)
    fill(page, f".st-key-claim_parts-{first} textarea", "OpenAI est déjà à Londres.\nOpenAI est déjà à Dublin.")
    click_button(page, f"claim_split-{first}")
    expect(page.get_by_text("Affirmation divisée en 2")).to_be_visible(timeout=STEP_MS)

    pick(page, merge_a)
    picker = page.locator(f".st-key-claim_merge_with-{merge_a}")
    picker.click()
    page.keyboard.type("Le mercredi 9 octobre dernier")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    click_button(page, f"claim_merge-{merge_a}")
    expect(page.get_by_text("2 affirmations fusionnées")).to_be_visible(timeout=STEP_MS)

    pick(page, footer)
    fill(page, f".st-key-claim_reason-{footer} input", "une généralité, pas un fait")
    click_button(page, f"claim_dismiss-{footer}")
    expect(page.get_by_text("Écartée : pas une affirmation")).to_be_visible(timeout=STEP_MS)

    page.reload()
    expect(page.locator('[class*="st-key-pick-"]').first).to_be_visible(timeout=FIRST_LOAD_MS)
    active = {c["id"]: c for c in store.claims(article_id)}
    parts = [cid for cid, c in active.items() if c["text"].startswith("OpenAI est déjà à")]
    (merged,) = [
        e["claim_id"]
        for e in store.claim_edits(article_id)
        if e["action"] == "add" and set(e["related"]) == {merge_a, merge_b}
    ]
    assert len(parts) == 2
    for gone in (first, merge_a, merge_b, footer):
        expect(page.locator(f".st-key-pick-{gone}")).to_have_count(0)
    for kept in (*parts, merged, dublin):
        expect(page.locator(f".st-key-pick-{kept}")).to_have_count(1)
    page.get_by_text("Affirmations retirées").click()
    expect(page.locator(".withdrawn").filter(has_text="une généralité, pas un fait")).to_be_visible(timeout=STEP_MS)

    card = pick(page, dublin)  # after the reload: a new session, nothing from before but the database
    expect(card).to_contain_text("OpenAI a ouvert son bureau de Dublin en 2023.")
    expect(card.locator(".history").filter(has_text="Texte modifié")).to_contain_text("Camille")
    card = pick(page, parts[0])
    expect(card.locator(".history").filter(has_text="Ajoutée")).to_contain_text(first)

    export = page.locator(".st-key-export-markdown button")
    expect(export).to_have_count(1, timeout=STEP_MS)  # the page redrawn: one button, the current one
    expect(export).to_be_enabled(timeout=STEP_MS)
    with page.expect_download(timeout=STEP_MS) as download:
        export.click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert "OpenAI a ouvert son bureau de Dublin en 2023" in markdown
    assert "OpenAI est déjà à Londres" in markdown and "Google et Netflix disposent" not in markdown
    document = json.loads(to_json(build_report(store, article_id)))
    withdrawn = {w["id"]: w["state"] for w in document["articles"][0]["withdrawn"]}
    assert withdrawn == {first: "split", merge_a: "merged", merge_b: "merged", footer: "dismissed"}
