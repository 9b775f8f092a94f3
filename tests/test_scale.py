"""The rating scale: a scale file drives the verdicts a database takes, κ and every
export; a database keeps the scale its verdicts were given on.

Real SQLite files in tmp_path, the real CLI (click's runner), no model needed: claims
are saved through the store as the pipeline saves them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.errors import InputError
from checker.report.contents import build_report
from checker.report.formats import RENDERERS, claim_reviews
from checker.review.agreement import current_verdicts, pair_agreements
from checker.scale import PRESETS, default_scale, legacy_scale, load_scale, named_scale
from checker.settings import Settings
from checker.store.database import Store
from checker.vocabulary import of
from tests.conftest import saved_article

FIXTURES = Path(__file__).parent / "fixtures"
NEWSROOM = FIXTURES / "scales" / "newsroom.toml"
OLD_DB = FIXTURES / "db" / "desk_before_versions.db"
REVIEW_URL = "https://desk.example.org/verifications/article"


def test_the_default_is_the_six_values_french_fact_checkers_publish():
    scale = default_scale()
    assert [v.label("fr") for v in scale.values] == [
        "Vrai",
        "Plutôt vrai",
        "Trompeur",
        "Manque de contexte",
        "Faux",
        "Invérifiable",
    ]
    assert all(v.label("en") and v.color.startswith("#") and v.description["fr"] for v in scale.values)
    # the three-value codes keep their meaning on the default scale: a JSON consumer of
    # an older desk still reads true / false / unclear
    assert {"true", "false", "unclear"} <= set(scale.codes)
    assert len(set(scale.keys)) == 6 and not set(scale.keys) & set("npu?123456789")
    assert [v.code for v in legacy_scale().values] == ["true", "false", "unclear"]
    assert set(PRESETS) == {"fr-six", "three"}


def test_a_scale_file_gives_codes_labels_colours_keys_and_ratings():
    scale = load_scale(NEWSROOM)
    assert scale.codes == ("exact", "approx", "context", "misleading", "wrong", "unproven")
    assert scale.keys == {"e": "exact", "a": "approx", "c": "context", "t": "misleading", "f": "wrong", "x": "unproven"}
    assert scale.value("unproven").rating is None  # published by name only
    assert scale.value("misleading").alternate_name("fr") == "Trompeur (à nuancer)"
    assert scale.value("approx").alternate_name("fr") == "Approximatif"  # no alternate_name: the label
    words = of(scale)
    assert words.statuses == (*scale.codes, "disputed", "unreviewed")
    assert words.hex_colors["approx"] == "#225588" and words.badge_colors["approx"] == "blue"
    assert re.fullmatch(r"#[0-9a-f]{6}", words.highlight_colors["approx"])  # a tint made from the colour


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"name": "x", "values": [{"code": "a"}]}, "values: a scale needs at least two values"),
        (
            {
                "name": "x",
                "values": [
                    {"code": "a", "fr": "A", "en": "A", "color": "#111111", "key": "a", "rating": 1},
                    {"code": "a", "fr": "B", "en": "B", "color": "#111111", "key": "b", "rating": 2},
                ],
            },
            "values[1].code",
        ),
        (
            {
                "name": "x",
                "values": [
                    {"code": "a", "fr": "A", "en": "A", "color": "red", "key": "a", "rating": 1},
                    {"code": "b", "fr": "B", "en": "B", "color": "#111111", "key": "b", "rating": 2},
                ],
            },
            "values[0].color",
        ),
        (
            {
                "name": "x",
                "values": [
                    {"code": "disputed", "fr": "A", "en": "A", "color": "#111111", "key": "a", "rating": 1},
                    {"code": "b", "fr": "B", "en": "B", "color": "#111111", "key": "b", "rating": 2},
                ],
            },
            "values[0].code",
        ),
        (
            {
                "name": "x",
                "values": [
                    {"code": "a", "fr": "A", "color": "#111111", "key": "a", "rating": 1},
                    {"code": "b", "fr": "B", "en": "B", "color": "#111111", "key": "b", "rating": 2},
                ],
            },
            "values[0].en",
        ),
    ],
)
def test_a_bad_scale_file_is_refused_naming_the_field(tmp_path, document, field):
    path = tmp_path / "scale.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(field)):
        load_scale(path)


def test_a_bad_scale_on_the_command_line_exits_2_and_creates_nothing(tmp_path):
    db = tmp_path / "desk.db"
    corpus = Path(__file__).parent.parent / "data" / "sample" / "corpus.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "--scale",
            str(FIXTURES / "scales" / "bad_key.json"),
            "check",
            str(FIXTURES / "articles" / "mistral_fr.txt"),
            "--corpus",
            str(corpus),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 2
    assert "bad_key.json: values[1].key" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()


def test_a_database_keeps_the_scale_it_was_made_with(tmp_path):
    path = tmp_path / "desk.db"
    store = Store(path, scale=load_scale(NEWSROOM))
    saved_article(store)
    store.record_verdict("c1", "approx", reviewer="ana")
    with pytest.raises(InputError, match="not one of exact, approx"):
        store.record_verdict("c2", "true", reviewer="ana")
    store.close()
    before = path.read_bytes()
    again = Store(path)  # no scale asked: the stored one
    assert again.scale.codes == load_scale(NEWSROOM).codes
    assert again.current_verdict("c1")["verdict"] == "approx"
    again.close()
    with pytest.raises(InputError, match="its verdicts are on the scale 'newsroom-six'.*nothing was changed"):
        Store(path, scale=default_scale())
    assert path.read_bytes() == before


def test_an_old_database_is_on_the_three_value_preset_and_keeps_working(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    shutil.copy(OLD_DB, path)
    store = Store(path)
    assert store.scale.name == "three" and store.scale.codes == ("true", "false", "unclear")
    claim_id = store.db.execute("SELECT id FROM claims LIMIT 1").fetchone()[0]
    store.record_verdict(claim_id, "unclear", reviewer="ana")
    with pytest.raises(InputError, match="not one of true, false, unclear"):
        store.record_verdict(claim_id, "misleading", reviewer="ana")
    report = build_report(store, None)
    assert "Incertain" in RENDERERS["markdown"](report)
    store.close()
    # a desk set to the six-value scale is told this file is on another one
    monkeypatch.setenv("FACTCHECK_SCALE", "fr-six")
    with pytest.raises(InputError, match="scale 'three'"):
        Store(path)


def _six_value_review(tmp_path: Path) -> Store:
    """Two reviewers on eight claims, on the newsroom's scale file, through the CLI."""
    path = tmp_path / "desk.db"
    store = Store(path, scale=load_scale(NEWSROOM))
    saved_article(store, claims=tuple(f"c{n}" for n in range(1, 9)))
    store.close()
    ana = ["exact", "approx", "context", "misleading", "wrong", "unproven", "approx", "wrong"]
    bob = ["exact", "approx", "misleading", "misleading", "wrong", "wrong", "context", "wrong"]
    runner = CliRunner()
    for who, verdicts in (("ana", ana), ("bob", bob)):
        for n, code in enumerate(verdicts, start=1):
            result = runner.invoke(cli, ["verdict", f"c{n}", code, "--reviewer", who, "--db", str(path)])
            assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["verdict", "c1", "true", "--db", str(path)])
    assert result.exit_code == 2 and "not one of exact, approx, context, misleading, wrong, unproven" in result.stderr
    return Store(path)


def _kappa_by_confusion_matrix(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa from the confusion matrix, written apart from checker.review.agreement."""
    labels = sorted({x for pair in pairs for x in pair})
    n = len(pairs)
    cells = Counter(pairs)
    diagonal = sum(cells[(label, label)] for label in labels) / n
    rows = {label: sum(cells[(label, other)] for other in labels) / n for label in labels}
    cols = {label: sum(cells[(other, label)] for other in labels) / n for label in labels}
    chance = sum(rows[label] * cols[label] for label in labels)
    return (diagonal - chance) / (1 - chance)


def test_kappa_reads_the_six_values_of_the_scale(tmp_path):
    store = _six_value_review(tmp_path)
    rows = current_verdicts(store)
    [pair] = pair_agreements(rows)
    by = {(r["claim_id"], r["reviewer"]): r["verdict"] for r in rows}
    pairs = [(by[(f"c{n}", "ana")], by[(f"c{n}", "bob")]) for n in range(1, 9)]
    assert {x for p in pairs for x in p} <= set(store.scale.codes)
    assert (pair.both, pair.agreed) == (8, sum(a == b for a, b in pairs))
    assert pair.kappa == pytest.approx(_kappa_by_confusion_matrix(pairs))
    assert 0 < pair.kappa < 1
    store.close()


def test_every_export_follows_the_scale_file(tmp_path):
    store = _six_value_review(tmp_path)
    scale = store.scale
    report = build_report(store, None, settings=Settings(organisation="Desk", review_url=REVIEW_URL))
    agreed = {"c1": "exact", "c2": "approx", "c4": "misleading", "c5": "wrong", "c8": "wrong"}

    markdown = RENDERERS["markdown"](report)
    for v in scale.values:
        assert f"| {v.label('fr')} | {sum(1 for c in agreed.values() if c == v.code)} |" in markdown
    assert "| En désaccord | 3 |" in markdown and "Incertain" not in markdown

    page = RENDERERS["html"](report)
    for v in scale.values:
        assert f"--{v.code}: {v.color};" in page
    assert 'class="badge v-approx">Approximatif</span>' in page

    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"](report).removeprefix("\ufeff"))))
    assert {r["claim_id"]: r["verdict"] for r in rows} == {
        **agreed,
        "c3": "disputed",
        "c6": "disputed",
        "c7": "disputed",
    }

    document = json.loads(RENDERERS["json"](report))
    assert list(document["counts"]) == [*scale.codes, "disputed", "unreviewed", "total"]
    assert document["counts"]["wrong"] == 2 and document["counts"]["total"] == 8

    reviews = json.loads(RENDERERS["claimreview"](report))
    assert len(reviews) == len(agreed)
    for obj in reviews:
        value = scale.value(agreed[obj["url"].rsplit("#claim-", 1)[1]])
        rating = obj["reviewRating"]
        assert rating["alternateName"] == value.alternate_name("fr")
        assert rating["ratingValue"] == value.rating
        assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
    assert "Trompeur (à nuancer)" in {r["reviewRating"]["alternateName"] for r in reviews}
    store.close()


def test_a_value_without_rating_is_published_by_name_only(tmp_path):
    store = Store(tmp_path / "desk.db", scale=load_scale(NEWSROOM))
    saved_article(store, claims=("c1",))
    store.record_verdict("c1", "unproven", reviewer="ana")
    [obj] = claim_reviews(build_report(store, None, settings=Settings(review_url=REVIEW_URL)))
    assert obj["reviewRating"] == {"@type": "Rating", "bestRating": 5, "worstRating": 1, "alternateName": "Infondé"}
    store.close()


def test_named_scale_takes_a_preset_or_a_file():
    assert named_scale("three").name == "three"
    assert named_scale(str(NEWSROOM)).name == "newsroom-six"
    with pytest.raises(InputError, match="neither a preset"):
        named_scale("seven-values")
