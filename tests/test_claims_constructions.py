"""Each construction of news French the extractor turns into atomic claims, pinned on
real sentences: coordination, appositions, relative clauses, carried subjects,
demonstratives, reported speech, entity labels from context."""

from claims import extract
from tests.conftest import claim_with, texts


def fr(text, **kw):
    return extract(text, lang="fr", **kw)


def labels(claim):
    return {e["text"]: e["label"] for e in claim.features["entities"]}


def test_two_coordinated_cities_give_two_claims_with_their_own_words():
    text = (
        "L’entreprise spécialisée dans l’intelligence artificielle, OpenAI, poursuit son "
        "expansion. Sa stratégie est celle de la société, qui a déjà ouvert des bureaux à "
        "Londres et Dublin en 2023."
    )
    art = fr(text)
    london = claim_with(art, "OpenAI a déjà ouvert des bureaux à Londres en 2023")
    dublin = claim_with(art, "OpenAI a déjà ouvert des bureaux à Dublin en 2023")
    assert london and dublin and london.id != dublin.id, texts(art)
    assert "Dublin" not in london.text and "Londres" not in dublin.text
    assert dublin.checkworthy and dublin.features["dates"][0]["iso"] == "2023"
    assert "Dublin" in text[dublin.start : dublin.end]


def test_three_coordinated_cities_after_a_pronoun():
    art = fr(
        "Le groupe Decathlon a présenté ses comptes à Lille. Elle a également annoncé "
        "qu’elle allait s’implanter à Bruxelles, New York et Singapour."
    )
    for city in ("Bruxelles", "New York", "Singapour"):
        c = claim_with(art, "Decathlon", city)
        assert c is not None and c.checkworthy, texts(art)
        others = {"Bruxelles", "New York", "Singapour"} - {city}
        assert not any(o in c.text for o in others)


def test_apposition_about_a_place_gives_claims_about_the_company():
    art = fr("La banque est déjà présente à Londres, le siège original de DeepMind, la filiale d’IA de Google.")
    seat = claim_with(art, "Londres est le siège original de DeepMind")
    sub = claim_with(art, "DeepMind est la filiale d’IA de Google")
    assert seat and sub, texts(art)
    assert labels(sub)["DeepMind"] == "ORG"  # told by "la filiale", not by the NER


def test_company_nouns_and_action_verbs_make_an_org_label():
    art = fr(
        "Le géant californien OpenAI a annoncé l’ouverture d’un bureau à Paris. OpenAI a finalisé une levée de fonds."
    )
    for c in art.claims:
        if "OpenAI" in labels(c):
            assert labels(c)["OpenAI"] == "ORG", (c.text, labels(c))


def test_role_in_apposition_makes_a_person():
    art = fr("Julie Ferrand, la directrice générale de Cobalys, a déclaré que la société recrutait.")
    c = claim_with(art, "Julie Ferrand est la directrice générale de Cobalys")
    assert c is not None and labels(c)["Julie Ferrand"] == "PER", texts(art)


def test_definite_description_subject_takes_the_organisation():
    art = fr(
        "Le groupe Michelin a publié ses résultats. L’entreprise s’apprête à recruter "
        "400 ingénieurs à Clermont-Ferrand."
    )
    c = claim_with(art, "Michelin s’apprête à recruter 400 ingénieurs")
    assert c is not None and c.checkworthy, texts(art)


def test_demonstrative_names_the_company_and_the_place_it_set_up_in():
    art = fr(
        "Le géant californien OpenAI a annoncé l’ouverture d’un bureau à Paris. Cette "
        "nouvelle filiale, située dans le 8ème arrondissement, s’inscrit dans la "
        "stratégie de la société."
    )
    where = claim_with(art, "La nouvelle filiale d’OpenAI à Paris est située dans le 8ème arrondissement")
    assert where is not None and where.checkworthy, texts(art)
    assert claim_with(art, "La nouvelle filiale d’OpenAI à Paris s’inscrit dans la stratégie d’OpenAI"), texts(art)


def test_demonstrative_without_one_clear_place_names_only_the_company():
    art = fr("Airbus a annoncé des bureaux à Madrid et Rome. Cette implantation doit créer 300 emplois.")
    c = claim_with(art, "L’implantation d’Airbus doit créer 300 emplois")
    assert c is not None, texts(art)


def test_company_after_a_preposition_is_named():
    art = fr(
        "Le constructeur Renault a ouvert une usine à Tanger. Sam Durand a déclaré que "
        "cette usine permettra à l’entreprise de produire 300 000 voitures."
    )
    c = claim_with(art, "permettra à Renault de produire 300 000 voitures")
    assert c is not None, texts(art)


def test_participial_speech_becomes_an_attribution_claim_with_its_speaker():
    art = fr(
        "Sam Altman, le directeur général d’OpenAI, a souligné l’importance de la France, "
        "affirmant que « la France est mondialement reconnue pour son leadership »."
    )
    c = claim_with(art, "Sam Altman a affirmé que « la France est mondialement reconnue")
    assert c is not None and c.checkworthy, texts(art)
    assert c.features["quotes"][0]["speaker"] == "Sam Altman"
    assert claim_with(art, "Sam Altman est le directeur général d’OpenAI")


def test_the_articles_words_are_kept_even_when_misspelt():
    art = fr("OpenAI a publié ses résultats. Elle a annoncé qu’elle vous s’implanter à Rome.")
    assert claim_with(art, "OpenAI a annoncé qu’elle vous s’implanter à Rome"), texts(art)


def test_every_claim_points_at_its_words():
    text = (
        "Le groupe Orange a finalisé le rachat de MasMovil. La société, qui compte "
        "38 000 salariés en Espagne, a ouvert des boutiques à Madrid et Séville."
    )
    art = fr(text)
    for c in art.claims:
        span = text[c.start : c.end]
        assert span and span == span.strip()
        first = c.text.split()[0].strip("«»,.")
        assert first in span or first == "Orange", (c.text, span)
    seville = claim_with(art, "Séville")
    assert seville.text == "Orange a ouvert des boutiques à Séville.", texts(art)
