"""Commands that need no model start without importing it: checked on the modules a
fresh process has loaded, never on a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from checker.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers", "transformers", "spacy", "claims", "faiss", "pandas")

PROBE = """
import json, sys
from click.testing import CliRunner
import checker.cli
runner = CliRunner()
codes = [runner.invoke(checker.cli.cli, args).exit_code for args in json.loads(sys.argv[1])]
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"codes": codes, "heavy": heavy}))
"""


def _loaded_after(commands: list[list[str]]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(commands), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_model_library():
    assert _loaded_after([]) == {"codes": [], "heavy": []}


def test_help_export_and_verdict_load_no_model_library(tmp_path):
    db = tmp_path / "cold.db"
    Store(db).close()
    result = _loaded_after(
        [
            ["--help"],
            ["export", "--help"],
            ["verdict", "--help"],
            ["export", "--format", "json", "--db", str(db)],
            ["export", "--format", "markdown", "--db", str(db)],
            ["verdict", "no-such-claim", "true", "--db", str(db)],
        ]
    )
    assert result["codes"] == [0, 0, 0, 0, 0, 2]
    assert result["heavy"] == []


def test_pandas_is_still_importable_after_the_cli():
    done = subprocess.run(
        [sys.executable, "-c", "import checker.cli, pandas; print(pandas.__name__)"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert done.stdout.strip() == "pandas"


def test_exports_and_a_verdict_on_a_checked_database_load_no_model_library(tmp_path, embedder):
    """A checked article brings claims, evidence and suggestions into every report: the
    code that renders them must not reach for the model or spaCy either."""
    from checker.report.formats import RENDERERS
    from checker.review.steps import check_article, ingest_corpus_files
    from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS
    from claims import read_article

    db = tmp_path / "checked.db"
    store = Store(db)
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    document = check_article(store, embedder, read_article(SAMPLE_ARTICLE), corpora=["sample"])
    store.close()
    claim = document["claims"][0]["id"]
    exports = [
        [
            "export",
            "--format",
            fmt,
            "--db",
            str(db),
            *(["--review-url", "https://example.org/fc"] * (fmt == "claimreview")),
        ]
        for fmt in RENDERERS
    ]
    result = _loaded_after([*exports, ["verdict", claim, "true", "--db", str(db)]])
    assert result["codes"] == [0] * (len(exports) + 1)
    assert result["heavy"] == []
