"""Shared fixtures (the real embedding model, loaded once for the whole session; a fresh
database) and the helpers several test modules use (imported as `tests.conftest`, so no
test module imports another)."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest


@pytest.fixture(scope="session")
def embedder():
    """The default model (built once into the user cache folder, then reused)."""
    from checker.embed import load_embedder

    return load_embedder()


@pytest.fixture
def store(tmp_path):
    """A fresh database file, as a user would have one."""
    from checker.store import Store

    s = Store(tmp_path / "desk.db")
    yield s
    s.close()


# ---------------------------------------------------------------- claims and articles

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def texts(article) -> list[str]:
    return [c.text for c in article.claims]


def claim_with(article, *words):
    """The first claim whose text contains every word (None if there is none)."""
    for c in article.claims:
        if all(w in c.text for w in words):
            return c
    return None


# ---------------------------------------------------------------- records and refusals


@dataclass
class ClaimRecord:
    """The fields of claims.Claim that the store reads, without running the extractor."""

    id: str
    text: str
    start: int = 0
    end: int = 10
    sentence: str = "La société OpenAI a annoncé l'ouverture d'un bureau à Paris en 2024."
    checkworthy: bool = True
    score: float = 0.8
    reasons: list = field(default_factory=list)
    features: dict = field(default_factory=dict)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result, *needles: str) -> None:
    """Exit code 2, one line on stderr starting with 'Error:', naming what is wrong."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "Traceback" not in message
    assert message.startswith("Error:") or "Error:" in message.splitlines()[-1], message
    for needle in needles:
        assert needle in message, (needle, message)
