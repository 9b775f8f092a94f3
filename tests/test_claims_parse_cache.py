"""Parsed segments are kept per process: an article checked again, or edited, gives the
claims a first extraction in a new process gives."""

from __future__ import annotations

from checker.settings import SAMPLE_ARTICLE
from claims import extract, nlp, read_article


def test_an_article_extracted_again_or_edited_gives_what_a_fresh_parse_gives():
    text = read_article(SAMPLE_ARTICLE)
    edited = text + "\n\nLe chômage a baissé de 2 % en 2023, selon l'Insee, qui le dit le 3 mars 2024."
    nlp._PARSED.clear()
    fresh = extract(text).to_json()
    parsed = len(nlp._PARSED)
    assert parsed > 20
    assert extract(text).to_json() == fresh
    assert len(nlp._PARSED) == parsed  # nothing parsed twice
    cached_edit = extract(edited).to_json()
    assert len(nlp._PARSED) == parsed + 1  # only the new paragraph
    nlp._PARSED.clear()
    assert extract(edited).to_json() == cached_edit
    assert len(cached_edit["claims"]) > len(fresh["claims"])


def test_the_cache_keeps_at_most_its_size(monkeypatch):
    monkeypatch.setattr(nlp, "PARSED_CACHE", 3)
    nlp._PARSED.clear()
    docs = nlp.parse("en", ["one.", "two.", "three.", "four.", "one."])
    assert [d.text for d in docs] == ["one.", "two.", "three.", "four.", "one."]
    assert len(nlp._PARSED) == 3
    assert ("en", "one.") in nlp._PARSED and ("en", "two.") not in nlp._PARSED
