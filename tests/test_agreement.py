"""Cohen's kappa and disagreements, on known values and on a real database."""

from __future__ import annotations

import pytest

from checker.review.agreement import (
    claim_standing,
    cohen_kappa,
    current_verdicts,
    disagreements,
    kappa_label,
    pair_agreements,
    settler_name,
    standings,
)
from checker.store.database import Store
from checker.ui.queries import standing_of, verdict_statuses
from claims import extract


def test_kappa_of_the_textbook_example():
    # Wikipedia's worked example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_kappa_bounds_and_edge_cases():
    assert cohen_kappa([]) is None
    assert cohen_kappa([("true", "true"), ("false", "false"), ("unclear", "unclear")]) == pytest.approx(1.0)
    assert cohen_kappa([("true", "false"), ("false", "true")]) == pytest.approx(-1.0)
    assert cohen_kappa([("true", "true")] * 4) == 1.0  # chance agreement total: agreed on all
    # independent raters: observed agreement equals chance agreement
    pairs = [("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]
    assert cohen_kappa(pairs) == pytest.approx(0.0)


def test_kappa_matches_the_formula_on_three_labels():
    pairs = [("true", "true")] * 6 + [("true", "unclear")] * 2 + [("false", "false")] * 5 + [("unclear", "false")] * 3
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    labels = {"true", "false", "unclear"}
    pe = sum((sum(a == x for a, _ in pairs) / n) * (sum(b == x for _, b in pairs) / n) for x in labels)
    assert cohen_kappa(pairs) == pytest.approx((po - pe) / (1 - pe))


def test_kappa_labels():
    assert kappa_label(None) == "—"
    assert kappa_label(0.9) == "almost perfect"
    assert kappa_label(0.5) == "moderate"
    assert kappa_label(-0.2) == "poor"


@pytest.fixture
def judged(store: Store):
    text = (
        "OpenAI a ouvert un bureau à Paris en 2024. La société a levé 6,6 milliards de dollars en octobre 2024. "
        "Le siège de Londres compte 300 salariés selon le Financial Times."
    )
    extracted = extract(text, lang="fr")
    article_id = store.save_article(text=text, title="t", lang="fr", sha256="f" * 64, claims=extracted.claims)
    ids = [c.id for c in extracted.claims][:3]
    assert len(ids) == 3
    return store, article_id, ids


def test_current_verdicts_count_only_each_reviewers_latest(judged):
    store, article_id, (a, b, c) = judged
    store.record_verdict(a, "true", reviewer="Camille")
    store.record_verdict(a, "false", reviewer="Camille")  # changed her mind: only 'false' counts
    store.record_verdict(a, "false", reviewer="Noé")
    store.record_verdict(b, "true", reviewer="Camille")
    store.record_verdict(b, "unclear", reviewer="Noé")
    store.record_verdict(c, "true", reviewer="Camille")  # judged by one reviewer only
    rows = current_verdicts(store, article_id)
    assert {(r["claim_id"], r["reviewer"], r["verdict"]) for r in rows} == {
        (a, "Camille", "false"),
        (a, "Noé", "false"),
        (b, "Camille", "true"),
        (b, "Noé", "unclear"),
        (c, "Camille", "true"),
    }
    (pair,) = pair_agreements(rows)
    assert (pair.reviewer_a, pair.reviewer_b, pair.both, pair.agreed) == ("Camille", "Noé", 2, 1)
    assert pair.kappa == pytest.approx(cohen_kappa([("false", "false"), ("true", "unclear")]))
    assert list(disagreements(rows)) == [b]


def test_an_undone_verdict_is_not_a_reading(judged):
    store, article_id, (a, _, _) = judged
    store.record_verdict(a, "true", reviewer="Camille")
    store.record_verdict(a, "false", reviewer="Noé")
    store.undo_last_verdict(a, reviewer="Noé")
    rows = current_verdicts(store, article_id)
    assert [(r["reviewer"], r["verdict"]) for r in rows] == [("Camille", "true")]
    assert pair_agreements(rows) == [] and disagreements(rows) == {}


def test_a_settlement_closes_a_disagreement_without_counting_as_a_reader(judged):
    store, article_id, (a, _, _) = judged
    store.record_verdict(a, "true", reviewer="Camille")
    store.record_verdict(a, "false", reviewer="Noé")
    assert list(disagreements(current_verdicts(store))) == [a]
    store.record_verdict(a, "false", reviewer=settler_name("Lou"), note="vu la dépêche AFP")
    rows = current_verdicts(store)
    assert disagreements(rows) == {}
    (pair,) = pair_agreements(rows)
    assert {pair.reviewer_a, pair.reviewer_b} == {"Camille", "Noé"}
    assert store.current_verdict(a)["verdict"] == "false"
    store.record_verdict(a, "unclear", reviewer="Camille")  # a new reading after the settlement reopens it
    assert list(disagreements(current_verdicts(store))) == [a]


# ---------------------------------------------------------------- where a claim stands


def test_one_reviewers_undo_never_touches_anothers_verdict(judged):
    """Alice: false; Bob: true, then Bob's undo: Alice's verdict still stands, for the
    claim and for the queue (it used to read 'unreviewed' for everyone)."""
    store, article_id, (a, _, _) = judged
    store.record_verdict(a, "false", note="6,6 et non 6,8", reviewer="Alice")
    store.record_verdict(a, "true", reviewer="Bob")
    assert claim_standing(current_verdicts(store, article_id)).status == "disputed"
    store.undo_last_verdict(a, reviewer="Bob")
    standing = claim_standing(current_verdicts(store, article_id))
    assert standing.status == "false" and [r["reviewer"] for r in standing.readings] == ["Alice"]
    assert standing.verdict["note"] == "6,6 et non 6,8"
    assert store.current_verdict(a)["reviewer"] == "Alice"
    assert store.current_verdict(a, reviewer="Alice")["verdict"] == "false"
    assert store.current_verdict(a, reviewer="Bob") is None
    assert verdict_statuses(store, article_id)[a] == "false"
    # Alice's own undo clears only hers
    store.undo_last_verdict(a, reviewer="Alice")
    assert verdict_statuses(store, article_id)[a] == "unreviewed"
    assert store.current_verdict(a) is None


def test_a_claim_stands_unreviewed_agreed_or_disputed(judged):
    store, article_id, (a, b, c) = judged
    store.record_verdict(a, "true", reviewer="Camille")
    store.record_verdict(a, "true", reviewer="Noé")
    store.record_verdict(b, "true", reviewer="Camille")
    store.record_verdict(b, "unclear", reviewer="Noé")
    found = standings(current_verdicts(store, article_id))
    assert found[a].status == "true" and not found[a].disputed and found[a].reviewers == ("Camille", "Noé")
    assert found[a].verdict["reviewer"] == "Noé"  # the latest of the agreeing readings
    assert found[b].status == "disputed" and found[b].verdict is None
    assert {r["reviewer"]: r["verdict"] for r in found[b].readings} == {"Camille": "true", "Noé": "unclear"}
    assert c not in found
    statuses = verdict_statuses(store, article_id)
    assert (statuses[a], statuses[b], statuses[c]) == ("true", "disputed", "unreviewed")
    assert verdict_statuses(store, article_id, reviewer="Noé")[b] == "unclear"  # blind: one's own only
    store.record_verdict(b, "true", reviewer="Noé")  # Noé comes round: agreed
    assert verdict_statuses(store, article_id)[b] == "true"


def test_a_settlement_decides_the_claim_until_a_new_reading(judged):
    store, article_id, (a, _, _) = judged
    store.record_verdict(a, "true", reviewer="Camille")
    store.record_verdict(a, "false", reviewer="Noé")
    store.record_verdict(a, "unclear", reviewer=settler_name("Lou"), note="sources contradictoires")
    standing = claim_standing(current_verdicts(store, article_id))
    assert standing.status == "unclear" and standing.settlement["reviewer"] == "Lou (arbitrage)"
    assert standing.verdict is standing.settlement
    assert standing.reviewers == ("Camille", "Noé", "Lou (arbitrage)")
    assert verdict_statuses(store, article_id)[a] == "unclear"
    store.record_verdict(a, "false", reviewer="Camille")  # a reading after it: the readings decide again
    assert verdict_statuses(store, article_id)[a] == "false"
    store.record_verdict(a, "true", reviewer="Noé")
    assert verdict_statuses(store, article_id)[a] == "disputed"
    assert list(disagreements(current_verdicts(store))) == [a]


def test_one_claims_standing_agrees_with_the_articles(judged):
    store, article_id, (a, b, c) = judged
    store.record_verdict(a, "false", note="non", reviewer="Alice")
    store.record_verdict(a, "true", note="oui", reviewer="Bob")
    store.record_verdict(b, "true", reviewer="Alice")
    store.record_verdict(b, "unclear", reviewer="Bob")
    store.record_verdict(b, "true", reviewer=settler_name("Lou"))
    found = standings(current_verdicts(store, article_id))
    for cid in (a, b, c):
        one = standing_of(store, cid)
        assert one.status == (found[cid].status if cid in found else "unreviewed")
        assert [r["reviewer"] for r in one.readings] == (
            [r["reviewer"] for r in found[cid].readings] if cid in found else []
        )
    assert [r["note"] for r in standing_of(store, a).readings] == ["non", "oui"]
    assert standing_of(store, b).verdict["reviewer"] == "Lou (arbitrage)"
