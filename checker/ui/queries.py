"""What the review screens read: statuses, counts and pages for a whole article or corpus.

A screen redraws on every click; asking the database once per claim (1,000 claims,
1,000 queries) would make each click slow. Every function here answers for a whole
article or corpus at once, through the store's read models (`checker.store.read_models`,
where the statements are); what the rows mean for a screen is decided here.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker import vocabulary
from checker.review.agreement import Standing, article_statuses, claim_standing, claim_verdicts
from checker.store.database import CLEARED, Store
from checker.vocabulary import DISPUTED


def verdict_statuses(store: Store, article_id: str, *, reviewer: str | None = None) -> dict[str, str]:
    """claim id → 'true' | 'false' | 'unclear' | 'disputed' | 'unreviewed' for every
    claim of the article: where the claim stands once every reviewer's current verdict
    is read (`checker.review.agreement.claim_standing`: agreed, settled, or 'disputed' when
    they differ), or this reviewer's own verdict when `reviewer` is given (a blind
    review must not show anyone else's, nor that they disagree)."""
    if reviewer is None:
        gone = store.withdrawn_claims(article_id)  # dismissed, split or merged away: out of the review
        ids = [cid for cid in store.claim_ids(article_id) if cid not in gone]
        found = article_statuses(store, article_id)
        return {cid: found.get(cid, CLEARED) for cid in ids}
    rows = store.reviewer_latest_verdicts(article_id, reviewer)
    gone = store.withdrawn_claims(article_id)
    codes = store.scale.codes
    return {cid: (verdict if verdict in codes else CLEARED) for cid, verdict in rows if cid not in gone}


def standing_of(store: Store, claim_id: str) -> Standing:
    """Where one claim stands, with every reviewer's current verdict (note, evidence)
    and the deciding settlement: what the claim card shows outside a blind review
    (`.status` for its badge, 'disputed' included; `.readings` to list everyone;
    `.verdict` the row that stands, None when disputed or unreviewed)."""
    return claim_standing(claim_verdicts(store, claim_id))


def reviewer_verdicts(store: Store, article_id: str) -> dict[str, dict[str, str]]:
    """claim id → {reviewer: standing verdict} for the article's judged claims
    (a reviewer whose latest row cleared the claim is left out)."""
    rows = store.latest_verdicts_by_reviewer(article_id)
    out: dict[str, dict[str, str]] = {}
    codes = store.scale.codes
    for cid, reviewer, verdict in rows:
        if verdict in codes:
            out.setdefault(cid, {})[reviewer] = verdict
    return out


def has_reviewed(store: Store, claim_id: str, reviewer: str) -> bool:
    """Whether this reviewer ever gave this claim a verdict (blind review lifts then)."""
    return store.has_given_verdict(claim_id, reviewer)


def verdict_counts(store: Store) -> list[dict]:
    """Per article (newest first): 'article_id', 'title', and the count of claims in
    each status of the database's scale (`checker.vocabulary.of(store.scale)`: where each claim stands, as
    `verdict_statuses` says it: a claim the reviewers disagree on is 'disputed')."""
    found = article_statuses(store, None)
    statuses = vocabulary.of(store.scale).statuses
    by_article: dict[str, dict] = {}
    rows = store.article_claim_ids()
    gone = store.withdrawn_claims()
    for article_id, title, claim_id in rows:
        entry = by_article.setdefault(
            article_id, {"article_id": article_id, "title": title, **{s: 0 for s in statuses}}
        )
        if claim_id is not None and claim_id not in gone:
            entry[found.get(claim_id, CLEARED)] += 1
    return [e for e in by_article.values() if sum(e[s] for s in statuses)]


def claimreview_left_out(store: Store, article_id: str | None = None) -> dict[str, int]:
    """How many claims the default ClaimReview export leaves out, for one article or
    all: {'disputed': n, 'unreviewed': m}. The same count as
    `checker.report.formats.claimreview_left_out` on the built report, without building it
    (a caption next to the download button is drawn on every rerun)."""
    if article_id is not None:
        statuses = list(verdict_statuses(store, article_id).values())
        return {DISPUTED: statuses.count(DISPUTED), CLEARED: statuses.count(CLEARED)}
    counts = verdict_counts(store)
    return {DISPUTED: sum(c[DISPUTED] for c in counts), CLEARED: sum(c[CLEARED] for c in counts)}


def sample_is_checked(store: Store, article_id: str, model_id: str) -> bool:
    """Whether the sample article already has its claims checked with this model, so
    the app can open without loading the model at all."""
    return store.is_checked(article_id, model_id)


def corpus_stats(store: Store) -> list[dict]:
    """Per corpus: 'corpus', 'passages', and per embedding model 'model' with the
    number of its passages that have a vector ('embedded'); a corpus with no vectors
    yet has one row with model None."""
    return store.corpus_stats()


def browse_passages(store: Store, corpora: Sequence[str], *, offset: int = 0, limit: int = 50) -> list[dict]:
    """A page of the named corpora's passages in storage order."""
    return store.passage_page(corpora, offset=offset, limit=limit)
