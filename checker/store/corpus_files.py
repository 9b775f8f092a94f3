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
import logging
import math
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import CheckerError, CorpusFormatError

SUFFIXES = (".jsonl", ".csv", ".md", ".txt")
MAX_FILE_BYTES = 500_000_000
"""A corpus file larger than this is refused before it is read (it would be held in
memory whole); split it into several files of one corpus."""
MAX_PASSAGE_CHARS = 100_000
"""A passage is a paragraph or an article; a longer one is a file read wrongly (a
whole book on one line, a paragraph format given to a dump)."""

log = logging.getLogger(__name__)


class CorpusNameClash(CheckerError):
    """A file whose name would put it in a corpus another file already filled.

    Two files called `corpus.jsonl` in different folders would otherwise share the
    corpus "corpus", and the second would silently overwrite the first one's passages
    wherever their ids meet. The fields let each front end say how to proceed in its
    own terms; the message says it for the command line.
    """

    def __init__(self, corpus: str, existing: Sequence[str], new: str) -> None:
        self.corpus, self.existing, self.new = corpus, list(existing), new
        super().__init__(
            f"{new}: the corpus name {corpus!r} is already taken by {', '.join(self.existing)};"
            f" to keep both, import this file under a name of its own"
            f" (python -m checker ingest {shlex.quote(new)} --corpus NAME) and use --corpus NAME;"
            f" to add it to {corpus!r} on purpose, ingest it with --corpus {shlex.quote(corpus)}"
        )


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


@dataclass(frozen=True)
class CorpusFile:
    """One corpus file read and checked, with the corpus it goes to.

    `source` is what the desk records as the file's origin (its resolved path, or an
    upload's name); `named` says the corpus name was chosen rather than taken from the
    file's stem, which makes adding to another file's corpus deliberate.
    """

    corpus: str
    source: str
    named: bool
    passages: list[Passage]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_passage(**fields: str) -> Passage:
    text = " ".join(fields["text"].split())
    return Passage(**{**fields, "text": text, "sha256": text_hash(text)})


def _read_bounded(path: Path, max_bytes: int, chunk: int = 1 << 20) -> bytes:
    """At most `max_bytes + 1` bytes, never `read()` of everything: /dev/zero, a pipe or
    any stream with no end stops at the limit (or at once, at its first NUL byte or a
    UTF-16 mark, which the checks after refuse anyway)."""
    parts: list[bytes] = []
    total = 0
    with path.open("rb") as f:
        while total <= max_bytes:
            part = f.read(min(chunk, max_bytes + 1 - total))
            if not part:
                break
            parts.append(part)
            total += len(part)
            if b"\x00" in part:
                break
    return b"".join(parts)


def read_text_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """UTF-8 (with or without BOM). Binary, UTF-16 and Latin-1/Windows-1252 files are
    refused by name with what to do, never guessed: a wrong guess would store
    misspelt evidence that nobody notices."""
    try:
        if path.is_dir():
            raise CorpusFormatError(f"{path}: is a folder, not a corpus file")
        size = path.stat().st_size
        if size > max_bytes:
            raise CorpusFormatError(
                f"{path}: {size / 1e6:.0f} MB is more than the {max_bytes / 1e6:.0f} MB a corpus file may be;"
                " split it into several files"
            )
        raw = _read_bounded(path, max_bytes)
        if len(raw) > max_bytes:
            raise CorpusFormatError(
                f"{path}: more than the {max_bytes / 1e6:.0f} MB a corpus file may be (read stopped there);"
                " split it into several files"
            )
    except FileNotFoundError:
        raise CorpusFormatError(f"{path}: no such file") from None
    except PermissionError:
        raise CorpusFormatError(f"{path}: cannot be read (permission denied)") from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CorpusFormatError(f"{path}: is UTF-16 text; save it as UTF-8")
    if b"\x00" in raw:
        raise CorpusFormatError(f"{path}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        column = e.start - raw.rfind(b"\n", 0, e.start)
        hint = ""
        try:
            raw.decode("cp1252")
            hint = "; it looks like Latin-1 or Windows-1252: save it as UTF-8"
        except UnicodeDecodeError:
            hint = "; save it as UTF-8"
        raise CorpusFormatError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[e.start]:02X} at column {column}){hint}"
        ) from None


def load_corpus_file(path: str | Path) -> list[Passage]:
    """Read passages from a .jsonl, .csv, .md or .txt file.

    jsonl and csv rows carry the fields `id, text, source, url, date, lang` (and an
    optional `title`); only `text` is required, a missing id becomes `<file>-<line>`.
    md and txt files are split into one passage per paragraph. When an id repeats, the
    later row wins, as a corrected entry appended to a file would, and a warning on the
    `checker.store.corpus_files` logger (printed on stderr by default) names both lines.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise CorpusFormatError(f"{path}: is a folder; name the corpus files in it")
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
    lines: dict[str, int] = {}
    for line, row in rows:
        passage = _row_to_passage(path, line, row)
        if passages.pop(passage.id, None) is not None:
            log.warning(
                "%s:%d: id %r repeats line %d; the later row is kept", path, line, passage.id, lines[passage.id]
            )
        passages[passage.id] = passage
        lines[passage.id] = line
    return list(passages.values())


def read_corpus_files(
    paths: Sequence[str | Path], *, corpus: str | None = None, sources: Sequence[str] | None = None
) -> list[CorpusFile]:
    """Read every file before anything is written, so one bad line anywhere refuses the
    whole import (and each duplicate-id warning is given once).

    Without `corpus` each file goes to the corpus named after its stem, and two files
    of one stem from different places are refused here (CorpusNameClash). `sources`,
    one per path, replaces the resolved path as what is recorded (an upload has no
    meaningful path).
    """
    if sources is not None and len(sources) != len(paths):
        raise ValueError("sources: give one per path")
    files: list[CorpusFile] = []
    claimed: dict[str, str] = {}
    for i, p in enumerate(paths):
        path = Path(p)
        passages = load_corpus_file(path)
        source = sources[i] if sources is not None else str(path.resolve())
        name = corpus or path.stem
        if corpus is None and claimed.setdefault(name, source) != source:
            raise CorpusNameClash(name, [claimed[name]], source)
        files.append(CorpusFile(corpus=name, source=source, named=corpus is not None, passages=passages))
    return files


class _NotANumber(str):
    """NaN, Infinity or -Infinity as json.loads reads them: Python accepts them, JSON
    does not, and a passage field holding one is a loose export, not a value."""

    @staticmethod
    def inside(value: object) -> str:
        if isinstance(value, _NotANumber):
            return str(value)
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        return next((found for item in items if (found := _NotANumber.inside(item))), "")


def _jsonl_rows(path: Path, content: str) -> list[tuple[int, dict]]:
    rows = []
    # "\n" only: JSON strings may hold U+2028 and other characters str.splitlines()
    # would cut at, and line numbers must match the user's editor.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line, parse_constant=_NotANumber)
        except json.JSONDecodeError as e:
            raise CorpusFormatError(f"{path}:{number}: not valid JSON ({e.msg}, column {e.colno})") from None
        if not isinstance(row, dict):
            raise CorpusFormatError(f"{path}:{number}: expected a JSON object with a 'text' field")
        for name, value in row.items():
            if isinstance(value, _NotANumber) or (isinstance(value, (list, dict)) and _NotANumber.inside(value)):
                raise CorpusFormatError(
                    f"{path}:{number}: field {name!r} holds {_NotANumber.inside(value) or value}, which is not a number"
                    " JSON allows; write a number or leave the field out"
                )
        rows.append((number, row))
    return rows


def _csv_rows(path: Path, content: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(content, newline=""), strict=True)
    rows: list[tuple[int, dict]] = []
    try:
        columns = [c.strip() for c in (reader.fieldnames or [])]
        if "text" not in columns:
            raise CorpusFormatError(f"{path}:1: no 'text' column (columns: {', '.join(columns) or 'none'})")
        repeated = sorted({c for c in columns if c and columns.count(c) > 1})
        if repeated:
            raise CorpusFormatError(f"{path}:1: column {repeated[0]!r} appears twice in the header")
        reader.fieldnames = columns
        for row in reader:
            if None in row:
                raise CorpusFormatError(f"{path}:{reader.line_num}: more cells than the {len(columns)} columns")
            if any(value is None for value in row.values()):
                cells = sum(value is not None for value in row.values())
                raise CorpusFormatError(
                    f"{path}:{reader.line_num}: {cells} cells for the {len(columns)} columns ({', '.join(columns)})"
                )
            rows.append((reader.line_num, row))
        if not rows:
            raise CorpusFormatError(f"{path}: has a header but no rows; nothing to import")
    except csv.Error as e:
        # the record that failed starts on the line after the last complete one
        start = (rows[-1][0] if rows else 1) + 1 if reader.fieldnames else 1
        hint = "; a quote opened on this line is never closed" if "end of data" in str(e) else ""
        raise CorpusFormatError(f"{path}:{start}: not valid CSV ({e}){hint}") from None
    return rows


def _paragraph_rows(path: Path, content: str) -> list[tuple[int, dict]]:
    rows = []
    line = 1
    for block in re.split(r"(\n\s*\n)", content):
        if block.strip() and not re.fullmatch(r"\n\s*\n", block):
            text = re.sub(r"^#+\s*", "", block.strip(), flags=re.MULTILINE)
            rows.append((line + len(block) - len(block.lstrip("\n")), {"text": text, "source": path.name}))
        line += block.count("\n")
    return rows


def _row_to_passage(path: Path, line: int, row: dict) -> Passage:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusFormatError(f"{path}:{line}: field 'text' is missing or empty")
    if len(text) > MAX_PASSAGE_CHARS:
        raise CorpusFormatError(
            f"{path}:{line}: field 'text' has {len(text):,} characters, more than the {MAX_PASSAGE_CHARS:,}"
            " a passage may have; split it (md/txt files: blank lines between paragraphs)"
        )
    fields = {"text": text}
    for name in ("id", "title", "source", "url", "date", "lang"):
        value = row.get(name)
        if value is None:
            value = ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise CorpusFormatError(f"{path}:{line}: field '{name}' must be text (not {json.dumps(value)[:40]})")
        if isinstance(value, float) and (name == "id" or not math.isfinite(value)):
            raise CorpusFormatError(f"{path}:{line}: field '{name}' must be text or a whole number (not {value!r})")
        fields[name] = str(value).strip()
    for name, value in fields.items():
        if "\x00" in value:  # the one display policy refuses NUL on input (checker.escaping)
            raise CorpusFormatError(
                f"{path}:{line}: field '{name}' holds a NUL character (at character {value.index(chr(0)) + 1}); remove it"
            )
    if not fields["id"]:
        fields["id"] = f"{path.stem}-{line}"
    return make_passage(**fields)
