"""Article → claims: segmentation, atomic claims with subject carry-over, features
(dates, amounts, entities, quotes) and a check-worthiness score.

Reads text only; never imports the checker.
"""
from .errors import ArticleError, UnsupportedLanguageError
from .model import Claim, ExtractedArticle, Sentence
from .pipeline import claim_id, extract
from .reader import read_article

__all__ = [
    "ArticleError", "UnsupportedLanguageError", "Claim", "ExtractedArticle", "Sentence",
    "claim_id", "extract", "read_article",
]
