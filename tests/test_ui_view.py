"""Ordering, filtering and labels of the claim list."""

from __future__ import annotations

from checker.ui.view import (
    FILTERS,
    STATUS_COLORS,
    STATUS_ICONS,
    STATUS_LABELS,
    article_option_label,
    claim_option_label,
    claimreview_caption,
    ordered_claims,
    status_of,
    suggestion_label,
)


def claim(cid, worthy, score, position):
    return {"id": cid, "text": f"claim {cid}", "checkworthy": worthy, "checkworthiness": score, "position": position}


CLAIMS = [claim("a", False, 0.9, 0), claim("b", True, 0.4, 1), claim("c", True, 0.8, 2), claim("d", True, 0.8, 3)]


def test_checkworthy_first_then_by_score_then_article_order():
    assert [c["id"] for c in ordered_claims(CLAIMS)] == ["c", "d", "b", "a"]


def test_status_and_suggestion_labels():
    assert status_of(None) == "unreviewed"
    assert status_of({"verdict": "false"}) == "false"
    assert STATUS_LABELS["false"] == "Faux"
    assert STATUS_LABELS["disputed"] == "En désaccord" and FILTERS["disputed"] == STATUS_LABELS["disputed"]
    assert STATUS_COLORS["disputed"] == "violet" and STATUS_ICONS["disputed"] == "🟣"
    assert suggestion_label("no evidence") == "Aucune preuve trouvée"
    assert suggestion_label(None) == "Pas encore comparée"


def test_option_labels_are_one_short_line():
    long = {**claim("x", False, 0.25, 0), "text": "mot " * 100}
    label = claim_option_label(long, "true", number=7)
    assert label.startswith("🟢 [7] mot mot") and "…" in label and "peu vérifiable" in label
    assert "\n" not in label
    article = {"id": "a1", "title": "Un\ntitre", "claims": 3, "created_at": "2024-10-09T10:00:00"}
    assert article_option_label(article) == "Un titre — 3 affirmations · 2024-10-09"


def test_claimreview_caption_says_what_is_left_out():
    assert "1 affirmation(s) en désaccord et 4 non vérifiée(s)" in claimreview_caption({"disputed": 1, "unreviewed": 4})
    assert "rien n'est laissé de côté" in claimreview_caption({"disputed": 0, "unreviewed": 0})
