"""The review UI through Streamlit's AppTest: real model, real SQLite file in tmp_path.

The first app run on an empty database checks the sample article (slow: it loads the
model); later tests start from a copy of that database so each one is isolated and fast.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checker.renderers import RENDERERS
from checker.store import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 600


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def pick_buttons(at: AppTest) -> list:
    return [b for b in at.button if (b.key or "").startswith("pick:")]


def evidence_blocks(at: AppTest) -> list[str]:
    return [h.value for h in at.html if 'class="evidence"' in h.value]


def article_html(at: AppTest) -> str:
    return next(h.value for h in at.html if 'class="article"' in h.value)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """A database in which the app itself checked the sample on its first run."""
    path = tmp_path_factory.mktemp("sample") / "factcheck.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTCHECK_DB", str(path))
        at = new_app().run()
        no_exceptions(at)
    return path


@pytest.fixture
def db(sample_db: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "factcheck.db"
    shutil.copy(sample_db, path)
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    return path


def test_opens_on_the_sample_with_claims_and_evidence(db):
    at = new_app().run()
    no_exceptions(at)
    assert not at.error
    store = Store(db)
    (article,) = store.articles()
    claims = store.claims(article["id"])
    assert at.title[0].value == article["title"]
    buttons = pick_buttons(at)
    assert len(buttons) == len(claims) > 5
    assert {b.key for b in buttons} == {f"pick:{c['id']}" for c in claims}
    assert article_html(at).count("<mark") >= len(claims)
    evidence = evidence_blocks(at)
    assert evidence, "the selected claim's evidence is shown"
    first = pick_buttons(at)[0].key.removeprefix("pick:")
    top = store.matches(first)[0]
    assert any(top["passage_id"] in block for block in evidence)
    assert sorted(b.key for b in at.download_button) == sorted(f"export:{n}" for n in RENDERERS)


def test_check_worthy_claims_are_listed_first(db):
    at = new_app().run()
    store = Store(db)
    by_id = {c["id"]: c for c in store.claims(store.articles()[0]["id"])}
    listed = [by_id[b.key.removeprefix("pick:")] for b in pick_buttons(at)]
    worthy = [c["checkworthy"] for c in listed]
    assert worthy == sorted(worthy, reverse=True)
    scores = [c["checkworthiness"] for c in listed if c["checkworthy"]]
    assert scores == sorted(scores, reverse=True)


def test_false_verdict_with_note_survives_rerun_and_restart(db):
    at = new_app().run()
    claim_id = pick_buttons(at)[1].key.removeprefix("pick:")
    at.button(key=f"pick:{claim_id}").click().run()
    no_exceptions(at)
    assert at.text_area(key=f"note:{claim_id}").value == ""
    store = Store(db)
    top = store.matches(claim_id)[0]
    at.text_input(key="reviewer").input("Camille")
    at.text_area(key=f"note:{claim_id}").input("Le bureau a ouvert en 2023, pas en 2024.")
    at.checkbox(key=f"evidence:{claim_id}:{top['pk']}").check()
    at.button(key=f"verdict:{claim_id}:false").click().run()
    no_exceptions(at)

    current = store.current_verdict(claim_id)
    assert current["verdict"] == "false"
    assert current["note"] == "Le bureau a ouvert en 2023, pas en 2024."
    assert current["reviewer"] == "Camille"
    assert [e["passage_id"] for e in current["evidence"]] == [top["passage_id"]]
    assert any("Faux (False)" in s.value for s in at.success)

    at.run()
    assert at.text_area(key=f"note:{claim_id}").value == "Le bureau a ouvert en 2023, pas en 2024."
    assert at.button(key=f"pick:{claim_id}").label.startswith("🔴")

    restarted = new_app().run()
    no_exceptions(restarted)
    assert restarted.button(key=f"pick:{claim_id}").label.startswith("🔴")
    restarted.button(key=f"pick:{claim_id}").click().run()
    assert restarted.text_area(key=f"note:{claim_id}").value == "Le bureau a ouvert en 2023, pas en 2024."
    assert restarted.checkbox(key=f"evidence:{claim_id}:{top['pk']}").value is True
    assert any("Faux (False)" in m.value and "Verdict actuel" in m.value for m in restarted.markdown)


def test_undo_restores_the_previous_verdict(db):
    at = new_app().run()
    claim_id = pick_buttons(at)[0].key.removeprefix("pick:")
    at.text_input(key="reviewer").input("Camille")
    at.text_area(key=f"note:{claim_id}").input("première lecture")
    at.button(key=f"verdict:{claim_id}:true").click().run()
    at.text_area(key=f"note:{claim_id}").input("seconde lecture")
    at.button(key=f"verdict:{claim_id}:unclear").click().run()
    store = Store(db)
    assert store.current_verdict(claim_id)["verdict"] == "unclear"

    at.button(key=f"undo:{claim_id}").click().run()
    no_exceptions(at)
    current = store.current_verdict(claim_id)
    assert (current["verdict"], current["note"]) == ("true", "première lecture")
    assert at.text_area(key=f"note:{claim_id}").value == "première lecture"
    assert [v["verdict"] for v in store.verdict_history(claim_id)] == ["true", "unclear", "true"]


def test_unreviewed_filter_hides_judged_claims(db):
    at = new_app().run()
    first, second = (b.key.removeprefix("pick:") for b in pick_buttons(at)[:2])
    at.button(key=f"verdict:{first}:true").click().run()
    at.button(key=f"pick:{second}").click().run()
    at.segmented_control(key="claim_filter").set_value("unreviewed").run()
    no_exceptions(at)
    keys = {b.key for b in pick_buttons(at)}
    assert f"pick:{second}" in keys and f"pick:{first}" not in keys


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("vide.md", b"  \n\n", "empty"),
        ("latin1.txt", "Le député a déclaré".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_upload_shows_an_error_and_stores_nothing(db, name, data, message):
    at = new_app().run()
    before = Store(db).articles()
    at.file_uploader(key="new_file").upload(name, data, "text/plain")
    at.button(key="check").click().run()
    no_exceptions(at)
    errors = [e.value for e in at.error]
    assert any(name in e and message in e for e in errors), errors
    assert Store(db).articles() == before


def test_empty_paste_shows_an_error(db):
    at = new_app().run()
    at.button(key="check").click().run()
    assert any("empty" in e.value for e in at.error)
    assert len(Store(db).articles()) == 1


def test_html_in_an_article_is_shown_escaped(db):
    text = (
        "OpenAI a ouvert un bureau à Paris en 2024 <script>alert('x')</script>.\n"
        "La société a levé 6,6 milliards de dollars en octobre 2024 <b>selon Reuters</b>.\n"
    )
    at = new_app().run()
    at.text_area(key="new_text").input(text)
    at.text_input(key="new_title").input("Titre <img src=x onerror=alert(1)>")
    at.button(key="check").click().run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    store = Store(db)
    assert len(store.articles()) == 2
    body = article_html(at)
    assert "<script>" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "&lt;b&gt;selon Reuters&lt;/b&gt;" in body
    assert any("Check" in s.value or "vérifié" in s.value for s in at.success)


def test_an_unsaved_note_survives_looking_at_another_claim(db):
    at = new_app().run()
    first, second = [b.key.removeprefix("pick:") for b in pick_buttons(at)[:2]]
    at.button(key=f"pick:{first}").click().run()
    at.text_area(key=f"note:{first}").input("Brouillon : vérifier la date auprès du service presse").run()
    at.button(key=f"pick:{second}").click().run()
    no_exceptions(at)
    at.button(key=f"pick:{first}").click().run()
    no_exceptions(at)
    assert at.text_area(key=f"note:{first}").value == "Brouillon : vérifier la date auprès du service presse"
    assert Store(db).current_verdict(first) is None
