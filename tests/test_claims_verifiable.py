"""Claims that can be checked on their own: one claim per dated fact of a sentence, the
subject a pronoun or a possessive stands for written in (when the parse makes it
clear), and the article's tense kept in the words the extractor writes."""

from claims import extract
from tests.conftest import claim_with, fixture_text, texts


def fr(text):
    return extract(text, lang="fr")


def needs_subject(claim) -> bool:
    return any(r.startswith("needs its subject") for r in claim.reasons)


# -- several dated facts in one sentence --------------------------------------------


def test_a_sentence_with_two_dated_facts_gives_one_claim_each_with_its_own_words():
    text = fixture_text("verifiable_fr.txt")
    art = fr(text)
    london = claim_with(art, "OpenAI a ouvert un bureau à Londres en juin 2022")
    dublin = claim_with(art, "OpenAI a ouvert un bureau à Dublin en septembre 2023")
    assert london and dublin and london.id != dublin.id, texts(art)
    assert "Dublin" not in london.text and "2023" not in london.text
    assert "Londres" not in dublin.text and "2022" not in dublin.text
    # each claim's offsets cover its own words, and only those of its fact
    assert text[london.start : london.end] == "OpenAI a ouvert un bureau à Londres en juin 2022"
    assert text[dublin.start : dublin.end] == "à Dublin en septembre 2023"
    # the later fact says which words it borrows from the first one
    pieces = [text[a:b] for a, b in dublin.spans]
    assert pieces == ["OpenAI a ouvert un bureau", "à Dublin en septembre 2023"]
    assert [d["iso"] for d in london.features["dates"]] == ["2022-06"]
    assert [d["iso"] for d in dublin.features["dates"]] == ["2023-09"]
    assert london.checkworthy and dublin.checkworthy


def test_a_chain_of_dated_facts_and_figures_gives_one_claim_per_fact():
    art = fr(
        "OpenAI a ouvert un bureau à Londres en 2022, à Dublin en 2023 puis à Paris en 2024. "
        "Mistral AI a levé 105 millions d'euros en juin 2023, puis 385 millions d'euros "
        "en décembre 2023."
    )
    for city, year in (("Londres", "2022"), ("Dublin", "2023"), ("Paris", "2024")):
        assert claim_with(art, f"OpenAI a ouvert un bureau à {city} en {year}."), texts(art)
    later = claim_with(art, "Mistral AI a levé 385 millions d'euros en décembre 2023")
    assert later is not None, texts(art)
    assert [a["value"] for a in later.features["amounts"]] == [385_000_000]
    # a later figure written without its unit keeps the first one's
    art = fr(
        "Nvidia a dépassé 3 000 milliards de dollars de capitalisation en juin 2024, "
        "puis 3 500 milliards en novembre 2024."
    )
    nvidia = claim_with(art, "Nvidia a dépassé 3 500 milliards de dollars de capitalisation en novembre 2024.")
    assert nvidia is not None, texts(art)
    assert [(a["value"], a["currency"]) for a in nvidia.features["amounts"]] == [(3_500_000_000_000, "USD")]


def test_a_later_fact_about_another_name_takes_that_name_as_subject():
    art = fr("Google a été fondée en 1998, et Alphabet en 2015.")
    assert claim_with(art, "Google a été fondée en 1998."), texts(art)
    assert claim_with(art, "Alphabet a été fondée en 2015."), texts(art)


def test_a_later_dated_fact_with_its_own_verb_borrows_only_the_subject():
    text = (
        "La société a été créée en 2015 à Lyon, puis rachetée par Google en 2020. "
        "Mistral AI a levé 105 millions d'euros en juin 2023 et a signé un accord avec "
        "Microsoft en février 2024."
    )
    art = fr(text)
    assert claim_with(art, "La société a été créée en 2015 à Lyon."), texts(art)
    bought = claim_with(art, "La société a été rachetée par Google en 2020.")
    signed = claim_with(art, "Mistral AI a signé un accord avec Microsoft en février 2024.")
    assert bought and signed, texts(art)
    assert text[bought.start : bought.end] == "rachetée par Google en 2020"
    assert [text[a:b] for a, b in bought.spans] == ["La société a été", "rachetée par Google en 2020"]
    assert "105" not in signed.text and signed.features["amounts"] == []


def test_an_ordinary_coordination_or_one_date_is_not_split():
    art = fr(
        "OpenAI a ouvert un bureau à Paris en 2024 et recrute des chercheurs. "
        "Le bureau de Londres, puis celui de Dublin, ont ouvert en 2023."
    )
    assert claim_with(art, "en 2024 et recrute des chercheurs"), texts(art)
    assert claim_with(art, "Londres", "Dublin"), texts(art)


# -- pronouns and possessives --------------------------------------------------------


def test_il_and_elle_take_the_previous_subject_of_their_gender_and_keep_the_article_words():
    text = fixture_text("verifiable_fr.txt")
    art = fr(text)
    raised = claim_with(art, "Arthur Mensch a levé 600 millions d'euros en juin 2024")
    second = claim_with(art, "Marie Curie a obtenu le prix Nobel de chimie en 1911")
    assert raised and second, texts(art)
    for claim, word, name in ((raised, "Il", "Arthur Mensch"), (second, "Elle", "Marie Curie")):
        assert not needs_subject(claim)
        assert len(claim.resolved) == 1
        r = claim.resolved[0]
        assert (r["text"], r["as"]) == (word, name)
        assert text[r["start"] : r["end"]] == word
        assert text[claim.start : claim.end].startswith(word)


def test_ils_takes_the_coordinated_subject_of_the_previous_sentence():
    art = fr(
        "Google et Microsoft ont investi 10 milliards de dollars en 2023. Ils ont ouvert des bureaux à Paris en 2024."
    )
    c = claim_with(art, "Google et Microsoft ont ouvert des bureaux à Paris en 2024")
    assert c is not None and not needs_subject(c), texts(art)
    assert c.resolved[0]["text"] == "Ils"


def test_a_resolved_pronoun_gets_back_the_article_of_its_name():
    art = fr("La Commission européenne a proposé le texte en 2021. Elle l'a adopté en 2024.")
    assert claim_with(art, "La Commission européenne l'a adopté en 2024."), texts(art)


def test_il_takes_an_organisation_the_parse_says_is_masculine():
    art = fr("Le groupe LVMH a publié ses résultats en janvier 2024. Il a ouvert 40 magasins en Chine en 2023.")
    assert claim_with(art, "LVMH a ouvert 40 magasins en Chine en 2023"), texts(art)


def test_a_pronoun_of_the_other_gender_stays_marked_as_needing_its_subject():
    art = fr(
        "Mistral AI a été fondée à Paris en 2023 par Arthur Mensch. "
        "Il a levé 600 millions d'euros en juin 2024. "
        "Marie Curie a reçu le prix Nobel en 1903. Il a été remis à Stockholm."
    )
    for start in ("Il a levé", "Il a été remis"):
        c = next(c for c in art.claims if c.text.startswith(start))
        assert needs_subject(c) and c.resolved == [], texts(art)


def test_an_impersonal_il_is_never_given_a_name():
    art = fr("Arthur Mensch a fondé Mistral AI en 2023. Il faut rappeler que le marché a doublé en 2024.")
    assert not claim_with(art, "Arthur Mensch faut"), texts(art)
    # and it needs no subject: the reviewer is not told one is missing
    impersonal = claim_with(art, "Il faut rappeler")
    assert impersonal is not None and not needs_subject(impersonal), texts(art)


def test_a_possessive_subject_names_its_owner():
    text = fixture_text("verifiable_fr.txt")
    art = fr(text)
    c = claim_with(art, "Le directeur d’Airbus a déclaré que l'usine de Toulouse ouvrirait en 2025")
    assert c is not None and not needs_subject(c), texts(art)
    assert c.resolved[0]["text"] == "Son directeur"
    art = fr(
        "Le groupe LVMH a publié ses résultats en janvier 2024. "
        "Sa filiale Sephora a ouvert 40 magasins en Chine en 2023."
    )
    assert claim_with(art, "Sephora est la filiale de LVMH"), texts(art)
    opened = claim_with(art, "Sephora a ouvert 40 magasins en Chine en 2023")
    assert opened is not None and not opened.text.startswith("Sa "), texts(art)


# -- tense ---------------------------------------------------------------------------


def test_rewritten_claims_keep_the_articles_tense():
    art = fr(
        "Mistral AI, fondée en 2023 par Arthur Mensch, a levé 600 millions d'euros. "
        "Cette filiale, située dans le 8e arrondissement, emploie 50 personnes."
    )
    assert claim_with(art, "Mistral AI a été fondée en 2023 par Arthur Mensch"), texts(art)
    assert not claim_with(art, "est fondée")
    assert claim_with(art, "filiale est située dans le 8e arrondissement"), texts(art)
    for said, wrote in (
        ("OpenAI annonce", "OpenAI affirme que"),
        ("OpenAI annonçait", "OpenAI affirmait que"),
        ("OpenAI a annoncé", "OpenAI a affirmé que"),
        ("Les deux sociétés ont annoncé", "Les deux sociétés ont affirmé que"),
    ):
        art = fr(f"{said} un bureau à Paris, affirmant que la France est un marché clé.")
        assert claim_with(art, wrote), texts(art)


def test_json_gains_spans_and_resolved_and_keeps_every_old_key():
    doc = fr(fixture_text("verifiable_fr.txt")).to_json()
    for c in doc["claims"]:
        assert list(c)[:9] == ["id", "text", "start", "end", "sentence", "checkworthy", "score", "reasons", "features"]
        assert c["spans"] and all(a < b for a, b in c["spans"])
        assert all(set(r) == {"text", "start", "end", "as"} for r in c["resolved"])
