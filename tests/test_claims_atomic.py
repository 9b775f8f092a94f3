"""Atomic claims: coordination split, subject carry-over, appositions, relative clauses,
reported speech."""

from claims import extract
from tests.conftest import claim_with, fixture_text, texts


def fr(text):
    return extract(text, lang="fr")


def test_coordinated_places_after_a_preposition_give_one_claim_each():
    art = fr(
        "Le groupe Renault a présenté ses résultats. "
        "La société, qui a ouvert des usines à Tanger et Bursa en 2019, recrute."
    )
    lyon = claim_with(art, "Tanger", "2019")
    bursa = claim_with(art, "Bursa", "2019")
    assert lyon and bursa and lyon is not bursa
    assert "Bursa" not in lyon.text and "Tanger" not in bursa.text


def test_three_places_keep_each_name():
    art = fr("Airbus a annoncé qu’il allait s’implanter à Toulouse, Hambourg et Séville.")
    for city in ("Toulouse", "Hambourg", "Séville"):
        assert claim_with(art, city), texts(art)


def test_pronoun_and_definite_description_take_the_last_organisation():
    art = fr(
        "Le constructeur Renault a présenté une nouvelle voiture à Paris. "
        "Elle a annoncé 3 000 embauches en 2025. "
        "La société californienne prévoit aussi une usine à Douai."
    )
    assert claim_with(art, "Renault a annoncé 3 000 embauches"), texts(art)
    assert claim_with(art, "Renault prévoit aussi une usine"), texts(art)


def test_demonstrative_plural_takes_the_coordinated_names():
    art = fr(
        "Notons que Google et Netflix ont déjà précédé la start-up. Ces deux sociétés disposent d’un siège à Paris."
    )
    c = claim_with(art, "Google et Netflix disposent")
    assert c is not None and c.checkworthy, texts(art)


def test_apposition_gives_an_identity_claim_and_a_clean_main_claim():
    art = fr("Arthur Mensch, le directeur général de Mistral AI, a déclaré que la start-up recrutait à Paris.")
    assert claim_with(art, "Arthur Mensch est le directeur général de Mistral AI"), texts(art)
    main = claim_with(art, "Arthur Mensch a déclaré que")
    assert main is not None and "directeur" not in main.text


def test_chained_apposition_attaches_to_the_nearest_name():
    art = fr("La banque est présente à Francfort, le siège de la BCE, l’institution monétaire de la zone euro.")
    assert claim_with(art, "Francfort est le siège de la BCE"), texts(art)
    assert claim_with(art, "BCE est l’institution monétaire"), texts(art)


def test_relative_clause_is_a_claim_about_its_antecedent():
    art = fr(
        "Orange a publié ses comptes. La stratégie de l’entreprise, qui a racheté MasMovil en 2024, reste la même."
    )
    c = claim_with(art, "Orange a racheté MasMovil en 2024")
    assert c is not None and c.checkworthy, texts(art)


def test_reported_speech_keeps_the_speaker_and_the_quote():
    art = extract(fixture_text("mistral_fr.txt"), lang="fr")
    said = claim_with(art, "Arthur Mensch a déclaré", "« rester indépendante »")
    assert said is not None and "quote" in said.reasons
    assert said.features["quotes"][0]["speaker"] == "Arthur Mensch"
    affirmed = claim_with(art, "Arthur Mensch a affirmé que", "capitale de l’IA")
    assert affirmed is not None, texts(art)
    assert affirmed.features["quotes"][0]["speaker"] == "Arthur Mensch"


def test_offsets_point_at_the_source_words():
    text = fixture_text("mistral_fr.txt")
    art = extract(text, lang="fr")
    assert art.claims
    for c in art.claims:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] in c.sentence or c.sentence in text[c.start : c.end]


def test_ids_are_stable_and_distinct():
    text = fixture_text("mistral_fr.txt")
    a, b = extract(text, lang="fr"), extract(text, lang="fr")
    ids = [c.id for c in a.claims]
    assert ids == [c.id for c in b.claims]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("c") and len(i) == 13 for i in ids)
    changed = extract(text.replace("150", "160"), lang="fr")
    assert set(ids).isdisjoint(c.id for c in changed.claims)


def test_to_json_has_exactly_the_contract_keys():
    doc = extract(fixture_text("mistral_fr.txt"), lang="fr").to_json()
    assert set(doc) == {"article", "claims"}
    assert set(doc["article"]) == {"title", "lang", "chars"}
    # the contract only grows: the first layout's keys in their order, then the added ones
    assert list(doc["claims"][0]) == [
        "id",
        "text",
        "start",
        "end",
        "sentence",
        "checkworthy",
        "score",
        "reasons",
        "features",
        "spans",
        "resolved",
    ]
    assert set(doc["claims"][0]["features"]) == {"dates", "amounts", "entities", "quotes"}


def test_opinions_and_intentions_are_not_flagged_facts_are():
    art = fr(
        "Le groupe Renault a vendu 2,2 millions de véhicules en 2023. La société compte conquérir de nouveaux marchés."
    )
    sold = claim_with(art, "2,2 millions")
    plan = claim_with(art, "conquérir")
    assert sold.checkworthy and sold.score > plan.score
    assert not plan.checkworthy
    assert all(0.0 <= c.score <= 1.0 for c in art.claims)
