"""Settings shared by the CLI, the UI and the library, read from the environment.

Kept in one place so that a newsroom can point every entry point at the same database,
model and organisation name without passing flags around.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
"""The files shipped inside the package (verifier weights, encoder check set), found from
here so that a module reading one does not depend on where in the package it sits."""
SAMPLE_DIR = PACKAGE_ROOT / "data" / "sample"
SAMPLE_ARTICLE = SAMPLE_DIR / "article_fr.txt"
SAMPLE_CORPUS = SAMPLE_DIR / "corpus.jsonl"
SAMPLE_CORPUS_NAME = "sample"


def default_db_path() -> Path:
    """`$FACTCHECK_DB`, else `factcheck.db` in the working directory (docs/json-contract.md, "Command line"); a
    `postgresql://…` value is a server's database (`checker.database_url.DatabaseUrl`,
    which answers what a path is asked)."""
    from checker.database_url import as_location

    return as_location(os.environ.get("FACTCHECK_DB", "factcheck.db"))  # type: ignore[return-value]


DEFAULT_DB_TIMEOUT = 30.0


def db_timeout() -> float:
    """Seconds a write waits for another program's write to finish (`$FACTCHECK_DB_TIMEOUT`).

    Reviewers on a shared desk write at the same moment; a verdict is tiny, so waiting
    a little is far better than refusing it. A value that is not a positive number
    falls back to the default rather than making every write fail.
    """
    try:
        value = float(os.environ.get("FACTCHECK_DB_TIMEOUT", DEFAULT_DB_TIMEOUT))
    except ValueError:
        return DEFAULT_DB_TIMEOUT
    return value if value > 0 else DEFAULT_DB_TIMEOUT


DEFAULT_ANN_MIN_ROWS = 50_000


def ann_min_rows() -> int:
    """Passage windows from which dense search goes through the approximate index
    (`$FACTCHECK_ANN_MIN_ROWS`). Below it, exact search is both exact and fast enough
    (a few milliseconds a claim); a newsroom on a slow machine may lower it. A value
    that is not a positive whole number falls back to the default."""
    try:
        value = int(os.environ.get("FACTCHECK_ANN_MIN_ROWS", DEFAULT_ANN_MIN_ROWS))
    except ValueError:
        return DEFAULT_ANN_MIN_ROWS
    return value if value > 0 else DEFAULT_ANN_MIN_ROWS


PASSWORD_ENV = "FACTCHECK_PASSWORD"
"""Environment variable holding the shared team password; `password` in Streamlit's
secrets (.streamlit/secrets.toml) takes precedence. Unset: no login (localhost use)."""


@dataclass(frozen=True)
class Settings:
    """What a report and a check need to know beyond the data itself."""

    organisation: str = field(default_factory=lambda: os.environ.get("FACTCHECK_ORG", "Desk de vérification"))
    organisation_url: str = field(default_factory=lambda: os.environ.get("FACTCHECK_ORG_URL", ""))
    review_url: str = field(default_factory=lambda: os.environ.get("FACTCHECK_REVIEW_URL", ""))
    """The fact-check page the desk's ClaimReview is published on (`--review-url`)."""
    guidelines: str = field(default_factory=lambda: os.environ.get("FACTCHECK_GUIDELINES", ""))
    """The desk's Markdown guidelines file ('' : the one shipped in data/guidelines)."""
    top_k: int = 5
