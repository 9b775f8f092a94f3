"""`python -m checker`: the JSON contract, exit codes and one-line errors for bad input.

The commands that write to the store and read it back (search, check → verdict →
export, eval) run on both engines (`db_url`); the file-level refusals (nothing
created, not a byte changed) are SQLite's and run there, their server counterparts
are in test_store_engines.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.settings import PACKAGE_ROOT, SAMPLE_ARTICLE, SAMPLE_CORPUS


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_every_command_has_help_and_is_in_the_readme():
    readme = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"python -m checker {name}" in readme, name
        assert run(name, "--help").exit_code == 0


def test_extract_prints_only_the_contract_json():
    result = run("extract", SAMPLE_ARTICLE, "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"article", "claims"}
    assert set(document["article"]) == {"title", "lang", "chars"}
    assert document["article"]["lang"] == "fr"
    keys = {
        "id",
        "text",
        "start",
        "end",
        "sentence",
        "checkworthy",
        "score",
        "reasons",
        "features",
        "spans",
        "resolved",
    }
    assert all(set(c) == keys for c in document["claims"])


@pytest.mark.slow  # a real desk process
def test_extract_as_a_real_process(tmp_path):
    empty = tmp_path / "vide.txt"
    empty.write_text("  \n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "checker", "extract", str(empty), "--json"],
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "vide.txt" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binaire.txt", b"\x00\x01\x02PK", "binaire.txt"),
        ("latin.txt", "Le café est à Paris.".encode("latin-1"), "latin.txt"),
    ],
)
def test_extract_refuses_bad_articles(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("extract", path, "--json")
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"id": "a", "text": "ok"}\n{oops\n', "bad.jsonl:2: not valid JSON"),
        ("cols.csv", "id,body\n1,hello\n", "cols.csv:1: no 'text' column"),
    ],
)
def test_bad_corpus_writes_nothing(tmp_path, name, content, message):
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "g", "text": "Un passage correct."}\n', encoding="utf-8")
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    db = tmp_path / "desk.db"
    result = run("ingest", good, bad, "--db", db)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not db.exists()


def test_search_queries_give_one_json_line_each(tmp_path, embedder, db_url):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"query": "OpenAI a ouvert un bureau à Dublin en 2023"})
        + "\n"
        + json.dumps({"query": "Levée de fonds de 6,6 milliards de dollars"})
        + "\n",
        encoding="utf-8",
    )
    result = run("search", "--corpus", SAMPLE_CORPUS, "--queries", queries, "--json", "--db", db_url)
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"][:6] for line in lines] == ["OpenAI", "Levée "]
    assert lines[0]["matches"][0]["passage_id"].startswith("F02")
    assert lines[1]["matches"][0]["passage_id"].startswith("F04")
    assert {"passage_id", "score", "text", "source", "url", "date"} <= set(lines[0]["matches"][0])


def test_search_rejects_an_unknown_corpus(db_url):
    from checker.store.database import Store

    Store(db_url).close()  # a missing database is refused before the corpus is looked at
    result = run("search", "bonjour", "--corpus", "nulle-part", "--db", db_url)
    assert result.exit_code == 2
    assert "'nulle-part' is neither a file nor a corpus" in result.stderr


def test_check_verdict_export_round_trip(tmp_path, embedder, db_url):
    db = db_url
    result = run("check", SAMPLE_ARTICLE, "--corpus", SAMPLE_CORPUS, "--json", "--db", db)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    claim = next(c for c in document["claims"] if "Dublin" in c["text"])
    evidence = claim["matches"][0]["passage_id"]
    done = run(
        "verdict",
        claim["id"],
        "true",
        "--note",
        "Confirmé par le blog",
        "--evidence",
        evidence,
        "--reviewer",
        "ana",
        "--db",
        db,
    )
    assert done.exit_code == 0, done.stderr
    report = run("export", "--format", "json", "--db", db)
    assert report.exit_code == 0, report.stderr
    assert "Confirmé par le blog" in report.stdout
    out = tmp_path / "rapport.md"
    assert run("export", "--format", "markdown", "-o", out, "--db", db).exit_code == 0
    assert "Confirmé par le blog" in out.read_text(encoding="utf-8")


def test_verdict_errors_change_nothing(tmp_path):
    db = tmp_path / "desk.db"
    from checker.store.database import Store

    Store(db).close()
    before = db.read_bytes()
    result = run("verdict", "c-inconnu", "false", "--db", db)
    assert result.exit_code == 2 and "no claim with id 'c-inconnu'" in result.stderr
    assert run("verdict", "x", "maybe", "--db", db).exit_code == 2
    assert run("verdict", "x", "true", "--db", tmp_path / "absent.db").exit_code == 2
    assert not (tmp_path / "absent.db").exists()
    assert run("export", "--article", "a-inconnu", "--format", "json", "--db", db).exit_code == 2
    assert db.read_bytes() == before


def test_verdict_loads_no_model(tmp_path):
    code = (
        "import sys; from checker.cli import cli\n"
        f"try: cli(['verdict', 'nope', 'true', '--db', {str(tmp_path / 'd.db')!r}])\n"
        "except SystemExit: pass\n"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE_ROOT, timeout=120, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "False False"


def test_eval_reports_the_metrics(tmp_path, embedder, db_url):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "\n".join(
            json.dumps({"qid": str(i), "query": q, "gold_ids": [g]})
            for i, (q, g) in enumerate(
                [
                    ("OpenAI a ouvert un bureau à Dublin", "F02"),
                    ("DeepMind a été rachetée par Google", "F07"),
                    ("ChatGPT est sorti fin 2022", "F08"),
                ]
            )
        ),
        encoding="utf-8",
    )
    result = run("eval", "--pairs", pairs, "--corpus", SAMPLE_CORPUS, "--json", "--db", db_url)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["queries"] == 3
    assert figures["R@5"] == 1.0
    assert set(figures) >= {"R@1", "R@5", "R@10", "MRR@10", "MAP@5"}


def test_eval_names_a_bad_pairs_line(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"qid": "1", "query": "x", "gold_ids": ["a"]}\n{"qid": "2", "query": ""}\n', encoding="utf-8")
    result = run("eval", "--pairs", pairs, "--corpus", SAMPLE_CORPUS, "--db", tmp_path / "e.db")
    assert result.exit_code == 2
    assert re.search(r"pairs.jsonl:2: field 'query'", result.stderr)
