"""Reference corpus files → passages, with every problem named by file, line and field.

A reviewer's evidence is only as good as its provenance, so each passage keeps its
source, address, date and language, and a content hash that decides whether it needs
embedding again. Reading is all-or-nothing: one bad line rejects the file before
anything is written.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from checker.errors import CorpusFormatError

FIELDS = ("id", "text", "source", "url", "date", "lang")
SUFFIXES = (".jsonl", ".csv", ".md", ".txt")


@dataclass(frozen=True)
class Passage:
    """One piece of evidence as stored; `sha256` is of the text alone."""

    id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    date: str = ""
    lang: str = ""
    sha256: str = ""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_passage(**fields: str) -> Passage:
    text = " ".join(fields["text"].split())
    return Passage(**{**fields, "text": text, "sha256": text_hash(text)})


def read_text_file(path: Path) -> str:
    """UTF-8 (with or without BOM); binary or undecodable files are refused by name."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CorpusFormatError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CorpusFormatError(f"{path}: is a folder, not a corpus file") from None
    if b"\x00" in raw:
        raise CorpusFormatError(f"{path}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CorpusFormatError(f"{path}:{line}: not UTF-8 text (byte {e.start})") from None


def load_corpus_file(path: str | Path) -> list[Passage]:
    """Read passages from a .jsonl, .csv, .md or .txt file.

    jsonl and csv rows carry the fields `id, text, source, url, date, lang` (and an
    optional `title`); only `text` is required, a missing id becomes `<file>-<line>`.
    md and txt files are split into one passage per paragraph. When an id repeats, the
    later row wins, as a corrected entry appended to a file would.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusFormatError(f"{path}: unsupported corpus format {suffix or '(none)'}; use {', '.join(SUFFIXES)}")
    content = read_text_file(path)
    if not content.strip():
        raise CorpusFormatError(f"{path}: the file is empty")
    if suffix == ".jsonl":
        rows = _jsonl_rows(path, content)
    elif suffix == ".csv":
        rows = _csv_rows(path, content)
    else:
        rows = _paragraph_rows(path, content)
    passages: dict[str, Passage] = {}
    for line, row in rows:
        passage = _row_to_passage(path, line, row)
        passages.pop(passage.id, None)
        passages[passage.id] = passage
    return list(passages.values())


def _jsonl_rows(path: Path, content: str) -> list[tuple[int, dict]]:
    rows = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise CorpusFormatError(f"{path}:{number}: not valid JSON ({e.msg}, column {e.colno})") from None
        if not isinstance(row, dict):
            raise CorpusFormatError(f"{path}:{number}: expected a JSON object with a 'text' field")
        rows.append((number, row))
    return rows


def _csv_rows(path: Path, content: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(content))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    if "text" not in columns:
        raise CorpusFormatError(f"{path}:1: no 'text' column (columns: {', '.join(columns) or 'none'})")
    reader.fieldnames = columns
    rows = []
    for row in reader:
        if None in row:
            raise CorpusFormatError(f"{path}:{reader.line_num}: more cells than the {len(columns)} columns")
        rows.append((reader.line_num, row))
    return rows


def _paragraph_rows(path: Path, content: str) -> list[tuple[int, dict]]:
    rows = []
    line = 1
    for block in re.split(r"(\n\s*\n)", content):
        if block.strip() and not re.fullmatch(r"\n\s*\n", block):
            text = re.sub(r"^#+\s*", "", block.strip(), flags=re.M)
            rows.append((line + len(block) - len(block.lstrip("\n")), {"text": text, "source": path.name}))
        line += block.count("\n")
    return rows


def _row_to_passage(path: Path, line: int, row: dict) -> Passage:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusFormatError(f"{path}:{line}: field 'text' is missing or empty")
    fields = {"text": text}
    for name in ("id", "title", "source", "url", "date", "lang"):
        value = row.get(name)
        if value is None:
            value = ""
        if not isinstance(value, (str, int, float)):
            raise CorpusFormatError(f"{path}:{line}: field '{name}' must be text")
        fields[name] = str(value).strip()
    if not fields["id"]:
        fields["id"] = f"{path.stem}-{line}"
    return make_passage(**fields)
