"""The six-value scale's keys in Chromium, on a desk made as a new database is (on the
default scale, fr-six): each verdict key, pressed in the scale's order, stores its
own code on the claim shown when it was pressed, one row each, in key order.

Nothing is timed: each key is pressed once the page's run is over and one claim card
is on screen, and the next waits for the queue to show the verdict's icon."""

from __future__ import annotations

from playwright.sync_api import expect

from checker.scale import DEFAULT_SCALE
from checker.store.database import Store
from checker.vocabulary import of
from tests.e2e.conftest import sign_in

FIRST_LOAD_MS = 600_000  # the server loads the model in the background meanwhile: slow on a busy CI box
STEP_MS = 60_000

SHOWN = """() => {
  const cards = Array.from(document.querySelectorAll('[class*="st-key-card-"]'))
    .filter((c) => !c.closest('[data-stale="true"]'));
  return cards.length === 1 ? /st-key-card-(\\S+)/.exec(cards[0].className)[1] : null;
}"""
"""The id of the one live claim card, or null while a rerun shows the previous one too."""


def claim_on_screen(page) -> str:
    """The claim whose card is shown once the page's run is over, the focus off any
    field (keys are ignored while typing)."""
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_MS)
    page.wait_for_function("() => document.documentElement.dataset.deskKeys === 'ready'", timeout=STEP_MS)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    return str(page.wait_for_function(SHOWN, timeout=STEP_MS).json_value())


def test_each_six_value_key_stores_its_verdict_on_the_claim_shown(app_url, page, db_path):
    store = Store(db_path)
    scale = store.scale
    store.close()
    assert scale.name == DEFAULT_SCALE and len(scale.values) == 6  # a new database's scale
    icons = of(scale).icons

    page.goto(app_url)
    expect(page.locator('[class*="st-key-pick-"]').first).to_be_visible(timeout=FIRST_LOAD_MS)
    sign_in(page, "Camille")
    pressed: list[tuple[str, str]] = []
    for value in scale.values:
        claim_id = claim_on_screen(page)
        assert claim_id not in {c for c, _ in pressed}, "auto-advance showed a judged claim again"
        page.keyboard.press(value.key)
        expect(page.locator(f".st-key-pick-{claim_id} button")).to_contain_text(icons[value.code], timeout=STEP_MS)
        pressed.append((claim_id, value.code))

    store = Store(db_path)
    try:
        rows = [row for claim_id, _ in pressed for row in store.verdict_history(claim_id)]
        assert [(r["claim_id"], r["verdict"], r["reviewer"]) for r in sorted(rows, key=lambda r: r["id"])] == [
            (claim_id, code, "Camille") for claim_id, code in pressed
        ]
        assert [code for _, code in pressed] == list(scale.codes)
    finally:
        store.close()
