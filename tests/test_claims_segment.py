"""Segmentation: offsets, hard line boundaries, headings/bylines/slogans set aside."""

from claims import extract
from claims.segment import split
from tests.conftest import fixture_text


def test_sentences_keep_exact_offsets():
    text = "Le groupe a ouvert un bureau. Il emploie 20 personnes.\nUn titre sans point"
    for start, end, _ in split(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
    assert [text[s:e] for s, e, _ in split(text)] == [
        "Le groupe a ouvert un bureau.",
        "Il emploie 20 personnes.",
        "Un titre sans point",
    ]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "M. Dupont a rencontré J. Martin à Lyon. Ils ont signé."
    assert len(split(text)) == 2


def test_headings_bylines_and_slogans_are_not_claims():
    art = extract(fixture_text("mistral_fr.txt"), lang="fr")
    kinds = {s.text: s.kind for s in art.sentences}
    assert kinds["Une ambition européenne"] == "heading"
    assert kinds["La Lettre du Numérique"] == "byline"
    assert kinds["Abonnez-vous à notre lettre"] == "slogan"
    assert kinds["Mistral AI ouvre un bureau à Londres"] == "heading"
    texts = " ".join(c.text for c in art.claims)
    assert "ambition européenne" not in texts
    assert "Lettre du Numérique" not in texts
    assert "Abonnez" not in texts


def test_title_is_the_heading_like_first_line():
    art = extract(fixture_text("mistral_fr.txt"), lang="fr")
    assert art.title == "Mistral AI ouvre un bureau à Londres"


def test_title_falls_back_to_given_title_then_first_sentence():
    text = (
        "Le groupe Orange a annoncé mardi une hausse de 5 % de son chiffre d’affaires "
        "au troisième trimestre, portée par la fibre et les services aux entreprises."
    )
    assert extract(text, lang="fr", title="Résultats").title == "Résultats"
    short = extract(text, lang="fr").title
    assert short.endswith("…") and len(short) <= 81
