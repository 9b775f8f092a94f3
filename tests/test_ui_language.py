"""One UI language at a time (AppTest, the real model, the sample checked by the app
into a new database, so on its default six-value scale): in French no label, button,
caption or message holds an English word in brackets, in English none holds a French
one, and the switch turns every page's words into English.

What "the other language's words" are is read from the catalogue itself
(checker.i18n.MESSAGES) and the scale's labels, so a doubled label is caught whatever
its wording, and a message added later is covered without touching this test."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import element_tree as et

from checker.i18n import LANGS, MESSAGES, t
from checker.scale import default_scale
from checker.store.database import Store
from checker.vocabulary import of
from tests.conftest import PAGES, as_reviewer, new_app, no_exceptions, selected_claim

BRACKETED = re.compile(r"\((\w[^()]*)\)")
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def phrases(language: str, scale_labels: dict[str, dict[str, str]]) -> set[str]:
    """Every phrase the desk can show in `language`: the catalogue's messages cut at
    their placeholders and separators (· / — : ;), and the scale's and statuses'
    labels; lower case, trimmed."""
    texts = [m[language] for m in MESSAGES.values()] + list(scale_labels[language].values())
    found = set()
    for text in texts:
        for piece in re.split(r" [·/—:;] |: ", PLACEHOLDER.sub(" · ", text)):
            piece = re.sub(r"[*_]", "", piece).strip(" .,;:—–·-()«»“”?!").lower()
            if len(re.sub(r"\W", "", piece)) >= 3:
                found.add(piece)
    return found


def other_language_only(language: str, scale_labels: dict[str, dict[str, str]]) -> set[str]:
    """The phrases only the other language has (words both share, like "Article", are
    no sign of a doubled label)."""
    (other,) = set(LANGS) - {language}
    return phrases(other, scale_labels) - phrases(language, scale_labels)


def walk(node: object) -> Iterator[object]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def _attr(node: object, name: str) -> object:
    try:
        return getattr(node, name, None)
    except Exception:  # noqa: BLE001  (a widget without state raises on some properties)
        return None


def visible_texts(at: AppTest) -> list[str]:
    """Every word the page draws that is the desk's own: labels, options, help texts,
    headings, markdown, captions, messages, metric and column names, HTML as text."""
    out: list[str] = []
    for node in walk(at._tree):
        for name in ("label", "help", "placeholder"):
            value = _attr(node, name)
            if isinstance(value, str) and value:
                out.append(value)
        options = _attr(node, "options")
        if isinstance(options, list):
            out.extend(str(o) for o in options)
        if isinstance(node, (et.Markdown, et.HeadingBase, et.AlertBase, et.Text)):
            out.append(str(node.value))
        elif isinstance(node, et.Html):
            out.append(html.unescape(re.sub(r"<[^>]+>", " ", node.value)))
        elif isinstance(node, et.Dataframe):
            out.extend(str(c) for c in node.value.columns)
        elif isinstance(node, et.Progress):
            out.append(node.proto.text)
    return out


def doubled(at: AppTest, language: str, scale_labels: dict[str, dict[str, str]]) -> list[str]:
    """The texts holding, in brackets, a phrase of the other language only."""
    foreign = other_language_only(language, scale_labels)
    return [
        text for text in visible_texts(at) for inside in BRACKETED.findall(text) if inside.strip().lower() in foreign
    ]


def open_pages(at: AppTest) -> Iterator[tuple[str, AppTest]]:
    """The review page, then the agreement, overview and corpus pages."""
    yield "review", at
    for page in ("agreement", "overview", "corpus"):
        at.switch_page(f"{PAGES}/{page}.py").run()
        no_exceptions(at)
        yield page, at


@pytest.fixture
def db(sample_db: Path, tmp_path: Path, monkeypatch) -> Path:
    """A copy of the sample's database with one claim judged by two reviewers who
    disagree, so the agreement page has a dispute to show."""
    import shutil

    path = tmp_path / "factcheck.db"
    shutil.copy(sample_db, path)
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    store = Store(path)
    claim_id = store.claims(store.articles()[0]["id"])[0]["id"]
    first, second = store.scale.codes[:2]
    store.record_verdict(claim_id, first, reviewer="Noé")
    store.record_verdict(claim_id, second, reviewer="Lou")
    store.close()
    return path


def test_a_doubled_label_is_recognised():
    """The check itself: the old "Français (English)" labels are caught, plain French is not."""
    foreign = other_language_only("fr", of(default_scale()).screen_labels)
    for old in ("Diviser (split)", "Dans l'article (in context)", "Suivante (next) · N →", "Vérifier (Check)"):
        assert any(inside.strip().lower() in foreign for inside in BRACKETED.findall(old)), old
    assert not any(inside.lower() in foreign for inside in BRACKETED.findall("Lou (arbitrage) · 3 verdict(s)"))


@pytest.mark.parametrize("language", list(LANGS))
def test_every_page_shows_one_language(db, language):
    at = new_app().run()
    at.segmented_control(key="ui_lang").set_value(language).run()
    at = as_reviewer(at, "Camille")
    store = Store(db)
    scale_labels = of(store.scale).screen_labels
    claim_id = selected_claim(at)
    # a verdict, so a saved message, the history and the current verdict are drawn too
    at.toggle(key="auto_advance").set_value(False).run()
    at.button(key=f"verdict:{claim_id}:{store.scale.codes[0]}").click().run()
    no_exceptions(at)
    found = {page: doubled(shown, language, scale_labels) for page, shown in open_pages(at)}
    assert found == {"review": [], "agreement": [], "overview": [], "corpus": []}


def test_switching_to_english_shows_english_labels(db):
    at = as_reviewer(new_app().run(), "Camille")
    claim_id = selected_claim(at)
    scale = Store(db).scale
    code = scale.codes[0]
    assert at.button(key="check").label == t("new.check", "fr") == "Vérifier"
    assert at.button(key="next").label == "Suivante · N →"
    assert at.button(key=f"verdict:{claim_id}:{code}").label.startswith(scale.values[0].label("fr"))
    at.segmented_control(key="ui_lang").set_value("en").run()
    no_exceptions(at)
    assert at.button(key="check").label == "Check"
    assert at.button(key="next").label == "Next · N →"
    assert (
        at.button(key=f"verdict:{claim_id}:{code}").label
        == f"{scale.values[0].label('en')} · {scale.values[0].key.upper()}"
    )
    assert any(s.value.startswith("Claim [") for s in at.subheader)
    assert "In context" in [c.value for c in at.caption]
    assert at.text_area(key=f"note:{claim_id}").label == "Reviewer's note"
    assert at.text_input(key="reviewer").label == "Reviewer name"
    assert at.selectbox(key="suggestion_filter").options[0] == "Any suggestion"
    at.switch_page(f"{PAGES}/agreement.py").run()
    no_exceptions(at)
    assert [h.value for h in at.title] == ["Agreement between reviewers"]
    assert "Disagreements to settle" in [h.value for h in at.subheader]
    at.switch_page(f"{PAGES}/overview.py").run()
    no_exceptions(at)
    assert [h.value for h in at.title] == ["Overview"]
    assert [m.label for m in at.metric][: len(scale.values)] == [v.label("en") for v in scale.values]
    at.switch_page(f"{PAGES}/corpus.py").run()
    no_exceptions(at)
    assert [h.value for h in at.title] == ["Reference corpus"]
    assert "Browse and search" in [h.value for h in at.subheader]
