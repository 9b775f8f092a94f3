"""The review card's editing section through AppTest: edit, split, merge, dismiss,
restore and add, each kept after a restart and in the history (real model, real
SQLite file copied from the app's own first run)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from checker.store.database import Store
from checker.vocabulary import ICONS
from tests.conftest import as_reviewer, new_app, no_exceptions, pick_buttons


def picked(at: AppTest) -> list[str]:
    return [b.key.removeprefix("pick:") for b in pick_buttons(at)]


def open_claim(at: AppTest, claim_id: str) -> AppTest:
    at.button(key=f"pick:{claim_id}").click().run()
    no_exceptions(at)
    return at


def claim_with(store: Store, *words: str) -> dict:
    article_id = store.articles()[0]["id"]
    return next(c for c in store.claims(article_id) if all(w in c["text"] for w in words))


def card_text(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def test_an_edit_is_saved_kept_after_a_restart_and_in_the_history(db):
    store = Store(db)
    claim = claim_with(store, "Dublin en 2023")
    at = open_claim(as_reviewer(new_app().run(), "Camille"), claim["id"])
    at.text_area(key=f"claim_text:{claim['id']}").input("OpenAI est à Dublin depuis 2023.")
    at.button(key=f"claim_save:{claim['id']}").click().run()
    no_exceptions(at)
    assert any("Texte enregistré" in s.value for s in at.success)
    stored = store.claim(claim["id"])
    assert (stored["text"], stored["original_text"]) == ("OpenAI est à Dublin depuis 2023.", claim["text"])
    assert store.matches(claim["id"])  # evidence searched for the new words

    again = open_claim(as_reviewer(new_app().run(), "Noé"), claim["id"])
    assert "OpenAI est à Dublin depuis 2023." in card_text(again)
    history = next(h.value for h in again.html if "Texte modifié" in h.value)
    assert "Camille" in history
    assert any(claim["text"] in c.value for c in again.caption)  # the original text is shown


def test_a_change_without_a_name_is_refused_and_nothing_is_written(db):
    store = Store(db)
    claim = claim_with(store, "Dublin en 2023")
    at = open_claim(new_app().run(), claim["id"])
    at.text_input(key=f"claim_reason:{claim['id']}").input("pas une affirmation")
    at.button(key=f"claim_dismiss:{claim['id']}").click().run()
    no_exceptions(at)
    assert any("Indiquez d'abord votre nom" in e.value for e in at.error)
    assert store.claim_edits(store.articles()[0]["id"]) == []


def test_split_merge_dismiss_restore_and_add_from_the_page(db):
    store = Store(db)
    article_id = store.articles()[0]["id"]
    first = claim_with(store, "Londres et Dublin")
    at = open_claim(as_reviewer(new_app().run(), "Camille"), first["id"])

    at.text_area(key=f"claim_parts:{first['id']}").input("OpenAI a un bureau à Londres.\nOpenAI a un bureau à Dublin.")
    at.button(key=f"claim_split:{first['id']}").click().run()
    no_exceptions(at)
    ids = picked(at)
    parts = [c for c in store.claims(article_id) if c["text"].startswith("OpenAI a un bureau à")]
    assert len(parts) == 2 and first["id"] not in ids and all(p["id"] in ids for p in parts)

    a, b = claim_with(store, "9 octobre dernier l’ouverture"), claim_with(store, "Le mercredi 9 octobre dernier")
    at = open_claim(at, a["id"])
    at.multiselect(key=f"claim_merge_with:{a['id']}").select(b["id"])
    at.text_input(key=f"claim_merge_text:{a['id']}").input("OpenAI a annoncé le 9 octobre un bureau à Paris.")
    at.button(key=f"claim_merge:{a['id']}").click().run()
    no_exceptions(at)
    merged = claim_with(store, "OpenAI a annoncé le 9 octobre un bureau à Paris.")
    assert merged["id"] in picked(at) and a["id"] not in picked(at) and b["id"] not in picked(at)

    footer = claim_with(store, "Google et Netflix disposent")
    at = open_claim(at, footer["id"])
    at.text_input(key=f"claim_reason:{footer['id']}").input("une généralité")
    at.button(key=f"claim_dismiss:{footer['id']}").click().run()
    no_exceptions(at)
    assert footer["id"] not in picked(at)
    assert any("une généralité" in h.value for h in at.html if 'class="withdrawn"' in h.value)

    at.text_area(key="claim_add_text").input("Sam Altman, le directeur général d’OpenAI")
    at.button(key="claim_add").click().run()
    no_exceptions(at)
    added = [
        c
        for c in store.claims(article_id)
        if c["reasons"] and "ajoutée" in c["reasons"][0] and c["text"] == "Sam Altman, le directeur général d’OpenAI"
    ]
    assert len(added) == 1 and added[0]["id"] in picked(at)

    restarted = as_reviewer(new_app().run(), "Noé")
    ids = picked(restarted)
    assert footer["id"] not in ids and merged["id"] in ids and added[0]["id"] in ids
    restarted.button(key=f"claim_restore:{footer['id']}").click().run()
    no_exceptions(restarted)
    assert footer["id"] in picked(restarted)
    assert [e["action"] for e in store.claim_edits(article_id, footer["id"])] == ["dismiss", "restore"]


def test_a_duplicate_is_shown_on_the_card_and_takes_the_verdict_in_one_click(db):
    store = Store(db)
    first = claim_with(store, "9 octobre dernier l’ouverture")
    twin = claim_with(store, "Le mercredi 9 octobre dernier")
    at = open_claim(as_reviewer(new_app().run(), "Camille"), first["id"])
    assert any("Même fait que" in i.value and twin["text"] in i.value for i in at.info)
    assert at.button(key=f"group_apply:{first['id']}").disabled  # no verdict of mine to give yet
    at.toggle(key="auto_advance").set_value(False)
    at.text_area(key=f"note:{first['id']}").input("Annonce confirmée")
    at.button(key=f"verdict:{first['id']}:true").click().run()
    at.button(key=f"group_apply:{first['id']}").click().run()
    no_exceptions(at)
    assert any("Verdict donné au groupe" in s.value for s in at.success)
    given = store.current_verdict(twin["id"], reviewer="Camille")
    assert (given["verdict"], given["note"]) == ("true", "Annonce confirmée")
    assert store.verdict_links(twin["id"])[given["id"]]["source_claim"] == first["id"]
    assert at.button(key=f"pick:{twin['id']}").label.startswith(ICONS["true"])
