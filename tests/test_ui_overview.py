"""The overview page through Streamlit's AppTest on a real SQLite file: counts per
status (disputes included), and a chart whose colours are the desk's vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checker.store.database import Store
from checker.ui.view import STATUS_LABELS, overview_chart
from checker.vocabulary import HEX_COLORS, STATUSES
from claims.model import Claim

PAGE = str(Path(__file__).resolve().parent.parent / "checker" / "ui" / "pages" / "overview.py")


def claim(claim_id: str, text: str) -> Claim:
    """A claim as the extractor would give it, without running the extractor."""
    return Claim(claim_id, text, start=0, end=5, sentence="Texte.", checkworthy=True, score=0.8)


@pytest.fixture
def reviewed(tmp_path, monkeypatch) -> Path:
    """c1 true; c2 Alice false / Bob true (disputed); c3 Alice false, Bob's true undone."""
    path = tmp_path / "desk.db"
    store = Store(path)
    store.save_article(
        text="Texte de l'article.",
        title="Un article",
        lang="fr",
        sha256="ab" * 32,
        claims=[claim(c, f"claim {c}") for c in ("c1", "c2", "c3", "c4")],
    )
    store.record_verdict("c1", "true", reviewer="Alice")
    store.record_verdict("c2", "false", reviewer="Alice")
    store.record_verdict("c2", "true", reviewer="Bob")
    store.record_verdict("c3", "false", reviewer="Alice")
    store.record_verdict("c3", "true", reviewer="Bob")
    store.undo_last_verdict("c3", reviewer="Bob")
    store.close()
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    return path


def test_the_chart_draws_each_status_in_its_vocabulary_colour(reviewed):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    (chart,) = at.get("vega_lite_chart")
    scale = json.loads(chart.proto.spec)["encoding"]["color"]["scale"]
    colour_of = dict(zip(scale["domain"], scale["range"]))
    assert colour_of[STATUS_LABELS["true"]] == HEX_COLORS["true"] == "#1b7f3b"  # green, not the palette's red
    assert colour_of[STATUS_LABELS["false"]] == HEX_COLORS["false"]
    assert colour_of[STATUS_LABELS["disputed"]] == HEX_COLORS["disputed"]
    assert len(set(colour_of.values())) == len(STATUSES)
    metrics = dict(zip((m.label for m in at.metric), (m.value for m in at.metric)))
    assert metrics == {
        STATUS_LABELS["true"]: "1",
        STATUS_LABELS["false"]: "1",
        STATUS_LABELS["unclear"]: "0",
        STATUS_LABELS["disputed"]: "1",
        STATUS_LABELS["unreviewed"]: "1",
    }
    assert any("1 affirmation(s) en désaccord et 1 non vérifiée(s)" in c.value for c in at.caption)


def test_overview_chart_rows_follow_the_counts():
    counts = [{"article_id": "a1", "title": "t", "true": 2, "false": 1, "unclear": 0, "disputed": 3, "unreviewed": 4}]
    rows, series, colours = overview_chart(counts, {"a1": "Titre"})
    assert rows == [{"article": "Titre", **{STATUS_LABELS[s]: counts[0][s] for s in STATUSES}}]
    assert series == [STATUS_LABELS[s] for s in STATUSES] and colours == [HEX_COLORS[s] for s in STATUSES]
