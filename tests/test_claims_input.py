"""Awkward input: HTML and Markdown (offsets into the original), huge articles, text
without punctuation, mixed languages."""

import time

import pytest

from claims import ArticleError, extract, read_article
from claims.markup import kind_of
from tests.conftest import claim_with, fixture_text, texts


def test_html_markup_is_never_a_claim_and_offsets_index_the_page():
    page = fixture_text("renault_fr.html")
    art = extract(page)
    assert art.lang == "fr" and art.text == page
    assert art.title == "Renault agrandit son usine de Tanger"
    joined = " ".join(texts(art))
    for markup in ("<", "&rsquo;", "strong", "href", "tracker", "color"):
        assert markup not in joined
    money = claim_with(art, "près de 300 millions d’euros", "Tanger")
    assert money is not None and money.checkworthy, texts(art)
    assert page[money.start : money.end].startswith("Le constructeur Renault")
    assert page[money.end - len("Tanger.") : money.end] == "Tanger."
    amount = money.features["amounts"][0]
    assert page[amount["start"] : amount["end"]] == "300 millions d&rsquo;euros"
    assert (amount["value"], amount["currency"], amount["qualifier"]) == (300_000_000, "EUR", "about")
    date = money.features["dates"][0]
    assert page[date["start"] : date["end"]] == "mardi 5 mars 2024" and date["iso"] == "2024-03-05"
    byline = [s for s in art.sentences if "Jeanne Martin" in s.text]
    assert byline and byline[0].kind == "byline"
    assert page[byline[0].start : byline[0].end] == "Par Jeanne Martin"


def test_markdown_links_emphasis_tables_and_code_are_set_aside():
    md = fixture_text("orange_fr.md")
    art = extract(md)
    assert kind_of(md) == "markdown" and art.title == "Orange rachète un opérateur espagnol"
    deal = claim_with(art, "Orange a finalisé le rachat de MasMovil pour 8,1 milliards")
    assert deal is not None and deal.checkworthy, texts(art)
    assert "example.org" not in deal.text and "**" not in deal.text
    assert md[deal.start : deal.end].startswith("Orange**")
    assert "https://example.org/orange-masmovil" in md[deal.start : deal.end]
    assert claim_with(art, "Orange a ouvert des boutiques à Séville")
    joined = " ".join(texts(art))
    assert "prix" not in joined and "|" not in joined and "Boutiques" not in joined
    assert not [c for c in art.claims if c.checkworthy and "rédaction" in c.text]


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: costs no disk and no time
    t = time.perf_counter()
    with pytest.raises(ArticleError, match=r"^huge.txt: 52.4 MB is more than the 16.8 MB"):
        read_article(p)
    assert time.perf_counter() - t < 1


def test_a_50_mb_string_is_refused_at_once_with_the_limit_named():
    big = "Le groupe a ouvert un bureau à Lyon. " * 1_400_000
    t = time.perf_counter()
    with pytest.raises(ArticleError, match=r"at most 1,000,000 characters of text.*max_chars"):
        extract(big)
    assert time.perf_counter() - t < 1
    small = "Le groupe Renault a ouvert un bureau à Lyon en 2023."
    with pytest.raises(ArticleError, match="the text is 52 characters"):
        extract(small, lang="fr", max_chars=40)


def test_text_without_punctuation_is_cut_into_sentences():
    text = (
        "le géant californien OpenAI a annoncé le mercredi 9 octobre l’ouverture d’un bureau "
        "à Paris la société a déjà ouvert des bureaux à Londres et Dublin en 2023 "
        "Sam Altman le directeur général a déclaré que la France comptait beaucoup "
        "Google et Netflix disposent déjà d’un siège en France depuis 2015 "
        "la filiale emploie désormais 150 salariés dans le 8ème arrondissement "
    ) * 3
    art = extract(text, lang="fr")
    running = [s for s in art.sentences if s.kind == "sentence"]
    assert len(running) >= 4
    assert all(s.end - s.start <= 300 for s in running)
    assert any(c.checkworthy and "2023" in c.text for c in art.claims), texts(art)
    assert max(len(c.text) for c in art.claims) <= 320


def test_mixed_languages_each_paragraph_in_its_own_rules_and_others_set_aside():
    art = extract(fixture_text("mixed_fr_en_de.txt"))
    assert art.lang == "fr"
    english = claim_with(art, "delivered 735 aircraft")
    assert english is not None and english.checkworthy
    assert english.text.startswith("Airbus said"), english.text  # "The company" → Airbus
    assert {"value": 11, "unit": "%"}.items() <= english.features["amounts"][-1].items()
    assert not claim_with(art, "Unternehmen")
    assert any("line 3" in n and "'de'" in n for n in art.notes)
    assert art.to_json()["article"]["notes"] == art.notes


def test_seed_like_article_json_has_no_notes_key_when_nothing_was_left_out():
    art = extract(fixture_text("mistral_fr.txt"), lang="fr")
    assert art.notes == [] and "notes" not in art.to_json()["article"]
