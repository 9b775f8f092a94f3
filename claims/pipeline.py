"""article text → ExtractedArticle: segmentation, parsing, atomic claims, features,
check-worthiness."""
from __future__ import annotations

import datetime as dt
import hashlib
import re

from . import segment as seg
from .amounts import find_amounts
from .atomic import sentence_claims
from .dates import find_dates, resolve
from .discourse import Discourse
from .entities import entities
from .labels import correct_labels
from .errors import ArticleError, UnsupportedLanguageError
from .model import Claim, ExtractedArticle, Sentence
from .nlp import SUPPORTED, detect_language, pipeline
from .quotes import find_quotes
from .worthiness import THRESHOLD, score

TITLE_CHARS = 80


def claim_id(article_sha: str, start: int, end: int, text: str) -> str:
    """Stable id: the same article extracted twice gives the same ids."""
    h = hashlib.sha256(f"{article_sha}:{start}:{end}:{text}".encode("utf-8")).hexdigest()
    return "c" + h[:12]


def _title(sentences: list[Sentence], title: str | None, text: str) -> str:
    first = sentences[0]
    first_line_end = text.find("\n", first.start)
    own_line = first_line_end == -1 or first.end >= first_line_end or \
        text[first.end:first_line_end].strip() == ""
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


def extract(text: str, *, lang: str = "auto", article_date: dt.date | None = None,
            title: str | None = None, threshold: float = THRESHOLD) -> ExtractedArticle:
    """Extract the claims of an article.

    Returns an ExtractedArticle whose ``sentences`` cover every segment (headings,
    bylines and slogans included, with their kind) and whose ``claims`` are the
    statements drawn from running sentences, in article order, each with a stable id.
    Raises ArticleError for an empty text and UnsupportedLanguageError for a language
    other than French or English.
    """
    if not text or not text.strip():
        raise ArticleError("article: the text is empty")
    if lang == "auto":
        lang = detect_language(text)
    elif lang not in SUPPORTED:
        raise UnsupportedLanguageError(
            f"article: language {lang!r} is not supported (use 'fr', 'en' or 'auto')")
    nlp = pipeline(lang)
    spans = seg.split(text)
    docs = list(nlp.pipe(text[s:e] for s, e, _ in spans))
    sentences = seg.segment(text, docs, lang=lang)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()

    mentions = resolve(find_dates(text, lang), lang, article_date=article_date)
    date_spans = [(d.start, d.end) for d in mentions]
    amounts = find_amounts(text, lang, skip=date_spans)
    quotes = find_quotes(text)

    ents_per_doc = [entities(doc) for doc in docs]
    correct_labels(docs, ents_per_doc, [lang] * len(docs))

    discourse = Discourse()
    claims: list[Claim] = []
    seen: set[str] = set()
    for index, (sent, doc) in enumerate(zip(sentences, docs)):
        if sent.kind != "sentence":
            continue
        ents = ents_per_doc[index]
        drafts, speaker = sentence_claims(doc, ents, discourse, index, lang)
        for draft in drafts:
            key = draft.text.lower()
            if key in seen:
                continue
            seen.add(key)
            claims.append(_claim(draft, doc, sent, ents, sha, mentions, amounts, quotes,
                                 speaker, lang, threshold))
    claims.sort(key=lambda c: (c.start, c.end))
    return ExtractedArticle(title=_title(sentences, title, text), lang=lang, text=text,
                            sentences=sentences, claims=claims)


def _claim(draft, doc, sent: Sentence, ents, sha, mentions, amounts, quotes, speaker,
           lang, threshold) -> Claim:
    off = sent.start
    toks = [doc[i] for i in sorted(set(draft.tokens))]
    ranges = [(off + t.idx, off + t.idx + len(t)) for t in toks]
    start, end = ranges[0][0], ranges[-1][1]
    kept = set(draft.tokens)
    feat_dates = [d.to_json() for d in mentions if _within((d.start, d.end), ranges)]
    feat_amounts = [a.to_json() for a in amounts if _within((a.start, a.end), ranges)]
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
    value, reasons, worthy = score(
        dates=feat_dates, amounts=feat_amounts, entities=ents_out, quotes=feat_quotes,
        verbs=lemmas, past_tense=past, text=draft.text, kind=draft.kind, threshold=threshold)
    features = {"dates": feat_dates, "amounts": feat_amounts, "entities": ents_out,
                "quotes": feat_quotes}
    return Claim(id=claim_id(sha, start, end, draft.text), text=draft.text, start=start,
                 end=end, sentence=sent.text, checkworthy=worthy, score=value,
                 reasons=reasons, features=features)
