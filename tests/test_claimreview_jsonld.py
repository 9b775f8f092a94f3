"""The sample's ClaimReview, as a site would publish it: every field Google's fact-check
documentation marks required, the French names of the default scale, valid JSON-LD
(expanded by pyld against schema.org's vocabulary, held locally: no network), and a
claimReviewed the reviewer can write, under 75 characters and never cut mid-word.

The sample is checked with the real model into a real database, on the default scale.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyld import jsonld

from checker.cli import cli
from checker.errors import InputError
from checker.report.formats import CLAIM_REVIEWED_MAX, shorten
from checker.review.steps import check_article, resolve_corpora
from checker.scale import default_scale
from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS
from checker.store.database import Store
from claims import read_article

REVIEW_URL = "https://desk.example.org/verifications/openai-paris"
SCHEMA = "https://schema.org/"

GOOGLE_REQUIRED = ("claimReviewed", "reviewRating", "url")
"""ClaimReview's required properties in Google's fact-check structured data guide; a
Rating requires `alternateName` (the textual rating shown)."""


def _schema_org_loader(url: str, options: dict | None = None) -> dict:
    """schema.org's context as JSON-LD reads it (its terms under the schema.org vocabulary),
    served locally: the test machine reaches no website."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"unexpected remote context {url}")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory, embedder) -> tuple[Path, list[dict]]:
    """The sample article checked on the default scale; a verdict on four claims."""
    path = tmp_path_factory.mktemp("claimreview") / "desk.db"
    store = Store(path)
    assert store.scale.name == default_scale().name
    names = resolve_corpora(store, embedder, [str(SAMPLE_CORPUS)])
    document = check_article(
        store,
        embedder,
        read_article(SAMPLE_ARTICLE),
        corpora=names,
        url="https://news.example/openai-paris",
        source="article_fr.txt",
    )
    claims = document["claims"][:4]
    for claim, code in zip(claims, ("false", "misleading", "missing_context", "mostly_true")):
        store.record_verdict(claim["id"], code, reviewer="Camille")
    store.close()
    return path, claims


def _export(path: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["export", "--format", "claimreview", "--db", str(path), *extra])
    return result.exit_code, result.stdout, result.stderr


def test_export_refuses_without_the_fact_check_page_url(sample, monkeypatch):
    monkeypatch.delenv("FACTCHECK_REVIEW_URL", raising=False)
    code, out, err = _export(sample[0])
    assert code == 2 and out == ""
    assert "--review-url" in err and "$FACTCHECK_REVIEW_URL" in err and "Traceback" not in err
    code, _, err = _export(sample[0], "--review-url", "javascript:alert(1)")
    assert code == 2 and "not an http(s) address" in err


def test_the_samples_claimreview_has_the_required_fields_french_names_and_is_json_ld(sample):
    path, claims = sample
    code, out, _ = _export(path, "--review-url", REVIEW_URL)
    assert code == 0
    reviews = json.loads(out)
    assert len(reviews) == 4
    scale = default_scale()
    by_id = {c["id"]: c for c in claims}
    for obj in reviews:
        assert all(obj.get(name) for name in GOOGLE_REQUIRED)
        claim_id = obj["url"].removeprefix(REVIEW_URL + "#claim-")
        assert claim_id in by_id
        assert len(obj["claimReviewed"]) < 75
        rating = obj["reviewRating"]
        assert rating["alternateName"] in {v.label("fr") for v in scale.values}
        assert {"ratingValue", "bestRating", "worstRating"} <= set(rating)
        assert obj["itemReviewed"]["@type"] == "Claim"
        [appearance] = obj["itemReviewed"]["appearance"]
        assert appearance["url"] == "https://news.example/openai-paris" and appearance["headline"]
        assert obj["datePublished"] and obj["author"]["name"]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == [
        "Faux",
        "Trompeur",
        "Manque de contexte",
        "Plutôt vrai",
    ]

    expanded = jsonld.expand(reviews, {"documentLoader": _schema_org_loader})
    assert len(expanded) == 4
    for node in expanded:
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        assert node[SCHEMA + "url"] and node[SCHEMA + "claimReviewed"][0]["@value"]
        [rating] = node[SCHEMA + "reviewRating"]
        assert rating["@type"] == [SCHEMA + "Rating"] and rating[SCHEMA + "alternateName"][0]["@value"]
        [item] = node[SCHEMA + "itemReviewed"]
        assert item["@type"] == [SCHEMA + "Claim"] and item[SCHEMA + "appearance"]


def test_the_reviewer_writes_claim_reviewed_and_it_is_never_cut(sample):
    path, claims = sample
    claim_id = claims[1]["id"]
    runner = CliRunner()
    mine = "OpenAI ouvre à Paris son premier bureau européen"
    result = runner.invoke(cli, ["claim-reviewed", claim_id, mine, "--reviewer", "Camille", "--db", str(path)])
    assert result.exit_code == 0, result.output
    too_long = "mot " * 20
    result = runner.invoke(cli, ["claim-reviewed", claim_id, too_long, "--db", str(path)])
    assert result.exit_code == 2 and "fewer than 75" in result.stderr and "Traceback" not in result.output
    _, out, _ = _export(path, "--review-url", REVIEW_URL)
    texts = {r["url"].rsplit("#claim-", 1)[1]: r["claimReviewed"] for r in json.loads(out)}
    assert texts[claim_id] == mine  # the refused text changed nothing
    # the others: the claim's own text, cut at a word boundary when longer
    for claim in claims:
        if claim["id"] != claim_id:
            text = texts[claim["id"]]
            assert text == shorten(claim["text"]) and len(text) <= CLAIM_REVIEWED_MAX
            flat = " ".join(claim["text"].split())
            assert text == flat or flat.startswith(text.removesuffix("…").rstrip() + " ")
    store = Store(path)
    with pytest.raises(InputError, match="fewer than 75"):
        store.set_claim_reviewed(claim_id, "x" * 75)
    assert store.set_claim_reviewed(claim_id, "  ") == ""  # back to the claim's text
    assert store.claim_reviewed(claim_id) is None
    store.close()
