"""docs/bad-input.md is checked against the tests and the code, both ways:

- every message quoted (in backticks) in its tables is asserted by a test: cut at what
  varies (a file name with its line, a quoted value, a number, `…`, `<placeholder>`)
  and at its clauses' punctuation, one of its fixed phrases at least must appear in the
  tests' source (which run against the code): a message renamed in the code fails its
  test, a message dropped from the tests fails here;
- every case of the bad-input matrix's parametrised lists (BAD_ARTICLES, BAD_CORPORA)
  has its message on the page.
"""

from __future__ import annotations

import re

from checker.settings import PACKAGE_ROOT
from tests.conftest import BAD_ARTICLES, BAD_CORPORA

DOC = (PACKAGE_ROOT / "docs" / "bad-input.md").read_text(encoding="utf-8")
# the test modules and the tables they share from conftest.py
TESTS = "\n".join(p.read_text(encoding="utf-8") for p in (PACKAGE_ROOT / "tests").rglob("*.py"))

NOT_MESSAGES = re.compile(r"^(--|python |\$|\.|[A-Z_]+=|PRAGMA|<|[\w./-]+$)")


def _normalise(text: str) -> str:
    """What a message looks like once written in a Python test (escapes undone)."""
    return text.replace("\\\\", "\\").replace("\\'", "'").replace('\\"', '"')


def quoted_messages() -> list[str]:
    spans = []
    for line in DOC.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = line.split(" | ")[1:]  # the input column names the case, the others say what happens
            spans += re.findall(r"`([^`]+)`", " | ".join(cells))
    return [s for s in spans if len(s) >= 12 and not NOT_MESSAGES.match(s)]


VARYING = re.compile(
    r"/…/[\w./-]+|…|<[a-z ]+>|\bN\b"  # placeholders of the page
    r"|(?:^|(?<=\s))[\w./-]+\.(?:txt|jsonl|csv|db|md|html|json|pdf)(?::\d+)?:?"  # a file name, its line
    r"|'[^']*'|«[^»]*»|\$[A-Z_]+|\d[\d,.]*"  # a quoted value, a variable, a number
)


def pieces(message: str) -> list[str]:
    """The fixed phrases of a message: cut at what varies and at its clauses' punctuation."""
    parts = [q for p in VARYING.split(message) for q in re.split(r"[();]", p)]
    return [p.strip(" ,:") for p in parts if len(p.strip(" ,:")) >= 12]


def test_the_page_quotes_messages():
    assert len(quoted_messages()) >= 40


def test_every_quoted_message_is_asserted_by_a_test():
    """A message whose every phrase is absent from the tests is one no test checks
    (or one the code no longer gives and the tests stopped asserting)."""
    tests = _normalise(TESTS)
    untested = [m for m in quoted_messages() if pieces(m) and not any(p in tests for p in pieces(m))]
    assert untested == [], "quoted in docs/bad-input.md but asserted by no test:\n" + "\n".join(
        f"  {m!r}" for m in untested
    )


def test_every_case_of_the_matrix_is_on_the_page():
    doc = DOC.replace("\\u", "\\u")
    absent = []
    for name, _, message in [*BAD_ARTICLES, *BAD_CORPORA]:
        core = re.sub(rf"^{re.escape(name)}(:\d+)?: ", "", message)
        if core not in doc:
            absent.append((name, core))
    assert absent == [], "cases of the matrix with no line in docs/bad-input.md:\n" + "\n".join(
        f"  {n}: {c!r}" for n, c in absent
    )
