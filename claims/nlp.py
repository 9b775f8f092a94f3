"""Language detection and the spaCy pipelines, loaded once per process.

French uses the trained fr_core_news_md pipeline (tagger, parser, NER). No trained
English pipeline is installed, so English uses ``spacy.blank("en")``: tokens only,
no parse and no NER; the extractor then falls back on surface rules.
"""
from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from .errors import UnsupportedLanguageError

SUPPORTED = ("fr", "en")


@cache
def pipeline(lang: str) -> Language:
    """The shared pipeline for ``lang``; never mutate it."""
    if lang == "fr":
        return spacy.load("fr_core_news_md")
    if lang == "en":
        return spacy.blank("en")
    raise UnsupportedLanguageError(f"no pipeline for language {lang!r}")


def detect_language(text: str, *, source: str = "article") -> str:
    """'fr' or 'en' as guessed by langdetect (seeded, so the answer is stable).

    Raises UnsupportedLanguageError naming the detected language otherwise.
    """
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        guesses = detect_langs(text[:5000])
    except LangDetectException:
        raise UnsupportedLanguageError(
            f"{source}: cannot tell the language (no letters found); pass lang='fr' or 'en'"
        ) from None
    for g in guesses:
        if g.lang in SUPPORTED and g.prob >= 0.2:
            return g.lang
    best = guesses[0].lang if guesses else "unknown"
    raise UnsupportedLanguageError(
        f"{source}: detected language {best!r}; only French (fr) and English (en) are supported"
    )
