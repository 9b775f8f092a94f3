"""Reports: one real review in a real SQLite file, rendered in every format and compared
with exact expected text in tests/fixtures/report/.

The review is built through the Store API exactly as the UI and the CLI would (no model
is needed: matches are stored as given). Its notes carry the hostile text a reviewer can
paste: HTML, quotes, newlines, a spreadsheet formula and a `javascript:` Markdown link.

After a deliberate change of a format, regenerate the expected files with
`REGENERATE_REPORT_FIXTURES=1 python -m pytest tests/test_report.py` and review the diff.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import NotFoundError
from checker.report.contents import Report, build_report
from checker.report.formats import (
    CLAIM_REVIEWED_MAX,
    CSV_COLUMNS,
    FILE_EXTENSIONS,
    MEDIA_TYPES,
    RENDERERS,
    shorten,
)
from checker.scale import legacy_scale
from checker.settings import Settings
from checker.store.corpus_files import make_passage, text_hash
from checker.store.database import Store

FIXTURES = Path(__file__).parent / "fixtures" / "report"
REGENERATE = os.environ.get("REGENERATE_REPORT_FIXTURES") == "1"
GENERATED_AT = "2024-10-12T08:30:00+00:00"
SETTINGS = Settings(
    organisation="Le Desk & Cie",
    organisation_url="https://desk.example.org/",
    review_url="https://desk.example.org/verifications/openai-paris",
)
THREE = legacy_scale()
"""The expected texts were written on the three-value preset (true / false / unclear)."""
MODEL = "intfloat/multilingual-e5-small"

ARTICLE_FR = (
    "Le mercredi 9 octobre, OpenAI a annoncé l'ouverture d'un bureau à Paris. "
    "OpenAI a ouvert un bureau à Londres en 2023. "
    "« Notre implantation à Paris permettra d'accélérer l'adoption de l'intelligence artificielle "
    "par les entreprises françaises », a déclaré Sam Altman, le directeur général d'OpenAI. "
    "La filiale parisienne est située dans le 8ème arrondissement. "
    "C'est une bonne nouvelle pour la capitale."
)
ARTICLE_EN = "OpenAI opened an office in Dublin in 2023. It was the company's first office in the EU."
ARTICLE_EMPTY = "Google dispose déjà d'un siège en France. Netflix aussi."


@dataclass
class Claim:
    """What the extractor hands to Store.save_article."""

    id: str
    text: str
    start: int
    end: int
    sentence: str
    checkworthy: bool
    score: float
    reasons: list[str] = field(default_factory=list)
    features: dict = field(default_factory=dict)


def claim(article: str, claim_id: str, sentence: str, text: str | None = None, **kw) -> Claim:
    start = article.index(sentence)
    return Claim(claim_id, text or sentence, start, start + len(sentence), sentence, **kw)


PASSAGES = [
    make_passage(
        id="F01-fr",
        text="Le 28 juin 2023, OpenAI a annoncé l'ouverture d'un bureau à Londres, son premier bureau hors des États-Unis.",
        title="OpenAI ouvre un bureau à Londres",
        source="Blog d'OpenAI",
        url="https://openai.example/blog/london",
        date="2023-06-28",
        lang="fr",
    ),
    make_passage(
        id="F02-en",
        text="In September 2023 OpenAI announced a new office in Dublin, Ireland, its first office in the European Union.",
        title="Introducing OpenAI Dublin",
        source="OpenAI blog",
        url="https://openai.example/blog/dublin",
        date="2023-09",
        lang="en",
    ),
    make_passage(
        id="F03-fr",
        text="OpenAI a annoncé le 9 octobre 2024 l'ouverture d'un bureau à Paris <d'ici la fin de l'année>.",
        title="",
        source='=HYPERLINK("http://evil.example")',
        url="javascript:alert(2)",
        date="2024-10-09",
        lang="fr",
    ),
]


def _pin_times(store: Store) -> Store:
    """Verdicts are stamped with the wall clock; exact expected text needs fixed stamps.

    Test-data setup only: the append-only trigger is lifted to rewrite the stamps (one
    minute apart, in recording order) and comes back when the file is reopened."""
    store.db.execute("DROP TRIGGER verdicts_append_only_update")
    ids = [r[0] for r in store.db.execute("SELECT id FROM verdicts ORDER BY id").fetchall()]
    for i, vid in enumerate(ids):
        store.db.execute(
            "UPDATE verdicts SET created_at = ? WHERE id = ?", [f"2024-10-11T09:{i:02d}:00.000000+00:00", vid]
        )
    for i, (aid,) in enumerate(store.db.execute("SELECT id FROM articles ORDER BY rowid").fetchall()):
        store.db.execute("UPDATE articles SET created_at = ? WHERE id = ?", [f"2024-10-11T08:0{i}:00+00:00", aid])
    path = store.path
    store.close()
    return Store(path)


@pytest.fixture
def review(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    """A French article reviewed by two people, an English one, and one nobody reviewed."""
    store = Store(tmp_path / "desk.db", scale=THREE)
    store.upsert_passages("sample", PASSAGES)
    pk = {r["id"]: r["pk"] for r in store.db.query("SELECT pk, id FROM passages")}

    fr_claims = [
        claim(
            ARTICLE_FR,
            "c-paris",
            "Le mercredi 9 octobre, OpenAI a annoncé l'ouverture d'un bureau à Paris.",
            "OpenAI a annoncé le mercredi 9 octobre l'ouverture d'un bureau à Paris.",
            checkworthy=True,
            score=0.91,
            reasons=["date", "entité"],
        ),
        claim(
            ARTICLE_FR,
            "c-london",
            "OpenAI a ouvert un bureau à Londres en 2023.",
            checkworthy=True,
            score=0.87,
            reasons=["date", "lieu"],
        ),
        claim(
            ARTICLE_FR,
            "c-altman",
            "« Notre implantation à Paris permettra d'accélérer l'adoption de l'intelligence artificielle "
            "par les entreprises françaises », a déclaré Sam Altman, le directeur général d'OpenAI.",
            "Sam Altman a déclaré que l'implantation à Paris permettra d'accélérer l'adoption de "
            "l'intelligence artificielle par les entreprises françaises.",
            checkworthy=True,
            score=0.64,
            reasons=["citation"],
            features={"quotes": [{"text": "Notre implantation…", "speaker": "Sam Altman"}]},
        ),
        claim(
            ARTICLE_FR,
            "c-8e",
            "La filiale parisienne est située dans le 8ème arrondissement.",
            checkworthy=True,
            score=0.72,
            reasons=["lieu"],
        ),
        claim(
            ARTICLE_FR,
            "c-opinion",
            "C'est une bonne nouvelle pour la capitale.",
            checkworthy=False,
            score=0.08,
            reasons=["opinion"],
        ),
    ]
    fr = store.save_article(
        text=ARTICLE_FR,
        title="OpenAI ouvre un bureau à Paris <b>après Londres</b>",
        lang="fr",
        sha256=text_hash(ARTICLE_FR),
        claims=fr_claims,
        source="Exemple Actu",
        url="https://news.example/tech/openai-paris?x=1&y=2",
        published="2024-10-10",
    )
    checks = {
        "c-paris": ("supported", ["date: 9 octobre = 9 octobre 2024"], ["F03-fr", "F01-fr"]),
        "c-london": ("supported", ["date: 2023 = 28 juin 2023", "lieu: Londres"], ["F01-fr", "F02-en"]),
        "c-altman": ("related", [], ["F03-fr"]),
        "c-8e": ("no evidence", [], []),
    }
    for cid, (suggestion, signals, ids) in checks.items():
        store.save_check(
            cid,
            model=MODEL,
            corpora=["sample"],
            suggestion=suggestion,
            signals=signals,
            matches=[
                {"pk": pk[pid], "score": round(0.9 - 0.1 * i, 3), "dense": 0.8, "lexical": 3.5}
                for i, pid in enumerate(ids)
            ],
        )
    store.record_verdict(
        "c-paris",
        "true",
        note='Confirmé par le communiqué <script>alert("x")</script>\n"Paris" & \'Londres\'',
        evidence=["F03-fr"],
        reviewer="Alice Martin",
    )
    store.record_verdict("c-london", "unclear", note="à revoir", reviewer="Bob")
    store.record_verdict(
        "c-london",
        "false",
        note="=SUM(A1)\nLe bureau de Londres a ouvert en juin 2023 ; vérifier la date exacte.",
        evidence=["F01-fr", "F02-en"],
        reviewer="Alice Martin",
    )
    store.record_verdict(
        "c-altman",
        "unclear",
        note="Citation non retrouvée : [voir ici](javascript:alert(1)) `code` *gras* # titre\n- puce",
        reviewer="Bob",
    )
    store.record_verdict("c-8e", "true", reviewer="Bob")
    store.record_verdict("c-8e", "unreviewed", reviewer="Bob")

    en = store.save_article(
        text=ARTICLE_EN,
        title="OpenAI opens its Dublin office",
        lang="en",
        sha256=text_hash(ARTICLE_EN),
        claims=[
            claim(ARTICLE_EN, "e-dublin", "OpenAI opened an office in Dublin in 2023.", checkworthy=True, score=0.8),
            claim(
                ARTICLE_EN,
                "e-first",
                "It was the company's first office in the EU.",
                "Dublin was OpenAI's first office in the EU.",
                checkworthy=True,
                score=0.7,
            ),
        ],
    )
    store.save_check(
        "e-dublin",
        model=MODEL,
        corpora=["sample"],
        suggestion="supported",
        signals=["date: 2023"],
        matches=[{"pk": pk["F02-en"], "score": 0.95}],
    )
    store.record_verdict("e-dublin", "true", note="Matches the announcement.", evidence=["F02-en"], reviewer="Chris")
    store.record_verdict("e-first", "false", note="", reviewer="Chris")

    empty = store.save_article(
        text=ARTICLE_EMPTY,
        title="Les géants américains en France",
        lang="fr",
        sha256=text_hash(ARTICLE_EMPTY),
        claims=[
            claim(ARTICLE_EMPTY, "g-google", "Google dispose déjà d'un siège en France.", checkworthy=True, score=0.7),
            claim(
                ARTICLE_EMPTY,
                "g-netflix",
                "Netflix aussi.",
                "Netflix dispose déjà d'un siège en France.",
                checkworthy=True,
                score=0.6,
            ),
        ],
    )
    store = _pin_times(store)
    yield store, {"fr": fr, "en": en, "empty": empty}
    store.close()


def _report(store: Store, article_id: str | None) -> Report:
    return build_report(store, article_id, settings=SETTINGS, generated_at=GENERATED_AT)


def _expect(name: str, text: str) -> None:
    path = FIXTURES / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


# ---------------------------------------------------------------- exact outputs


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_article_export_matches_expected_text(review, fmt):
    store, ids = review
    _expect(f"review_fr{FILE_EXTENSIONS[fmt]}", RENDERERS[fmt](_report(store, ids["fr"])))


@pytest.mark.parametrize("fmt", ["markdown", "claimreview"])
def test_english_article_uses_english_labels(review, fmt):
    store, ids = review
    text = RENDERERS[fmt](_report(store, ids["en"]))
    _expect(f"review_en{FILE_EXTENSIONS[fmt]}", text)
    assert "Faux" not in text and "False" in text


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv"])
def test_all_articles_export_matches_expected_text(review, fmt):
    store, _ = review
    _expect(f"all{FILE_EXTENSIONS[fmt]}", RENDERERS[fmt](_report(store, None)))


# ---------------------------------------------------------------- the report object


def test_report_holds_current_verdicts_in_article_order(review):
    store, ids = review
    report = _report(store, ids["fr"])
    (section,) = report.articles
    assert [c.id for c in section.claims] == ["c-paris", "c-london", "c-altman", "c-8e", "c-opinion"]
    # Bob's 'unclear' on London still stands beside Alice's later 'false': a dispute, not
    # Alice's verdict (the report used to name only the last reviewer and say 'false')
    assert [c.status for c in section.claims] == ["true", "disputed", "unclear", "unreviewed", "unreviewed"]
    london = section.claims[1]
    assert london.disputed and london.verdict is None
    assert [(r.reviewer, r.verdict) for r in london.reviews] == [("Alice Martin", "false"), ("Bob", "unclear")]
    alice = london.reviews[0]
    assert alice.note.startswith("=SUM(A1)") and [e.passage_id for e in alice.evidence] == ["F01-fr", "F02-en"]
    assert section.claims[0].verdict.reviewer == "Alice Martin" and len(section.claims[0].reviews) == 1
    assert london.suggestion == "supported"
    assert [m.passage_id for m in london.matches] == ["F01-fr", "F02-en"]
    assert section.claims[2].claimant == "Sam Altman"
    assert section.claims[4].suggestion is None
    assert section.counts.as_dict() == {"true": 1, "false": 0, "unclear": 1, "disputed": 1, "unreviewed": 2, "total": 5}
    assert section.reviewers == ("Alice Martin", "Bob")
    assert section.models == (MODEL,)
    assert report.generated_at == GENERATED_AT and report.organisation == "Le Desk & Cie"
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.generated_at = "later"  # type: ignore[misc]


def test_all_articles_report_newest_first_with_totals(review):
    store, ids = review
    report = _report(store, None)
    assert [a.article.id for a in report.articles] == [ids["empty"], ids["en"], ids["fr"]]
    assert report.counts.as_dict() == {"true": 2, "false": 1, "unclear": 1, "disputed": 1, "unreviewed": 4, "total": 9}
    assert report.reviewers == ("Alice Martin", "Bob", "Chris")
    assert report.article_id is None


def test_unknown_article_id_is_a_named_error(review):
    store, _ = review
    with pytest.raises(NotFoundError, match="no article with id 'a000000000000'"):
        build_report(store, "a000000000000", settings=SETTINGS)


def test_article_without_verdicts_reports_so(review):
    store, ids = review
    report = _report(store, ids["empty"])
    assert report.counts.as_dict() == {"true": 0, "false": 0, "unclear": 0, "disputed": 0, "unreviewed": 2, "total": 2}
    assert report.reviewers == ()
    _expect("empty_fr.md", RENDERERS["markdown"](report))
    assert html.escape("Aucune affirmation de cet article n'a encore été vérifiée.") in RENDERERS["html"](report)
    assert json.loads(RENDERERS["claimreview"](report)) == []
    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"](report).removeprefix("\ufeff"))))
    assert [r["verdict"] for r in rows] == ["unreviewed", "unreviewed"]
    assert json.loads(RENDERERS["json"](report))["articles"][0]["claims"][0]["verdict"] is None


def test_generated_at_defaults_to_now(review):
    store, ids = review
    stamp = build_report(store, ids["fr"], settings=SETTINGS).generated_at
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", stamp)


# ---------------------------------------------------------------- registry


def test_registry_formats_and_metadata_agree():
    assert list(RENDERERS) == ["markdown", "html", "csv", "json", "claimreview"]
    assert set(MEDIA_TYPES) == set(RENDERERS) == set(FILE_EXTENSIONS)
    assert all(ext.startswith(".") for ext in FILE_EXTENSIONS.values())


def test_every_renderer_handles_a_database_without_articles(tmp_path):
    store = Store(tmp_path / "empty.db", scale=THREE)
    report = build_report(store, settings=SETTINGS, generated_at=GENERATED_AT)
    outputs = {fmt: render(report) for fmt, render in RENDERERS.items()}
    assert "La base ne contient aucun article." in outputs["markdown"]
    assert json.loads(outputs["json"])["articles"] == []
    assert json.loads(outputs["claimreview"]) == []
    assert outputs["csv"] == "\ufeff" + ",".join(CSV_COLUMNS) + "\r\n"
    store.close()


# ---------------------------------------------------------------- ClaimReview


def test_claimreview_has_required_fields_and_rating_mapping(review):
    store, ids = review
    report = _report(store, ids["fr"])
    reviews = json.loads(RENDERERS["claimreview"](report))
    reviewed = [c for c in report.articles[0].claims if c.verdict]  # London is disputed: left out
    assert len(reviews) == len(reviewed) == 2
    labels = {"Vrai", "Faux", "Incertain", "True", "False", "Unclear"}
    expected = {"true": (5, "Vrai"), "false": (1, "Faux"), "unclear": (3, "Incertain")}
    for obj, c in zip(reviews, reviewed):
        assert obj["@context"] == "https://schema.org" and obj["@type"] == "ClaimReview"
        assert obj["url"] == f"https://desk.example.org/verifications/openai-paris#claim-{c.id}"
        assert len(obj["claimReviewed"]) <= CLAIM_REVIEWED_MAX
        assert not set(re.findall(r"\w+", obj["claimReviewed"])) & labels
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", obj["datePublished"])
        assert obj["author"] == {"@type": "Organization", "name": "Le Desk & Cie", "url": "https://desk.example.org/"}
        rating = obj["reviewRating"]
        assert rating["@type"] == "Rating" and rating["bestRating"] == 5 and rating["worstRating"] == 1
        assert (rating["ratingValue"], rating["alternateName"]) == expected[c.status]
        item = obj["itemReviewed"]
        assert item["@type"] == "Claim" and item["datePublished"] == "2024-10-10"
        assert item["appearance"] == [
            {
                "@type": "CreativeWork",
                "url": "https://news.example/tech/openai-paris?x=1&y=2",
                "headline": "OpenAI ouvre un bureau à Paris <b>après Londres</b>",
                "datePublished": "2024-10-10",
            }
        ]
    altman = reviews[1]
    assert altman["itemReviewed"]["author"] == {"@type": "Person", "name": "Sam Altman"}
    assert altman["claimReviewed"].endswith("…") and len(reviewed[1].text) > CLAIM_REVIEWED_MAX
    assert reviewed[1].text.startswith(altman["claimReviewed"][:-1] + " ")
    assert "author" not in reviews[0]["itemReviewed"]


def test_claimreview_without_article_url_or_org_url(review):
    store, ids = review
    reviews = json.loads(
        RENDERERS["claimreview"](
            build_report(
                store,
                ids["en"],
                settings=Settings(organisation="Desk", organisation_url="", review_url="https://desk.example/fc"),
            )
        )
    )
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["True", "False"]
    assert all(r["url"].startswith("https://desk.example/fc#claim-") for r in reviews)
    # no article url: the appearance names the article by its headline only
    assert all(
        r["itemReviewed"]["appearance"] == [{"@type": "CreativeWork", "headline": "OpenAI opens its Dublin office"}]
        for r in reviews
    )
    assert all(r["author"] == {"@type": "Organization", "name": "Desk"} for r in reviews)


@given(st.text(alphabet=st.sampled_from("ab é\n«»,."), max_size=200))
def test_shorten_keeps_a_word_boundary_prefix_within_the_limit(text):
    out = shorten(text)
    flat = " ".join(text.split())
    assert len(out) <= CLAIM_REVIEWED_MAX
    if len(flat) <= CLAIM_REVIEWED_MAX:
        assert out == flat
    else:
        assert out.endswith("…") and flat.startswith(out[:-1])


# ---------------------------------------------------------------- escaping


def test_html_escapes_every_user_text(review):
    store, ids = review
    page = RENDERERS["html"](_report(store, ids["fr"]))
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;après Londres&lt;/b&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(2)" in page
    assert 'href="https://news.example/tech/openai-paris?x=1&amp;y=2"' in page
    assert '<html lang="fr">' in page and 'name="viewport"' in page
    assert not re.search(r"<(link|img|iframe|object)\b|\bsrc=", page)
    for label in ("Vrai", "Faux", "Incertain", "Non vérifié"):
        assert f">{label}</span>" in page


def test_markdown_user_text_cannot_make_links_or_html(review):
    markdown_it = pytest.importorskip("markdown_it")
    store, ids = review
    text = RENDERERS["markdown"](_report(store, ids["fr"]))
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert "javascript" not in "".join(re.findall(r'href="([^"]*)"', rendered))
    assert "<script" not in rendered and "<b>" not in rendered and "<code>" not in rendered
    assert "[voir ici](javascript:alert(1))" in rendered
    assert "- puce" in rendered and "=SUM(A1)" in rendered
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs and all(h.startswith("https://") for h in hrefs)


def test_csv_has_bom_and_neutralises_formulas(review):
    store, ids = review
    text = RENDERERS["csv"](_report(store, ids["fr"]))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["claim_id"] for r in rows] == ["c-paris", "c-london", "c-altman", "c-8e", "c-opinion"]
    london = rows[1]  # disputed: no verdict stands, both readings are in 'reviews'
    assert london["verdict"] == "disputed" and london["disputed"] == "true" and london["note"] == ""
    assert london["reviews"].splitlines() == [
        "Alice Martin: false — =SUM(A1) Le bureau de Londres a ouvert en juin 2023 ; vérifier la date exacte.",
        "Bob: unclear — à revoir",
    ]
    assert rows[2]["note"].startswith("Citation non retrouvée") and rows[2]["reviewer"] == "Bob"
    assert rows[0]["evidence_sources"].startswith("'=HYPERLINK(")
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
