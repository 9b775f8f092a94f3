"""Accounts in the app (AppTest, real model and database): once a desk has accounts,
nothing is shown before signing in, the signed-in name signs every verdict, an editor
assigns, and the assigned second reviewer works blind whatever the switch says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checker.review.accounts import add_user, set_active
from checker.review.steps import ensure_sample
from checker.store.database import Store
from checker.ui.access import desk_attempts

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "une longue phrase secrète"


@pytest.fixture(scope="module")
def team_desk(tmp_path_factory, embedder) -> Path:
    """The sample, checked, on a desk with an editor and two reviewers."""
    path = tmp_path_factory.mktemp("team") / "factcheck.db"
    store = Store(path)
    ensure_sample(store, embedder)
    for name, role in (("Edith", "editor"), ("Alice", "reviewer"), ("Bob", "reviewer")):
        add_user(store, name, PASSWORD, role, by="test")
    store.close()
    return path


@pytest.fixture
def db(team_desk: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "factcheck.db"
    shutil.copy(team_desk, path)
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    desk_attempts.clear()
    yield path
    desk_attempts.clear()


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def signed_in_as(name: str, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=600).run()
    no_exceptions(at)
    at.text_input(key="account_login_name").input(name)
    at.text_input(key="account_login_password").input(password)
    at.button[0].click().run()
    no_exceptions(at)
    return at


def selected_claim(at: AppTest) -> str:
    (card,) = [b for b in at.button if (b.key or "").startswith("undo:")]
    return card.key.removeprefix("undo:")


def page_text(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [h.value for h in at.html] + [t.value for t in at.text])


def test_nothing_is_shown_before_signing_in_and_a_wrong_password_is_refused(db):
    at = AppTest.from_file(APP, default_timeout=600).run()
    no_exceptions(at)
    assert not [b for b in at.button if (b.key or "").startswith("pick:")]
    assert "OpenAI" not in page_text(at)
    at = signed_in_as("Alice", "pas le bon mot de passe")
    assert any("Nom ou mot de passe incorrect" in e.value for e in at.error)
    assert not [b for b in at.button if (b.key or "").startswith("pick:")]
    at = signed_in_as("Mallory")
    assert any("Nom ou mot de passe incorrect" in e.value for e in at.error)  # same words for an unknown name


def test_the_signed_in_name_signs_the_verdict_and_no_name_can_be_typed(db):
    at = signed_in_as("Alice")
    assert not [t for t in at.text_input if t.key == "reviewer"]
    assert any("Alice" in t.value for t in at.text)
    assert "listed for editors" not in page_text(at)  # no stray text
    claim_id = selected_claim(at)
    at.button(key=f"verdict:{claim_id}:false").click().run()
    no_exceptions(at)
    assert Store(db).current_verdict(claim_id)["reviewer"] == "Alice"
    # a reviewer neither assigns nor publishes
    labels = [b.label for b in at.get("download_button")]
    assert "claimreview" not in labels and "json" in labels
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("checker/ui/pages/team.py")  # the team page is not offered to a reviewer


def test_an_editor_assigns_and_the_second_reviewer_works_blind(db):
    alice = signed_in_as("Alice")
    claim_id = selected_claim(alice)
    alice.text_area(key=f"note:{claim_id}").input("Note d'Alice")
    alice.button(key=f"verdict:{claim_id}:true").click().run()
    no_exceptions(alice)

    edith = signed_in_as("Edith")
    assert "claimreview" in [b.label for b in edith.get("download_button")]
    edith.switch_page("checker/ui/pages/team.py").run()
    no_exceptions(edith)
    edith.selectbox(key="assign_first").set_value("Alice")
    edith.selectbox(key="assign_second").set_value("Bob")
    edith.button(key="assign_save").click().run()
    no_exceptions(edith)
    article_id = Store(db).articles()[0]["id"]
    assert Store(db).assignment(article_id) == {"first": "Alice", "second": "Bob"}
    assert any("Bob · 0/" in str(d.value) for d in edith.dataframe)

    bob = signed_in_as("Bob")
    assert bob.toggle(key="blind").value is False  # the switch is off, the review is blind all the same
    assert any("Seconde lecture à l'aveugle" in i.value for i in bob.info)
    assert any((b.key or "").startswith("my_assignment:") for b in bob.button)
    bob.toggle(key="auto_advance").set_value(False).run()
    assert selected_claim(bob) == claim_id
    assert "Note d'Alice" not in page_text(bob) and "Alice" not in page_text(bob).replace("Connecté", "")
    assert bob.button(key=f"pick:{claim_id}").label.startswith("⚪")
    bob.button(key=f"verdict:{claim_id}:false").click().run()
    no_exceptions(bob)
    (history,) = [h.value for h in bob.html if 'class="history"' in h.value]
    assert "Alice" in history and "Bob" in history  # once Bob's verdict is given, the others show
    store = Store(db)
    assert store.current_verdict(claim_id, reviewer="Bob")["verdict"] == "false"
    assert store.current_verdict(claim_id, reviewer="Alice")["verdict"] == "true"


def test_a_disabled_account_is_signed_out_at_its_next_click(db):
    at = signed_in_as("Bob")
    assert [b for b in at.button if (b.key or "").startswith("pick:")]
    store = Store(db)
    set_active(store, "Bob", False, by="test")
    store.close()
    at.run()
    no_exceptions(at)
    assert any("désactivé" in w.value for w in at.warning)
    assert not [b for b in at.button if (b.key or "").startswith("pick:")]
