"""Language detection and the spaCy pipelines, loaded once per process.

French uses the trained fr_core_news_md pipeline (tagger, parser, NER). No trained
English pipeline is installed, so English uses ``spacy.blank("en")``: tokens only,
no parse and no NER; the extractor then falls back on surface rules.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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


PARSED_CACHE = 8192
"""Parsed segments kept per process (a 10,000-word article is about 400)."""
_PARSED: OrderedDict[tuple[str, str], Doc] = OrderedDict()


def parse(lang: str, texts: Sequence[str]) -> list[Doc]:
    """``texts`` parsed by the pipeline of ``lang``, in one ``nlp.pipe`` pass over the
    ones not parsed before; the docs are shared, never mutate them.

    Why a cache: parsing is most of an extraction (about 2 s of CPU for 10,000 words),
    and a reviewer checks the same article again, or an edited one whose paragraphs
    mostly did not change; a segment's parse depends on its text alone."""
    nlp = pipeline(lang)
    todo = [t for t in dict.fromkeys(texts) if (lang, t) not in _PARSED]
    fresh = dict(zip(todo, nlp.pipe(todo)))
    out = []
    for t in texts:
        key = (lang, t)
        if t in fresh:
            _PARSED[key] = fresh[t]
        _PARSED.move_to_end(key)  # the least recently used go first
        out.append(_PARSED[key])
    while len(_PARSED) > PARSED_CACHE:
        _PARSED.popitem(last=False)
    return out


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
