"""Features: dates (with the article's year inferred), amounts, entities."""
import datetime as dt

from claims import extract
from claims.amounts import find_amounts
from claims.dates import find_dates, infer_year, resolve

from claims_helpers import claim_with


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
    got = iso_of("On Tuesday, October 8 the firm said it would open by the end of 2025. "
                 "It may grow.", lang="en")
    assert got["Tuesday, October 8"] in ("2024-10-08", "2019-10-08")
    assert got["by the end of 2025"] == "2025-12-31"
    assert "may" not in {k.lower() for k in got}


def test_money_numbers_percentages_and_number_words():
    amounts = {a.text: a for a in find_amounts(
        "Une levée de 6,6 milliards de dollars, 800 titres, 25 % des salariés, "
        "1 200 000 euros et deux organismes.", "fr")}
    money = amounts["6,6 milliards de dollars"]
    assert (money.value, money.unit, money.currency) == (6_600_000_000, "USD", "USD")
    assert (amounts["800 titres"].value, amounts["800 titres"].unit) == (800, "titres")
    assert amounts["25 %"].unit == "%"
    assert amounts["1 200 000 euros"].currency == "EUR"
    assert amounts["deux organismes"].value == 2


def test_years_and_articles_are_not_amounts():
    assert find_amounts("Un bureau ouvert en 2023 à Paris.", "fr") == []


def test_claim_features_and_reasons():
    art = extract("Le géant OpenAI a finalisé le mercredi 2 octobre 2024 une levée de "
                  "6,6 milliards de dollars.", lang="fr")
    c = claim_with(art, "6,6 milliards")
    assert c.checkworthy
    assert c.features["dates"][0]["iso"] == "2024-10-02"
    assert c.features["amounts"][0]["value"] == 6_600_000_000
    assert any(r.startswith("number: 6,6 milliards de dollars") for r in c.reasons)
    assert any(r.startswith("date: ") for r in c.reasons)
    assert {"text": "OpenAI", "label": c.features["entities"][0]["label"]} in c.features["entities"]
