"""Export formats: a registry of plain functions from a Report to text.

`RENDERERS` maps a format name to a function `(Report) -> str`; the CLI's `--format`
choices and the UI's download buttons both loop over it, with `MEDIA_TYPES` and
`FILE_EXTENSIONS` (leading dot) for the same keys. Everything here treats claim texts,
notes, sources, titles and URLs as untrusted: Markdown escapes its punctuation so no
link or HTML can be injected, HTML escapes every text and links only http(s) URLs,
CSV neutralises cells a spreadsheet would run as a formula.

JSON export (`"schema": "factcheck-report"`, `"version": 1`). Keys always come in the
order below; a later version only adds keys (docs/json-contract.md says which were
added when).

- `schema`, `version`: identify this layout.
- `generated_at`: ISO 8601 time of the export.
- `organisation`: `{"name", "url"}` of the reviewing newsroom (url may be "").
- `article_id`: the article the export was asked for, or null for "every article".
- `counts`: `{"true", "false", "unclear", "disputed", "unreviewed", "total"}` over all
  articles (each claim counted once, under its `status`).
- `reviewers`: sorted names of every reviewer behind a current verdict (each reader
  and each deciding settler, not only the last one to click).
- `articles`: list (newest first) of
  - `id`, `title`, `url`, `published`, `lang`, `source`: the article ("" when unknown);
  - `models`: sorted embedding-model ids behind the stored suggestions and matches;
  - `counts`, `reviewers`: as above, for this article;
  - `claims`: in article order, each with
    - `id`, `position` (0-based), `text` (self-contained claim), `sentence`,
      `start`/`end` (character offsets of the source span in the article),
    - `checkworthy` (bool), `score` (check-worthiness in [0, 1]), `reasons` [str],
    - `claimant`: the quoted speaker when known, else "",
    - `suggestion`: the machine's "supported" | "contradicted" | "related" |
      "no evidence", or null when never checked; `signals`: why. Never the verdict.
    - `status`: "true" | "false" | "unclear" | "unreviewed", or "disputed" when the
      reviewers' current verdicts differ and no settlement decided it,
    - `verdict`: the verdict that stands (the reviewers' agreed one, the latest of
      them, or the settlement), null when unreviewed or disputed, else `{"verdict",
      "note", "reviewer", "created_at", "evidence": [{"passage_id", "text", "source",
      "url", "date", "title"}]}`, the evidence as the reviewer saw it;
    - `matches`: the best stored candidate passages, `{"rank", "passage_id",
      "score", "text", "source", "url", "date", "title"}`, best first;
    - `disputed` (bool): the reviewers' current verdicts differ (added);
    - `reviews`: every reviewer's current verdict, by name, then the deciding
      settlement, `{"reviewer", "verdict", "note", "created_at", "evidence",
      "settlement"}` (added);
    - `original_text` (the extracted words), `edited` (bool: `text` is a reviewer's),
      `edits`: the claim's change history `{"action", "text", "reason", "related",
      "reviewer", "created_at"}` (added, checker.store.claim_edits);
  - `withdrawn` (added, after `claims`): claims a reviewer dismissed or replaced by a
    split or merge, `{"id", "text", "state", "reason", "edits"}`.

ClaimReview publishes only claims whose verdict stands; `claimreview_left_out` counts
the disputed and unreviewed ones it left out, which `to_claimreview` includes only
when asked.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from checker import vocabulary
from checker.errors import InputError
from checker.escaping import (
    csv_cell,
    escape_controls_in_json,
    json_for_script,
    md_block,
    md_inline,
    safe_url,
    show_controls,
)
from checker.escaping import escape_html as h
from checker.report.contents import (
    STATUSES,
    ArticleReport,
    ClaimEdit,
    ClaimEntry,
    Counts,
    Evidence,
    Report,
    Verdict,
)
from checker.scale import Scale
from checker.store.claim_reviewed import CLAIM_REVIEWED_LIMIT
from checker.store.database import CLEARED
from checker.vocabulary import DISPUTED, HEX_COLORS, SUGGESTION_REPORT_LABELS

Renderer = Callable[[Report], str]

# ---------------------------------------------------------------- wording


def _labels(scale: Scale, lang: str) -> dict[str, str]:
    """Status labels of the report's scale in one language (checker.vocabulary)."""
    return vocabulary.of(scale).report_labels[lang]


SUGGESTION_LABELS = SUGGESTION_REPORT_LABELS
"""The suggestions' words in a report (checker.vocabulary)."""

TEXT = {
    "fr": {
        "title": "Rapport de vérification",
        "organisation": "Rédaction",
        "generated": "Généré le",
        "summary": "Résumé",
        "all_articles": "Tous les articles",
        "articles": "Articles",
        "claims": "Affirmations",
        "total": "Total",
        "article": "Article",
        "source": "Source",
        "published": "Publié le",
        "url": "Adresse",
        "lang": "Langue",
        "model": "Modèle",
        "unreviewed_left": "Non vérifiées",
        "of": "sur",
        "reviewers": "Relu par",
        "nobody": "personne",
        "none_reviewed": "Aucune affirmation de cet article n'a encore été vérifiée.",
        "no_claims": "Aucune affirmation n'a été extraite de cet article.",
        "no_articles": "La base ne contient aucun article.",
        "verdict": "Verdict",
        "by": "par",
        "on": "le",
        "suggestion": "Suggestion (automatique, pas un verdict)",
        "signals": "Signaux",
        "sentence": "Phrase",
        "original_text": "Texte extrait (avant modification)",
        "claimant": "Auteur de l'affirmation",
        "worthiness": "Vérifiabilité",
        "checkworthy": "à vérifier",
        "not_checkworthy": "secondaire",
        "note": "Note",
        "evidence": "Preuves retenues",
        "candidates": "Passages candidats",
        "score": "score",
        "colon": " : ",
        "quote": "« {} »",
        "reviews": "Avis des vérificateurs",
        "sep": " ; ",
        "no_name": "sans nom",
    },
    "en": {
        "title": "Fact-check report",
        "organisation": "Organisation",
        "generated": "Generated at",
        "summary": "Summary",
        "all_articles": "All articles",
        "articles": "Articles",
        "claims": "Claims",
        "total": "Total",
        "article": "Article",
        "source": "Source",
        "published": "Published",
        "url": "Address",
        "lang": "Language",
        "model": "Model",
        "unreviewed_left": "Left unreviewed",
        "of": "of",
        "reviewers": "Reviewed by",
        "nobody": "nobody",
        "none_reviewed": "No claim of this article has been reviewed yet.",
        "no_claims": "No claim was extracted from this article.",
        "no_articles": "The database holds no article.",
        "verdict": "Verdict",
        "by": "by",
        "on": "on",
        "suggestion": "Suggestion (automatic, not a verdict)",
        "signals": "Signals",
        "sentence": "Sentence",
        "original_text": "Extracted text (before editing)",
        "claimant": "Claimant",
        "worthiness": "Check-worthiness",
        "checkworthy": "check-worthy",
        "not_checkworthy": "not check-worthy",
        "note": "Note",
        "evidence": "Evidence",
        "candidates": "Candidate passages",
        "score": "score",
        "colon": ": ",
        "quote": "“{}”",
        "reviews": "Reviews",
        "sep": "; ",
        "no_name": "no name",
    },
}

CLAIM_REVIEWED_MAX = CLAIM_REVIEWED_LIMIT - 1
"""The longest claimReviewed the desk proposes: fewer than 75 characters."""

REVIEW_URL_MISSING = (
    "claimreview: the url of the fact-check page is missing; give --review-url URL (or set"
    " $FACTCHECK_REVIEW_URL, or the review url in the sidebar): a ClaimReview without it cannot be published"
)


def _signal_text(signal: Any) -> str:
    return signal if isinstance(signal, str) else json.dumps(signal, ensure_ascii=False, sort_keys=True)


def _number(value: float, lang: str, digits: int = 2) -> str:
    """A score as a reader of that language writes it (0,91 in French, 0.91 in English)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# ---------------------------------------------------------------- Markdown


def _md_url(url: str) -> str:
    safe = safe_url(url)
    return f"<{safe}>" if safe else md_inline(url)


def to_markdown(report: Report) -> str:
    """A readable review: title, summary (counts, claims left unreviewed, reviewers),
    then each claim with its verdict label, note and evidence quotes."""
    t = TEXT[report.lang]
    c = t["colon"]
    out = [f"# {t['title']}", ""]
    org = md_inline(report.organisation)
    if safe_url(report.organisation_url):
        org += f" ({_md_url(report.organisation_url)})"
    out += [f"- {t['organisation']}{c}{org}", f"- {t['generated']}{c}{md_inline(report.generated_at)}", ""]
    if not report.articles:
        out += [t["no_articles"], ""]
    if len(report.articles) > 1:
        out += [f"## {t['all_articles']}", ""]
        out += _md_summary(report.counts, report.reviewers, report.lang, _labels(report.scale, report.lang))
    for section in report.articles:
        out += _md_article(section, report.scale)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_summary(counts: Counts, reviewers: tuple[str, ...], lang: str, labels: dict[str, str]) -> list[str]:
    t = TEXT[lang]
    c = t["colon"]
    out = [f"| {t['verdict']} | {t['claims']} |", "| --- | ---: |"]
    out += [f"| {labels[s]} | {getattr(counts, s)} |" for s in counts.statuses]
    out += [f"| {t['total']} | {counts.total} |", ""]
    out += [
        f"- {t['unreviewed_left']}{c}{counts.unreviewed} {t['of']} {counts.total}",
        f"- {t['reviewers']}{c}" + (", ".join(md_inline(r) for r in reviewers) or t["nobody"]),
        "",
    ]
    if counts.total == 0:
        out += [t["no_claims"], ""]
    elif counts.reviewed == 0:
        out += [t["none_reviewed"], ""]
    return out


def _md_article(section: ArticleReport, scale: Scale) -> list[str]:
    lang = section.lang
    labels = _labels(scale, lang)
    t = TEXT[lang]
    c = t["colon"]
    a = section.article
    out = [f"## {md_inline(a.title) or md_inline(a.id)}", "", f"- {t['article']}{c}{md_inline(a.id)}"]
    if a.source:
        out.append(f"- {t['source']}{c}{md_inline(a.source)}")
    if a.published:
        out.append(f"- {t['published']}{c}{md_inline(a.published)}")
    if a.url:
        out.append(f"- {t['url']}{c}{_md_url(a.url)}")
    if a.lang:
        out.append(f"- {t['lang']}{c}{md_inline(a.lang)}")
    if section.models:
        out.append(f"- {t['model']}{c}" + ", ".join(md_inline(m) for m in section.models))
    out += ["", f"### {t['summary']}", ""]
    out += _md_summary(section.counts, section.reviewers, lang, labels)
    if section.claims:
        out += [f"### {t['claims']}", ""]
    for number, claim in enumerate(section.claims, start=1):
        out += _md_claim(number, claim, lang, labels)
    return out


def _single(claim: ClaimEntry) -> bool:
    """One reviewer's verdict and nothing else: the claim reads as it always has. With
    more (several readers, or readers and a settlement) every reader is listed."""
    return len(claim.reviews) <= 1


def _md_evidence(evidence: tuple[Evidence, ...], lang: str, indent: str) -> list[str]:
    t = TEXT[lang]
    out = []
    for e in evidence:
        cite = [md_inline(e.source or e.title or e.passage_id)]
        cite += [md_inline(e.date)] if e.date else []
        cite += [_md_url(e.url)] if e.url else []
        quote = t["quote"].format(md_inline(e.text))
        out.append(f"{indent}- {quote} — " + ", ".join(cite) + f" \\[{md_inline(e.passage_id)}\\]")
    return out


def _md_by(v: Verdict, lang: str) -> str:
    t = TEXT[lang]
    who = f" {t['by']} {md_inline(v.reviewer)}" if v.reviewer else ""
    return f",{who} {t['on']} {md_inline(v.date)}"


def _md_claim(number: int, claim: ClaimEntry, lang: str, labels: dict[str, str]) -> list[str]:
    t = TEXT[lang]
    c = t["colon"]
    label = labels[claim.status]
    out = [f"#### {number}. {label} — {md_inline(claim.text)}", ""]
    line = f"- {t['verdict']}{c}**{label}**"
    shown = claim.verdict if claim.verdict and (_single(claim) or claim.verdict.settlement) else None
    if shown:
        line += _md_by(shown, lang)
    elif claim.reviews:
        line += " — " + t["sep"].join(
            f"{md_inline(r.reviewer or t['no_name'])}{c}{labels[r.verdict]}" for r in claim.readings
        )
    out.append(line)
    if claim.suggestion:
        suggestion = SUGGESTION_LABELS[lang].get(claim.suggestion, claim.suggestion)
        out.append(f"- {t['suggestion']}{c}{md_inline(suggestion)}")
    if claim.signals:
        out.append(f"- {t['signals']}{c}" + "; ".join(md_inline(_signal_text(s)) for s in claim.signals))
    if claim.edited:
        out.append(f"- {t['original_text']}{c}{md_inline(claim.original_text)}")
    if _one_line(claim.sentence) != _one_line(claim.text):
        out.append(f"- {t['sentence']}{c}{md_inline(claim.sentence)}")
    if claim.claimant:
        out.append(f"- {t['claimant']}{c}{md_inline(claim.claimant)}")
    worthy = t["checkworthy"] if claim.checkworthy else t["not_checkworthy"]
    out.append(f"- {t['worthiness']}{c}{_number(claim.score, lang)} ({worthy})")
    if shown and shown.note.strip():
        out.append(f"- {t['note']}{c}{md_block(shown.note, '  ')}")
    if shown and shown.evidence:
        out.append(f"- {t['evidence']}{c.rstrip()}")
        out += _md_evidence(shown.evidence, lang, "  ")
    if not _single(claim):
        out.append(f"- {t['reviews']}{c.rstrip()}")
        for r in claim.readings:
            out.append(
                f"  - {md_inline(r.reviewer or t['no_name'])}{c}**{labels[r.verdict]}** ({t['on']} {md_inline(r.date)})"
            )
            if r.note.strip():
                out.append(f"    - {t['note']}{c}{md_block(r.note, '      ')}")
            if r.evidence:
                out.append(f"    - {t['evidence']}{c.rstrip()}")
                out += _md_evidence(r.evidence, lang, "      ")
    out.append("")
    return out


# ---------------------------------------------------------------- HTML


def _html_link(url: str) -> str:
    safe = safe_url(url)
    if not safe:
        return h(url)
    return f'<a href="{h(safe)}" rel="noopener noreferrer">{h(safe)}</a>'


_CSS_TEMPLATE = """
{colors}
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124;
  margin: 0 auto; padding: 1rem; max-width: 52rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #dadce0; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 0 0 .5rem; }
.meta { color: #5f6368; font-size: .9rem; padding-left: 1.2rem; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: .75rem; color: #fff;
  font-size: .85rem; font-weight: 600; margin-right: .35rem; }
{fills}
.chart { margin: .5rem 0; }
.row { display: flex; align-items: center; gap: .5rem; margin: .2rem 0; }
.row .label { flex: 0 0 7.5rem; }
.row .bar { flex: 1; background: #f1f3f4; height: .9rem; border-radius: .2rem; overflow: hidden; }
.row .fill { display: block; height: 100%; }
.row .n { flex: 0 0 2.5rem; text-align: right; font-variant-numeric: tabular-nums; }
.claim { border: 1px solid #dadce0; border-left: .4rem solid var(--unreviewed); border-radius: .3rem;
  padding: .75rem 1rem; margin: 1rem 0; break-inside: avoid; }
{borders}
.reviews { padding-left: 1.2rem; margin: 0; }
.reviews li { margin: .2rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .75rem; margin: .5rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.note { white-space: pre-line; }
blockquote { margin: .25rem 0; padding-left: .75rem; border-left: 3px solid #dadce0; }
.evidence { padding-left: 1.2rem; }
.cite { color: #5f6368; font-size: .9rem; margin: 0 0 .5rem; }
.empty { font-style: italic; }
@media (max-width: 36rem) {
  body { padding: .6rem; font-size: 15px; }
  dl { grid-template-columns: 1fr; }
  dt { margin-top: .3rem; }
  .row .label { flex-basis: 5.5rem; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; }
  details { display: none; }
  .badge, .fill { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def _css_for(statuses: tuple[str, ...], colors: dict[str, str]) -> str:
    """The style sheet with one colour per status (a scale's codes are [a-z0-9_])."""
    return (
        _CSS_TEMPLATE.replace("{colors}", ":root { " + " ".join(f"--{s}: {colors[s]};" for s in statuses) + " }")
        .replace("{fills}", "\n".join(f".badge.v-{s}, .fill.v-{s} {{ background: var(--{s}); }}" for s in statuses))
        .replace(
            "{borders}",
            "\n".join(f".claim.v-{s} {{ border-left-color: var(--{s}); }}" for s in statuses if s != CLEARED),
        )
    )


_CSS = _css_for(STATUSES, HEX_COLORS)
"""The three-value preset's style sheet."""


def _css(scale: Scale) -> str:
    words = vocabulary.of(scale)
    return _css_for(words.statuses, words.hex_colors)


"""The report's style sheet; the verdict colours come from checker.vocabulary."""


def to_html(report: Report) -> str:
    """One self-contained, printable, phone-readable page: inline CSS, no script, no
    external resource; verdicts colour-coded and always labelled in words."""
    t = TEXT[report.lang]
    c = t["colon"]
    title = t["title"]
    if len(report.articles) == 1:
        title += c + (report.articles[0].article.title or report.articles[0].article.id)
    org = h(report.organisation)
    org_url = safe_url(report.organisation_url)
    if org_url:
        org = f'<a href="{h(org_url)}" rel="noopener noreferrer">{org}</a>'
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{h(report.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{h(title)}</title>",
        f"<style>\n{_css(report.scale)}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(t['title'])}</h1>",
        f'<p class="meta">{h(t["organisation"])}{h(c)}{org} · {h(t["generated"])}{h(c)}{h(report.generated_at)}</p>',
        "</header>",
    ]
    if not report.articles:
        out.append(f'<p class="empty">{h(t["no_articles"])}</p>')
    if len(report.articles) > 1:
        out += ['<section class="summary">', f"<h2>{h(t['all_articles'])}</h2>"]
        out += _html_summary(report.counts, report.reviewers, report.lang, _labels(report.scale, report.lang))
        out.append("</section>")
    for section in report.articles:
        out += _html_article(section, report.scale)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_summary(counts: Counts, reviewers: tuple[str, ...], lang: str, labels: dict[str, str]) -> list[str]:
    t = TEXT[lang]
    c = t["colon"]
    aria = ", ".join(f"{labels[s]} {getattr(counts, s)}" for s in counts.statuses)
    out = [f'<div class="chart" role="img" aria-label="{h(aria)}">']
    for s in counts.statuses:
        n = getattr(counts, s)
        width = f"{100 * n / counts.total:.1f}" if counts.total else "0.0"
        out.append(
            f'<div class="row"><span class="label">{h(labels[s])}</span>'
            f'<span class="bar"><span class="fill v-{s}" style="width: {width}%"></span></span>'
            f'<span class="n">{n}</span></div>'
        )
    out.append("</div>")
    names = ", ".join(h(r) for r in reviewers) or h(t["nobody"])
    out += [
        (
            f"<p>{h(t['unreviewed_left'])}{h(c)}{counts.unreviewed} {h(t['of'])} {counts.total}"
            f" · {h(t['reviewers'])}{h(c)}{names}</p>"
        ),
    ]
    if counts.total == 0:
        out.append(f'<p class="empty">{h(t["no_claims"])}</p>')
    elif counts.reviewed == 0:
        out.append(f'<p class="empty">{h(t["none_reviewed"])}</p>')
    return out


def _html_article(section: ArticleReport, scale: Scale) -> list[str]:
    lang = section.lang
    labels = _labels(scale, lang)
    t = TEXT[lang]
    a = section.article
    meta = [(t["article"], h(a.id))]
    meta += [(t["source"], h(a.source))] if a.source else []
    meta += [(t["published"], h(a.published))] if a.published else []
    meta += [(t["url"], _html_link(a.url))] if a.url else []
    meta += [(t["lang"], h(a.lang))] if a.lang else []
    meta += [(t["model"], ", ".join(h(m) for m in section.models))] if section.models else []
    out = [
        f'<article lang="{h(lang)}" id="article-{h(a.id)}">',
        f"<h2>{h(a.title or a.id)}</h2>",
        '<ul class="meta">',
        *(f"<li>{h(k)}{h(t['colon'])}{v}</li>" for k, v in meta),
        "</ul>",
        '<section class="summary">',
        f"<h3>{h(t['summary'])}</h3>",
        *_html_summary(section.counts, section.reviewers, lang, labels),
        "</section>",
    ]
    if section.claims:
        out += ['<section class="claims">', f"<h3>{h(t['claims'])}</h3>"]
        for number, claim in enumerate(section.claims, start=1):
            out += _html_claim(number, claim, lang, labels)
        out.append("</section>")
    out.append("</article>")
    return out


def _html_by(v: Verdict, lang: str) -> str:
    t = TEXT[lang]
    who = f" {h(t['by'])} {h(v.reviewer)}" if v.reviewer else ""
    return f"{who} {h(t['on'])} {h(v.date)}"


def _html_evidence(evidence: tuple[Evidence, ...]) -> list[str]:
    out = ['<ul class="evidence">']
    for e in evidence:
        cite = [h(e.source or e.title or e.passage_id)]
        cite += [h(e.date)] if e.date else []
        cite += [_html_link(e.url)] if e.url else []
        cite.append(f"[{h(e.passage_id)}]")
        out.append(f'<li><blockquote>{h(e.text)}</blockquote><p class="cite">{" · ".join(cite)}</p></li>')
    out.append("</ul>")
    return out


def _html_reviews(claim: ClaimEntry, lang: str, labels: dict[str, str]) -> str:
    """Every reader's current verdict, with their note and the evidence they used."""
    t = TEXT[lang]
    items = []
    for r in claim.readings:
        item = f'<li><span class="badge v-{h(r.verdict)}">{h(labels[r.verdict])}</span>{_html_by(r, lang)}'
        if r.note.strip():
            item += f'<div class="note">{h(t["note"])}{h(t["colon"])}{h(r.note.strip())}</div>'
        if r.evidence:
            item += (
                f"<div>{h(t['evidence'])}{h(t['colon'])}" + ", ".join(h(e.passage_id) for e in r.evidence) + "</div>"
            )
        items.append(item + "</li>")
    return '<ul class="reviews">' + "".join(items) + "</ul>"


def _html_claim(number: int, claim: ClaimEntry, lang: str, labels: dict[str, str]) -> list[str]:
    t = TEXT[lang]
    s = claim.status
    label = labels[s]
    rows: list[tuple[str, str, str]] = []
    verdict = f'<span class="badge v-{s}">{h(label)}</span>'
    shown = claim.verdict if claim.verdict and (_single(claim) or claim.verdict.settlement) else None
    if shown:
        verdict += _html_by(shown, lang)
    elif claim.reviews:
        verdict += " — " + h(
            t["sep"].join(f"{r.reviewer or t['no_name']}{t['colon']}{labels[r.verdict]}" for r in claim.readings)
        )
    rows.append((t["verdict"], verdict, ""))
    if not _single(claim):
        rows.append((t["reviews"], _html_reviews(claim, lang, labels), ""))
    if claim.suggestion:
        rows.append((t["suggestion"], h(SUGGESTION_LABELS[lang].get(claim.suggestion, claim.suggestion)), ""))
    if claim.signals:
        rows.append((t["signals"], "; ".join(h(_signal_text(x)) for x in claim.signals), ""))
    if claim.edited:
        rows.append((t["original_text"], h(claim.original_text), ""))
    if _one_line(claim.sentence) != _one_line(claim.text):
        rows.append((t["sentence"], h(claim.sentence), ""))
    if claim.claimant:
        rows.append((t["claimant"], h(claim.claimant), ""))
    worthy = t["checkworthy"] if claim.checkworthy else t["not_checkworthy"]
    rows.append((t["worthiness"], f"{_number(claim.score, lang)} ({h(worthy)})", ""))
    if shown and shown.note.strip():
        rows.append((t["note"], h(shown.note.strip()), "note"))
    out = [
        f'<section class="claim v-{s}" id="claim-{h(claim.id)}">',
        f'<h4><span class="badge v-{s}">{h(label)}</span> {number}. {h(claim.text)}</h4>',
        "<dl>",
        *(f"<dt>{h(k)}</dt><dd" + (f' class="{cls}"' if cls else "") + f">{v}</dd>" for k, v, cls in rows),
        "</dl>",
    ]
    if shown and shown.evidence:
        out.append(f"<h5>{h(t['evidence'])}</h5>")
        out += _html_evidence(shown.evidence)
    if claim.matches:
        out += [f"<details><summary>{h(t['candidates'])} ({len(claim.matches)})</summary>", "<ol>"]
        for m in claim.matches:
            cite = [h(m.source or m.title or m.passage_id)]
            cite += [h(m.date)] if m.date else []
            cite += [_html_link(m.url)] if m.url else []
            cite.append(f"{h(t['score'])} {_number(m.score, lang, 3)}")
            cite.append(f"[{h(m.passage_id)}]")
            out.append(f'<li>{h(m.text)} <span class="cite">{" · ".join(cite)}</span></li>')
        out += ["</ol>", "</details>"]
    out.append("</section>")
    return out


# ---------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "article_id",
    "claim_id",
    "claim",
    "sentence",
    "checkworthy",
    "score",
    "suggestion",
    "verdict",
    "note",
    "reviewer",
    "reviewed_at",
    "evidence_ids",
    "evidence_sources",
    "disputed",
    "reviews",
    "original_text",
)
"""Columns of the CSV export; later columns are only ever added at the end. `verdict`
is the claim's status ('disputed' when its reviewers differ), `note` … `evidence_*`
the verdict that stands (empty when none does), `reviews` every reader's current
verdict, one line each: "name: verdict — note"."""


def _csv_review(r: Verdict) -> str:
    note = _one_line(r.note)
    return f"{r.reviewer}: {r.verdict}" + (f" — {note}" if note else "")


def to_csv(report: Report) -> str:
    """One row per claim (columns CSV_COLUMNS), UTF-8 BOM first so spreadsheet programs
    read accents right; verdict and suggestion are the stable codes, not labels, so a
    filter works the same on French and English articles."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for section in report.articles:
        for claim in section.claims:
            v = claim.verdict
            evidence = v.evidence if v else ()
            row = [
                section.article.id,
                claim.id,
                claim.text,
                claim.sentence,
                "true" if claim.checkworthy else "false",
                f"{claim.score:.3f}",
                claim.suggestion or "",
                claim.status,
                v.note if v else "",
                v.reviewer if v else "",
                v.created_at if v else "",
                "; ".join(e.passage_id for e in evidence),
                "; ".join(e.source for e in evidence),
                "true" if claim.disputed else "false",
                "\n".join(_csv_review(r) for r in claim.reviews),
                claim.original_text or claim.text,
            ]
            writer.writerow([csv_cell(x) for x in row])
    return "\ufeff" + buffer.getvalue()


# ---------------------------------------------------------------- JSON


def report_document(report: Report) -> dict:
    """The JSON export as a dict (layout in this module's docstring)."""
    return {
        "schema": "factcheck-report",
        "version": 1,
        "generated_at": report.generated_at,
        "organisation": {"name": report.organisation, "url": report.organisation_url},
        "article_id": report.article_id,
        "counts": report.counts.as_dict(),
        "reviewers": list(report.reviewers),
        "articles": [_article_document(a) for a in report.articles],
    }


def _article_document(section: ArticleReport) -> dict:
    a = section.article
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "published": a.published,
        "lang": a.lang,
        "source": a.source,
        "models": list(section.models),
        "counts": section.counts.as_dict(),
        "reviewers": list(section.reviewers),
        "claims": [_claim_document(c) for c in section.claims],
        "withdrawn": [
            {
                "id": w.id,
                "text": w.text,
                "state": w.state,
                "reason": w.reason,
                "edits": [_edit_document(e) for e in w.edits],
            }
            for w in section.withdrawn
        ],
    }


def _edit_document(e: ClaimEdit) -> dict:
    return {
        "action": e.action,
        "text": e.text,
        "reason": e.reason,
        "related": list(e.related),
        "reviewer": e.reviewer,
        "created_at": e.created_at,
    }


def _evidence_document(e: Evidence) -> dict:
    return {
        "passage_id": e.passage_id,
        "text": e.text,
        "source": e.source,
        "url": e.url,
        "date": e.date,
        "title": e.title,
    }


def _claim_document(claim: ClaimEntry) -> dict:
    v = claim.verdict
    return {
        "id": claim.id,
        "position": claim.position,
        "text": claim.text,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "checkworthy": claim.checkworthy,
        "score": claim.score,
        "reasons": list(claim.reasons),
        "claimant": claim.claimant,
        "suggestion": claim.suggestion,
        "signals": list(claim.signals),
        "status": claim.status,
        "verdict": None
        if v is None
        else {
            "verdict": v.verdict,
            "note": v.note,
            "reviewer": v.reviewer,
            "created_at": v.created_at,
            "evidence": [_evidence_document(e) for e in v.evidence],
        },
        "matches": [
            {
                "rank": m.rank,
                "passage_id": m.passage_id,
                "score": m.score,
                "text": m.text,
                "source": m.source,
                "url": m.url,
                "date": m.date,
                "title": m.title,
            }
            for m in claim.matches
        ],
        "disputed": claim.disputed,
        "reviews": [
            {
                "reviewer": r.reviewer,
                "verdict": r.verdict,
                "note": r.note,
                "created_at": r.created_at,
                "evidence": [_evidence_document(e) for e in r.evidence],
                "settlement": r.settlement,
            }
            for r in claim.reviews
        ],
        "original_text": claim.original_text or claim.text,
        "edited": claim.edited,
        "edits": [_edit_document(e) for e in claim.edits],
    }


def to_json(report: Report) -> str:
    return escape_controls_in_json(json.dumps(report_document(report), ensure_ascii=False, indent=2)) + "\n"


# ---------------------------------------------------------------- ClaimReview


def shorten(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """At most `limit` characters, cut at a word boundary and ended with "…"."""
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    cut = cut.rstrip(" ,;:.!?-–—«»\"'(")
    return (cut or text[: limit - 1]) + "…"


def _published(claim: ClaimEntry, *, include_disputed: bool, include_unreviewed: bool) -> bool:
    """Whether ClaimReview publishes the claim: a verdict that stands always; a
    disputed or unreviewed claim only when asked, since it has no verdict to rate."""
    if claim.status not in (DISPUTED, CLEARED):
        return True
    return include_disputed if claim.status == DISPUTED else include_unreviewed


def claimreview_left_out(
    report: Report, *, include_disputed: bool = False, include_unreviewed: bool = False
) -> dict[str, int]:
    """How many claims ClaimReview leaves out with these options: {'disputed': n,
    'unreviewed': m} (what the CLI prints on stderr and the UI says next to the button)."""
    left = {DISPUTED: 0, CLEARED: 0}
    for section in report.articles:
        for claim in section.claims:
            if not _published(claim, include_disputed=include_disputed, include_unreviewed=include_unreviewed):
                left[claim.status] += 1
    return left


def review_page_url(report: Report) -> str:
    """The fact-check page's url (ClaimReview's required `url`); InputError naming the
    flag and the setting when it is missing or not a plain http(s) address."""
    url = safe_url(report.review_url or "")
    if not url:
        given = f" ({report.review_url!r} is not an http(s) address)" if report.review_url else ""
        raise InputError(REVIEW_URL_MISSING + given)
    return url.split("#")[0]


def _rating(report: Report, claim: ClaimEntry, lang: str) -> dict[str, Any]:
    """reviewRating on the report's scale: its ratingValue (when the value has one),
    bestRating, worstRating and alternateName; a disputed or unreviewed claim is
    rated by name only, since no one can say what a value would be."""
    scale = report.scale
    if claim.status in (DISPUTED, CLEARED):
        return {"@type": "Rating", "alternateName": _labels(scale, lang)[claim.status]}
    value = scale.value(claim.status)
    rating: dict[str, Any] = {"@type": "Rating"}
    if value.rating is not None:
        rating["ratingValue"] = value.rating
    rating["bestRating"] = scale.best_rating
    rating["worstRating"] = scale.worst_rating
    rating["alternateName"] = show_controls(value.alternate_name(lang))
    return rating


def _appearance(section: ArticleReport) -> dict[str, Any] | None:
    """The article the claim appears in, as ClaimReview's `appearance`: its url,
    headline and date, each when known (an unsafe url is never published)."""
    a = section.article
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if safe_url(a.url):
        work["url"] = safe_url(a.url)
    if a.title:
        work["headline"] = show_controls(_one_line(a.title))
    if a.published:
        work["datePublished"] = a.published
    return work if len(work) > 1 else None


def claim_reviews(report: Report, *, include_disputed: bool = False, include_unreviewed: bool = False) -> list[dict]:
    """schema.org ClaimReview objects, one per claim whose verdict stands (agreed by its
    reviewers, or settled), in article order, rated on the database's scale. Disputed
    and unreviewed claims are left out unless asked (`claimreview_left_out` counts
    them). Refused (InputError) without the fact-check page's url, which Google
    requires, as it requires `claimReviewed` and `reviewRating.alternateName`."""
    page = review_page_url(report)
    reviews = []
    for section in report.articles:
        lang = section.lang
        appearance = _appearance(section)
        for claim in section.claims:
            if not _published(claim, include_disputed=include_disputed, include_unreviewed=include_unreviewed):
                continue
            review: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
            review["url"] = f"{page}#claim-{claim.id}"
            review["claimReviewed"] = show_controls(claim.claim_reviewed or shorten(claim.text))
            dates = [r.date for r in claim.reviews] or [report.generated_at[:10]]
            review["datePublished"] = claim.verdict.date if claim.verdict else max(dates)
            author: dict[str, str] = {"@type": "Organization", "name": show_controls(report.organisation)}
            if safe_url(report.organisation_url):
                author["url"] = safe_url(report.organisation_url)
            review["author"] = author
            review["reviewRating"] = _rating(report, claim, lang)
            item: dict[str, Any] = {"@type": "Claim"}
            if appearance:
                item["appearance"] = [appearance]
            if section.article.published:
                item["datePublished"] = section.article.published
            if claim.claimant:
                item["author"] = {"@type": "Person", "name": show_controls(claim.claimant)}
            review["itemReviewed"] = item
            reviews.append(review)
    return reviews


def to_claimreview(report: Report, *, include_disputed: bool = False, include_unreviewed: bool = False) -> str:
    """The ClaimReview JSON-LD (a list); by default only claims whose verdict stands."""
    text = escape_controls_in_json(
        json.dumps(
            claim_reviews(report, include_disputed=include_disputed, include_unreviewed=include_unreviewed),
            ensure_ascii=False,
            indent=2,
        )
    )
    # Sites embed JSON-LD in <script type="application/ld+json">.
    return json_for_script(text) + "\n"


# ---------------------------------------------------------------- registry

RENDERERS: dict[str, Renderer] = {
    "markdown": to_markdown,
    "html": to_html,
    "csv": to_csv,
    "json": to_json,
    "claimreview": to_claimreview,
}

MEDIA_TYPES: dict[str, str] = {
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "claimreview": "application/ld+json",
}

FILE_EXTENSIONS: dict[str, str] = {
    "markdown": ".md",
    "html": ".html",
    "csv": ".csv",
    "json": ".json",
    "claimreview": ".jsonld",
}
