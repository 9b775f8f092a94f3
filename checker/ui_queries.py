"""The read queries the review screens need, each one SQL statement.

A screen redraws on every click; asking the database once per claim (1,000 claims,
1,000 queries) would make each click slow. Every function here answers for a whole
article or corpus in one statement, values passed as parameters only.
"""
from __future__ import annotations

from collections.abc import Sequence

from checker.store import CLEARED, VERDICTS, Store


def verdict_statuses(store: Store, article_id: str, *, reviewer: str | None = None) -> dict[str, str]:
    """claim id → 'true' | 'false' | 'unclear' | 'unreviewed' for every claim of the
    article: the latest verdict overall, or this reviewer's own when `reviewer` is
    given (a blind review must not show anyone else's)."""
    rows = store.db.execute(
        """
        SELECT c.id, v.verdict FROM claims c
        LEFT JOIN (
            SELECT claim_id, max(id) AS id FROM verdicts
            WHERE ? IS NULL OR reviewer = ? GROUP BY claim_id
        ) l ON l.claim_id = c.id
        LEFT JOIN verdicts v ON v.id = l.id
        WHERE c.article_id = ?
        """,
        [reviewer, reviewer, article_id],
    ).fetchall()
    return {cid: (verdict if verdict in VERDICTS else CLEARED) for cid, verdict in rows}


def reviewer_verdicts(store: Store, article_id: str) -> dict[str, dict[str, str]]:
    """claim id → {reviewer: standing verdict} for the article's judged claims
    (a reviewer whose latest row cleared the claim is left out)."""
    rows = store.db.execute(
        """
        SELECT v.claim_id, v.reviewer, v.verdict FROM verdicts v
        JOIN claims c ON c.id = v.claim_id
        WHERE c.article_id = ? AND v.id IN (SELECT max(id) FROM verdicts GROUP BY claim_id, reviewer)
        """,
        [article_id],
    ).fetchall()
    out: dict[str, dict[str, str]] = {}
    for cid, reviewer, verdict in rows:
        if verdict in VERDICTS:
            out.setdefault(cid, {})[reviewer] = verdict
    return out


def has_reviewed(store: Store, claim_id: str, reviewer: str) -> bool:
    """Whether this reviewer ever gave this claim a verdict (blind review lifts then)."""
    return store.db.execute(
        "SELECT 1 FROM verdicts WHERE claim_id = ? AND reviewer = ? AND verdict != ? LIMIT 1",
        [claim_id, reviewer, CLEARED],
    ).fetchone() is not None


def verdict_counts(store: Store) -> list[dict]:
    """Per article (newest first): 'article_id', 'title', and the count of claims in
    each status of STATUSES (latest verdict overall)."""
    rows = store.db.query(
        """
        SELECT a.id AS article_id, a.title, coalesce(v.verdict, ?) AS status, count(*) AS n
        FROM claims c JOIN articles a ON a.id = c.article_id
        LEFT JOIN (SELECT claim_id, max(id) AS id FROM verdicts GROUP BY claim_id) l ON l.claim_id = c.id
        LEFT JOIN verdicts v ON v.id = l.id
        GROUP BY a.id, status ORDER BY a.created_at DESC
        """,
        [CLEARED],
    )
    by_article: dict[str, dict] = {}
    for r in rows:
        entry = by_article.setdefault(
            r["article_id"], {"article_id": r["article_id"], "title": r["title"], **{s: 0 for s in (*VERDICTS, CLEARED)}}
        )
        entry[r["status"] if r["status"] in entry else CLEARED] += r["n"]
    return list(by_article.values())


def sample_is_checked(store: Store, article_id: str, model_id: str) -> bool:
    """Whether the sample article already has its claims checked with this model, so
    the app can open without loading the model at all."""
    return bool(
        store.db.execute(
            "SELECT 1 FROM claims c JOIN checks k ON k.claim_id = c.id WHERE c.article_id = ? AND k.model = ? LIMIT 1",
            [article_id, model_id],
        ).fetchone()
    )


def corpus_stats(store: Store) -> list[dict]:
    """Per corpus: 'corpus', 'passages', and per embedding model 'model' with the
    number of its passages that have a vector ('embedded'); a corpus with no vectors
    yet has one row with model None."""
    return list(
        store.db.query(
            """
            SELECT p.corpus, e.model, count(DISTINCT p.pk) AS embedded,
                   (SELECT count(*) FROM passages q WHERE q.corpus = p.corpus) AS passages
            FROM passages p LEFT JOIN embeddings e ON e.sha256 = p.sha256
            GROUP BY p.corpus, e.model ORDER BY p.corpus, e.model
            """
        )
    )


def browse_passages(
    store: Store, corpora: Sequence[str], *, offset: int = 0, limit: int = 50
) -> list[dict]:
    """A page of the named corpora's passages in storage order."""
    if not corpora:
        return []
    marks = ",".join("?" * len(corpora))
    return list(
        store.db.query(
            f"SELECT pk, id, corpus, title, source, url, date, lang, text FROM passages"
            f" WHERE corpus IN ({marks}) ORDER BY pk LIMIT ? OFFSET ?",
            [*corpora, limit, offset],
        )
    )
