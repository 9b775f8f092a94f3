"""The cached text helpers of matching give what their plain definitions give."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.retrieval.search import fold, passage_stems, stems
from checker.verify.suggestion import coverage


def _fold_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(alphabet=st.characters(codec="ascii")))
def test_fold_is_its_definition_for_any_text(text):
    assert fold(text) == _fold_by_definition(text)
    assert fold(text) == fold(text)  # cached


def test_cached_stems_and_coverage_are_those_of_the_text():
    passage = "L'Élysée a annoncé l'implantation de 157 usines en 2023, d'après le ministère."
    assert passage_stems(passage) == frozenset(stems(passage))
    share, found, missing = coverage("L'Élysée veut implanter des usines", passage)
    assert found == ["élysée", "implanter", "usines"] and missing == ["veut"] and share == 0.75
    assert coverage("L'Élysée veut implanter des usines", passage) == (share, found, missing)
