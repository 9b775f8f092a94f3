"""Two reviewers who disagree: every export names both and marks the dispute, and
ClaimReview publishes only verdicts that stand, saying how many it left out.

The review is built through the Store API exactly as the UI and the CLI record it,
in a real SQLite file; the CLI is run through click's runner on that file.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.report.contents import build_report
from checker.report.formats import RENDERERS, claim_reviews, claimreview_left_out, to_claimreview
from checker.review.agreement import settler_name
from checker.scale import legacy_scale
from checker.settings import Settings
from checker.store.corpus_files import make_passage, text_hash
from checker.store.database import Store
from checker.ui.queries import claimreview_left_out as claimreview_left_out_fast

SETTINGS = Settings(
    organisation="Desk", organisation_url="https://desk.example.org/", review_url="https://desk.example.org/fc"
)
TEXT = (
    "La société a levé 6,8 milliards de dollars en octobre 2024. "
    "OpenAI a ouvert un bureau à Paris. "
    "Le bureau compte 40 salariés. "
    "Le siège est à San Francisco."
)


@dataclass
class Claim:
    id: str
    text: str
    start: int
    end: int
    sentence: str
    checkworthy: bool = True
    score: float = 0.8
    reasons: list = field(default_factory=list)
    features: dict = field(default_factory=dict)


def _claims() -> list[Claim]:
    out = []
    for cid, sentence in zip(("c-levee", "c-paris", "c-40", "c-siege"), TEXT.split(". ")):
        sentence = sentence.rstrip(".") + "."
        start = TEXT.index(sentence)
        out.append(Claim(cid, sentence, start, start + len(sentence), sentence))
    return out


@pytest.fixture
def disputed(tmp_path: Path):
    """c-levee: Alice false / Bob true (Bob's undo of a second click in between);
    c-paris: both true; c-40: disputed, then settled by Lou; c-siege: nobody."""
    store = Store(tmp_path / "desk.db", scale=legacy_scale())
    store.upsert_passages(
        "sample",
        [
            make_passage(
                id="P1",
                text="La levée était de 6,6 milliards de dollars.",
                source="AFP",
                url="https://afp.example/levee",
            )
        ],
    )
    article_id = store.save_article(
        text=TEXT,
        title="Levée et bureaux",
        lang="fr",
        sha256=text_hash(TEXT),
        claims=_claims(),
        url="https://news.example/levee",
    )
    store.record_verdict("c-levee", "false", note="6,6 et non 6,8 milliards", evidence=["P1"], reviewer="Alice")
    store.record_verdict("c-levee", "true", note="chiffre de l'annonce", reviewer="Bob")
    store.record_verdict("c-levee", "unclear", reviewer="Bob")
    store.undo_last_verdict("c-levee", reviewer="Bob")  # back to Bob's 'true'; Alice's 'false' untouched
    store.record_verdict("c-paris", "true", reviewer="Alice")
    store.record_verdict("c-paris", "true", reviewer="Bob")
    store.record_verdict("c-40", "true", reviewer="Alice")
    store.record_verdict("c-40", "unclear", reviewer="Bob")
    store.record_verdict("c-40", "false", note="l'AFP dit 25", reviewer=settler_name("Lou"))
    yield store, article_id
    store.close()


def _report(store: Store, article_id: str):
    return build_report(store, article_id, settings=SETTINGS, generated_at="2024-10-12T08:30:00+00:00")


def test_the_report_keeps_every_reviewers_verdict(disputed):
    store, article_id = disputed
    (section,) = _report(store, article_id).articles
    levee, paris, forty, siege = section.claims
    assert levee.status == "disputed" and levee.disputed and levee.verdict is None
    assert [(r.reviewer, r.verdict, r.note) for r in levee.reviews] == [
        ("Alice", "false", "6,6 et non 6,8 milliards"),
        ("Bob", "true", "chiffre de l'annonce"),
    ]
    assert paris.status == "true" and [r.reviewer for r in paris.reviews] == ["Alice", "Bob"]
    assert forty.status == "false" and forty.verdict.settlement and forty.verdict.reviewer == "Lou (arbitrage)"
    assert [r.reviewer for r in forty.readings] == ["Alice", "Bob"]
    assert siege.status == "unreviewed" and siege.reviews == ()
    assert section.reviewers == ("Alice", "Bob", "Lou (arbitrage)")
    assert section.counts.as_dict() == {"true": 1, "false": 1, "unclear": 0, "disputed": 1, "unreviewed": 1, "total": 4}


def test_markdown_names_both_reviewers_and_marks_the_dispute(disputed):
    text = RENDERERS["markdown"](_report(*disputed))
    block = text[text.index("#### 1.") : text.index("#### 2.")]
    assert block.startswith("#### 1. En désaccord — La société a levé 6,8 milliards")
    assert "- Verdict : **En désaccord** — Alice : Faux ; Bob : Vrai" in block
    assert "  - Alice : **Faux**" in block and "  - Bob : **Vrai**" in block
    assert "6,6 et non 6,8 milliards" in block and "chiffre de l'annonce" in block
    assert "| En désaccord | 1 |" in text
    assert "Relu par : Alice, Bob, Lou \\(arbitrage\\)" in text  # Markdown-escaped
    settled = text[text.index("#### 3.") : text.index("#### 4.")]
    assert "- Verdict : **Faux**, par Lou \\(arbitrage\\)" in settled and "  - Alice : **Vrai**" in settled


def test_html_names_both_reviewers_and_marks_the_dispute(disputed):
    page = RENDERERS["html"](_report(*disputed))
    start = page.index('id="claim-c-levee"')
    block = page[start : page.index("</section>", start)]
    assert '<span class="badge v-disputed">En désaccord</span>' in block
    assert "Alice : Faux ; Bob : Vrai" in block
    assert '<span class="badge v-false">Faux</span> par Alice' in block
    assert '<span class="badge v-true">Vrai</span> par Bob' in block
    assert 'class="claim v-disputed"' in page and "--disputed: #" in page


def test_csv_names_both_reviewers_and_marks_the_dispute(disputed):
    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"](_report(*disputed)).removeprefix("\ufeff"))))
    levee = rows[0]
    assert (levee["verdict"], levee["disputed"], levee["reviewer"]) == ("disputed", "true", "")
    assert levee["reviews"].splitlines() == [
        "Alice: false — 6,6 et non 6,8 milliards",
        "Bob: true — chiffre de l'annonce",
    ]
    assert [r["disputed"] for r in rows] == ["true", "false", "false", "false"]
    assert rows[2]["verdict"] == "false" and rows[2]["reviewer"] == "Lou (arbitrage)"


def test_json_adds_the_reviews_and_the_dispute_without_removing_a_field(disputed):
    document = json.loads(RENDERERS["json"](_report(*disputed)))
    (article,) = document["articles"]
    levee = article["claims"][0]
    assert levee["status"] == "disputed" and levee["disputed"] is True and levee["verdict"] is None
    assert [(r["reviewer"], r["verdict"]) for r in levee["reviews"]] == [("Alice", "false"), ("Bob", "true")]
    assert levee["reviews"][0]["evidence"][0]["passage_id"] == "P1" and levee["reviews"][0]["settlement"] is False
    assert set(levee["reviews"][0]) == {"reviewer", "verdict", "note", "created_at", "evidence", "settlement"}
    every_v1_key = [
        "id",
        "position",
        "text",
        "sentence",
        "start",
        "end",
        "checkworthy",
        "score",
        "reasons",
        "claimant",
        "suggestion",
        "signals",
        "status",
        "verdict",
        "matches",
    ]
    assert list(levee)[: len(every_v1_key)] == every_v1_key  # the old keys, in their old order
    assert list(article["counts"]) == ["true", "false", "unclear", "disputed", "unreviewed", "total"]
    assert article["counts"]["disputed"] == 1 and document["reviewers"] == ["Alice", "Bob", "Lou (arbitrage)"]
    settled = article["claims"][2]
    assert settled["verdict"]["reviewer"] == "Lou (arbitrage)" and settled["reviews"][-1]["settlement"] is True


def test_claimreview_leaves_out_disputed_and_unreviewed_claims_and_counts_them(disputed):
    store, article_id = disputed
    report = _report(store, article_id)
    published = json.loads(RENDERERS["claimreview"](report))
    assert [r["url"].rsplit("-", 1)[1] for r in published] == ["paris", "40"]
    assert [r["reviewRating"]["alternateName"] for r in published] == ["Vrai", "Faux"]
    assert claimreview_left_out(report) == {"disputed": 1, "unreviewed": 1}
    assert claimreview_left_out_fast(store, article_id) == claimreview_left_out(report)  # the UI's caption
    every = json.loads(to_claimreview(report, include_disputed=True, include_unreviewed=True))
    assert len(every) == 4 and claimreview_left_out(report, include_disputed=True, include_unreviewed=True) == {
        "disputed": 0,
        "unreviewed": 0,
    }
    levee = every[0]
    assert levee["reviewRating"] == {"@type": "Rating", "alternateName": "En désaccord"}
    assert every[3]["reviewRating"]["alternateName"] == "Non vérifié"
    assert len(claim_reviews(report, include_disputed=True)) == 3


def test_the_cli_says_what_claimreview_left_out(disputed, tmp_path):
    store, article_id = disputed
    db = store.path
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--format", "claimreview", "--article", article_id, "--db", str(db)])
    assert result.exit_code == 2 and "--review-url" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(
        cli,
        [
            "export",
            "--format",
            "claimreview",
            "--article",
            article_id,
            "--db",
            str(db),
            "--review-url",
            "https://desk.example.org/fc",
        ],
    )
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2
    assert "left out 1 disputed and 1 unreviewed claim(s)" in result.stderr
    result = runner.invoke(
        cli,
        [
            "export",
            "--format",
            "claimreview",
            "--include-disputed",
            "--db",
            str(db),
            "--review-url",
            "https://desk.example.org/fc",
        ],
    )
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 3
    assert "left out 0 disputed and 1 unreviewed" in result.stderr
    result = runner.invoke(
        cli,
        [
            "export",
            "--format",
            "claimreview",
            "--include-disputed",
            "--include-unreviewed",
            "--db",
            str(db),
            "--review-url",
            "https://desk.example.org/fc",
        ],
    )
    assert len(json.loads(result.stdout)) == 4 and "left out 0 disputed and 0 unreviewed" in result.stderr
    result = runner.invoke(cli, ["export", "--format", "markdown", "--include-disputed", "--db", str(db)])
    assert result.exit_code == 2 and "only for --format claimreview" in result.stderr
    assert "Traceback" not in result.output
