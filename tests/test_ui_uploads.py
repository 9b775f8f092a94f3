"""Article uploads beyond plain text: HTML reduced to its text, Word .docx read from its XML."""

from __future__ import annotations

import io
import zipfile

import pytest

from checker.ui.article_input import UPLOAD_TYPES, article_from_upload
from claims import ArticleError

BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "<w:p><w:r><w:t>OpenAI ouvre un bureau à Paris.</w:t></w:r></w:p>"
    '<w:p><w:r><w:t xml:space="preserve">La société a levé </w:t></w:r><w:r><w:t>6,6 milliards.</w:t></w:r></w:p>'
    "<w:p><w:r><w:t>&lt;script&gt;alert(1)&lt;/script&gt;</w:t></w:r></w:p>"
    "</w:body></w:document>"
)


def docx(document_xml: str | None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if document_xml is not None:
            z.writestr("word/document.xml", document_xml)
    return out.getvalue()


def test_docx_paragraphs_become_lines():
    assert "docx" in UPLOAD_TYPES and "html" in UPLOAD_TYPES
    text = article_from_upload("papier.docx", docx(BODY))
    assert text.splitlines() == [
        "OpenAI ouvre un bureau à Paris.",
        "La société a levé 6,6 milliards.",
        "<script>alert(1)</script>",  # kept as text; the UI escapes it when drawing
    ]


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"PK\x03\x04 broken", "not a zip"),
        (b"just some text", "not a zip"),
        (docx(None), "no word/document.xml"),
        (docx("<w:document"), "damaged"),
        (docx('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'), "empty"),
    ],
)
def test_bad_docx_is_refused_naming_the_file(data, words):
    with pytest.raises(ArticleError) as e:
        article_from_upload("papier.docx", data)
    assert str(e.value).startswith("papier.docx:") and words in str(e.value)


def test_html_upload_is_reduced_to_text():
    page = b"<!doctype html><html><head><script>alert(1)</script><title>T</title></head><body><p>OpenAI ouvre un bureau.</p></body></html>"
    text = article_from_upload("page.html", page)
    assert "OpenAI ouvre un bureau." in text and "alert" not in text
