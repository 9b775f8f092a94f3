"""The review UI through Streamlit's AppTest: real model, real SQLite file in tmp_path.

The first app run on an empty database checks the sample article (slow: it loads the
model); later tests start from a copy of that database so each one is isolated and fast.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checker.report.formats import RENDERERS
from checker.store.database import Store
from tests.conftest import (
    ENGINES,
    PAGES,
    as_reviewer,
    drop_pg_database,
    new_app,
    new_pg_database,
    no_exceptions,
    pick_buttons,
    selected_claim,
)


def evidence_blocks(at: AppTest) -> list[str]:
    return [h.value for h in at.html if 'class="evidence"' in h.value]


def article_html(at: AppTest) -> str:
    return next(h.value for h in at.html if 'class="article"' in h.value)


@pytest.fixture(scope="module")
def sample_pg(sample_db: Path, pg_server: str):
    """The same sample desk on the test server (`migrate` of the SQLite one), the
    template each PostgreSQL test's database is copied from."""
    from checker.store.migration import migrate

    name, url = new_pg_database(pg_server)
    source, target = Store(sample_db), Store(url)
    migrate(source, target)
    source.close(), target.close()
    yield name
    drop_pg_database(pg_server, name)


@pytest.fixture
def db(request, sample_db: Path, tmp_path: Path, monkeypatch):
    """A copy of the sample desk for one test: a SQLite file, or with
    `@both_engines` a database on the test server too."""
    if getattr(request, "param", "sqlite") == "sqlite":
        path = tmp_path / "factcheck.db"
        shutil.copy(sample_db, path)
        monkeypatch.setenv("FACTCHECK_DB", str(path))
        yield path
        return
    server = request.getfixturevalue("pg_server")
    name, url = new_pg_database(server, template=request.getfixturevalue("sample_pg"))
    monkeypatch.setenv("FACTCHECK_DB", url)
    yield url
    drop_pg_database(server, name)


both_engines = pytest.mark.parametrize("db", ENGINES, indirect=True)
"""The tests that write to the store (verdicts, undo, drafts, blind review, an import)
run on both engines; the others read what the SQLite run reads."""


@both_engines
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


@both_engines
def test_false_verdict_with_note_survives_rerun_and_restart(db):
    at = new_app().run()
    claim_id = pick_buttons(at)[1].key.removeprefix("pick:")
    at.button(key=f"pick:{claim_id}").click().run()
    no_exceptions(at)
    assert at.text_area(key=f"note:{claim_id}").value == ""
    store = Store(db)
    top = store.matches(claim_id)[0]
    at.text_input(key="reviewer").input("Camille")
    at.toggle(key="auto_advance").set_value(False)
    at.text_area(key=f"note:{claim_id}").input("Le bureau a ouvert en 2023, pas en 2024.")
    at.checkbox(key=f"evidence:{claim_id}:{top['pk']}").check()
    at.button(key=f"verdict:{claim_id}:false").click().run()
    no_exceptions(at)

    current = store.current_verdict(claim_id)
    assert current["verdict"] == "false"
    assert current["note"] == "Le bureau a ouvert en 2023, pas en 2024."
    assert current["reviewer"] == "Camille"
    assert [e["passage_id"] for e in current["evidence"]] == [top["passage_id"]]
    assert any("Faux" in s.value for s in at.success)

    at.run()
    assert at.text_area(key=f"note:{claim_id}").value == "Le bureau a ouvert en 2023, pas en 2024."
    assert at.button(key=f"pick:{claim_id}").label.startswith("🔴")

    restarted = as_reviewer(new_app().run(), "Camille")  # a new session asks for the name again
    no_exceptions(restarted)
    assert restarted.button(key=f"pick:{claim_id}").label.startswith("🔴")
    restarted.button(key=f"pick:{claim_id}").click().run()
    assert restarted.text_area(key=f"note:{claim_id}").value == "Le bureau a ouvert en 2023, pas en 2024."
    assert restarted.checkbox(key=f"evidence:{claim_id}:{top['pk']}").value is True
    assert any("Faux" in m.value and "Verdict actuel" in m.value for m in restarted.markdown)


@both_engines
def test_undo_restores_the_previous_verdict(db):
    at = new_app().run()
    claim_id = pick_buttons(at)[0].key.removeprefix("pick:")
    at.text_input(key="reviewer").input("Camille")
    at.toggle(key="auto_advance").set_value(False)
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
    as_reviewer(at, "Camille")
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
    assert any("vide" in e.value for e in at.error)
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


@both_engines
def test_a_typed_note_survives_a_restart_and_the_verdict_takes_it(db):
    at = new_app().run()
    claim_id = selected_claim(at)
    at.text_input(key="reviewer").input("Camille").run()
    at.text_area(key=f"note:{claim_id}").input("Brouillon : demander le communiqué").run()
    no_exceptions(at)
    assert Store(db).draft(claim_id, reviewer="Camille") == "Brouillon : demander le communiqué"

    again = as_reviewer(new_app().run(), "Camille")
    assert selected_claim(again) == claim_id
    assert again.text_area(key=f"note:{claim_id}").value == "Brouillon : demander le communiqué"
    assert any(c.value.startswith("Brouillon gardé") for c in again.caption)
    again.button(key=f"verdict:{claim_id}:unclear").click().run()
    no_exceptions(again)
    assert Store(db).current_verdict(claim_id, reviewer="Camille")["note"] == "Brouillon : demander le communiqué"
    assert Store(db).draft(claim_id, reviewer="Camille") is None


# ------------------------------------------------------------------ queue, keyboard, pages

import io
import json
import zipfile

from checker.ui.view import feature_rows
from checker.vocabulary import VERDICTS


def frame_with(at: AppTest, column: str):
    (frame,) = [d.value for d in at.dataframe if column in d.value]
    return frame


def test_next_and_previous_walk_the_queue_and_carry_shortcuts(db):
    at = new_app().run()
    order = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    assert selected_claim(at) == order[0]
    # keys come from one listener for the whole page, never from the buttons, whose
    # stale copies kept firing during a rerun
    assert [e.key for e in at.get("bidi_component")] == ["desk_keys"]
    assert not at.button(key="next").proto.shortcut and not at.button(key="previous").proto.shortcut
    for verdict in VERDICTS:
        assert not at.button(key=f"verdict:{order[0]}:{verdict}").proto.shortcut
    at.button(key="next").click().run()
    at.button(key="next").click().run()
    no_exceptions(at)
    assert selected_claim(at) == order[2]
    assert at.query_params["claim"] == order[2]
    at.button(key="previous").click().run()
    assert selected_claim(at) == order[1]
    at.button(key="previous").click().run().button(key="previous").click().run()
    assert selected_claim(at) == order[-1]  # wraps around


def test_progress_and_verdict_filters(db):
    at = new_app().run()
    order = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    assert at.get("progress")[0].proto.text.startswith(f"0 / {len(order)}")
    as_reviewer(at, "Camille").toggle(key="auto_advance").set_value(False).run()
    at.button(key=f"verdict:{order[0]}:true").click().run()
    at.button(key="next").click().run()
    at.button(key=f"verdict:{selected_claim(at)}:false").click().run()
    no_exceptions(at)
    assert at.get("progress")[0].proto.text.startswith(f"2 / {len(order)}")
    at.button(key="next").click().run()
    at.segmented_control(key="claim_filter").set_value("true").run()
    keys = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    assert order[0] in keys and order[1] not in keys  # the selected claim stays listed too
    at.segmented_control(key="claim_filter").set_value("false").run()
    assert order[1] in [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    at.segmented_control(key="claim_filter").set_value("all").run()
    at.selectbox(key="suggestion_filter").set_value("no evidence").run()
    no_exceptions(at)
    store = Store(db)
    by_id = {c["id"]: c for c in store.claims(store.articles()[0]["id"])}
    listed = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    assert all(by_id[c]["suggestion"] == "no evidence" or c == selected_claim(at) for c in listed)


def test_the_card_shows_context_features_and_marked_evidence(db):
    at = new_app().run()
    claim_id = selected_claim(at)
    assert any('class="context"' in h.value and "claim-span" in h.value for h in at.html)
    features = [h.value for h in at.html if 'class="features"' in h.value]
    rows = feature_rows(Store(db).claim(claim_id)["features"])
    assert rows and features and features[0].count("<tr>") == 1 + len(rows)
    assert all(html.escape(r["tel qu'écrit"]) in features[0] for r in rows)
    assert any('class="shared"' in block for block in evidence_blocks(at))


@both_engines
def test_blind_second_review_hides_the_first_verdict_until_given(db):
    first = new_app().run()
    claim_id = selected_claim(first)
    first.text_input(key="reviewer").input("Camille")
    first.text_area(key=f"note:{claim_id}").input("Note de Camille")
    first.button(key=f"verdict:{claim_id}:true").click().run()

    second = new_app()
    second.query_params["blind"] = "true"
    as_reviewer(second.run(), "Noé").toggle(key="auto_advance").set_value(False).run()
    no_exceptions(second)
    assert selected_claim(second) == claim_id
    assert second.toggle(key="blind").value is True
    shown = " ".join(m.value for m in second.markdown) + " ".join(h.value for h in second.html)
    assert "Camille" not in shown and "Note de Camille" not in shown
    assert second.text_area(key=f"note:{claim_id}").value == ""
    assert second.button(key=f"pick:{claim_id}").label.startswith("⚪")
    assert any("Revue à l'aveugle" in c.value for c in second.caption)

    second.button(key=f"verdict:{claim_id}:false").click().run()
    no_exceptions(second)
    assert not any("Revue à l'aveugle" in c.value for c in second.caption)
    (history,) = [h.value for h in second.html if 'class="history"' in h.value]
    assert history.count("<tr>") == 3 and history.index("Noé") < history.index("Camille")  # newest first
    store = Store(db)
    assert store.current_verdict(claim_id, reviewer="Camille")["verdict"] == "true"
    assert store.current_verdict(claim_id, reviewer="Noé")["verdict"] == "false"

    desk = new_app().run()
    desk.button(key="next").click().run()  # look elsewhere: the flagged filter must find it by itself
    desk.segmented_control(key="claim_filter").set_value("flagged").run()
    assert claim_id in [b.key.removeprefix("pick:") for b in pick_buttons(desk)]

    agreement = as_reviewer(new_app().run(), "Lou")
    agreement.switch_page(f"{PAGES}/agreement.py").run()
    no_exceptions(agreement)
    table = frame_with(agreement, "kappa")
    assert table["affirmations communes"].tolist() == [1]
    assert any("κ" in m.value for m in agreement.markdown)
    agreement.button(key=f"settle:{claim_id}:false").click().run()
    no_exceptions(agreement)
    assert any("Aucun désaccord" in s.value for s in agreement.success)
    assert store.current_verdict(claim_id)["verdict"] == "false"
    assert store.current_verdict(claim_id)["reviewer"] == "Lou (arbitrage)"


def test_overview_page_charts_counts_and_offers_every_export(db):
    at = as_reviewer(new_app().run(), "Camille")
    claim_id = selected_claim(at)
    at.button(key=f"verdict:{claim_id}:false").click().run()
    at.switch_page(f"{PAGES}/overview.py").run()
    no_exceptions(at)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert {m.label: m.value for m in at.metric}["Faux"] == "1"  # one false, on the database's scale
    keys = sorted(b.key for b in at.download_button)
    assert keys == sorted(f"overview_export:{n}" for n in RENDERERS)


@both_engines
def test_corpus_page_counts_imports_and_searches(db):
    at = new_app().run()
    at.switch_page(f"{PAGES}/corpus.py").run()
    no_exceptions(at)
    stats = frame_with(at, "indexés")
    assert stats["corpus"].tolist() == ["sample"]
    assert stats["indexés"].tolist() == stats["passages"].tolist()
    assert stats["modèle"].iloc[0].startswith("multilingual-e5-small")

    rows = [
        {
            "id": "n1",
            "text": "Le port du Havre a traité 3 millions de conteneurs en 2023.",
            "source": "AFP",
            "url": "https://example.org/havre",
            "date": "2024-01-10",
            "lang": "fr",
        },
        {"id": "n2", "text": "<script>alert(1)</script> Marseille accueille 12 croisiéristes.", "source": "X"},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    at.file_uploader(key="corpus_files").set_value(("ports.jsonl", data, "application/json"))
    at.button(key="corpus_import").click().run()
    no_exceptions(at)
    assert any("2 ajoutés" in s.value and "2 vecteurs" in s.value for s in at.success)
    stats = frame_with(at, "indexés")
    assert sorted(stats["corpus"].tolist()) == ["ports", "sample"]

    at.text_input(key="corpus_query").input("conteneurs Havre").run()
    no_exceptions(at)
    found = evidence_blocks(at)
    assert len(found) == 1 and "n1" in found[0] and 'class="shared"' in found[0]
    at.text_input(key="corpus_query").input("Marseille").run()
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in b for b in evidence_blocks(at))
    assert not any("<script>" in b for b in evidence_blocks(at))
    at.text_input(key="corpus_query").input("").run()
    assert len(evidence_blocks(at)) == 25 and any("page 1 /" in c.value for c in at.caption)

    at.file_uploader(key="corpus_files").set_value(
        ("casse.jsonl", b'{"id": "a", "text": "ok"}\n[1]\n', "application/json")
    )
    at.button(key="corpus_import").click().run()
    no_exceptions(at)
    assert any("casse.jsonl:2" in e.value for e in at.error)


def _docx(paragraphs: list[str]) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def test_a_docx_upload_is_checked_with_a_progress_bar(db):
    at = new_app().run()
    data = _docx(
        ["OpenAI a ouvert un bureau à Paris en 2024.", "La société a levé 6,6 milliards de dollars en octobre 2024."]
    )
    at.file_uploader(key="new_file").set_value(("papier.docx", data, "application/octet-stream"))
    at.button(key="check").click().run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    store = Store(db)
    assert len(store.articles()) == 2
    assert "Paris" in article_html(at) and pick_buttons(at)


def test_an_article_in_an_unsupported_language_is_refused(db):
    at = new_app().run()
    at.text_area(key="new_text").input(
        "Der Bundestag hat am 3. März 2024 ein Gesetz beschlossen. Die Regierung investiert 5 Milliarden Euro in die Bahn."
    )
    at.button(key="check").click().run()
    no_exceptions(at)
    assert any("'de'" in e.value and "French" in e.value for e in at.error)
    assert len(Store(db).articles()) == 1


def test_a_note_with_markup_is_shown_as_text(db):
    at = as_reviewer(new_app().run(), "Camille").toggle(key="auto_advance").set_value(False).run()
    claim_id = selected_claim(at)
    at.text_area(key=f"note:{claim_id}").input("<img src=x onerror=alert(1)> **gras**")
    at.button(key=f"verdict:{claim_id}:unclear").click().run()
    no_exceptions(at)
    notes = [h.value for h in at.html if "onerror" in h.value]
    assert notes and all("<img" not in n and "&lt;img" in n for n in notes)


def test_a_link_naming_an_article_and_a_claim_opens_them(db):
    at = new_app().run()
    at.text_area(key="new_text").input(
        "OpenAI a ouvert un bureau à Paris en 2024. La société compte 300 salariés à Londres."
    )
    at.button(key="check").click().run()
    store = Store(db)
    pasted = next(a for a in store.articles() if a["source"] != "article_fr.txt")["id"]
    claims = store.claims(pasted)
    assert claims
    link = new_app()  # a new session, whose default would be the sample
    link.query_params["article"] = pasted
    link.query_params["claim"] = claims[-1]["id"]
    link.run()
    no_exceptions(link)
    assert link.selectbox(key="article").value == pasted
    assert selected_claim(link) == claims[-1]["id"]


def _long_article(paragraphs: int = 40) -> str:
    """About 20,000 characters of distinct checkable sentences, in paragraphs."""
    rows = []
    for p in range(paragraphs):
        rows.append(
            " ".join(
                f"En {1990 + (p * 5 + s) % 35}, la commune de Villeneuve-{p}-{s} a reçu {p * 5 + s + 3} millions "
                f"d'euros de l'État pour ses écoles, selon la préfecture."
                for s in range(4)
            )
        )
    return "\n\n".join(rows)


def test_a_long_article_is_drawn_around_the_selected_claim(db):
    from checker.ui.view import ARTICLE_WINDOW_CHARS

    text = _long_article()
    assert len(text) > ARTICLE_WINDOW_CHARS
    at = new_app().run()
    at.text_area(key="new_text").input(text)
    at.button(key="check").click().run()
    no_exceptions(at)
    store = Store(db)
    article = next(a for a in store.articles() if a["claims"] > 100)
    claims = store.claims(article["id"])
    claim_id = selected_claim(at)
    claim = next(c for c in claims if c["id"] == claim_id)
    excerpt = article_html(at)
    assert claim["text"].split(",")[0] in excerpt
    assert any(c.value.startswith("Extrait :") for c in at.caption)
    assert len(excerpt) < ARTICLE_WINDOW_CHARS * 3
    shown = sum(1 for c in claims if f'data-claims="{c["id"]}"' in excerpt)
    assert 0 < shown < len(claims)
    at.toggle(key="whole_article").set_value(True).run()
    no_exceptions(at)
    whole = article_html(at)
    assert all(f'data-claims="{c["id"]}"' in whole or c["id"] in whole for c in claims)
    assert not any(c.value.startswith("Extrait :") for c in at.caption)


# ------------------------------------------------------------------ the keyboard layer

from streamlit.proto.WidgetStates_pb2 import WidgetState


def send_events(at: AppTest, events: list[dict]) -> AppTest:
    """Run the app with the keyboard component's state set to `events`, exactly as the
    browser sends it (keys.js): the server-side path of a key, callbacks included.
    AppTest cannot run the component's JavaScript, so the widget state is written here."""
    (component,) = [e for e in at.get("bidi_component") if e.key == "desk_keys"]
    states = at._tree.get_widget_states()
    kept = [w for w in states.widgets if w.id != component.proto.id]
    del states.widgets[:]
    states.widgets.extend(kept)
    states.widgets.append(WidgetState(id=component.proto.id, json_value=json.dumps({"events": events})))
    at._run(states)
    no_exceptions(at)
    return at


def press(at: AppTest, *keys: str, claim: str | None = None, page: str = "tab-1") -> AppTest:
    """Keys pressed in one tab, each naming `claim` (default: the card on screen now)
    as the claim shown when it was pressed; sent together, as when they come faster
    than the page redraws."""
    sent = at.session_state["_sent"] if "_sent" in at.session_state else []
    on_screen = claim or selected_claim(at)
    for key in keys:
        sent.append({"page": page, "seq": len(sent) + 1, "key": key, "claim": on_screen})
    at.session_state["_sent"] = sent
    return send_events(at, list(sent))


def errors_of(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_no_reviewer_name_no_verdict_by_key_or_click(db):
    at = new_app().run()
    claim_id = selected_claim(at)
    assert any("Indiquez votre nom" in w.value for w in at.warning)
    press(at, "v")
    at.button(key=f"verdict:{claim_id}:false").click().run()
    assert sum("Indiquez d'abord votre nom" in e for e in errors_of(at)) >= 1
    at.text_input(key="reviewer").input("   ").run()  # blank is no name
    at.button(key=f"verdict:{claim_id}:true").click().run()
    assert any("Indiquez d'abord votre nom" in e for e in errors_of(at))
    assert Store(db).verdict_history(claim_id) == []


def test_the_reviewer_is_not_taken_from_the_url(db):
    at = new_app()
    at.query_params["reviewer"] = "Mallory"
    at.run()
    no_exceptions(at)
    assert at.text_input(key="reviewer").value in ("", None)
    claim_id = selected_claim(at)
    at.button(key=f"verdict:{claim_id}:true").click().run()
    assert Store(db).verdict_history(claim_id) == []
    as_reviewer(at, "Camille")
    assert "reviewer" not in at.query_params or at.query_params["reviewer"] == "Mallory"  # never written there
    at.button(key=f"verdict:{claim_id}:true").click().run()
    assert [v["reviewer"] for v in Store(db).verdict_history(claim_id)] == ["Camille"]


def test_the_url_keeps_the_article_and_claim_ids_through_every_action(db):
    at = as_reviewer(new_app().run(), "Camille")
    store = Store(db)
    (article,) = store.articles()
    order = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    assert (at.query_params["article"], at.query_params["claim"]) == (article["id"], order[0])
    press(at, "v")  # a verdict, then auto-advance
    assert (at.query_params["article"], at.query_params["claim"]) == (article["id"], order[1])
    at.segmented_control(key="claim_filter").set_value("unreviewed").run()
    at.button(key="next").click().run()
    assert at.query_params["article"] == article["id"]
    assert at.query_params["claim"] == selected_claim(at)
    link = new_app()  # a reload, or the link sent to a colleague
    link.query_params.update(at.query_params)
    link.run()
    no_exceptions(link)
    assert selected_claim(link) == selected_claim(at)
    assert link.selectbox(key="article").value == article["id"]


def test_keys_apply_once_in_order_with_auto_advance(db):
    at = as_reviewer(new_app().run(), "Camille")
    order = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    for key in ("v", "f", "i"):
        press(at, key)
    store = Store(db)
    assert [(c, store.current_verdict(c)["verdict"]) for c in order[:3]] == [
        (order[0], "true"),
        (order[1], "false"),
        (order[2], "unclear"),
    ]
    assert selected_claim(at) == order[3]
    send_events(at, at.session_state["_sent"])  # the same list again: nothing applied twice
    send_events(at, at.session_state["_sent"][:1])
    assert sum(len(store.verdict_history(c)) for c in order) == 3
    assert selected_claim(at) == order[3]


def test_a_key_for_a_claim_no_longer_on_screen_is_refused_visibly(db):
    at = as_reviewer(new_app().run(), "Camille")
    order = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    # V then F pressed on the first card before the page redrew: both name the first claim
    press(at, "v", "f", claim=order[0])
    store = Store(db)
    assert [v["verdict"] for v in store.verdict_history(order[0])] == ["true"]
    assert store.verdict_history(order[1]) == []  # never moved onto the claim now shown
    assert selected_claim(at) == order[1]
    assert any("La touche F visait l'affirmation" in e and "refusé" in e for e in errors_of(at))
    # a click on a stale card's button is refused the same way
    at.button(key=f"pick:{order[2]}").click().run()
    from checker.ui.pages.review import act  # noqa: F401  (the same entry point as the click)

    stale = [b for b in at.button if b.key == f"verdict:{order[2]}:false"]
    assert stale
    at.session_state["selected_claim"] = order[3]  # the server moved on meanwhile (another tab, a key)
    stale[0].click().run()
    assert store.verdict_history(order[2]) == [] and store.verdict_history(order[3]) == []
    assert any("Ce clic" in e for e in errors_of(at))


def test_u_undoes_my_last_verdict_on_whichever_claim_and_shows_it(db):
    at = as_reviewer(new_app().run(), "Camille")
    order = [b.key.removeprefix("pick:") for b in pick_buttons(at)]
    at.text_area(key=f"note:{order[0]}").input("note A").run()
    press(at, "f")
    press(at, "v")  # now on the third claim
    assert selected_claim(at) == order[2]
    press(at, "u")
    store = Store(db)
    assert selected_claim(at) == order[1] and store.current_verdict(order[1]) is None
    press(at, "u")  # again: the verdict before, on another claim
    assert selected_claim(at) == order[0] and store.current_verdict(order[0]) is None
    press(at, "u")
    assert any("Rien à annuler" in i.value for i in at.info)
    # the undo key after a verdict on another claim: "nothing to undo" is gone
    press(at, "i")
    at.button(key="next").click().run()
    press(at, "u")
    assert store.current_verdict(order[0]) is None
    assert [v["verdict"] for v in store.verdict_history(order[0])] == ["false", "unreviewed", "unclear", "unreviewed"]


def test_number_keys_tick_evidence_and_the_verdict_keeps_it(db):
    at = as_reviewer(new_app().run(), "Camille")
    claim_id = selected_claim(at)
    store = Store(db)
    matches = store.matches(claim_id)
    assert len(matches) >= 2
    press(at, "2")
    assert at.checkbox(key=f"evidence:{claim_id}:{matches[1]['pk']}").value is True
    press(at, "1", "1", "1")  # on, off, on
    assert at.checkbox(key=f"evidence:{claim_id}:{matches[0]['pk']}").value is True
    press(at, "9") if len(matches) < 9 else None
    if len(matches) < 9:
        assert any("Pas de preuve n° 9" in e for e in errors_of(at))
    press(at, "v")
    used = [e["passage_id"] for e in store.current_verdict(claim_id)["evidence"]]
    assert sorted(used) == sorted([matches[0]["passage_id"], matches[1]["passage_id"]])


def test_the_key_list_is_shown_with_the_question_mark(db):
    at = new_app().run()
    assert not [h for h in at.html if 'class="keys"' in h.value]
    press(at, "?")
    (keys,) = [h.value for h in at.html if 'class="keys"' in h.value]
    assert "Échap" in keys and "1–9" in keys


def test_a_second_reviewer_starts_from_an_empty_form_and_keeps_the_first_note_out(db):
    alice = as_reviewer(new_app().run(), "Alice")
    claim_id = selected_claim(alice)
    top = Store(db).matches(claim_id)[0]
    alice.text_area(key=f"note:{claim_id}").input("Note d'Alice : 6,6 et non 6,8")
    alice.checkbox(key=f"evidence:{claim_id}:{top['pk']}").check()
    alice.button(key=f"verdict:{claim_id}:false").click().run()

    bob = as_reviewer(new_app().run(), "Bob")  # not blind: Alice's verdict is on show
    assert selected_claim(bob) == claim_id
    assert any("Alice" in m.value for m in bob.markdown)
    assert bob.text_area(key=f"note:{claim_id}").value == ""
    assert bob.checkbox(key=f"evidence:{claim_id}:{top['pk']}").value is False
    bob.button(key=f"verdict:{claim_id}:true").click().run()
    no_exceptions(bob)
    store = Store(db)
    mine = store.current_verdict(claim_id, reviewer="Bob")
    assert (mine["verdict"], mine["note"], mine["evidence"]) == ("true", "", [])

    # the same browser session handed to another name: the form is emptied too
    bob.button(key=f"pick:{claim_id}").click().run()
    bob.text_area(key=f"note:{claim_id}").input("Note de Bob").run()
    as_reviewer(bob, "Chloé")
    assert bob.text_area(key=f"note:{claim_id}").value == ""


@both_engines
def test_bobs_undo_leaves_alices_verdict(db):
    alice = as_reviewer(new_app().run(), "Alice")
    claim_id = selected_claim(alice)
    press(alice, "f")
    bob = as_reviewer(new_app().run(), "Bob")
    assert selected_claim(bob) == claim_id
    press(bob, "v")
    press(bob, "u")
    no_exceptions(bob)
    store = Store(db)
    assert store.current_verdict(claim_id, reviewer="Alice")["verdict"] == "false"
    assert store.current_verdict(claim_id, reviewer="Bob") is None
    assert selected_claim(bob) == claim_id
    assert [v["reviewer"] for v in store.verdict_history(claim_id)] == ["Alice", "Bob", "Bob"]


def test_no_module_text_is_drawn_on_the_review_page(db):
    at = new_app().run()
    drawn = " ".join(m.value for m in at.markdown)
    assert "Claim buttons drawn at once" not in drawn
    assert not any("QUEUE_WINDOW" in m.value or '"""' in m.value for m in at.markdown)


def test_my_verdict_button_is_not_drawn_in_the_primary_red(db):
    at = as_reviewer(new_app().run(), "Camille").toggle(key="auto_advance").set_value(False).run()
    claim_id = selected_claim(at)
    press(at, "v")
    assert all(at.button(key=f"verdict:{claim_id}:{v}").proto.type != "primary" for v in VERDICTS)
    styles = [h.value for h in at.html if f".st-key-verdict-{claim_id}-true" in h.value]
    from checker.ui.view import STATUS_COLORS

    assert styles and STATUS_COLORS["true"] in styles[0]


def test_a_disputed_claim_says_so_on_the_card_and_bobs_undo_gives_alices_verdict_back(db):
    alice = as_reviewer(new_app().run(), "Alice")
    claim_id = selected_claim(alice)
    press(alice, "f")
    bob = as_reviewer(new_app().run(), "Bob")
    assert selected_claim(bob) == claim_id
    bob.toggle(key="auto_advance").set_value(False).run()
    press(bob, "v")
    no_exceptions(bob)
    summary = " ".join(m.value for m in bob.markdown if "Verdict actuel" in m.value)
    assert "En désaccord" in summary and "Alice" in summary and "Bob" in summary
    assert "Faux" in summary and "Vrai" in summary
    press(bob, "u")
    summary = " ".join(m.value for m in bob.markdown if "Verdict actuel" in m.value)
    assert "En désaccord" not in summary and "Faux" in summary and "Alice" in summary
