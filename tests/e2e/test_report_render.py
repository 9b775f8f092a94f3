"""The HTML report as a person sees it: printed to PDF and shot as PNG by headless
Chromium, with hostile text in every field proven inert.

Artefacts for a person to look at are written to tests/e2e/artifacts/ (git-ignored):
report.pdf (A4 print), report.png (desktop) and report_phone.png (a phone's width).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from checker.report.contents import build_report
from checker.report.formats import RENDERERS
from checker.settings import Settings
from checker.store.corpus_files import make_passage
from checker.store.database import Store
from claims import extract

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PAYLOAD = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
ARTICLE = (
    "OpenAI a ouvert un bureau à Dublin en 2023. "
    "Selon Le Monde, la société a levé 6,6 milliards de dollars en octobre 2024. "
    f"Le porte-parole a écrit {PAYLOAD} sur son site."
)


def _review(tmp_path: Path) -> str:
    """A real review: extracted claims, hostile evidence, verdicts with hostile notes."""
    store = Store(tmp_path / "desk.db")
    extracted = extract(ARTICLE, lang="fr")
    article_id = store.save_article(
        text=ARTICLE,
        title=f"Bureaux {PAYLOAD}",
        lang="fr",
        sha256=hashlib.sha256(ARTICLE.encode()).hexdigest(),
        claims=extracted.claims,
        url="https://example.org/article",
    )
    store.upsert_passages(
        "sample",
        [
            make_passage(
                id="P1",
                text=f"OpenAI opened an office in Dublin in 2023. {PAYLOAD}",
                source='=HYPERLINK("http://evil")',
                url="javascript:alert(1)",
                date="2023-09",
            ),
        ],
    )
    pk = store.passages(["sample"])[0]["pk"]
    for claim in extracted.claims:
        store.save_check(
            claim.id,
            model="test",
            corpora=["sample"],
            suggestion="supported",
            signals=[f"signal {PAYLOAD}"],
            matches=[{"pk": pk, "score": 0.9, "dense": 0.9, "lexical": 1.0, "fuzzy": 0.5}],
        )
    verdicts = ["true", "false", "unclear"]
    for claim, verdict in zip(extracted.claims, verdicts):
        store.record_verdict(
            claim.id,
            verdict,
            note=f"Vu [lien](javascript:alert(3)) {PAYLOAD}\n=SUM(A1)",
            evidence=["P1"],
            reviewer=f"Ana {PAYLOAD}",
        )
    html = RENDERERS["html"](build_report(store, article_id, settings=Settings(organisation="Desk <b>")))
    store.close()
    return html


def test_html_report_prints_and_runs_no_script(page, tmp_path):
    html = _review(tmp_path)
    ARTIFACTS.mkdir(exist_ok=True)
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.set_content(html, wait_until="load")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert PAYLOAD.split(">")[0] in page.inner_text("body")  # shown as text, as typed
    assert page.locator("a[href^='javascript']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4", print_background=True)
    pdf = (ARTIFACTS / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000

    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(html, wait_until="load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the report scrolls sideways on a phone ({width} px wide)"
    page.screenshot(path=str(ARTIFACTS / "report_phone.png"), full_page=True)
