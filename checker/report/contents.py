"""One review, read once from the database into an immutable report object.

Every export format (Markdown, HTML, CSV, JSON, ClaimReview) renders from this single
object, so two formats of the same review can never disagree, and a renderer needs no
database: it is a plain function of the report. The report keeps the reviewer's verdict
and the machine's suggestion in separate fields, because a suggestion must never be
mistaken for a verdict. Every reviewer's current verdict is kept, not only the last
one's: when they differ the claim is 'disputed' and has no verdict to publish.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Self

from checker import vocabulary
from checker.errors import InputError
from checker.review.agreement import UNREVIEWED, Standing, current_verdicts, is_settlement, standings
from checker.scale import Scale, legacy_scale
from checker.settings import Settings
from checker.store.database import CLEARED, Store
from checker.vocabulary import DISPUTED, STATUSES

# STATUSES (from checker.vocabulary, re-exported here as before): every state a claim
# can be in on the three-value preset. A report on another scale lists its own
# (`Report.statuses`): the scale's values, 'disputed', then 'unreviewed'.


@dataclass(frozen=True)
class Passage:
    """A reference passage as a report cites it: the quoted text and where it comes from.

    A verdict's evidence and a claim's candidate matches are both passages, so they
    share one shape and one reader of the store's rows, and a renderer cites either
    the same way.
    """

    passage_id: str
    text: str
    source: str
    url: str
    date: str
    title: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any], **extra: Any) -> Self:
        """From a store row or an evidence snapshot; a missing or NULL field reads as
        '' so that an old snapshot without, say, a title still renders."""
        return cls(
            passage_id=str(row.get("passage_id") or ""),
            text=row.get("text") or "",
            source=row.get("source") or "",
            url=row.get("url") or "",
            date=row.get("date") or "",
            title=row.get("title") or "",
            **extra,
        )


@dataclass(frozen=True)
class Evidence(Passage):
    """A passage as the reviewer saw it when giving the verdict: the stored snapshot,
    not the corpus's current text, which may have changed since."""


@dataclass(frozen=True)
class Verdict:
    """One reviewer's current verdict (the latest row of theirs in the append-only
    history), or a settlement (`settlement`: the reviewer's name carries the
    agreement page's suffix)."""

    verdict: str
    note: str
    reviewer: str
    created_at: str
    evidence: tuple[Evidence, ...]
    settlement: bool = False

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        """From a row of `checker.review.agreement.current_verdicts(..., evidence=True)`."""
        return cls(
            verdict=row["verdict"],
            note=row["note"] or "",
            reviewer=row["reviewer"] or "",
            created_at=row["created_at"],
            evidence=tuple(Evidence.from_row(e) for e in row["evidence"]),
            settlement=is_settlement(row),
        )

    @property
    def date(self) -> str:
        """The day of the verdict (YYYY-MM-DD), what a published fact-check is dated by."""
        return self.created_at[:10]


@dataclass(frozen=True, kw_only=True)
class Match(Passage):
    """A stored candidate passage for a claim, best first (rank 1). Keyword-only so
    that its own fields can follow the passage's defaulted title."""

    rank: int
    score: float


@dataclass(frozen=True)
class ClaimEdit:
    """One reviewer's change to a claim (checker.store.claim_edits), as the history keeps it."""

    action: str
    text: str
    reason: str
    related: tuple[str, ...]
    reviewer: str
    created_at: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        return cls(
            action=row["action"],
            text=row.get("text") or "",
            reason=row.get("reason") or "",
            related=tuple(row.get("related") or ()),
            reviewer=row.get("reviewer") or "",
            created_at=row["created_at"],
        )


@dataclass(frozen=True)
class WithdrawnClaim:
    """A claim taken out of the review by a reviewer: dismissed as "pas une
    affirmation" (with the reason), or replaced by the claims a split or merge made."""

    id: str
    text: str
    state: str
    reason: str
    edits: tuple[ClaimEdit, ...]

    @property
    def last(self) -> ClaimEdit | None:
        """The change that withdrew it (who, when)."""
        return self.edits[-1] if self.edits else None


@dataclass(frozen=True)
class ClaimEntry:
    """A claim with everything a reader of the report needs to judge the verdict.

    `verdict` is the verdict that stands (the agreed one, or the settlement), None
    when the claim is unreviewed or `disputed`; `reviews` are every reviewer's current
    verdict (by name), then the deciding settlement, so no reviewer is ever hidden
    behind the last one to click.
    """

    id: str
    position: int
    text: str
    sentence: str
    start: int
    end: int
    checkworthy: bool
    score: float
    reasons: tuple[str, ...]
    claimant: str
    suggestion: str | None
    signals: tuple[Any, ...]
    verdict: Verdict | None
    matches: tuple[Match, ...]
    reviews: tuple[Verdict, ...] = ()
    disputed: bool = False
    original_text: str = ""
    edits: tuple[ClaimEdit, ...] = ()

    @property
    def edited(self) -> bool:
        """The reviewers changed the extracted words (`text` is theirs)."""
        return bool(self.original_text) and self.original_text != self.text

    claim_reviewed: str = ""
    """ClaimReview's `claimReviewed` as the reviewer wrote it ('' until they do: the
    claim's text, shortened, is published)."""

    @property
    def status(self) -> str:
        """A code of the scale, 'disputed' or 'unreviewed'."""
        if self.disputed:
            return DISPUTED
        return self.verdict.verdict if self.verdict else CLEARED

    @property
    def readings(self) -> tuple[Verdict, ...]:
        """The reviewers' own verdicts, the settlement apart."""
        return tuple(r for r in self.reviews if not r.settlement)


@dataclass(frozen=True)
class Counts:
    """Claims per status of the scale (read as attributes: `counts.false`,
    `counts.unreviewed`); `reviewed` excludes 'unreviewed' (a disputed claim has been
    reviewed: it is the reviewers who disagree)."""

    numbers: Mapping[str, int] = field(default_factory=lambda: {s: 0 for s in STATUSES})

    def __getattr__(self, name: str) -> int:
        numbers = self.__dict__.get("numbers", {})
        if name in numbers:
            return numbers[name]
        raise AttributeError(name)

    @property
    def total(self) -> int:
        return sum(self.numbers.values())

    @property
    def reviewed(self) -> int:
        return self.total - self.numbers.get(CLEARED, 0)

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(self.numbers)

    def as_dict(self) -> dict[str, int]:
        """Statuses in the scale's order, then 'total'."""
        return {**self.numbers, "total": self.total}

    @classmethod
    def of(cls, statuses: list[str], order: tuple[str, ...] = STATUSES) -> Counts:
        return cls({s: statuses.count(s) for s in order})


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    url: str
    published: str
    lang: str
    source: str


@dataclass(frozen=True)
class ArticleReport:
    """One article's review: claims in article order, counts, reviewers, model ids."""

    article: Article
    claims: tuple[ClaimEntry, ...]
    counts: Counts
    reviewers: tuple[str, ...]
    models: tuple[str, ...]
    withdrawn: tuple[WithdrawnClaim, ...] = ()
    wording: str = ""
    """The report's language when the reader chose one (the UI's language switch);
    '' : the article's own."""

    @property
    def lang(self) -> str:
        return self.wording or language(self.article.lang)


@dataclass(frozen=True)
class Report:
    """A whole export: one article (when built for an id) or every article (newest first)."""

    articles: tuple[ArticleReport, ...]
    organisation: str
    organisation_url: str
    generated_at: str
    article_id: str | None = None
    scale: Scale = field(default_factory=legacy_scale)
    """The database's rating scale: labels, colours and ClaimReview ratings follow it."""
    review_url: str = ""
    """The fact-check page a site publishes the ClaimReview on (setting or --review-url)."""
    wording: str = ""
    """The language the reader chose for the report ('' : the articles' own)."""

    @property
    def statuses(self) -> tuple[str, ...]:
        return vocabulary.of(self.scale).statuses

    @property
    def counts(self) -> Counts:
        return Counts.of([c.status for a in self.articles for c in a.claims], self.statuses)

    @property
    def reviewers(self) -> tuple[str, ...]:
        return tuple(sorted({r for a in self.articles for r in a.reviewers}))

    @property
    def lang(self) -> str:
        """The language of the report's own wording: the articles' if they all share one,
        else French, the desk's default."""
        if self.wording:
            return self.wording
        langs = {a.lang for a in self.articles}
        return langs.pop() if len(langs) == 1 else "fr"


def language(code: str | None) -> str:
    """'en' for English articles, 'fr' for everything else (the desk's home language)."""
    return "en" if (code or "").lower().startswith("en") else "fr"


def build_report(
    store: Store,
    article_id: str | None = None,
    *,
    settings: Settings | None = None,
    generated_at: str | None = None,
    top_matches: int = 3,
    wording: str = "",
) -> Report:
    """Read one article's review (or every article's, when `article_id` is None).

    Raises NotFoundError (with the id and the database path in the message) for an
    unknown article id. An article nobody has reviewed yet gives a report whose claims
    are all 'unreviewed'; that is a state to report, not an error. `generated_at`
    defaults to now (UTC, ISO 8601, seconds) and is injectable so that exports are
    reproducible. `top_matches` caps the stored candidate passages kept per claim.
    `wording` ('fr' or 'en') writes the whole report in that language, as the UI's
    language switch asks; '' keeps each article's own language.
    """
    if wording not in ("", "fr", "en"):
        raise InputError(f"language: {wording!r} is not fr or en")
    settings = settings or Settings()
    if article_id is None:
        rows = store.articles()
    else:
        rows = [store.article(article_id)]
    order = vocabulary.of(store.scale).statuses
    articles = tuple(
        dataclasses.replace(_article_report(store, row, top_matches=top_matches, order=order), wording=wording)
        for row in rows
    )
    return Report(
        articles=articles,
        organisation=settings.organisation,
        organisation_url=settings.organisation_url,
        generated_at=generated_at or datetime.now(UTC).isoformat(timespec="seconds"),
        article_id=article_id,
        scale=store.scale,
        review_url=settings.review_url,
        wording=wording,
    )


def _article_report(store: Store, row: dict, *, top_matches: int, order: tuple[str, ...] = STATUSES) -> ArticleReport:
    article = Article(
        id=row["id"],
        title=row.get("title") or "",
        url=row.get("url") or "",
        published=row.get("published") or "",
        lang=row.get("lang") or "",
        source=row.get("source") or "",
    )
    found = standings(current_verdicts(store, article.id, evidence=True))
    edits: dict[str, list[ClaimEdit]] = {}
    for e in store.claim_edits(article.id):
        edits.setdefault(e["claim_id"], []).append(ClaimEdit.from_row(e))
    every = store.claims(article.id, withdrawn=True)
    claims = tuple(
        replace(
            _claim_entry(store, c, found.get(c["id"], UNREVIEWED), top_matches=top_matches),
            original_text=c.get("original_text", c["text"]),
            edits=tuple(edits.get(c["id"], ())),
        )
        for c in every
        if c.get("state", "active") == "active"
    )
    withdrawn = tuple(
        WithdrawnClaim(
            id=c["id"],
            text=c["text"],
            state=c["state"],
            reason=c.get("state_reason") or "",
            edits=tuple(edits.get(c["id"], ())),
        )
        for c in every
        if c.get("state", "active") != "active"
    )
    return ArticleReport(
        article=article,
        claims=claims,
        counts=Counts.of([c.status for c in claims], order),
        reviewers=tuple(sorted({r.reviewer for c in claims for r in c.reviews if r.reviewer})),
        models=_models(store, article.id),
        withdrawn=withdrawn,
    )


def _claim_entry(store: Store, row: dict, standing: Standing, *, top_matches: int) -> ClaimEntry:
    verdict = Verdict.from_row(standing.verdict) if standing.verdict is not None else None
    reviews = [Verdict.from_row(r) for r in standing.readings]
    if standing.settlement is not None:
        reviews.append(Verdict.from_row(standing.settlement))
    matches = tuple(
        Match.from_row(m, rank=m["rank"], score=float(m["score"])) for m in store.matches(row["id"])[:top_matches]
    )
    return ClaimEntry(
        id=row["id"],
        position=row["position"],
        text=row["text"],
        sentence=row["sentence"],
        start=row["start"],
        end=row["end"],
        checkworthy=row["checkworthy"],
        score=float(row["checkworthiness"]),
        reasons=tuple(str(r) for r in row["reasons"]),
        claimant=claimant(row["features"]),
        suggestion=row.get("suggestion"),
        signals=tuple(row.get("signals") or ()),
        verdict=verdict,
        matches=matches,
        reviews=tuple(reviews),
        disputed=standing.disputed,
        claim_reviewed=store.claim_reviewed(row["id"]) or "",
    )


def _models(store: Store, article_id: str) -> tuple[str, ...]:
    """Model ids behind the article's stored suggestions and matches (usually one)."""
    return store.article_models(article_id)


_SPEAKER_KEYS = ("speaker", "author", "claimant", "by")


def claimant(features: Any) -> str:
    """Who made the claim, when the claim quotes someone: the first named speaker in
    `features["quotes"]` (dicts with a 'speaker', 'author', 'claimant' or 'by' field);
    '' when unknown, since an unattributed claim must not be pinned on anyone."""
    quotes = features.get("quotes") if isinstance(features, dict) else None
    for quote in quotes or ():
        if isinstance(quote, dict):
            for key in _SPEAKER_KEYS:
                name = quote.get(key)
                if isinstance(name, str) and name.strip():
                    return re.sub(r"\s+", " ", name).strip()
    return ""
