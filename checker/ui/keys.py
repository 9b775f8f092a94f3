"""The review page's keyboard: a small bidirectional component and the bookkeeping
that makes every key count once, on the claim it was pressed on.

Why not `st.button(shortcut=...)`: each card's buttons carry their own listener, and
during a rerun the previous card's buttons stay in the page, so one key fired on two
cards. Here one listener is installed on the document once per tab (keys.js); each
key travels as an event naming the claim card on screen when it was pressed and a
per-tab sequence number. The server applies an event only if its (tab, number) is
new and its claim is still the one it shows; it refuses any other, visibly.

This module decides nothing about verdicts: the review page says what each action
does (`checker/ui/pages/review.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from checker.i18n import lang, t
from checker.ui.scale import ScaleRows, ScaleTable

COMPONENT_KEY = "desk_keys"
APPLIED_KEY = "desk_keys_applied"
"""Session state: tab id → the last sequence number applied from that tab."""
REFUSED_SEQS_KEY = "desk_keys_refused"
"""Session state: tab id → the sequence numbers of its keys that were refused (the
last `REFUSED_KEPT`), sent back to the page: with the applied ones, every key's fate
is known there (a refused key is a message on the card, not a silent drop)."""
REFUSED_KEPT = 100

_MOVES: dict[str, str] = {
    "n": "next",
    "p": "previous",
    "u": "undo",
    "?": "help",
    **{str(n): "evidence" for n in range(1, 10)},
}
ACTIONS: Mapping[str, str] = ScaleTable(lambda words: {**words.scale.keys, **_MOVES})
"""Key → action. The scale's keys give its verdicts (V(rai), F(aux), I(ncertain) on
the three values; checker.ui.scale), N(ext), P(revious), U(ndo), ? (the keys), 1–9
tick or untick the n-th candidate as used evidence."""

HELP_ROWS: Sequence[tuple[str, str]] = ScaleRows(
    lambda words: [
        *((v.key.upper(), words.screen_labels[lang()][v.code]) for v in words.scale.values),
        ("N / P", t("key.moves")),
        ("U", t("key.undo")),
        ("1–9", t("key.evidence")),
        ("Esc", t("key.escape")),
        ("?", t("key.help")),
    ]
)
"""What `?` shows, in the order a reviewer needs them: the scale's verdict keys first."""

_JS = (Path(__file__).resolve().parent / "keys.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class KeyEvent:
    """One key press as the browser reported it."""

    page: str
    seq: int
    key: str
    claim: str | None

    @property
    def action(self) -> str:
        return ACTIONS[self.key]


def parse_events(raw: object) -> list[KeyEvent]:
    """The well-formed events of a list sent by the component, malformed ones dropped
    (the browser is not trusted to send only what keys.js writes)."""
    out: list[KeyEvent] = []
    if not isinstance(raw, list):
        return out
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        page, seq, key, claim = item.get("page"), item.get("seq"), item.get("key"), item.get("claim")
        if (
            not isinstance(page, str)
            or not isinstance(seq, int)
            or isinstance(seq, bool)
            or not isinstance(key, str)
            or key not in ACTIONS
        ):
            continue
        out.append(KeyEvent(page=page[:64], seq=seq, key=key, claim=claim if isinstance(claim, str) else None))
    return out


def take_new(events: Iterable[KeyEvent], applied: MutableMapping[str, int]) -> Iterator[KeyEvent]:
    """The events not applied yet, in the order they were pressed, each marked applied
    in `applied` just before it is handed over: a replayed, repeated or out-of-date
    list never yields an event twice (even if handling it fails), and one whose
    handling was cut short leaves the later ones to the next call."""
    fresh: dict[tuple[str, int], KeyEvent] = {}
    for e in events:
        if e.seq > applied.get(e.page, 0):
            fresh.setdefault((e.page, e.seq), e)
    for e in sorted(fresh.values(), key=lambda e: (e.page, e.seq)):
        if e.seq <= applied.get(e.page, 0):
            continue
        applied[e.page] = e.seq
        yield e


def pending_events() -> Iterator[KeyEvent]:
    """The new events in the component's state, each marked applied in this session
    as it is taken."""
    state = st.session_state
    value = state.get(COMPONENT_KEY)
    raw = value.get("events") if isinstance(value, Mapping) else getattr(value, "events", None)
    applied = state.setdefault(APPLIED_KEY, {})
    return take_new(parse_events(raw), applied)


def note_refused(event: KeyEvent, outcomes: MutableMapping[str, list[int]] | None = None) -> None:
    """Remember that `event` was refused (in the session unless `outcomes` is given)."""
    if outcomes is None:
        outcomes = st.session_state.setdefault(REFUSED_SEQS_KEY, {})
    seqs = outcomes.setdefault(event.page, [])
    seqs.append(event.seq)
    del seqs[:-REFUSED_KEPT]


_locks: dict[str, threading.RLock] = {}
_locks_guard = threading.Lock()


def session_lock() -> threading.RLock:
    """One lock per browser session, held while a key or click is applied.

    Why: when a key comes while the page is still handling the previous one,
    Streamlit (fast reruns) starts a new script thread without waiting for the old
    one, so two callbacks of one session can run at once; both read the claim on
    screen before either moved on, and one key's verdict landed on a card that
    another key had already left. Taken in turn, the second sees the new claim.
    """
    ctx = get_script_run_ctx()
    session = ctx.session_id if ctx is not None else ""
    with _locks_guard:
        return _locks.setdefault(session, threading.RLock())


@contextmanager
def applied_whole() -> Iterator[None]:
    """Apply one key or click whole: this session's lock held, and no rerun let in
    halfway.

    Why: Streamlit checks for a waiting rerun at every `st.session_state` read or
    write of a script thread (a callback's too) and stops the callback right there
    when a rerun is waiting. A key that came while the previous one was being
    applied therefore cut that one short between any two lines: a key marked taken
    was neither applied nor refused (lost, unseen), and a verdict written to the
    database was left without its move to the next claim, so the page stayed on the
    claim just judged and the next key gave it a second verdict. Inside this block
    the check is off; the waiting rerun starts at the page's next read, after the
    key is applied and its move done. (SafeSessionState keeps the check in
    `_yield_callback`; without it, as under AppTest, there is nothing to turn off.)"""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with session_lock():
        safe = get_session_state()
        check = getattr(safe, "_yield_callback", None)
        if check is None:
            yield
            return
        object.__setattr__(safe, "_yield_callback", _no_check)
        try:
            yield
        finally:
            object.__setattr__(safe, "_yield_callback", check)


def _no_check() -> None:
    """Stands in for Streamlit's rerun check while a key is applied."""


def one_script_thread_per_session() -> None:
    """Turn Streamlit's fast reruns off for this server, whatever started it.

    Why: with fast reruns, a key that comes while the page still handles the previous
    one starts a second script thread at once, and the two threads' session-state
    writes race: a verdict's move to the next claim was lost, the page stayed on the
    claim just judged and the next key gave it a second verdict (reproduced in
    tests/e2e/test_browser_keys.py with STREAMLIT_RUNNER_FAST_RERUNS=true).
    `.streamlit/config.toml` says so too, but only for a server started in the
    checkout with no flag or variable overriding it. Streamlit reads the option at
    each rerun request, so setting it from the script holds for every later key."""
    from streamlit import config

    if config.get_option("runner.fastReruns"):
        config.set_option("runner.fastReruns", False, where_defined="checker.ui.keys")


_component = st.components.v2.component("factcheck_desk_keys", js=_JS)


def keyboard(claim_id: str | None, on_events) -> None:
    """Mount the listener (drawn nothing; call it after the card, so the page already
    shows the claim it names). `on_events` runs, before the next rerun's script, when
    the browser sent new keys; it reads them with `pending_events()`."""
    _component(
        key=COMPONENT_KEY,
        data={
            "claim": claim_id,
            "acked": dict(st.session_state.get(APPLIED_KEY, {})),
            "keys": sorted(ACTIONS),
            "refused": {page: list(seqs) for page, seqs in st.session_state.get(REFUSED_SEQS_KEY, {}).items()},
        },
        default={"events": []},
        on_events_change=on_events,
    )
