"""Errors a user can fix: each message names the file (or the input) and the problem."""


class ArticleError(ValueError):
    """The article cannot be read or processed (empty, binary, unsupported language)."""


class UnsupportedLanguageError(ArticleError):
    """The article is in a language the extractor has no rules for."""
