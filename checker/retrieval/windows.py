"""Texts longer than the model's window, cut into pieces the model reads whole.

The embedding model reads at most 512 tokens and silently drops the rest, so a fact
in the second half of a long passage would never be found by the dense channel.
Long texts are therefore cut into overlapping windows on sentence boundaries; each
window gets its own vector, and a passage scores as its best window (the evidence is
wherever the best window is). A text that fits stays one piece with its own text, so
its vector is the same cached vector as before.

Sizes are counted in words, not tokens, so cutting needs no tokenizer: French and
English run at about 1.3–1.7 XLM-R tokens a word, so 220 words stay well under 512
tokens even with figures and names, and a 40-word overlap keeps a sentence that
straddles a cut whole in one of the two windows.
"""

from __future__ import annotations

import re

MAX_WORDS = 220
OVERLAP_WORDS = 40
MAX_CHARS = 1600
_SENTENCE_END = re.compile(r"(?<=[.!?…»\"])\s+(?=[\"«A-ZÀ-ÖØ-Þ0-9])|\n+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _word_windows(words: list[str], max_words: int, overlap: int) -> list[list[str]]:
    step = max(1, max_words - overlap)
    out = []
    for start in range(0, len(words), step):
        out.append(words[start : start + max_words])
        if start + max_words >= len(words):
            break
    return out


def split_text(
    text: str, *, max_words: int = MAX_WORDS, overlap: int = OVERLAP_WORDS, max_chars: int = MAX_CHARS
) -> list[str]:
    """The text as a list of windows, in order; `[text]` when it fits in one.

    Windows are whole sentences packed up to `max_words` words (and `max_chars`
    characters); a sentence longer than that is cut by words. Consecutive windows
    share about `overlap` words, so no sentence is only ever seen cut in half.
    """
    words = text.split()
    if len(words) <= max_words and len(text) <= max_chars:
        return [text]
    # Cap the window by characters too: long URLs or numbers tokenise into many pieces.
    avg = max(1.0, len(text) / max(1, len(words)))
    max_words = max(8, min(max_words, int(max_chars / avg)))
    overlap = min(overlap, max_words // 3)
    pieces: list[list[str]] = []
    for sentence in _sentences(text):
        sw = sentence.split()
        if len(sw) > max_words:
            pieces.extend(_word_windows(sw, max_words, overlap))
        else:
            pieces.append(sw)
    windows: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if current and len(current) + len(piece) > max_words:
            windows.append(" ".join(current))
            tail = current[-overlap:] if overlap else []
            current = tail if len(tail) + len(piece) <= max_words else []
        current = current + piece
    if current:
        windows.append(" ".join(current))
    return windows


def drop_repeats(text: str) -> str:
    """The text without sentences it already said, word for word.

    Posts copied from social media often hold the same text two or three times over;
    the repeats add nothing for matching but would push the rest out of the window.
    """
    seen: set[str] = set()
    kept = []
    for sentence in _sentences(text):
        key = " ".join(sentence.lower().split())
        if key in seen:
            continue
        seen.add(key)
        kept.append(sentence)
    return " ".join(kept) if kept else text.strip()
