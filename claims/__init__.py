"""Article → claims: segmentation, atomic claims with subject carry-over, features
(dates, amounts, entities, quotes) and a check-worthiness score.

Reads text only; never imports the checker. `extract` and `claim_id` are loaded on
first use: they bring spaCy's French pipeline (several seconds to import), which
reading an article or catching its errors does not need, so the review desk can show
stored claims without paying for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ArticleError, UnsupportedLanguageError
from .model import Claim, ExtractedArticle, Sentence
from .reader import read_article

if TYPE_CHECKING:
    from .extraction import claim_id, extract

__all__ = [
    "ArticleError",
    "Claim",
    "ExtractedArticle",
    "Sentence",
    "UnsupportedLanguageError",
    "claim_id",
    "extract",
    "read_article",
]

_LAZY = {"claim_id", "extract"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import extraction as pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
