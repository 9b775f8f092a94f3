"""The verifier on the issue's typical misses: each a small claim/passage fixture, the
cosine from the real model, the decision from the committed weights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.verify.facts import align, facts, is_negated
from checker.verify.learned import FEATURES, load_model
from checker.verify.suggestion import verify

FIXTURES = Path(__file__).parent / "fixtures" / "verify"


def _evidence(embedder, claim: str, passages: list[str]) -> list[dict]:
    q = embedder.encode_queries([claim])[0]
    d = embedder.encode_passages(passages)
    return [{"passage_id": f"p{i + 1}", "text": t, "dense": float(q @ d[i])} for i, t in enumerate(passages)]


CONTRADICTIONS = [
    ("DeepMind a été fondée à Lyon en 2010.", "DeepMind was founded in Paris in 2010.", "place"),
    ("Mistral AI a levé 600 millions de dollars.", "Mistral AI raised 600 million euros.", "currency"),
    (
        "La cérémonie d'ouverture des Jeux a eu lieu le 24 juillet.",
        "La cérémonie d'ouverture des Jeux a eu lieu le 26 juillet.",
        "date",
    ),
    (
        "Aleph Alpha, basée à Munich, a levé 500 millions de dollars.",
        "Aleph Alpha, basée à Heidelberg, a levé 500 millions de dollars.",
        "place",
    ),
    (
        "OpenAI a ouvert son premier bureau à Dublin.",
        "OpenAI announced on 28 June 2023 that it was opening an office in London, its first office outside the United States.",
        "place",
    ),
    (
        "Google est dans le 8e arrondissement.",
        "Le siège français de Google est à Paris, au 8 rue de Londres, dans le 9e arrondissement.",
        "figure",
    ),
    (
        "OpenAI a levé 6,8 milliards de dollars.",
        "Le 2 octobre 2024, OpenAI a annoncé avoir levé 6,6 milliards de dollars de nouveaux financements.",
        "figure",
    ),
]


def evidence_probability(claim: str, passage: str, result: dict) -> float:
    return result["_evidence"][0]["probabilities"]["contradicted"]


@pytest.mark.parametrize("claim,passage,slot", CONTRADICTIONS)
def test_the_same_slot_with_another_value_is_contradicted(embedder, claim, passage, slot):
    evidence = _evidence(embedder, claim, [passage])
    result = verify(claim, evidence)
    result["_evidence"] = evidence
    assert result["suggestion"] == "contradicted", result
    assert result["decided_by"] == "p1"
    assert any(d.startswith(slot) for d in result["differences"]), result["differences"]
    # the confidence is the model's probability of "contradicted" for the deciding passage
    assert 0.0 < result["confidence"] <= 1.0
    assert evidence_probability(claim, passage, result) == pytest.approx(result["confidence"], abs=1e-3)


def test_a_street_number_is_not_an_arrondissement():
    al = align("Google est dans le 8e arrondissement.", "Google est au 8 rue de Londres, dans le 9e arrondissement.")
    assert al.figure_conflict == 1 and al.figure_match == 0


def test_gold_medals_are_not_medals():
    al = align(
        "La France a remporté 64 médailles d'or.", "La France a remporté 16 médailles d'or et 64 médailles au total."
    )
    assert al.figure_match == 0 and al.figure_conflict == 1


def test_an_organisation_in_the_same_role_differs():
    al = align(
        "La directive a été proposée par la Commission.", "La directive a été proposée par le Parlement européen."
    )
    assert al.agent_conflict == 1


def test_an_idiom_is_not_a_negation(embedder):
    assert not is_negated("La France n'est pas en reste dans la course à l'IA.")
    assert not is_negated("Les auteurs indiquent s'ils acceptent ou non l'usage de leurs œuvres.")
    assert is_negated("Le vaccin n'entraîne pas de stérilité.")
    claim = "La France n'est pas en reste dans l'IA : Mistral AI a été fondée à Paris en 2023."
    result = verify(claim, _evidence(embedder, claim, ["Mistral AI a été fondée à Paris en 2023."]))
    assert result["suggestion"] != "contradicted"
    assert not any(d.startswith("negation") for d in result["differences"])


def test_a_contradiction_in_the_second_passage_counts(embedder):
    claim = "DeepMind a été fondée à Lyon en 2010."
    evidence = _evidence(
        embedder,
        claim,
        [
            "Lyon accueille chaque année la Fête des lumières en décembre.",
            "DeepMind a été fondée à Londres en 2010 et rachetée par Google en 2014.",
        ],
    )
    result = verify(claim, evidence)
    assert result["suggestion"] == "contradicted"
    assert result["decided_by"] == "p2"
    assert any("the first passage, p1" in s for s in result["signals"])


def test_agreement_on_every_slot_is_supported(embedder):
    claim = "Mistral AI a levé 600 millions d'euros en juin 2024."
    result = verify(
        claim,
        _evidence(
            embedder, claim, ["Mistral AI, founded in Paris in April 2023, raised 600 million euros in June 2024."]
        ),
    )
    assert result["suggestion"] == "supported" and result["differences"] == []


def test_a_figure_the_passage_never_gives_is_not_supported(embedder):
    claim = "Anthropic emploie 2 000 personnes à San Francisco."
    result = verify(
        claim,
        _evidence(
            embedder,
            claim,
            ["Anthropic was founded in 2021 by former OpenAI employees; its headquarters is in San Francisco."],
        ),
    )
    assert result["suggestion"] != "supported"


def test_unrelated_candidates_are_shown_as_such(embedder):
    claim = "Le Louvre a accueilli 8,7 millions de visiteurs en 2023."
    evidence = _evidence(
        embedder, claim, ["Nvidia a annoncé un chiffre d'affaires de 30 milliards de dollars en 2024."]
    )
    result = verify(claim, evidence)
    assert result["suggestion"] == "no evidence"
    assert result["decided_by"] is None and result["differences"] == []
    assert not any(s.startswith("differs") for s in evidence[0]["signals"])
    assert result["confidence"] > 0.5  # confident that nothing addresses the claim


def test_dates_compare_at_their_precision():
    assert (
        align("OpenAI a annoncé un bureau le 9 octobre.", "En octobre 2024, OpenAI a annoncé un bureau.").date_conflict
        == 0
    )
    assert align("ChatGPT a été lancé en janvier 2023.", "ChatGPT was released on 30 November 2022.").date_conflict == 1
    assert align("Le 9 octobre 2024 était un jeudi.", "Le 9 octobre 2024 était un mercredi.").date_conflict == 1


def test_figures_read_with_the_shared_parsers():
    f = facts("On 2 October 2024 OpenAI raised 6.6 billion US dollars.")
    assert [(x.value, x.currency) for x in f.figures] == [(6.6e9, "USD")]


def test_the_committed_model_matches_the_features():
    model = load_model()
    assert tuple(model["features"]) == FEATURES
    assert len(model["coef"]) == 3 and all(len(row) == len(FEATURES) for row in model["coef"])


def test_the_labelled_fixture_pairs_are_decided_as_labelled(embedder):
    pairs = [json.loads(line) for line in (FIXTURES / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = {"supported": "supported", "contradicted": "contradicted", "unrelated": "no evidence"}
    right = sum(
        verify(p["claim"], _evidence(embedder, p["claim"], [p["passage"]]))["suggestion"] == expected[p["label"]]
        for p in pairs
    )
    # trained on, yet a few cross-language names ("Tour Eiffel"/"Eiffel Tower", "OMS"/"WHO")
    # and a role read by the preposition alone ("par le Parlement") still miss
    assert right >= len(pairs) - 5


def test_the_passage_telling_the_claims_fact_decides_over_one_naming_its_place(embedder):
    # the first passage has the claim's city, but for offices; the second tells where
    # the headquarters are, with another city: that one decides
    claim = "Le siège de Mistral AI est à Lyon."
    evidence = _evidence(
        embedder,
        claim,
        [
            "En 2024, Mistral AI a indiqué prévoir l'ouverture de nouveaux bureaux à Londres, Munich, Singapour et Lyon.",
            "Mistral AI a été fondée en avril 2023 ; son siège est à Paris, dans le 15e arrondissement.",
        ],
    )
    result = verify(claim, evidence)
    assert result["suggestion"] == "contradicted"
    assert result["decided_by"] == "p2"
    assert any(d.startswith("place") for d in result["differences"])
