"""Which language each paragraph is in, for articles that mix languages.

The article's language is detected once (``nlp.detect_language``); a quoted English
paragraph in a French article is then told apart cheaply by its function words, so
that it is parsed with the right rules instead of producing French nonsense. Only a
paragraph that looks like neither French nor English goes through langdetect, and one
in another language is set aside with a note rather than guessed at.
"""

from __future__ import annotations

import re

from .lexicon import FUNCTION_WORDS

MIN_WORDS = 6
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def guess(paragraph: str) -> tuple[str | None, int]:
    """('fr' | 'en' | None, number of words). None when the function words do not
    decide: too short, or neither language."""
    words = [w.lower() for w in _WORD.findall(paragraph)]
    if len(words) < MIN_WORDS:
        return None, len(words)
    counts = {lang: sum(w in fw for w in words) for lang, fw in FUNCTION_WORDS.items()}
    best = max(counts, key=counts.__getitem__)
    other = min(counts, key=counts.__getitem__)
    if counts[best] >= max(2, 0.08 * len(words)) and counts[best] >= 2 * counts[other]:
        return best, len(words)
    return None, len(words)


def paragraph_languages(paragraphs: list[str], main: str) -> list[str]:
    """The language of each paragraph: ``main`` unless the paragraph is clearly the
    other supported language, or (by langdetect) a language the desk cannot read, in
    which case its ISO code is returned."""
    from .errors import UnsupportedLanguageError
    from .nlp import SUPPORTED, detect_language

    out = []
    for p in paragraphs:
        lang, n = guess(p)
        if lang in SUPPORTED:
            out.append(lang)
            continue
        if n >= 16:
            try:
                out.append(detect_language(p, source="paragraph"))
            except UnsupportedLanguageError as e:
                code = re.search(r"detected language '(\w+)'", str(e))
                out.append(code.group(1) if code else "unknown")
            continue
        out.append(main)
    return out
