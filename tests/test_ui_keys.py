"""The keyboard layer's bookkeeping (each key once, in order, malformed ones dropped)
and the store's `last_decision`, which the U key undoes across claims."""

from __future__ import annotations

from checker.store.database import Store
from checker.ui.keys import ACTIONS, REFUSED_KEPT, KeyEvent, note_refused, parse_events, take_new
from tests.conftest import saved_article


def ev(seq: int, key: str = "v", claim: str = "c1", page: str = "tab") -> dict:
    return {"page": page, "seq": seq, "key": key, "claim": claim}


def test_each_event_is_taken_once_in_the_order_pressed():
    applied: dict[str, int] = {}
    sent = [ev(2, "f"), ev(1, "v"), ev(2, "f")]  # out of order, one repeated
    assert [(e.seq, e.action) for e in take_new(parse_events(sent), applied)] == [(1, "true"), (2, "false")]
    assert list(take_new(parse_events(sent + [ev(3, "i")]), applied)) == [KeyEvent("tab", 3, "i", "c1")]
    assert list(take_new(parse_events(sent), applied)) == []  # the same list replayed: nothing
    # another tab of the same session counts on its own
    assert [e.page for e in take_new(parse_events([ev(1, page="other")]), applied)] == ["other"]


def test_an_event_is_marked_applied_as_it_is_taken():
    applied: dict[str, int] = {}
    events = take_new(parse_events([ev(1), ev(2), ev(3)]), applied)
    next(events)  # handling stops after the first (a rerun cut the callback short)
    assert applied == {"tab": 1}
    assert [e.seq for e in take_new(parse_events([ev(1), ev(2), ev(3)]), applied)] == [2, 3]


def test_refused_keys_are_remembered_per_tab_and_the_last_ones_kept():
    outcomes: dict[str, list[int]] = {}
    for seq in range(1, REFUSED_KEPT + 3):
        note_refused(KeyEvent("tab", seq, "v", "c1"), outcomes)
    note_refused(KeyEvent("other", 1, "f", "c2"), outcomes)
    assert outcomes["tab"] == list(range(3, REFUSED_KEPT + 3))
    assert outcomes["other"] == [1]


def test_malformed_events_are_dropped():
    raw = [
        ev(1),
        {"page": "tab", "seq": "2", "key": "v"},
        {"page": "tab", "seq": 3, "key": "x"},
        {"page": 5, "seq": 4, "key": "v"},
        "v",
        {"page": "tab", "seq": True, "key": "v"},
        ev(5, "?", claim=None),
    ]
    assert [(e.seq, e.key, e.claim) for e in parse_events(raw)] == [(1, "v", "c1"), (5, "?", None)]
    assert parse_events(None) == [] and parse_events({"events": []}) == []
    assert set(ACTIONS) >= {"v", "f", "i", "n", "p", "u", "?", *"123456789"}


def test_last_decision_walks_back_across_claims_and_skips_undos(tmp_path):
    store = Store(tmp_path / "desk.db")
    article = saved_article(store, claims=("c1", "c2", "c3"))
    assert store.last_decision("Alice", article) is None
    store.record_verdict("c1", "true", reviewer="Alice")
    store.record_verdict("c2", "true", reviewer="Alice")
    store.record_verdict("c1", "false", reviewer="Alice")
    store.record_verdict("c3", "unclear", reviewer="Bob")  # someone else's: never mine to undo
    order = []
    while (last := store.last_decision("Alice", article)) is not None:
        order.append((last["claim_id"], last["verdict"]))
        store.undo_last_verdict(last["claim_id"], reviewer="Alice")
    assert order == [("c1", "false"), ("c2", "true"), ("c1", "true")]
    assert store.current_verdict("c1", reviewer="Alice") is None
    assert store.current_verdict("c2", reviewer="Alice") is None
    assert store.current_verdict("c3", reviewer="Bob")["verdict"] == "unclear"
    # a verdict given after undoing to nothing is a decision again
    store.record_verdict("c2", "false", reviewer="Alice")
    assert store.last_decision("Alice", article)["claim_id"] == "c2"
