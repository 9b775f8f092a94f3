"""French and English stop words: spaCy's own lists, read without importing spaCy.

The lexical channels and the UI's shared-word highlighting need only these two word
lists, but ``import spacy.lang.fr.stop_words`` first runs ``spacy.lang.fr``, whose
tokenizer exceptions take about four seconds to build, on top of spaCy itself pulling
in thinc and torch. That was most of the desk's start-up time before it could show a
single claim. Each list is a self-contained module (one set literal, no imports), so
it is executed on its own from the installed spaCy package.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _spacy_list(lang: str) -> frozenset[str]:
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy is not installed: pip install -r requirements.txt")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 - spaCy's own file
    words = namespace["STOP_WORDS"]
    assert isinstance(words, set)
    return frozenset(w.lower() for w in words)


FR_STOP_WORDS = _spacy_list("fr")
EN_STOP_WORDS = _spacy_list("en")
STOP_WORDS = FR_STOP_WORDS | EN_STOP_WORDS
