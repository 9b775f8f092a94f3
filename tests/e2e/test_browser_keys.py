"""The keyboard at a fast reviewer's pace, in Chromium, on a 36-claim article.

What is checked are invariants, never durations (a busy CI machine redraws slowly):
every verdict row is on the claim that was on screen when its key was pressed, each
key gives at most one row, rows come in key order; and, when each key waits for the
next card (a reviewer reading it), every key gives exactly one row. Then two
reviewers in two sessions: the second one's form never holds the first one's note,
and the second one's undo leaves the first one's verdict alone.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from checker.store.database import Store
from tests.conftest import streamlit_server

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "trente_six_affirmations_fr.txt"
LOAD_MS = 600_000  # the server loads the model in the background meanwhile: slow on a busy CI box
STEP_MS = 60_000
VERDICT_OF = {"v": "true", "f": "false", "i": "unclear"}

# Every keydown, with the claim card on screen at that moment, recorded by the page
# itself (window capture: before any other listener sees the key).
PRESS_LOG = """() => {
  window.__pressLog = [];
  window.addEventListener('keydown', (e) => {
    const cards = Array.from(document.querySelectorAll('[class*="st-key-card-"]'));
    const live = cards.filter((c) => !c.closest('[data-stale="true"]'));
    const shown = (live.length ? live : cards).map((c) => /st-key-card-(\\S+)/.exec(c.className)[1]);
    const k = window.__factcheckKeys;
    window.__pressLog.push({key: e.key, shown: shown, cards: cards.length, seq: k ? k.seq + 1 : null});
  }, true);
  window.__refusals = 0;
  new MutationObserver(() => {
    if (document.body.innerText.includes('refusé, rien n')) window.__refusals += 1;
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""

REFUSED = "() => [...window.__factcheckKeys.refused, ...window.__factcheckKeys.refusedHere]"
"""The keys refused by the server, and those the page refused itself (held while the
server answered the previous key, and pressed on a card the page has left since)."""

SHOWN = """() => {
  const cards = Array.from(document.querySelectorAll('[class*="st-key-card-"]'))
    .filter((c) => !c.closest('[data-stale="true"]'));
  return cards.length === 1 ? /st-key-card-(\\S+)/.exec(cards[0].className)[1] : null;
}"""


@pytest.fixture(scope="module")
def checked_db(tmp_path_factory, sample_db_file) -> tuple[Path, str]:
    """A database with the sample and the 36-claim fixture checked against the sample corpus."""
    from checker.model.encoder import load_embedder
    from checker.review.steps import check_article
    from claims import read_article

    path = tmp_path_factory.mktemp("keys") / "factcheck.db"
    shutil.copy(sample_db_file, path)
    store = Store(path)
    embedder = load_embedder()
    document = check_article(store, embedder, read_article(FIXTURE), corpora=["sample"], source=FIXTURE.name)
    store.close()
    assert len(document["claims"]) >= 30
    return path, document["article"]["id"]


@pytest.fixture
def desk(checked_db, tmp_path, request):
    """A server on a copy of the checked database; `@pytest.mark.fast_reruns` starts it
    asking Streamlit for fast reruns, which the desk must turn off itself."""
    source, article_id = checked_db
    db = tmp_path / "factcheck.db"
    shutil.copy(source, db)
    env = {"FACTCHECK_DB": str(db)}
    if request.node.get_closest_marker("fast_reruns"):
        env["STREAMLIT_RUNNER_FAST_RERUNS"] = "true"
    with streamlit_server(tmp_path, env=env) as url:
        yield url, db, article_id


def open_as(browser, url: str, article_id: str, name: str, claim: str | None = None):
    page = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    page.goto(f"{url}/?article={article_id}" + (f"&claim={claim}" if claim else ""))
    expect(page.locator('[class*="st-key-card-"]').first).to_be_visible(timeout=LOAD_MS)
    field = page.locator(".st-key-reviewer input")
    field.fill(name)
    field.press("Enter")
    expect(page.get_by_text("Indiquez votre nom dans la barre")).to_have_count(0, timeout=STEP_MS)
    page.wait_for_function("() => document.documentElement.dataset.deskKeys === 'ready'", timeout=STEP_MS)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.evaluate(PRESS_LOG)
    return page


def rows_of(db: Path, article_id: str, reviewer: str) -> list[dict]:
    store = Store(db)
    try:
        return list(
            store.db.query(
                "SELECT v.claim_id, v.verdict, v.note FROM verdicts v JOIN claims c ON c.id = v.claim_id"
                " WHERE c.article_id = ? AND v.reviewer = ? ORDER BY v.id",
                [article_id, reviewer],
            )
        )
    finally:
        store.close()


def settle(page) -> None:
    """Wait until the server has handled every key sent (the component is told the
    last one applied) and the page shows one card again."""
    page.wait_for_function(
        "() => { const k = window.__factcheckKeys; return k && !k.held.length"
        " && k.events.every((ev) => ev.seq <= k.acked); }",
        timeout=STEP_MS,
    )
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_MS)
    page.wait_for_function(SHOWN, timeout=STEP_MS)


def assert_each_row_on_the_claim_shown(rows: list[dict], presses: list[dict]) -> None:
    """Rows in order match presses in order (a subsequence: refused keys give none),
    each on the claim on screen at its key, with its key's verdict."""
    at = 0
    for row in rows:
        while at < len(presses) and not (
            VERDICT_OF.get(presses[at]["key"]) == row["verdict"] and presses[at]["shown"] == [row["claim_id"]]
        ):
            at += 1
        assert at < len(presses), f"verdict {row} matches no key pressed on that claim: {presses}"
        at += 1


def assert_each_key_one_verdict_or_one_refusal(rows: list[dict], presses: list[dict], refused: set[int]) -> None:
    """Every key's fate, whatever the machine's speed: a key the server refused gave no
    row, and was pressed while the page still showed a claim an earlier key had
    judged (the next card not drawn yet); every other key gave exactly one row, on
    the claim on screen at its press, with its verdict, in key order, each claim once."""
    applied = [p for p in presses if p["seq"] not in refused]
    assert [(r["claim_id"], r["verdict"]) for r in rows] == [(p["shown"][0], VERDICT_OF[p["key"]]) for p in applied]
    assert len({r["claim_id"] for r in rows}) == len(rows), "a claim judged twice"
    judged: set[str] = set()
    for p in presses:
        if p["seq"] in refused:
            assert set(p["shown"]) & judged, f"refused a key pressed on a claim not judged yet: {p}"
        else:
            judged.add(p["shown"][0])


def test_thirty_keys_on_a_fixed_250_ms_rhythm_each_give_one_verdict_or_a_visible_refusal(desk, browser):
    """The issue's rhythm, not waiting for the card: a key pressed before the next card
    is drawn is refused on the card (a reviewer cannot have judged a claim not shown
    yet), never put on another claim; on a machine that draws the card within 250 ms
    the 30 keys give 30 verdicts on 30 claims."""
    url, db, article_id = desk
    page = open_as(browser, url, article_id, "Lou")
    keys = ["v", "f", "i"] * 10
    began = time.monotonic()
    for n, key in enumerate(keys):
        ahead = began + 0.25 * n - time.monotonic()  # the rhythm is the input, not a wait for the page
        if ahead > 0:
            page.wait_for_timeout(ahead * 1000)
        page.keyboard.press(key)
    settle(page)
    rows = rows_of(db, article_id, "Lou")
    presses = page.evaluate("() => window.__pressLog")
    refused = set(page.evaluate(REFUSED))
    assert len(presses) == 30 and [p["seq"] for p in presses] == list(range(presses[0]["seq"], presses[0]["seq"] + 30))
    print(f"{len(rows)} verdicts and {len(refused)} refusals from 30 keys on a 250 ms rhythm")
    assert_each_key_one_verdict_or_one_refusal(rows, presses, refused)
    if refused:  # said on the page (the card, or the page's own notice for a held key)
        assert page.evaluate("() => window.__refusals") > 0
    else:
        assert len(rows) == 30


def test_thirty_keys_250_ms_apart_give_thirty_verdicts_in_key_order(desk, browser):
    url, db, article_id = desk
    page = open_as(browser, url, article_id, "Camille")
    keys = ["v", "f", "i"] * 10
    shown_at_press: list[str] = []
    last = 0.0
    for key in keys:
        # a reviewer reads the next card before judging it; never sooner than 250 ms
        page.wait_for_function(
            f"(seen) => {{ const s = ({SHOWN})(); return s && !seen.includes(s); }}",
            arg=shown_at_press,
            timeout=STEP_MS,
        )
        wait = 0.25 - (time.monotonic() - last)
        if wait > 0:
            page.wait_for_timeout(wait * 1000)
        shown_at_press.append(page.evaluate(SHOWN))
        last = time.monotonic()
        page.keyboard.press(key)
    settle(page)
    rows = rows_of(db, article_id, "Camille")
    presses = page.evaluate("() => window.__pressLog")
    assert len(presses) == 30
    assert [(r["claim_id"], r["verdict"]) for r in rows] == [
        (claim, VERDICT_OF[key]) for claim, key in zip(shown_at_press, keys)
    ]
    assert len({r["claim_id"] for r in rows}) == 30
    assert_each_row_on_the_claim_shown(rows, presses)
    expect(page.locator('[data-testid="stProgress"]')).to_contain_text("30 /", timeout=STEP_MS)


@pytest.mark.fast_reruns
def test_keys_100_ms_apart_never_land_on_another_claim(desk, browser):
    """Also with fast reruns asked for (STREAMLIT_RUNNER_FAST_RERUNS=true): two script
    threads of one session then lost a verdict's move and the next key gave the claim
    just judged a second verdict; the desk turns them off itself."""
    url, db, article_id = desk
    page = open_as(browser, url, article_id, "Noé")
    keys = ["v", "f", "i", "v", "f"] * 8
    for key in keys:
        page.keyboard.press(key)
        page.wait_for_timeout(100)
    settle(page)
    rows = rows_of(db, article_id, "Noé")
    presses = page.evaluate("() => window.__pressLog")
    assert len(presses) == len(keys)
    assert rows, "at least the first key gives a verdict"
    print(f"{len(rows)} verdicts from {len(keys)} keys 100 ms apart")
    assert_each_row_on_the_claim_shown(rows, presses)  # exactly-once and order are part of the match
    # after a verdict the page moves on: no key may judge the claim just judged again
    # (the page staying on it, or coming back to it, gave one claim two verdicts)
    claims = [r["claim_id"] for r in rows]
    assert len(set(claims)) == len(claims), f"a claim judged twice without an undo: {claims}"
    assert_each_key_one_verdict_or_one_refusal(rows, presses, set(page.evaluate(REFUSED)))
    if len(rows) < len(keys):  # a key that gave no verdict was refused on screen, not dropped unseen
        assert page.evaluate("() => window.__refusals") > 0


def test_two_reviewers_bobs_form_and_undo_leave_alice_alone(desk, browser):
    url, db, article_id = desk
    alice = open_as(browser, url, article_id, "Alice")
    claim_id = alice.evaluate(SHOWN)
    note = alice.locator(f".st-key-note-{claim_id} textarea")
    note.fill("Note d'Alice : 6,6 et non 6,8")
    note.press("Escape")  # Esc leaves the note: the next F is a verdict, not a letter
    alice.keyboard.press("f")
    alice.wait_for_function(f"(c) => ({SHOWN})() !== c", arg=claim_id, timeout=STEP_MS)

    bob = open_as(browser, url, article_id, "Bob", claim=claim_id)
    expect(bob.locator(f".st-key-card-{claim_id}")).to_contain_text("Alice", timeout=STEP_MS)
    expect(bob.locator(f".st-key-note-{claim_id} textarea")).to_have_value("")
    bob.keyboard.press("v")
    bob.wait_for_function(f"(c) => ({SHOWN})() !== c", arg=claim_id, timeout=STEP_MS)
    bob.keyboard.press("u")  # Bob's undo: back to the claim, Bob's verdict withdrawn
    bob.wait_for_function(f"(c) => ({SHOWN})() === c", arg=claim_id, timeout=STEP_MS)
    settle(bob)

    alices = rows_of(db, article_id, "Alice")
    bobs = rows_of(db, article_id, "Bob")
    assert [(r["claim_id"], r["verdict"], r["note"]) for r in alices] == [
        (claim_id, "false", "Note d'Alice : 6,6 et non 6,8")
    ]
    assert [(r["verdict"], r["note"]) for r in bobs] == [("true", ""), ("unreviewed", "")]
    store = Store(db)
    assert store.current_verdict(claim_id, reviewer="Alice")["verdict"] == "false"
    assert store.current_verdict(claim_id, reviewer="Bob") is None
    store.close()
