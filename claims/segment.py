"""Cutting an article into sentences with offsets, and setting aside the lines that are
not statements (headings, bylines, slogans).

Lines are hard boundaries: a heading has no final full stop, so a statistical sentence
splitter glues it to the next sentence. Inside a line, sentences end at . ! ? … (with
closing quotes) followed by a capital, except after common abbreviations and initials.
"""

from __future__ import annotations

import re

from .lexicon import ABBREVIATIONS
from .model import Sentence

_END = re.compile(r"[.!?…]+[»\"”’)]*(?=\s+[«\"“(]?\s*[A-ZÀ-ÖØ-Þ0-9])")
_FINAL_PUNCT = tuple('.!?…:;»"”)')
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+", re.MULTILINE)


def _sentence_spans_in_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    line = text[start:end]
    for m in _END.finditer(line):
        cut = start + m.end()
        before = text[pos : start + m.start()]
        last_word = re.findall(r"[\wÀ-ÿ°]+$", before)
        if last_word:
            w = last_word[0].lower()
            if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
        spans.append((pos, cut))
        pos = cut
    spans.append((pos, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def split(text: str) -> list[tuple[int, int, int]]:
    """(start, end, line number) of every sentence, in order; offsets index ``text``."""
    spans = []
    pos = 0
    for lineno, line in enumerate(text.splitlines(keepends=True)):
        body_end = pos + len(line.rstrip("\r\n"))
        s = pos
        m = _BULLET.match(text, s, body_end)
        if m and not _MD_HEADING.match(text, s, body_end):
            s = m.end()
        for a, b in _sentence_spans_in_line(text, s, body_end):
            spans.append((a, b, lineno))
        pos += len(line)
    return spans


def cut_long(
    text: str, spans: list[tuple[int, int, int]], nlp, *, max_chars: int = 600, piece_chars: int = 300
) -> list[tuple[int, int, int]]:
    """Spans longer than ``max_chars`` (text without punctuation, run-on lists) cut
    where the parser sees a sentence end, and pieces still longer than
    ``piece_chars`` at a space before a capital or a conjunction, so that no claim
    swallows a whole paragraph."""
    out = []
    for s, e, ln in spans:
        if e - s <= max_chars:
            out.append((s, e, ln))
            continue
        cuts = set()
        if "parser" in nlp.pipe_names or "senter" in nlp.pipe_names:
            for a, b in _windows(text, s, e, 5000):
                doc = nlp(text[a:b])
                for sent in list(doc.sents)[1:]:
                    c = a + sent.start_char
                    if text[c - 1].isspace():
                        cuts.add(c)
        pieces, prev = [], s
        for c in sorted(cuts) + [e]:
            pieces.append((prev, c))
            prev = c
        for a, b in pieces:
            for x, y in _windows(text, a, b, piece_chars, prefer=_SOFT_CUT):
                while x < y and text[x].isspace():
                    x += 1
                while y > x and text[y - 1].isspace():
                    y -= 1
                if x < y:
                    out.append((x, y, ln))
    return out


_SOFT_CUT = re.compile(r"\s(?=[A-ZÀ-ÖØ-Þ]|(?:et|mais|puis|and|but|then)\s)")


def _windows(text: str, s: int, e: int, size: int, *, prefer: re.Pattern | None = None):
    """s..e in pieces of at most ``size`` characters, cut at whitespace (at a
    ``prefer`` match in the second half of a piece when there is one)."""
    while e - s > size:
        window = text[s : s + size]
        cut = None
        if prefer is not None:
            found = [m.start() for m in prefer.finditer(window) if m.start() >= size // 2]
            cut = found[-1] if found else None
        if cut is None:
            ws = max(window.rfind(" "), window.rfind("\n"))
            cut = ws if ws > 0 else size
        yield s, s + cut
        s += cut
    yield s, e


def _words(s: str) -> list[str]:
    return re.findall(r"[\wÀ-ÿ'’-]+", s)


def looks_like_name(s: str) -> bool:
    """Mostly capitalised words, as in a signature or a publication's name."""
    words = [w for w in _words(s) if len(w) > 3 or w[:1].isupper()]
    if not words or len(words) > 6:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= 0.6


def is_imperative(doc) -> bool:
    """A line opening on a second-person or imperative verb with no subject:
    "Pensez par vous-même", "Abonnez-vous". Needs a tagger; False without one."""
    toks = [t for t in doc if not t.is_punct and not t.is_space]
    if not toks:
        return False
    first = toks[0]
    morph = first.morph
    if first.pos_ not in ("VERB", "AUX"):
        return False
    if "Imp" in morph.get("Mood") or "2" in morph.get("Person"):
        return not any(t.dep_.startswith("nsubj") and t.i < first.i for t in doc)
    return False


def classify(text: str, line_spans: list[tuple[int, int]], doc, *, first_line: bool, lang: str) -> str:
    """The kind of one segment, decided from its shape.

    ``line_spans`` are all the segments of its line: only a line that is a single
    segment can be a heading, byline or slogan.
    """
    start, end = line_spans[0][0], line_spans[-1][1]
    seg = text[start:end]
    n_words = len(_words(seg))
    line_start = text.rfind("\n", 0, start) + 1
    if _MD_HEADING.match(text, line_start):
        return "heading"
    if doc is not None and n_words <= 10 and is_imperative(doc):
        return "slogan"
    if len(line_spans) > 1:
        return "sentence"
    ends_open = not seg.rstrip().endswith(_FINAL_PUNCT)
    if seg.rstrip().endswith("!") and n_words <= 8:
        return "slogan"
    if not ends_open:
        return "sentence"
    low = seg.lower()
    if n_words <= 8 and re.match(r"(par|by|propos recueillis|with)\b", low):
        return "byline"
    if not first_line and looks_like_name(seg) and n_words <= 6:
        return "byline"
    if n_words <= 16:
        return "heading"
    return "sentence"


def segment(
    text: str, docs=None, *, lang: str = "fr", spans: list[tuple[int, int, int]] | None = None
) -> list[Sentence]:
    """Sentences of ``text`` with their kinds.

    ``spans`` default to ``split(text)``; ``docs`` are optional parsed docs, one per
    span; they let the imperative test use the tagger.
    """
    spans = split(text) if spans is None else spans
    by_line: dict[int, list[int]] = {}
    for i, (_, _, ln) in enumerate(spans):
        by_line.setdefault(ln, []).append(i)
    lines = sorted(by_line)
    out = []
    for order, ln in enumerate(lines):
        idxs = by_line[ln]
        line_spans = [(spans[i][0], spans[i][1]) for i in idxs]
        for i in idxs:
            s, e, _ = spans[i]
            doc = docs[i] if docs is not None else None
            kind = classify(
                text,
                [(s, e)] if len(idxs) == 1 else line_spans,
                doc,
                first_line=order == 0,
                lang=lang,
            )
            out.append(Sentence(text=text[s:e], start=s, end=e, kind=kind))
    return out
