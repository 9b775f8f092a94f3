"""The article, evidence and quote HTML: escaped text, well-formed marks, safe links."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from checker.ui.highlight import evidence_html, highlight_article, quote_html, safe_url


def visible_text(markup: str) -> str:
    """What a browser shows, superscript claim numbers left out."""
    without_numbers = re.sub(r"<sup[^>]*>.*?</sup>", "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", without_numbers))


class TagBalance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "hr"):  # void elements have no end tag
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def balanced(markup: str) -> bool:
    parser = TagBalance()
    parser.feed(markup)
    return parser.ok and not parser.stack


def span(cid, start, end, number=1, status="unreviewed"):
    return {"id": cid, "start": start, "end": end, "number": number, "status": status}


def test_a_claim_span_is_marked_and_text_kept():
    text = "OpenAI ouvre un bureau à Paris. Il fait beau."
    out = highlight_article(text, [span("c1", 0, 31)])
    assert '<mark class="claim" data-claims="c1"' in out
    assert ">OpenAI ouvre un bureau à Paris.</mark>" in out
    assert visible_text(out) == text


def test_markup_in_the_article_is_escaped():
    text = 'Avant <script>alert("x")</script> & <b>gras</b> après'
    out = highlight_article(text, [span("c1", 6, 33)])
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert visible_text(out) == text


def test_overlapping_spans_are_cut_into_flat_marks():
    text = "OpenAI a ouvert des bureaux à Londres et Dublin en 2023."
    out = highlight_article(text, [span("a", 0, 37, 1), span("b", 30, 56, 2)], selected="b")
    assert balanced(out)
    assert "<mark" not in re.sub(r"<mark[^>]*>[^<]*</mark>", "", out)  # no nesting
    assert 'data-claims="a b"' in out  # the shared words carry both claims
    assert re.search(r'data-claims="a b"[^>]*>Londres</mark>', out)
    assert visible_text(out) == text
    assert out.count("<sup") == 2


def test_the_selected_claim_is_outlined():
    out = highlight_article("Une phrase. Une autre.", [span("x", 0, 11), span("y", 12, 22, 2)], selected="y")
    assert re.search(r'class="claim selected" data-claims="y"', out)
    assert 'class="claim" data-claims="x"' in out


def test_offsets_outside_the_text_are_clipped_and_empty_spans_ignored():
    text = "Court."
    out = highlight_article(text, [span("a", -5, 3), span("b", 4, 99), span("c", 2, 2)])
    assert visible_text(out) == text
    assert 'data-claims="c"' not in out
    assert balanced(out)


@given(
    st.text(alphabet="ab<>&\"' \né", max_size=40),
    st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=6),
)
def test_any_spans_give_balanced_html_showing_the_exact_text(text, pairs):
    spans = [span(f"c{i}", a, b, i + 1) for i, (a, b) in enumerate(pairs)]
    out = highlight_article(text, spans)
    assert balanced(out)
    assert visible_text(out) == text
    marked = {cid for ids in re.findall(r'data-claims="([^"]*)"', out) for cid in ids.split()}
    covered = {s["id"] for s in spans if max(0, s["start"]) < min(len(text), s["end"])}
    assert marked == covered


def test_evidence_shows_source_date_link_and_score_escaped():
    out = evidence_html(
        {
            "rank": 1,
            "passage_id": "F01-fr",
            "title": "OpenAI <ouvre>",
            "source": "Blog & co",
            "date": "2023-06-28",
            "url": "https://openai.com/blog?a=1&b=2",
            "score": 0.0321,
            "dense": 0.88,
            "lexical": 12.5,
            "text": "Le 28 juin 2023 <i>OpenAI</i>",
            "signals": ["x < y"],
        }
    )
    assert "OpenAI &lt;ouvre&gt;" in out and "Blog &amp; co" in out and "2023-06-28" in out
    assert 'href="https://openai.com/blog?a=1&amp;b=2"' in out
    assert "score 0.032" in out and "F01-fr" in out
    assert "&lt;i&gt;OpenAI&lt;/i&gt;" in out and "x &lt; y" in out
    assert balanced(out)


def test_unsafe_links_are_not_linked():
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.org/a", "www.example.org", ""):
        assert safe_url(url) == ""
        assert "href" not in evidence_html({"passage_id": "p", "text": "t", "url": url})
    assert safe_url(" http://example.org/a ") == "http://example.org/a"


def test_quote_keeps_line_breaks_and_escapes():
    out = quote_html("Note", "ligne 1\n<ligne 2>")
    assert "white-space:pre-wrap" in out and "ligne 1\n&lt;ligne 2&gt;" in out


def test_tables_escape_every_cell_and_head():
    from checker.ui.highlight import table_html

    assert table_html([], css_class="x") == ""
    out = table_html([{"<b>kind</b>": "<script>alert(1)</script>", "note": "a & b"}], css_class="features")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;kind&lt;/b&gt;" in out and "a &amp; b" in out
    assert out.count("<tr>") == 2 and 'class="features"' in out
