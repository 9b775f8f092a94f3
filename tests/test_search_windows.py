"""Long texts cut into windows the model reads whole; repeated sentences dropped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.retrieval.windows import drop_repeats, split_text


def test_a_short_text_is_one_window_of_itself():
    assert split_text("OpenAI a ouvert un bureau à Paris.") == ["OpenAI a ouvert un bureau à Paris."]


def test_a_long_text_keeps_every_word_in_some_window():
    sentences = [f"Phrase numéro {i} sur le sujet {i * 7}." for i in range(200)]
    text = " ".join(sentences)
    windows = split_text(text, max_words=60, overlap=10)
    assert len(windows) > 1
    assert all(len(w.split()) <= 60 for w in windows)
    for s in sentences:
        assert any(s in w for w in windows)


def test_a_sentence_longer_than_a_window_is_cut_by_words_with_overlap():
    text = " ".join(f"mot{i}" for i in range(500))
    windows = split_text(text, max_words=100, overlap=20)
    assert all(len(w.split()) <= 100 for w in windows)
    assert set(" ".join(windows).split()) == set(text.split())


@given(st.text(max_size=3000))
def test_windows_never_lose_a_word(text):
    windows = split_text(text, max_words=40, overlap=8, max_chars=400)
    assert set(" ".join(windows).split()) >= set(text.split())


def test_repeated_sentences_are_dropped():
    post = "Le bac aura lieu en juillet. Faites circuler ! " * 3
    assert drop_repeats(post) == "Le bac aura lieu en juillet. Faites circuler !"
