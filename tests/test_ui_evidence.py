"""The claim card's context and evidence: shared words marked, differing figures side by
side, and everything escaped."""

from __future__ import annotations

import html
import re

from checker.ui.highlight import context_html, evidence_html, figure_differences, highlight_article, shared_words_html

CLAIM = "OpenAI a ouvert un bureau à Paris en 2024 avec 40 salariés."
PASSAGE = "OpenAI a inauguré son bureau de Paris en 2023 <b>avec</b> 50 salariés."


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_shared_words_are_marked_and_the_text_kept_whole():
    out = shared_words_html(PASSAGE, CLAIM)
    marked = re.findall(r'<mark class="shared"[^>]*>([^<]*)</mark>', out)
    assert {"OpenAI", "bureau", "Paris", "salariés"} <= set(marked)
    assert "inauguré" not in marked and "2023" not in marked
    assert text_of(out) == PASSAGE
    assert "<b>" not in out and "&lt;b&gt;" in out


def test_differing_numbers_and_dates_side_by_side():
    rows = figure_differences(CLAIM, PASSAGE)
    assert ("année", "2024", "2023") in rows
    assert ("nombre", "40", "50") in rows
    assert figure_differences(CLAIM, CLAIM) == []
    assert figure_differences("Le 9 octobre", "Le 10 octobre") == [("jour", "09/10", "10/10")]
    assert figure_differences(CLAIM, "Un texte sans chiffre.") == []
    block = evidence_html({"rank": 1, "passage_id": "p1", "text": PASSAGE, "score": 0.8}, claim=CLAIM)
    assert 'class="differences"' in block and "<strong>2024</strong>" in block and "<strong>2023</strong>" in block


def test_context_marks_the_claim_span_and_is_escaped():
    article = "Intro <i>x</i>. " + "mot " * 200 + "OpenAI a ouvert un bureau. " + "fin " * 200
    start = article.index("OpenAI")
    end = start + len("OpenAI a ouvert un bureau")
    out = context_html(article, start, end, chars=60)
    assert re.search(r'<mark class="claim-span"[^>]*>OpenAI a ouvert un bureau</mark>', out)
    assert out.count("…") == 2 and len(text_of(out)) < 200
    short = context_html("<script>alert(1)</script> dit OpenAI.", 0, 8)
    assert "<script>" not in short and "&lt;script" in short


def test_highlighting_a_thousand_claims_stays_well_formed_and_quick():
    import time

    article = " ".join(f"Phrase {i} avec un chiffre {i}." for i in range(1000))
    spans, pos = [], 0
    for i in range(1000):
        s = article.index(f"Phrase {i} ", pos)
        spans.append({"id": f"c{i}", "start": s, "end": s + 12, "number": i + 1, "status": "unreviewed"})
        pos = s
    spans.append({"id": "wide", "start": 0, "end": 400, "number": 1001, "status": "true"})  # overlaps many
    began = time.perf_counter()
    out = highlight_article(article, spans, selected="c500")
    assert time.perf_counter() - began < 1.0
    assert out.count("<mark") == out.count("</mark>") >= 1000
    assert text_of(re.sub(r"<sup[^>]*>.*?</sup>", "", out)) == article
