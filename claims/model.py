"""The data handed to the rest of the desk: sentences, claims and the extracted article.

Kept as plain dataclasses so that the checker and the UI can store and render them
without knowing how they were produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sentence:
    """A segment of the article with its character offsets.

    ``kind`` is "sentence" for running text, or "heading", "byline", "slogan" for
    lines that carry no checkable fact and are therefore never turned into claims.
    """

    text: str
    start: int
    end: int
    kind: str = "sentence"


@dataclass
class Claim:
    """One checkable statement.

    ``text`` is rewritten to stand on its own (pronouns and "la société" replaced by
    the entity they stand for); ``start``/``end`` locate the words it comes from in
    the article, so a reviewer can always see the original wording.

    ``spans`` lists every piece of the article the text is built from, in order: a
    later fact of a sentence ("…, puis à Dublin en septembre 2023") borrows its
    subject and verb from the first, so its ``start``/``end`` cover only its own
    words while ``spans`` also names the borrowed ones. ``resolved`` keeps the
    article's words that were replaced by a name ("Il" → "Arthur Mensch").
    """

    id: str
    text: str
    start: int
    end: int
    sentence: str
    checkworthy: bool
    score: float
    reasons: list[str] = field(default_factory=list)
    features: dict = field(default_factory=dict)
    spans: list[list[int]] = field(default_factory=list)
    resolved: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "checkworthy": self.checkworthy,
            "score": self.score,
            "reasons": list(self.reasons),
            "features": self.features,
            "spans": [list(s) for s in (self.spans or [[self.start, self.end]])],
            "resolved": [dict(r) for r in self.resolved],
        }


@dataclass
class ExtractedArticle:
    """The article as the desk sees it: its segments and the claims drawn from them.

    ``article_date`` is the ISO date relative dates were resolved against: the one
    given ("given"), or else the latest weekday-dated day the text reports ("text"),
    a lower bound of the publication date; None when neither exists.
    ``notes`` says what was left out and why (paragraphs in another language).
    """

    title: str
    lang: str
    text: str
    sentences: list[Sentence]
    claims: list[Claim]
    notes: list[str] = field(default_factory=list)
    article_date: str | None = None
    date_source: str | None = None

    def to_json(self) -> dict:
        """The JSON contract of ``checker extract --json`` (see docs/json-contract.md).

        ``notes`` (what could not be analysed, e.g. a paragraph in German) is added to
        "article" only when there is something to say."""
        article = {"title": self.title, "lang": self.lang, "chars": len(self.text)}
        if self.notes:
            article["notes"] = list(self.notes)
        return {"article": article, "claims": [c.to_json() for c in self.claims]}
