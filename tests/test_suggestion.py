"""Suggestions from claim vs evidence: agreement, differing figures, missing names or quotes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.verify.suggestion import assess, coverage, names, numbers, suggest


def test_numbers_read_french_and_english_writing():
    assert numbers("levée de 6,6 milliards de dollars en 2024") == {6.6, 2024.0}
    assert numbers("raised 6.6 billion dollars") == {6.6}
    assert numbers("1 250 000 habitants") == {1250000.0}


def test_names_skip_the_first_word_and_stop_words():
    assert names("Le siège de DeepMind est à Londres.") == ["deepmind", "londres"]
    assert names("L'article de L'Informé a été publié.") == ["informe"]


def test_coverage_matches_inflections_and_accents():
    share, found, missing = coverage("L'implantation à Bruxelles", "OpenAI prévoit de s'implanter à Bruxelles")
    assert share == 1.0 and found == ["implantation", "bruxelles"] and missing == []


def test_agreement_is_supported():
    outcome, signals = assess(
        "OpenAI a ouvert un bureau à Dublin en 2023.",
        "En septembre 2023, OpenAI a annoncé un bureau à Dublin, en Irlande.",
        0.9,
    )
    assert outcome == "supported"
    assert "same figures: 2023" in signals


def test_a_different_year_is_contradicted_and_shown():
    outcome, signals = assess(
        "OpenAI a ouvert un bureau à Dublin en 2022.",
        "En septembre 2023, OpenAI a annoncé un bureau à Dublin, en Irlande.",
        0.9,
    )
    assert outcome == "contradicted"
    assert "figures differ: claim 2022 vs evidence 2023" in signals


def test_a_day_is_not_compared_with_a_year():
    outcome, _ = assess(
        "OpenAI a annoncé le 9 octobre un bureau à Paris.",
        "En octobre 2024, OpenAI a annoncé un bureau à Paris.",
        0.9,
    )
    assert outcome != "contradicted"


def test_a_quote_absent_from_the_evidence_is_no_evidence():
    outcome, signals = assess(
        "Sam Altman a déclaré que « la France est un vivier de talents ».",
        "Sam Altman est le directeur général d'OpenAI.",
        0.9,
    )
    assert outcome == "no evidence"
    assert any(s.startswith("quote not found") for s in signals)


def test_a_passage_about_another_company_is_no_evidence():
    outcome, signals = assess(
        "Le bureau d'OpenAI est dans le 8e arrondissement de Paris.",
        "Le siège de Google est dans le 9e arrondissement de Paris.",
        0.88,
        actors=["OpenAI"],
    )
    assert outcome == "no evidence"
    assert "none of the people or organisations in the claim: OpenAI" in signals


def test_suggest_without_passages_says_so():
    assert suggest("Une affirmation.", []) == ("no evidence", ["no passage in the corpus"])


def test_suggest_takes_the_strongest_of_the_first_passages():
    evidence = [
        {"passage_id": "x", "text": "Mistral AI a été fondée à Paris en 2023.", "dense": 0.85},
        {"passage_id": "y", "text": "OpenAI a ouvert un bureau à Londres en 2023.", "dense": 0.9},
    ]
    outcome, signals = suggest("OpenAI a ouvert un bureau à Londres en 2023.", evidence)
    assert outcome == "supported" and signals[0].startswith("decided by y: supported")


@given(st.text(max_size=200), st.text(max_size=200), st.floats(min_value=-1, max_value=1))
def test_assess_never_fails_on_any_text(claim, passage, dense):
    outcome, signals = assess(claim, passage, dense)
    assert outcome in {"supported", "contradicted", "related", "no evidence"}
    assert all(isinstance(s, str) for s in signals)


def test_figures_written_in_words_are_compared():
    outcome, signals = assess("Le groupe publie cinq titres.", "The group publishes four titles.", 0.9)
    assert outcome == "contradicted"
    assert "figures differ: claim 5 vs evidence 4" in signals


def test_amounts_agree_across_scales_and_languages():
    outcome, signals = assess(
        "OpenAI a levé 6,6 milliards de dollars.", "OpenAI raised 6.6 billion dollars.", 0.9, actors=["OpenAI"]
    )
    assert outcome == "supported"
    assert "same figures: 6.6" in signals


def test_a_year_differing_from_a_translated_passage_is_contradicted(embedder):
    from checker.verify.suggestion import Thresholds

    claim, passage = "Mistral AI a été fondée en 2022.", "Mistral AI was founded in April 2023."
    dense = float(embedder.encode_queries([claim])[0] @ embedder.encode_passages([passage])[0])
    assert dense >= Thresholds().crosslingual_dense
    outcome, signals = assess(claim, passage, dense)
    assert outcome == "contradicted"
    assert "figures differ: claim 2022 vs evidence 2023" in signals


def test_the_same_year_with_another_month_or_day_is_contradicted():
    outcome, signals = assess(
        "OpenAI a ouvert un bureau à Dublin en mars 2023.", "OpenAI opened an office in Dublin in September 2023.", 0.9
    )
    assert outcome == "contradicted" and "dates differ: claim 2023-03 vs evidence 2023-09" in signals
    outcome, signals = assess(
        "OpenAI a annoncé le 9 octobre un bureau à Paris.",
        "Le 12 octobre 2024, OpenAI a annoncé un bureau à Paris.",
        0.9,
    )
    assert outcome == "contradicted" and any(s.startswith("dates differ: claim day 9") for s in signals)


def test_one_side_negated_is_contradicted_and_said():
    outcome, signals = assess(
        "Les vaccins anti-Covid rendent stériles.",
        "Les vaccins anti-Covid n'entraînent pas de stérilité chez les vaccinés.",
        0.9,
    )
    assert outcome == "contradicted"
    assert "one side is negated: the evidence denies what the other states" in signals


def test_a_figure_the_evidence_never_gives_is_no_evidence():
    outcome, signals = assess(
        "La filiale d'OpenAI à Paris est dans le 8ème arrondissement.",
        "OpenAI a annoncé de nouveaux bureaux à Paris et à Bruxelles.",
        0.88,
    )
    assert outcome == "no evidence"
    assert "none of the claim's figures is in the evidence" in signals
