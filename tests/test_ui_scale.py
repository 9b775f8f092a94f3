"""The review screens on a six-value scale from a scale file (AppTest, the real model,
a real database the app made on that scale): the verdict buttons, their keys, the
queue's filters, the keys help and the overview follow the file; the card links the
desk's guidelines and keeps the reviewer's claimReviewed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.scale import load_scale
from checker.store.database import Store
from checker.ui.common import export_data
from tests.conftest import (
    PAGES,
    as_reviewer,
    new_app,
    no_exceptions,
    pick_buttons,
    selected_claim,
)

NEWSROOM = Path(__file__).parent / "fixtures" / "scales" / "newsroom.toml"


@pytest.fixture(scope="module")
def newsroom_db(tmp_path_factory) -> Path:
    """The sample, checked by the app itself into a new database on the newsroom's scale."""
    from checker.ui.warmup import sample_job

    path = tmp_path_factory.mktemp("newsroom") / "factcheck.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTCHECK_DB", str(path))
        mp.setenv("FACTCHECK_SCALE", str(NEWSROOM))
        new_app().run()
        assert sample_job(path).wait().step.state == "done"
    return path


@pytest.fixture
def db(newsroom_db: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "factcheck.db"
    shutil.copy(newsroom_db, path)
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    monkeypatch.delenv("FACTCHECK_SCALE", raising=False)  # the database's own scale is used
    return path


def test_verdict_buttons_keys_and_filters_follow_the_scale_file(db):
    scale = load_scale(NEWSROOM)
    assert Store(db).scale.codes == scale.codes
    at = as_reviewer(new_app().run(), "Camille")
    no_exceptions(at)
    claim_id = selected_claim(at)
    labels = {v.code: at.button(key=f"verdict:{claim_id}:{v.code}").label for v in scale.values}
    assert labels["approx"] == "Approximatif · A"
    assert labels["unproven"] == "Infondé · X"
    assert not any(b.key == f"verdict:{claim_id}:true" for b in at.button)
    # the keyboard listener is told the scale's keys
    (keys,) = at.get("bidi_component")
    sent = json.loads(keys.proto.json_args) if getattr(keys.proto, "json_args", "") else {}
    data = sent.get("data", sent)
    if "keys" in data:
        assert {v.key for v in scale.values} <= set(data["keys"]) and "v" not in data["keys"]
    # a verdict by its button is stored with the file's code and shown with its label
    at.toggle(key="auto_advance").set_value(False).run()
    at.button(key=f"verdict:{claim_id}:approx").click().run()
    no_exceptions(at)
    assert Store(db).current_verdict(claim_id, reviewer="Camille")["verdict"] == "approx"
    assert any("Approximatif" in s.value for s in at.success)
    # the queue's filter offers the scale's values and filters on them
    options = at.segmented_control(key="claim_filter").options
    assert [o for o in options if "Approximatif" in o or "Infondé" in o]
    at.segmented_control(key="claim_filter").set_value("approx").run()
    assert [b.key.removeprefix("pick:") for b in pick_buttons(at)] == [claim_id]
    # the keys help lists the scale's keys
    at.session_state["show_keys"] = True
    at.run()
    help_table = next(h.value for h in at.html if "keys" in h.value and "Approximatif" in h.value)
    assert ">A<" in help_table and "Infondé" in help_table and "Vrai" not in help_table


def test_the_card_links_the_guidelines_and_keeps_the_claim_reviewed_text(db):
    at = as_reviewer(new_app().run(), "Camille")
    claim_id = selected_claim(at)
    assert any("guidelines" in link.proto.page for link in at.get("page_link"))
    field = at.text_input(key=f"claim_reviewed:{claim_id}")
    assert 0 < len(field.value) < 75
    field.input("OpenAI ouvre un bureau à Paris").run()
    no_exceptions(at)
    assert Store(db).claim_reviewed(claim_id) == "OpenAI ouvre un bureau à Paris"
    restarted = as_reviewer(new_app().run(), "Camille")
    assert restarted.text_input(key=f"claim_reviewed:{claim_id}").value == "OpenAI ouvre un bureau à Paris"
    page = new_app().run()
    page.switch_page(f"{PAGES}/guidelines.py").run()
    no_exceptions(page)
    text = " ".join(m.value for m in page.markdown)
    assert "Consignes de vérification" in text
    assert "Approximatif" in text and "Conforme aux sources." in text  # the scale's own descriptions


def test_the_overview_counts_each_value_of_the_scale(db):
    scale = load_scale(NEWSROOM)
    at = as_reviewer(new_app().run(), "Camille")
    claim_id = selected_claim(at)
    at.button(key=f"verdict:{claim_id}:misleading").click().run()
    at.switch_page(f"{PAGES}/overview.py").run()
    no_exceptions(at)
    metrics = {m.label: m.value for m in at.metric}
    assert list(metrics)[: len(scale.values)] == [v.label("fr") for v in scale.values]
    assert metrics["Trompeur"] == "1"
    claimreview = at.download_button(key="overview_export:claimreview")
    assert claimreview.proto.disabled and "adresse de la page de vérification" in claimreview.proto.help
    at.text_input(key="review_url").input("https://desk.example.org/fc/openai").run()
    no_exceptions(at)
    assert not at.download_button(key="overview_export:claimreview").proto.disabled


def test_one_language_at_a_time_and_reports_follow_it(db):
    at = as_reviewer(new_app().run(), "Camille")
    claim_id = selected_claim(at)
    assert at.button(key=f"verdict:{claim_id}:approx").label == "Approximatif · A"  # French first, alone
    at.segmented_control(key="ui_lang").set_value("en").run()
    no_exceptions(at)
    assert at.button(key=f"verdict:{claim_id}:approx").label == "Approximate · A"
    assert "Approximate" in at.segmented_control(key="claim_filter").options
    assert not any(
        "(Approximate)" in o or "Approximatif" in o for o in at.segmented_control(key="claim_filter").options
    )
    assert at.text_input(key="reviewer").label == "Reviewer name"
    markdown = export_data(None, "markdown", "", "en")
    assert "# Fact-check report" in markdown and "| Approximate |" in markdown and "Approximatif" not in markdown
