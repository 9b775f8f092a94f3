"""Reviewers edit, split, merge, dismiss and add claims: the history, a re-check, the
verdicts and every export follow (real model, real SQLite file)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from checker.errors import InputError
from checker.report.contents import build_report
from checker.report.formats import RENDERERS
from checker.review.steps import check_article
from checker.settings import SAMPLE_ARTICLE
from checker.store.claim_edits import (
    add_claim,
    apply_edits,
    claim_history,
    dismiss_claim,
    edit_claim,
    merge_claims,
    restore_claim,
    split_claim,
)
from checker.store.database import Store
from claims import read_article
from tests.conftest import find


def recheck(store: Store, embedder) -> None:
    check_article(store, embedder, read_article(SAMPLE_ARTICLE), corpora=["sample"])


def test_an_edit_keeps_the_original_text_offsets_and_verdict(desk):
    store, article_id = desk
    claim = find(store, article_id, "Dublin", "2023")
    store.record_verdict(claim["id"], "true", reviewer="Camille")
    edited = edit_claim(store, claim["id"], "OpenAI a ouvert un bureau à Dublin en 2023.", reviewer="Noé")
    assert edited["id"] == claim["id"]
    assert edited["text"] == "OpenAI a ouvert un bureau à Dublin en 2023."
    assert edited["original_text"] == claim["text"]
    assert (edited["start"], edited["end"]) == (claim["start"], claim["end"])
    assert edited["edited"] is True
    assert store.current_verdict(claim["id"])["verdict"] == "true"
    (row,) = claim_history(store, claim["id"])
    assert (row["action"], row["reviewer"], row["text"]) == ("edit", "Noé", edited["text"])
    assert row["created_at"]


def test_a_dismissed_claim_leaves_the_queue_and_a_recheck_does_not_bring_it_back(desk, embedder):
    store, article_id = desk
    claim = find(store, article_id, "Google et Netflix disposent")
    before = len(store.claims(article_id))
    dismiss_claim(store, claim["id"], "une généralité, pas un fait vérifiable", reviewer="Camille")
    assert claim["id"] not in {c["id"] for c in store.claims(article_id)}
    assert len(store.claims(article_id)) == before - 1
    recheck(store, embedder)
    assert claim["id"] not in {c["id"] for c in store.claims(article_id)}
    gone = store.claim(claim["id"])
    assert (gone["state"], gone["state_reason"]) == ("dismissed", "une généralité, pas un fait vérifiable")
    restore_claim(store, claim["id"], reviewer="Camille")
    assert claim["id"] in {c["id"] for c in store.claims(article_id)}
    assert [e["action"] for e in claim_history(store, claim["id"])] == ["dismiss", "restore"]


def test_a_dismissal_needs_a_reason(desk):
    store, article_id = desk
    claim = find(store, article_id, "Sam Altman est le directeur")
    with pytest.raises(InputError, match="reason"):
        dismiss_claim(store, claim["id"], "  ")
    assert store.claim_edits(article_id) == []


def test_a_split_makes_new_claims_and_the_old_verdict_stays_on_the_original(desk, embedder):
    store, article_id = desk
    claim = find(store, article_id, "Londres et Dublin")
    store.record_verdict(claim["id"], "unclear", note="deux faits en un", reviewer="Camille")
    parts = split_claim(
        store, claim["id"], ["OpenAI a un bureau à Londres.", "OpenAI a un bureau à Dublin."], reviewer="Camille"
    )
    assert [p["text"] for p in parts] == ["OpenAI a un bureau à Londres.", "OpenAI a un bureau à Dublin."]
    ids = [c["id"] for c in store.claims(article_id)]
    assert claim["id"] not in ids and all(p["id"] in ids for p in parts)
    assert store.verdict_history(claim["id"])[0]["note"] == "deux faits en un"
    assert all(store.current_verdict(p["id"]) is None for p in parts)
    history = claim_history(store, parts[0]["id"])
    assert history[0]["related"] == [claim["id"]]
    assert [v["verdict"] for v in history[0]["verdicts"]] == ["unclear"]
    assert all(store.matches(p["id"]) == [] for p in parts)  # no evidence until searched for the new words
    recheck(store, embedder)
    ids = [c["id"] for c in store.claims(article_id)]
    assert claim["id"] not in ids and all(p["id"] in ids for p in parts)


def test_a_merge_and_an_added_claim_survive_a_recheck(desk, embedder):
    store, article_id = desk
    a = find(store, article_id, "Londres en 2023")
    b = find(store, article_id, "Dublin en 2023")
    merged = merge_claims(store, [a["id"], b["id"]], text="OpenAI a ouvert des bureaux à Londres et Dublin en 2023.")
    assert merged["start"] == min(a["start"], b["start"]) and merged["end"] == max(a["end"], b["end"])
    words = "OpenAI a finalisé une levée de fonds colossale de 6,6 milliards"
    added = add_claim(store, article_id, text=words.replace(" ", "  "), reviewer="Noé")
    article = store.article(article_id)["text"]
    assert article[added["start"] : added["end"]].replace("\n", " ") == words
    by_offsets = add_claim(store, article_id, start=added["start"], end=added["end"])
    assert by_offsets["text"] == words
    recheck(store, embedder)
    ids = [c["id"] for c in store.claims(article_id)]
    assert merged["id"] in ids and added["id"] in ids and by_offsets["id"] in ids
    assert a["id"] not in ids and b["id"] not in ids
    starts = [int(c["start"]) for c in store.claims(article_id)]
    assert starts == sorted(starts)


def test_an_added_text_must_be_in_the_article(desk):
    store, article_id = desk
    with pytest.raises(InputError, match="not in the article"):
        add_claim(store, article_id, text="La tour Eiffel mesure 330 mètres.")
    with pytest.raises(InputError, match="start/end"):
        add_claim(store, article_id, start=10, end=5)
    assert store.claim_edits(article_id) == []


def test_edit_history_is_append_only(desk):
    store, article_id = desk
    claim = find(store, article_id, "Dublin en 2023")
    edit_claim(store, claim["id"], "OpenAI est à Dublin depuis 2023.")
    with pytest.raises(Exception, match="append-only"):
        store.db.execute("UPDATE claim_edits SET text = 'x'")
    with pytest.raises(Exception, match="append-only"):
        store.db.execute("DELETE FROM claim_edits")


def test_apply_edits_rules_on_plain_rows():
    rows = [
        {"id": "a", "text": "un", "start": 5, "position": 0},
        {"id": "b", "text": "deux", "start": 1, "position": 1},
    ]
    edits = [
        {"claim_id": "a", "action": "edit", "text": "UN"},
        {"claim_id": "b", "action": "dismiss", "reason": "r"},
        {"claim_id": "b", "action": "restore"},
        {"claim_id": "b", "action": "split", "related": ["c"]},
    ]
    (only,) = apply_edits(rows, edits)
    assert (only["text"], only["original_text"], only["edited"]) == ("UN", "un", True)
    assert [c["state"] for c in apply_edits(rows, edits, withdrawn=True)] == ["active", "split"]
    added = apply_edits(rows, [{"claim_id": "b", "action": "add", "text": "deux"}])
    assert [c["id"] for c in added] == ["b", "a"]  # an added claim puts the list in article order


def test_every_export_shows_the_edited_text_and_json_adds_fields(desk):
    store, article_id = desk
    claim = find(store, article_id, "Dublin en 2023")
    store.record_verdict(claim["id"], "true", reviewer="Camille")
    new_text = "OpenAI a ouvert un bureau à Dublin en 2023 selon la rédaction"
    edit_claim(store, claim["id"], new_text, reviewer="Camille")
    dropped = find(store, article_id, "Google et Netflix disposent")
    dismiss_claim(store, dropped["id"], "pas un fait", reviewer="Camille")
    report = build_report(store, article_id, generated_at="2024-10-10T00:00:00+00:00")
    report = dataclasses.replace(report, review_url="https://desk.example/verifications")
    for name, render in RENDERERS.items():
        text = render(report)
        assert "Dublin en 2023 selon la rédaction" in text, name
        if name != "json":  # the JSON lists it under "withdrawn", with the reason
            assert dropped["text"] not in text, name
    document = json.loads(RENDERERS["json"](report))
    entry = next(c for c in document["articles"][0]["claims"] if c["id"] == claim["id"])
    assert entry["text"] == new_text
    assert entry["original_text"] == claim["text"]
    assert entry["edited"] is True
    assert [e["action"] for e in entry["edits"]] == ["edit"]
    assert list(entry)[: len(OLD_KEYS)] == OLD_KEYS  # added keys come after the old ones
    (gone,) = document["articles"][0]["withdrawn"]
    assert (gone["id"], gone["state"], gone["reason"]) == (dropped["id"], "dismissed", "pas un fait")
    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"](report).lstrip("\ufeff"))))
    assert next(r for r in rows if r["claim_id"] == claim["id"])["original_text"] == claim["text"]


OLD_KEYS = [
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
    "disputed",
    "reviews",
]


# ---------------------------------------------------------------- the command line


def cli(*args: str):
    from click.testing import CliRunner

    from checker.cli import cli as command

    return CliRunner().invoke(command, [str(a) for a in args], catch_exceptions=False)


def test_the_claim_commands_edit_split_merge_dismiss_add_and_show_the_history(desk):
    store, article_id = desk
    db = str(store.path)
    dublin = find(store, article_id, "Dublin en 2023")
    done = cli(
        "claim", "edit", dublin["id"], "OpenAI est à Dublin depuis 2023.", "--reviewer", "Camille", "--db", db, "--json"
    )
    assert done.exit_code == 0, done.output
    (row,) = json.loads(done.stdout)
    assert (row["text"], row["original_text"]) == ("OpenAI est à Dublin depuis 2023.", dublin["text"])
    assert store.matches(dublin["id"])  # evidence searched again for the new words
    first = find(store, article_id, "Londres et Dublin")
    done = cli(
        "claim",
        "split",
        first["id"],
        "OpenAI est à Londres.",
        "OpenAI est à Paris.",
        "--no-match",
        "--db",
        db,
        "--json",
    )
    assert done.exit_code == 0, done.output
    assert [c["text"] for c in json.loads(done.stdout)] == ["OpenAI est à Londres.", "OpenAI est à Paris."]
    two = [
        find(store, article_id, "9 octobre dernier l’ouverture")["id"],
        find(store, article_id, "Le mercredi 9 octobre dernier, OpenAI")["id"],
    ]
    done = cli("claim", "merge", *two, "--no-match", "--db", db, "--json")
    assert done.exit_code == 0, done.output
    footer = find(store, article_id, "Google et Netflix disposent")
    assert cli("claim", "dismiss", footer["id"], "--reason", "pas un fait", "--db", db).exit_code == 0
    done = cli(
        "claim",
        "add",
        article_id,
        "--text",
        "Sam Altman, le directeur général d’OpenAI",
        "--no-match",
        "--db",
        db,
        "--json",
    )
    assert done.exit_code == 0, done.output
    history = cli("claim", "history", footer["id"], "--db", db, "--json")
    assert [r["action"] for r in json.loads(history.stdout)] == ["dismiss"]
    actions = [e["action"] for e in store.claim_edits(article_id)]
    assert actions == ["edit", "split", "add", "add", "merge", "merge", "add", "dismiss", "add"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("claim", "dismiss", "{claim}", "--reason", " "), "reason: the text is empty"),
        (("claim", "edit", "nope", "x"), "no claim with id 'nope'"),
        (("claim", "split", "{claim}", "une seule partie"), "parts: a split needs at least two parts"),
        (("claim", "merge", "{claim}"), "claims: a merge needs at least two different claims"),
        (("claim", "add", "{article}", "--text", "La tour Eiffel mesure 330 mètres."), "is not in the article"),
        (("claim", "add", "{article}"), "claim add: give either --text or --start and --end"),
        (("claim", "add", "{article}", "--start", "50", "--end", "10"), "start/end: give both, with 0 <= start < end"),
    ],
)
def test_bad_claim_changes_are_refused_in_one_line_and_nothing_is_written(desk, args, message):
    store, article_id = desk
    claim = store.claims(article_id)[0]["id"]
    done = cli(*[a.format(claim=claim, article=article_id) for a in args], "--no-match", "--db", str(store.path))
    assert done.exit_code == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.output
    assert store.claim_edits(article_id) == []


def test_a_dismissed_claim_cannot_be_edited_until_restored(desk):
    store, article_id = desk
    claim = store.claims(article_id)[0]["id"]
    dismiss_claim(store, claim, "pas une affirmation")
    done = cli("claim", "edit", claim, "autre chose", "--no-match", "--db", str(store.path))
    assert done.exit_code == 2 and "is dismissed already; restore it first" in done.stderr
    assert cli("claim", "restore", claim, "--db", str(store.path)).exit_code == 0
    assert cli("claim", "edit", claim, "autre chose", "--no-match", "--db", str(store.path)).exit_code == 0


def test_withdrawn_claims_leave_the_counts_of_the_overview_and_the_claimreview_caption(desk):
    from checker.ui.queries import claimreview_left_out, verdict_counts, verdict_statuses

    store, article_id = desk
    total = len(store.claims(article_id))
    footer = find(store, article_id, "Google et Netflix disposent")
    store.record_verdict(footer["id"], "false", reviewer="Camille")
    dismiss_claim(store, footer["id"], "pas un fait", reviewer="Camille")
    statuses = verdict_statuses(store, article_id)
    assert footer["id"] not in statuses and len(statuses) == total - 1
    assert footer["id"] not in verdict_statuses(store, article_id, reviewer="Camille")
    (counts,) = verdict_counts(store)
    assert counts["false"] == 0 and counts["unreviewed"] == total - 1
    assert claimreview_left_out(store, article_id)["unreviewed"] == total - 1
    assert store.verdict_history(footer["id"])[0]["verdict"] == "false"  # the verdict stays on it
