"""Features: dates (with the article's year inferred), amounts, entities."""

import datetime as dt

from claims import extract
from claims.amounts import find_amounts
from claims.dates import find_dates, infer_year, resolve
from tests.conftest import claim_with


def iso_of(text, lang="fr", **kw):
    return {d.text: d.iso for d in resolve(find_dates(text, lang), lang, **kw)}


def test_weekday_picks_the_year_near_the_years_mentioned():
    text = "Le mercredi 9 octobre, la société a confirmé son plan pour 2024."
    assert iso_of(text)["mercredi 9 octobre"] == "2024-10-09"
    # the same day in an article about 2019: 9 October 2019 was a Wednesday too
    text19 = "Le mercredi 9 octobre, la société a confirmé son plan pour 2019."
    assert iso_of(text19)["mercredi 9 octobre"] == "2019-10-09"
    assert infer_year(find_dates("Le jeudi 12 septembre, rien en 2024.", "fr")) == 2024


def test_article_date_wins_and_resolves_relative_dates():
    got = iso_of("Hier, le 3 mars, tout a changé.", article_date=dt.date(2022, 3, 4))
    assert got["le 3 mars".split(" ", 1)[1]] == "2022-03-03"
    assert got["Hier"] == "2022-03-03"


def test_end_of_year_and_mid_month():
    got = iso_of("Prévu d’ici la fin 2024, annoncé vers la mi-septembre 2024.")
    assert got["d’ici la fin 2024"] == "2024-12-31"
    assert got["mi-septembre 2024"] == "2024-09-15"
    got = iso_of("Annoncé vers la mi-septembre, ouvert en 2023.")
    assert got["mi-septembre"] == "2023-09-15"


def test_english_dates():
    got = iso_of("On Tuesday, October 8 the firm said it would open by the end of 2025. It may grow.", lang="en")
    assert got["Tuesday, October 8"] in ("2024-10-08", "2019-10-08")
    assert got["by the end of 2025"] == "2025-12-31"
    assert "may" not in {k.lower() for k in got}


def test_money_numbers_percentages_and_number_words():
    amounts = {
        a.text: a
        for a in find_amounts(
            "Une levée de 6,6 milliards de dollars, 800 titres, 25 % des salariés, 1 200 000 euros et deux organismes.",
            "fr",
        )
    }
    money = amounts["6,6 milliards de dollars"]
    assert (money.value, money.unit, money.currency) == (6_600_000_000, "USD", "USD")
    assert (amounts["800 titres"].value, amounts["800 titres"].unit) == (800, "titres")
    assert amounts["25 %"].unit == "%"
    assert amounts["1 200 000 euros"].currency == "EUR"
    assert amounts["deux organismes"].value == 2


def test_years_and_articles_are_not_amounts():
    assert find_amounts("Un bureau ouvert en 2023 à Paris.", "fr") == []


def test_claim_features_and_reasons():
    art = extract(
        "Le géant OpenAI a finalisé le mercredi 2 octobre 2024 une levée de 6,6 milliards de dollars.", lang="fr"
    )
    c = claim_with(art, "6,6 milliards")
    assert c.checkworthy
    assert c.features["dates"][0]["iso"] == "2024-10-02"
    assert c.features["amounts"][0]["value"] == 6_600_000_000
    assert any(r.startswith("number: 6,6 milliards de dollars") for r in c.reasons)
    assert any(r.startswith("date: ") for r in c.reasons)
    assert {"text": "OpenAI", "label": c.features["entities"][0]["label"]} in c.features["entities"]


def test_past_and_next_days_resolve_around_the_given_date():
    text = "Le mercredi 9 octobre dernier, elle a annoncé un bureau. Le 3 mars prochain, il ouvrira."
    got = iso_of(text, article_date=dt.date(2025, 1, 15))
    assert got["mercredi 9 octobre dernier"] == "2024-10-09"
    assert got["3 mars prochain"] == "2025-03-03"
    got = iso_of("Vers la mi-septembre, un article est paru.", article_date=dt.date(2025, 1, 15))
    assert got["mi-septembre"] == "2024-09-15"  # the closest mid-September


def test_without_a_date_the_weekday_dates_the_article():
    art = extract(
        "Le géant OpenAI a annoncé le mercredi 9 octobre dernier un bureau à Paris "
        "pour 2024. Le 3 mars prochain, il ouvrira ses portes.",
        lang="fr",
    )
    assert (art.article_date, art.date_source) == ("2024-10-09", "text")
    dates = {d["text"]: d["iso"] for c in art.claims for d in c.features["dates"]}
    assert dates["mercredi 9 octobre dernier"] == "2024-10-09"
    assert dates["3 mars prochain"] == "2025-03-03"
    given = extract("Hier, le groupe Renault a vendu 300 voitures.", lang="fr", article_date=dt.date(2024, 5, 2))
    assert (given.article_date, given.date_source) == ("2024-05-02", "given")
    assert given.claims[0].features["dates"][0]["iso"] == "2024-05-01"


def test_approximate_and_bounded_amounts():
    got = {
        a.text: a
        for a in find_amounts("Elle a levé près de 6 milliards d’euros, plus de 300 salariés et 7 % de hausse.", "fr")
    }
    six = got["6 milliards d’euros"]
    assert (six.value, six.currency, six.qualifier) == (6_000_000_000, "EUR", "about")
    assert got["300 salariés"].qualifier == "more than"
    assert (got["7 %"].value, got["7 %"].unit, got["7 %"].qualifier) == (7, "%", None)
    en = {a.text: a for a in find_amounts("Acme raised nearly $6.6 billion and 2.5bn euros.", "en")}
    assert (en["$6.6 billion"].value, en["$6.6 billion"].currency) == (6_600_000_000, "USD")
    assert en["$6.6 billion"].qualifier == "about"
    assert (en["2.5bn euros"].value, en["2.5bn euros"].currency) == (2_500_000_000, "EUR")


def test_opinions_intentions_slogans_headings_and_bylines_are_not_flagged():
    art = extract(
        "Les géants du numérique face à l’Europe\n"
        "Le groupe Renault a vendu 2,2 millions de véhicules en 2023. "
        "Je pense que la société devrait mieux communiquer. "
        "La société souhaite conquérir de nouveaux marchés.\n"
        "Par Jeanne Martin\n"
        "Rejoignez-nous !",
        lang="fr",
    )
    flagged = [c.text for c in art.claims if c.checkworthy]
    assert any("2,2 millions" in t for t in flagged)
    for words in ("pense", "conquérir", "géants du numérique", "Jeanne Martin", "Rejoignez"):
        assert not any(words in t for t in flagged), (words, flagged)
    sold = claim_with(art, "2,2 millions")
    assert any(r.startswith("number:") for r in sold.reasons)
    opinion = claim_with(art, "pense")
    assert opinion is not None and "opinion marker" in opinion.reasons
