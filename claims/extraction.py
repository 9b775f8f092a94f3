"""article text → ExtractedArticle: segmentation, parsing, atomic claims, features,
check-worthiness."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re

from . import segment as seg
from .amounts import find_amounts
from .atomic import sentence_claims
from .dates import article_date_from_text, find_dates, resolve
from .discourse import Discourse
from .entities import add_missed_mentions, entities
from .errors import ArticleError, UnsupportedLanguageError
from .labels import correct_labels
from .markup import visible as markup_visible
from .model import Claim, ExtractedArticle, Sentence
from .nlp import SUPPORTED, detect_language, parse, pipeline
from .quotes import find_quotes
from .worthiness import THRESHOLD, score

TITLE_CHARS = 80


def claim_id(article_sha: str, start: int, end: int, text: str) -> str:
    """Stable id: the same article extracted twice gives the same ids."""
    h = hashlib.sha256(f"{article_sha}:{start}:{end}:{text}".encode()).hexdigest()
    return "c" + h[:12]


def _title(sentences: list[Sentence], title: str | None, text: str) -> str:
    first = sentences[0]
    first_line_end = text.find("\n", first.start)
    own_line = first_line_end == -1 or first.end >= first_line_end or text[first.end : first_line_end].strip() == ""
    if first.kind == "heading" and own_line and len(sentences) > 1:
        return first.text.lstrip("# ").strip()
    if title:
        return title.strip()
    t = first.text.strip()
    if len(t) <= TITLE_CHARS:
        return t
    cut = t[:TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _within(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    s, e = span
    return any(s < b and a < e for a, b in ranges)


MAX_CHARS = 1_000_000  # visible characters: about 150,000 words, a book
MAX_MARKUP_RATIO = 4  # an HTML page may carry up to 4x its text in markup


def _check_size(n: int, max_chars: int, *, with_markup: bool) -> None:
    limit = max_chars * MAX_MARKUP_RATIO if with_markup else max_chars
    if n > limit:
        what = "the input (markup included)" if with_markup else "the text"
        raise ArticleError(
            f"article: {what} is {n:,} characters; the extractor takes at most "
            f"{max_chars:,} characters of text (about {max_chars // 6:,} words)"
            + (f", {limit:,} with markup" if with_markup else "")
            + "; split it into articles or raise max_chars"
        )


def _paragraph_langs(work: str, spans, main: str, notes: list[str]) -> dict[int, str]:
    """Language per line number: the article's unless a paragraph clearly is not."""
    from .language import paragraph_languages

    by_line: dict[int, tuple[int, int]] = {}
    for s, e, ln in spans:
        a, _ = by_line.get(ln, (s, e))
        by_line[ln] = (a, e)
    lines = sorted(by_line)
    langs = paragraph_languages([work[by_line[ln][0] : by_line[ln][1]] for ln in lines], main)
    out = dict(zip(lines, langs))
    for ln, lang in out.items():
        if lang not in SUPPORTED:
            notes.append(
                f"article line {ln + 1}: paragraph in {lang!r} left out; only French (fr) and English (en) are analysed"
            )
        elif lang != main:
            notes.append(f"article line {ln + 1}: paragraph in {lang!r}, analysed as such")
    return out


def _majority(work, spans, lang, line_lang, notes):
    """The article's language is the one most of its text is in: langdetect reads
    only its beginning."""
    size: dict[str, int] = {}
    for s, e, ln in spans:
        lg = line_lang.get(ln, lang)
        if lg in SUPPORTED:
            size[lg] = size.get(lg, 0) + e - s
    best = max(size, key=size.get) if size else lang
    if best == lang:
        return lang, line_lang, notes
    notes = []
    return best, _paragraph_langs(work, spans, best, notes), notes


def extract(
    text: str,
    *,
    lang: str = "auto",
    article_date: dt.date | None = None,
    title: str | None = None,
    threshold: float = THRESHOLD,
    max_chars: int = MAX_CHARS,
    markup: str = "auto",
) -> ExtractedArticle:
    """Extract the claims of an article.

    Returns an ExtractedArticle whose ``sentences`` cover every segment (headings,
    bylines and slogans included, with their kind) and whose ``claims`` are the
    statements drawn from running sentences, in article order, each with a stable id.
    ``text`` may be plain text, Markdown or HTML (``markup`` "auto" tells them
    apart; "text" takes it as it is): markup is never part of a claim, and every
    offset (sentences, claims, dates, amounts) indexes ``text`` as given.
    Raises ArticleError for an empty text or one longer than ``max_chars`` visible
    characters, and UnsupportedLanguageError for a language other than French or
    English. Paragraphs in the other supported language are analysed in theirs;
    paragraphs in another language are left out, with a note in ``notes``.
    """
    if not text or not text.strip():
        raise ArticleError("article: the text is empty")
    _check_size(len(text), max_chars, with_markup=True)
    vis = markup_visible(text, None if markup == "auto" else markup)
    work = vis.text if vis is not None else text
    if not work.strip():
        raise ArticleError("article: no visible text once the markup is set aside")
    _check_size(len(work), max_chars, with_markup=False)
    auto = lang == "auto"
    if auto:
        lang = detect_language(work)
    elif lang not in SUPPORTED:
        raise UnsupportedLanguageError(f"article: language {lang!r} is not supported (use 'fr', 'en' or 'auto')")
    notes: list[str] = []
    spans = seg.cut_long(work, seg.split(work), pipeline(lang))
    line_lang = _paragraph_langs(work, spans, lang, notes)
    if auto:
        lang, line_lang, notes = _majority(work, spans, lang, line_lang, notes)
    span_langs = [line_lang.get(ln, lang) for _, _, ln in spans]
    docs: list = [None] * len(spans)
    for code in {lg for lg in span_langs if lg in SUPPORTED}:
        idx = [i for i, lg in enumerate(span_langs) if lg == code]
        for i, doc in zip(idx, parse(code, [work[spans[i][0] : spans[i][1]] for i in idx])):
            docs[i] = doc
    blank = pipeline("en").make_doc("")
    docs = [d if d is not None else blank for d in docs]
    sentences = seg.segment(work, docs, lang=lang, spans=spans)
    for sent, lg in zip(sentences, span_langs):
        if lg not in SUPPORTED:
            sent.kind = "foreign"
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()

    mentions, amounts = [], []
    for code in sorted({lg for lg in span_langs if lg in SUPPORTED}):
        ranges = [(s, e) for (s, e, _), lg in zip(spans, span_langs) if lg == code]
        found = resolve(find_dates(work, code), code, article_date=article_date)
        if code != lang or len(ranges) != len(spans):
            found = [d for d in found if _within((d.start, d.end), ranges)]
        mentions += found
        date_spans = [(d.start, d.end) for d in found]
        got = find_amounts(work, code, skip=date_spans)
        if code != lang or len(ranges) != len(spans):
            got = [a for a in got if _within((a.start, a.end), ranges)]
        amounts += got
    quotes = find_quotes(work)

    ents_per_doc = [entities(doc) for doc in docs]
    add_missed_mentions(docs, ents_per_doc)
    correct_labels(docs, ents_per_doc, [lg if lg in SUPPORTED else lang for lg in span_langs])

    mentions.sort(key=lambda d: d.start)
    amounts.sort(key=lambda a: a.start)
    by_start = {
        "dates": [d.start for d in mentions],
        "amounts": [a.start for a in amounts],
        "quotes": [q[0] for q in quotes],
    }

    def near(kind: str, items: list, sent: Sentence) -> list:
        # quotes may open before the sentence: a quote spans several sentences
        lo = bisect.bisect_left(by_start[kind], sent.start - (2000 if kind == "quotes" else 0))
        hi = bisect.bisect_left(by_start[kind], sent.end)
        return items[lo:hi]

    discourse = Discourse()
    claims: list[Claim] = []
    seen: set[str] = set()
    for index, (sent, doc) in enumerate(zip(sentences, docs)):
        if sent.kind != "sentence":
            continue
        ents = ents_per_doc[index]
        sent_dates, sent_amounts = near("dates", mentions, sent), near("amounts", amounts, sent)
        drafts, speaker = sentence_claims(
            doc,
            ents,
            discourse,
            index,
            span_langs[index],
            dates=_token_ranges(doc, sent.start, sent_dates),
            amounts=_token_ranges(doc, sent.start, sent_amounts),
        )
        for draft in drafts:
            key = draft.text.lower()
            if key in seen:
                continue
            seen.add(key)
            claims.append(
                _claim(
                    draft,
                    doc,
                    sent,
                    ents,
                    sha,
                    sent_dates,
                    sent_amounts,
                    near("quotes", quotes, sent),
                    speaker,
                    span_langs[index],
                    threshold,
                    vis,
                )
            )
    claims.sort(key=lambda c: (c.start, c.end))
    given = article_date.isoformat() if article_date else None
    inferred = article_date_from_text(mentions) if article_date is None else None
    out_title = _title(sentences, title, work)
    if vis is not None:
        sentences = [
            Sentence(text=s.text, start=vis.start(s.start), end=vis.end(s.end), kind=s.kind) for s in sentences
        ]
    return ExtractedArticle(
        title=out_title,
        lang=lang,
        text=text,
        sentences=sentences,
        claims=claims,
        notes=notes,
        article_date=given or (inferred.isoformat() if inferred else None),
        date_source="given" if given else ("text" if inferred else None),
    )


def _token_ranges(doc, offset: int, found: list) -> list[tuple[int, int]]:
    """Token ranges in ``doc`` (the sentence starting at ``offset``) of dates or amounts
    found in the article's text."""
    out = []
    for f in found:
        span = doc.char_span(f.start - offset, f.end - offset, alignment_mode="expand")
        if span is not None and len(span):
            out.append((span.start, span.end))
    return out


def _runs(doc, off: int, tokens: list[int]) -> list[tuple[int, int]]:
    """Character spans of the runs of consecutive tokens."""
    out: list[tuple[int, int]] = []
    prev = None
    for i in tokens:
        s, e = off + doc[i].idx, off + doc[i].idx + len(doc[i])
        if prev is not None and i == prev + 1:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        prev = i
    return out


def _own_features(doc, off: int, anchor: list[int], mentions, amounts, ranges, vis):
    """Dates and figures of a later fact of a sentence ("…, puis 3 500 milliards en
    novembre 2024"): its own, not the first fact's whose unit words it borrows; a
    figure written without its unit takes the borrowed one's unit and currency."""
    own = [(off + doc[i].idx, off + doc[i].idx + len(doc[i])) for i in anchor]
    dates = [_mapped(d.to_json(), vis) for d in mentions if _within((d.start, d.end), own)]
    out, lent = [], [a for a in amounts if _within((a.start, a.end), ranges) and not _within((a.start, a.end), own)]
    for a in amounts:
        if not _within((a.start, a.end), own):
            continue
        feature = _mapped(a.to_json(), vis)
        if feature["unit"] is None and lent:
            feature["unit"], feature["currency"] = lent[0].unit, lent[0].currency
        out.append(feature)
    return dates, out


def _mapped(feature: dict, vis) -> dict:
    if vis is None:
        return feature
    return {**feature, "start": vis.start(feature["start"]), "end": vis.end(feature["end"])}


def _claim(draft, doc, sent: Sentence, ents, sha, mentions, amounts, quotes, speaker, lang, threshold, vis) -> Claim:
    off = sent.start
    toks = [doc[i] for i in sorted(set(draft.tokens))]
    ranges = [(off + t.idx, off + t.idx + len(t)) for t in toks]
    start, end = ranges[0][0], ranges[-1][1]
    if draft.anchor:
        own = sorted(draft.anchor)
        start, end = off + doc[own[0]].idx, off + doc[own[-1]].idx + len(doc[own[-1]])
    spans = _runs(doc, off, sorted(set(draft.tokens)))
    resolved = [
        {"text": doc[a:b].text, "start": off + doc[a].idx, "end": off + doc[b - 1].idx + len(doc[b - 1]), "as": name}
        for a, b, name in draft.resolved
    ]
    kept = set(draft.tokens)
    feat_dates = [_mapped(d.to_json(), vis) for d in mentions if _within((d.start, d.end), ranges)]
    feat_amounts = [_mapped(a.to_json(), vis) for a in amounts if _within((a.start, a.end), ranges)]
    if draft.anchor:
        feat_dates, feat_amounts = _own_features(doc, off, draft.anchor, mentions, amounts, ranges, vis)
    ents_out, names = [], set()
    for name, label in draft.added:
        if name not in names:
            names.add(name)
            ents_out.append({"text": name, "label": label})
    for e in ents:
        if any(i in kept for i in range(e.start, e.end)) and e.text not in names:
            names.add(e.text)
            ents_out.append({"text": e.text, "label": e.label})
    feat_quotes = []
    for qs, qe, inner in quotes:
        if _within((qs, qe), ranges):
            feat_quotes.append({"text": inner, "speaker": draft.speaker or speaker})
    lemmas = [t.lemma_.lower() for t in toks if t.pos_ in ("VERB", "AUX", "NOUN")]
    past = any("Past" in t.morph.get("Tense") for t in toks if t.pos_ in ("VERB", "AUX"))
    if lang == "en":
        past = past or bool(re.search(r"\b\w+ed\b", draft.text))
    first = toks[0]
    impersonal = first.pos_ == "PRON" and (
        first.dep_.startswith("expl") or (first.i + 1 < len(doc) and doc[first.i + 1].dep_ == "fixed")
    )
    value, reasons, worthy = score(
        dates=feat_dates,
        amounts=feat_amounts,
        entities=ents_out,
        quotes=feat_quotes,
        verbs=lemmas,
        past_tense=past,
        text=draft.text,
        kind=draft.kind,
        threshold=threshold,
        impersonal=impersonal,
    )
    features = {"dates": feat_dates, "amounts": feat_amounts, "entities": ents_out, "quotes": feat_quotes}
    if vis is not None:
        start, end = vis.start(start), vis.end(end)
        spans = [(vis.start(a), vis.end(b)) for a, b in spans]
        resolved = [_mapped(r, vis) for r in resolved]
    return Claim(
        id=claim_id(sha, start, end, draft.text),
        text=draft.text,
        start=start,
        end=end,
        sentence=sent.text,
        checkworthy=worthy,
        score=value,
        reasons=reasons,
        features=features,
        spans=[list(x) for x in spans],
        resolved=resolved,
    )
