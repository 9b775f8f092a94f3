"""Hostile text is inert everywhere it can land: an article, corpus passages, notes and
reviewer names carrying `<script>`, `<img onerror>`, `javascript:` Markdown links and
spreadsheet formulas come out of every export and UI fragment as plain text, and
come out whole (nothing dropped); SQL only ever receives them as parameters.

`fill_hostile` builds the hostile review through the library (the real extractor),
so the browser test (tests/e2e/test_injection_browser.py) shows the same data.
"""

from __future__ import annotations

import ast
import csv
import io
import json
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from checker.errors import NotFoundError
from checker.report.contents import build_report
from checker.report.formats import RENDERERS
from checker.retrieval.search import fts_query
from checker.settings import PACKAGE_ROOT, Settings
from checker.store.corpus_files import make_passage
from checker.store.database import Store
from checker.ui.highlight import evidence_html, highlight_article, quote_html
from tests.conftest import ARTICLE, NOTE, PAYLOADS, REVIEWER, TITLE, ClaimRecord, fill_hostile

REVIEW_PAGE = Settings(review_url="https://desk.example.org/verifications/page")
"""ClaimReview needs the fact-check page's url."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Audit(HTMLParser):
    """Every way HTML can run code or load something: script-like elements, event
    handler attributes, and URL attributes that are not plain http(s) links."""

    ACTIVE_TAGS = {
        "script",
        "iframe",
        "img",
        "svg",
        "object",
        "embed",
        "form",
        "input",
        "base",
        "frame",
        "math",
        "video",
        "audio",
        "link",
    }
    URL_ATTRS = {"href", "src", "action", "formaction", "srcdoc", "xlink:href", "data", "poster", "background"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.ACTIVE_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "style":
            self.styles += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRS and value and not value.strip().lower().startswith(("http://", "https://", "#")):
                self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def audit(markup: str) -> Audit:
    a = Audit()
    a.feed(markup)
    a.close()
    return a


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("hostile") / "desk.db")
    ids = fill_hostile(store)
    yield store, ids
    store.close()


@pytest.fixture(scope="module")
def exports(hostile):
    store, ids = hostile
    report = build_report(store, ids["article"], generated_at="2024-10-10T10:00:00+00:00", settings=REVIEW_PAGE)
    return {name: render(report) for name, render in RENDERERS.items()}


def test_the_hostile_review_is_complete(hostile):
    store, ids = hostile
    assert store.article(ids["article"])["text"] == ARTICLE
    assert store.article(ids["article"])["title"] == TITLE
    assert len(ids["claims"]) > len(PAYLOADS)
    current = store.current_verdict(ids["judged"])
    assert current["note"] == NOTE and current["reviewer"] == REVIEWER  # stored as typed


def test_html_export_is_inert(exports):
    a = audit(exports["html"])
    assert a.problems == []
    assert a.styles == 1  # the report's own stylesheet only
    assert "&lt;script&gt;window.__pwned" in exports["html"]


def test_markdown_export_is_inert_even_where_raw_html_is_allowed(exports):
    """Rendered as a permissive viewer would: raw HTML on, link checks off."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True
    rendered = md.render(exports["markdown"])
    a = audit(rendered)
    assert a.problems == [] and a.styles == 0
    assert "window.__pwned" in rendered  # shown as text, not dropped


def test_csv_export_has_no_live_formula(exports):
    rows = list(csv.reader(io.StringIO(exports["csv"].lstrip("\ufeff"))))
    cells = [c for row in rows[1:] for c in row]
    assert cells
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == []
    defused = [c for c in cells if c.startswith("'") and c[1:].startswith(FORMULA_STARTS)]
    assert len(defused) >= 3  # the formula payloads are there, made text


def test_json_export_keeps_every_payload_exactly(exports):
    document = json.loads(exports["json"])
    strings = "\n".join(strings_in(document))
    for p in PAYLOADS:
        assert p in strings, p
    article = document["articles"][0]
    judged = next(c for c in article["claims"] if c["verdict"] and c["verdict"]["reviewer"] == REVIEWER)
    assert judged["verdict"]["note"] == NOTE


def test_claimreview_is_valid_json_with_the_reviews(exports):
    reviews = json.loads(exports["claimreview"])
    assert len(reviews) == 1 + 4
    assert all(r["@type"] == "ClaimReview" for r in reviews)


def test_claimreview_can_be_embedded_in_a_script_block(exports):
    assert "</" not in exports["claimreview"] and "<!--" not in exports["claimreview"]


def test_ui_fragments_are_inert(hostile):
    store, ids = hostile
    claims = store.claims(ids["article"])
    spans = [
        {"id": c["id"], "start": c["start"], "end": c["end"], "number": i, "status": "false"}
        for i, c in enumerate(claims, start=1)
    ]
    page = highlight_article(ARTICLE, spans, selected=ids["judged"])
    fragments = [page]
    for c in claims:
        fragments += [quote_html("Affirmation", c["text"]), quote_html("Phrase", c["sentence"])]
        fragments += [evidence_html(m) for m in store.matches(c["id"])]
    fragments.append(quote_html("Note", store.current_verdict(ids["judged"])["note"]))
    for fragment in fragments:
        assert audit(fragment).problems == [], fragment
        assert audit(fragment).styles == 0
    assert "&lt;script&gt;window.__pwned=&quot;script&quot;&lt;/script&gt;" in page


def test_hostile_ids_and_names_are_only_parameters(hostile):
    store, ids = hostile
    tables = set(store.db.table_names())
    for nasty in ("x' OR '1'='1", "x'); DROP TABLE verdicts; --", 'x" OR 1=1 --', "%", "*"):
        with pytest.raises(NotFoundError):
            store.record_verdict(nasty, "true")
        with pytest.raises(NotFoundError):
            store.article(nasty)
        assert store.passages([nasty]) == []
        assert store.verdict_history(nasty) == []
        # a search is free text: FTS5 syntax in it is never run as syntax
        assert isinstance(store.lexical_search(fts_query(nasty), ["hostile"]), list)
    for query in ('"unterminated', "a AND OR NOT (", "NEAR(a b, -1)", "text:*", "^préfecture", PAYLOADS[0]):
        assert isinstance(store.lexical_search(fts_query(query), ["hostile"]), list)
    assert set(store.db.table_names()) == tables
    assert store.db["verdicts"].count == 5


ALLOWED_SQL_INTERPOLATIONS = {
    "marks",
    "','.join('?' * len(keep))",
    "','.join('?' * len(corpora))",
    "int(self.timeout * 1000)",
    # a CREATE TABLE statement cut from the store's own schema text
    "_table_sql(name)",
    # schema.py: a column definition from its own table, its two integer constants
    "LEGACY_VERDICT_COLUMNS[name]",
    "int(APPLICATION_ID)",
    "int(SCHEMA_VERSION)",
}


def test_sql_is_built_only_with_parameters():
    """Every f-string handed to execute/query interpolates only '?' placeholders (or a
    number the code computed), never a value."""
    found = []
    for path in [
        *(PACKAGE_ROOT / "checker").rglob("*.py"),
        *(PACKAGE_ROOT / "claims").rglob("*.py"),
        PACKAGE_ROOT / "app.py",
    ]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"execute", "executemany", "executescript", "query"}
                and node.args
            ):
                continue
            sql = node.args[0]
            if isinstance(sql, ast.JoinedStr):
                for part in sql.values:
                    if isinstance(part, ast.FormattedValue):
                        found.append((path.name, ast.unparse(part.value)))
            elif not isinstance(sql, (ast.Constant, ast.Name, ast.BinOp)):
                found.append((path.name, ast.unparse(sql)))
    assert found, "the scan found no SQL at all"
    assert [f for f in found if f[1] not in ALLOWED_SQL_INTERPOLATIONS] == []


# ---------------------------------------------------------------- one URL policy, one display policy

BAD_SCHEMES = (
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>x</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "ftp://example.org/x",
    "http://\u202eexample.org",
    "https:/missing-slash.example",
    "java\tscript:alert(1)",
)
FLIPPED = "\u202eecila"  # displays as "alice" when the override is honoured


def test_one_url_rule_for_the_ui_and_the_exports():
    from checker.escaping import safe_url
    from checker.report.formats import safe_url as report_safe_url
    from checker.ui.highlight import safe_url as ui_safe_url

    for url in BAD_SCHEMES:
        assert safe_url(url) == ui_safe_url(url) == "" and report_safe_url(url) == "", url
    for url in ("https://example.org/a?b=1#c", "http://exemple.fr"):
        assert safe_url(url) == ui_safe_url(url) == report_safe_url(url) == url


@pytest.fixture(scope="module")
def bidi_exports(tmp_path_factory):
    """A reviewed claim whose text, note, reviewer, source and claimant carry bidi
    overrides, in an article published at a javascript: URL."""
    store = Store(tmp_path_factory.mktemp("bidi") / "desk.db")
    text = "Le maire a dit que la ville compte 3 écoles.\n"
    article = store.save_article(
        text=text,
        title=f"Titre {FLIPPED}",
        lang="fr",
        sha256="ef" * 32,
        url="javascript:alert(1)",
        claims=[ClaimRecord("b1", f"La ville compte 3 écoles {FLIPPED}.", sentence=text.strip())],
    )
    store.upsert_passages(
        "ref", [make_passage(id="p1", text=f"Trois écoles {FLIPPED}", source=FLIPPED, url="data:text/html,<b>x</b>")]
    )
    store.record_verdict("b1", "false", note=f"note {FLIPPED}", evidence=["p1"], reviewer=FLIPPED)
    report = build_report(store, article, generated_at="2024-10-10T10:00:00+00:00", settings=REVIEW_PAGE)
    yield store, {name: render(report) for name, render in RENDERERS.items()}
    store.close()


def test_a_javascript_article_url_never_reaches_claimreview(bidi_exports):
    _, exported = bidi_exports
    reviews = json.loads(exported["claimreview"])
    assert len(reviews) == 1
    assert "javascript" not in exported["claimreview"].lower()
    assert reviews[0]["url"].startswith(
        REVIEW_PAGE.review_url + "#claim-"
    )  # the fact-check page's, never the article's
    assert all("url" not in a for a in reviews[0]["itemReviewed"].get("appearance", []))
    assert "data:text" not in exported["html"] or 'href="data:' not in exported["html"]
    assert audit(exported["html"]).problems == []


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "claimreview"])
def test_bidi_overrides_are_shown_not_obeyed_in_the_displayed_exports(bidi_exports, fmt):
    _, exported = bidi_exports
    text = exported[fmt]
    assert "\u202e" not in text
    if fmt == "claimreview":
        assert json.loads(text)[0]["claimReviewed"].endswith("⟨U+202E⟩ecila.")
    else:
        assert "⟨U+202E⟩ecila" in text


def test_the_json_export_keeps_the_value_and_writes_the_control_as_an_escape(bidi_exports):
    _, exported = bidi_exports
    assert "\u202e" not in exported["json"] and "\\u202e" in exported["json"]
    document = json.loads(exported["json"])
    claim = document["articles"][0]["claims"][0]
    assert claim["text"].endswith(FLIPPED + ".") and claim["verdict"]["reviewer"] == FLIPPED


def test_bidi_overrides_are_shown_in_the_ui_fragments(bidi_exports):
    from checker.ui.common import md

    store, _ = bidi_exports
    claim = store.claim("b1")
    fragments = [
        quote_html("Affirmation", claim["text"]),
        md(FLIPPED),
        *[evidence_html(m, claim=claim["text"]) for m in store.matches("b1")],
        highlight_article(
            FLIPPED + " et le reste",
            [{"id": "b1", "start": 0, "end": 6, "number": 1, "status": "false"}],
            selected="b1",
        ),
    ]
    for fragment in fragments:
        assert "\u202e" not in fragment and "⟨U+202E⟩" in fragment, fragment


@pytest.mark.parametrize(
    "control",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
    ],
)
def test_every_bidi_control_is_made_visible(control):
    from checker.escaping import show_controls
    from checker.report.formats import csv_cell, h, md_inline

    shown = f"⟨U+{ord(control):04X}⟩"
    for render in (show_controls, h, md_inline, csv_cell):
        out = render(f"a{control}b")
        assert control not in out and f"a{shown}b" in out, (render, out)
