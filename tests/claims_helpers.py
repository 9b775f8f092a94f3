"""Shared helpers for the claims tests (fixtures live in tests/fixtures/articles)."""
from pathlib import Path

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
