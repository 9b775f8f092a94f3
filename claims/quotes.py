"""Quoted words: « … », “ … ” and "…", with their offsets."""

from __future__ import annotations

import re

_QUOTE = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|\"(?P<c>[^\"\n]+?)\"")


def find_quotes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each quotation; start/end include the marks."""
    out = []
    for m in _QUOTE.finditer(text):
        inner = m.group("a") or m.group("b") or m.group("c") or ""
        if inner.strip():
            out.append((m.start(), m.end(), inner.strip()))
    return out
