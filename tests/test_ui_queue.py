"""The review queue: order, filters, next/previous, windowing, and its one-query statuses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.review.agreement import claim_standing, current_verdicts
from checker.store.database import Store
from checker.ui.queries import claimreview_left_out, reviewer_verdicts, verdict_counts, verdict_statuses
from checker.ui.view import article_window, feature_rows, is_flagged, neighbour, queue, window
from claims import extract

CLAIMS = [
    {"id": "a", "suggestion": "supported"},
    {"id": "b", "suggestion": "contradicted"},
    {"id": "c", "suggestion": None},
    {"id": "d", "suggestion": "supported"},
]
STATUSES = {"a": "true", "b": "unreviewed", "c": "false", "d": "unreviewed"}


def ids(claims):
    return [c["id"] for c in claims]


def test_status_filters():
    assert ids(queue(CLAIMS, STATUSES)) == ["a", "b", "c", "d"]
    assert ids(queue(CLAIMS, {**STATUSES, "d": "disputed"}, show="disputed")) == ["d"]
    assert ids(queue(CLAIMS, STATUSES, show="unreviewed")) == ["b", "d"]
    assert ids(queue(CLAIMS, STATUSES, show="true")) == ["a"]
    assert ids(queue(CLAIMS, STATUSES, show="false")) == ["c"]
    assert ids(queue(CLAIMS, STATUSES, show="unclear")) == []
    assert ids(queue(CLAIMS, STATUSES, show="flagged", flagged={"c"})) == ["c"]


def test_suggestion_filter_combines_with_status_and_keeps_the_selected_claim():
    assert ids(queue(CLAIMS, STATUSES, suggestion="supported")) == ["a", "d"]
    assert ids(queue(CLAIMS, STATUSES, suggestion="none")) == ["c"]
    assert ids(queue(CLAIMS, STATUSES, show="unreviewed", suggestion="supported")) == ["d"]
    assert ids(queue(CLAIMS, STATUSES, show="unreviewed", suggestion="supported", keep="a")) == ["a", "d"]


def test_flagged_means_disagreement_or_a_verdict_against_the_suggestion():
    assert is_flagged("true", "contradicted")
    assert is_flagged("false", "supported")
    assert not is_flagged("true", "supported")
    assert not is_flagged("unreviewed", "contradicted")
    assert is_flagged("true", "supported", {"Camille": "true", "Noé": "false"})
    assert not is_flagged("true", "supported", {"Camille": "true", "Noé": "true"})


def test_next_and_previous_wrap_around():
    order = ["a", "b", "c"]
    assert neighbour(order, "a", 1) == "b"
    assert neighbour(order, "c", 1) == "a"
    assert neighbour(order, "a", -1) == "c"
    assert neighbour(order, "zz", 1) == "a"  # filtered away: start at the top
    assert neighbour([], "a", 1) is None


def test_window_holds_the_selected_item():
    items = list(range(1000))
    for selected in (0, 1, 19, 500, 998, 999):
        start, end = window(items, selected, size=40)
        assert end - start == 40 and start <= selected < end
    assert window(items[:10], 3, size=40) == (0, 10)


def test_a_short_article_is_drawn_whole():
    assert article_window("Une phrase. Une autre.", 3, 8, limit=100) == (0, 22)


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(st.text(alphabet="ab .", min_size=0, max_size=300), min_size=1, max_size=60),
    where=st.floats(0, 1),
    length=st.integers(0, 900),
    limit=st.integers(200, 3000),
)
def test_an_excerpt_holds_the_claim_and_cuts_between_words(paragraphs, where, length, limit):
    text = "\n\n".join(paragraphs)
    start = int(where * len(text))
    end = min(len(text), start + length)
    lo, hi = article_window(text, start, end, limit=limit)
    assert 0 <= lo <= start <= end <= hi <= len(text)
    if len(text) <= limit:
        assert (lo, hi) == (0, len(text))
    else:
        assert hi - lo <= max(limit, end - start) + 2 * 2_000
        assert lo == 0 or text[lo - 1] in " \n"
        assert hi == len(text) or text[hi] in " \n"


def test_feature_rows_show_normalised_values():
    rows = feature_rows(
        {
            "dates": [{"text": "octobre 2024", "iso": "2024-10"}],
            "amounts": [{"text": "6,6 milliards de dollars", "value": 6600000000, "unit": "USD", "qualifier": None}],
            "entities": [{"text": "OpenAI", "label": "ORG"}],
            "quotes": [{"text": "nous grandissons", "speaker": "OpenAI"}],
        }
    )
    assert {"type": "date", "tel qu'écrit": "octobre 2024", "normalisé": "2024-10"} in rows
    assert any(r["normalisé"] == "6 600 000 000 USD" for r in rows)
    assert any(r["tel qu'écrit"] == "OpenAI" and r["normalisé"] == "ORG" for r in rows)
    assert any(r["normalisé"] == "— OpenAI" for r in rows)


def _article(store: Store) -> tuple[str, list[str]]:
    text = (
        "OpenAI a ouvert un bureau à Paris en 2024. La société a levé 6,6 milliards de dollars en octobre 2024. "
        "Le siège de Londres compte 300 salariés selon le Financial Times."
    )
    extracted = extract(text, lang="fr")
    return store.save_article(text=text, title="t", lang="fr", sha256="e" * 64, claims=extracted.claims), [
        c.id for c in extracted.claims
    ]


def test_statuses_in_one_query_agree_with_the_store_claim_by_claim(store):
    article_id, claim_ids = _article(store)
    a, b, c = claim_ids[:3]
    store.record_verdict(a, "true", reviewer="Camille")
    store.record_verdict(a, "false", reviewer="Noé")
    store.record_verdict(b, "unclear", reviewer="Camille")
    store.record_verdict(b, "unreviewed", reviewer="Camille")  # cleared
    store.record_verdict(c, "false", reviewer="Noé")
    for reviewer in ("Camille", "Noé", "Lou"):
        fast = verdict_statuses(store, article_id, reviewer=reviewer)
        slow = {
            cid: (v["verdict"] if (v := store.current_verdict(cid, reviewer=reviewer)) else "unreviewed")
            for cid in claim_ids
        }
        assert fast == slow, reviewer
    # everyone's view: each claim where its reviewers' current verdicts leave it, read
    # claim by claim (Camille true / Noé false on `a` is a dispute, not Noé's 'false')
    everyone = verdict_statuses(store, article_id)
    rows = current_verdicts(store, article_id)
    assert everyone == {cid: claim_standing([r for r in rows if r["claim_id"] == cid]).status for cid in claim_ids}
    assert (everyone[a], everyone[b], everyone[c]) == ("disputed", "unreviewed", "false")
    assert reviewer_verdicts(store, article_id) == {a: {"Camille": "true", "Noé": "false"}, c: {"Noé": "false"}}
    (counts,) = verdict_counts(store)
    assert (counts["false"], counts["disputed"], counts["unclear"], counts["unreviewed"]) == (
        1,
        1,
        0,
        len(claim_ids) - 2,
    )
    assert claimreview_left_out(store, article_id) == {"disputed": 1, "unreviewed": len(claim_ids) - 2}
