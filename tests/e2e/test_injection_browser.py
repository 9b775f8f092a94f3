"""The hostile review of tests/test_injection.py opened in Chromium: every payload is
on screen as text and none of them runs (each would set window.__pwned or open a
dialog), no link points at javascript: (or a non-image data: URL), no element carries an
event handler."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from checker.store.database import Store
from tests.conftest import PAYLOADS, fill_hostile

FIRST_LOAD_MS = 300_000  # a fresh server loads the model and checks the sample
STEP_MS = 30_000

LIVE_CODE = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on') && attr.value.includes('__pwned')) out.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'srcdoc', 'action', 'formaction'].includes(attr.name)
          && /^\\s*(javascript:|vbscript:|data:(?!image\\/))/i.test(attr.value)) out.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
    if (el.tagName === 'SCRIPT' && el.textContent.includes('__pwned')) out.push('SCRIPT ' + el.textContent);
    if (el.tagName === 'IFRAME' && (el.getAttribute('srcdoc') || '').includes('__pwned')) out.push('IFRAME srcdoc');
  }
  return out;
}"""


@pytest.fixture
def hostile_app(db_path, app_url):
    """The database filled with the hostile review (the server opens it only when the
    first page loads, so this runs before the app reads anything)."""
    store = Store(db_path)
    ids = fill_hostile(store)
    store.close()
    return app_url, ids


def assert_nothing_ran(page, dialogs: list[str]) -> None:
    assert dialogs == []
    for frame in page.frames:
        assert frame.evaluate("typeof window.__pwned") == "undefined", frame.evaluate("String(window.__pwned)")
        assert frame.evaluate(LIVE_CODE) == []


def test_hostile_review_is_inert_in_the_browser(hostile_app, page):
    url, ids = hostile_app
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    judged = ids["judged"]

    page.goto(url)
    expect(page.locator('[class*="st-key-pick-"]').first).to_be_visible(timeout=FIRST_LOAD_MS)
    page.locator(".st-key-article button[aria-label='Open']").click()  # the sidebar's article picker
    page.get_by_role("option", name=re.compile("^Budget")).click()
    pick = page.locator(f".st-key-pick-{judged} button")
    expect(pick).to_be_visible(timeout=STEP_MS)
    pick.click()
    card = page.locator(f".st-key-card-{judged}")
    expect(card).to_be_visible(timeout=STEP_MS)
    expect(page.locator("mark.claim").first).to_be_visible(timeout=STEP_MS)
    expect(page.locator(".evidence").first).to_be_visible(timeout=STEP_MS)

    article = page.locator(".article")
    for p in PAYLOADS:
        expect(article).to_contain_text(p)  # the article shows every payload as typed
    expect(card).to_contain_text("window.__pwned='reviewer'")  # the reviewer's name, as text
    title = 'Budget <script>window.__pwned="title"</script> de la ville'
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()  # the title, as text
    expect(page.locator(".evidence").first).to_contain_text("Selon la préfecture")
    card.get_by_text(re.compile(r"^Historique — ")).click()
    page.wait_for_timeout(1000)
    assert_nothing_ran(page, dialogs)

    for claim_id in [c for c in ids["claims"] if c.startswith("hostile-")][:6]:
        page.locator(f".st-key-pick-{claim_id} button").click()
        expect(page.locator(f".st-key-card-{claim_id}")).to_be_visible(timeout=STEP_MS)
        expect(page.locator(f".st-key-card-{claim_id} .evidence").first).to_be_visible(timeout=STEP_MS)
        assert_nothing_ran(page, dialogs)
    # what the reviewer can click: nothing reachable runs code either
    # read every href in one go: a rerun may redraw the page between two locator calls
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
    for href in hrefs:
        href = (href or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), href
    assert_nothing_ran(page, dialogs)
